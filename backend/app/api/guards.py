"""Request-level limits, as one ASGI middleware in front of every route.

- **Host allow-list** (local auth mode): a browser page on another site that rebinds its DNS
  name to 127.0.0.1 sends its own name as `Host`; refusing unknown hosts keeps local sign-in
  on this machine. Any port is accepted (`make run` and the tests pick their ports). The
  Cloud Tasks endpoints (`/api/tasks/…`) are exempt: Google calls them by the service's own
  name, and they admit only its signed OIDC token (or the platform's IAM check).
- **Concurrency cap**: at most `HTTP_MAX_REQUESTS` requests in flight; past it, 503 with
  `Retry-After`. Health is never counted nor refused, so monitoring still sees the process;
  event streams are long and idle, and have their own per-user cap (`app/api/events.py`).
- **Body caps and deadlines**: routes other than the upload take at most
  `HTTP_MAX_JSON_BYTES`; every read of a request body must arrive within
  `HTTP_BODY_TIMEOUT_S`, or the request answers 408 (a slow client is cut off, not served
  forever).

Every refusal is logged, with the peer and the reason.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from app.config import Settings

log = logging.getLogger("app.http")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEALTH = "/api/health"
EVENTS = "/api/documents/events"
TASKS = "/api/tasks/"
UPLOAD = "/api/document/upload"


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

    def __init__(self, cap: int) -> None:
        super().__init__(
            413, f"The request body is larger than {cap:,} bytes.", headers={"Connection": "close"}
        )


def host_name(host_header: str) -> str:
    """`Host` without its port, lower-case; IPv6 keeps its brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if ":" in host else host


def allowed_hosts(settings: Settings) -> frozenset[str]:
    return frozenset(h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip())


def is_allowed_peer(host: str | None, networks: str) -> bool:
    """Whether a peer address is inside one of the comma-separated networks."""
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    for net in networks.split(","):
        if net.strip() and address in ipaddress.ip_network(net.strip(), strict=False):
            return True
    return False


async def _answer(send: Send, status: int, detail: str, retry_after: int | None = None) -> None:
    headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps({"detail": detail}).encode()})


class RequestGuard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = allowed_hosts(settings) if settings.auth_provider == "local" else None
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        s = self.settings
        path: str = scope.get("path", "")
        peer = (scope.get("client") or ("?",))[0]
        if self.hosts is not None and not path.startswith(TASKS):
            host = next(
                (v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), ""
            )
            if host_name(host) not in self.hosts:
                log.warning(
                    "refused %s %s from %s: Host %r is not allowed",
                    scope.get("method"),
                    path,
                    peer,
                    host[:100],
                )
                await _answer(
                    send, 400, "This server only answers requests addressed to localhost."
                )
                return
        if path in (HEALTH, EVENTS):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= s.http_max_requests:
            log.warning(
                "refused %s %s from %s: %d requests in flight (cap %d)",
                scope.get("method"),
                path,
                peer,
                self.in_flight,
                s.http_max_requests,
            )
            await _answer(send, 503, "The server is busy; try again in a few seconds.", 5)
            return

        cap = None if path == UPLOAD else s.http_max_json_bytes
        length = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if cap is not None and length is not None and length.isdigit() and int(length) > cap:
            log.warning(
                "refused %s %s from %s: body of %s bytes (cap %d)",
                scope.get("method"),
                path,
                peer,
                length.decode(),
                cap,
            )
            await _answer(send, 413, f"The request body is larger than {cap:,} bytes.")
            return

        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            try:
                async with asyncio.timeout(s.http_body_timeout_s):
                    message = await receive()
            except TimeoutError:
                log.warning(
                    "cut off %s %s from %s: no body data for %.0f s",
                    scope.get("method"),
                    path,
                    peer,
                    s.http_body_timeout_s,
                )
                raise _BodyTimeout from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if cap is not None and received > cap:
                    log.warning(
                        "refused %s %s from %s: body over %d bytes",
                        scope.get("method"),
                        path,
                        peer,
                        cap,
                    )
                    raise _BodyTooLarge(cap)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        self.in_flight += 1
        try:
            await self.app(scope, bounded_receive, tracking_send)
        except (_BodyTimeout, _BodyTooLarge) as exc:  # raised where no handler answered it
            if not started:
                await _answer(send, exc.status_code, exc.detail)
        finally:
            self.in_flight -= 1
