"""The OCR step of a claimed job: read the file, save the result, queue the metadata run.

Every outcome ends in a terminal write under the job's lease — `ocr_complete`, or `failed`
with a code and a message a user can act on — or, for a transient failure a queue will
redeliver, in the job handed back. If even that write fails, the exception escapes and the
queue abandons the job to the sweeper (`JobQueue.holding`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence

from app.domain import Document, Job, PageTurn
from app.errors import (
    DocstreamError,
    ErrorCode,
    LeaseLostError,
    ProcessingError,
    TransientError,
    is_database_fault,
    is_transient,
)
from app.ocr.base import OcrInput, OcrPage, OcrResult
from app.pipeline import fan_out, thumbnails
from app.pipeline.ocr_output import output, page_reading
from app.pipeline.outcome import TaskOutcome, TaskResult
from app.pipeline.retry import with_retries
from app.runtime import Runtime
from app.store import jobs as job_store
from app.store import ocr_pages

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5
# How often the pages read so far are put into the search index while a document runs: each
# time the whole text so far is parsed again, so not on every page of a 2,000-page scan.
PUBLISH_EVERY_S = 2.0


class Checkpoints:
    """The run's `PageSink` and progress callback: each page is stored as soon as it is read,
    under the lease (`store/ocr_pages.py`); `pages_done` is persisted at most every half
    second (and always the last page), and a count held back by that limit is written when the
    half second is up, so a run that pauses after a burst of pages (a slot wait, a slow page)
    never leaves the card showing fewer pages than search already finds; the pages read so far
    are published to search every couple of seconds; and every finished page pushes the
    no-progress limit back."""

    def __init__(
        self,
        rt: Runtime,
        job: Job,
        reading: str,
        done: dict[int, OcrPage],
        on_page: Callable[[], None] = lambda: None,
    ) -> None:
        self._rt, self._job, self._reading = rt, job, reading
        self._done = done
        self._on_page = on_page
        self._last = 0.0
        self._published = 0.0
        self._publishing: asyncio.Task[None] | None = None
        self._total = 0
        self._latest = (0, 0)
        self._progress_later: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()  # one count write at a time, so none lands out of order

    @property
    def done(self) -> Mapping[int, OcrPage]:
        return self._done

    async def save(self, pages: Sequence[OcrPage]) -> None:
        pool = self._rt.job_pool
        if not await ocr_pages.save(
            pool, self._job, pages, model=self._rt.ocr.name, reading=self._reading
        ):
            raise LeaseLostError("lease lost while storing a page")
        self._done.update((p.index, p) for p in pages)
        self._on_page()
        if self._publishing is None or self._publishing.done():
            self._publishing = asyncio.create_task(self._publish())

    async def _publish(self) -> None:
        """Put the pages read so far into the search index, at most every PUBLISH_EVERY_S:
        a page finished just after a publish is published a little later, never dropped, and
        a burst of pages costs one publish."""
        await asyncio.sleep(max(0.0, self._published + PUBLISH_EVERY_S - time.monotonic()))
        self._published = time.monotonic()
        if self._total:
            try:
                await ocr_pages.publish_partial(
                    self._rt.job_pool,
                    self._job,
                    self._reading,
                    self._total,
                    max_chars_per_page=self._rt.settings.ocr_max_chars_per_page,
                    max_chars_per_document=self._rt.settings.ocr_max_chars_per_document,
                )
            except Exception as exc:  # a nicety: the final result is written anyway
                log.warning("could not publish the pages read so far: %s", exc)

    async def close(self) -> None:
        """Stop a pending publish and progress write (the final result is about to be written)."""
        for task in (self._publishing, self._progress_later):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task

    async def __call__(self, done: int, total: int) -> None:
        self._total = total
        self._latest = (done, total)
        if done < total and time.monotonic() - self._last < PROGRESS_EVERY_S:
            if self._progress_later is None or self._progress_later.done():
                self._progress_later = asyncio.create_task(self._write_later())
            return
        if not await self._write():
            raise LeaseLostError("lease lost while reporting progress")

    async def _write_later(self) -> None:
        """The trailing write of a count the half-second limit held back. A lost lease here is
        only logged: the run's next page write or progress call raises it in the run itself."""
        await asyncio.sleep(max(0.0, self._last + PROGRESS_EVERY_S - time.monotonic()))
        try:
            if not await self._write():
                log.info("lease lost while recording the pages read so far")
        except Exception as exc:  # a nicety: the next call or the final result writes it
            log.warning("could not record the pages read so far: %s", exc)

    async def _write(self) -> bool:
        """Write the newest count (read under the lock: a count newer than the caller's may
        have come in while it waited)."""
        async with self._writing:
            done, total = self._latest
            self._last = time.monotonic()
            pool = self._rt.job_pool
            if self._job.page_range is not None:  # ranges run in parallel: the document's count
                return await ocr_pages.record_progress(pool, self._job, self._reading, total)
            return await job_store.record_progress(pool, self._job, done, total)


def failure(exc: BaseException, ocr_timeout_s: float) -> tuple[ErrorCode, str]:
    """The code and the sentence a user sees for an OCR failure."""
    if isinstance(exc, TimeoutError):
        return ErrorCode.TIMEOUT, (
            f"Reading this document stopped making progress: no page was finished in "
            f"{ocr_timeout_s:g} seconds. The pages read so far are kept; press Retry to "
            "continue, or try a smaller file."
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


def source_of(rt: Runtime, doc: Document, page_range: tuple[int, int] | None = None) -> OcrInput:
    return OcrInput(
        document_id=doc.id,
        filename=doc.filename,
        mime_type=doc.mime_type,
        file_size_bytes=doc.file_size_bytes,
        storage_path=doc.file_path,
        storage=rt.storage,
        user_id=str(doc.user_id),
        language=doc.ocr_language,
        page_range=page_range,
    )


async def read_pages(rt: Runtime, job: Job, doc: Document, retries: int) -> OcrResult:
    """The engine reads the pages not stored yet. `OCR_TIMEOUT_S` is a limit on time without
    progress: every stored page pushes it back, so a 2,000-page scan that keeps finishing
    pages completes, and a run stuck on one page (or retrying a dead service) stops."""
    s = rt.settings
    reading = page_reading(rt.ocr.reading(), doc)
    stored = await ocr_pages.load(rt.job_pool, doc.id, reading)
    if stored:
        log.info("%d page(s) already read; reading only the rest", len(stored))
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(s.ocr_timeout_s) as limit:
        checkpoints = Checkpoints(
            rt, job, reading, stored, lambda: limit.reschedule(loop.time() + s.ocr_timeout_s)
        )
        try:
            result = await with_retries(
                lambda: rt.ocr.process(
                    source_of(rt, doc, job.page_range), checkpoints, checkpoints
                ),
                attempts=retries + 1,
                base_delay=1.0,
                max_delay=30.0,
            )
            # An engine that does not store pages itself (or not all): its pages are stored
            # now, so the result below is always the stored pages.
            missing = [p for p in result.pages if p.index not in checkpoints.done]
            if missing:
                await checkpoints.save(missing)
        finally:
            await checkpoints.close()
    return result


async def _assemble(rt: Runtime, doc: Document, result: OcrResult) -> OcrResult:
    """The final result from the stored pages (every page, in order), with what the engine
    said of the whole document. A page missing means a run lost track: read it again."""
    pages = await ocr_pages.load(rt.job_pool, doc.id, page_reading(rt.ocr.reading(), doc))
    missing = [i for i in range(result.page_count) if i not in pages]
    if missing:
        raise TransientError(f"{len(missing)} page(s) were not stored; reading them again.")
    return OcrResult(
        pages=[pages[i] for i in range(result.page_count)],
        model=result.model,
        processing_time_ms=result.processing_time_ms,
        usage_info=result.usage_info,
        layout=result.layout,
        language=result.language,
    )


async def _save(rt: Runtime, job: Job, result: OcrResult) -> Job:
    async with rt.job_pool.acquire() as conn, conn.transaction():
        doc = await job_store.lock_running(conn, job)
        if doc is None:
            raise LeaseLostError("lease lost before saving the OCR result")
        out = output(result, rt.settings, doc.ocr_language)
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
    rt: Runtime,
    job: Job,
    doc: Document,
    *,
    retries: int,
    final_attempt: bool,
    remote: bool = False,
) -> TaskResult:
    """Run a claimed OCR job to its end (the caller holds an OCR slot). `retries`: transient
    failures retried in-process; `final_attempt`: no queue will redeliver, so a transient
    failure fails the document; `remote`: page-range jobs are created free for a remote queue
    (else leased to this process). A long PDF's run only splits it into page ranges
    (`fan_out.py`): the result lists them in `follow_ups`, for the caller to dispatch."""
    log.info(
        "OCR started (%s, %d bytes, engine %s%s)",
        doc.mime_type,
        doc.file_size_bytes,
        rt.ocr.name,
        f", pages {job.page_range[0] + 1}-{job.page_range[1]}" if job.page_range else "",
    )
    try:
        spans = await fan_out.plan(rt, job, doc)
        if spans:
            created = await fan_out.split(rt, job, spans, owner=None if remote else rt.worker_id)
            return TaskResult(
                TaskOutcome.SUCCEEDED,
                detail=f"split into {len(created)} page ranges",
                follow_ups=tuple(created),
            )
        read = await read_pages(rt, job, doc, retries)
        result = None if job.page_range is not None else await _assemble(rt, doc, read)
    except LeaseLostError:
        return _lease_lost()
    except Exception as exc:
        return await _failed(rt, job, exc, final_attempt)
    # The terminal write, outside the engine's error handling: if the database fails here,
    # the exception escapes and the run is abandoned to the sweeper (never blamed on the file).
    try:
        if result is None:  # a page range: the last one to finish assembles the document
            done = await fan_out.fan_in(rt, job, read)
            if done is None:
                log.info("page range done; other ranges still running")
                return TaskResult(TaskOutcome.SUCCEEDED, detail="page range done")
            result = done[1]
        else:
            await _save(rt, job, result)
    except LeaseLostError:
        return _lease_lost()
    except TransientError as exc:
        return await _failed(rt, job, exc, final_attempt)
    first = result.pages[0] if result.pages else None
    turn = PageTurn(0, first.orientation, first.skew) if first else PageTurn(0)
    await thumbnails.at_ingest(rt, doc, turn)
    log.info(
        "OCR complete: %d page(s), %d ms, model %s",
        result.page_count,
        result.processing_time_ms,
        result.model,
    )
    return TaskResult(TaskOutcome.SUCCEEDED)
