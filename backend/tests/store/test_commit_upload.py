"""`uploads.record_upload` (`public.commit_upload`): the user's slot lock is released before the
disk flush, yet the upload is on disk when the call returns."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from app.store import uploads
from tests.pipeline.helpers import create_user


@pytest.fixture
async def slow_wal_writer(pg_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection, with the WAL writer's own flush every 10 s instead of 0.2 s, so
    that an upload's commit is on disk only if the upload itself flushed it."""
    conn = await asyncpg.connect(pg_dsn)
    await conn.execute("create extension if not exists pg_walinspect")
    await conn.execute("alter system set wal_writer_delay = '10s'")
    await conn.execute("select pg_reload_conf()")
    try:
        yield conn
    finally:
        await conn.execute("alter system reset wal_writer_delay")
        await conn.execute("select pg_reload_conf()")
        await conn.close()


async def test_the_upload_is_on_disk_when_the_record_returns(
    slow_wal_writer: asyncpg.Connection, db: asyncpg.Pool
) -> None:
    conn = slow_wal_writer
    user_id = await create_user(db)
    document_id = str(uuid.uuid4())
    start = await conn.fetchval("select pg_current_wal_insert_lsn()")
    recorded = await uploads.record_upload(
        conn,
        document_id=document_id,
        user_id=user_id,
        filename="a.pdf",
        file_path=f"{user_id}/{document_id}/a.pdf",
        mime_type="application/pdf",
        size=3,
        sha256=uuid.uuid4().hex,
        lease_owner="test-commit-upload",
        lease_ttl_s=30,
        limit=1000,
        storage_limit_bytes=1 << 30,
    )
    try:
        assert recorded is not None
        assert str(recorded[0].id) == document_id
        # pg_walinspect reads only WAL that is flushed: the commit of the transaction that
        # inserted the document must be among it.
        committed = await conn.fetchval(
            """select count(*) from pg_get_wal_records_info($1, pg_current_wal_flush_lsn())
               where resource_manager = 'Transaction' and record_type = 'COMMIT'
                 and xid = (select xmin from public.documents where id = $2)::text::xid""",
            start,
            uuid.UUID(document_id),
        )
        assert committed == 1
        # The lock was released by that first commit; nothing of the upload holds it now.
        assert await conn.fetchval("select count(*) from pg_locks where locktype = 'advisory'") == 0
    finally:
        await conn.execute("delete from public.documents where id = $1", uuid.UUID(document_id))
