"""SQL about jobs: create, claim, heartbeat, finish, hand back, recover.

Every write a job makes is conditional on its lease token, so a run that lost its lease (the
sweeper took over) cannot overwrite a newer run. The visible side of a job (the document's
`status` / `metadata_status`) changes in the same transaction as the job's own state.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from app.domain import Document, Job, JobKind, JobState
from app.errors import ErrorCode
from app.store.documents import ROW_COLUMNS, ROW_COLUMNS_D, month_start, to_document
from app.store.types import Conn, Connection

JOB_COLUMNS = "id, document_id, kind, state, attempt, lease_owner, lease_token"


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
    )


def _changed(status: str) -> bool:
    return status != "UPDATE 0"


# --- create ------------------------------------------------------------------------------------
async def create(
    conn: Connection,
    document_id: Any,
    kind: JobKind,
    *,
    lease_owner: str | None,
    lease_ttl_s: float,
    delay_s: float = 0.0,
    recoveries: int = 0,
) -> Job:
    """A queued run, inside the caller's transaction. Leased to `lease_owner` (the process that
    will run it from memory) or free (`None`: a Cloud Task will deliver it)."""
    row = await conn.fetchrow(
        f"""insert into document_jobs (document_id, kind, attempt, recoveries, lease_owner,
                                       lease_token, lease_expires_at, run_after)
            select $1, $2, coalesce(max(attempt), 0) + 1, $5, $3::text,
                   case when $3::text is null then null else gen_random_uuid() end,
                   case when $3::text is null then null
                        else now() + make_interval(secs => $4::float8 + $6::float8) end,
                   now() + make_interval(secs => $6)
            from document_jobs where document_id = $1 and kind = $2
            returning {JOB_COLUMNS}""",
        document_id,
        kind.value,
        lease_owner,
        lease_ttl_s,
        recoveries,
        delay_s,
    )
    return to_job(row)


class QuotaFullError(Exception):
    """`record_upload` found no free slot: nothing was recorded."""


async def record_upload(
    conn: Conn,
    *,
    document_id: str,
    user_id: str,
    filename: str,
    file_path: str,
    mime_type: str,
    size: int,
    sha256: str,
    lease_owner: str | None,
    lease_ttl_s: float,
    limit: int,
) -> tuple[Document, Job] | None:
    """A new upload made durable in ONE round trip, outside any transaction: the document,
    its first OCR job and a quota slot, committed together, and the commit flushed to disk
    before this returns (`public.commit_upload`; see its migration for why the user's slot lock
    is released before the flush). None when the user already has a processed original of
    these bytes (record a duplicate instead); `QuotaFullError` when no slot is free (nothing
    was recorded)."""
    job_id = uuid.uuid4()
    lease_token = uuid.uuid4() if lease_owner is not None else None
    try:
        row = await conn.fetchrow(
            "call public.commit_upload($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            uuid.UUID(document_id),
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
        )
    except asyncpg.RaiseError as exc:
        if "upload quota exceeded" in str(exc):
            raise QuotaFullError from None
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


async def active(
    conn: Conn, document_id: Any, kind: JobKind, *, free_grace_s: float = 0.0
) -> tuple[Job, bool] | None:
    """The unfinished job of a kind, and whether it is alive: somebody holds a live lease on
    it, or it is free and queued for less than `free_grace_s` (a queue is delivering it)."""
    row = await conn.fetchrow(
        f"""select {JOB_COLUMNS},
                   coalesce(lease_expires_at > now(), false)
                   or (lease_token is null and state = 'queued'
                       and updated_at > now() - make_interval(secs => $3)) as live
            from document_jobs
            where document_id = $1 and kind = $2 and state in ('queued', 'running')""",
        document_id,
        kind.value,
        free_grace_s,
    )
    return None if row is None else (to_job(row), bool(row["live"]))


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
CLAIMABLE = """state = 'queued' and run_after <= now()
               and (lease_token is null or lease_owner = $2 or lease_expires_at < now())"""


async def _start(conn: Connection, row: asyncpg.Record | None) -> tuple[Job, Document] | None:
    """Make the claimed run's document show it: OCR `processing`, metadata `generating`."""
    if row is None:
        return None
    job = to_job(row)
    if job.kind is JobKind.OCR:
        doc = await conn.fetchrow(
            f"""update documents set status = 'processing', pages_done = 0, error_code = null,
                       error_message = null
                where id = $1 and status in ('uploading', 'processing') returning {ROW_COLUMNS}""",
            job.document_id,
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


async def claim(
    pool: asyncpg.Pool, job_id: uuid.UUID, owner: str, lease_ttl_s: float
) -> tuple[Job, Document] | None:
    """`queued → running` for exactly one claimant, with a fresh lease token."""
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(
            f"""update document_jobs set state = 'running', lease_owner = $2,
                       lease_token = gen_random_uuid(),
                       lease_expires_at = now() + make_interval(secs => $3),
                       heartbeat_at = now(), started_at = now()
                where id = $1 and {CLAIMABLE} returning {JOB_COLUMNS}""",
            job_id,
            owner,
            lease_ttl_s,
        )
        return await _start(conn, row)


async def claim_active(
    pool: asyncpg.Pool, document_id: Any, kind: JobKind, owner: str, lease_ttl_s: float
) -> tuple[Job, Document] | None:
    """For a delivery that names only the document (a Cloud Task): claim its unfinished job of
    `kind` if nobody holds a live lease on it. A duplicate delivery finds nothing to claim."""
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(
            f"""update document_jobs set state = 'running', lease_owner = $2,
                       lease_token = gen_random_uuid(),
                       lease_expires_at = now() + make_interval(secs => $3),
                       heartbeat_at = now(), started_at = now()
                where document_id = $1 and kind = $4 and state in ('queued', 'running')
                  and (lease_token is null or lease_owner = $2 or lease_expires_at < now())
                returning {JOB_COLUMNS}""",
            document_id,
            owner,
            lease_ttl_s,
            kind.value,
        )
        return await _start(conn, row)


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
    layout: dict[str, Any]
    no_text: bool = False


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
        out.layout,
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
                  no_text = $3
           where id = $1""",
        doc.id,
        out.page_count,
        out.no_text,
    )
    await _succeed(conn, job)
    stale = await active(conn, doc.id, JobKind.METADATA)
    if stale is not None:
        await supersede(conn, stale[0].id, "The text was read again; metadata starts over.")
    return await create(
        conn, doc.id, JobKind.METADATA, lease_owner=metadata_owner, lease_ttl_s=lease_ttl_s
    )


async def save_metadata(
    conn: Conn,
    job: Job,
    display_name: str,
    tags: list[str],
    summary: str | None,
    *,
    replace_edited: bool = False,
) -> bool:
    """Write generated metadata while the lease holds. A field a person edited
    (`edited_fields`) is kept as they wrote it, unless they asked Regenerate to replace their
    edits (`replace_edited`), which then also clears the marks."""
    return _changed(
        await conn.execute(
            """update documents d set
             display_name = case when $6 or not 'display_name' = any(d.edited_fields)
                                 then $3 else d.display_name end,
             tags = case when $6 or not 'tags' = any(d.edited_fields) then $4 else d.tags end,
             summary = case when $6 or not 'summary' = any(d.edited_fields)
                            then $5 else d.summary end,
             edited_fields = case when $6 then '{}'::text[] else d.edited_fields end
           from document_jobs j
           where j.id = $1 and j.lease_token = $2 and j.state = 'running' and d.id = j.document_id""",
            job.id,
            job.lease_token,
            display_name,
            tags,
            summary,
            replace_edited,
        )
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
        await _fail_locked(conn, job, code, message)
        return True


async def _fail_locked(conn: Connection, job: Job, code: ErrorCode, message: str) -> None:
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
                await conn.execute(
                    "update documents set status = 'uploading' "
                    "where id = $1 and status = 'processing'",
                    row["document_id"],
                )
            else:
                await conn.execute(
                    "update documents set metadata_status = 'pending' "
                    "where id = $1 and metadata_status = 'generating'",
                    row["document_id"],
                )
        return len(rows)


async def abandon(conn: Conn, job_id: uuid.UUID, owner: str) -> None:
    """A run ended without its terminal write (a failed database call, a bug, cancellation):
    expire its lease now so the sweeper takes it over at its next pass, counting a recovery."""
    await conn.execute(
        """update document_jobs set lease_expires_at = now() - interval '1 millisecond'
           where id = $1 and lease_owner = $2 and state in ('queued', 'running')""",
        job_id,
        owner,
    )


# --- recovery (the sweeper) --------------------------------------------------------------------
@dataclass(frozen=True)
class Recoverable:
    job: Job
    recoveries: int
    expired: bool  # True: its holder died or gave up (counted); False: handed back (not counted)


async def lock_recoverable(
    conn: Connection, limit: int, queued_grace_s: float
) -> list[Recoverable]:
    """Inside a transaction: unfinished jobs nobody is working on, locked `SKIP LOCKED` so
    several sweepers never take the same one. A free queued job counts only after
    `queued_grace_s` (with Cloud Tasks it is normally waiting in the queue)."""
    rows = await conn.fetch(
        f"""select {JOB_COLUMNS}, recoveries, lease_token is not null as expired
            from document_jobs
            where state in ('queued', 'running') and run_after <= now()
              and (lease_expires_at < now()
                   or (lease_token is null
                       and updated_at < now() - make_interval(secs => $2)))
            order by updated_at limit $1
            for update skip locked""",
        limit,
        queued_grace_s,
    )
    return [Recoverable(to_job(r), r["recoveries"], bool(r["expired"])) for r in rows]


async def take_over(
    conn: Connection, rec: Recoverable, owner: str | None, lease_ttl_s: float, delay_s: float
) -> Job:
    """Give a recoverable job to `owner` (None: leave it free for a queue to deliver). A
    handed-back run is taken as it is; an expired one ends as `interrupted` and a new run (one
    more recovery) replaces it."""
    if not rec.expired:
        row = await conn.fetchrow(
            f"""update document_jobs set lease_owner = $2::text,
                       lease_token = case when $2::text is null then null else gen_random_uuid() end,
                       lease_expires_at = case when $2::text is null then null
                                          else now() + make_interval(secs => $3::float8 + $4::float8) end,
                       run_after = now() + make_interval(secs => $4)
                where id = $1 returning {JOB_COLUMNS}""",
            rec.job.id,
            owner,
            lease_ttl_s,
            delay_s,
        )
        return to_job(row)
    await conn.execute(
        """update document_jobs set state = 'failed', error_code = $2,
                  error_message = 'The run was interrupted (its worker stopped).',
                  lease_owner = null, lease_token = null, lease_expires_at = null,
                  finished_at = now()
           where id = $1""",
        rec.job.id,
        ErrorCode.INTERRUPTED.value,
    )
    if rec.job.kind is JobKind.OCR:
        await conn.execute(
            """update documents set retry_count = $2,
                      status = case when status = 'processing' then 'uploading' else status end
               where id = $1""",
            rec.job.document_id,
            rec.recoveries + 1,
        )
    else:
        await conn.execute(
            """update documents set metadata_status = 'pending'
               where id = $1 and metadata_status = 'generating'""",
            rec.job.document_id,
        )
    return await create(
        conn,
        rec.job.document_id,
        rec.job.kind,
        lease_owner=owner,
        lease_ttl_s=lease_ttl_s,
        delay_s=delay_s,
        recoveries=rec.recoveries + 1,
    )


async def give_up(conn: Connection, rec: Recoverable, message: str) -> None:
    """Too many recoveries: the run fails for good (`retries_exhausted`), visibly."""
    await _fail_locked(conn, rec.job, ErrorCode.RETRIES_EXHAUSTED, message)


async def lock_orphans(
    conn: Connection, limit: int, grace_s: float
) -> list[tuple[uuid.UUID, JobKind]]:
    """Documents still in flight with no unfinished job at all (none was ever created, e.g.
    rows from before jobs existed): they get a fresh job."""
    rows = await conn.fetch(
        """select d.id,
                  case when d.status in ('uploading', 'processing') then 'ocr'
                       else 'metadata' end as kind
           from documents d
           where (d.status in ('uploading', 'processing')
                  or (d.status = 'ocr_complete' and d.metadata_status in ('pending', 'generating')))
             and d.updated_at < now() - make_interval(secs => $2)
             and not exists (select from document_jobs j where j.document_id = d.id
                             and j.state in ('queued', 'running'))
           order by d.updated_at limit $1
           for update of d skip locked""",
        limit,
        grace_s,
    )
    return [(r["id"], JobKind(r["kind"])) for r in rows]


async def live_owners_on_host(conn: Conn, host_prefix: str) -> list[str]:
    """The owners of live leases whose name starts with this host's (`app/process_id.py`)."""
    rows = await conn.fetch(
        """select distinct lease_owner from document_jobs
           where state in ('queued', 'running') and lease_expires_at > now()
             and starts_with(lease_owner, $1)""",
        host_prefix,
    )
    return [r["lease_owner"] for r in rows]


async def expire_leases_of(conn: Conn, owners: list[str]) -> int:
    """The owners are dead processes: their leases end now, as if they had run out, so the
    sweep takes their jobs over (each counted as a recovery, like any crash)."""
    status = await conn.execute(
        """update document_jobs set lease_expires_at = now() - interval '1 millisecond'
           where lease_owner = any($1::text[]) and state in ('queued', 'running')
             and lease_expires_at > now()""",
        owners,
    )
    return int(status.split()[-1])
