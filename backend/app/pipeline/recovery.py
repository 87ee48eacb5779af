"""The recovery sweeper: no acknowledged upload is ever lost or stuck.

Runs in every API process (and once from `python -m app sweep`, or `POST /api/tasks/sweep` for
Cloud Scheduler). It finds jobs nobody is working on — lease expired (the holder died, or
abandoned a run that ended without its terminal write) or handed back (graceful shutdown) — in
batches locked with `FOR UPDATE SKIP LOCKED`, so several processes can sweep at once without
taking the same job. A handed-back job is taken as it is; an expired one is replaced by a new
run with backoff, counting a recovery, until `MAX_RETRIES` recoveries have not helped and the
document fails (`retries_exhausted`). Documents in flight with no job at all get one.
Leases held by a process of this host that is certainly dead (`app/process_id.py`: an API
killed and restarted) are expired first, so their jobs are taken over in this same pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

import asyncpg

from app.config import Settings
from app.domain import Job, JobKind
from app.errors import DispatchError, ErrorCode
from app.logs import log_context
from app.pipeline.dispatch import Dispatcher, free_job_grace_s
from app.pipeline.jobs import JobQueue
from app.pipeline.runner import enqueue
from app.process_id import dead_owners, host_prefix
from app.store import jobs as job_store
from app.store import recovery as recovery_store
from app.store.types import Connection

log = logging.getLogger(__name__)
MAX_BATCHES_PER_RUN = 4
TIME_BUFFER_S = 5.0
# A pass run on demand (Cloud Scheduler's POST /api/tasks/sweep, `python -m app sweep`) takes
# batches until nothing is left, stopping this long after it began: Cloud Scheduler's attempt
# deadline in docs/deploy-cloud-run.md is 300 s, and one more batch plus its dispatch must fit
# in what is left (a dispatch is cut short at the budget anyway).
ON_DEMAND_BUDGET_S = 240.0


@dataclass
class SweepReport:
    requeued_ocr: list[str] = field(default_factory=list)
    requeued_metadata: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    # Taken over but not dispatched (queue unreachable, or the pass out of time): free queued
    # jobs, which a later sweep dispatches once STUCK_JOB_THRESHOLD_S has passed again.
    deferred: list[str] = field(default_factory=list)
    finished_at: dt.datetime | None = None
    duration_ms: int = 0

    @property
    def total(self) -> int:
        return (
            len(self.requeued_ocr)
            + len(self.requeued_metadata)
            + len(self.failed)
            + len(self.deferred)
        )

    def summary(self) -> dict[str, object]:
        return {
            "found": self.total,
            "requeued": len(self.requeued_ocr) + len(self.requeued_metadata),
            "failed": len(self.failed),
            "deferred": len(self.deferred),
            "duration_ms": self.duration_ms,
        }


def requeue_delay(recovery: int) -> float:
    """Backoff between automatic recoveries: 0 s for the first (a crash is not the file's
    fault), then 2, 4, 8 s … capped at a minute."""
    return 0.0 if recovery <= 1 else min(60.0, 2.0 ** (recovery - 1))


def give_up_message(kind: JobKind, recoveries: int) -> str:
    if kind is JobKind.OCR:
        return (
            f"Processing was interrupted {recoveries + 1} times (the server stopped while "
            "reading this document). Press Retry to try again."
        )
    return "Metadata generation was interrupted too many times. Press Regenerate to try again."


def undeliverable_message(kind: JobKind, cause: str | None, sends: int) -> str:
    """The words of `dispatch_failed`: what happened, that the file is not at fault, and
    what to do."""
    what = "Processing" if kind is JobKind.OCR else "Metadata generation"
    why = cause or "the processing queue took it but never delivered it"
    button = "Retry" if kind is JobKind.OCR else "Regenerate"
    return (
        f"{what} could not be started after {sends + 1} tries: {why}. This is a problem "
        f"with the service's setup, not with your file. Press {button} in a while; if it "
        "happens again, tell the administrator."
    )


class RecoverySweeper:
    def __init__(
        self, settings: Settings, pool: asyncpg.Pool, queue: JobQueue, dispatcher: Dispatcher
    ) -> None:
        self._settings, self._pool = settings, pool
        self._queue, self._dispatcher = queue, dispatcher
        self.last: SweepReport | None = None
        self.runs = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="recovery-sweeper")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:  # the first sweep runs at start-up: a restarted process recovers at once
            try:
                await self.sweep_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("recovery sweep failed (will try again): %s", exc)
            await asyncio.sleep(self._settings.recovery_interval_s)

    async def sweep_once(
        self, *, deadline_s: float | None = None, max_batches: int | None = MAX_BATCHES_PER_RUN
    ) -> SweepReport:
        """One pass: batches of `RECOVERY_BATCH_SIZE` rows, each locked `SKIP LOCKED` in its
        own transaction, until a batch comes back short, `max_batches` (None: no limit) or
        `deadline_s` seconds after the start (default: the loop's interval minus a buffer)."""
        s, dispatcher = self._settings, self._dispatcher
        report = SweepReport()
        started = time.monotonic()
        budget = (
            deadline_s
            if deadline_s is not None
            else max(1.0, s.recovery_interval_s - TIME_BUFFER_S)
        )
        owner = dispatcher.new_job_owner()
        grace = free_job_grace_s(dispatcher, s)
        await self._expire_dead_owners()
        batches = 0
        while max_batches is None or batches < max_batches:
            batches += 1
            if not self._queue.accepting or time.monotonic() - started > budget:
                break
            to_start: list[tuple[Job, float]] = []
            async with self._pool.acquire() as conn, conn.transaction():
                found = await recovery_store.lock_recoverable(conn, s.recovery_batch_size, grace)
                for rec in found:
                    doc_id = str(rec.job.document_id)
                    recovery = rec.recoveries + (1 if rec.expired else 0)
                    with log_context(document_id=doc_id, job=rec.job.kind.value):
                        if (
                            owner is None
                            and not rec.expired
                            and (rec.dispatches >= s.max_retry_count)
                        ):
                            await self._undeliverable(conn, rec)
                            report.failed.append(doc_id)
                            continue
                        if recovery > s.max_retries:
                            message = give_up_message(rec.job.kind, rec.recoveries)
                            await recovery_store.give_up(conn, rec, message)
                            report.failed.append(doc_id)
                            log.warning("gave up after %d automatic recoveries", rec.recoveries)
                            continue
                        delay = requeue_delay(recovery) if rec.expired else 0.0
                        job = await recovery_store.take_over(conn, rec, owner, s.lease_ttl_s, delay)
                        to_start.append((job, delay))
                        why = (
                            "expired lease"
                            if rec.expired
                            else "released lease"
                            if not grace
                            else f"queued over {grace:g}s without a delivery"
                        )
                        log.info("recovered (%s, recovery %d/%d)", why, recovery, s.max_retries)
                orphans = await recovery_store.lock_orphans(
                    conn, s.recovery_batch_size, max(grace, s.lease_ttl_s)
                )
                for document_id, kind in orphans:
                    job = await job_store.create(
                        conn, document_id, kind, lease_owner=owner, lease_ttl_s=s.lease_ttl_s
                    )
                    to_start.append((job, 0.0))
                    with log_context(document_id=document_id, job=kind.value):
                        log.info("in flight with no job: a new job was created")
            # Dispatch only after the commit that makes the jobs visible.
            if not await self._dispatch(to_start, report, started + budget):
                break
            if len(found) < s.recovery_batch_size:
                break
        report.duration_ms = int((time.monotonic() - started) * 1000)
        report.finished_at = dt.datetime.now(dt.UTC)
        self.last, self.runs = report, self.runs + 1
        if report.total:
            log.info(
                "recovery sweep: %d OCR re-queued, %d metadata re-queued, %d failed, "
                "%d deferred in %d ms",
                len(report.requeued_ocr),
                len(report.requeued_metadata),
                len(report.failed),
                len(report.deferred),
                report.duration_ms,
            )
        return report

    async def _undeliverable(self, conn: Connection, rec: recovery_store.Recoverable) -> None:
        """A free job whose task was sent `MAX_RETRY_COUNT` more times and never delivered:
        fail it visibly, and tell the operator what to check."""
        s = self._settings
        message = undeliverable_message(rec.job.kind, rec.dispatch_error, rec.dispatches)
        await recovery_store.give_up(conn, rec, message, ErrorCode.DISPATCH_FAILED)
        log.error(
            "dispatch_failed: the task was sent %d times and never delivered (last refusal: "
            "%s). Check that the queue %s exists; that the API's service account may create "
            "tasks on it (roles/cloudtasks.enqueuer) and act as %s (roles/iam.serviceAccountUser); "
            "that %s may invoke the service (roles/run.invoker); and that the OIDC audience "
            "TASKS_SERVICE_URL=%s is the service's own URL",
            rec.dispatches + 1,
            rec.dispatch_error or "none: the queue took it",
            s.cloud_tasks_queue_path,
            s.tasks_service_account or "TASKS_SERVICE_ACCOUNT",
            s.tasks_service_account or "TASKS_SERVICE_ACCOUNT",
            s.tasks_service_url,
        )

    async def _expire_dead_owners(self) -> None:
        """Jobs leased to a process of this host that is certainly dead (an API killed and
        restarted in its place) are taken over now, not when their lease runs out: the
        document's pages carry on at once instead of sitting frozen for `LEASE_TTL_S`."""
        me = self._queue.worker_id
        try:
            async with self._pool.acquire() as conn:
                owners = await recovery_store.live_owners_on_host(conn, host_prefix(me))
                dead = dead_owners(owners, me)
                if not dead:
                    return
                expired = await recovery_store.expire_leases_of(conn, dead)
        except Exception as exc:  # their leases then run out on their own
            log.warning("could not look for jobs of dead processes: %s", exc)
            return
        if expired:
            log.info(
                "%d job(s) of dead process(es) on this host taken over at once: %s",
                expired,
                ", ".join(dead),
            )

    async def _dispatch(
        self, to_start: list[tuple[Job, float]], report: SweepReport, deadline: float
    ) -> bool:
        """Hand the committed jobs to the dispatcher. In-process this cannot fail (and must
        not be skipped: the jobs are leased to this process). A remote queue may be down or
        slow: the first failure, or the pass's deadline, leaves the rest free and queued for a
        later sweep, logged once — not one timeout per job. False: stop this pass."""
        dispatcher = self._dispatcher
        for i, (job, delay) in enumerate(to_start):
            if dispatcher.remote:
                left = len(to_start) - i
                remaining = deadline - time.monotonic()
                try:
                    if remaining <= 0:
                        raise TimeoutError
                    async with asyncio.timeout(remaining):
                        waiting = await dispatcher.enqueue(job, delay_s=delay)
                    if waiting:  # its task was waiting in the queue: a backlog, not a loss
                        await recovery_store.uncount_dispatch(self._pool, job.id)
                except Exception as exc:
                    reason = "out of time" if isinstance(exc, TimeoutError) else str(exc)
                    if isinstance(exc, DispatchError):
                        with contextlib.suppress(Exception):  # only the words are lost
                            await job_store.record_dispatch_error(
                                self._pool, [j.id for j, _ in to_start[i:]], exc.cause
                            )
                    log.warning(
                        "recovery sweep: %d job(s) not dispatched (%s); a later sweep will",
                        left,
                        reason,
                    )
                    report.deferred.extend(str(j.document_id) for j, _ in to_start[i:])
                    return False
            else:
                await enqueue(dispatcher, job, delay_s=delay)
            target = report.requeued_ocr if job.kind is JobKind.OCR else report.requeued_metadata
            target.append(str(job.document_id))
        return True
