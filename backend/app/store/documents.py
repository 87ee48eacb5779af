"""SQL about documents, OCR results, usage and the timeline, as seen by their owner.

Functions take a connection (or pool) and ids, and return domain types; they know nothing of
HTTP. What a background job writes lives in `store/jobs.py` (and `store/edits.py`,
`store/recovery.py`), where every write is conditional on the job's lease.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from app.domain import (
    DOCUMENT_PUBLIC_COLUMNS,
    Document,
    DocumentEvent,
    DocumentStatus,
    JobKind,
    MetadataStatus,
    OcrExcerpt,
    PageTurn,
)
from app.metadata.facts import visible_facts
from app.store.types import Conn, Connection

PUBLIC_COLUMNS = ", ".join(DOCUMENT_PUBLIC_COLUMNS)
ROW_COLUMNS = (
    f"{PUBLIC_COLUMNS}, file_path, sha256, content_of,"
    " usage_counted_at is not null as usage_counted, ocr_language"
)
ROW_COLUMNS_D = ", ".join(f"d.{c}" for c in DOCUMENT_PUBLIC_COLUMNS) + (
    ", d.file_path, d.sha256, d.content_of, d.usage_counted_at is not null as usage_counted,"
    " d.ocr_language"
)
# The OCR result a document reads: its own, or the one it shares (`content_of`).
TEXT_SOURCE = "(select coalesce(s.content_of, s.id) from documents s where s.id = $1)"


def to_document(row: asyncpg.Record | dict[str, Any] | None) -> Document:
    if row is None:  # the statement always returns a row; a None is a bug, not a state
        raise LookupError("expected a document row")
    values = dict(row)
    return Document(
        id=values["id"],
        user_id=values["user_id"],
        filename=values["filename"],
        mime_type=values["mime_type"],
        file_size_bytes=values["file_size_bytes"],
        status=DocumentStatus(values["status"]),
        page_count=values["page_count"],
        pages_done=values["pages_done"],
        display_name=values["display_name"],
        tags=list(values["tags"]),
        summary=values["summary"],
        metadata_status=MetadataStatus(values["metadata_status"]),
        metadata_error=values["metadata_error"],
        error_code=values["error_code"],
        error_message=values["error_message"],
        retry_count=values["retry_count"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        duplicate_of=values.get("duplicate_of"),
        edited_fields=list(values.get("edited_fields") or []),
        no_text=bool(values.get("no_text", False)),
        language=values.get("language"),
        facts=visible_facts(_json_object(values.get("facts"))),
        text_truncated=bool(values.get("text_truncated", False)),
        content_of=values.get("content_of"),
        file_path=values.get("file_path", ""),
        sha256=values.get("sha256", ""),
        usage_counted=bool(values.get("usage_counted", False)),
        ocr_language=values.get("ocr_language"),
    )


def _json_object(value: object) -> dict[str, Any]:
    """A jsonb object as a dict; inside a composite row (`commit_upload`) it may be its text."""
    if isinstance(value, str):
        value = json.loads(value)
    return dict(value) if isinstance(value, dict) else {}


def _maybe(row: asyncpg.Record | None) -> Document | None:
    return None if row is None else to_document(row)


def month_start(now: dt.datetime | None = None) -> dt.date:
    now = now or dt.datetime.now(dt.UTC)
    return dt.date(now.year, now.month, 1)


# --- reads -----------------------------------------------------------------------------------
async def get_for_user(conn: Conn, user_id: str, document_id: uuid.UUID) -> Document | None:
    return _maybe(
        await conn.fetchrow(
            f"select {ROW_COLUMNS} from documents where id = $1 and user_id = $2",
            document_id,
            user_id,
        )
    )


async def get(conn: Conn, document_id: uuid.UUID) -> Document | None:
    """For background jobs, which act for the owner, whoever that is."""
    return _maybe(
        await conn.fetchrow(f"select {ROW_COLUMNS} from documents where id = $1", document_id)
    )


async def get_public_json(conn: Conn, document_id: uuid.UUID) -> dict[str, Any] | None:
    """The public columns as JSON-ready values (the change feed's fallback for big rows)."""
    row = await conn.fetchrow(
        f"select to_jsonb(d) as doc from (select {PUBLIC_COLUMNS} from documents where id = $1) d",
        document_id,
    )
    return None if row is None else dict(row["doc"])


async def owner_of(conn: Conn, document_id: uuid.UUID) -> uuid.UUID | None:
    """Whose document it is (OCR admission takes turns between users); None when gone."""
    owner: uuid.UUID | None = await conn.fetchval(
        "select user_id from documents where id = $1", document_id
    )
    return owner


async def events_for(conn: Conn, document_id: uuid.UUID) -> list[DocumentEvent]:
    rows = await conn.fetch(
        """select event, attempt, error_code, message, created_at from document_events
           where document_id = $1 order by id""",
        document_id,
    )
    return [
        DocumentEvent(
            event=r["event"],
            attempt=r["attempt"],
            error_code=r["error_code"],
            message=r["message"],
            at=r["created_at"],
        )
        for r in rows
    ]


async def get_ocr_excerpt(
    conn: Conn, document_id: uuid.UUID, max_chars: int, page: int | None = None
) -> OcrExcerpt | None:
    """What an agent reads: at most `max_chars` of the text (or of one 1-based page), without
    shipping the whole result (megabytes for a long document) to the API."""
    row = await conn.fetchrow(
        f"""select left(case when $3::int is null then text
                            else pages -> ($3::int - 1) ->> 'markdown' end, $2) as text,
                  length(text) as total_chars, page_count
           from ocr_results where document_id = {TEXT_SOURCE}""",
        document_id,
        max_chars,
        page,
    )
    if row is None:
        return None
    return OcrExcerpt(row["text"], row["total_chars"] or 0, row["page_count"])


# A heading in a page's text: a Markdown heading (Mistral), or a short line in capitals (a
# section title as Tesseract reads it).
_HEADING = r"^(#{1,6} .+|[[:upper:][:digit:]][[:upper:][:digit:] .,:;&/()'-]{3,70})$"


async def get_ocr_pages_sample(
    conn: Conn, document_id: uuid.UUID, first_chars: int, page_chars: int
) -> list[tuple[int, str, bool]]:
    """Each page of a long document as a bounded sample: (1-based page, text, whole?). The
    pages up to `first_chars` in all and the last page come whole (at most `page_chars` of
    the last); every other page only its heading lines. Cut in the database: the whole
    text never comes to the API."""
    rows = await conn.fetch(
        f"""select x.n::int as n, x.n = x.total or x.before < $2 as whole,
                  case when x.before < $2 then left(x.md, ($2 - x.before)::int)
                       when x.n = x.total then left(x.md, $3)
                       else left(coalesce((select string_agg(l, E'\n')
                                           from regexp_split_to_table(x.md, E'\n') l
                                           where l ~ $4), ''), 300) end as text
           from (select p.n, p.e ->> 'markdown' as md, jsonb_array_length(o.pages) as total,
                        coalesce(sum(length(p.e ->> 'markdown'))
                          over (order by p.n rows between unbounded preceding
                                and 1 preceding), 0) as before
                 from ocr_results o, jsonb_array_elements(o.pages) with ordinality p(e, n)
                 where o.document_id = {TEXT_SOURCE}) x
           order by x.n""",
        document_id,
        first_chars,
        page_chars,
        _HEADING,
    )
    return [(r["n"], r["text"] or "", bool(r["whole"])) for r in rows]


async def ocr_text_chunk(
    conn: Conn, document_id: uuid.UUID, start: int, max_chars: int
) -> str | None:
    """`max_chars` characters of the document's OCR text from `start` (0-based), '' past the
    end, None when there is no text. A long text is read in pieces like this, each on its own
    round trip: it is never held whole by the API, nor built on its event loop (issue 27)."""
    return await conn.fetchval(
        f"select substr(text, $2::int + 1, $3::int) from ocr_results where document_id = {TEXT_SOURCE}",
        document_id,
        start,
        max_chars,
    )


async def get_page_turns(
    conn: Conn, document_id: uuid.UUID, first: int = 0, count: int | None = None
) -> list[PageTurn]:
    """Each page's turn and language as the OCR stored them (pages `first` on, `count` of
    them; all by default). A result from before turns were stored reads as upright."""
    rows = await conn.fetch(
        f"""select (p.n - 1)::int as index, p.page ->> 'orientation' as orientation,
                  p.page ->> 'skew' as skew, p.page ->> 'language' as language
           from ocr_results r
           cross join lateral jsonb_array_elements(r.pages) with ordinality as p(page, n)
           where r.document_id = {TEXT_SOURCE} and p.n > $2 and ($3::int is null or p.n <= $2 + $3)
           order by p.n""",
        document_id,
        first,
        count,
    )
    return [
        PageTurn(
            index=r["index"],
            orientation=int(r["orientation"] or 0),
            skew=float(r["skew"] or 0.0),
            language=r["language"],
        )
        for r in rows
    ]


# --- quota -----------------------------------------------------------------------------------
# Defined once, in SQL (`public.upload_slots_used`, migration 20261128130000_record_upload):
# the exact check inside `public.record_upload` and Retry's (`lock_quota`) use it too.
QUOTA_USED = "select public.upload_slots_used($1, $2)"


async def quota_used(conn: Conn, user_id: str) -> int:
    """Slots taken this month: documents processed (counted once, even if deleted since) plus
    documents acknowledged and still in flight. Failed, never-processed documents free theirs."""
    return int(await conn.fetchval(QUOTA_USED, user_id, month_start()))


async def lock_quota(conn: Connection, user_id: str) -> int:
    """Inside a transaction: serialise this user's slot reservations, then count (rows this
    transaction inserted included). Two uploads of one user cannot both see the last free slot.
    The lock lasts until the commit: take it as late as possible."""
    await conn.execute("select pg_advisory_xact_lock(hashtextextended($1::text, 7272))", user_id)
    return int(await conn.fetchval(QUOTA_USED, user_id, month_start()))


# --- upload, retry, delete -------------------------------------------------------------------
async def reset_for_retry(
    conn: Connection, document_id: uuid.UUID, ocr_language: str | None = None
) -> Document:
    """A user's Retry, inside the transaction that also creates the new OCR job; the language
    they chose for reading it (None: detected per page)."""
    row = await conn.fetchrow(
        f"""update documents set status = 'uploading', error_code = null, error_message = null,
                   pages_done = 0, retry_count = 0, ocr_language = $2
            where id = $1 returning {ROW_COLUMNS}""",
        document_id,
        ocr_language,
    )
    return to_document(row)


async def recent_ocr_runs(conn: Conn, document_id: uuid.UUID, within_s: float) -> int:
    """OCR runs created for the document in the last `within_s` seconds (Retry's limit).
    Only whole-document runs a person started count (the upload's, Retry's): the page-range
    runs a long document is split into are parts of one reading, not tries (a 4-range split
    would otherwise refuse the first Retry), and the recovery sweeper's re-runs of an
    abandoned run (`recoveries` > 0) are the server's doing (a crash or two would otherwise
    refuse the person's Retry of the document they left failed)."""
    return int(
        await conn.fetchval(
            """select count(*) from document_jobs where document_id = $1 and kind = 'ocr'
                 and page_start is null and recoveries = 0
                 and created_at > now() - make_interval(secs => $2)""",
            document_id,
            within_s,
        )
    )


async def lock_for_user(conn: Connection, user_id: str, document_id: uuid.UUID) -> Document | None:
    return _maybe(
        await conn.fetchrow(
            f"select {ROW_COLUMNS} from documents where id = $1 and user_id = $2 for update",
            document_id,
            user_id,
        )
    )


@dataclass(frozen=True)
class Deleted:
    """What a delete leaves to clean up: the file, unless another document still uses it."""

    file_path: str
    file_in_use: bool


async def delete_for_user(
    pool: asyncpg.Pool[asyncpg.Record], user_id: str, document_id: uuid.UUID
) -> Deleted | None:
    """Delete the row (its jobs and timeline cascade), in one transaction that keeps what
    documents sharing its content need: a root others read (`content_of`) hands its OCR result
    to the earliest of them, which becomes their root; the stored file is then still in use
    (same path). None when there is no such document of this user.

    The row is locked first; `store/uploads.py::find_original` share-locks a duplicate's
    original and its root before the insert: a duplicate being recorded either commits
    before this looks for heirs, or finds the root gone and looks again."""
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(
            """select file_path, content_of from documents where id = $1 and user_id = $2
               for update""",
            document_id,
            user_id,
        )
        if row is None:
            return None
        if row["content_of"] is not None:  # reads another's content: nothing to hand on
            await conn.execute("delete from documents where id = $1", document_id)
            return Deleted(row["file_path"], file_in_use=True)
        heir = await conn.fetchval(
            """select id from documents where content_of = $1
               order by created_at, id limit 1 for update""",
            document_id,
        )
        if heir is not None:
            await conn.execute(
                "update documents set content_of = $2 where content_of = $1 and id <> $2",
                document_id,
                heir,
            )
            await conn.execute("update documents set content_of = null where id = $1", heir)
            await conn.execute(
                "update ocr_results set document_id = $2 where document_id = $1",
                document_id,
                heir,
            )
        await conn.execute("delete from documents where id = $1", document_id)
        return Deleted(row["file_path"], file_in_use=heir is not None)


async def exists(conn: Conn, document_id: uuid.UUID) -> bool:
    return bool(
        await conn.fetchval("select exists (select from documents where id = $1)", document_id)
    )


__all__ = ["PUBLIC_COLUMNS", "ROW_COLUMNS", "ROW_COLUMNS_D", "Conn", "JobKind", "to_document"]
