"""Personal API tokens: long random secrets a person makes for scripts and scanners.

A token is `dst_` and 43 URL-safe characters (256 random bits); the prefix lets secret scanners
(GitHub's, trufflehog) recognise a leaked one. Only its SHA-256 is stored: a plain hash is
enough for a secret this long (no password to guess), and it lets a request's token be found
by one index lookup. Every request with one is looked up again (no cache), so a deleted token
is refused by every API process at once.

`ApiTokenVerifier` sits in front of the session verifier (local HS256 or Supabase): a bearer
token with the prefix is ours, anything else is a session.
"""

from __future__ import annotations

import hashlib
import secrets

import asyncpg

from app.auth import AuthUser, TokenVerifier
from app.errors import UnauthorizedError
from app.store import api_tokens as store

PREFIX = "dst_"
HINT_LENGTH = len(PREFIX) + 4
UNKNOWN = "This API token is unknown or was revoked; make a new one in the web app."


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_api_token(token: str) -> bool:
    return token.startswith(PREFIX)


class ApiTokenVerifier:
    """`TokenVerifier`: personal API tokens from the database, sessions from `sessions`."""

    def __init__(self, pool: asyncpg.Pool, sessions: TokenVerifier) -> None:
        self.pool = pool
        self.sessions = sessions

    async def verify(self, token: str) -> AuthUser:
        if not is_api_token(token):
            return await self.sessions.verify(token)
        found = await store.owner_of(self.pool, token_hash(token))
        if found is None:
            raise UnauthorizedError(UNKNOWN)
        user_id, email = found
        return AuthUser(id=str(user_id), email=email, via_api_token=True)
