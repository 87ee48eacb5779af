"""Pages as checkpoints: every page is stored as it is read, a new run reads only the rest.

Real PostgreSQL, the real local engine (Tesseract in the worker pool) on small scanned pages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence

import pytest

from app.auth import AuthUser
from app.errors import PermanentError
from app.ocr.base import OcrInput, OcrPage, OcrResult, PageSink, ProgressCallback
from app.services import documents as service
from app.store import jobs, ocr_pages
from tests import files
from tests.pipeline.helpers import (
    active_job,
    create_document,
    create_user,
    process,
    settle,
    swapped,
    wait_until,
)

# Real Tesseract at nice 19: the interrupted 8-page run took 74 s beside two busy loops, and its
# own waits allow 120 + 180 s; pytest's default 120 s would stop a run that is only slow.
pytestmark = pytest.mark.timeout(360)


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def stored(db, doc_id: str) -> int:
    return int(await db.fetchval("select count(*) from ocr_pages where document_id = $1", doc_id))


async def page_rows(db, doc_id: str) -> list:
    return await db.fetch(
        "select page_index, reads, job_id, markdown from ocr_pages where document_id = $1 "
        "order by page_index",
        doc_id,
    )


class StopAfter:
    """Wraps the real engine: its page store fails the run for good once `n` pages are in
    (a document that failed half way), so the next run has stored pages to start from."""

    def __init__(self, real: object, n: int) -> None:
        self.real, self.name, self.n = real, getattr(real, "name", "local"), n

    def reading(self) -> str:
        return self.real.reading()  # type: ignore[attr-defined,no-any-return]

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        assert pages is not None
        outer, limit = pages, self.n

        class Sink:
            @property
            def done(self) -> Mapping[int, OcrPage]:
                return outer.done

            async def save(self, new: Sequence[OcrPage]) -> None:
                await outer.save(new)
                if len(outer.done) >= limit:
                    raise PermanentError("Stopped on purpose by the test.")

        return await self.real.process(source, progress, Sink())  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        return None


async def test_an_interrupted_run_resumes_without_reading_finished_pages_again(
    runtime, db, owner, pipeline
):
    pages = 8
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(pages))
    first = await active_job(runtime, doc_id)
    run = asyncio.create_task(process(pipeline, doc_id))
    await wait_until(lambda: _at_least(db, doc_id, 3), 120, "no page was stored")
    run.cancel()  # the process stops mid-document: `holding` abandons the run to the sweeper
    with contextlib.suppress(asyncio.CancelledError):
        await run
    at_stop = await stored(db, doc_id)
    assert 3 <= at_stop < pages
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.requeued_ocr
    await settle(pipeline, timeout=180)

    assert await db.fetchval("select status from documents where id = $1", doc_id) == (
        "ocr_complete"
    )
    rows = await page_rows(db, doc_id)
    assert [r["page_index"] for r in rows] == list(range(pages))
    # A page in flight at the stop may be read again; no finished one ever is.
    read_twice = sum(r["reads"] - 1 for r in rows)
    assert read_twice <= runtime.settings.ocr_pages_in_flight
    assert sum(1 for r in rows if r["job_id"] == first.id) >= at_stop
    text = await db.fetchval("select text from ocr_results where document_id = $1", doc_id)
    for i in range(pages):
        assert files.PAGE_WORDS[i] in text.lower(), f"page {i + 1} missing from the result"
    # The result is assembled in page order, one rule between pages.
    assert text.lower().index(files.PAGE_WORDS[0]) < text.lower().index(files.PAGE_WORDS[7])
    assert text.count("\n\n---\n\n") == pages - 1


async def _at_least(db, doc_id: str, n: int) -> bool:
    return await stored(db, doc_id) >= n


async def test_retry_keeps_read_pages_and_a_reread_reads_them_all(runtime, db, owner, pipeline):
    pages = 4
    user = AuthUser(id=owner)
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(pages))
    first = await active_job(runtime, doc_id)
    with swapped(runtime, "ocr", StopAfter(runtime.ocr, 2)):
        await process(pipeline, doc_id)
    assert await db.fetchval("select status from documents where id = $1", doc_id) == "failed"
    kept = await stored(db, doc_id)
    assert 2 <= kept < pages

    # A plain Retry: the pages read before stay, only the rest are read.
    _doc, second = await service.retry(runtime, pipeline.dispatcher, user, doc_id)
    await process(pipeline, doc_id)
    rows = await page_rows(db, doc_id)
    assert len(rows) == pages and all(r["reads"] == 1 for r in rows)
    assert sum(1 for r in rows if r["job_id"] == first.id) == kept
    assert {r["job_id"] for r in rows} == {first.id, second.id}


async def test_a_reread_retry_reads_every_page_again(runtime, db, owner, pipeline):
    pages = 3
    user = AuthUser(id=owner)
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(pages))
    with swapped(runtime, "ocr", StopAfter(runtime.ocr, 1)):
        await process(pipeline, doc_id)
    assert await stored(db, doc_id) >= 1
    # Reading again in a chosen language drops the stored pages (Retry's `reread` became that).
    language = service.reading_languages(runtime)[0][0]
    _doc, again = await service.retry(runtime, pipeline.dispatcher, user, doc_id, language=language)
    await process(pipeline, doc_id)
    rows = await page_rows(db, doc_id)
    assert len(rows) == pages and {r["job_id"] for r in rows} == {again.id}
    assert await db.fetchval("select status from documents where id = $1", doc_id) == (
        "ocr_complete"
    )


async def test_a_plain_retry_after_a_chosen_language_reads_the_pages_again(
    runtime, db, owner, pipeline
):
    """Pages read in a language a person chose are kept for that reading only: a plain Retry
    (each page's language found again) does not reuse them, nor the other way round."""
    pages = 3
    user = AuthUser(id=owner)
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(pages))
    chosen = service.reading_languages(runtime)[0][0]
    await db.execute("update documents set ocr_language = $2 where id = $1", doc_id, chosen)
    with swapped(runtime, "ocr", StopAfter(runtime.ocr, 1)):
        await process(pipeline, doc_id)
    assert await stored(db, doc_id) >= 1
    _doc, again = await service.retry(runtime, pipeline.dispatcher, user, doc_id)
    await process(pipeline, doc_id)
    rows = await page_rows(db, doc_id)
    assert len(rows) == pages and {r["job_id"] for r in rows} == {again.id}
    assert await db.fetchval("select status from documents where id = $1", doc_id) == (
        "ocr_complete"
    )


async def test_pages_read_another_way_are_not_reused_and_a_lost_lease_stores_nothing(
    runtime, db, owner, pipeline
):
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(2))
    job = await active_job(runtime, doc_id)
    page = OcrPage(index=0, markdown="Keyword harbour", tidied=True)
    # The job is queued, not running under this token: nothing is written.
    assert not await ocr_pages.save(db, job, [page], model="local", reading="local:eng")
    await db.execute("update document_jobs set state = 'running' where id = $1", job.id)
    assert await ocr_pages.save(db, job, [page], model="local", reading="local:eng")
    assert list(await ocr_pages.load(db, job.document_id, "local:eng")) == [0]
    # Another language (or engine) reads the page again: it is not offered to that run.
    assert await ocr_pages.load(db, job.document_id, "local:deu") == {}


async def test_the_pages_published_while_a_document_is_read_keep_to_the_text_budget(
    runtime, db, owner
):
    """A stored page keeps what its engine read (Mistral's pages are not cut as they are
    read); what search, the agents and every copy see while the document is read is cut like
    the final result: each page to its limit, the whole text to the document's."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(3))
    got = await jobs.claim(
        runtime.job_pool, (await active_job(runtime, doc_id)).id, runtime.worker_id, 30
    )
    assert got is not None
    job = got[0]
    words = "word " * 1000  # 5,000 characters a page
    pages = [OcrPage(index=i, markdown=words.strip(), tidied=True) for i in range(3)]
    assert await ocr_pages.save(runtime.job_pool, job, pages, model="m", reading="r")
    assert await ocr_pages.publish_partial(
        runtime.job_pool, job, "r", 3, max_chars_per_page=2000, max_chars_per_document=4500
    )
    row = await db.fetchrow(
        "select text, pages, model from ocr_results where document_id = $1", doc_id
    )
    lengths = [len(p["markdown"]) for p in row["pages"]]
    rules = 2 * len("\n\n---\n\n")
    assert row["model"] == "partial"
    assert lengths == [2000, 2000, 4500 - rules - 4000]
    assert len(row["text"]) <= 4500
    await db.execute("delete from documents where id = $1", doc_id)


class BurstThenPause:
    """An engine that reads five of ten pages at once (faster than the half-second progress
    limit), then pauses until the test lets it go: the card must still come to say 5."""

    name = "burst"

    def __init__(self) -> None:
        self.go = asyncio.Event()

    def reading(self) -> str:
        return "burst"

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        assert pages is not None
        total = 10
        await progress(0, total)
        for i in range(total):
            if i == 5:
                await asyncio.wait_for(self.go.wait(), 60)
            page = OcrPage(index=i, markdown=f"page {i + 1}")
            await pages.save([page])
            await progress(i + 1, total)
        return OcrResult(
            pages=[OcrPage(index=i, markdown=f"page {i + 1}") for i in range(total)], model="burst"
        )

    async def aclose(self) -> None:
        return None


async def test_a_burst_of_pages_then_a_pause_leaves_the_card_counting_them(
    runtime, db, owner, pipeline
):
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(1))
    engine = BurstThenPause()
    with swapped(runtime, "ocr", engine):
        run = asyncio.create_task(process(pipeline, doc_id))
        try:

            async def counted() -> bool:
                n = await db.fetchval("select pages_done from documents where id = $1", doc_id)
                return n == 5

            await wait_until(counted, 30, "the card never counted the five pages read")
        finally:
            engine.go.set()
        await run
    assert await db.fetchval("select pages_done from documents where id = $1", doc_id) == 10
