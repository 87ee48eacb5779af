"""Running jobs: the entry points every dispatcher uses, and `enqueue`.

- `enqueue(dispatcher, job)`: after the commit that created the job, hand it to the dispatcher.
- `run_job(rt, queue, job)`: the in-process queue runs a job it holds (claimed by id).
- `run_task(rt, queue, dispatcher, kind, document_id, final_attempt=…, budget=…)`: a Cloud
  Task delivery runs whatever job of that kind the document has pending (claimed by
  document), in the request, inside the delivery's deadline (`pipeline/budget.py`).
Both run an OCR job's metadata follow-up in the same process, straight after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import uuid

import asyncpg

from app.domain import Document, Job, JobKind, JobState
from app.errors import DispatchError
from app.logs import log_context
from app.pipeline.budget import Budget
from app.pipeline.dispatch import Dispatcher
from app.pipeline.jobs import JobQueue
from app.pipeline.metadata_job import MetadataRun
from app.pipeline.ocr_job import run_ocr
from app.pipeline.outcome import SKIPPED, TaskOutcome, TaskResult
from app.runtime import Runtime
from app.store import documents as doc_store
from app.store import jobs as job_store

log = logging.getLogger(__name__)


async def enqueue(
    dispatcher: Dispatcher, job: Job, *, delay_s: float = 0.0, pool: asyncpg.Pool | None = None
) -> None:
    """Dispatch a committed job. A dispatcher that cannot be reached loses nothing: the job row
    is durable and the recovery sweeper dispatches it later. With `pool`, the queue's refusal
    is kept on the job (the words of a `dispatch_failed` should no delivery ever come)."""
    try:
        await dispatcher.enqueue(job, delay_s=delay_s)
    except Exception as exc:
        with log_context(document_id=job.document_id, job=job.kind.value):
            log.warning("could not dispatch the job now; the recovery sweeper will: %s", exc)
            if pool is not None and isinstance(exc, DispatchError):
                try:
                    await job_store.record_dispatch_error(pool, [job.id], exc.cause)
                except Exception as db_exc:  # only the words of a later failure are lost
                    log.warning("could not record why: %s", db_exc)


async def _run_claimed(
    rt: Runtime,
    queue: JobQueue,
    job: Job,
    doc: Document,
    *,
    retries: int,
    final_attempt: bool,
    remote: bool = False,
) -> TaskResult:
    if job.kind is JobKind.OCR:
        return await run_ocr(
            rt, job, doc, retries=retries, final_attempt=final_attempt, remote=remote
        )
    run = MetadataRun(rt, queue, job, doc, retries=retries, final_attempt=final_attempt)
    return await run.run()


async def follow_up_metadata(
    rt: Runtime, queue: JobQueue, document_id: uuid.UUID, *, retries: int, final_attempt: bool
) -> TaskResult:
    """After OCR succeeded here: its metadata run was created leased to this process."""
    claimed = await job_store.claim_active(
        rt.job_pool, document_id, JobKind.METADATA, rt.worker_id, rt.settings.lease_ttl_s
    )
    if claimed is None:
        return SKIPPED
    job, doc = claimed
    # MetadataRun holds its own job (heartbeat, abandon on a failed terminal write).
    run = MetadataRun(rt, queue, job, doc, retries=retries, final_attempt=final_attempt)
    return await run.run()


async def run_job(rt: Runtime, queue: JobQueue, job: Job) -> TaskResult:
    """Run a job this process holds (the queue's `holding` wraps this call)."""
    retries = rt.settings.transient_retries
    # An OCR job waits for a slot before it claims: the document says `uploading` (queued)
    # until it is really being read. Users take turns for the slots (`admission.py`).
    admission: contextlib.AbstractAsyncContextManager[None] = contextlib.nullcontext()
    if job.kind is JobKind.OCR:
        owner = await doc_store.owner_of(rt.job_pool, job.document_id)
        if owner is None:
            log.info("ocr job's document is gone; skipping")
            return SKIPPED
        admission = queue.ocr_slots.slot(str(owner))
    async with admission:
        claimed = await job_store.claim(rt.job_pool, job.id, rt.worker_id, rt.settings.lease_ttl_s)
        if claimed is None:
            log.info("%s job not claimable (taken over, done, or deleted); skipping", job.kind)
            return SKIPPED
        result = await _run_claimed(rt, queue, *claimed, retries=retries, final_attempt=True)
    for created in result.follow_ups:  # a long document's page ranges, leased to this process
        queue.submit(created, functools.partial(run_job, rt, queue))
    if result.follow_ups:
        return result
    if job.kind is JobKind.OCR and result.outcome is TaskOutcome.SUCCEEDED:
        result = await follow_up_metadata(
            rt, queue, job.document_id, retries=retries, final_attempt=True
        )
    return result


async def run_task(
    rt: Runtime,
    queue: JobQueue,
    dispatcher: Dispatcher,
    kind: JobKind,
    document_id: uuid.UUID,
    *,
    final_attempt: bool,
    budget: Budget,
    page_start: int | None = None,
) -> TaskResult:
    """One delivery of a queue task. Idempotent: a duplicate, or a document already done,
    is a no-op (`SKIPPED`). No in-process retries: the queue redelivers on `RETRY`.

    At most one run of a job at a time: a delivery that finds its job running under a live
    lease (another delivery, here or on another instance) answers at once without touching it.
    Each step starts only if it fits in what is left of the delivery's `budget`; otherwise
    the job is handed back as a new task (`HANDED_BACK`). `page_start`: the delivery of one
    page-range OCR run of a long document (`fan_out.py`); a run that splits a document returns
    the ranges in `follow_ups` for the caller to dispatch."""
    with log_context(document_id=document_id, job=kind.value):
        result = SKIPPED
        kinds = (JobKind.OCR, JobKind.METADATA) if kind is JobKind.OCR else (JobKind.METADATA,)
        for current in kinds:
            step = await _run_step(
                rt,
                queue,
                dispatcher,
                current,
                document_id,
                final_attempt,
                budget,
                page_start if current is JobKind.OCR else None,
            )
            if step.outcome is TaskOutcome.SKIPPED:
                if step.detail:  # running elsewhere: that run owns the rest (metadata too)
                    return step
                continue
            result = step
            # Failed, retry, handed back; or split into page ranges (their tasks go first).
            if step.outcome is not TaskOutcome.SUCCEEDED or step.follow_ups:
                return step
        return result


async def _run_step(
    rt: Runtime,
    queue: JobQueue,
    dispatcher: Dispatcher,
    kind: JobKind,
    document_id: uuid.UUID,
    final_attempt: bool,
    budget: Budget,
    page_start: int | None = None,
) -> TaskResult:
    s = rt.settings
    found = await job_store.active(rt.job_pool, document_id, kind, page_start=page_start)
    if found is None:
        return SKIPPED  # nothing unfinished of this kind: done, deleted, or never needed
    job, live = found
    if live and job.lease_token is not None and not _mine_to_start(job, rt.worker_id):
        log.info("%s job already running under a live lease; this delivery leaves it", kind)
        return TaskResult(TaskOutcome.SKIPPED, detail="already running under a live lease")
    step_s = s.ocr_timeout_s if kind is JobKind.OCR else s.metadata_timeout_s
    slot: contextlib.AbstractAsyncContextManager[object]
    if kind is JobKind.OCR:  # users take turns for the OCR slots (`admission.py`)
        owner = await doc_store.owner_of(rt.job_pool, document_id)
        if owner is None:
            return SKIPPED  # deleted meanwhile
        slot, full = queue.ocr_slots.slot(str(owner)), queue.ocr_slots.full
    else:
        slot, full = queue.metadata_slots, queue.metadata_slots.locked()
    # A job waiting for a slot says `uploading` / `pending` (queued) until it really runs. One
    # leased to this process (the metadata run its OCR step created) is freed first: nothing
    # heartbeats it while it waits, and a lapsed lease would count as a crash.
    if full and job.lease_owner == rt.worker_id:
        await job_store.release(rt.job_pool, [job.id], rt.worker_id)
    async with contextlib.AsyncExitStack() as held:
        try:
            async with asyncio.timeout(max(0.0, budget.spare(step_s))):
                await held.enter_async_context(slot)
        except TimeoutError:
            return await _hand_back(rt, dispatcher, job, budget, "waited too long for a slot")
        if not budget.fits(step_s):
            return await _hand_back(rt, dispatcher, job, budget, "too little time left")
        if page_start is None:
            claimed = await job_store.claim_active(
                rt.job_pool, document_id, kind, rt.worker_id, s.lease_ttl_s
            )
        else:
            claimed = await job_store.claim_range(
                rt.job_pool, document_id, page_start, rt.worker_id, s.lease_ttl_s
            )
        if claimed is None:  # taken by another delivery meanwhile, or finished
            return SKIPPED
        if kind is JobKind.METADATA:
            run = MetadataRun(
                rt, queue, *claimed, retries=0, final_attempt=final_attempt, slot_held=True
            )
            return await run.run()
        try:
            async with queue.holding(claimed[0].id):
                return await _run_claimed(
                    rt, queue, *claimed, retries=0, final_attempt=final_attempt, remote=True
                )
        except Exception:  # abandoned to the sweeper by `holding` (logged there)
            return TaskResult(TaskOutcome.RETRY, detail="interrupted")


def _mine_to_start(job: Job, worker_id: str) -> bool:
    """A queued job leased to this process (the metadata run an OCR step here created) is
    this process's to start; anything else under a live lease is somebody's run."""
    return job.state is JobState.QUEUED and job.lease_owner == worker_id


async def _hand_back(
    rt: Runtime, dispatcher: Dispatcher, job: Job, budget: Budget, why: str
) -> TaskResult:
    """The step does not fit in this delivery: free the job (if this process held it) and
    give it a new task, whose delivery has a whole deadline. If the queue cannot take the
    task, answer `RETRY`: the queue delivers this task again (the job is free and queued)."""
    if job.lease_owner == rt.worker_id:
        await job_store.release(rt.job_pool, [job.id], rt.worker_id)
    try:
        name = await dispatcher.hand_back(job)
    except Exception as exc:
        log.warning("%s job: %s, and the queue did not take it back: %s", job.kind, why, exc)
        return TaskResult(TaskOutcome.RETRY, detail=f"{why}; handing back failed")
    log.info(
        "%s job handed back after %.1f s of %.0f s (%s): continues as %s",
        job.kind,
        budget.elapsed(),
        budget.deadline_s,
        why,
        name,
    )
    return TaskResult(TaskOutcome.HANDED_BACK, detail=f"{why}; continues as a new task")
