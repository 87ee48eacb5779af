"""SQL of the inbound channels (`app/inbound/`): which process works a channel (a session
advisory lock held on one connection), and the receipts that make a retried source find its
document instead of making another (`public.inbound_receipts`)."""

from __future__ import annotations

import uuid

from app.store.types import Conn, Connection

# Advisory lock keys of the channels (the migration runner uses 727274).
FOLDER_LOCK = 727275
IMAP_LOCK = 727276


async def try_lock(conn: Connection, key: int) -> bool:
    """Take the channel's lock for this connection's session, if nobody holds it. The caller
    keeps the connection while it works the channel, and `unlock`s it before giving it back."""
    return bool(await conn.fetchval("select pg_try_advisory_lock($1)", key))


async def holds_lock(conn: Connection, key: int) -> bool:
    """Still ours? (A broken connection lost it, and another process may have taken it.)"""
    return bool(
        await conn.fetchval(
            """select exists (select from pg_locks
                where locktype = 'advisory' and granted and pid = pg_backend_pid()
                  and classid = 0 and objid = $1 and objsubid = 1)""",
            key,
        )
    )


async def unlock(conn: Connection, key: int) -> None:
    await conn.execute("select pg_advisory_unlock($1)", key)


async def claim(
    conn: Conn, channel: str, source_key: str, user_id: str, document_id: uuid.UUID
) -> uuid.UUID:
    """The document id recorded for this source: `document_id`, recorded now, or the one an
    earlier attempt recorded."""
    found = await conn.fetchval(
        """with new as (
             insert into public.inbound_receipts (channel, source_key, user_id, document_id)
             values ($1, $2, $3::uuid, $4) on conflict do nothing returning document_id)
           select document_id from new
           union all
           select document_id from public.inbound_receipts
            where channel = $1 and source_key = $2
           limit 1""",
        channel,
        source_key,
        user_id,
        document_id,
    )
    if found is None:  # another process's insert committed after this statement began
        found = await conn.fetchval(
            "select document_id from public.inbound_receipts where channel = $1 and source_key = $2",
            channel,
            source_key,
        )
    if found is None:
        raise LookupError("expected an inbound receipt")
    return uuid.UUID(str(found))


async def forget(conn: Conn, channel: str, source_key: str) -> None:
    """A refused source: a new attempt (the person moved it back) is a new document."""
    await conn.execute(
        "delete from public.inbound_receipts where channel = $1 and source_key = $2",
        channel,
        source_key,
    )


async def user_by_email(conn: Conn, email: str) -> str | None:
    found = await conn.fetchval(
        "select id from auth.users where lower(email) = lower($1)", email.strip()
    )
    return str(found) if found is not None else None
