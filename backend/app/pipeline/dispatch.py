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

from typing import TYPE_CHECKING, Protocol

from app.domain import Job

if TYPE_CHECKING:
    from app.runtime import Runtime


class Dispatcher(Protocol):
    # The lease owner of a newly created job: this process (it will run the job from memory)
    # or None (free for whichever process a queue delivers it to).
    def new_job_owner(self) -> str | None: ...

    async def enqueue(self, job: Job, *, delay_s: float = 0.0) -> None: ...

    async def aclose(self) -> None: ...


class BackgroundDispatcher:
    """Hands jobs to this process's `JobQueue` (FastAPI's BackgroundTasks call it after the
    response is sent)."""

    def __init__(self, rt: Runtime) -> None:
        self._rt = rt

    def new_job_owner(self) -> str | None:
        return self._rt.worker_id

    async def enqueue(self, job: Job, *, delay_s: float = 0.0) -> None:
        from app.pipeline.runner import run_job

        rt = self._rt
        rt.jobs.submit(job, lambda j: run_job(rt, j), delay_s=delay_s)

    async def aclose(self) -> None:
        return None
