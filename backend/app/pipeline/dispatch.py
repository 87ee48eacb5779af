"""Dispatchers: how a queued job reaches a process that runs it.

A job row is created (queued) in the transaction that makes it necessary; `enqueue` is called
only after that commit. Two dispatchers, chosen by `TASK_DISPATCH`:

- `BackgroundDispatcher` (default): this process runs the job from its in-process queue. The
  job was created leased to this process, so nobody else takes it while it waits here.
- `CloudTasksDispatcher` (`app/pipeline/cloud_tasks.py`): one HTTP task per job on a Google
  Cloud Tasks queue; the job was created free, and whichever replica the task reaches claims it.

If `enqueue` fails, nothing is lost: the row is durable and the recovery sweeper dispatches it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from app.config import Settings
from app.domain import Job
from app.pipeline.jobs import JobQueue


class Dispatcher(Protocol):
    # True: jobs go to a queue outside this process (any replica may run them); they are
    # created free, and a free queued job is normal for a while (the task is on its way).
    # False: this process runs them from memory; they are created leased to it.
    remote: bool

    # The lease owner of a newly created job: this process, or None (free) when remote.
    def new_job_owner(self) -> str | None: ...

    # True when the queue already held a waiting task for this job (nothing was lost: a
    # re-send that finds it so is not counted towards `dispatch_failed`).
    async def enqueue(self, job: Job, *, delay_s: float = 0.0) -> bool: ...

    # A delivery out of time gives its free queued job a new task (a new name, delivered
    # afresh); returns where it went. Raises when the queue cannot take it.
    async def hand_back(self, job: Job) -> str: ...

    async def aclose(self) -> None: ...


class BackgroundDispatcher:
    """Hands jobs to this process's `JobQueue` (FastAPI's BackgroundTasks call it after the
    response is sent); `run` is what the queue runs for a job (`runner.run_job`, bound by the
    composition root in `app/pipeline/pipeline.py`)."""

    remote = False

    def __init__(self, queue: JobQueue, run: Callable[[Job], Awaitable[object]]) -> None:
        self._queue = queue
        self._run = run

    def new_job_owner(self) -> str | None:
        return self._queue.worker_id

    async def enqueue(self, job: Job, *, delay_s: float = 0.0) -> bool:
        self._queue.submit(job, self._run, delay_s=delay_s)
        return False

    async def hand_back(self, job: Job) -> str:
        """Never needed in-process (no delivery deadline); for the protocol's sake, run it."""
        await self.enqueue(job)
        return "this process's queue"

    async def aclose(self) -> None:
        return None


def free_job_grace_s(dispatcher: Dispatcher, settings: Settings) -> float:
    """How long a free queued job may wait before the sweeper (or a person's Retry) counts it
    as stuck, the one place this is decided: with a remote queue a free job is normal while
    its task is on its way (`STUCK_JOB_THRESHOLD_S`); in-process a free job was handed back
    (graceful shutdown) and is taken at once."""
    return settings.stuck_job_threshold_s if dispatcher.remote else 0.0
