"""The local live feed: the caller's document changes as server-sent events.

Same payload as Supabase Realtime's postgres_changes (`eventType`, `new`, `old`), so the web app
handles both transports alike. `ready` is sent once subscribed: clients re-fetch then, because
nothing missed while disconnected is replayed. Heartbeats keep proxies from closing an idle
stream; a connection's lifetime is capped so clients reconnect (and re-authenticate) now and then.
One user holds at most `EVENT_STREAMS_PER_USER` streams at once (a browser needs one per tab);
past that, 429 with `Retry-After`.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from starlette.types import Receive, Scope, Send

from app.api.deps import RuntimeDep, StreamUser
from app.api.errors import error_responses
from app.api.schemas import DocumentChangeEvent
from app.api.sse import SSE_HEADERS, EventStreamResponse, sse_comment, sse_event
from app.errors import TooManyRequestsError

router = APIRouter(prefix="/api", tags=["documents"])
HEARTBEAT_S = 15.0
MAX_LIFETIME_S = 3600.0
log = logging.getLogger(__name__)
_open_streams: collections.Counter[str] = collections.Counter()


class _CountedStream(EventStreamResponse):
    """Gives its user's stream slot back however the response ends (even unstarted)."""

    def __init__(self, user_id: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user_id = user_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            _open_streams[self._user_id] -= 1
            if _open_streams[self._user_id] <= 0:
                del _open_streams[self._user_id]


@router.get(
    "/documents/events",
    response_class=EventStreamResponse,
    responses={
        200: {
            "description": "`text/event-stream`: `ready` once subscribed, then `change` events (this "
            "model) and `resync` when changes may have been missed",
            "model": DocumentChangeEvent,
        },
        **error_responses(401, 429),
    },
)
async def document_events(
    request: Request, user: StreamUser, rt: RuntimeDep
) -> EventStreamResponse:
    cap = rt.settings.event_streams_per_user
    if _open_streams[user.id] >= cap:
        log.warning(
            "refused an event stream for user %s: %d open (cap %d)",
            user.id,
            _open_streams[user.id],
            cap,
        )
        raise TooManyRequestsError(
            f"Too many live connections ({cap}) for this account; close a tab and try again.", 30
        )

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

    _open_streams[user.id] += 1
    return _CountedStream(user.id, stream(), headers=SSE_HEADERS)
