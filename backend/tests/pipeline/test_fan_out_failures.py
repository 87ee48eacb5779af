"""A long document's page ranges when something fails: a process dies mid-range, a range task
is delivered twice, the fan-in's transaction meets a database fault, one range fails for good
or for a moment. Whatever happens, the document completes with every page read once and its
metadata run queued once, or fails with a code and words a person can act on. Real PostgreSQL,
the real local engine (Tesseract in the worker pool) on small scans."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Mapping, Sequence

import pytest

from app.domain import JobKind
from app.errors import ErrorCode, PermanentError, TransientError
from app.ocr.base import OcrInput, OcrPage, OcrResult, PageSink, ProgressCallback
from app.pipeline import fan_out
from app.pipeline.budget import Budget
from app.pipeline.ocr_job import read_pages, run_ocr
from app.pipeline.outcome import TaskOutcome, TaskResult
from app.pipeline.pipeline import Pipeline
from app.pipeline.runner import run_task
from app.store import jobs
from tests import files
from tests.pipeline.helpers import (
    GatedOcr,
    RecordingDispatcher,
    active_job,
    create_document,
    create_user,
    fail_once,
    ocr_runs,
    process,
    ranges_of,
    settle,
    status,
    swapped,
    terminated_query_error,
    wait_until,
)

# The lease of a run a test drives by hand (no queue heartbeat renews it): long enough for a
# loaded machine to read a few pages before the test ends it.
UNRENEWED_TTL_S = 600


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def pages_read(db, doc_id: str) -> dict[int, tuple[int, uuid.UUID]]:
    """Each stored page: how many times it was read, and by which run."""
    rows = await db.fetch(
        "select page_index, reads, job_id from ocr_pages where document_id = $1", doc_id
    )
    return {r["page_index"]: (r["reads"], r["job_id"]) for r in rows}


async def metadata_runs(db, doc_id: str) -> int:
    return int(
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 and kind = 'metadata'",
            doc_id,
        )
    )


async def assert_completed_once(db, doc_id: str, pages: int) -> None:
    """The document is done: every page read exactly once, one metadata run, counted once."""
    row = await db.fetchrow(
        "select status, metadata_status, user_id from documents where id = $1", doc_id
    )
    assert (row["status"], row["metadata_status"]) == ("ocr_complete", "complete")
    read = await pages_read(db, doc_id)
    assert sorted(read) == list(range(pages))
    assert all(reads == 1 for reads, _ in read.values()), read
    assert await metadata_runs(db, doc_id) == 1
    text = (
        await db.fetchval("select text from ocr_results where document_id = $1", doc_id)
    ).lower()
    assert all(files.PAGE_WORDS[i] in text for i in range(pages))


def run_states(runs: list) -> list[tuple[int, str, str | None]]:
    """(first page, or -1 for the run that split the document; state; error code) per run."""
    return [
        (-1 if r["page_start"] is None else r["page_start"], r["state"], r["error_code"])
        for r in runs
    ]


class CrashMidRange:
    """Wraps the real engine: the run stores page `keep`, then dies before storing any other
    page (the process killed half-way through its range)."""

    def __init__(self, real: object, keep: int) -> None:
        self.real, self.name, self.keep = real, getattr(real, "name", "local"), keep

    def reading(self) -> str:
        return self.real.reading()  # type: ignore[attr-defined,no-any-return]

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        assert pages is not None
        outer, keep, kept = pages, self.keep, asyncio.Event()

        class Sink:
            @property
            def done(self) -> Mapping[int, OcrPage]:
                return outer.done

            async def save(self, new: Sequence[OcrPage]) -> None:
                if all(p.index == keep for p in new):
                    await outer.save(new)
                    kept.set()
                    return
                await kept.wait()  # page `keep` is stored first, whichever is read first
                raise RuntimeError("killed")

        return await self.real.process(source, progress, Sink())  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        return None


async def test_a_range_whose_process_died_is_taken_over_and_reads_only_its_missing_pages(
    runtime, db, owner, pipeline
):
    """The process reading a 6-page scan in three ranges dies: it had finished range 1, stored
    page 3 of range 2, and not started range 3. The sweeper takes the ranges over; page 4 and
    range 3 are read, nothing twice, and the last one assembles the document once."""
    pool, dead = runtime.job_pool, "dead-worker"
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(6), lease_owner=dead)
    parent = await active_job(runtime, doc_id)
    with ranges_of(runtime, 2):
        got = await jobs.claim(pool, parent.id, dead, 30)
        assert got is not None
        job, doc = got
        first, second, _third = await fan_out.split(
            runtime, job, [(0, 2), (2, 4), (4, 6)], owner=dead
        )
        claimed = await jobs.claim(pool, first.id, dead, UNRENEWED_TTL_S)
        assert claimed is not None
        read = await read_pages(runtime, claimed[0], doc, retries=0)
        assert await fan_out.fan_in(runtime, claimed[0], read) is None  # two ranges left
        claimed = await jobs.claim(pool, second.id, dead, UNRENEWED_TTL_S)
        assert claimed is not None
        with (
            swapped(runtime, "ocr", CrashMidRange(runtime.ocr, keep=2)),
            pytest.raises(RuntimeError, match="killed"),
        ):
            await read_pages(runtime, claimed[0], doc, retries=0)
        # The process is gone: nothing renews its leases, and they run out.
        await db.execute(
            "update document_jobs set lease_expires_at = now() - interval '1 second' "
            "where document_id = $1 and state in ('queued', 'running')",
            doc_id,
        )
        assert await status(db, doc_id) == "processing"
        report = await pipeline.sweeper.sweep_once()
        assert report.requeued_ocr.count(doc_id) == 2
        await settle(pipeline, timeout=300)

    await assert_completed_once(db, doc_id, 6)
    runs = await ocr_runs(db, doc_id)
    assert sorted(run_states(runs)) == [
        (-1, "succeeded", None),
        (0, "succeeded", None),
        (2, "failed", "interrupted"),
        (2, "succeeded", None),
        (4, "failed", "interrupted"),
        (4, "succeeded", None),
    ]
    by_range = {r["page_start"]: r["id"] for r in runs if r["state"] == "succeeded"}
    read = await pages_read(db, doc_id)
    assert read[0][1] == read[1][1] == first.id  # finished before the crash: not read again
    assert read[2][1] == second.id  # stored before the crash: not read again
    assert read[3][1] == by_range[2] != second.id  # read by the run that took range 2 over
    assert read[4][1] == read[5][1] == by_range[4]
    assert await db.fetchval("select retry_count from documents where id = $1", doc_id) == 1


class Deliver:
    """Cloud Tasks mode without the queue: each call is one delivery of the document's OCR
    task (`page_start`: of one page-range task), with a whole dispatch deadline."""

    def __init__(self, pipeline: Pipeline, doc_id: str) -> None:
        self.runtime, self.doc_id = pipeline.rt, uuid.UUID(doc_id)
        self.queue = pipeline.queue  # its heartbeat keeps a delivery's lease, as in a request
        self.dispatcher = RecordingDispatcher()

    def __call__(self, page_start: int | None) -> Awaitable[TaskResult]:
        s = self.runtime.settings
        return run_task(
            self.runtime,
            self.queue,
            self.dispatcher,
            JobKind.OCR,
            self.doc_id,
            final_attempt=False,
            budget=Budget(deadline_s=s.ocr_timeout_s + s.metadata_timeout_s + 600, margin_s=0),
            page_start=page_start,
        )


async def free_document(runtime, db, owner: str, content: bytes) -> str:
    """An upload as Cloud Tasks mode leaves it: its OCR job free for any delivery."""
    doc_id = await create_document(runtime, owner, content, lease_owner="elsewhere")
    await db.execute(
        "update document_jobs set lease_owner = null, lease_token = null, "
        "lease_expires_at = null where document_id = $1",
        doc_id,
    )
    return doc_id


async def test_a_second_delivery_of_a_range_task_while_the_first_runs_leaves_it_alone(
    runtime, db, owner, pipeline
):
    doc_id = await free_document(runtime, db, owner, files.scanned_pages_pdf(4))
    deliver = Deliver(pipeline, doc_id)
    with ranges_of(runtime, 2):
        split = await deliver(None)
    assert [r.page_range for r in split.follow_ups] == [(0, 2), (2, 4)]
    gated = GatedOcr(runtime.ocr)
    try:
        with swapped(runtime, "ocr", gated):
            first = asyncio.create_task(deliver(2))
            await wait_until(lambda: gated.waiting == 1, 120, "range 2 was not being read")
            again = await deliver(2)  # the queue thought the first delivery lost
            assert again.outcome is TaskOutcome.SKIPPED, again
            assert "live lease" in again.detail
            gated.gate.set()
            done = await first
            assert (done.outcome, done.detail) == (TaskOutcome.SUCCEEDED, "page range done")
            last = await deliver(0)  # the last range: assembles, then the metadata run
            assert last.outcome is TaskOutcome.SUCCEEDED, last
            late = await deliver(2)  # a late duplicate of a finished range
            assert late.outcome is TaskOutcome.SKIPPED
    finally:
        gated.gate.set()
    await assert_completed_once(db, doc_id, 4)


async def test_a_database_fault_in_the_fan_in_leaves_the_last_range_to_the_sweeper(
    runtime, db, owner, pipeline, monkeypatch, pg_dsn
):
    """The last range's fan-in transaction fails (the connection dropped): nothing of it is
    kept, the document is not stuck, and the range taken over assembles it, once."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    fault = await terminated_query_error(pg_dsn)
    calls = fail_once(monkeypatch, "complete_ocr", fault, about=[doc_id])
    with ranges_of(runtime, 2):
        await process(pipeline, doc_id)
        await settle(pipeline, timeout=300)
        assert calls["n"] == 1
        assert await status(db, doc_id) == "processing"  # rolled back: still being read
        assert await metadata_runs(db, doc_id) == 0
        report = await pipeline.sweeper.sweep_once()
        assert report.requeued_ocr.count(doc_id) == 1
        await settle(pipeline, timeout=300)
    assert calls["n"] == 2
    await assert_completed_once(db, doc_id, 4)
    assert sorted(run_states(await ocr_runs(db, doc_id))) in (
        [
            (-1, "succeeded", None),
            (0, "failed", "interrupted"),
            (0, "succeeded", None),
            (2, "succeeded", None),
        ],
        [
            (-1, "succeeded", None),
            (0, "succeeded", None),
            (2, "failed", "interrupted"),
            (2, "succeeded", None),
        ],
    )  # whichever range finished last was taken over, once


class RangeScript:
    """Wraps the real engine, per page range (by its first page): `fail` raises its exception
    on that range's first run; the pages of a range in `hold` wait at `gate` (a
    `threading.Event`) before they are stored, and `holding` is set once one waits."""

    def __init__(self, real: object, fail: dict[int, Exception], hold: set[int]) -> None:
        self.real, self.name = real, getattr(real, "name", "local")
        self.fail, self.hold = dict(fail), hold
        self.gate, self.holding = threading.Event(), threading.Event()

    def reading(self) -> str:
        return self.real.reading()  # type: ignore[attr-defined,no-any-return]

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        assert pages is not None and source.page_range is not None
        start = source.page_range[0]
        if start in self.fail:
            raise self.fail.pop(start)
        if start not in self.hold:
            return await self.real.process(source, progress, pages)  # type: ignore[attr-defined]
        outer, script = pages, self

        class Sink:
            @property
            def done(self) -> Mapping[int, OcrPage]:
                return outer.done

            async def save(self, new: Sequence[OcrPage]) -> None:
                script.holding.set()
                await asyncio.to_thread(script.gate.wait, 120)
                await outer.save(new)

        return await self.real.process(source, progress, Sink())  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        return None


async def test_a_range_that_fails_for_good_fails_the_document_and_stops_the_range_reading(
    runtime, db, owner, pipeline
):
    """Range 2 of a scan is damaged while range 1 is being read: the document fails with the
    damaged range's code and words, and range 1 stops without storing another page."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    parent = await active_job(runtime, doc_id)
    got = await jobs.claim(runtime.job_pool, parent.id, runtime.worker_id, 30)
    assert got is not None
    first, second = await fan_out.split(runtime, got[0], [(0, 2), (2, 4)], owner=runtime.worker_id)
    claimed = [
        await jobs.claim(runtime.job_pool, r.id, runtime.worker_id, UNRENEWED_TTL_S)
        for r in (first, second)
    ]
    assert claimed[0] is not None and claimed[1] is not None
    words = (
        "Page 3 of this PDF cannot be opened: its structure is damaged or nested too deeply. "
        "Re-export the PDF (print it to a new PDF) and upload that copy."
    )
    script = RangeScript(
        runtime.ocr, fail={2: PermanentError(words, ErrorCode.UNSUPPORTED_CONTENT)}, hold={0}
    )
    try:
        with swapped(runtime, "ocr", script):
            reading = asyncio.create_task(
                run_ocr(runtime, *claimed[0], retries=0, final_attempt=True)
            )
            await wait_until(script.holding.is_set, 120, "range 1 was not being read")
            failed = await run_ocr(runtime, *claimed[1], retries=0, final_attempt=True)
            assert failed.outcome is TaskOutcome.FAILED
            script.gate.set()
            stopped = await reading
    finally:
        script.gate.set()
    assert (stopped.outcome, stopped.detail) == (TaskOutcome.SKIPPED, "lease lost")
    row = await db.fetchrow(
        "select status, error_code, error_message from documents where id = $1", doc_id
    )
    assert (row["status"], row["error_code"], row["error_message"]) == (
        "failed",
        "unsupported_content",
        words,
    )
    assert run_states(await ocr_runs(db, doc_id)) == [
        (-1, "succeeded", None),
        (0, "failed", "superseded"),
        (2, "failed", "unsupported_content"),
    ]
    assert await pages_read(db, doc_id) == {}  # range 1's pages came too late to be kept
    assert await metadata_runs(db, doc_id) == 0


async def test_a_range_handed_back_for_a_moment_leaves_the_range_being_read_going(
    runtime, db, owner, pipeline
):
    """Cloud Tasks mode: range 2's engine call fails for a moment (handed back to the queue
    for redelivery) while range 1 is being read. The document still says it is being read, and
    range 1 carries on to its end; range 2's redelivery completes the document, once."""
    doc_id = await free_document(runtime, db, owner, files.scanned_pages_pdf(4))
    deliver = Deliver(pipeline, doc_id)
    with ranges_of(runtime, 2):
        split = await deliver(None)
    assert [r.page_range for r in split.follow_ups] == [(0, 2), (2, 4)]
    script = RangeScript(
        runtime.ocr, fail={2: TransientError("The OCR service did not answer.")}, hold={0}
    )
    try:
        with swapped(runtime, "ocr", script):
            reading = asyncio.create_task(deliver(0))
            await wait_until(script.holding.is_set, 120, "range 1 was not being read")
            retry = await deliver(2)
            assert retry.outcome is TaskOutcome.RETRY, retry
            assert await status(db, doc_id) == "processing"  # range 1 is still being read
            script.gate.set()
            done = await reading
            assert (done.outcome, done.detail) == (TaskOutcome.SUCCEEDED, "page range done")
            last = await deliver(2)  # the queue's redelivery
            assert last.outcome is TaskOutcome.SUCCEEDED, last
    finally:
        script.gate.set()
    await assert_completed_once(db, doc_id, 4)


class ShortAnswer:
    """Wraps the real engine: the first run of the range holding page `drop` answers without
    that page (an OCR service's answer short of a page) and stores none of it."""

    def __init__(self, real: object, drop: int) -> None:
        self.real, self.name, self.drop = real, getattr(real, "name", "local"), drop
        self.dropped = False

    def reading(self) -> str:
        return self.real.reading()  # type: ignore[attr-defined,no-any-return]

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        assert pages is not None and source.page_range is not None
        start, stop = source.page_range
        if self.dropped or not start <= self.drop < stop:
            return await self.real.process(source, progress, pages)  # type: ignore[attr-defined]
        self.dropped = True
        outer, drop = pages, self.drop

        class Sink:
            @property
            def done(self) -> Mapping[int, OcrPage]:
                return outer.done

            async def save(self, new: Sequence[OcrPage]) -> None:
                await outer.save([p for p in new if p.index != drop])

        result: OcrResult = await self.real.process(source, progress, Sink())  # type: ignore[attr-defined]
        result.pages = [p for p in result.pages if p.index != drop]
        return result

    async def aclose(self) -> None:
        return None


async def test_a_range_whose_engine_answered_short_of_a_page_reads_it_again_itself(
    runtime, db, owner, pipeline
):
    """Range 2's engine answers without page 4: that range is handed back and reads page 4
    on its redelivery, instead of ending and leaving the last range to find the hole at the
    fan-in, again on every delivery, with nothing left to read it."""
    doc_id = await free_document(runtime, db, owner, files.scanned_pages_pdf(4))
    deliver = Deliver(pipeline, doc_id)
    with ranges_of(runtime, 2):
        await deliver(None)
    with swapped(runtime, "ocr", ShortAnswer(runtime.ocr, drop=3)):
        short = await deliver(2)
        assert short.outcome is TaskOutcome.RETRY, short
        assert "1 page(s) of pages 3-4 were not stored" in short.detail
        again = await deliver(2)
        assert (again.outcome, again.detail) == (TaskOutcome.SUCCEEDED, "page range done")
        last = await deliver(0)
        assert last.outcome is TaskOutcome.SUCCEEDED, last
    await assert_completed_once(db, doc_id, 4)


async def test_a_database_fault_in_a_range_tasks_fan_in_is_redelivered_and_completes_once(
    runtime, db, owner, pipeline, monkeypatch, pg_dsn
):
    """Cloud Tasks mode: the fault answers the delivery with a retry (the run abandoned, its
    lease ended); the queue's redelivery takes the range over at once and fans in, once."""
    doc_id = await free_document(runtime, db, owner, files.scanned_pages_pdf(4))
    deliver = Deliver(pipeline, doc_id)
    with ranges_of(runtime, 2):
        await deliver(None)
    fault = await terminated_query_error(pg_dsn)
    calls = fail_once(monkeypatch, "complete_ocr", fault, about=[doc_id])
    assert (await deliver(0)).detail == "page range done"
    interrupted = await deliver(2)
    assert (interrupted.outcome, interrupted.detail) == (TaskOutcome.RETRY, "interrupted")
    assert calls["n"] == 1 and await metadata_runs(db, doc_id) == 0
    assert await status(db, doc_id) == "processing"
    redelivered = await deliver(2)
    assert redelivered.outcome is TaskOutcome.SUCCEEDED, redelivered
    await assert_completed_once(db, doc_id, 4)
