"""SQL about users (local sign-in creates them; Supabase Auth owns them in Supabase mode)."""

from __future__ import annotations

from app.store.types import Conn


async def get_or_create_user(conn: Conn, email: str) -> str:
    row = await conn.fetchrow(
        """insert into auth.users (email) values ($1)
           on conflict (email) do update set updated_at = now()
           returning id""",
        email.strip().lower(),
    )
    if row is None:  # an upsert with `returning` always returns its row
        raise LookupError("expected a user row")
    return str(row["id"])


async def exists(conn: Conn, user_id: str) -> bool:
    return bool(
        await conn.fetchval("select exists (select from auth.users where id = $1::uuid)", user_id)
    )
