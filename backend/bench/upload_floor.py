"""Upload acknowledgement against the floor, side by side, open loop at 12 and at 30 uploads/s.

The floor (`floor_server.py`) does only the durable work of a 202 on the same stack and the
same PostgreSQL cluster as the API. Both servers run at once; one schedule sends the same real
36-page text PDF (~255 KB) to each at the rate, interleaved (the two uploads of a tick half a
period apart, which one goes first alternating), so whatever else the machine does — the API's
OCR workers clearing the backlog, other processes — hits both sides alike. The API runs as in
local mode: its OCR, thumbnails and metadata run behind the uploads (at 30/s more text-layer
pages arrive than local OCR clears on 2 cores, so the backlog grows all run long).

Measured: connect to the last byte of the 202, per upload, by a minimal asyncio HTTP/1.1 client
sending pre-encoded requests (`raw_post`: no multipart encoding or process start in the
measurement, and little CPU taken from the servers), p50 and p99 per side, and the p99 ratio
API/floor per rate, which is the target (≤ 1.5). Only 202s count as samples; anything
else is reported (the API answers 202 to all of them: see docs/architecture.md, overload).
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

import asyncpg
import httpx

from bench.common import Row, percentile
from bench.documents import report_pdf
from bench.server import BACKEND, ApiServer, free_port

RATES = (12, 30)
TARGET_RATIO = 1.5
SAMPLES = 360  # per side per rate (≥ 300 for a p99 that is not a single sample)
QUICK_SAMPLES = 90


BOUNDARY = "docstream-bench-boundary"


def request_bytes(port: int, path: str, token: str, pdf: bytes, copy: str) -> bytes:
    """A whole `POST` with a multipart body, as a browser sends it (no `Expect:
    100-continue`), `Connection: close`. The PDF gets a comment after `%%EOF` (readers ignore
    it) so that every upload is new bytes, never answered as a duplicate of an earlier one."""
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="report-{copy}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    body += pdf + f"% copy {copy}\n".encode() + f"\r\n--{BOUNDARY}--\r\n".encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


async def raw_post(port: int, request: bytes) -> tuple[int, float]:
    """Connect, send the request, read the whole response: (status, ms from connect to the
    response's last byte). A few lines of asyncio instead of a curl process per upload: at
    30/s to two servers, spawning curl took most of a core, noise for both sides."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        return status, (time.perf_counter() - started) * 1000
    finally:
        writer.close()


@dataclass
class Side:
    """One server's samples at one rate."""

    name: str
    port: int
    path: str
    latencies: list[float] = field(default_factory=list)
    failures: dict[int, int] = field(default_factory=dict)

    async def upload(self, request: bytes) -> None:
        code, ms = await raw_post(self.port, request)
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


async def run_rate(
    rate: int, samples: int, sides: tuple[Side, Side], token: str, pdf: bytes
) -> None:
    """`samples` ticks at `rate`/s; each tick sends one upload to each side, half a period
    apart, the first side alternating. Open loop: nothing waits for an answer."""
    period = 1.0 / rate
    tasks: set[asyncio.Task[None]] = set()
    start = time.perf_counter() + 0.1
    for i in range(samples):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for k, s in enumerate(order):
            due = start + i * period + k * period / 2
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            side = sides[s]
            request = request_bytes(side.port, side.path, token, pdf, f"{rate}-{s}-{i}")
            task = asyncio.create_task(side.upload(request))
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


def api_side_at(api: ApiServer, name: str) -> Side:
    return Side(name or "warm-up", api.port, "/api/document/upload")


async def measure(quick: bool = False) -> list[Row]:
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
                for side in (Side("warm-up", floor.port, "/upload"), api_side_at(api, "")):
                    for n in range(3):
                        await side.upload(request_bytes(side.port, side.path, token, pdf, f"w{n}"))
                    if side.failures:
                        raise RuntimeError(f"warm-up uploads failed: {side.failures}")
                for rate in RATES:
                    floor_side = Side("floor", floor.port, "/upload")
                    api_side = api_side_at(api, "api")
                    await run_rate(rate, samples, (floor_side, api_side), token, pdf)
                    health = (await client.get("/api/health")).json()
                    rows += rows_for(rate, floor_side, api_side, int(health.get("jobs_running", 0)))
        finally:
            floor.stop()
    return rows
