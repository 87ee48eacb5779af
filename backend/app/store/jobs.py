"""SQL about one run of a job: create, claim, heartbeat, progress, finish, hand back.

Every write a job makes is conditional on its lease token, so a run that lost its lease (the
sweeper took over) cannot overwrite a newer run. The visible side of a job (the document's
`status` / `metadata_status`) changes in the same transaction as the job's own state. Uploads
(the first job) are in `store/uploads.py`, the sweeper's takeovers in `store/recovery.py`,
generated metadata and a person's edits in `store/edits.py`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from app.domain import Document, Job, JobKind, JobState, LayoutHints
from app.errors import ErrorCode
from app.store.documents import ROW_COLUMNS, ROW_COLUMNS_D, month_start, to_document
from app.store.types import Conn, Connection

JOB_COLUMNS = (
    "id, document_id, kind, state, attempt, lease_owner, lease_token, page_start, page_stop"
)


def to_job(row: asyncpg.Record | None) -> Job:
    if row is None:  # the statement always returns a row; a None is a bug, not a state
        raise LookupError("expected a job row")
    return Job(
        id=row["id"],
        document_id=row["document_id"],
        kind=JobKind(row["kind"]),
        state=JobState(row["state"]),
        attempt=row["attempt"],
        lease_owner=row["lease_owner"],
        lease_token=row["lease_token"],
        page_range=None if row["page_start"] is None else (row["page_start"], row["page_stop"]),
    )


def _changed(status: str) -> bool:
    return status != "UPDATE 0"


# --- create ------------------------------------------------------------------------------------
async def create(
    conn: Connection,
    document_id: uuid.UUID,
    kind: JobKind,
    *,
    lease_owner: str | None,
    lease_ttl_s: float,
    delay_s: float = 0.0,
    recoveries: int = 0,
    page_range: tuple[int, int] | None = None,
) -> Job:
    """A queued run, inside the caller's transaction. Leased to `lease_owner` (the process that
    will run it from memory) or free (`None`: a Cloud Task will deliver it). `page_range`: a
    long document's OCR run for pages [start, stop) only (`pipeline/ocr_job.py`, fan-out)."""
    start, stop = page_range if page_range is not None else (None, None)
    row = await conn.fetchrow(
        f"""insert into document_jobs (document_id, kind, attempt, recoveries, lease_owner,
                                       lease_token, lease_expires_at, run_after, page_start,
                                       page_stop)
            select $1, $2, coalesce(max(attempt), 0) + 1, $5, $3::text,
                   case when $3::text is null then null else gen_random_uuid() end,
                   case when $3::text is null then null
                        else now() + make_interval(secs => $4::float8 + $6::float8) end,
                   now() + make_interval(secs => $6), $7::int, $8::int
            from document_jobs where document_id = $1 and kind = $2
            returning {JOB_COLUMNS}""",
        document_id,
        kind.value,
        lease_owner,
        lease_ttl_s,
        recoveries,
        delay_s,
        start,
        stop,
    )
    return to_job(row)


async def active(
    conn: Conn,
    document_id: uuid.UUID,
    kind: JobKind,
    *,
    free_grace_s: float = 0.0,
    page_start: int | None = None,
) -> tuple[Job, bool] | None:
    """The unfinished job of a kind, and whether it is alive: somebody holds a live lease on
    it, or it is free and queued for less than `free_grace_s` (a queue is delivering it).
    With `page_start`: that page-range run of a split document (any one of them otherwise)."""
    row = await conn.fetchrow(
        f"""select {JOB_COLUMNS},
                   coalesce(lease_expires_at > now(), false)
                   or (lease_token is null and state = 'queued'
                       and updated_at > now() - make_interval(secs => $3)) as live
            from document_jobs
            where document_id = $1 and kind = $2 and state in ('queued', 'running')
              and ($4::int is null or page_start = $4)""",
        document_id,
        kind.value,
        free_grace_s,
        page_start,
    )
    return None if row is None else (to_job(row), bool(row["live"]))


async def all_active(
    conn: Conn, document_id: uuid.UUID, kind: JobKind, *, free_grace_s: float = 0.0
) -> list[tuple[Job, bool]]:
    """Every unfinished job of a kind, each with whether it is alive (as `active` says): a
    long document split into page ranges has one per range."""
    rows = await conn.fetch(
        f"""select {JOB_COLUMNS},
                   coalesce(lease_expires_at > now(), false)
                   or (lease_token is null and state = 'queued'
                       and updated_at > now() - make_interval(secs => $3)) as live
            from document_jobs
            where document_id = $1 and kind = $2 and state in ('queued', 'running')
            order by page_start nulls first""",
        document_id,
        kind.value,
        free_grace_s,
    )
    return [(to_job(r), bool(r["live"])) for r in rows]


async def supersede(conn: Connection, job_id: uuid.UUID, message: str) -> None:
    """A person started the work again: the abandoned run ends, and says why."""
    await conn.execute(
        """update document_jobs set state = 'failed', error_code = $2, error_message = $3,
                  lease_owner = null, lease_token = null, lease_expires_at = null,
                  finished_at = now()
           where id = $1 and state in ('queued', 'running')""",
        job_id,
        ErrorCode.SUPERSEDED.value,
        message,
    )


# --- claim -------------------------------------------------------------------------------------
async def _start(conn: Connection, row: asyncpg.Record | None) -> tuple[Job, Document] | None:
    """Make the claimed run's document show it: OCR `processing`, metadata `generating`."""
    if row is None:
        return None
    job = to_job(row)
    if job.kind is JobKind.OCR:
        # A page-range run keeps the count of the pages its sibling ranges read already.
        doc = await conn.fetchrow(
            f"""update documents set status = 'processing', error_code = null,
                       pages_done = case when $2 then pages_done else 0 end,
                       error_message = null
                where id = $1 and status in ('uploading', 'processing') returning {ROW_COLUMNS}""",
            job.document_id,
            job.page_range is not None,
        )
    else:
        doc = await conn.fetchrow(
            f"""update documents set metadata_status = 'generating', metadata_error = null
                where id = $1 and status = 'ocr_complete' returning {ROW_COLUMNS}""",
            job.document_id,
        )
    if doc is None:  # nothing left to do (already processed): the run ends as a no-op
        await conn.execute(
            """update document_jobs set state = 'succeeded', lease_owner = null,
                      lease_token = null, lease_expires_at = null, finished_at = now()
               where id = $1""",
            job.id,
        )
        return None
    return job, to_document(doc)


# The one claim: `queued → running` (or a running job nobody holds) for exactly one claimant,
# with a fresh lease token. A job leased to the claimant is its own only while still queued
# (created for it to run): a running one under a live lease is a run in progress, never
# restarted — not even by a second delivery of the same task to the same process. `{which}` picks the job: by id (the in-process queue holds it), or
# by document and kind (a Cloud Task names only the document).
_CLAIM = (
    """update document_jobs set state = 'running', lease_owner = $1,
                   lease_token = gen_random_uuid(),
                   lease_expires_at = now() + make_interval(secs => $2),
                   heartbeat_at = now(), started_at = now(), dispatches = 0,
                   dispatch_error = null
            where {which}
              and (lease_token is null or lease_expires_at < now()
                   or (lease_owner = $1 and state = 'queued'))
            returning """
    + JOB_COLUMNS
)
_BY_ID = "id = $3 and state = 'queued' and run_after <= now()"
_BY_DOCUMENT = (
    "document_id = $3 and kind = $4 and state in ('queued', 'running') and page_start is null"
)
# A page-range OCR run (fan-out), named by its first page: its own Cloud Task delivers it.
_BY_RANGE = (
    "document_id = $3 and kind = 'ocr' and page_start = $4 and state in ('queued', 'running')"
)


async def _claim(
    pool: asyncpg.Pool, which: str, owner: str, lease_ttl_s: float, *args: object
) -> tuple[Job, Document] | None:
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(_CLAIM.format(which=which), owner, lease_ttl_s, *args)
        return await _start(conn, row)


async def claim(
    pool: asyncpg.Pool, job_id: uuid.UUID, owner: str, lease_ttl_s: float
) -> tuple[Job, Document] | None:
    """Claim this queued job (due now) unless somebody else holds a live lease on it."""
    return await _claim(pool, _BY_ID, owner, lease_ttl_s, job_id)


async def claim_active(
    pool: asyncpg.Pool, document_id: uuid.UUID, kind: JobKind, owner: str, lease_ttl_s: float
) -> tuple[Job, Document] | None:
    """For a delivery that names only the document (a Cloud Task): claim its unfinished job of
    `kind` if nobody holds a live lease on it (only an expired lease is taken over). A
    duplicate delivery finds nothing to claim, on this instance or another."""
    return await _claim(pool, _BY_DOCUMENT, owner, lease_ttl_s, document_id, kind.value)


async def claim_range(
    pool: asyncpg.Pool, document_id: uuid.UUID, page_start: int, owner: str, lease_ttl_s: float
) -> tuple[Job, Document] | None:
    """For the delivery of one page-range run (`{document_id, page_start}`): like
    `claim_active`, for that range only. A duplicate delivery finds nothing to claim."""
    return await _claim(pool, _BY_RANGE, owner, lease_ttl_s, document_id, page_start)


# --- while running ------------------------------------------------------------------------------
async def heartbeat(conn: Conn, job_ids: list[uuid.UUID], owner: str, lease_ttl_s: float) -> int:
    """Extend the leases of exactly these jobs (the ones this process holds in memory)."""
    status = await conn.execute(
        """update document_jobs set lease_expires_at = now() + make_interval(secs => $3),
                  heartbeat_at = now()
           where id = any($1::uuid[]) and lease_owner = $2 and state in ('queued', 'running')
             and lease_expires_at > now()""",
        job_ids,
        owner,
        lease_ttl_s,
    )
    return int(status.split()[-1])


async def record_progress(conn: Conn, job: Job, done: int, total: int) -> bool:
    return _changed(
        await conn.execute(
            """update documents d set pages_done = $3, page_count = $4
           from document_jobs j
           where j.id = $1 and j.lease_token = $2 and j.state = 'running'
             and d.id = j.document_id and d.status = 'processing'""",
            job.id,
            job.lease_token,
            done,
            total,
        )
    )


async def lock_running(conn: Connection, job: Job) -> Document | None:
    """Inside a transaction: lock the job and its document iff the run still holds its lease."""
    row = await conn.fetchrow(
        f"""select {ROW_COLUMNS_D} from document_jobs j join documents d on d.id = j.document_id
            where j.id = $1 and j.lease_token = $2 and j.state = 'running'
            for update of j, d""",
        job.id,
        job.lease_token,
    )
    return None if row is None else to_document(row)


# --- finish ----------------------------------------------------------------------------------
async def _succeed(conn: Connection, job: Job) -> None:
    await conn.execute(
        """update document_jobs set state = 'succeeded', lease_owner = null, lease_token = null,
                  lease_expires_at = null, error_code = null, error_message = null,
                  finished_at = now()
           where id = $1""",
        job.id,
    )


@dataclass(frozen=True)
class OcrOutput:
    text: str
    pages: list[dict[str, Any]]
    tables_html: list[str]
    page_count: int
    model: str
    processing_time_ms: int
    usage_info: dict[str, Any]
    layout: LayoutHints
    no_text: bool = False
    # The document's language (ISO 639-1): the one a person chose, else the one the OCR found;
    # None leaves what is stored (the metadata step may still find it).
    language: str | None = None
    text_truncated: bool = False


async def complete_ocr(
    conn: Connection,
    job: Job,
    doc: Document,
    out: OcrOutput,
    *,
    metadata_owner: str | None,
    lease_ttl_s: float,
) -> Job:
    """Within the caller's transaction, holding the locks of `lock_running`: save the result,
    count usage exactly once per document, end the OCR run, and queue the metadata run."""
    await conn.execute(
        """insert into ocr_results (document_id, user_id, text, pages, tables_html, page_count,
                                    model, processing_time_ms, usage_info, layout)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           on conflict (document_id) do update set text = excluded.text, pages = excluded.pages,
               tables_html = excluded.tables_html, page_count = excluded.page_count,
               model = excluded.model, processing_time_ms = excluded.processing_time_ms,
               usage_info = excluded.usage_info, layout = excluded.layout""",
        doc.id,
        doc.user_id,
        out.text,
        out.pages,
        out.tables_html,
        out.page_count,
        out.model,
        out.processing_time_ms,
        out.usage_info,
        out.layout.to_json(),
    )
    if not doc.usage_counted:
        await conn.execute(
            """insert into usage (user_id, period, documents_processed, pages_processed)
               values ($1, $2, 1, $3)
               on conflict (user_id, period) do update set
                 documents_processed = usage.documents_processed + 1,
                 pages_processed = usage.pages_processed + excluded.pages_processed""",
            doc.user_id,
            month_start(),
            out.page_count,
        )
    await conn.execute(
        """update documents set status = 'ocr_complete', page_count = $2, pages_done = $2,
                  error_code = null, error_message = null, metadata_status = 'pending',
                  metadata_error = null, usage_counted_at = coalesce(usage_counted_at, now()),
                  no_text = $3, text_truncated = $4, language = coalesce($5, language)
           where id = $1""",
        doc.id,
        out.page_count,
        out.no_text,
        out.text_truncated,
        out.language,
    )
    # Copies reading this result (`content_of`) show the new text: what they say of it too.
    await conn.execute(
        """update documents set page_count = $2, pages_done = $2, no_text = $3,
                  text_truncated = $4, language = coalesce($5, language)
           where content_of = $1""",
        doc.id,
        out.page_count,
        out.no_text,
        out.text_truncated,
        out.language,
    )
    await _succeed(conn, job)
    stale = await active(conn, doc.id, JobKind.METADATA)
    if stale is not None:
        await supersede(conn, stale[0].id, "The text was read again; metadata starts over.")
    return await create(
        conn, doc.id, JobKind.METADATA, lease_owner=metadata_owner, lease_ttl_s=lease_ttl_s
    )


async def complete_metadata(pool: asyncpg.Pool, job: Job) -> bool:
    async with pool.acquire() as conn, conn.transaction():
        if await lock_running(conn, job) is None:
            return False
        await conn.execute(
            "update documents set metadata_status = 'complete', metadata_error = null "
            "where id = $1",
            job.document_id,
        )
        await _succeed(conn, job)
        return True


async def fail(pool: asyncpg.Pool, job: Job, code: ErrorCode, message: str) -> bool:
    """End the run as failed and show it: the document `failed` (OCR) or its metadata
    `failed` (the document's OCR status is untouched). False if the lease was lost."""
    async with pool.acquire() as conn, conn.transaction():
        if await lock_running(conn, job) is None:
            return False
        await fail_locked(conn, job, code, message)
        return True


async def fail_locked(conn: Connection, job: Job, code: ErrorCode, message: str) -> None:
    await conn.execute(
        """update document_jobs set state = 'failed', error_code = $2, error_message = $3,
                  lease_owner = null, lease_token = null, lease_expires_at = null,
                  finished_at = now()
           where id = $1""",
        job.id,
        code.value,
        message,
    )
    if job.kind is JobKind.OCR:
        await conn.execute(
            """update documents set status = 'failed', error_code = $2, error_message = $3
               where id = $1""",
            job.document_id,
            code.value,
            message,
        )
        # A long document's other page ranges stop with it (their leases end, so they store
        # nothing more); the pages read so far stay for a Retry.
        await conn.execute(
            """update document_jobs set state = 'failed', error_code = $3,
                      error_message = 'Another page range of this document failed.',
                      lease_owner = null, lease_token = null, lease_expires_at = null,
                      finished_at = now()
               where document_id = $1 and kind = 'ocr' and id <> $2
                 and state in ('queued', 'running')""",
            job.document_id,
            job.id,
            ErrorCode.SUPERSEDED.value,
        )
    else:
        await conn.execute(
            """update documents set metadata_status = 'failed', metadata_error = $2
               where id = $1""",
            job.document_id,
            message,
        )


# --- hand back, abandon ----------------------------------------------------------------------
async def release(pool: asyncpg.Pool, job_ids: list[uuid.UUID], owner: str) -> int:
    """Hand runs back untouched (graceful shutdown, or a transient failure the queue will
    redeliver): queued again, free for any process, no attempt counted."""
    async with pool.acquire() as conn, conn.transaction():
        rows = await conn.fetch(
            """update document_jobs set state = 'queued', lease_owner = null, lease_token = null,
                      lease_expires_at = null
               where id = any($1::uuid[]) and lease_owner = $2 and state in ('queued', 'running')
               returning document_id, kind""",
            job_ids,
            owner,
        )
        for row in rows:
            if row["kind"] == JobKind.OCR.value:
                # Queued again, unless another page range of it is still being read: that
                # run's progress writes (and the card) need the document `processing`. The
                # row is locked first, so the check below reads a sibling's claim committed
                # meanwhile (a claim locks the row too): re-checked under the update's own
                # wait, the statement's older snapshot would still see that sibling queued.
                await conn.execute(
                    "select from documents where id = $1 for update", row["document_id"]
                )
                await conn.execute(
                    """update documents d set status = 'uploading'
                       where d.id = $1 and d.status = 'processing'
                         and not exists (select from document_jobs o
                                         where o.document_id = d.id and o.kind = 'ocr'
                                           and o.state = 'running')""",
                    row["document_id"],
                )
            else:
                await conn.execute(
                    "update documents set metadata_status = 'pending' "
                    "where id = $1 and metadata_status = 'generating'",
                    row["document_id"],
                )
        return len(rows)


async def record_dispatch_error(conn: Conn, job_ids: list[uuid.UUID], cause: str) -> None:
    """The task queue refused these queued jobs' tasks: keep why, for the message the
    document gets if no delivery ever comes (`dispatch_failed`)."""
    await conn.execute(
        """update document_jobs set dispatch_error = $2
           where id = any($1::uuid[]) and state = 'queued' and lease_token is null""",
        job_ids,
        cause,
    )


async def abandon(conn: Conn, job_id: uuid.UUID, owner: str) -> None:
    """A run ended without its terminal write (a failed database call, a bug, cancellation):
    expire its lease now so the sweeper takes it over at its next pass, counting a recovery."""
    await conn.execute(
        """update document_jobs set lease_expires_at = now() - interval '1 millisecond'
           where id = $1 and lease_owner = $2 and state in ('queued', 'running')""",
        job_id,
        owner,
    )
