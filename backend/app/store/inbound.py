"""SQL of the inbound channels (`app/inbound/`): which process works a channel (a session
advisory lock held on one connection), and the receipts that make a retried source find its
document instead of making another (`public.inbound_receipts`)."""

from __future__ import annotations

import uuid

from app.domain import DocumentSource, InboundChannel
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


async def save_source(
    conn: Conn, document_id: uuid.UUID, user_id: str, source: DocumentSource
) -> None:
    """Idempotent: a retried message writes the same row again."""
    await conn.execute(
        """insert into public.document_sources
             (document_id, user_id, channel, subject, sender_name, sender_address, sent_at,
              message_id)
           values ($1, $2::uuid, $3, $4, $5, $6, $7, $8)
           on conflict (document_id) do nothing""",
        document_id,
        user_id,
        source.channel.value,
        source.subject,
        source.sender_name,
        source.sender_address,
        source.sent_at,
        source.message_id,
    )


async def source_of(conn: Conn, user_id: str, document_id: uuid.UUID) -> DocumentSource | None:
    row = await conn.fetchrow(
        """select channel, subject, sender_name, sender_address, sent_at, message_id
             from public.document_sources where document_id = $1 and user_id = $2::uuid""",
        document_id,
        user_id,
    )
    if row is None:
        return None
    return DocumentSource(
        channel=InboundChannel(row["channel"]),
        subject=row["subject"],
        sender_name=row["sender_name"],
        sender_address=row["sender_address"],
        sent_at=row["sent_at"],
        message_id=row["message_id"],
    )
