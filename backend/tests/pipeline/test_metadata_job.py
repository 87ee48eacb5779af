"""Metadata failures: reported as error events, recorded, and never touching OCR status."""

from __future__ import annotations

import asyncio

import pytest

from app.domain import Job, JobKind
from app.errors import TransientError
from app.metadata.base import StatusEvent, ToolEvent
from app.pipeline.jobs import JobQueue
from app.pipeline.metadata_job import MAX_TOOL_TEXT, MetadataRun
from app.pipeline.outcome import TaskOutcome
from app.pipeline.runner import follow_up_metadata
from app.store import jobs
from tests import files
from tests.pipeline.helpers import create_document, create_user, process, swapped


class SilentAgent:
    """Talks, but never saves: the run must end in an error."""

    name = "silent"

    async def run(self, document, tools):
        yield StatusEvent(message="thinking")
        yield ToolEvent(tool="read_ocr")
        await tools.read_ocr()


class FlakyAgent:
    """Fails transiently `failures` times, then saves."""

    name = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    async def run(self, document, tools):
        self.calls += 1
        yield StatusEvent(message="trying")
        if self.calls <= self.failures:
            raise TransientError("The model is overloaded.")
        await tools.save_metadata("Flaky title", ["one", "two", "three"], "Saved on a later try.")


@pytest.fixture
async def completed(runtime, db, pipeline) -> str:
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await process(pipeline, doc_id)
    return doc_id


async def new_metadata_job(runtime, doc_id: str) -> tuple[Job, object]:
    """What Regenerate does: a metadata run created and claimed by this process."""
    async with runtime.pool.acquire() as conn, conn.transaction():
        job = await jobs.create(
            conn, doc_id, JobKind.METADATA, lease_owner=runtime.worker_id, lease_ttl_s=30
        )
    claimed = await jobs.claim(runtime.pool, job.id, runtime.worker_id, 30)
    assert claimed is not None
    return claimed


async def test_agent_that_never_saves_ends_in_error_and_keeps_ocr_status(
    runtime, db, completed, pipeline
):
    job, doc = await new_metadata_job(runtime, completed)
    with swapped(runtime, "metadata", SilentAgent()):
        run = MetadataRun(runtime, pipeline.queue, job, doc, retries=0)
        events = [e async for e in run.events()]
    assert events[-1].type == "error" and "without saving" in events[-1].message
    row = await db.fetchrow(
        "select status, metadata_status, metadata_error from documents where id = $1", completed
    )
    assert row["status"] == "ocr_complete" and row["metadata_status"] == "failed"
    assert "without saving" in row["metadata_error"]
    state = await db.fetchrow("select state, lease_token from document_jobs where id = $1", job.id)
    assert state["state"] == "failed" and state["lease_token"] is None


async def test_background_metadata_retries_transient_failures(runtime, db, completed, pipeline):
    async with runtime.pool.acquire() as conn, conn.transaction():
        await jobs.create(
            conn, completed, JobKind.METADATA, lease_owner=runtime.worker_id, lease_ttl_s=30
        )
    with swapped(runtime, "metadata", FlakyAgent(failures=1)) as fake:
        await follow_up_metadata(runtime, pipeline.queue, completed, retries=1, final_attempt=True)
    assert fake.calls == 2
    row = await db.fetchrow(
        "select metadata_status, display_name from documents where id = $1", completed
    )
    assert row["metadata_status"] == "complete" and row["display_name"] == "Flaky title"
    assert (
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 "
            "and state in ('queued', 'running')",
            completed,
        )
        == 0
    )


async def test_invalid_metadata_from_an_agent_is_refused(runtime, db, completed):
    job, _ = await new_metadata_job(runtime, completed)
    from pydantic import ValidationError

    from app.pipeline.metadata_job import DatabaseMetadataTools

    tools = DatabaseMetadataTools(runtime, job)
    with pytest.raises(ValidationError):
        await tools.save_metadata("", [], "")
    saved = await tools.save_metadata("  A   title ", ["Tax", "tax", " Bills "], "Summary.")
    assert saved.display_name == "A title" and saved.tags == ["tax", "bills"]
    assert "412 kWh" in await tools.read_ocr()
    assert "412 kWh" in await tools.read_ocr(page=1)
    assert "no page 9" in await tools.read_ocr(page=9)
    await jobs.release(runtime.pool, [job.id], runtime.worker_id)


class OverlapAgent:
    """Saves after a short pause, counting how many runs are inside it at the same time."""

    name = "overlap"

    def __init__(self) -> None:
        self.inside = self.most = self.calls = 0

    async def run(self, document, tools):
        self.calls += 1
        self.inside += 1
        self.most = max(self.most, self.inside)
        try:
            yield StatusEvent(message="thinking")
            for _ in range(5):  # other runs get every chance to start meanwhile
                await asyncio.sleep(0.02)
            await tools.save_metadata("One at a time", ["a", "b", "c"], "Saved.")
        finally:
            self.inside -= 1


@pytest.mark.parametrize(("limit", "most"), [(1, 1), (3, 3)])
async def test_metadata_concurrency_bounds_the_agents_running_at_once(
    runtime, db, pipeline, limit, most
):
    owner = await create_user(db)
    doc_ids = [await create_document(runtime, owner, files.bill_pdf()) for _ in range(3)]
    for doc_id in doc_ids:
        await process(pipeline, doc_id)
    claimed = [await new_metadata_job(runtime, doc_id) for doc_id in doc_ids]
    settings = runtime.settings.model_copy(update={"metadata_concurrency": limit})
    queue = JobQueue(settings, runtime.job_pool, runtime.worker_id)
    with swapped(runtime, "metadata", OverlapAgent()) as agent:
        runs = [MetadataRun(runtime, queue, job, doc, retries=0) for job, doc in claimed]
        results = await asyncio.gather(*(run.run() for run in runs))
    assert [r.outcome for r in results] == [TaskOutcome.SUCCEEDED] * 3
    assert agent.calls == 3 and agent.most == most  # with 1: one at a time, the others waited
    statuses = await db.fetch(
        "select metadata_status from documents where id = any($1::uuid[])", doc_ids
    )
    assert {r["metadata_status"] for r in statuses} == {"complete"}


class Reader:
    """Reads the text once, as an agent would, then saves."""

    name = "reader"

    def __init__(self) -> None:
        self.text = ""

    async def run(self, document, tools):
        yield ToolEvent(tool="read_ocr")
        self.text = await tools.read_ocr()
        await tools.save_metadata("Board report", ["board", "report", "annual"], "A report.")


async def test_a_very_long_text_is_read_as_a_bounded_sample_with_pages_in_place(
    runtime, db, completed, pipeline
):
    """200 pages of 1,000 characters: the agent reads the first pages whole, the headings of
    the pages in between, and the last page; every page keeps its number."""
    filler = "Routine minutes of the committee, nothing of note was decided today. " * 15
    pages = [f"Page {n}. {filler}" for n in range(1, 201)]
    pages[119] = f"SECTION SEVEN RESULTS\n{filler}"
    pages[199] = "Signed for the board by the chair, Dana Whitfield."
    await db.execute(
        "update ocr_results set text = $2, pages = $3::jsonb, page_count = 200 "
        "where document_id = $1",
        completed,
        "\n\n---\n\n".join(pages),
        [{"index": i, "markdown": p} for i, p in enumerate(pages)],
    )
    await db.execute("update documents set page_count = 200 where id = $1", completed)
    job, doc = await new_metadata_job(runtime, completed)
    agent = Reader()
    with swapped(runtime, "metadata", agent):
        await MetadataRun(runtime, pipeline.queue, job, doc, retries=0, final_attempt=True).run()
    text = agent.text
    assert len(text) <= MAX_TOOL_TEXT + 500  # bounded, however long the document
    body = text.rsplit("\n\n[A sample", 1)[0]
    parts = body.split("\n\n---\n\n")
    assert len(parts) == 200  # every page in its place
    assert parts[0].startswith("Page 1.")
    assert parts[119] == "SECTION SEVEN RESULTS"  # a heading of a page in between
    assert parts[150] == ""  # the rest of a page in between is left out
    assert parts[199] == pages[199]  # the last page, whole
    assert "A sample of a long document (200 pages)" in text
