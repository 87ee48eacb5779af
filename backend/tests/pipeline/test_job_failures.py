"""Every way a job can die before its terminal write, and the sweeper taking it over.

A runtime with short leases and a sweeper every half second, on the real database. A fault is
one failed call of our own store (a `ConnectionError`, as a dropped connection raises), or a
cancelled task; the document must never stay in a state nobody will move.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator

import pytest

from app.errors import PermanentError
from app.main import lifespan_pipeline
from app.pipeline.pipeline import Pipeline
from app.pipeline.runner import enqueue
from app.runtime import Runtime
from app.store import edits
from tests import files
from tests.conftest import make_settings, traversable_tmpdir
from tests.pipeline.helpers import (
    ScriptedOcr,
    active_job,
    create_document,
    create_user,
    fail_once,
    has_status,
    runs,
    status,
    swapped,
    wait_until,
)

# Long enough that a live run's heartbeat (every INTERVAL_S, through the job pool's database
# sessions, which run at a lower CPU priority) renews it on a busy machine too: at 2 s, a slow
# heartbeat beside busy processes let a healthy run lose its lease, and the test saw one
# "interrupted" run more than the fault it injected. Only a test that waits for a lease to
# lapse pays for the length.
LEASE_TTL_S = 10.0
INTERVAL_S = 0.5
# The takeover must happen within LEASE_TTL_S + one interval; processing the document
# afterwards may take a while on a loaded 2-core machine.
TAKEOVER_S = LEASE_TTL_S + INTERVAL_S
SETTLE_S = TAKEOVER_S + 60
# A test here waits for a takeover and then for the document to settle (up to ~110 s): beside
# two busy loops one took 62 s. pytest's default 120 s would stop a run that is only slow.
pytestmark = pytest.mark.timeout(300)


def reset() -> ConnectionError:
    return ConnectionError("connection reset by peer")


@pytest.fixture(scope="module")
async def fast_pipeline(pg_dsn: str) -> AsyncIterator[Pipeline]:
    data_dir = traversable_tmpdir("docstream-fast-")
    settings = make_settings(
        pg_dsn,
        data_dir,
        LEASE_TTL_S=LEASE_TTL_S,
        HEARTBEAT_INTERVAL_S=INTERVAL_S,
        RECOVERY_INTERVAL_S=INTERVAL_S,
    )
    async with lifespan_pipeline(settings) as built:
        yield built
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def fast(fast_pipeline: Pipeline) -> Runtime:
    return fast_pipeline.rt


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def test_a_claim_that_fails_once_is_taken_over_by_the_sweeper(
    fast, db, owner, monkeypatch, fast_pipeline
):
    doc_id = await create_document(fast, owner, files.bill_pdf())
    job = await active_job(fast, doc_id)
    calls = fail_once(monkeypatch, "claim", reset(), about=[job.id])
    await enqueue(fast_pipeline.dispatcher, job)
    await wait_until(lambda: calls["n"] == 1, 30, "the job was never claimed")

    async def rerun() -> bool:  # the sweeper's run is a new job row (attempt 2)
        return len(await runs(db, doc_id)) >= 2

    await wait_until(rerun, TAKEOVER_S + 30, "the sweeper never re-ran the job")
    await wait_until(lambda: has_status(db, doc_id, "ocr_complete"), SETTLE_S, "never completed")
    assert await runs(db, doc_id) == [("failed", "interrupted"), ("succeeded", None)]
    assert await db.fetchval("select retry_count from documents where id = $1", doc_id) == 1


async def test_a_lost_job_whose_abandon_fails_too_expires_without_a_heartbeat(
    fast, db, owner, monkeypatch, fast_pipeline
):
    """The original bug: a lease the process owns but no running job holds was renewed for
    ever. Now only held jobs are renewed, so it lapses and is taken over."""
    doc_id = await create_document(fast, owner, files.bill_pdf())
    job = await active_job(fast, doc_id)
    fail_once(monkeypatch, "claim", reset(), about=[job.id])
    fail_once(monkeypatch, "abandon", reset(), about=[job.id])
    await enqueue(fast_pipeline.dispatcher, job)
    await wait_until(lambda: has_status(db, doc_id, "ocr_complete"), SETTLE_S, "never completed")
    assert await runs(db, doc_id) == [("failed", "interrupted"), ("succeeded", None)]


async def test_a_failed_terminal_write_is_retried_and_the_failure_still_shown(
    fast, db, owner, monkeypatch, fast_pipeline
):
    doc_id = await create_document(fast, owner, files.bill_pdf())
    fail_once(monkeypatch, "fail", reset(), about=[doc_id])
    broken = ScriptedOcr(
        PermanentError("This PDF is damaged."), PermanentError("This PDF is damaged.")
    )
    with swapped(fast, "ocr", broken):
        await enqueue(fast_pipeline.dispatcher, await active_job(fast, doc_id))
        await wait_until(lambda: has_status(db, doc_id, "failed"), SETTLE_S, "never failed")
    row = await db.fetchrow(
        "select error_code, error_message, retry_count from documents where id = $1", doc_id
    )
    assert row["error_message"] == "This PDF is damaged." and row["error_code"] == "corrupt_file"
    assert broken.calls == 2 and row["retry_count"] == 1


async def metadata_complete(db, doc_id: str) -> bool:
    return bool(
        await db.fetchval(
            "select metadata_status = 'complete' from documents where id = $1", doc_id
        )
    )


async def test_a_metadata_run_whose_completion_fails_once_is_recovered(
    fast, db, owner, monkeypatch, fast_pipeline
):
    # Only this document's run: an earlier test's metadata run may still be finishing.
    doc_id = await create_document(fast, owner, files.bill_pdf())
    fail_once(monkeypatch, "complete_metadata", reset(), about=[doc_id])
    await enqueue(fast_pipeline.dispatcher, await active_job(fast, doc_id))
    await wait_until(lambda: metadata_complete(db, doc_id), SETTLE_S, "metadata stuck")
    assert await status(db, doc_id) == "ocr_complete"
    assert await runs(db, doc_id, "metadata") == [("failed", "interrupted"), ("succeeded", None)]


async def test_a_metadata_run_whose_senders_read_fails_once_is_recovered(
    fast, db, owner, monkeypatch, fast_pipeline
):
    """The engine's optional tools read the database too (the person's senders): one failed
    read is a transient fault the run's own retry reads past (`with_retries`), so the one run
    completes and the document never stays generating."""
    doc_id = await create_document(fast, owner, files.bill_pdf())
    calls = fail_once(monkeypatch, "sender_corrections", reset(), about=[doc_id], store=edits)
    await enqueue(fast_pipeline.dispatcher, await active_job(fast, doc_id))
    await wait_until(lambda: metadata_complete(db, doc_id), SETTLE_S, "metadata stuck")
    assert calls["n"] == 2
    assert await runs(db, doc_id, "metadata") == [("succeeded", None)]


async def test_a_cancelled_job_task_is_taken_over(fast, db, owner, fast_pipeline):
    doc_id = await create_document(fast, owner, files.bill_pdf())
    never = asyncio.Event()
    with swapped(fast, "ocr", ScriptedOcr(never, "ok")):
        await enqueue(fast_pipeline.dispatcher, await active_job(fast, doc_id))
        await wait_until(lambda: has_status(db, doc_id, "processing"), 30, "OCR never started")
        (task,) = [t for t in asyncio.all_tasks() if t.get_name() == f"ocr-{doc_id}"]
        task.cancel()
        await wait_until(
            lambda: has_status(db, doc_id, "ocr_complete"), SETTLE_S, "never completed"
        )
    assert await runs(db, doc_id) == [("failed", "interrupted"), ("succeeded", None)]


async def test_a_heartbeat_renews_the_running_job_and_never_writes_the_document(
    fast, db, owner, fast_pipeline
):
    doc_id = await create_document(fast, owner, files.bill_pdf())
    gate = asyncio.Event()
    with swapped(fast, "ocr", ScriptedOcr(gate)):
        await enqueue(fast_pipeline.dispatcher, await active_job(fast, doc_id))
        await wait_until(lambda: has_status(db, doc_id, "processing"), 30, "OCR never started")
        before = await db.fetchrow(
            "select xmin::text as xmin, updated_at from documents where id = $1", doc_id
        )
        first = await db.fetchval(
            "select heartbeat_at from document_jobs where document_id = $1 and state = 'running'",
            doc_id,
        )
        await wait_until(
            lambda: db.fetchval(
                "select heartbeat_at > $2 from document_jobs where document_id = $1 "
                "and state = 'running'",
                doc_id,
                first,
            ),
            30,
            "no heartbeat",
        )
        after = await db.fetchrow(
            "select xmin::text as xmin, updated_at from documents where id = $1", doc_id
        )
        gate.set()
        await wait_until(lambda: has_status(db, doc_id, "ocr_complete"), 60, "never completed")
    assert after == before
