"""Status change visible after the database commit: commit → SSE `change` event.

What is measured: a direct asyncpg connection (autocommit) runs `UPDATE documents SET
display_name = <marker>` on one of the user's documents; the clock starts just before the
statement is sent (so the UPDATE's own round-trip, well under a millisecond, is included) and
stops when the `change` event carrying that marker arrives on `GET /api/documents/events`, read
by an httpx stream with the user's bearer token. That is the whole server path: trigger →
NOTIFY → the API's LISTEN connection → fan-out → SSE. One update at a time; the next is sent
after the previous event arrived. Measured twice: idle, and while scanned PDFs are OCR'd.

Why this way: the browser's EventSource on loopback adds parsing and a render, well under a
millisecond of transport, so this is what "visible in the browser" costs minus rendering.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import asyncpg
import httpx

from bench.common import Row, latency_rows
from bench.documents import scanned_pdf_pages
from bench.server import ApiServer
from tests.files import bill_pdf

TARGET_P99_MS = 100.0
TIMEOUT_S = 5.0


async def _read_events(
    resp: httpx.Response, received: dict[str, float], ready: asyncio.Event
) -> None:
    """Parse the SSE stream; note when each marker's `change` event arrives."""
    event = ""
    async for line in resp.aiter_lines():
        now = time.perf_counter()
        if line.startswith("event:"):
            event = line[6:].strip()
            if event == "ready":
                ready.set()
        elif line.startswith("data:") and event == "change":
            new = json.loads(line[5:]).get("new") or {}
            name = new.get("display_name") or ""
            if name.startswith("bench-"):
                received[name] = now


async def _updates(
    conn: asyncpg.Connection, doc_id: str, count: int, received: dict[str, float]
) -> tuple[list[float], int]:
    latencies, lost = [], 0
    for _ in range(count):
        marker = f"bench-{uuid.uuid4().hex[:12]}"
        sent = time.perf_counter()
        await conn.execute("update documents set display_name = $1 where id = $2", marker, doc_id)
        deadline = sent + TIMEOUT_S
        while marker not in received and time.perf_counter() < deadline:
            await asyncio.sleep(0.0005)
        if marker in received:
            latencies.append((received.pop(marker) - sent) * 1000)
        else:
            lost += 1
        await asyncio.sleep(0.01)
    return latencies, lost


async def measure(quick: bool = False) -> list[Row]:
    count = 40 if quick else 200
    async with ApiServer() as api, httpx.AsyncClient(base_url=api.url, timeout=30) as client:
        headers = await api.sign_in(client, "bench-events@example.com")
        r = await client.post(
            "/api/document/upload",
            headers=headers,
            files={"file": ("bill.pdf", bill_pdf(), "application/pdf")},
        )
        r.raise_for_status()
        doc_id = r.json()["document_id"]
        conn = await asyncpg.connect(api.dsn())
        received: dict[str, float] = {}
        ready = asyncio.Event()
        try:
            async with client.stream(
                "GET",
                "/api/documents/events",
                headers=headers,
                timeout=httpx.Timeout(30, read=None),
            ) as resp:
                resp.raise_for_status()
                reader = asyncio.create_task(_read_events(resp, received, ready))
                await asyncio.wait_for(ready.wait(), 10)
                await asyncio.sleep(1.0)  # let the bill's own OCR and metadata settle
                idle, lost_idle = await _updates(conn, doc_id, count, received)
                other = await api.sign_in(client, "bench-events-load@example.com")
                scan = scanned_pdf_pages(2)
                for i in range(2 if quick else 4):
                    (
                        await client.post(
                            "/api/document/upload",
                            headers=other,
                            files={"file": (f"scan-{i}.pdf", scan, "application/pdf")},
                        )
                    ).raise_for_status()
                loaded, lost_loaded = await _updates(conn, doc_id, count, received)
                reader.cancel()
        finally:
            await conn.close()

    note = (
        f"{len(loaded)} updates while scanned PDFs were OCR'd, one at a time; server side "
        "only (trigger, NOTIFY, LISTEN, SSE): a browser on loopback adds little but rendering"
    )
    if lost_idle or lost_loaded:
        note += f"; {lost_idle + lost_loaded} events NOT received within {TIMEOUT_S:.0f}s"
    rows = latency_rows(
        "status_event_loaded",
        "Commit → SSE event, OCR running",
        loaded,
        TARGET_P99_MS,
        note=note,
        quantiles=(50, 99),
    )
    rows += latency_rows(
        "status_event_idle", "Commit → SSE event, idle", idle, None, quantiles=(50, 99)
    )
    return rows
