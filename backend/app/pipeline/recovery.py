"""The recovery sweeper: no acknowledged upload is ever lost or stuck.

Runs in every API process (and once from `python -m app sweep`, or `POST /api/tasks/sweep` for
Cloud Scheduler). It finds jobs nobody is working on — lease expired (the holder died, or
abandoned a run that ended without its terminal write) or handed back (graceful shutdown) — in
batches locked with `FOR UPDATE SKIP LOCKED`, so several processes can sweep at once without
taking the same job. A handed-back job is taken as it is; an expired one is replaced by a new
run with backoff, counting a recovery, until `MAX_RETRIES` recoveries have not helped and the
document fails (`retries_exhausted`). Documents in flight with no job at all get one.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from app.domain import Job, JobKind
from app.logs import log_context
from app.runtime import Runtime
from app.store import jobs as job_store

log = logging.getLogger(__name__)
MAX_BATCHES_PER_RUN = 4
TIME_BUFFER_S = 5.0


@dataclass
class SweepReport:
    requeued_ocr: list[str] = field(default_factory=list)
    requeued_metadata: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    finished_at: dt.datetime | None = None
    duration_ms: int = 0

    @property
    def total(self) -> int:
        return len(self.requeued_ocr) + len(self.requeued_metadata) + len(self.failed)

    def summary(self) -> dict[str, object]:
        return {"found": self.total, "requeued": len(self.requeued_ocr) + len(self.requeued_metadata),
                "failed": len(self.failed), "duration_ms": self.duration_ms}


def requeue_delay(recovery: int) -> float:
    """Backoff between automatic recoveries: 0 s for the first (a crash is not the file's
    fault), then 2, 4, 8 s … capped at a minute."""
    return 0.0 if recovery <= 1 else min(60.0, 2.0 ** (recovery - 1))


def give_up_message(kind: JobKind, recoveries: int) -> str:
    if kind is JobKind.OCR:
        return (f"Processing was interrupted {recoveries + 1} times (the server stopped while "
                "reading this document). Press Retry to try again.")
    return "Metadata generation was interrupted too many times. Press Regenerate to try again."


class RecoverySweeper:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
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
            await asyncio.sleep(self.rt.settings.recovery_interval_s)

    def _queued_grace_s(self) -> float:
        """A free queued job is normal while a Cloud Task is on its way to it; in-process, a
        free job is one handed back, to be taken at once."""
        owner = self.rt.dispatcher.new_job_owner()
        return 0.0 if owner is not None else self.rt.settings.stuck_job_threshold_s

    async def sweep_once(self, *, deadline_s: float | None = None) -> SweepReport:
        from app.pipeline.runner import enqueue

        rt, s = self.rt, self.rt.settings
        report = SweepReport()
        started = time.monotonic()
        budget = deadline_s if deadline_s is not None else max(1.0, s.recovery_interval_s - TIME_BUFFER_S)
        owner = rt.dispatcher.new_job_owner()
        grace = self._queued_grace_s()
        for _ in range(MAX_BATCHES_PER_RUN):
            if not rt.jobs.accepting or time.monotonic() - started > budget:
                break
            to_start: list[tuple[Job, float]] = []
            async with rt.pool.acquire() as conn, conn.transaction():
                found = await job_store.lock_recoverable(conn, s.recovery_batch_size, grace)
                for rec in found:
                    doc_id = str(rec.job.document_id)
                    recovery = rec.recoveries + (1 if rec.expired else 0)
                    with log_context(document_id=doc_id, job=rec.job.kind.value):
                        if recovery > s.max_retries:
                            message = give_up_message(rec.job.kind, rec.recoveries)
                            await job_store.give_up(conn, rec, message)
                            report.failed.append(doc_id)
                            log.warning("gave up after %d automatic recoveries", rec.recoveries)
                            continue
                        delay = requeue_delay(recovery) if rec.expired else 0.0
                        job = await job_store.take_over(conn, rec, owner, s.lease_ttl_s, delay)
                        to_start.append((job, delay))
                        log.info("recovered (%s lease, recovery %d/%d)",
                                 "expired" if rec.expired else "released", recovery, s.max_retries)
                orphans = await job_store.lock_orphans(conn, s.recovery_batch_size,
                                                       max(grace, s.lease_ttl_s))
                for document_id, kind in orphans:
                    job = await job_store.create(conn, document_id, kind, lease_owner=owner,
                                                 lease_ttl_s=s.lease_ttl_s)
                    to_start.append((job, 0.0))
                    with log_context(document_id=str(document_id), job=kind.value):
                        log.info("in flight with no job: a new job was created")
            # Dispatch only after the commit that makes the jobs visible.
            for job, delay in to_start:
                await enqueue(rt, job, delay_s=delay)
                target = report.requeued_ocr if job.kind is JobKind.OCR else report.requeued_metadata
                target.append(str(job.document_id))
            if len(found) < s.recovery_batch_size:
                break
        report.duration_ms = int((time.monotonic() - started) * 1000)
        report.finished_at = dt.datetime.now(dt.UTC)
        self.last, self.runs = report, self.runs + 1
        if report.total:
            log.info("recovery sweep: %d OCR re-queued, %d metadata re-queued, %d failed in %d ms",
                     len(report.requeued_ocr), len(report.requeued_metadata), len(report.failed),
                     report.duration_ms)
        return report
