"""SQL for the recovery sweeper: jobs nobody is working on, taken over or given up on.

Rows are locked `FOR UPDATE SKIP LOCKED`, so several sweepers (processes, replicas) never take
the same job. Leases of processes known dead (`app/process_id.py`) can be ended early.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.domain import Job, JobKind
from app.errors import ErrorCode
from app.store.jobs import JOB_COLUMNS, create, fail_locked, to_job
from app.store.types import Conn, Connection


@dataclass(frozen=True)
class Recoverable:
    job: Job
    recoveries: int
    expired: bool  # True: its holder died or gave up (counted); False: handed back (not counted)
    dispatches: int = 0  # re-sends of its task without a delivery (remote queue only)
    dispatch_error: str | None = None  # the queue's last refusal, in words for people


async def lock_recoverable(
    conn: Connection, limit: int, queued_grace_s: float
) -> list[Recoverable]:
    """Inside a transaction: unfinished jobs nobody is working on, locked `SKIP LOCKED` so
    several sweepers never take the same one. A free queued job counts only after
    `queued_grace_s` (with Cloud Tasks it is normally waiting in the queue)."""
    rows = await conn.fetch(
        f"""select {JOB_COLUMNS}, recoveries, lease_token is not null as expired,
                   dispatches, dispatch_error
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
    return [
        Recoverable(
            to_job(r), r["recoveries"], bool(r["expired"]), r["dispatches"], r["dispatch_error"]
        )
        for r in rows
    ]


async def take_over(
    conn: Connection, rec: Recoverable, owner: str | None, lease_ttl_s: float, delay_s: float
) -> Job:
    """Give a recoverable job to `owner` (None: leave it free for a queue to deliver). A
    handed-back run is taken as it is (a re-send to a remote queue, `owner` None, counted in
    `dispatches`); an expired one ends as `interrupted` and a new run (one more recovery)
    replaces it."""
    if not rec.expired:
        row = await conn.fetchrow(
            f"""update document_jobs set lease_owner = $2::text,
                       dispatches = dispatches + case when $2::text is null then 1 else 0 end,
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
        # A page-range run's siblings may still be reading: the document stays `processing`.
        await conn.execute(
            """update documents set retry_count = case when $3 then $2 else greatest(retry_count, $2) end,
                      status = case when status = 'processing' and $3 then 'uploading'
                                    else status end
               where id = $1""",
            rec.job.document_id,
            rec.recoveries + 1,
            rec.job.page_range is None,
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
        page_range=rec.job.page_range,
    )


async def give_up(
    conn: Connection,
    rec: Recoverable,
    message: str,
    code: ErrorCode = ErrorCode.RETRIES_EXHAUSTED,
) -> None:
    """Too many recoveries (`retries_exhausted`) or re-sends that never arrived
    (`dispatch_failed`): the run fails for good, visibly."""
    await fail_locked(conn, rec.job, code, message)


async def uncount_dispatch(conn: Conn, job_id: uuid.UUID) -> None:
    """The re-send found the job's task still waiting in the queue (a backlog, not a lost
    task): that re-send does not count towards `dispatch_failed`."""
    await conn.execute(
        """update document_jobs set dispatches = greatest(dispatches - 1, 0)
           where id = $1 and state = 'queued'""",
        job_id,
    )


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
