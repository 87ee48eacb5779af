"""Upload acknowledgement with 32 uploaders at a steady pace (open loop), curl as the client.

What is measured: curl's `time_total` for `POST /api/document/upload` of a 1 MB PDF, from
connecting to having the 202. 32 uploaders each start one upload per second on a fixed
schedule (32 uploads/s, 32 MB/s offered), whatever the server's pace: people dropping files,
not a load generator waiting on its own answers. OCR of scans and of every accepted upload runs
behind them.

Why this way, beside the closed loop in `upload_ack.py`: there, 32 uploaders re-send the moment
they are answered, so latency is about 32 / throughput (Little's law) and measures saturation,
not acknowledgement. Here the offered load is fixed, so the p99 is the wait a person sees at
that load. curl (C) is the client so that the measurement is the server's, not Python's
multipart encoding on the same 2 cores.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import Row, latency_rows
from bench.documents import scanned_pdf_pages, text_pdf_of_size
from bench.server import ApiServer

UPLOADERS = 32
PERIOD_S = 1.0
TARGET_P99_MS = 25.0


async def _curl_upload(url: str, token: str, path: Path) -> tuple[int, float]:
    proc = await asyncio.create_subprocess_exec(
        "curl",
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{time_total}",
        "-H",
        f"Authorization: Bearer {token}",
        "-F",
        f"file=@{path};type=application/pdf",
        f"{url}/api/document/upload",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    code, seconds = out.decode().split()
    return int(code), float(seconds) * 1000


async def measure(quick: bool = False) -> list[Row]:
    if shutil.which("curl") is None:
        raise RuntimeError("curl is needed for this benchmark (apt-get install curl)")
    duration_s = 6.0 if quick else 20.0
    workdir = Path(tempfile.mkdtemp(prefix="bench-open-"))
    pdf = workdir / "upload.pdf"
    pdf.write_bytes(text_pdf_of_size(1 << 20))
    latencies: list[float] = []
    failures: dict[int, int] = {}
    try:
        async with ApiServer() as api, httpx.AsyncClient(base_url=api.url, timeout=60) as client:
            headers = await api.sign_in(client, "bench-open@example.com")
            token = headers["Authorization"].removeprefix("Bearer ")
            scan = scanned_pdf_pages(3)
            for i in range(4):
                r = await client.post(
                    "/api/document/upload",
                    headers=headers,
                    files={"file": (f"scan-{i}.pdf", scan, "application/pdf")},
                )
                r.raise_for_status()
            await _curl_upload(api.url, token, pdf)  # warm-up

            async def uploader() -> None:
                start = time.perf_counter() + random.uniform(0, PERIOD_S)
                n = 0
                while (due := start + n * PERIOD_S) < start + duration_s:
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    code, ms = await _curl_upload(api.url, token, pdf)
                    if code == 202:
                        latencies.append(ms)
                    else:
                        failures[code] = failures.get(code, 0) + 1
                    n += 1

            await asyncio.gather(*(uploader() for _ in range(UPLOADERS)))
            jobs = (await client.get("/api/health")).json().get("jobs_running", 0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    note = (
        f"{len(latencies)} uploads over {duration_s:.0f}s: {UPLOADERS} uploaders x 1 per "
        f"{PERIOD_S:.0f}s, curl client; {jobs} OCR jobs still queued or running at the end"
    )
    if failures:
        note += f"; NOT 202: {failures}"
    return latency_rows(
        "upload_open",
        "Upload ack (1 MB, 32 uploaders at 1/s each)",
        latencies,
        TARGET_P99_MS,
        note=note,
    )
