"""Is the token's user a user? A signed token outlives its account (deleted in the dashboard,
or by `delete from auth.users`); without this check its requests fail later, deep inside, as a
foreign-key violation (503) instead of the 401 that tells the client to sign in again.

Lookups are cached briefly per process: one primary-key read per user per `TTL_S`, not per
request. A deleted user is refused at most `TTL_S` after the deletion.
"""

from __future__ import annotations

import dataclasses
import time
import uuid

import asyncpg

from app.auth import AuthUser
from app.errors import UnauthorizedError
from app.store import users as user_store

TTL_S = 30.0
INVALID = "Invalid access token."
GONE = "This account no longer exists; sign in again."
_known: dict[str, float] = {}


def checked_id(user: AuthUser) -> AuthUser:
    """The `sub` claim must be a UUID (our user ids are): anything else is not our token."""
    try:
        return dataclasses.replace(user, id=str(uuid.UUID(user.id)))
    except (ValueError, TypeError, AttributeError):
        raise UnauthorizedError(INVALID) from None


async def ensure_exists(pool: asyncpg.Pool, user: AuthUser) -> AuthUser:
    user = checked_id(user)
    now = time.monotonic()
    if _known.get(user.id, 0.0) > now:
        return user
    if not await user_store.exists(pool, user.id):
        _known.pop(user.id, None)
        raise UnauthorizedError(GONE)
    if len(_known) > 10_000:
        _known.clear()
    _known[user.id] = now + TTL_S
    return user


def forget(user_id: str) -> None:
    """For tests and account deletion: the next request looks the user up again."""
    _known.pop(user_id, None)
