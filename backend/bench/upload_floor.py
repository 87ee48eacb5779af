"""Upload acknowledgement against the floor, side by side, open loop at 12 and at 30 uploads/s.

The floor (`floor_server.py`) does only the durable work of a 202 on the same stack and the
same PostgreSQL cluster as the API. Both servers run at once; one schedule sends the same real
36-page text PDF (~255 KB) to each at the rate, interleaved (the two uploads of a tick half a
period apart, which one goes first alternating), so whatever else the machine does — the API's
OCR workers clearing the backlog, other processes — hits both sides alike. The API runs as in
local mode: its OCR, thumbnails and metadata run behind the uploads (at 30/s more text-layer
pages arrive than local OCR clears on 2 cores, so the backlog grows all run long).

Measured: curl's `time_total` (connect to 202) per upload, p50 and p99 per side, and the p99
ratio API/floor per rate, which is the target (≤ 1.5). Only 202s count as samples; anything
else is reported (the API answers 202 to all of them: see docs/architecture.md, overload).
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from bench.common import Row, percentile
from bench.documents import report_pdf
from bench.server import BACKEND, ApiServer, free_port
from bench.upload_open_loop import curl_post

RATES = (12, 30)
TARGET_RATIO = 1.5
SAMPLES = 360  # per side per rate (≥ 300 for a p99 that is not a single sample)
QUICK_SAMPLES = 90


@dataclass
class Side:
    """One server's samples at one rate."""

    name: str
    url: str
    latencies: list[float] = field(default_factory=list)
    failures: dict[int, int] = field(default_factory=dict)

    async def upload(self, token: str, pdf: Path) -> None:
        code, ms = await curl_post(self.url, token, pdf, expect_continue=False)
        await asyncio.to_thread(pdf.unlink)
        if code == 202:
            self.latencies.append(ms)
        else:
            self.failures[code] = self.failures.get(code, 0) + 1


class FloorServer:
    """The floor as a subprocess on the API's cluster (a database of its own)."""

    def __init__(self, api: ApiServer) -> None:
        self.api = api
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        admin = self.api.dsn()
        conn = await asyncpg.connect(admin)
        try:
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = 'floor'"):
                await conn.execute("CREATE DATABASE floor")
        finally:
            await conn.close()
        self.spawn(admin.rsplit("/", 1)[0] + "/floor")
        deadline = time.monotonic() + 30
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            while time.monotonic() < deadline:
                if self.proc is None or self.proc.poll() is not None:
                    raise RuntimeError("the floor server exited at start-up (see floor.log)")
                try:
                    if (await client.get("/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError("the floor server did not start within 30s")

    def spawn(self, dsn: str) -> None:
        files = str(self.api.data_dir / "floor-files")
        with open(self.api.data_dir / "floor.log", "wb") as log:
            args = ["--port", str(self.port), "--dsn", dsn, "--dir", files]
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bench.floor_server", *args],
                cwd=BACKEND,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def variants(pdf: bytes, directory: Path, count: int) -> list[Path]:
    """`count` copies of the PDF, each with a different comment after `%%EOF` (readers ignore
    it): every upload is new bytes, so none is answered as a duplicate of an earlier one."""
    directory.mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        path = directory / f"report-{n}.pdf"
        path.write_bytes(pdf + f"% copy {n} {time.time_ns()}\n".encode())
        paths.append(path)
    return paths


async def run_rate(
    rate: int, sides: tuple[Side, Side], token: str, files: tuple[list[Path], list[Path]]
) -> None:
    """One tick per file at `rate`/s; each tick sends one upload to each side, half a period
    apart, the first side alternating. Open loop: nothing waits for an answer."""
    period = 1.0 / rate
    samples = len(files[0])
    tasks: set[asyncio.Task[None]] = set()
    start = time.perf_counter() + 0.1
    for i in range(samples):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for k, s in enumerate(order):
            due = start + i * period + k * period / 2
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            task = asyncio.create_task(sides[s].upload(token, files[s][i]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    while tasks:
        await asyncio.gather(*tasks)


def rows_for(rate: int, floor: Side, api: Side, backlog: int) -> list[Row]:
    fp50, fp99 = percentile(floor.latencies, 50), percentile(floor.latencies, 99)
    ap50, ap99 = percentile(api.latencies, 50), percentile(api.latencies, 99)
    note = (
        f"{len(api.latencies)} API / {len(floor.latencies)} floor uploads of a 36-page text PDF; "
        f"API p50 {ap50:.1f} / p99 {ap99:.1f} ms, floor p50 {fp50:.1f} / p99 {fp99:.1f} ms; "
        f"{backlog} OCR jobs queued or running afterwards"
    )
    if api.failures or floor.failures:
        note += f"; NOT 202: API {api.failures}, floor {floor.failures}"
    name = f"upload_floor_{rate}"
    return [
        Row(f"{name}_api_p50", f"Upload ack at {rate}/s: API p50", ap50, "ms"),
        Row(f"{name}_api_p99", f"Upload ack at {rate}/s: API p99", ap99, "ms"),
        Row(f"{name}_floor_p50", f"Upload ack at {rate}/s: floor p50", fp50, "ms"),
        Row(f"{name}_floor_p99", f"Upload ack at {rate}/s: floor p99", fp99, "ms"),
        Row(
            f"{name}_ratio",
            f"Upload ack at {rate}/s: p99 API / floor",
            ap99 / fp99,
            "x",
            target=TARGET_RATIO,
            note=note,
        ),
    ]


async def measure(quick: bool = False) -> list[Row]:
    if shutil.which("curl") is None:
        raise RuntimeError("curl is needed for this benchmark (apt-get install curl)")
    samples = QUICK_SAMPLES if quick else SAMPLES
    rows: list[Row] = []
    async with ApiServer() as api:
        pdf = report_pdf()
        floor = FloorServer(api)
        try:
            await floor.start()
            async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
                headers = await api.sign_in(client, "bench-floor@example.com")
                token = headers["Authorization"].removeprefix("Bearer ")
                warm = Side("warm-up", floor.url), Side("warm-up", api.url + "/api/document")
                for side in warm:
                    for path in await asyncio.to_thread(variants, pdf, api.data_dir / "w", 3):
                        await side.upload(token, path)
                for rate in RATES:
                    floor_side = Side("floor", floor.url)
                    api_side = Side("api", api.url + "/api/document")
                    files = (
                        await asyncio.to_thread(variants, pdf, api.data_dir / "f", samples),
                        await asyncio.to_thread(variants, pdf, api.data_dir / "a", samples),
                    )
                    await run_rate(rate, (floor_side, api_side), token, files)
                    health = (await client.get("/api/health")).json()
                    rows += rows_for(rate, floor_side, api_side, int(health.get("jobs_running", 0)))
        finally:
            floor.stop()
    return rows
