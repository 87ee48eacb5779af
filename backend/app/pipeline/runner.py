"""Running jobs: the entry points every dispatcher uses, and `enqueue`.

- `enqueue(dispatcher, job)`: after the commit that created the job, hand it to the dispatcher.
- `run_job(rt, queue, job)`: the in-process queue runs a job it holds (claimed by id).
- `run_task(rt, queue, kind, document_id, final_attempt=…)`: a Cloud Task delivery runs
  whatever job of that kind the document has pending (claimed by document), in the request.
Both run an OCR job's metadata follow-up in the same process, straight after it.
"""

from __future__ import annotations

import contextlib
import logging
import uuid

from app.domain import Document, Job, JobKind
from app.logs import log_context
from app.pipeline.dispatch import Dispatcher
from app.pipeline.jobs import JobQueue
from app.pipeline.metadata_job import MetadataRun
from app.pipeline.ocr_job import run_ocr
from app.pipeline.outcome import SKIPPED, TaskOutcome, TaskResult
from app.runtime import Runtime
from app.store import documents as doc_store
from app.store import jobs as job_store

log = logging.getLogger(__name__)


async def enqueue(dispatcher: Dispatcher, job: Job, *, delay_s: float = 0.0) -> None:
    """Dispatch a committed job. A dispatcher that cannot be reached loses nothing: the job row
    is durable and the recovery sweeper dispatches it later."""
    try:
        await dispatcher.enqueue(job, delay_s=delay_s)
    except Exception as exc:
        with log_context(document_id=job.document_id, job=job.kind.value):
            log.warning("could not dispatch the job now; the recovery sweeper will: %s", exc)


async def _run_claimed(
    rt: Runtime, queue: JobQueue, job: Job, doc: Document, *, retries: int, final_attempt: bool
) -> TaskResult:
    if job.kind is JobKind.OCR:
        return await run_ocr(rt, job, doc, retries=retries, final_attempt=final_attempt)
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
    if job.kind is JobKind.OCR and result.outcome is TaskOutcome.SUCCEEDED:
        result = await follow_up_metadata(
            rt, queue, job.document_id, retries=retries, final_attempt=True
        )
    return result


async def run_task(
    rt: Runtime, queue: JobQueue, kind: JobKind, document_id: uuid.UUID, *, final_attempt: bool
) -> TaskResult:
    """One delivery of a queue task. Idempotent: a duplicate, or a document already done,
    is a no-op (`SKIPPED`). No in-process retries: the queue redelivers on `RETRY`."""
    with log_context(document_id=document_id, job=kind.value):
        result = SKIPPED
        kinds = (JobKind.OCR, JobKind.METADATA) if kind is JobKind.OCR else (JobKind.METADATA,)
        for current in kinds:
            if current is JobKind.METADATA:
                step = await follow_up_metadata(
                    rt, queue, document_id, retries=0, final_attempt=final_attempt
                )
            else:
                owner = await doc_store.owner_of(rt.job_pool, document_id)
                if owner is None:
                    continue
                async with queue.ocr_slots.slot(str(owner)):
                    claimed = await job_store.claim_active(
                        rt.job_pool, document_id, current, rt.worker_id, rt.settings.lease_ttl_s
                    )
                    if claimed is None:
                        continue
                    try:
                        async with queue.holding(claimed[0].id):
                            step = await _run_claimed(
                                rt, queue, *claimed, retries=0, final_attempt=final_attempt
                            )
                    except Exception:  # abandoned to the sweeper by `holding` (logged there)
                        return TaskResult(TaskOutcome.RETRY, detail="interrupted")
            if step.outcome is not TaskOutcome.SKIPPED:
                result = step
            if step.outcome in (TaskOutcome.FAILED, TaskOutcome.RETRY):
                return step
        return result
