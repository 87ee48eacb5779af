"""Who may run a task: Google-signed OIDC ID tokens from Cloud Tasks and Cloud Scheduler.

Cloud Tasks (and the Scheduler job for the sweep) call the task endpoints with
`Authorization: Bearer <ID token>`, signed by Google as `TASKS_SERVICE_ACCOUNT` for the audience
`TASKS_SERVICE_URL`. A token is accepted only when all of these hold:

- RS256, signed by a key in Google's published certificates (`TASKS_OIDC_CERTS_URL`), checked
  by google-auth's own `google.auth.jwt.decode` (the function `id_token.verify_token` uses);
  `alg: none`, HS256 (a user's local or Supabase session token) and every other algorithm are
  refused before any key is looked at;
- `iss` is Google (`accounts.google.com` or `https://accounts.google.com`), `aud` is our URL,
  `iat`/`exp` are current (10 s of clock skew);
- `email` is exactly the configured account and `email_verified` is true.

The certificates are fetched with async httpx (google-auth's own fetch is blocking), cached for
the `max-age` Google sends, refetched at most once per cooldown when a token names an unknown
key (rotation; random `kid`s cannot make us hammer the endpoint), and a stale copy is used while
the endpoint is down. Without any copy the caller gets 503 and Cloud Tasks tries again.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from google.auth import exceptions as gauth_exceptions
from google.auth import jwt as gjwt

from app.config import Settings
from app.errors import ServiceUnavailableError, UnauthorizedError

log = logging.getLogger(__name__)

GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
INVALID = "Invalid task token: this endpoint only accepts Google-signed OIDC tokens."
_MAX_AGE = re.compile(r"max-age=(\d+)")


class GoogleOidcVerifier:
    """Verifies the ID token Cloud Tasks / Cloud Scheduler send; returns its claims."""

    def __init__(
        self,
        *,
        audience: str,
        service_account: str,
        certs_url: str,
        leeway_s: int = 10,
        default_ttl_s: float = 3600,
        refetch_cooldown_s: float = 30,
        fetch_timeout_s: float = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.audience = audience
        self.service_account = service_account.lower()
        self.certs_url = certs_url
        self._leeway = leeway_s
        self._default_ttl = default_ttl_s
        self._cooldown = refetch_cooldown_s
        self._timeout = fetch_timeout_s
        self._certs: dict[str, str] = {}
        self._expires_at = 0.0
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> GoogleOidcVerifier:
        return cls(
            audience=settings.tasks_service_url,
            service_account=settings.tasks_service_account,
            certs_url=settings.tasks_oidc_certs_url,
        )

    async def verify(self, token: str | None) -> Mapping[str, Any]:
        """The token's claims, or `UnauthorizedError` (401); `ServiceUnavailableError` (503)
        when Google's certificates cannot be had."""
        if not token:
            raise UnauthorizedError("This endpoint needs a Google-signed OIDC bearer token.")
        try:
            header = gjwt.decode_header(token)
        except (gauth_exceptions.GoogleAuthError, ValueError, TypeError):
            raise UnauthorizedError(INVALID) from None
        kid = header.get("kid")
        if header.get("alg") != "RS256" or not isinstance(kid, str) or not kid:
            raise UnauthorizedError(INVALID)
        cert = await self._cert(kid)
        if cert is None:
            raise UnauthorizedError(INVALID)
        try:
            claims = gjwt.decode(
                token, certs={kid: cert}, audience=self.audience, clock_skew_in_seconds=self._leeway
            )
        except (gauth_exceptions.GoogleAuthError, ValueError, TypeError) as exc:
            expired = "expired" in str(exc).lower()
            log.info("refused task token: %s", "expired" if expired else type(exc).__name__)
            raise UnauthorizedError("The task token has expired." if expired else INVALID) from None
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise UnauthorizedError(INVALID)
        email = claims.get("email")
        if not isinstance(email, str) or email.lower() != self.service_account:
            log.warning("refused task token for %r (expected %s)", email, self.service_account)
            raise UnauthorizedError("The task token is not from the configured service account.")
        if claims.get("email_verified") not in (True, "true"):
            raise UnauthorizedError("The task token's email is not verified.")
        return claims

    async def _cert(self, kid: str) -> str | None:
        """The PEM certificate for `kid`: from the cache while fresh, else refetched."""
        now = self._clock()
        if now < self._expires_at and kid in self._certs:
            return self._certs[kid]
        async with self._lock:
            now = self._clock()
            stale = now >= self._expires_at
            # Unknown kid with a fresh cache: refetch only after the cooldown.
            if (stale or kid not in self._certs) and now - self._fetched_at >= self._cooldown:
                try:
                    await self._refresh()
                except (httpx.HTTPError, ValueError) as exc:
                    log.warning(
                        "could not fetch Google's certificates from %s: %r", self.certs_url, exc
                    )
                    if kid in self._certs:
                        return self._certs[kid]  # stale, but better than refusing Google
                    raise ServiceUnavailableError(
                        "Google's signing certificates are unreachable; try again shortly."
                    ) from None
            return self._certs.get(kid)

    async def _refresh(self) -> None:
        self._fetched_at = self._clock()
        async with httpx.AsyncClient(timeout=self._timeout) as client:
            response = await client.get(self.certs_url)
            response.raise_for_status()
            certs = response.json()
        if not isinstance(certs, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in certs.items()
        ):
            raise ValueError("the certificates document is not a {kid: PEM} object")
        match = _MAX_AGE.search(response.headers.get("cache-control", ""))
        ttl = float(match.group(1)) if match else self._default_ttl
        self._certs = certs
        self._expires_at = self._fetched_at + ttl
