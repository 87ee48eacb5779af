"""Request bodies under a size cap, a per-read timeout, and a whole-body deadline that grows
with what has arrived (`HTTP_BODY_DEADLINE_S` + size at `HTTP_BODY_MIN_RATE_BPS`): a client
trickling a byte now and then is cut off with 408 however patient each read is, and a body
over its cap is refused with 413 as soon as it crosses it (both close the connection). Used by
`app.api.guards.RequestGuard`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException

from app.config import Settings
from app.logs import Throttled

log = logging.getLogger("app.http")
refusals = Throttled(log)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _BodyTimeout(HTTPException):
    """The client stopped sending its body. An `HTTPException`, so that FastAPI's body parsing
    passes it on instead of turning it into "error parsing the body"."""

    def __init__(self) -> None:
        super().__init__(
            408,
            "The request body arrived too slowly; send it again.",
            headers={"Connection": "close"},
        )


class _BodyTooLarge(HTTPException):
    """The body is over the route's cap."""

    def __init__(self, cap: int, detail: str | None = None) -> None:
        super().__init__(
            413,
            detail or f"The request body is larger than {cap:,} bytes.",
            headers={"Connection": "close"},
        )


@dataclass(frozen=True)
class BodyLimits:
    cap: int  # bytes
    too_large: str  # the 413's detail
    has_body: bool
    peer: str


async def answer(
    send: Send,
    status: int,
    detail: str,
    retry_after: int | None = None,
    close: bool = True,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [(b"content-type", b"application/json"), *(extra or [])]
    if close:
        headers.append((b"connection", b"close"))
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps({"detail": detail}).encode()})


# What of a refused body is still read (and dropped) before the 413 and the close.
DRAIN_BYTES = 8 * 1024 * 1024
DRAIN_S = 2.0


async def _drain(receive: Receive, last: Message) -> None:
    """Read a little more of a body refused as too large, and drop it. A connection closed with
    unread data is reset, and the reset reaches a client that is still sending before the 413
    it was about to read: it then sees a broken connection instead of the reason. A client
    that keeps sending past `DRAIN_BYTES` or `DRAIN_S` is cut off as before."""
    if not last.get("more_body", False):
        return
    dropped = 0
    try:
        async with asyncio.timeout(DRAIN_S):
            while dropped <= DRAIN_BYTES:
                message = await receive()
                if message["type"] != "http.request":
                    return
                dropped += len(message.get("body", b""))
                if not message.get("more_body", False):
                    return
    except TimeoutError:
        return


async def serve_bounded(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, s: Settings, limits: BodyLimits
) -> None:
    """Run `app` with its body reads bounded by `limits` and the settings' deadlines."""
    method: str = scope.get("method", "")
    path: str = scope.get("path", "")
    cap, peer = limits.cap, limits.peer
    received = 0
    body_done = not limits.has_body
    started = False
    loop = asyncio.get_running_loop()
    # The body's deadline grows with what has arrived: after HTTP_BODY_DEADLINE_S the
    # client must have kept up HTTP_BODY_MIN_RATE_BPS on average.
    opened = loop.time()

    async def bounded_receive() -> Message:
        nonlocal received, body_done
        if body_done:  # the body is in: later reads only wait for a disconnect
            return await receive()
        allowed = opened + s.http_body_deadline_s + received / s.http_body_min_rate_bps
        wait = min(s.http_body_timeout_s, allowed - loop.time())
        try:
            if wait <= 0:
                raise TimeoutError
            async with asyncio.timeout(wait):
                message = await receive()
        except TimeoutError:
            refusals.warning(
                "slow-body",
                "cut off %s %s from %s: %d bytes of body in %.0f s (each read within "
                "%.0f s, at least %d bytes/s after %.0f s)",
                method,
                path,
                peer,
                received,
                loop.time() - opened,
                s.http_body_timeout_s,
                s.http_body_min_rate_bps,
                s.http_body_deadline_s,
            )
            raise _BodyTimeout from None
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if not message.get("more_body", False):
                body_done = True
            if received > cap:
                refusals.warning(
                    "too-large",
                    "refused %s %s from %s: body over %d bytes",
                    method,
                    path,
                    peer,
                    cap,
                )
                await _drain(receive, message)
                raise _BodyTooLarge(cap, limits.too_large)
        elif message["type"] == "http.disconnect":
            body_done = True
        return message

    async def tracking_send(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
        await send(message)

    try:
        await app(scope, bounded_receive, tracking_send)
    except (_BodyTimeout, _BodyTooLarge) as exc:  # raised where no handler answered it
        if not started:
            await answer(send, exc.status_code, exc.detail)
