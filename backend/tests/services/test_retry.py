"""A person's Retry: accepted for a failed document and for one whose job was abandoned.

No sweeper runs beside these tests (the session runtime has none), so an abandoned job stays
abandoned until the person acts.
"""

from __future__ import annotations

import uuid

from app.auth import AuthUser
from app.pipeline.runner import enqueue
from app.services import documents as service
from app.store import documents
from app.store import uploads as upload_store
from tests import files
from tests.pipeline.helpers import (
    active_job,
    create_document,
    create_user,
    fail_once,
    has_status,
    process,
    runs,
    settle,
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


async def test_a_copy_says_what_its_original_says_of_the_text_read_again(runtime, db, pipeline):
    """A copy (`content_of`) shows its original's text: when the original is read again in a
    chosen language, the copy's language (and page count, cut mark) follow that text."""
    owner = await create_user(db)
    root_id = await create_document(runtime, owner, files.bill_pdf())
    await process(pipeline, root_id)
    await settle(pipeline, timeout=120)
    root = await documents.get(db, uuid.UUID(root_id))
    assert root is not None and root.status == "ocr_complete"
    async with db.acquire() as conn, conn.transaction():
        copy = await upload_store.insert_duplicate(
            conn,
            document_id=uuid.uuid4(),
            original=root,
            filename="again.pdf",
            mime_type="application/pdf",
        )
    chosen = next(code for code, _ in service.reading_languages(runtime) if code != root.language)
    await service.retry(runtime, pipeline.dispatcher, AuthUser(id=owner), root_id, language=chosen)
    await process(pipeline, root_id)
    await settle(pipeline, timeout=120)
    row = await db.fetchrow("select status, language from documents where id = $1", copy.id)
    assert (row["status"], row["language"]) == ("ocr_complete", chosen)
    await db.execute("delete from documents where id = any($1::uuid[])", [copy.id, root.id])


async def test_the_sweepers_recoveries_do_not_count_towards_the_retry_limit(runtime, db, pipeline):
    """Retry allows three OCR runs of a document a minute (the upload's among them). A run the
    recovery sweeper started after a crash is not a press of the person's: a document whose
    reading was interrupted, recovered, and then failed can still be retried twice in that
    minute (it was refused with 429 "just tried several times")."""
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.corrupt_pdf(), lease_owner="dead-worker")
    # The upload's run died mid-read: its lease expired.
    await db.execute(
        """update document_jobs set state = 'running', lease_token = gen_random_uuid(),
                  lease_expires_at = now() - interval '1 second'
           where document_id = $1""",
        doc_id,
    )
    await db.execute("update documents set status = 'processing' where id = $1", doc_id)
    report = await pipeline.sweeper.sweep_once()
    assert doc_id in report.requeued_ocr
    await wait_until(lambda: has_status(db, doc_id, "failed"), 60, "the recovered run never failed")
    await settle(pipeline)
    for _ in range(2):  # the person's two presses, after the upload's run and the recovery's
        doc, job = await service.retry(runtime, pipeline.dispatcher, AuthUser(id=owner), doc_id)
        assert doc.status == "uploading"
        await enqueue(pipeline.dispatcher, job)
        await wait_until(lambda: has_status(db, doc_id, "failed"), 60, "the retry never failed")
        await settle(pipeline)
    assert await runs(db, doc_id) == [
        ("failed", "interrupted"),
        ("failed", "corrupt_file"),
        ("failed", "corrupt_file"),
        ("failed", "corrupt_file"),
    ]
    await db.execute("delete from documents where id = $1", doc_id)
