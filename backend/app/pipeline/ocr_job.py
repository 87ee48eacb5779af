"""The OCR step of a claimed job: read the file, save the result, queue the metadata run.

Every outcome ends in a terminal write under the job's lease — `ocr_complete`, or `failed`
with a code and a message a user can act on — or, for a transient failure a queue will
redeliver, in the job handed back. If even that write fails, the exception escapes and the
queue abandons the job to the sweeper (`JobQueue.holding`).
"""

from __future__ import annotations

import asyncio
import logging
import time

import asyncpg

from app.domain import Document, Job
from app.errors import (
    DocstreamError,
    ErrorCode,
    LeaseLostError,
    ProcessingError,
    is_database_fault,
    is_transient,
)
from app.ocr.base import OcrInput, OcrResult
from app.pipeline import thumbnails
from app.pipeline.outcome import TaskOutcome, TaskResult
from app.pipeline.retry import with_retries
from app.runtime import Runtime
from app.store import jobs as job_store

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5


class ProgressWriter:
    """Persists `pages_done`, at most every half second (and always the last page)."""

    def __init__(self, pool: asyncpg.Pool, job: Job) -> None:
        self._pool, self._job = pool, job
        self._last = 0.0

    async def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_EVERY_S:
            return
        self._last = now
        if not await job_store.record_progress(self._pool, self._job, done, total):
            raise LeaseLostError("lease lost while reporting progress")


def failure(exc: BaseException, ocr_timeout_s: float) -> tuple[ErrorCode, str]:
    """The code and the sentence a user sees for an OCR failure."""
    if isinstance(exc, TimeoutError):
        return ErrorCode.TIMEOUT, (
            f"Reading this document took longer than {ocr_timeout_s:.0f} seconds "
            "and was stopped. Try a smaller file, or press Retry."
        )
    if isinstance(exc, FileNotFoundError):
        return ErrorCode.FILE_MISSING, (
            "The stored file is missing, so this document cannot be processed. Upload it again."
        )
    if isinstance(exc, ProcessingError):
        if is_transient(exc):
            return (
                exc.code,
                f"{exc.detail} The service is having trouble; press Retry in a little while.",
            )
        return exc.code, exc.detail
    if isinstance(exc, DocstreamError):
        return ErrorCode.INTERNAL, exc.detail
    if is_transient(exc):
        return ErrorCode.ENGINE_UNAVAILABLE, (
            "OCR failed because a service did not answer in time. Press Retry in a little while."
        )
    return ErrorCode.INTERNAL, (
        "OCR failed because of an unexpected error. Press Retry; if it keeps failing, contact support."
    )


async def _read(rt: Runtime, job: Job, doc: Document, retries: int) -> OcrResult:
    s = rt.settings
    source = OcrInput(
        document_id=doc.id,
        filename=doc.filename,
        mime_type=doc.mime_type,
        file_size_bytes=doc.file_size_bytes,
        storage_path=doc.file_path,
        storage=rt.storage,
        user_id=str(doc.user_id),
    )
    progress = ProgressWriter(rt.job_pool, job)
    async with asyncio.timeout(s.ocr_timeout_s):
        return await with_retries(
            lambda: rt.ocr.process(source, progress),
            attempts=retries + 1,
            base_delay=1.0,
            max_delay=30.0,
            deadline_s=s.ocr_timeout_s,
        )


async def _save(rt: Runtime, job: Job, result: OcrResult) -> Job:
    s = rt.settings
    truncated = result.apply_text_budget(s.ocr_max_chars_per_page, s.ocr_max_chars_per_document)
    out = job_store.OcrOutput(
        text=result.text,
        pages=[
            {"index": p.index, "markdown": p.markdown, "width": p.width, "height": p.height}
            for p in result.pages
        ],
        tables_html=result.tables_html,
        page_count=result.page_count,
        model=result.model,
        processing_time_ms=result.processing_time_ms,
        usage_info=result.usage_info,
        layout=result.layout,
        no_text=result.no_text,
        text_truncated=truncated,
    )
    async with rt.job_pool.acquire() as conn, conn.transaction():
        doc = await job_store.lock_running(conn, job)
        if doc is None:
            raise LeaseLostError("lease lost before saving the OCR result")
        # The metadata run is next, in this same process (see runner.follow_up_metadata).
        return await job_store.complete_ocr(
            conn, job, doc, out, metadata_owner=rt.worker_id, lease_ttl_s=rt.settings.lease_ttl_s
        )


def _lease_lost() -> TaskResult:
    log.warning("lease lost; another worker owns this document, dropping this attempt")
    return TaskResult(TaskOutcome.SKIPPED, detail="lease lost")


async def _failed(rt: Runtime, job: Job, exc: Exception, final_attempt: bool) -> TaskResult:
    if is_database_fault(exc):
        # Not the file's fault, nor the engine's: the run is abandoned to the sweeper (by the
        # queue's `holding`), which starts it again once the database answers.
        raise exc
    code, message = failure(exc, rt.settings.ocr_timeout_s)
    if not isinstance(exc, (DocstreamError, TimeoutError, FileNotFoundError)):
        log.error("OCR crashed", exc_info=exc)
    if is_transient(exc) and not final_attempt:
        await job_store.release(rt.job_pool, [job.id], rt.worker_id)
        log.warning("OCR failed, handed back for redelivery: %s", message)
        return TaskResult(
            TaskOutcome.RETRY, retry_after_s=getattr(exc, "retry_after", None), detail=message
        )
    if is_transient(exc) and code is not ErrorCode.TIMEOUT:  # every retry was made
        code = ErrorCode.RETRIES_EXHAUSTED
    if await job_store.fail(rt.job_pool, job, code, message):
        log.warning("OCR failed (%s): %s", code, message)
    return TaskResult(TaskOutcome.FAILED, detail=message)


async def run_ocr(
    rt: Runtime, job: Job, doc: Document, *, retries: int, final_attempt: bool
) -> TaskResult:
    """Run a claimed OCR job to its end (the caller holds an OCR slot). `retries`: transient
    failures retried in-process; `final_attempt`: no queue will redeliver, so a transient
    failure fails the document."""
    log.info(
        "OCR started (%s, %d bytes, engine %s)", doc.mime_type, doc.file_size_bytes, rt.ocr.name
    )
    try:
        result = await _read(rt, job, doc, retries)
    except LeaseLostError:
        return _lease_lost()
    except Exception as exc:
        return await _failed(rt, job, exc, final_attempt)
    # The terminal write, outside the engine's error handling: if the database fails here,
    # the exception escapes and the run is abandoned to the sweeper (never blamed on the file).
    try:
        await _save(rt, job, result)
    except LeaseLostError:
        return _lease_lost()
    await thumbnails.at_ingest(rt, doc)
    log.info(
        "OCR complete: %d page(s), %d ms, model %s",
        result.page_count,
        result.processing_time_ms,
        result.model,
    )
    return TaskResult(TaskOutcome.SUCCEEDED)
