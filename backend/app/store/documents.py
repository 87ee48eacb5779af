"""Every SQL statement about documents, OCR results and usage, in one place.

Functions take a connection (or pool) and ids, and return records or plain values; they know
nothing of HTTP. Writes made on behalf of a background job are conditional on its lease token,
so a job that lost its lease cannot overwrite a newer attempt.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

# What clients see of a document (the API's Document schema); never paths, hashes or leases.
PUBLIC_COLUMNS = """id, filename, mime_type, file_size_bytes, status, page_count, pages_done,
    display_name, tags, summary, metadata_status, error_message, retry_count, created_at,
    updated_at"""

Conn = asyncpg.Connection | asyncpg.Pool


def month_start(now: dt.datetime | None = None) -> dt.date:
    now = now or dt.datetime.now(dt.UTC)
    return dt.date(now.year, now.month, 1)


# --- reads -----------------------------------------------------------------------------------
async def get_for_user(conn: Conn, user_id: str, document_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"select {PUBLIC_COLUMNS}, file_path from documents where id = $1 and user_id = $2",
        document_id, user_id,
    )


async def get_internal(conn: Conn, document_id: str) -> asyncpg.Record | None:
    """The whole row, for background jobs (which act for the owner, whoever that is)."""
    return await conn.fetchrow("select * from documents where id = $1", document_id)


async def list_for_user(conn: Conn, user_id: str, limit: int, offset: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""select {PUBLIC_COLUMNS} from documents where user_id = $1
            order by created_at desc, id desc limit $2 offset $3""",
        user_id, limit, offset,
    )


async def get_ocr_excerpt(conn: Conn, document_id: str, max_chars: int,
                          page: int | None = None) -> asyncpg.Record | None:
    """What an agent reads: at most `max_chars` of the text (or of one 1-based page), without
    shipping the whole result (megabytes for a long document) to the API."""
    return await conn.fetchrow(
        """select left(case when $3::int is null then text
                            else pages -> ($3::int - 1) ->> 'markdown' end, $2) as text,
                  length(text) as total_chars, page_count
           from ocr_results where document_id = $1""",
        document_id, max_chars, page,
    )


async def get_ocr_result(conn: Conn, document_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select text, page_count from ocr_results where document_id = $1", document_id
    )


async def uploads_counted_this_month(conn: Conn, user_id: str) -> int:
    """Processed this month plus still in flight, so a burst cannot overshoot the limit."""
    return await conn.fetchval(
        """select coalesce((select documents_processed from usage
                             where user_id = $1 and period = $2), 0)
                + (select count(*) from documents where user_id = $1
                    and status in ('uploading', 'processing') and created_at >= $2)""",
        user_id, month_start(),
    )


# --- upload, retry, delete -------------------------------------------------------------------
async def insert_uploaded(conn: Conn, *, document_id: str, user_id: str, filename: str,
                          file_path: str, mime_type: str, size: int, sha256: str,
                          lease_owner: str, lease_ttl_s: float) -> asyncpg.Record:
    """The row that makes an upload durable: born `uploading` and leased to this process, so
    the recovery sweeper takes it over if this process dies before processing it."""
    return await conn.fetchrow(
        f"""insert into documents (id, user_id, filename, file_path, mime_type, file_size_bytes,
                                   sha256, status, lease_owner, lease_token, lease_expires_at)
            values ($1, $2, $3, $4, $5, $6, $7, 'uploading', $8, gen_random_uuid(),
                    now() + make_interval(secs => $9))
            returning {PUBLIC_COLUMNS}""",
        document_id, user_id, filename, file_path, mime_type, size, sha256, lease_owner, lease_ttl_s,
    )


async def requeue_for_retry(conn: Conn, user_id: str, document_id: str, lease_owner: str,
                            lease_ttl_s: float) -> asyncpg.Record | None:
    """User-initiated retry: only `failed`, or `uploading` that nobody holds a live lease on."""
    return await conn.fetchrow(
        f"""update documents set status = 'uploading', error_message = null, pages_done = 0,
                   retry_count = 0, lease_owner = $3, lease_token = gen_random_uuid(),
                   lease_expires_at = now() + make_interval(secs => $4)
            where id = $1 and user_id = $2
              and (status = 'failed'
                   or (status = 'uploading'
                       and (lease_expires_at is null or lease_expires_at < now())))
            returning {PUBLIC_COLUMNS}""",
        document_id, user_id, lease_owner, lease_ttl_s,
    )


async def delete_for_user(conn: Conn, user_id: str, document_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "delete from documents where id = $1 and user_id = $2 returning id, file_path",
        document_id, user_id,
    )


# --- the OCR job -----------------------------------------------------------------------------
async def claim_for_ocr(conn: Conn, document_id: str, lease_owner: str,
                        lease_ttl_s: float) -> asyncpg.Record | None:
    """`uploading → processing` for exactly one claimant; returns the row with its new token.

    Claimable: held by this process (queued here), released, or with an expired lease.
    """
    return await conn.fetchrow(
        """update documents set status = 'processing', pages_done = 0, error_message = null,
                  lease_owner = $2, lease_token = gen_random_uuid(),
                  lease_expires_at = now() + make_interval(secs => $3), heartbeat_at = now()
           where id = $1 and status = 'uploading'
             and (lease_owner = $2 or lease_token is null or lease_expires_at < now())
           returning *""",
        document_id, lease_owner, lease_ttl_s,
    )


async def record_progress(conn: Conn, document_id: str, token: Any, done: int, total: int) -> bool:
    result = await conn.execute(
        """update documents set pages_done = $3, page_count = $4
           where id = $1 and lease_token = $2 and status = 'processing'""",
        document_id, token, done, total,
    )
    return result != "UPDATE 0"


async def lock_if_leased(conn: asyncpg.Connection, document_id: str, token: Any) -> asyncpg.Record | None:
    """Inside a transaction: lock the row iff `token` still holds its lease."""
    return await conn.fetchrow(
        "select * from documents where id = $1 and lease_token = $2 for update", document_id, token
    )


async def save_ocr_complete(conn: asyncpg.Connection, doc: asyncpg.Record, *, text: str,
                            pages: list[dict], tables_html: list[str], page_count: int,
                            model: str, processing_time_ms: int, usage_info: dict,
                            layout: dict) -> None:
    """Within the caller's transaction, holding the row lock from `lock_if_leased`: upsert the
    result, mark the document, and count usage exactly once per document."""
    await conn.execute(
        """insert into ocr_results (document_id, user_id, text, pages, tables_html, page_count,
                                    model, processing_time_ms, usage_info, layout)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           on conflict (document_id) do update set text = excluded.text, pages = excluded.pages,
               tables_html = excluded.tables_html, page_count = excluded.page_count,
               model = excluded.model, processing_time_ms = excluded.processing_time_ms,
               usage_info = excluded.usage_info, layout = excluded.layout""",
        doc["id"], doc["user_id"], text, pages, tables_html, page_count, model,
        processing_time_ms, usage_info, layout,
    )
    if doc["usage_counted_at"] is None:
        await conn.execute(
            """insert into usage (user_id, period, documents_processed, pages_processed)
               values ($1, $2, 1, $3)
               on conflict (user_id, period) do update set
                 documents_processed = usage.documents_processed + 1,
                 pages_processed = usage.pages_processed + excluded.pages_processed""",
            doc["user_id"], month_start(), page_count,
        )
    await conn.execute(
        """update documents set status = 'ocr_complete', page_count = $2, pages_done = $2,
                  error_message = null, metadata_status = 'pending', metadata_error = null,
                  usage_counted_at = coalesce(usage_counted_at, now())
           where id = $1""",
        doc["id"], page_count,
    )


async def mark_failed(conn: Conn, document_id: str, token: Any, message: str) -> bool:
    result = await conn.execute(
        """update documents set status = 'failed', error_message = $3, lease_owner = null,
                  lease_token = null, lease_expires_at = null
           where id = $1 and lease_token = $2""",
        document_id, token, message,
    )
    return result != "UPDATE 0"


async def release_lease(conn: Conn, document_id: str, token: Any) -> None:
    await conn.execute(
        """update documents set lease_owner = null, lease_token = null, lease_expires_at = null
           where id = $1 and lease_token = $2""",
        document_id, token,
    )


async def heartbeat(conn: Conn, lease_owner: str, lease_ttl_s: float) -> int:
    """Extend every live lease this process holds; one statement however many jobs run."""
    result = await conn.execute(
        """update documents set lease_expires_at = now() + make_interval(secs => $2),
                  heartbeat_at = now()
           where lease_owner = $1 and lease_expires_at > now()""",
        lease_owner, lease_ttl_s,
    )
    return int(result.split()[-1])


async def release_all(conn: Conn, lease_owner: str) -> int:
    """Graceful shutdown: hand every unfinished document back at once (no retry counted)."""
    result = await conn.execute(
        """update documents set lease_owner = null, lease_token = null, lease_expires_at = null,
                  status = case when status = 'processing' then 'uploading' else status end
           where lease_owner = $1""",
        lease_owner,
    )
    return int(result.split()[-1])


# --- metadata --------------------------------------------------------------------------------
async def claim_for_metadata(conn: Conn, document_id: str, lease_owner: str, lease_ttl_s: float,
                             user_id: str | None = None) -> asyncpg.Record | None:
    """For Regenerate and recovery: take the lease of an OCR-complete document nobody holds."""
    return await conn.fetchrow(
        """update documents set metadata_status = 'generating', metadata_error = null,
                  lease_owner = $2, lease_token = gen_random_uuid(),
                  lease_expires_at = now() + make_interval(secs => $3)
           where id = $1 and status = 'ocr_complete' and ($4::uuid is null or user_id = $4)
             and (lease_token is null or lease_expires_at < now())
           returning *""",
        document_id, lease_owner, lease_ttl_s, user_id,
    )


async def set_metadata_status(conn: Conn, document_id: str, token: Any, status: str,
                              error: str | None = None) -> bool:
    result = await conn.execute(
        """update documents set metadata_status = $3, metadata_error = $4
           where id = $1 and lease_token = $2""",
        document_id, token, status, error,
    )
    return result != "UPDATE 0"


async def save_metadata(conn: Conn, document_id: str, token: Any, display_name: str,
                        tags: list[str], summary: str) -> bool:
    result = await conn.execute(
        """update documents set display_name = $3, tags = $4, summary = $5
           where id = $1 and lease_token = $2""",
        document_id, token, display_name, tags, summary,
    )
    return result != "UPDATE 0"
