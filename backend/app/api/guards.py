"""Request-level limits, as one ASGI middleware in front of every route (inside CORS, so a
browser can read each refusal).

- **Host allow-list** (local auth mode): a browser page on another site that rebinds its DNS
  name to 127.0.0.1 sends its own name as `Host`; refusing unknown hosts keeps local sign-in
  on this machine. Any port is accepted (`make run` and the tests pick their ports). The
  Cloud Tasks endpoints (`/api/tasks/…`) are exempt: Google calls them by the service's own
  name, and they admit only its signed OIDC token (or the platform's IAM check).
- **Concurrency cap**: at most `HTTP_MAX_REQUESTS` requests in flight; past it, 503 with
  `Retry-After`, and health answers 503 while requests are being refused (`Admission`).
  Health is never counted nor refused, so monitoring still sees the process; event streams
  are long and idle: not request slots, but at most `HTTP_MAX_EVENT_STREAMS` in all (503)
  and `EVENT_STREAMS_PER_USER` per user (429, `app/api/events.py`).
- **The token before the body**: every route under `/api/` but health, local sign-in and the
  Cloud Tasks endpoints needs a bearer token, checked here before one byte of the body is
  read (FastAPI reads a body before it resolves the route's dependencies). A request without
  a valid token is a 401 at once; uvicorn discards whatever body still comes (a browser
  sending a file reads the 401), and a client that keeps trickling it loses the connection at
  the header deadline (`app/http_server.py`), holding no request slot. The token comes from the
  `Authorization` header only; the event stream (EventSource cannot send headers) also takes
  it from the query parameter `access_token`, spelled exactly so.
- **Per-client caps**, below the global one: a signed-in user has at most
  `HTTP_MAX_REQUESTS_PER_USER` requests in flight, and an address at most
  `HTTP_MAX_REQUESTS_PER_IP` requests without a user (sign-in, the API reference); past
  either, 429 with `Retry-After`. So a few clients cannot take every slot, and clients without
  a token can never hold the slots signed-in users need.
- **Body caps and deadlines**: routes other than the upload take at most
  `HTTP_MAX_JSON_BYTES`; the upload's whole multipart body (every field, not only the file)
  at most `MAX_UPLOAD_MB` plus a little framing. Every read must arrive within
  `HTTP_BODY_TIMEOUT_S`, and the whole body within `HTTP_BODY_DEADLINE_S` plus its size at
  `HTTP_BODY_MIN_RATE_BPS`; otherwise 408 and the connection is closed (a byte now and then
  no longer holds a slot). Those run in `app/api/bodies.py`.

Refusals are logged with the peer and the reason, at most one line per kind per interval
(`app.logs.Throttled`).
"""

from __future__ import annotations

import collections
import ipaddress
import logging
import time
from urllib.parse import unquote

from app.api.bodies import ASGIApp, BodyLimits, Receive, Scope, Send, answer, serve_bounded
from app.auth import AuthUser
from app.auth.users import checked_id
from app.config import Settings
from app.errors import DocstreamError
from app.logs import Throttled

log = logging.getLogger("app.http")
refusals = Throttled(log)

HEALTH = "/api/health"
EVENTS = "/api/documents/events"
TASKS = "/api/tasks/"
UPLOAD = "/api/document/upload"
LOCAL_TOKEN = "/api/auth/local-token"
PUBLIC = frozenset({HEALTH, LOCAL_TOKEN})
UPLOAD_FORM_OVERHEAD = 64 * 1024  # boundaries, part headers and small fields around the file
SATURATION_WINDOW_S = 5.0  # health says "unavailable" this long after a refusal for lack of slots
VERIFIED_USER = "docstream.verified_user"  # scope["state"] key: (token, AuthUser)
NO_TOKEN = "Sign in first: this endpoint needs an Authorization: Bearer token."
NO_STREAM_TOKEN = "Sign in first: pass a bearer token or ?access_token=."


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


def needs_user(method: str, path: str) -> bool:
    """Every API route but health, local sign-in, the Cloud Tasks endpoints (their own OIDC
    check) and CORS preflights; a new route is authenticated unless it is added here."""
    return (
        path.startswith("/api/")
        and path not in PUBLIC
        and not path.startswith(TASKS)
        and method != "OPTIONS"
    )


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for k, v in scope.get("headers", []) if k == name), None)


def bearer_token(scope: Scope, allow_query: bool = False) -> str | None:
    """The bearer token of `Authorization`; with `allow_query` (the event stream), else the
    query parameter spelled exactly `access_token` (no percent-encoded variant: what the
    access log redacts and what is accepted must be the same thing)."""
    auth = _header(scope, b"authorization")
    if auth is not None:
        scheme, _, token = auth.decode("latin-1").strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    if allow_query:
        for part in scope.get("query_string", b"").split(b"&"):
            key, sep, value = part.partition(b"=")
            if sep and key == b"access_token" and value:
                return unquote(value.decode("latin-1"))
    return None


def verified_user(scope: Scope, token: str) -> AuthUser | None:
    """The user this guard verified `token` as, for the route's dependency (no second check)."""
    found = scope.get("state", {}).get(VERIFIED_USER)
    if found is not None and found[0] == token.strip():
        user: AuthUser = found[1]
        return user
    return None


class Admission:
    """Requests in flight, in total and per client; read by health to report saturation."""

    def __init__(self, settings: Settings) -> None:
        self.cap = settings.http_max_requests
        self.in_flight = 0
        self.streams = 0
        self.per_client: collections.Counter[str] = collections.Counter()
        self.refused_at = float("-inf")

    def saturated(self) -> bool:
        """Whether requests are being refused for lack of slots (now, or a moment ago)."""
        return (
            self.in_flight >= self.cap or time.monotonic() - self.refused_at < SATURATION_WINDOW_S
        )

    def release(self, client: str | None) -> None:
        self.in_flight -= 1
        if client is not None:
            self.per_client[client] -= 1
            if self.per_client[client] <= 0:
                del self.per_client[client]


def _has_body(scope: Scope) -> bool:
    length = _header(scope, b"content-length")
    if length is not None:
        return not length.isdigit() or int(length) > 0
    return _header(scope, b"transfer-encoding") is not None


class RequestGuard:
    def __init__(
        self, app: ASGIApp, settings: Settings, admission: Admission | None = None
    ) -> None:
        self.app = app
        self.settings = settings
        self.hosts = allowed_hosts(settings) if settings.auth_provider == "local" else None
        self.admission = admission or Admission(settings)

    @property
    def in_flight(self) -> int:
        return self.admission.in_flight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        s, adm = self.settings, self.admission
        path: str = scope.get("path", "")
        method: str = scope.get("method", "")
        peer = (scope.get("client") or ("?",))[0]
        has_body = _has_body(scope)
        if self.hosts is not None and not path.startswith(TASKS):
            host = (_header(scope, b"host") or b"").decode("latin-1")
            if host_name(host) not in self.hosts:
                refusals.warning(
                    "host",
                    "refused %s %s from %s: Host %r is not allowed",
                    method,
                    path,
                    peer,
                    host[:100],
                )
                await answer(send, 400, "This server only answers requests addressed to localhost.")
                return
        if path == HEALTH:
            await self.app(scope, receive, send)
            return
        if path != EVENTS and adm.in_flight >= s.http_max_requests:
            await self._busy(send, method, path, peer)
            return

        user = None
        if needs_user(method, path):
            answered, user = await self._authenticate(scope, send, path)
            if answered:
                return  # 401 (or 503), the body unread
        if path == EVENTS:  # long and idle: not request slots; per user in the route itself
            await self._stream(scope, receive, send, method, peer)
            return

        client: str | None = None
        cap = 0
        if user is not None:
            client, cap = f"user {user.id}", s.http_max_requests_per_user
        elif not path.startswith(TASKS):  # Cloud Tasks: a few Google addresses, OIDC-checked
            client, cap = f"address {peer}", s.http_max_requests_per_ip
        if client is not None and adm.per_client[client] >= cap:
            refusals.warning(
                "client",
                "refused %s %s from %s: %s has %d requests in flight (cap %d)",
                method,
                path,
                peer,
                client,
                adm.per_client[client],
                cap,
            )
            await answer(
                send, 429, "Too many requests at once from you; try again in a few seconds.", 5
            )
            return

        body_cap = (
            s.max_upload_bytes + UPLOAD_FORM_OVERHEAD if path == UPLOAD else s.http_max_json_bytes
        )
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > body_cap:
            refusals.warning(
                "too-large",
                "refused %s %s from %s: body of %s bytes (cap %d)",
                method,
                path,
                peer,
                length.decode(),
                body_cap,
            )
            # The upload's 413 is shown to a person: let the browser finish sending and read
            # it (uvicorn discards the body); a JSON body that large is no browser's.
            await answer(send, 413, self._too_large(path, body_cap), close=path != UPLOAD)
            return

        if adm.in_flight >= s.http_max_requests:  # filled while the token was verified
            await self._busy(send, method, path, peer)
            return
        adm.in_flight += 1
        if client is not None:
            adm.per_client[client] += 1
        try:
            await serve_bounded(
                self.app,
                scope,
                receive,
                send,
                s,
                BodyLimits(body_cap, self._too_large(path, body_cap), has_body, peer),
            )
        finally:
            adm.release(client)

    async def _stream(
        self, scope: Scope, receive: Receive, send: Send, method: str, peer: str
    ) -> None:
        adm, cap = self.admission, self.settings.http_max_event_streams
        if adm.streams >= cap:
            refusals.warning(
                "streams",
                "refused %s %s from %s: %d event streams open (cap %d)",
                method,
                EVENTS,
                peer,
                adm.streams,
                cap,
            )
            await answer(send, 503, "Too many live connections right now; retrying soon.", 30)
            return
        adm.streams += 1
        try:
            await self.app(scope, receive, send)
        finally:
            adm.streams -= 1

    async def _busy(self, send: Send, method: str, path: str, peer: str) -> None:
        self.admission.refused_at = time.monotonic()
        refusals.warning(
            "busy",
            "refused %s %s from %s: %d requests in flight (cap %d)",
            method,
            path,
            peer,
            self.admission.in_flight,
            self.settings.http_max_requests,
        )
        await answer(send, 503, "The server is busy; try again in a few seconds.", 5)

    def _too_large(self, path: str, cap: int) -> str:
        if path == UPLOAD:
            return (
                f"The file is larger than the {self.settings.max_upload_bytes // 2**20} MB limit."
            )
        return f"The request body is larger than {cap:,} bytes."

    async def _authenticate(
        self, scope: Scope, send: Send, path: str
    ) -> tuple[bool, AuthUser | None]:
        """(answered, the caller): verified from the token alone, or answered 401 with its
        body never read. The route's dependency still checks that the user exists."""
        challenge = [(b"www-authenticate", b"Bearer")]
        token = bearer_token(scope, allow_query=path == EVENTS)
        if token is None:
            await answer(
                send,
                401,
                NO_STREAM_TOKEN if path == EVENTS else NO_TOKEN,
                close=False,
                extra=challenge,
            )
            return True, None
        runtime = getattr(getattr(scope.get("app"), "state", None), "runtime", None)
        if runtime is None:  # no lifespan (never in a served app): the route checks it
            return False, None
        try:
            user = checked_id(await runtime.tokens.verify(token))
        except DocstreamError as exc:
            retry = getattr(exc, "retry_after", None)
            await answer(
                send,
                exc.status_code,
                exc.detail,
                int(retry) if retry else None,
                close=False,
                extra=challenge if exc.status_code == 401 else None,
            )
            return True, None
        except Exception:
            log.exception("%s %s: could not verify the token", scope.get("method"), path)
            await answer(send, 503, "Sign-in cannot be checked right now; try again shortly.", 5)
            return True, None
        scope.setdefault("state", {})[VERIFIED_USER] = (token, user)
        return False, user
