"""The recovery sweeper: expired and released jobs are taken over, counted, and given up on."""

from __future__ import annotations

import asyncio

import pytest

from app.domain import JobKind
from app.pipeline.recovery import requeue_delay
from tests import files
from tests.pipeline.helpers import active_job, create_document, create_user, process, settle


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def _expire(
    db, doc_id: str, *, running: bool = True, recoveries: int = 0, kind: str = "ocr"
) -> None:
    """Make the document's unfinished job look like its holder died mid-run."""
    await db.execute(
        """update document_jobs set lease_owner = 'dead-worker', lease_token = gen_random_uuid(),
                  lease_expires_at = now() - interval '1 second', recoveries = $2,
                  state = case when $3 then 'running' else state end
           where document_id = $1 and kind = $4 and state in ('queued', 'running')""",
        doc_id,
        recoveries,
        running,
        kind,
    )
    if running and kind == "ocr":
        await db.execute("update documents set status = 'processing' where id = $1", doc_id)


async def test_a_crashed_workers_document_is_recovered_and_completed(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="dead-worker")
    await _expire(db, doc_id)
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.requeued_ocr
    await settle(pipeline)
    row = await db.fetchrow(
        "select status, retry_count, metadata_status from documents where id = $1", doc_id
    )
    assert row["status"] == "ocr_complete" and row["retry_count"] == 1
    assert row["metadata_status"] == "complete"
    runs = await db.fetch(
        "select state, error_code, attempt from document_jobs "
        "where document_id = $1 and kind = 'ocr' order by attempt",
        doc_id,
    )
    assert [(r["state"], r["error_code"]) for r in runs] == [
        ("failed", "interrupted"),
        ("succeeded", None),
    ]


async def test_a_live_lease_is_left_alone(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="busy-worker")
    report = await pipeline.sweeper.sweep_once()
    assert doc_id not in report.requeued_ocr
    assert await db.fetchval("select status from documents where id = $1", doc_id) == "uploading"
    await db.execute("delete from documents where id = $1", doc_id)


async def test_a_released_job_is_picked_up_without_counting_a_retry(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await db.execute(
        "update document_jobs set lease_owner = null, lease_token = null, "
        "lease_expires_at = null where document_id = $1",
        doc_id,
    )
    await pipeline.sweeper.sweep_once()
    await settle(pipeline)
    row = await db.fetchrow("select status, retry_count from documents where id = $1", doc_id)
    assert row["status"] == "ocr_complete" and row["retry_count"] == 0


async def test_after_max_retries_the_document_fails_with_a_message(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="dead-worker")
    await _expire(db, doc_id, recoveries=runtime.settings.max_retries)
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.failed
    row = await db.fetchrow(
        "select status, error_code, error_message from documents where id = $1", doc_id
    )
    assert row["status"] == "failed" and row["error_code"] == "retries_exhausted"
    assert "interrupted" in row["error_message"] and "Retry" in row["error_message"]
    assert (
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 "
            "and state in ('queued', 'running')",
            doc_id,
        )
        == 0
    )


async def test_unfinished_metadata_is_recovered_without_touching_ocr_status(
    runtime, db, owner, pipeline
):
    from app.pipeline.ocr_job import run_ocr
    from app.store import jobs

    doc_id = await create_document(runtime, owner, files.bill_pdf())
    job = await active_job(runtime, doc_id)
    claimed = await jobs.claim(runtime.pool, job.id, runtime.worker_id, 30)
    assert claimed is not None
    await run_ocr(runtime, *claimed, retries=0, final_attempt=True)  # OCR only, no follow-up
    await _expire(db, doc_id, kind="metadata")
    await db.execute("update documents set metadata_status = 'generating' where id = $1", doc_id)
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.requeued_metadata
    await settle(pipeline)
    row = await db.fetchrow(
        "select status, metadata_status, display_name from documents where id = $1", doc_id
    )
    assert row["status"] == "ocr_complete" and row["metadata_status"] == "complete"
    assert row["display_name"].startswith("Invoice – City Power Ltd")
    assert (
        await db.fetchval(
            "select recoveries from document_jobs where document_id = $1 "
            "and kind = 'metadata' and state = 'succeeded'",
            doc_id,
        )
        == 1
    )


async def test_two_sweepers_never_take_the_same_document(runtime, db, owner, pipeline):
    ids = [
        await create_document(runtime, owner, files.bill_pdf(), lease_owner="dead-worker")
        for _ in range(6)
    ]
    for doc_id in ids:
        await _expire(db, doc_id)
    first, second = await asyncio.gather(
        pipeline.sweeper.sweep_once(), pipeline.sweeper.sweep_once()
    )
    taken = first.requeued_ocr + second.requeued_ocr
    assert sorted(d for d in taken if d in ids) == sorted(ids)
    await settle(pipeline)
    assert (
        await db.fetchval(
            "select count(*) from ocr_results where document_id = any($1::uuid[])", ids
        )
        == 6
    )
    assert (
        await db.fetchval("select sum(retry_count) from documents where id = any($1::uuid[])", ids)
        == 6
    )


async def test_a_document_in_flight_without_any_job_gets_one(runtime, db, owner, pipeline):
    """Rows from before jobs existed (or any path that lost its job) are not stuck."""
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await db.execute("delete from document_jobs where document_id = $1", doc_id)
    async with db.acquire() as conn, conn.transaction():  # an old row: wind its clock back
        await conn.execute("alter table documents disable trigger documents_set_updated_at")
        await conn.execute(
            "update documents set updated_at = now() - interval '1 hour' where id = $1", doc_id
        )
        await conn.execute("alter table documents enable trigger documents_set_updated_at")
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.requeued_ocr
    await settle(pipeline)
    assert await db.fetchval("select status from documents where id = $1", doc_id) == "ocr_complete"


async def test_a_completed_document_is_not_processed_by_a_stale_job(runtime, db, owner, pipeline):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await process(pipeline, doc_id)
    assert (
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 and "
            "kind = $2 and state = 'succeeded'",
            doc_id,
            JobKind.OCR.value,
        )
        == 1
    )
    report = await pipeline.sweeper.sweep_once()
    assert doc_id not in report.requeued_ocr + report.requeued_metadata


def test_requeue_backoff_grows_and_is_capped():
    assert requeue_delay(1) == 0
    assert requeue_delay(2) < requeue_delay(3) < requeue_delay(4)
    assert requeue_delay(20) == 60


def _owner_like(worker_id: str, pid: int, start: str) -> str:
    """A lease owner named as `app/process_id.py` names one, on this host, for `pid`."""
    host, _pid, _start, boot, namespace, _nonce = worker_id.rsplit(":", 5)
    return ":".join([host, str(pid), start, boot, namespace, "0ddba11"])


async def _lease_to(db, doc_id: str, owner: str) -> None:
    """The document's OCR job running under a lease that is live for a long while yet."""
    await db.execute(
        """update document_jobs set lease_owner = $2, lease_token = gen_random_uuid(),
                  lease_expires_at = now() + interval '10 minutes', state = 'running'
           where document_id = $1 and state in ('queued', 'running')""",
        doc_id,
        owner,
    )
    await db.execute("update documents set status = 'processing' where id = $1", doc_id)


async def test_a_dead_process_of_this_host_has_its_jobs_taken_over_at_once(
    runtime, db, owner, pipeline
):
    """An API killed and restarted: its jobs' leases are live for minutes yet, but their owner
    is a pid that no longer exists here, so the next sweep takes them over now."""
    gone = await asyncio.create_subprocess_exec("true")
    await gone.wait()
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="x")
    await _lease_to(db, doc_id, _owner_like(runtime.worker_id, gone.pid, "1"))
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.requeued_ocr
    await settle(pipeline)
    row = await db.fetchrow("select status, retry_count from documents where id = $1", doc_id)
    assert (row["status"], row["retry_count"]) == ("ocr_complete", 1)


async def test_a_live_process_of_this_host_keeps_its_jobs(runtime, db, owner, pipeline):
    """Another API on this host (here: this very process under another lease name, and a pid
    now used by a process started at another time is judged by its start time, not its pid)
    keeps its live leases: only a process certainly gone is taken over early."""
    host, pid, start, *_ = runtime.worker_id.rsplit(":", 5)
    alive = await create_document(runtime, owner, files.bill_pdf(), lease_owner="x")
    await _lease_to(db, alive, _owner_like(runtime.worker_id, int(pid), start))
    other_host = await create_document(runtime, owner, files.bill_pdf(), lease_owner="x")
    await _lease_to(db, other_host, f"elsewhere-{host}:1:1:b:n:c0ffee")
    report = await pipeline.sweeper.sweep_once()
    assert alive not in report.requeued_ocr and other_host not in report.requeued_ocr
    statuses = await db.fetch(
        "select status, retry_count from documents where id = any($1::uuid[])", [alive, other_host]
    )
    assert [(r["status"], r["retry_count"]) for r in statuses] == [("processing", 0)] * 2
    await db.execute("delete from documents where id = any($1::uuid[])", [alive, other_host])
