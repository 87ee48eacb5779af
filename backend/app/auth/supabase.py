"""Supabase mode auth: verify Supabase Auth access tokens with PyJWT.

Two kinds of projects exist:

- asymmetric signing keys (ES256 or RS256, the current default): the public keys are published
  at `<SUPABASE_URL>/auth/v1/.well-known/jwks.json`. They are fetched with `PyJWKClient` and
  cached; PyJWKClient fetches with blocking urllib, so every fetch runs in a worker thread. A
  token whose `kid` is not in the cache triggers one refetch (key rotation), at most once per
  cooldown so random `kid`s cannot make us hammer the endpoint;
- the legacy shared secret (HS256, `SUPABASE_JWT_SECRET`).

The algorithm is never chosen by the token alone: HS256 is accepted only when a secret is
configured (otherwise an attacker could sign an HS256 token with our *public* key as the HMAC
secret — "algorithm confusion"), asymmetric tokens must name a `kid` whose JWK has the same
algorithm, and `alg: none` is always refused. Audience `authenticated` and issuer
`<SUPABASE_URL>/auth/v1` are required, like Supabase's own servers check them.
"""

from __future__ import annotations

import asyncio
import logging
import time

import jwt
from jwt import PyJWK, PyJWKClient
from jwt.exceptions import PyJWKClientConnectionError, PyJWKClientError

from app.auth import AuthUser
from app.config import Settings
from app.errors import ServiceUnavailableError, UnauthorizedError

log = logging.getLogger(__name__)

AUDIENCE = "authenticated"
ASYMMETRIC_ALGORITHMS = frozenset({"ES256", "RS256"})
INVALID = "Invalid access token."
EXPIRED = "Your session has expired; sign in again."


class SupabaseTokens:
    """`TokenVerifier` for Supabase Auth access tokens (JWKS, or the legacy HS256 secret)."""

    def __init__(
        self,
        settings: Settings,
        *,
        cache_ttl_s: float = 600,
        refetch_cooldown_s: float = 10,
        leeway_s: float = 10,
        fetch_timeout_s: float = 5,
    ) -> None:
        if not settings.supabase_url:
            raise ValueError("Supabase auth needs SUPABASE_URL")
        base = settings.supabase_url.rstrip("/")
        self.issuer = f"{base}/auth/v1"
        self.jwks_url = f"{self.issuer}/.well-known/jwks.json"
        self._secret = settings.supabase_jwt_secret or None
        self._leeway = leeway_s
        self._ttl = cache_ttl_s
        # PyJWKClient keeps the JWK set for `lifespan` and refetches on an unknown kid unless a
        # fetch happened less than `cooldown_duration` ago; its own lock makes it thread-safe.
        self._jwks = PyJWKClient(
            self.jwks_url,
            cache_jwk_set=True,
            lifespan=cache_ttl_s,
            timeout=fetch_timeout_s,
            cooldown_duration=refetch_cooldown_s,
        )
        # kid -> (key, when it was looked up): the hot path stays on the event loop, without a
        # thread hop per request; entries expire with the JWK set so removed keys stop working.
        self._keys: dict[str, tuple[PyJWK, float]] = {}

    async def verify(self, token: str) -> AuthUser:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise UnauthorizedError(INVALID) from None
        alg = header.get("alg")

        if alg == "HS256":
            if self._secret is None:
                # No shared secret configured: an HS256 token can only be a forgery (for
                # example one "signed" with our public key).
                raise UnauthorizedError(INVALID)
            key: object = self._secret
        elif alg in ASYMMETRIC_ALGORITHMS:
            kid = header.get("kid")
            if not isinstance(kid, str) or not kid:
                raise UnauthorizedError(INVALID)
            jwk = await self._signing_key(kid)
            if jwk.algorithm_name != alg:
                raise UnauthorizedError(INVALID)
            key = jwk.key
        else:
            raise UnauthorizedError(INVALID)  # none, HS384, PS256, ... : not what Supabase issues

        try:
            claims = jwt.decode(
                token,
                key,  # type: ignore[arg-type]
                algorithms=[alg],
                audience=AUDIENCE,
                issuer=self.issuer,
                leeway=self._leeway,
                options={"require": ["sub", "exp", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise UnauthorizedError(EXPIRED) from None
        except jwt.PyJWTError:
            raise UnauthorizedError(INVALID) from None
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub:
            raise UnauthorizedError(INVALID)
        email = claims.get("email")
        return AuthUser(id=sub, email=email if isinstance(email, str) and email else None)

    async def _signing_key(self, kid: str) -> PyJWK:
        cached = self._keys.get(kid)
        if cached is not None and time.monotonic() - cached[1] < self._ttl:
            return cached[0]
        try:
            # Blocking urllib inside; PyJWKClient refetches once when the kid is unknown.
            jwk = await asyncio.to_thread(self._jwks.get_signing_key, kid)
        except PyJWKClientConnectionError as exc:
            log.warning("could not fetch Supabase JWKS from %s: %s", self.jwks_url, exc)
            raise ServiceUnavailableError(
                "The sign-in service is unreachable; try again shortly."
            ) from None
        except (PyJWKClientError, jwt.PyJWTError):
            raise UnauthorizedError(INVALID) from None
        self._keys[kid] = (jwk, time.monotonic())
        return jwk
