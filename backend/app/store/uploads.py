"""SQL for what an upload makes: the document, its first OCR job and a quota slot in one
round trip, or a duplicate of an original the user already has.

A duplicate upload takes its original's metadata in the transaction that inserts it, and
shares its stored file and OCR result (`content_of`): it is searchable and readable at once,
without a second OCR, usage count, stored copy or copied text (issue 27: re-uploads used to
multiply disk and database). Every document's file size counts toward the storage quota,
duplicates included.
"""

from __future__ import annotations

import uuid

import asyncpg

from app.domain import Document, Job, JobKind, JobState
from app.store.documents import ROW_COLUMNS, ROW_COLUMNS_D, month_start, to_document
from app.store.types import Conn, Connection


class QuotaFullError(Exception):
    """`record_upload` found no free slot: nothing was recorded."""


class StorageFullError(Exception):
    """The upload would take the user past the storage quota: nothing was recorded."""


async def record_upload(
    conn: Conn,
    *,
    document_id: uuid.UUID,
    user_id: str,
    filename: str,
    file_path: str,
    mime_type: str,
    size: int,
    sha256: str,
    lease_owner: str | None,
    lease_ttl_s: float,
    limit: int,
    storage_limit_bytes: int,
) -> tuple[Document, Job] | None:
    """A new upload made durable in ONE round trip, outside any transaction: the document,
    its first OCR job and a quota slot, committed together, and the commit flushed to disk
    before this returns (`public.commit_upload`; see its migration for why the user's slot lock
    is released before the flush). None when the user already has a processed original of
    these bytes (record a duplicate instead); `QuotaFullError` when no slot is free (nothing
    was recorded); `StorageFullError` when its bytes would pass the storage quota."""
    job_id = uuid.uuid4()
    lease_token = uuid.uuid4() if lease_owner is not None else None
    try:
        row = await conn.fetchrow(
            "call public.commit_upload("
            "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            document_id,
            uuid.UUID(user_id),
            filename,
            file_path,
            mime_type,
            size,
            sha256,
            job_id,
            lease_owner,
            lease_token,
            lease_ttl_s,
            limit,
            month_start(),
            storage_limit_bytes,
        )
    except asyncpg.RaiseError as exc:
        if "upload quota exceeded" in str(exc):
            raise QuotaFullError from None
        if "storage quota exceeded" in str(exc):
            raise StorageFullError from None
        raise
    recorded = row["doc"] if row is not None else None
    if recorded is None or recorded["id"] is None:  # a processed original: nothing recorded
        return None
    values = dict(recorded)  # the whole `documents` row, as a composite
    values["usage_counted"] = values["usage_counted_at"] is not None
    doc = to_document(values)
    return doc, Job(
        id=job_id,
        document_id=doc.id,
        kind=JobKind.OCR,
        state=JobState.QUEUED,
        attempt=1,
        lease_owner=lease_owner,
        lease_token=lease_token,
    )


async def flush_commits(conn: Conn) -> None:
    """Return only once every commit made so far is on disk: a transaction that writes WAL (a
    transactional logical message: no table, no lock) commits with a flush up to itself. For
    an upload found committed after `record_upload` failed part-way: its commit may not have
    been flushed yet."""
    await conn.execute("select pg_catalog.pg_logical_emit_message(true, 'docstream', 'flush')")


async def find_original(conn: Connection, user_id: str, sha256: str) -> Document | None:
    """The user's earliest processed, non-duplicate document with these bytes, share-locked
    with the root whose content it reads (itself, or its `content_of`), so neither can be
    deleted (nor the content handed on) before the duplicate's insert commits. None also when
    the root went in between: the caller looks again. Only this user's documents are looked
    at: another user's identical file is none of their business."""
    row = await conn.fetchrow(
        f"""select {ROW_COLUMNS_D} from documents d
              join documents r on r.id = coalesce(d.content_of, d.id)
            where d.user_id = $1 and d.sha256 = $2 and d.status = 'ocr_complete'
              and d.duplicate_of is null
            order by d.created_at, d.id limit 1
            for share of d, r""",
        user_id,
        sha256,
    )
    return None if row is None else to_document(row)


async def storage_used(conn: Conn, user_id: str) -> int:
    """Bytes counted toward the storage quota: every document's file, duplicates included."""
    return int(await conn.fetchval("select public.storage_bytes_used($1)", user_id))


async def lock_storage(conn: Connection, user_id: str) -> int:
    """Inside a transaction: the user's slot lock (the one `record_upload` takes), then
    `storage_used`; held to the commit."""
    await conn.execute("select pg_advisory_xact_lock(hashtextextended($1::text, 7272))", user_id)
    return await storage_used(conn, user_id)


async def insert_duplicate(
    conn: Connection,
    *,
    document_id: uuid.UUID,
    original: Document,
    filename: str,
    mime_type: str,
) -> Document:
    """Inside the upload's transaction (after `find_original` locked the original and its
    root): the new row, born `ocr_complete` with its original's metadata, flagged
    `duplicate_of`, reading the root's file and OCR result (`content_of`, `file_path`): nothing
    is copied. Never usage-counted (`usage_counted_at` null and not in flight, so it takes no
    quota slot either); its size counts toward the storage quota."""
    row = await conn.fetchrow(
        f"""insert into documents (id, user_id, filename, file_path, mime_type, file_size_bytes,
                                   sha256, status, page_count, pages_done, display_name, tags,
                                   summary, metadata_status, duplicate_of, content_of, no_text,
                                   language, text_truncated, facts)
            select $1, user_id, $3, file_path, $4, file_size_bytes, sha256, 'ocr_complete',
                   page_count, page_count, display_name, tags, summary,
                   case when metadata_status = 'complete' then 'complete' else 'pending' end, id,
                   coalesce(content_of, id), no_text, language, text_truncated, facts
            from documents where id = $2
            returning {ROW_COLUMNS}""",
        document_id,
        original.id,
        filename,
        mime_type,
    )
    return to_document(row)
