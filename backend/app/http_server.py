"""The HTTP server's own limits, below the application: what a client may hold open.

uvicorn's HTTP/1.1 protocol (h11) caps the header size (`HTTP_MAX_HEADER_BYTES`) but waits
forever for a client that sends half a request, and its `limit_concurrency` answers 503 to
health checks too. `bounded_h11` adds, per connection:

- a header deadline: a connection that has not sent complete request headers within
  `HTTP_HEADER_TIMEOUT_S` (from when it opened, or since its last response) is closed;
- a connection cap: past `HTTP_MAX_CONNECTIONS` a new connection gets an immediate 503 with
  `Retry-After` and is closed, so open files never run out for the listening socket itself;
- a per-address cap below it: past `HTTP_MAX_CONNECTIONS_PER_IP` from one address, 429 and
  closed, so one client (or a few) cannot take every connection before the global cap.

Refusals are logged at most once per interval per kind, with a count (`app.logs.Throttled`).

`raise_open_file_limit` lifts the soft RLIMIT_NOFILE to the hard limit at start-up (the common
soft default of 1,024 is what half-open connections exhausted), and the connection cap is kept
below it. `redact_access_log` keeps tokens in a query string (`?access_token=`, however
spelled or percent-encoded) out of the access log.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import re
import resource
from typing import Any
from urllib.parse import unquote_plus

from uvicorn.protocols.http.h11_impl import H11Protocol

from app.logs import Throttled

log = logging.getLogger("app.http")
refusals = Throttled(log)
# Files the process needs besides client sockets: database pool, worker pipes, logs, uploads.
FD_RESERVE = 256
# A query parameter: its name (group 1) and value (group 2).
_PARAM = re.compile(r"([?&][^=&\s?#]*=)([^&\s#]*)")


def raise_open_file_limit() -> int:
    """Soft RLIMIT_NOFILE up to the hard limit; returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 16)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as exc:
            log.warning("could not raise the open-file limit from %d to %d: %s", soft, target, exc)
    return soft


def connection_cap(configured: int, open_files: int) -> int:
    """The configured cap, but never more than the open-file limit leaves room for."""
    return max(16, min(configured, open_files - FD_RESERVE))


def _redact_param(match: re.Match[str]) -> str:
    name = unquote_plus(match.group(1)).lower()
    return match.group(1) + "[redacted]" if "token" in name else match.group(0)


def redact_tokens(text: str) -> str:
    """Every query parameter whose (decoded) name says token loses its value."""
    return _PARAM.sub(_redact_param, text) if "=" in text else text


class _RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_tokens(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact_tokens(record.msg)
        return True


def redact_access_log() -> None:
    """Bearer tokens (valid for days) must not be written to logs via the SSE query string."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactTokens) for f in logger.filters):
            logger.addFilter(_RedactTokens())


def bounded_h11(
    header_timeout_s: float, max_connections: int, max_header_bytes: int, max_per_ip: int = 0
) -> type[H11Protocol]:
    """An `H11Protocol` with a header deadline, a header size cap and connection caps (in
    total, and per address unless `max_per_ip` is 0)."""
    per_ip: collections.Counter[str] = collections.Counter()

    class BoundedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None
        _head: bytes = b""
        _counted: str | None = None

        def data_received(self, data: bytes) -> None:
            # h11 caps only an *incomplete* head; one that arrives whole in a single read of
            # any size would be parsed. Count the head's bytes ourselves.
            if self.cycle is None or self.cycle.response_complete:
                self._head = (self._head + data)[: max_header_bytes + 4]
                if b"\r\n\r\n" not in self._head and len(self._head) > max_header_bytes:
                    refusals.warning(
                        "headers",
                        "refused a request from %s: headers over %d bytes",
                        self.client[0] if self.client else "?",
                        max_header_bytes,
                    )
                    body = b'{"detail": "Request headers are too large"}'
                    self.transport.write(
                        b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n"
                        b"content-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                        % (len(body), body)
                    )
                    self.transport.close()
                    return
            super().data_received(data)

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            peer = self.client[0] if self.client else "?"
            if len(self.connections) > max_connections:
                refusals.warning(
                    "connections",
                    "refused a connection from %s: %d open, the cap is %d",
                    peer,
                    len(self.connections) - 1,
                    max_connections,
                )
                transport.write(
                    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json"
                    b"\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: 60\r\n\r\n"
                    b'{"detail": "The server is busy; try again in a few seconds."}'
                )
                transport.close()
                return
            if max_per_ip and per_ip[peer] >= max_per_ip:
                refusals.warning(
                    "connections-per-ip",
                    "refused a connection from %s: it has %d open, the cap per address is %d",
                    peer,
                    per_ip[peer],
                    max_per_ip,
                )
                body = b'{"detail": "Too many connections from your address; close some."}'
                transport.write(
                    b"HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json"
                    b"\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: %d\r\n\r\n%s"
                    % (len(body), body)
                )
                transport.close()
                return
            per_ip[peer] += 1
            self._counted = peer
            self._arm_header_timer()

        def _arm_header_timer(self) -> None:
            self._disarm_header_timer()
            self._header_timer = self.loop.call_later(header_timeout_s, self._header_timeout)

        def _disarm_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _header_timeout(self) -> None:
            self._header_timer = None
            if self.cycle is not None and not self.cycle.response_complete:
                return  # a request is being served; its body has its own deadline
            refusals.info(
                "header-timeout",
                "closed a connection from %s: no complete request headers within %.0f s",
                self.client[0] if self.client else "?",
                header_timeout_s,
            )
            if not self.transport.is_closing():
                self.transport.close()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm_header_timer()
                self._head = b""

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm_header_timer()  # the keep-alive idle timer runs too; both close it

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_header_timer()
            if self._counted is not None:
                per_ip[self._counted] -= 1
                if per_ip[self._counted] <= 0:
                    del per_ip[self._counted]
                self._counted = None
            super().connection_lost(exc)

    return BoundedH11Protocol
