"""The recovery sweeper: expired and released leases are taken over, counted, and given up on."""

from __future__ import annotations

import asyncio

import pytest

from app.pipeline.recovery import requeue_delay
from tests import files
from tests.pipeline.helpers import create_document, create_user
from tests.waiting import eventually


@pytest.fixture
async def owner(db) -> str:
    return await create_user(db)


async def _settle(runtime, timeout: float = 30) -> None:
    await eventually(lambda: runtime.jobs.active == 0, timeout,
                     lambda: f"{runtime.jobs.active} background job(s) still running")


async def _expire(db, doc_id: str, **columns) -> None:
    sets = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(columns))
    await db.execute(
        f"update documents set lease_owner = 'dead-worker', lease_token = gen_random_uuid(), "
        f"lease_expires_at = now() - interval '1 second'{', ' + sets if sets else ''} where id = $1",
        doc_id, *columns.values(),
    )


async def test_a_crashed_workers_document_is_recovered_and_completed(runtime, db, owner):
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="dead-worker")
    await _expire(db, doc_id, status="processing")
    report = await runtime.sweeper.sweep_once()
    assert doc_id in report.requeued_ocr
    await _settle(runtime)
    row = await db.fetchrow("select status, retry_count, metadata_status from documents where id = $1", doc_id)
    assert row["status"] == "ocr_complete" and row["retry_count"] == 1
    assert row["metadata_status"] == "complete"


async def test_a_live_lease_is_left_alone(runtime, db, owner):
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="busy-worker")
    report = await runtime.sweeper.sweep_once()
    assert doc_id not in report.requeued_ocr
    assert await db.fetchval("select status from documents where id = $1", doc_id) == "uploading"
    await db.execute("delete from documents where id = $1", doc_id)


async def test_a_released_lease_is_picked_up_without_counting_a_retry(runtime, db, owner):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await db.execute("update documents set lease_owner = null, lease_token = null, "
                     "lease_expires_at = null where id = $1", doc_id)
    await runtime.sweeper.sweep_once()
    await _settle(runtime)
    row = await db.fetchrow("select status, retry_count from documents where id = $1", doc_id)
    assert row["status"] == "ocr_complete" and row["retry_count"] == 0


async def test_after_max_retries_the_document_fails_with_a_message(runtime, db, owner):
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="dead-worker")
    await _expire(db, doc_id, status="processing", retry_count=runtime.settings.max_retries)
    report = await runtime.sweeper.sweep_once()
    assert doc_id in report.failed
    row = await db.fetchrow("select status, error_message, retry_count, lease_token from documents "
                            "where id = $1", doc_id)
    assert row["status"] == "failed" and "interrupted" in row["error_message"]
    assert "Retry" in row["error_message"] and row["lease_token"] is None


async def test_unfinished_metadata_is_recovered_without_touching_ocr_status(runtime, db, owner):
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    from app.pipeline.ocr_job import run_ocr_background

    await run_ocr_background(runtime, doc_id)
    await db.execute("update documents set display_name = null, metadata_status = 'generating' "
                     "where id = $1", doc_id)
    await _expire(db, doc_id)
    report = await runtime.sweeper.sweep_once()
    assert doc_id in report.requeued_metadata
    await _settle(runtime)
    row = await db.fetchrow("select status, metadata_status, metadata_retry_count, display_name "
                            "from documents where id = $1", doc_id)
    assert row["status"] == "ocr_complete" and row["metadata_status"] == "complete"
    assert row["metadata_retry_count"] == 1 and row["display_name"].startswith("Electricity bill")


async def test_two_sweepers_never_take_the_same_document(runtime, db, owner):
    ids = [await create_document(runtime, owner, files.bill_pdf(), lease_owner="dead-worker")
           for _ in range(6)]
    for doc_id in ids:
        await _expire(db, doc_id, status="processing")
    first, second = await asyncio.gather(runtime.sweeper.sweep_once(), runtime.sweeper.sweep_once())
    taken = first.requeued_ocr + second.requeued_ocr
    assert sorted(d for d in taken if d in ids) == sorted(ids)
    await _settle(runtime)
    assert await db.fetchval("select count(*) from ocr_results where document_id = any($1::uuid[])", ids) == 6
    assert await db.fetchval("select sum(retry_count) from documents where id = any($1::uuid[])", ids) == 6


def test_requeue_backoff_grows_and_is_capped():
    assert requeue_delay(1) == 0
    assert requeue_delay(2) < requeue_delay(3) < requeue_delay(4)
    assert requeue_delay(20) == 60
