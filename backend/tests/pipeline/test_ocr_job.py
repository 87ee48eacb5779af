"""The background chain, driven directly: one claimant, leases, transient vs permanent."""

from __future__ import annotations

import asyncio

import pytest

from app.errors import PermanentError, TransientError
from app.ocr.base import OcrPage, OcrResult
from app.pipeline.runner import run_job
from tests import files
from tests.pipeline.helpers import (
    ScriptedOcr,
    active_job,
    create_document,
    create_user,
    process,
    swapped,
    wait_until,
)


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def test_two_concurrent_runs_process_a_document_once(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    job = await active_job(runtime, doc_id)
    with swapped(runtime, "ocr", ScriptedOcr("ok", "ok")) as fake:
        await asyncio.gather(
            run_job(runtime, pipeline.queue, job), run_job(runtime, pipeline.queue, job)
        )
    assert fake.calls == 1
    row = await db.fetchrow("select status, metadata_status from documents where id = $1", doc_id)
    assert row["status"] == "ocr_complete" and row["metadata_status"] == "complete"
    assert await db.fetchval("select count(*) from ocr_results where document_id = $1", doc_id) == 1
    assert await db.fetchval("select documents_processed from usage where user_id = $1", owner) == 1


async def test_a_completed_document_is_not_processed_again(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    job = await active_job(runtime, doc_id)
    with swapped(runtime, "ocr", ScriptedOcr()) as fake:
        await run_job(runtime, pipeline.queue, job)
        await run_job(runtime, pipeline.queue, job)
    assert fake.calls == 1
    assert await db.fetchval("select documents_processed from usage where user_id = $1", owner) == 1


async def test_a_job_that_lost_its_lease_cannot_write_its_stale_result(
    runtime, db, owner, pipeline
):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    release = asyncio.Event()
    with swapped(runtime, "ocr", ScriptedOcr(release)):
        task = asyncio.create_task(process(pipeline, doc_id))
        await wait_until(
            lambda: db.fetchval(
                "select status = 'processing' from documents where id = $1", doc_id
            ),
            10,
            "OCR never started",
        )
        # Another worker takes the job over (as the sweeper would after lease expiry).
        await db.execute(
            "update document_jobs set lease_owner = 'someone-else', "
            "lease_token = gen_random_uuid() where document_id = $1",
            doc_id,
        )
        release.set()
        await task
    assert await db.fetchval("select status from documents where id = $1", doc_id) == "processing"
    assert (
        await db.fetchval(
            "select lease_owner from document_jobs where document_id = $1 and state = 'running'",
            doc_id,
        )
        == "someone-else"
    )
    assert await db.fetchval("select count(*) from ocr_results where document_id = $1", doc_id) == 0
    assert await db.fetchval("select count(*) from usage where user_id = $1", owner) == 0


async def test_transient_failure_is_retried_then_succeeds(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    with swapped(
        runtime, "ocr", ScriptedOcr(TransientError("busy", retry_after=0.05), "ok")
    ) as fake:
        await process(pipeline, doc_id)
    assert fake.calls == 2
    assert await db.fetchval("select status from documents where id = $1", doc_id) == "ocr_complete"


async def test_transient_failures_exhausted_end_failed_with_advice(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    steps = [TransientError("The OCR service is overloaded.", retry_after=0.01)] * 5
    with swapped(runtime, "ocr", ScriptedOcr(*steps)) as fake:
        await process(pipeline, doc_id)
    assert fake.calls == runtime.settings.transient_retries + 1
    row = await db.fetchrow(
        "select status, error_code, error_message from documents where id = $1", doc_id
    )
    assert row["status"] == "failed" and row["error_code"] == "retries_exhausted"
    assert (
        row["error_message"].startswith("The OCR service is overloaded.")
        and "Retry" in row["error_message"]
    )


async def test_permanent_failure_fails_at_once(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    with swapped(
        runtime, "ocr", ScriptedOcr(PermanentError("The OCR service rejected the API key."))
    ) as fake:
        await process(pipeline, doc_id)
    assert fake.calls == 1
    row = await db.fetchrow(
        "select status, error_code, error_message from documents where id = $1", doc_id
    )
    assert (
        row["status"] == "failed"
        and row["error_message"] == "The OCR service rejected the API key."
    )
    assert row["error_code"] == "corrupt_file"
    job = await db.fetchrow(
        "select state, lease_token, error_code from document_jobs where document_id = $1", doc_id
    )
    assert job["state"] == "failed" and job["lease_token"] is None


async def test_unexpected_engine_crash_fails_with_a_generic_message(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    with swapped(runtime, "ocr", ScriptedOcr(KeyError("boom"))):
        await process(pipeline, doc_id)
    row = await db.fetchrow("select status, error_message from documents where id = $1", doc_id)
    assert row["status"] == "failed" and "unexpected error" in row["error_message"]
    assert "KeyError" not in row["error_message"]


async def test_ocr_time_limit_fails_the_document(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    never = asyncio.Event()
    limit, runtime.settings.ocr_timeout_s = runtime.settings.ocr_timeout_s, 0.3
    try:
        with swapped(runtime, "ocr", ScriptedOcr(never)):
            await process(pipeline, doc_id)
    finally:
        runtime.settings.ocr_timeout_s = limit
    row = await db.fetchrow(
        "select status, error_code, error_message from documents where id = $1", doc_id
    )
    assert row["status"] == "failed" and "stopped making progress" in row["error_message"]
    assert row["error_code"] == "timeout"


async def test_a_missing_stored_file_fails_with_a_reason(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    path = await db.fetchval("select file_path from documents where id = $1", doc_id)
    await runtime.storage.delete(path)
    await process(pipeline, doc_id)
    row = await db.fetchrow(
        "select status, error_code, error_message from documents where id = $1", doc_id
    )
    assert row["status"] == "failed" and "missing" in row["error_message"]
    assert row["error_code"] == "file_missing"


class SlowPages:
    """Reads `n` pages, one every `every_s` seconds, storing each: steady progress."""

    name = "slow-pages"

    def __init__(self, n: int, every_s: float) -> None:
        self.n, self.every_s = n, every_s

    def reading(self) -> str:
        return self.name

    async def process(self, source, progress, pages=None) -> OcrResult:
        read = []
        for i in range(self.n):
            await asyncio.sleep(self.every_s)
            page = OcrPage(index=i, markdown=f"Slow page {i + 1} of a long steady document.")
            await pages.save([page])
            read.append(page)
            await progress(i + 1, self.n)
        return OcrResult(pages=read, model="slow-pages")

    async def aclose(self) -> None:
        return None


async def test_the_time_limit_counts_time_without_progress_not_the_whole_document(
    runtime, db, owner, pipeline
):
    """OCR_TIMEOUT_S is a no-progress limit: a document that keeps finishing pages runs well
    past it and completes (the stalled one above fails at it)."""
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    limit, runtime.settings.ocr_timeout_s = runtime.settings.ocr_timeout_s, 2.0
    try:
        with swapped(runtime, "ocr", SlowPages(10, 0.4)):  # 4 s in all, a page every 0.4 s
            await process(pipeline, doc_id)
    finally:
        runtime.settings.ocr_timeout_s = limit
    row = await db.fetchrow("select status, page_count from documents where id = $1", doc_id)
    assert row["status"] == "ocr_complete" and row["page_count"] == 10
