"""The in-process job queue: the jobs this process holds, their heartbeat, graceful shutdown.

The queue is deliberately not durable: durability comes from the `document_jobs` row and its
lease. What the queue adds is the rule that makes leases honest: the heartbeat renews exactly
the leases of the jobs this process holds in memory (queued here or running), and a job that
ends in any way without its terminal write is abandoned (its lease expired at once), so the
recovery sweeper takes it over at its next pass. If this process dies, the heartbeat stops and
the leases expire on their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg

from app.config import Settings
from app.domain import Job
from app.logs import log_context
from app.pipeline.admission import FairSlots
from app.store import jobs as job_store

log = logging.getLogger(__name__)


class JobQueue:
    def __init__(self, settings: Settings, pool: asyncpg.Pool, worker_id: str) -> None:
        self._settings = settings
        self._pool = pool
        self.worker_id = worker_id  # the lease owner of the jobs this process holds
        self._tasks: set[asyncio.Task[None]] = set()
        self._held: set[uuid.UUID] = set()
        self._heartbeat: asyncio.Task[None] | None = None
        # OCR admission, users taking turns (`app/pipeline/admission.py`).
        self.ocr_slots = FairSlots(settings.ocr_documents_in_flight)
        # Metadata agents at once (METADATA_CONCURRENCY): a Claude run is a CLI process.
        self.metadata_slots = asyncio.Semaphore(settings.metadata_concurrency)
        self.accepting = True
        self.stopping = False

    @property
    def active(self) -> int:
        return len(self._tasks)

    @property
    def held(self) -> frozenset[uuid.UUID]:
        return frozenset(self._held)

    def start(self) -> None:
        self._heartbeat = asyncio.create_task(self._heartbeat_loop(), name="lease-heartbeat")

    def submit(
        self, job: Job, run: Callable[[Job], Awaitable[object]], *, delay_s: float = 0.0
    ) -> bool:
        """Run `run(job)` in the background, holding the job from now on. Refused while shutting
        down: the job's lease is then handed back so the next process picks it up."""
        if not self.accepting:
            log.info("%s job %s not started: shutting down", job.kind, job.id)
            return False
        self._held.add(job.id)  # heartbeat from now on, even while it waits for a slot
        task = asyncio.create_task(
            self._run(job, run, delay_s), name=f"{job.kind}-{job.document_id}"
        )
        self.track(task)
        return True

    def track(self, task: asyncio.Task[None]) -> None:
        """Count a task as work to wait for at shutdown (a Regenerate run, a queued job)."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Job, run: Callable[[Job], Awaitable[object]], delay_s: float) -> None:
        # `holding` logs a crash; suppressing it here means nothing dies silently or noisily.
        with (
            log_context(document_id=job.document_id, job=job.kind.value, attempt=job.attempt),
            contextlib.suppress(Exception),
        ):
            async with self.holding(job.id):
                if delay_s > 0:
                    await asyncio.sleep(delay_s)
                await run(job)

    @contextlib.asynccontextmanager
    async def holding(self, job_id: uuid.UUID) -> AsyncIterator[None]:
        """Hold a job while the block runs. An exception or cancellation (other than at
        shutdown) means the run ended without its terminal write: abandon it."""
        self._held.add(job_id)
        ended_cleanly = False
        try:
            yield
            ended_cleanly = True
        except asyncio.CancelledError:
            if not self.stopping:
                log.warning("job %s was cancelled; abandoning it to the recovery sweeper", job_id)
            raise
        except Exception:
            log.exception("job %s crashed; abandoning it to the recovery sweeper", job_id)
            raise
        finally:
            self._held.discard(job_id)
            if not ended_cleanly and not self.stopping:
                try:
                    await job_store.abandon(self._pool, job_id, self.worker_id)
                except Exception as exc:  # the lease then lapses on its own: no heartbeat
                    log.warning("could not abandon job %s (its lease will expire): %s", job_id, exc)

    async def _heartbeat_loop(self) -> None:
        s = self._settings
        while True:
            await asyncio.sleep(s.heartbeat_interval_s)
            if not self._held:
                continue
            try:
                await job_store.heartbeat(
                    self._pool, list(self._held), self.worker_id, s.lease_ttl_s
                )
            except Exception as exc:  # database away: leases may lapse, the sweeper copes
                log.warning("lease heartbeat failed: %s", exc)

    async def shutdown(self, grace_s: float) -> None:
        """Stop taking work, let running jobs finish within `grace_s`, hand back the rest."""
        self.accepting = False
        if self._tasks:
            log.info("waiting up to %.0fs for %d job(s) to finish", grace_s, len(self._tasks))
            await asyncio.wait(set(self._tasks), timeout=grace_s)
        held = list(self._held)
        self.stopping = True
        pending = set(self._tasks)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)
        if self._heartbeat:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        if not held:
            return
        try:
            released = await job_store.release(self._pool, held, self.worker_id)
            if released:
                log.info("released %d unfinished document(s) for other processes", released)
        except Exception as exc:
            log.warning("could not release leases (they will expire): %s", exc)
