"""The background chain for one document: claim → OCR → save → metadata.

Started after the upload's 202 (or by Retry, or by the recovery sweeper). Every outcome ends in
a clear state: `ocr_complete`, or `failed` with a message a user can act on. It never raises to
a client: there is none.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from app.errors import DocstreamError, LeaseLostError, is_transient
from app.ocr.base import OcrInput, OcrResult
from app.pipeline.metadata_job import run_metadata_background
from app.pipeline.retry import with_retries
from app.runtime import Runtime
from app.store import documents

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5


class ProgressWriter:
    """Persists `pages_done`, at most every half second (and always the last page)."""

    def __init__(self, rt: Runtime, document_id: str, token: Any) -> None:
        self._rt, self._id, self._token = rt, document_id, token
        self._last = 0.0

    async def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_EVERY_S:
            return
        self._last = now
        if not await documents.record_progress(self._rt.pool, self._id, self._token, done, total):
            raise LeaseLostError("lease lost while reporting progress")


def failure_message(exc: BaseException, rt: Runtime) -> str:
    if isinstance(exc, TimeoutError):
        return (f"Reading this document took longer than {rt.settings.ocr_timeout_s:.0f} seconds "
                "and was stopped. Try a smaller file, or press Retry.")
    if isinstance(exc, FileNotFoundError):
        return "The stored file is missing, so this document cannot be processed. Upload it again."
    if isinstance(exc, DocstreamError):
        if is_transient(exc):
            return f"{exc.detail} The service is having trouble; press Retry in a little while."
        return exc.detail
    if is_transient(exc):
        return "OCR failed because a service did not answer in time. Press Retry in a little while."
    return "OCR failed because of an unexpected error. Press Retry; if it keeps failing, contact support."


async def _ocr(rt: Runtime, doc: Any, prefix: str) -> OcrResult:
    s = rt.settings
    source = OcrInput(
        document_id=str(doc["id"]), filename=doc["filename"], mime_type=doc["mime_type"],
        file_size_bytes=doc["file_size_bytes"], storage_path=doc["file_path"], storage=rt.storage,
    )
    progress = ProgressWriter(rt, str(doc["id"]), doc["lease_token"])
    async with asyncio.timeout(s.ocr_timeout_s):
        return await with_retries(
            lambda: rt.ocr.process(source, progress),
            attempts=s.transient_retries + 1, base_delay=1.0, max_delay=30.0,
            deadline_s=s.ocr_timeout_s, log_prefix=prefix,
        )


async def _save(rt: Runtime, document_id: str, token: Any, result: OcrResult) -> None:
    async with rt.pool.acquire() as conn, conn.transaction():
        locked = await documents.lock_if_leased(conn, document_id, token)
        if locked is None or locked["status"] != "processing":
            raise LeaseLostError("lease lost before saving the OCR result")
        await documents.save_ocr_complete(
            conn, locked, text=result.text,
            pages=[{"index": p.index, "markdown": p.markdown, "width": p.width, "height": p.height}
                   for p in result.pages],
            tables_html=result.tables_html, page_count=result.page_count, model=result.model,
            processing_time_ms=result.processing_time_ms, usage_info=result.usage_info,
            layout=result.layout,
        )


async def run_ocr_background(rt: Runtime, document_id: str) -> None:
    """Process one document if nobody else is; safe to call any number of times."""
    prefix = f"[{document_id}] "
    async with rt.jobs.ocr_slots:
        doc = await documents.claim_for_ocr(rt.pool, document_id, rt.worker_id, rt.settings.lease_ttl_s)
        if doc is None:
            log.info("%snot claimable (taken by another worker, done, or deleted); skipping", prefix)
            return
        token = doc["lease_token"]
        log.info("%sOCR started (%s, %s bytes, engine %s)", prefix, doc["mime_type"],
                 doc["file_size_bytes"], rt.ocr.name)
        try:
            result = await _ocr(rt, doc, prefix)
            await _save(rt, document_id, token, result)
        except LeaseLostError:
            log.warning("%slease lost; another worker owns this document, dropping this attempt", prefix)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not isinstance(exc, (DocstreamError, TimeoutError, FileNotFoundError)):
                log.exception("%sOCR crashed", prefix)
            message = failure_message(exc, rt)
            if await documents.mark_failed(rt.pool, document_id, token, message):
                log.warning("%sOCR failed: %s", prefix, message)
            return
    log.info("%sOCR complete: %d page(s), %d ms, model %s", prefix, result.page_count,
             result.processing_time_ms, result.model)
    # A background task has no BackgroundTasks to spawn another one: await metadata directly.
    await run_metadata_background(rt, document_id, token)


