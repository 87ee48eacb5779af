"""`Pipeline`: what runs the work, built from a `Runtime` (the process's infrastructure).

It owns the in-process job queue (held jobs, heartbeat, graceful shutdown), the dispatcher
(`TASK_DISPATCH`: this queue, or Cloud Tasks) and the recovery sweeper. `app/runtime.py` knows
nothing of it: the pipeline depends on the runtime, never the other way round, and the request
layer reaches it as `app.state.pipeline` (`api/deps.py::PipelineDep`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass

from app.config import Settings
from app.pipeline.dispatch import BackgroundDispatcher, Dispatcher
from app.pipeline.jobs import JobQueue
from app.pipeline.recovery import RecoverySweeper
from app.pipeline.runner import run_job
from app.runtime import Runtime


@dataclass(frozen=True)
class Pipeline:
    rt: Runtime
    queue: JobQueue
    dispatcher: Dispatcher
    sweeper: RecoverySweeper


async def _dispatcher(settings: Settings, rt: Runtime, queue: JobQueue) -> Dispatcher:
    """`TASK_DISPATCH`: this process's own queue, or a Cloud Tasks queue any replica serves."""
    if settings.task_dispatch == "cloud_tasks":
        # Google's client is imported only in this mode (start-up time and memory otherwise).
        from app.pipeline.cloud_tasks import CloudTasksDispatcher

        return await CloudTasksDispatcher.open(settings)
    return BackgroundDispatcher(queue, functools.partial(run_job, rt, queue))


@contextlib.asynccontextmanager
async def open_pipeline(rt: Runtime) -> AsyncIterator[Pipeline]:
    """Start the queue, the dispatcher and (with `RECOVERY_INTERVAL_S` > 0) the sweeper's loop;
    on exit stop the sweeper, let running jobs finish within `SHUTDOWN_GRACE_S` and hand the
    rest back, then close the dispatcher."""
    settings = rt.settings
    async with contextlib.AsyncExitStack() as stack:
        queue = JobQueue(settings, rt.job_pool, rt.worker_id)
        queue.start()
        dispatcher = await _dispatcher(settings, rt, queue)
        # Closed after the queue's shutdown: jobs handed back then need no dispatcher.
        stack.push_async_callback(dispatcher.aclose)
        stack.push_async_callback(queue.shutdown, settings.shutdown_grace_s)
        sweeper = RecoverySweeper(settings, rt.job_pool, queue, dispatcher)
        # 0 in cloud_tasks mode unless set: there Cloud Scheduler calls POST /api/tasks/sweep
        # (Cloud Run throttles the CPU of an instance between requests; see config.py).
        if settings.recovery_interval_s > 0:
            sweeper.start()
        stack.push_async_callback(sweeper.stop)
        yield Pipeline(rt=rt, queue=queue, dispatcher=dispatcher, sweeper=sweeper)
