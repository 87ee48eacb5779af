"""The local live feed: the caller's document changes as server-sent events.

Same payload as Supabase Realtime's postgres_changes (`eventType`, `new`, `old`), so the web app
handles both transports alike. `ready` is sent once subscribed: clients re-fetch then, because
nothing missed while disconnected is replayed. Heartbeats keep proxies from closing an idle
stream; a connection's lifetime is capped so clients reconnect (and re-authenticate) now and then.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request

from app.api.deps import RuntimeDep, StreamUser
from app.api.errors import error_responses
from app.api.schemas import DocumentChangeEvent
from app.api.sse import SSE_HEADERS, EventStreamResponse, sse_comment, sse_event

router = APIRouter(prefix="/api", tags=["documents"])
HEARTBEAT_S = 15.0
MAX_LIFETIME_S = 3600.0


@router.get("/documents/events", response_class=EventStreamResponse, responses={
    200: {"description": "`text/event-stream`: `ready` once subscribed, then `change` events (this "
                         "model) and `resync` when changes may have been missed",
          "model": DocumentChangeEvent},
    **error_responses(401)})
async def document_events(request: Request, user: StreamUser, rt: RuntimeDep) -> EventStreamResponse:
    async def stream() -> AsyncIterator[bytes]:
        started = time.monotonic()
        async with rt.feed.subscribe(user.id) as queue:
            yield b"retry: 2000\n\n" + sse_event("ready", {"user_id": user.id})
            while time.monotonic() - started < MAX_LIFETIME_S:
                if await request.is_disconnected():
                    return
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_S)
                except TimeoutError:
                    yield sse_comment("ping")
                    continue
                if event["type"] == "resync":
                    yield sse_event("resync", {})
                else:
                    yield sse_event("change", {k: event[k] for k in ("eventType", "new", "old")})

    return EventStreamResponse(stream(), headers=SSE_HEADERS)
