"""SQL for what a person changes by hand (metadata edits) and for duplicate uploads.

An edit writes the field and marks it in `edited_fields` in one statement, so the metadata
job (`store/jobs.py::save_metadata`), which skips marked fields, can never slip in between.
A duplicate upload copies its original's OCR result and metadata in the transaction that
inserts it: it is searchable and readable at once, without a second OCR or usage count.
"""

from __future__ import annotations

from typing import Any

from app.domain import Document
from app.store.documents import ROW_COLUMNS, to_document
from app.store.types import Conn, Connection


async def update_metadata(
    conn: Conn, user_id: str, document_id: str, changes: dict[str, Any]
) -> Document | None:
    """Set the given fields (keys among EDITABLE_FIELDS) and mark them edited. `None` when the
    document is not the user's."""
    row = await conn.fetchrow(
        f"""update documents set
              display_name = case when $3::boolean then $4::text else display_name end,
              tags = case when $5::boolean then $6::text[] else tags end,
              summary = case when $7::boolean then $8::text else summary end,
              edited_fields = array(select distinct f from unnest(edited_fields || $9::text[]) f
                                    order by f)
            where id = $1 and user_id = $2 returning {ROW_COLUMNS}""",
        document_id,
        user_id,
        "display_name" in changes,
        changes.get("display_name"),
        "tags" in changes,
        changes.get("tags"),
        "summary" in changes,
        changes.get("summary"),
        sorted(changes),
    )
    return None if row is None else to_document(row)


async def keep_duplicate(conn: Conn, user_id: str, document_id: str) -> Document | None:
    """The person keeps the duplicate as a document of its own: it is no longer flagged."""
    row = await conn.fetchrow(
        f"""update documents set duplicate_of = null where id = $1 and user_id = $2
            returning {ROW_COLUMNS}""",
        document_id,
        user_id,
    )
    return None if row is None else to_document(row)


async def find_original(conn: Connection, user_id: str, sha256: str) -> Document | None:
    """The user's earliest processed, non-duplicate document with these bytes, share-locked so
    it cannot be deleted before the duplicate's insert commits. Only this user's documents are
    looked at: another user's identical file is none of their business."""
    row = await conn.fetchrow(
        f"""select {ROW_COLUMNS} from documents
            where user_id = $1 and sha256 = $2 and status = 'ocr_complete'
              and duplicate_of is null
            order by created_at, id limit 1
            for share""",
        user_id,
        sha256,
    )
    return None if row is None else to_document(row)


async def insert_duplicate(
    conn: Connection,
    *,
    document_id: str,
    original: Document,
    filename: str,
    file_path: str,
    mime_type: str,
    size: int,
) -> Document:
    """Inside the upload's transaction: the new row, born `ocr_complete` with its original's
    text and metadata, flagged `duplicate_of`. Never usage-counted (`usage_counted_at` null and
    not in flight, so it takes no quota slot either)."""
    row = await conn.fetchrow(
        f"""insert into documents (id, user_id, filename, file_path, mime_type, file_size_bytes,
                                   sha256, status, page_count, pages_done, display_name, tags,
                                   summary, metadata_status, duplicate_of)
            select $1, user_id, $3, $4, $5, $6, sha256, 'ocr_complete', page_count, page_count,
                   display_name, tags, summary,
                   case when metadata_status = 'complete' then 'complete' else 'pending' end, id
            from documents where id = $2
            returning {ROW_COLUMNS}""",
        document_id,
        original.id,
        filename,
        file_path,
        mime_type,
        size,
    )
    await conn.execute(
        """insert into ocr_results (document_id, user_id, text, pages, tables_html, page_count,
                                    model, processing_time_ms, usage_info, layout)
           select $1, user_id, text, pages, tables_html, page_count, model, 0, '{}'::jsonb, layout
           from ocr_results where document_id = $2""",
        document_id,
        original.id,
    )
    return to_document(row)
