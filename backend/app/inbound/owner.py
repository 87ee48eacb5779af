"""Whose documents a channel makes: `INBOX_OWNER` (and later `IMAP_OWNER`) is an e-mail, or a
user id. In local mode an e-mail is signed up like local sign-in does; with Supabase auth the
user must exist (Supabase Auth owns sign-up)."""

from __future__ import annotations

import uuid

from app.auth import AuthUser
from app.runtime import Runtime
from app.store import inbound as store
from app.store import users

# A setting that names nobody stops the start, like any other bad setting (app/config.py).
OwnerNotFoundError = ValueError


async def resolve_owner(rt: Runtime, spec: str) -> AuthUser:
    spec = spec.strip()
    try:
        user_id = str(uuid.UUID(spec))
    except ValueError:
        user_id = None
    if user_id is not None:
        if not await users.exists(rt.pool, user_id):
            raise OwnerNotFoundError(f"The inbox owner {spec} is not a user of this Docstream.")
        return AuthUser(id=user_id)
    if "@" not in spec:
        raise OwnerNotFoundError(f"The inbox owner {spec!r} is neither an e-mail nor a user id.")
    if rt.settings.auth_provider == "local":
        return AuthUser(id=await users.get_or_create_user(rt.pool, spec), email=spec)
    found = await store.user_by_email(rt.pool, spec)
    if found is None:
        raise OwnerNotFoundError(
            f"The inbox owner {spec} has no account yet: sign up in the web app first."
        )
    return AuthUser(id=found, email=spec)
