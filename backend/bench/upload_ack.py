"""Upload acknowledgement: 32 concurrent uploaders of a 1 MB PDF, OCR running behind them.

What is measured: the client-side wall time of `POST /api/document/upload`, from sending the
request to having the 202, i.e. what a user's browser waits for. It includes sending the 1 MB
body over loopback, the multipart parse, the fsync and the database insert. Each of the 32
uploaders (one `httpx.AsyncClient`, keep-alive connections) sends its next upload as soon as
the previous one is acknowledged (a closed loop), for N rounds; the first round of each is a
warm-up and not counted. Before they start, scanned PDFs are uploaded so Tesseract is busy,
and every accepted upload queues its own OCR, so the background is never idle.

Why this way: it is the real server, process pool and database, as deployed in local mode.
The client runs on the same 2 cores, so it competes with the server for CPU; that makes the
numbers pessimistic, not optimistic. Peak memory of the API (target 5) is sampled meanwhile.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from bench.common import Row, latency_rows, percentile
from bench.documents import scanned_pdf_pages, text_pdf_of_size
from bench.memory import RssSampler
from bench.server import ApiServer

UPLOADERS = 32
TARGET_P99_MS = 25.0


async def _background_scans(
    client: httpx.AsyncClient, headers: dict[str, str], docs: int, pages: int
) -> None:
    scan = scanned_pdf_pages(pages)
    for i in range(docs):
        r = await client.post(
            "/api/document/upload",
            headers=headers,
            files={"file": (f"scan-{i}.pdf", scan, "application/pdf")},
        )
        r.raise_for_status()


async def _sequential(
    client: httpx.AsyncClient, headers: dict[str, str], pdf: bytes, count: int, tag: str
) -> list[float]:
    """One uploader alone: the cost of a request without queueing behind 31 others."""
    latencies = []
    for r in range(count):
        started = time.perf_counter()
        resp = await client.post(
            "/api/document/upload",
            headers=headers,
            files={"file": (f"{tag}-{r}.pdf", pdf, "application/pdf")},
        )
        resp.raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


async def measure(quick: bool = False) -> list[Row]:
    rounds = 4 if quick else 16  # including the warm-up round
    pdf = text_pdf_of_size(1 << 20)
    latencies: list[float] = []
    failures: dict[int, int] = {}
    jobs_seen: list[int] = []

    async with ApiServer() as api:
        sampler = RssSampler(api.pid)
        sampler.start()
        limits = httpx.Limits(
            max_connections=UPLOADERS + 4, max_keepalive_connections=UPLOADERS + 4
        )
        async with httpx.AsyncClient(base_url=api.url, timeout=120, limits=limits) as client:
            headers = await api.sign_in(client, "bench-upload@example.com")
            idle = await _sequential(client, headers, pdf, 5 if quick else 10, "idle")
            await _background_scans(client, headers, docs=2 if quick else 4, pages=3)
            single = await _sequential(client, headers, pdf, 5 if quick else 20, "single")

            async def uploader(n: int) -> None:
                for r in range(rounds):
                    started = time.perf_counter()
                    resp = await client.post(
                        "/api/document/upload",
                        headers=headers,
                        files={"file": (f"upload-{n}-{r}.pdf", pdf, "application/pdf")},
                    )
                    elapsed_ms = (time.perf_counter() - started) * 1000
                    if resp.status_code != 202:
                        failures[resp.status_code] = failures.get(resp.status_code, 0) + 1
                    elif r > 0:
                        latencies.append(elapsed_ms)

            async def watch_jobs() -> None:
                while True:
                    await asyncio.sleep(1.0)
                    with_jobs = await client.get("/api/health")
                    jobs_seen.append(with_jobs.json().get("jobs_running", 0))

            watcher = asyncio.create_task(watch_jobs())
            t0 = time.perf_counter()
            await asyncio.gather(*(uploader(n) for n in range(UPLOADERS)))
            wall = time.perf_counter() - t0
            watcher.cancel()
        await sampler.stop()

    counted = len(latencies)
    mb = len(pdf) / (1 << 20)
    total = UPLOADERS * rounds
    note = (
        f"{counted} uploads of {mb:.2f} MB counted ({UPLOADERS} warm-ups left out), "
        f"{UPLOADERS} concurrent, client on the same 2 cores; background OCR jobs seen "
        f"running: up to {max(jobs_seen, default=0)}"
    )
    if failures:
        note += f"; NOT 202: {failures}"
    rows = latency_rows(
        "upload_ack", "Upload ack (1 MB, 32 uploaders)", latencies, TARGET_P99_MS, note=note
    )
    rows.append(
        Row(
            "upload_ack_idle_p50",
            "Upload ack (1 MB, 1 uploader, API idle) p50",
            percentile(idle, 50),
            "ms",
            note=f"{len(idle)} sequential uploads before any "
            "background load (each queues its own, quick, text-layer OCR)",
        )
    )
    rows.append(
        Row(
            "upload_ack_single_p50",
            "Upload ack (1 MB, 1 uploader, OCR busy) p50",
            percentile(single, 50),
            "ms",
            note=f"{len(single)} sequential uploads while "
            "scans are OCR'd: one request without queueing",
        )
    )
    rows.append(
        Row(
            "upload_throughput",
            "Upload throughput (all rounds)",
            total / wall,
            "uploads/s",
            note=f"{total * mb / wall:.1f} MB/s; with {UPLOADERS} in flight, "
            f"mean latency ≈ {UPLOADERS} / throughput (Little's law)",
        )
    )
    return rows + sampler.rows("upload benchmark")
