"""SQL about personal API tokens (`public.api_tokens`): stored as a hash, looked up by it,
deleted to revoke. Every query but the lookup is scoped to its owner."""

from __future__ import annotations

import uuid
from typing import Any

from app.domain import ApiToken
from app.store.types import Conn

# A request marks its token used at most once a minute: the list says "last used" to the
# minute, and a script calling in a loop does not write a row per request.
TOUCH_INTERVAL = "1 minute"
_COLUMNS = "id, name, hint, created_at, last_used_at"


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=row["id"],
        name=row["name"],
        hint=row["hint"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
    )


async def insert(conn: Conn, user_id: str, name: str, token_hash: str, hint: str) -> ApiToken:
    row = await conn.fetchrow(
        f"""insert into public.api_tokens (user_id, name, token_hash, hint)
            values ($1::uuid, $2, $3, $4) returning {_COLUMNS}""",
        user_id,
        name,
        token_hash,
        hint,
    )
    return _token(row)


async def list_for_user(conn: Conn, user_id: str) -> list[ApiToken]:
    rows = await conn.fetch(
        f"""select {_COLUMNS} from public.api_tokens where user_id = $1::uuid
            order by created_at desc, id""",
        user_id,
    )
    return [_token(r) for r in rows]


async def delete_for_user(conn: Conn, user_id: str, token_id: uuid.UUID) -> bool:
    status = await conn.execute(
        "delete from public.api_tokens where id = $1 and user_id = $2::uuid", token_id, user_id
    )
    return status == "DELETE 1"


async def owner_of(conn: Conn, token_hash: str) -> tuple[uuid.UUID, str | None] | None:
    """(user id, e-mail) of the token with this hash, marking it used (at most once per
    `TOUCH_INTERVAL`); None for an unknown or revoked token."""
    row = await conn.fetchrow(
        f"""with found as (
              select t.id, t.user_id, t.last_used_at, u.email
                from public.api_tokens t join auth.users u on u.id = t.user_id
               where t.token_hash = $1),
            touched as (
              update public.api_tokens a set last_used_at = now() from found
               where a.id = found.id
                 and (found.last_used_at is null
                      or found.last_used_at < now() - interval '{TOUCH_INTERVAL}'))
            select user_id, email from found""",
        token_hash,
    )
    if row is None:
        return None
    return row["user_id"], row["email"]
