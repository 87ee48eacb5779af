"""Event-loop lag while OCR runs, measured from outside the API (no app instrumentation).

What is measured: the latency of `GET /api/health`, polled every 10 ms by one client while a
batch of scanned PDFs is OCR'd (Tesseract busy on every worker). A blocked event loop delays
every request by as long as it is blocked, so this latency bounds the loop lag from above; it
also contains the HTTP round-trip, the handler and a `select 1` on the database, so it is an
UPPER BOUND of the lag, not the lag itself. The same poll on the idle API is the baseline:
the difference between the two is what OCR adds.

Why this way: measuring inside the process would need a probe in the app, and the app is not
changed for benchmarks. The client shares the 2 cores with Tesseract, as a browser would.
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


async def poll_health(client: httpx.AsyncClient, seconds: float,
                      stop_when_idle: bool = False) -> tuple[list[float], int]:
    """Poll every 10 ms for up to `seconds`; returns latencies (ms) and the most jobs seen."""
    samples: list[float] = []
    most_jobs = 0
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        r = await client.get("/api/health")
        samples.append((time.perf_counter() - t0) * 1000)
        jobs = r.json().get("jobs_running", 0)
        most_jobs = max(most_jobs, jobs)
        if stop_when_idle and jobs == 0 and len(samples) > 50:
            break
        n += 1
        await asyncio.sleep(max(0.0, start + n * INTERVAL_S - time.perf_counter()))
    return samples, most_jobs


async def measure(quick: bool = False) -> list[Row]:
    docs, pages = (2, 2) if quick else (4, 4)
    cap_s = 12 if quick else 60
    async with ApiServer() as api, httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        await poll_health(client, 0.5)  # warm-up: connection, pool
        idle, _ = await poll_health(client, 2 if quick else 5)
        headers = await api.sign_in(client, "bench-lag@example.com")
        scan = scanned_pdf_pages(pages)
        for i in range(docs):
            r = await client.post("/api/document/upload", headers=headers,
                                  files={"file": (f"scan-{i}.pdf", scan, "application/pdf")})
            r.raise_for_status()
        started = time.perf_counter()
        loaded, most_jobs = await poll_health(client, cap_s, stop_when_idle=True)
        window = time.perf_counter() - started

    note = (f"UPPER BOUND of loop lag: includes HTTP and a database round-trip. {len(loaded)} "
            f"polls over {window:.1f}s while {docs} scanned PDFs x {pages} pages were OCR'd "
            f"(up to {most_jobs} jobs running)")
    rows = latency_rows("loop_lag_health", "Loop lag bound: /api/health during OCR", loaded,
                        TARGET_P99_MS, note=note, quantiles=(50, 99))
    rows += latency_rows("loop_lag_idle", "/api/health, idle API (baseline)", idle, None,
                         quantiles=(50, 99))
    rows.append(Row("loop_lag_health_max", "Loop lag bound: /api/health during OCR, max",
                    max(loaded), "ms"))
    return rows
