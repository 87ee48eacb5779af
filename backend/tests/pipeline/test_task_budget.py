"""A Cloud Task delivery's deadline budget, on the real runner and database: waiting for a slot
counts, a step that would not fit is never started, and the job goes back as a new task.

The dispatcher here records hand-backs (the real one's `hand_back` has its own test against
the emulator in test_cloud_tasks.py); the system test in tests/system/test_cloud_run.py runs
the whole path with real processes."""

from __future__ import annotations

import asyncio
import uuid

from app.domain import JobKind
from app.pipeline.budget import Budget
from app.pipeline.jobs import JobQueue
from app.pipeline.outcome import TaskOutcome
from app.pipeline.runner import run_task
from tests import files
from tests.pipeline.helpers import (
    RecordingDispatcher,
    ScriptedOcr,
    create_document,
    create_user,
    swapped,
    wait_until,
)


async def job_state(db, doc_id: str) -> tuple[str, str | None, str]:
    row = await db.fetchrow(
        "select j.state, j.lease_owner, d.status from document_jobs j "
        "join documents d on d.id = j.document_id where j.document_id = $1 and j.kind = 'ocr'",
        uuid.UUID(doc_id),
    )
    return row["state"], row["lease_owner"], row["status"]


async def test_a_delivery_that_waits_too_long_for_a_slot_hands_the_job_back_untouched(runtime, db):
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.bill_pdf(), lease_owner="elsewhere")
    await db.execute(  # free, as a Cloud Tasks upload leaves it
        "update document_jobs set lease_owner = null, lease_token = null, "
        "lease_expires_at = null where document_id = $1",
        uuid.UUID(doc_id),
    )
    settings = runtime.settings.model_copy(update={"ocr_documents_in_flight": 1})
    queue = JobQueue(settings, runtime.job_pool, runtime.worker_id)
    dispatcher = RecordingDispatcher()
    # A step of 600 s in a 600.5 s deadline with no margin: half a second to get a slot.
    budget = Budget(deadline_s=runtime.settings.ocr_timeout_s + 0.5, margin_s=0)
    with swapped(runtime, "ocr", ScriptedOcr("ok")) as ocr:
        # Every OCR slot of this process is busy, with this user's documents (another user's
        # first document would get the spare slot: users take turns, `admission.py`).
        async with queue.ocr_slots.slot(str(owner)):
            result = await run_task(
                runtime,
                queue,
                dispatcher,
                JobKind.OCR,
                uuid.UUID(doc_id),
                final_attempt=False,
                budget=budget,
            )
        assert result.outcome is TaskOutcome.HANDED_BACK, result
        assert "slot" in result.detail
        [job] = dispatcher.handed_back
        assert (job.kind, str(job.document_id)) == (JobKind.OCR, doc_id)
        assert await job_state(db, doc_id) == ("queued", None, "uploading")  # never claimed
        assert ocr.calls == 0

        # The new task's delivery has its whole deadline: it runs the job to the end.
        fresh = Budget(deadline_s=runtime.settings.ocr_timeout_s + 60, margin_s=0)
        done = await run_task(
            runtime,
            queue,
            dispatcher,
            JobKind.OCR,
            uuid.UUID(doc_id),
            final_attempt=False,
            budget=fresh,
        )
    assert done.outcome is TaskOutcome.SUCCEEDED, done
    assert ocr.calls == 1 and len(dispatcher.handed_back) == 1
    assert (await job_state(db, doc_id))[2] == "ocr_complete"


async def test_a_step_longer_than_what_is_left_is_never_started(runtime, db):
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await db.execute(
        "update document_jobs set lease_owner = null, lease_token = null, "
        "lease_expires_at = null where document_id = $1",
        uuid.UUID(doc_id),
    )
    queue = JobQueue(runtime.settings, runtime.job_pool, runtime.worker_id)
    dispatcher = RecordingDispatcher()
    budget = Budget(deadline_s=runtime.settings.ocr_timeout_s - 1, margin_s=0)  # never fits
    with swapped(runtime, "ocr", ScriptedOcr("ok")) as ocr:
        result = await run_task(
            runtime,
            queue,
            dispatcher,
            JobKind.OCR,
            uuid.UUID(doc_id),
            final_attempt=False,
            budget=budget,
        )
    assert result.outcome is TaskOutcome.HANDED_BACK and "too little time" in result.detail
    assert ocr.calls == 0 and len(dispatcher.handed_back) == 1
    assert await job_state(db, doc_id) == ("queued", None, "uploading")


async def test_a_metadata_run_waiting_for_a_slot_holds_no_lease_that_could_lapse(runtime, db):
    # The OCR step leaves its metadata run leased to this process; nothing heartbeats it while
    # the delivery waits for a METADATA_CONCURRENCY slot, so it waits free instead (a lapsed
    # lease would be taken for a crash and counted as a recovery).
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await db.execute(
        "update document_jobs set lease_owner = null, lease_token = null, "
        "lease_expires_at = null where document_id = $1",
        uuid.UUID(doc_id),
    )
    settings = runtime.settings.model_copy(update={"metadata_concurrency": 1})
    queue = JobQueue(settings, runtime.job_pool, runtime.worker_id)
    budget = Budget(deadline_s=runtime.settings.ocr_timeout_s + 3600, margin_s=0)
    await queue.metadata_slots.acquire()  # another document's agent is running
    try:
        with swapped(runtime, "ocr", ScriptedOcr("ok")):
            delivery = asyncio.create_task(
                run_task(
                    runtime,
                    queue,
                    RecordingDispatcher(),
                    JobKind.OCR,
                    uuid.UUID(doc_id),
                    final_attempt=False,
                    budget=budget,
                )
            )

            async def waiting_free() -> bool:
                row = await db.fetchrow(
                    "select j.state, j.lease_owner, d.metadata_status from document_jobs j "
                    "join documents d on d.id = j.document_id "
                    "where j.document_id = $1 and j.kind = 'metadata'",
                    uuid.UUID(doc_id),
                )
                return row is not None and (row["state"], row["lease_owner"]) == ("queued", None)

            await wait_until(waiting_free, 60, "the metadata run waiting, free")
            assert not delivery.done()
            queue.metadata_slots.release()
            result = await asyncio.wait_for(delivery, 120)
    finally:
        if queue.metadata_slots.locked():
            queue.metadata_slots.release()
    assert result.outcome is TaskOutcome.SUCCEEDED, result
    row = await db.fetchrow(
        "select metadata_status from documents where id = $1", uuid.UUID(doc_id)
    )
    assert row["metadata_status"] == "complete"
