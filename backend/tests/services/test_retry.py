"""A person's Retry: accepted for a failed document and for one whose job was abandoned.

No sweeper runs beside these tests (the session runtime has none), so an abandoned job stays
abandoned until the person acts.
"""

from __future__ import annotations

from app.auth import AuthUser
from app.pipeline.runner import enqueue
from app.services import documents as service
from tests import files
from tests.pipeline.helpers import (
    active_job,
    create_document,
    create_user,
    fail_once,
    has_status,
    runs,
    status,
    wait_until,
)


async def test_retry_is_accepted_for_a_document_whose_job_was_abandoned(
    runtime, db, monkeypatch, pipeline
):
    """The person's Retry must not answer 409 'This document is uploading'."""
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    job = await active_job(runtime, doc_id)
    fail_once(monkeypatch, "claim", ConnectionError("connection reset by peer"), about=[job.id])
    await enqueue(pipeline.dispatcher, job)
    await wait_until(lambda: pipeline.queue.active == 0, 30, "the job did not end")
    assert await status(db, doc_id) == "uploading"
    doc, job = await service.retry(runtime, pipeline.dispatcher, AuthUser(id=owner), doc_id)
    assert doc.status == "uploading"
    await enqueue(pipeline.dispatcher, job)
    await wait_until(lambda: has_status(db, doc_id, "ocr_complete"), 60, "retry never completed")
    assert await runs(db, doc_id) == [("failed", "superseded"), ("succeeded", None)]
