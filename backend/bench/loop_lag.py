"""Event-loop lag while OCR runs: the API's own in-process monitor (`event_loop_lag` in
/api/health, the target's measure), plus health-check latency seen from outside as a cross-check.

What is measured: the latency of `GET /api/health`, polled every 10 ms by one client while a
batch of scanned PDFs is OCR'd (Tesseract busy on every worker). A blocked event loop delays
every request by as long as it is blocked, so this latency bounds the loop lag from above; it
also contains the HTTP round-trip, the handler and a `select 1` on the database, so it is an
UPPER BOUND of the lag, not the lag itself. The same poll on the idle API is the baseline:
the difference between the two is what OCR adds.

The in-process number comes from `app/loop_monitor.py`: a task that asks to wake every 50 ms
and records how late it woke, over the last minute (here: the OCR window). The client shares
the 2 cores with Tesseract, as a browser would.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from bench.common import Row, latency_rows
from bench.documents import scanned_pdf_pages
from bench.server import ApiServer

TARGET_P99_MS = 5.0
INTERVAL_S = 0.010


async def poll_health(
    client: httpx.AsyncClient, seconds: float, stop_when_idle: bool = False
) -> tuple[list[float], int, dict]:
    """Poll every 10 ms for up to `seconds`; returns latencies (ms), the most jobs seen, and
    the API's own loop-lag summary from the last poll."""
    samples: list[float] = []
    most_jobs = 0
    lag: dict = {}
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        r = await client.get("/api/health")
        samples.append((time.perf_counter() - t0) * 1000)
        body = r.json()
        jobs, lag = body.get("jobs_running", 0), body.get("event_loop_lag", {})
        most_jobs = max(most_jobs, jobs)
        if stop_when_idle and jobs == 0 and len(samples) > 50:
            break
        n += 1
        await asyncio.sleep(max(0.0, start + n * INTERVAL_S - time.perf_counter()))
    return samples, most_jobs, lag


async def measure(quick: bool = False) -> list[Row]:
    docs, pages = (2, 2) if quick else (4, 4)
    cap_s = 12 if quick else 60
    async with ApiServer() as api, httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        await poll_health(client, 0.5)  # warm-up: connection, pool
        idle, _, _ = await poll_health(client, 2 if quick else 5)
        headers = await api.sign_in(client, "bench-lag@example.com")
        scan = scanned_pdf_pages(pages)
        for i in range(docs):
            r = await client.post(
                "/api/document/upload",
                headers=headers,
                files={"file": (f"scan-{i}.pdf", scan, "application/pdf")},
            )
            r.raise_for_status()
        started = time.perf_counter()
        loaded, most_jobs, lag = await poll_health(client, cap_s, stop_when_idle=True)
        window = time.perf_counter() - started

    note = (
        f"UPPER BOUND of loop lag: includes HTTP and a database round-trip. {len(loaded)} "
        f"polls over {window:.1f}s while {docs} scanned PDFs x {pages} pages were OCR'd "
        f"(up to {most_jobs} jobs running)"
    )
    rows = [
        Row(
            "loop_lag_p99",
            "Event-loop lag in the API during OCR p99",
            lag.get("p99_ms", 0.0),
            "ms",
            TARGET_P99_MS,
            note=f"in-process monitor, {lag.get('samples', 0)} wake-ups of "
            f"50 ms over the last minute; max {lag.get('max_ms', 0.0):.1f} ms",
        ),
        Row(
            "loop_lag_p50", "Event-loop lag in the API during OCR p50", lag.get("p50_ms", 0.0), "ms"
        ),
    ]
    rows += latency_rows(
        "loop_lag_health",
        "/api/health latency during OCR (cross-check)",
        loaded,
        None,
        note=note,
        quantiles=(50, 99),
    )
    rows += latency_rows(
        "loop_lag_idle", "/api/health, idle API (baseline)", idle, None, quantiles=(50, 99)
    )
    rows.append(
        Row("loop_lag_health_max", "Loop lag bound: /api/health during OCR, max", max(loaded), "ms")
    )
    return rows
