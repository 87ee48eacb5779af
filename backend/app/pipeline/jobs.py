"""The in-process job queue: bounded concurrency, lease heartbeats, graceful shutdown.

FastAPI's BackgroundTasks only hand work over here once the 202 is sent; the queue owns the
job from then on. It is deliberately not durable: durability comes from the database row and
its lease. If this process dies, its leases expire and another process's sweeper takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from app.config import Settings
from app.store import documents

log = logging.getLogger(__name__)


class JobQueue:
    def __init__(self, settings: Settings, pool: asyncpg.Pool, worker_id: str) -> None:
        self._settings = settings
        self._pool = pool
        self._worker_id = worker_id
        self._tasks: set[asyncio.Task[None]] = set()
        self._heartbeat: asyncio.Task[None] | None = None
        self.ocr_slots = asyncio.Semaphore(settings.ocr_documents_in_flight)
        self.accepting = True

    @property
    def active(self) -> int:
        return len(self._tasks)

    def start(self) -> None:
        self._heartbeat = asyncio.create_task(self._heartbeat_loop(), name="lease-heartbeat")

    def submit(self, job: Callable[[], Awaitable[None]], *, name: str, delay: float = 0.0) -> bool:
        """Run `job` in the background. Refused while shutting down: the document keeps its
        row and its lease is released, so the next process picks it up."""
        if not self.accepting:
            log.info("%s: not started, shutting down", name)
            return False
        task = asyncio.create_task(self._run(job, name, delay), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    def track(self, task: asyncio.Task[None]) -> None:
        """Count a task started elsewhere (a Regenerate run) as work to wait for at shutdown."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Callable[[], Awaitable[None]], name: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            # Jobs handle their own failures; this is the last line, so nothing dies silently.
            log.exception("%s: job crashed", name)

    async def _heartbeat_loop(self) -> None:
        s = self._settings
        while True:
            await asyncio.sleep(s.heartbeat_interval_s)
            try:
                await documents.heartbeat(self._pool, self._worker_id, s.lease_ttl_s)
            except Exception as exc:  # database away: leases may lapse, the sweeper copes
                log.warning("lease heartbeat failed: %s", exc)

    async def shutdown(self, grace_s: float) -> None:
        """Stop taking work, let running jobs finish within `grace_s`, hand back the rest."""
        self.accepting = False
        if self._tasks:
            log.info("waiting up to %.0fs for %d job(s) to finish", grace_s, len(self._tasks))
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace_s)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=5)
        if self._heartbeat:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        try:
            released = await documents.release_all(self._pool, self._worker_id)
            if released:
                log.info("released %d unfinished document(s) for other processes", released)
        except Exception as exc:
            log.warning("could not release leases (they will expire): %s", exc)
