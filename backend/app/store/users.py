"""SQL about users (local sign-in creates them; Supabase Auth owns them in Supabase mode)."""

from __future__ import annotations

import asyncpg


async def get_or_create_user(conn: asyncpg.Connection | asyncpg.Pool, email: str) -> str:
    row = await conn.fetchrow(
        """insert into auth.users (email) values ($1)
           on conflict (email) do update set updated_at = now()
           returning id""",
        email.strip().lower(),
    )
    return str(row["id"])


async def exists(conn: asyncpg.Connection | asyncpg.Pool, user_id: str) -> bool:
    return bool(await conn.fetchval("select exists (select from auth.users where id = $1::uuid)",
                                    user_id))
