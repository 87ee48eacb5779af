"""A long document's OCR as page-range runs, and the fan-in that ends it exactly once.

A PDF of more than `OCR_RANGE_PAGES` pages is not read by one run: its OCR run splits it into
ranges of that many pages, each a job of its own (`document_jobs.page_start/page_stop`; in
Cloud Tasks mode each is its own task, so several instances read one document at once, and
each range fits well inside one dispatch deadline), and ends. Every range stores its pages as
checkpoints like any run (`ocr_job.Checkpoints`), so a redelivered or recovered range reads
only what it is missing.

The fan-in: a range that finishes locks its job and the document row (`jobs.lock_running`)
and counts the document's other unfinished OCR runs. Two ranges finishing together are
serialised by that lock, so exactly one sees none left; that one assembles the result from the
stored pages and, in the same transaction, marks the document `ocr_complete` and creates the
metadata job (`jobs.complete_ocr`). A duplicate delivery of a finished range finds no job to
claim, and a crash before the commit leaves the range unfinished, to be recovered: the
metadata job is created once, whatever is delivered twice or dies.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable

from app.domain import Document, DocumentStatus, Job, JobKind, LayoutHints
from app.errors import LeaseLostError, TransientError
from app.ocr import ranges
from app.ocr.base import OcrPage, OcrResult
from app.pipeline.ocr_output import output, page_reading
from app.runtime import Runtime
from app.store import jobs as job_store
from app.store import ocr_pages

log = logging.getLogger(__name__)


async def plan(rt: Runtime, job: Job, doc: Document) -> list[tuple[int, int]] | None:
    """The page ranges to split this run into, or None to read the document in this run."""
    # An engine may say how many pages one run of it should take (Mistral: one call's worth,
    # which it reads in well under a dispatch deadline); otherwise OCR_RANGE_PAGES.
    size = rt.settings.ocr_range_pages
    engine_size = getattr(rt.ocr, "pages_per_run", None)
    if size > 0 and isinstance(engine_size, int) and engine_size > 0:
        size = engine_size
    if job.page_range is not None or size <= 0 or doc.mime_type != "application/pdf":
        return None
    async with rt.storage.local_file(doc.file_path) as path:
        count = await asyncio.to_thread(ranges.page_count, str(path), rt.settings.max_pages)
    if count is None or count <= size:
        return None
    return ranges.split(0, count, size)


async def split(
    rt: Runtime, job: Job, spans: list[tuple[int, int]], *, owner: str | None
) -> list[Job]:
    """Create one run per range (leased to `owner`, or free for a queue) and end this run, in
    one transaction under its lease. The caller dispatches the ranges after the commit."""
    async with rt.job_pool.acquire() as conn, conn.transaction():
        if await job_store.lock_running(conn, job) is None:
            raise LeaseLostError("lease lost before splitting the document into ranges")
        created = [
            await job_store.create(
                conn,
                job.document_id,
                JobKind.OCR,
                lease_owner=owner,
                lease_ttl_s=rt.settings.lease_ttl_s,
                page_range=span,
            )
            for span in spans
        ]
        await ocr_pages.finish_run(conn, job)
    log.info("split into %d page ranges of up to %d pages", len(spans), spans[0][1])
    return created


async def fan_in(rt: Runtime, job: Job, read: OcrResult) -> tuple[Document, OcrResult] | None:
    """After a range is read: the document and its assembled result if this range was the
    last (the result saved, the metadata job created), else None (only this range ended)."""
    async with rt.job_pool.acquire() as conn, conn.transaction():
        doc = await job_store.lock_running(conn, job)
        if doc is None:
            raise LeaseLostError("lease lost before finishing the page range")
        reading = page_reading(rt.ocr.reading(), doc)
        # Another range failed the document for good: this one ends, nothing is assembled.
        if doc.status is not DocumentStatus.PROCESSING:
            await ocr_pages.finish_run(conn, job)
            return None
        # Every page of this range is stored before it ends: a run whose engine answered
        # short of a page reads it again now (handed back, or failed if nothing will retry),
        # where its siblings' fan-in would only find the hole and wait for it in vain.
        if job.page_range is not None:
            start, stop = job.page_range[0], min(job.page_range[1], read.page_count)
            have = await ocr_pages.count(conn, job.document_id, reading, start, stop)
            if have < stop - start:
                raise TransientError(
                    f"{stop - start - have} page(s) of pages {start + 1}-{stop} were not "
                    "stored; reading them again."
                )
        if await ocr_pages.other_ocr_runs(conn, job) > 0:
            await ocr_pages.finish_run(conn, job)
            return None
        pages = await ocr_pages.load(conn, job.document_id, reading)
        count = read.page_count
        missing = [i for i in range(count) if i not in pages]
        if missing:
            raise TransientError(f"{len(missing)} page(s) were not stored; reading them again.")
        result = OcrResult(
            pages=[pages[i] for i in range(count)],
            model=read.model,
            usage_info={"pages_processed": count, "ranges": True},
            layout=_layout(pages, read),
            language=_main_language(pages.values()),
        )
        await job_store.complete_ocr(
            conn,
            job,
            doc,
            output(result, rt.settings, doc.ocr_language),
            metadata_owner=rt.worker_id,
            lease_ttl_s=rt.settings.lease_ttl_s,
        )
    return doc, result


def _layout(pages: dict[int, OcrPage], read: OcrResult) -> LayoutHints:
    """The title hints a whole-document run would have given: page 1's lines, stored with it
    by whichever range read it, and the PDF's own Title and embedded e-invoice, which every
    range's run reports (this one need not have read page 1)."""
    return LayoutHints(
        lines=LayoutHints.from_json({"lines": pages[0].layout_lines or []}).lines,
        pdf_title=read.layout.pdf_title,
        e_invoice=read.layout.e_invoice,
        no_text=not any(p.markdown.strip() for p in pages.values()),
    )


def _main_language(pages: Iterable[OcrPage]) -> str | None:
    """The language most of the document's text is in (each page's, weighed by its length)."""
    votes: Counter[str] = Counter()
    for page in pages:
        if page.language:
            votes[page.language] += len(page.markdown)
    return votes.most_common(1)[0][0] if votes else None
