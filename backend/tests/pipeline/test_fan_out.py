"""Fan-out: a long document's OCR becomes page-range runs; the last one to finish assembles the
result and queues the metadata run exactly once. Real PostgreSQL, the real local engine."""

from __future__ import annotations

import asyncio

import pytest

from app.auth import AuthUser
from app.errors import ConflictError, ErrorCode
from app.ocr.base import OcrResult
from app.pipeline import fan_out
from app.pipeline.ocr_job import read_pages
from app.services import documents as service
from app.store import jobs
from tests import files
from tests.pipeline.helpers import (
    active_job,
    create_document,
    create_user,
    ocr_runs,
    process,
    ranges_of,
    settle,
)

PAGES, RANGE = 24, 8


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def test_a_long_scan_is_read_in_page_ranges_and_assembled_once(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(PAGES))
    with ranges_of(runtime, RANGE):
        result = await process(pipeline, doc_id)
        assert "split into 3 page ranges" in result.detail
        await settle(pipeline, timeout=300)
    runs = await ocr_runs(db, doc_id)
    # The document's run split it and ended; one run per range, each finished.
    assert [(r["page_start"], r["page_stop"]) for r in runs] == [
        (None, None),
        (0, 8),
        (8, 16),
        (16, 24),
    ]
    assert all(r["state"] == "succeeded" for r in runs)
    doc = await db.fetchrow(
        "select status, metadata_status, page_count, pages_done from documents where id = $1",
        doc_id,
    )
    assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete"
    assert doc["page_count"] == PAGES == doc["pages_done"]
    pages = await db.fetch(
        "select page_index, reads from ocr_pages where document_id = $1 order by page_index",
        doc_id,
    )
    assert [p["page_index"] for p in pages] == list(range(PAGES))
    assert all(p["reads"] == 1 for p in pages)  # every page read once
    assert (
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 and kind = 'metadata'",
            doc_id,
        )
        == 1
    )
    text = (
        await db.fetchval("select text from ocr_results where document_id = $1", doc_id)
    ).lower()
    positions = [text.index(files.PAGE_WORDS[i]) for i in range(PAGES)]
    assert positions == sorted(positions)  # stitched in page order
    assert (
        await db.fetchval("select documents_processed from usage where user_id = $1", owner) == 1
    )  # counted once, not once per range


async def test_the_fan_in_queues_metadata_once_when_the_last_ranges_finish_together(
    runtime, db, owner, pipeline
):
    """Two ranges whose pages are all stored finish at the same moment: the document row's
    lock lets exactly one of them see no run left; it alone assembles and queues metadata."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    parent = await active_job(runtime, doc_id)
    with ranges_of(runtime, 2):
        got = await jobs.claim(runtime.job_pool, parent.id, runtime.worker_id, 30)
        assert got is not None
        job, doc = got
        spans = await fan_out.plan(runtime, job, doc)
        assert spans == [(0, 2), (2, 4)]
        ranges = await fan_out.split(runtime, job, spans, owner=runtime.worker_id)
        # Read both ranges (their pages stored), without finishing them yet.
        claimed_ranges = []
        for r in ranges:
            c = await jobs.claim(runtime.job_pool, r.id, runtime.worker_id, 30)
            assert c is not None
            claimed_ranges.append(c[0])
        reads: list[OcrResult] = [
            await read_pages(runtime, c, doc, retries=0) for c in claimed_ranges
        ]
        finished = await asyncio.gather(
            *(fan_out.fan_in(runtime, c, r) for c, r in zip(claimed_ranges, reads, strict=True))
        )
    assert sum(1 for f in finished if f is not None) == 1
    assert (
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 and kind = 'metadata'",
            doc_id,
        )
        == 1
    )
    assert await db.fetchval("select status from documents where id = $1", doc_id) == (
        "ocr_complete"
    )
    # A duplicate delivery of a finished range finds nothing to claim.
    assert await jobs.claim_range(runtime.job_pool, job.document_id, 0, "another", 30) is None


async def test_a_range_that_fails_for_good_stops_its_siblings_and_retry_continues(
    runtime, db, owner, pipeline
):
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    parent = await active_job(runtime, doc_id)
    with ranges_of(runtime, 2):
        got = await jobs.claim(runtime.job_pool, parent.id, runtime.worker_id, 30)
        assert got is not None
        job, _doc = got
        first, _second = await fan_out.split(
            runtime, job, [(0, 2), (2, 4)], owner=runtime.worker_id
        )
        claimed = await jobs.claim(runtime.job_pool, first.id, runtime.worker_id, 30)
        assert claimed is not None
        await jobs.fail(runtime.job_pool, claimed[0], ErrorCode.CORRUPT_FILE, "Page 2 is broken.")
        runs = await ocr_runs(db, doc_id)
        assert [(r["page_start"], r["state"]) for r in runs] == [
            (None, "succeeded"),
            (0, "failed"),
            (2, "failed"),  # stopped with it: nothing left running on a failed document
        ]
        assert await db.fetchval("select status from documents where id = $1", doc_id) == "failed"
        # Retry reads the document again, split again, every range free to start.
        await service.retry(runtime, pipeline.dispatcher, AuthUser(id=owner), doc_id)
        await process(pipeline, doc_id)
        await settle(pipeline, timeout=300)
    assert await db.fetchval("select status from documents where id = $1", doc_id) == (
        "ocr_complete"
    )


async def test_a_language_its_owner_chose_is_stored_when_the_ranges_are_assembled(
    runtime, db, owner, pipeline
):
    """Retry with a language on a long document: the fan-in stores the person's choice, like a
    whole-document run does, not what the pages seemed to be in (Mistral reads in ranges and
    names each page's language as it sees it)."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    await db.execute("update documents set ocr_language = 'it' where id = $1", doc_id)
    parent = await active_job(runtime, doc_id)
    with ranges_of(runtime, 2):
        got = await jobs.claim(runtime.job_pool, parent.id, runtime.worker_id, 30)
        assert got is not None
        job, doc = got
        ranges = await fan_out.split(runtime, job, [(0, 2), (2, 4)], owner=runtime.worker_id)
        finished = []
        for r in ranges:
            claimed = await jobs.claim(runtime.job_pool, r.id, runtime.worker_id, 30)
            assert claimed is not None
            read = await read_pages(runtime, claimed[0], doc, retries=0)
            # The engine took every page for French.
            await db.execute("update ocr_pages set language = 'fr' where document_id = $1", doc_id)
            finished.append(await fan_out.fan_in(runtime, claimed[0], read))
    assert finished[0] is None and finished[1] is not None
    row = await db.fetchrow("select status, language from documents where id = $1", doc_id)
    assert (row["status"], row["language"]) == ("ocr_complete", "it")


async def test_retry_of_an_abandoned_split_document_ends_every_range(runtime, db, owner, pipeline):
    """The process reading a long document's ranges died: both ranges are abandoned (one was
    running, one still queued for it). Retry ends them all, not just one: a range left behind
    would be swept back to life beside the new run, whose split then collides with it."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    parent = await active_job(runtime, doc_id)
    with ranges_of(runtime, 2):
        got = await jobs.claim(runtime.job_pool, parent.id, runtime.worker_id, 30)
        assert got is not None
        first, second = await fan_out.split(
            runtime, got[0], [(0, 2), (2, 4)], owner=runtime.worker_id
        )
        assert await jobs.claim(runtime.job_pool, first.id, runtime.worker_id, 30) is not None
        await db.execute(
            "update document_jobs set lease_expires_at = now() - interval '1 second' "
            "where id = any($1::uuid[])",
            [first.id, second.id],
        )
        await service.retry(runtime, pipeline.dispatcher, AuthUser(id=owner), doc_id)
        runs = await ocr_runs(db, doc_id)
        assert sorted(
            (-1 if r["page_start"] is None else r["page_start"], r["state"]) for r in runs
        ) == [
            (-1, "queued"),
            (-1, "succeeded"),
            (0, "failed"),
            (2, "failed"),
        ]
        result = await process(pipeline, doc_id)
        assert "split into 2 page ranges" in result.detail
        await settle(pipeline, timeout=300)
    assert await db.fetchval("select status from documents where id = $1", doc_id) == (
        "ocr_complete"
    )


async def test_retry_is_refused_while_one_range_is_still_being_read(runtime, db, owner, pipeline):
    """One range abandoned, the other alive: the document is still being read."""
    doc_id = await create_document(runtime, owner, files.scanned_pages_pdf(4))
    parent = await active_job(runtime, doc_id)
    got = await jobs.claim(runtime.job_pool, parent.id, runtime.worker_id, 30)
    assert got is not None
    first, second = await fan_out.split(runtime, got[0], [(0, 2), (2, 4)], owner=runtime.worker_id)
    assert await jobs.claim(runtime.job_pool, second.id, runtime.worker_id, 30) is not None
    await db.execute(
        "update document_jobs set lease_expires_at = now() - interval '1 second' where id = $1",
        first.id,
    )
    with pytest.raises(ConflictError):
        await service.retry(runtime, pipeline.dispatcher, AuthUser(id=owner), doc_id)
    runs = await ocr_runs(db, doc_id)
    assert sorted(
        (-1 if r["page_start"] is None else r["page_start"], r["state"]) for r in runs
    ) == [
        (-1, "succeeded"),
        (0, "queued"),
        (2, "running"),
    ]
    await db.execute("delete from documents where id = $1", doc_id)


async def test_a_document_read_in_ranges_keeps_the_title_hints_of_one_read_whole(
    runtime, db, owner, pipeline
):
    """The title rule reads page 1's line sizes and the PDF's own Title (`ocr_results.layout`):
    a document read in page ranges gives it the same hints, and so the same title, as the same
    document read whole, whichever range finishes last."""

    def report() -> bytes:
        return files.mixed_pages_pdf("tsts", title="Harbour Survey 2026", heading="Harbour Survey")

    whole = await create_document(runtime, owner, report())
    await process(pipeline, whole)
    await settle(pipeline, timeout=300)
    ranged = await create_document(runtime, owner, report())
    with ranges_of(runtime, 1):
        result = await process(pipeline, ranged)
        assert "split into 4 page ranges" in result.detail
        await settle(pipeline, timeout=300)
    rows = {
        doc_id: await db.fetchrow(
            "select d.status, d.metadata_status, d.display_name, r.layout from documents d "
            "join ocr_results r on r.document_id = d.id where d.id = $1",
            doc_id,
        )
        for doc_id in (whole, ranged)
    }
    assert all(r["status"] == "ocr_complete" for r in rows.values())
    assert all(r["metadata_status"] == "complete" for r in rows.values())
    layout = rows[ranged]["layout"]
    assert layout["pdf_title"] == "Harbour Survey 2026"
    assert layout["lines"][0]["text"] == "Harbour Survey" and layout["no_text"] is False
    assert layout == rows[whole]["layout"]
    assert rows[ranged]["display_name"] == rows[whole]["display_name"]
