"""Personal API tokens: make one (its secret shown once), list, revoke.

Only a signed-in session manages tokens (`app/api/tokens.py` refuses a caller who came with an
API token): a leaked token can upload and read, but cannot make itself a successor or hide by
revoking others.
"""

from __future__ import annotations

import logging
import uuid

from app.auth import AuthUser
from app.auth.api_tokens import HINT_LENGTH, new_token, token_hash
from app.domain import ApiToken
from app.errors import BadRequestError, NotFoundError
from app.runtime import Runtime
from app.store import api_tokens as store

log = logging.getLogger(__name__)
MAX_TOKENS = 50  # per user: enough for every script and scanner, not a table to fill
MAX_NAME = 100


async def create(rt: Runtime, user: AuthUser, name: str) -> tuple[ApiToken, str]:
    """The new token's record and its secret (never stored, never shown again)."""
    name = " ".join(name.split())
    if not name:
        raise BadRequestError("Give the token a name, for example the script that will use it.")
    if len(name) > MAX_NAME:
        raise BadRequestError(f"A token's name is at most {MAX_NAME} characters.")
    if len(await store.list_for_user(rt.pool, user.id)) >= MAX_TOKENS:
        raise BadRequestError(
            f"You have {MAX_TOKENS} API tokens; revoke one you no longer use first."
        )
    secret = new_token()
    token = await store.insert(rt.pool, user.id, name, token_hash(secret), secret[:HINT_LENGTH])
    log.info("API token %s (%r) made for user %s", token.id, name, user.id)
    return token, secret


async def list_tokens(rt: Runtime, user: AuthUser) -> list[ApiToken]:
    return await store.list_for_user(rt.pool, user.id)


async def revoke(rt: Runtime, user: AuthUser, token_id: str) -> None:
    try:
        tid = uuid.UUID(token_id)
    except ValueError:
        raise NotFoundError("No such API token.") from None
    if not await store.delete_for_user(rt.pool, user.id, tid):
        raise NotFoundError("No such API token.")
    log.info("API token %s revoked by user %s", tid, user.id)
