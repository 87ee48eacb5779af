"""The one claim (`store/jobs.py`): at most one run of a job at a time, whoever asks.

A job leased to a process is that process's to start only while it is queued; once running
under a live lease, nobody claims it again — not a second delivery to the same process either
(issue 24). Only an expired lease is taken over."""

from __future__ import annotations

import asyncio
import uuid

from app.domain import JobKind
from app.store import jobs, ocr_pages
from tests import files
from tests.pipeline.helpers import create_document, create_user, wait_until


async def test_a_running_job_under_a_live_lease_is_never_claimed_again_not_even_by_its_owner(
    runtime, db
):
    owner = await create_user(db)
    doc_id = uuid.UUID(await create_document(runtime, owner, files.bill_pdf()))
    me, ttl = runtime.worker_id, 60
    first = await jobs.claim_active(runtime.pool, doc_id, JobKind.OCR, me, ttl)
    assert first is not None  # queued and leased to this process: its own to start
    # A second delivery of the same task, on this process or another: nothing to claim.
    assert await jobs.claim_active(runtime.pool, doc_id, JobKind.OCR, me, ttl) is None
    assert await jobs.claim_active(runtime.pool, doc_id, JobKind.OCR, "other:1", ttl) is None
    token = await db.fetchval("select lease_token from document_jobs where id = $1", first[0].id)
    assert token == first[0].lease_token  # the run in progress kept its lease

    # Its holder died: the lease expires, and then (only then) another claimant takes over.
    await db.execute(
        "update document_jobs set lease_expires_at = now() - interval '1 second' where id = $1",
        first[0].id,
    )
    taken = await jobs.claim_active(runtime.pool, doc_id, JobKind.OCR, "other:1", ttl)
    assert taken is not None and taken[0].id == first[0].id
    assert taken[0].lease_owner == "other:1" and taken[0].lease_token != first[0].lease_token
    await db.execute("delete from documents where id = $1", doc_id)  # no work left behind


async def test_a_range_handed_back_while_its_sibling_is_being_claimed_keeps_the_document_read(
    runtime, db
):
    """Range 1 is handed back (a transient failure) while range 2's claim is committing: the
    hand-back waits for the document row the claim holds, then sees range 2 running, so the
    document stays `processing` (under `uploading`, range 2's progress writes and its fan-in
    would take the document for one another range had failed, and stop)."""
    owner = await create_user(db)
    doc_id = uuid.UUID(await create_document(runtime, owner, files.bill_pdf()))
    me, ttl = runtime.worker_id, 60
    async with runtime.pool.acquire() as conn:
        upload = await jobs.active(conn, doc_id, JobKind.OCR)
        assert upload is not None
        await ocr_pages.finish_run(conn, upload[0])  # split into the two ranges below
        first = await jobs.create(
            conn, doc_id, JobKind.OCR, lease_owner=me, lease_ttl_s=ttl, page_range=(0, 2)
        )
        await jobs.create(
            conn, doc_id, JobKind.OCR, lease_owner=None, lease_ttl_s=ttl, page_range=(2, 4)
        )
    assert await jobs.claim(runtime.pool, first.id, me, ttl) is not None
    try:
        async with db.acquire() as claiming, claiming.transaction():
            # Range 2's claim, up to its commit: the run `running`, the document row locked.
            # (`jobs.claim_range`'s own statements, in a transaction the test commits later.)
            row = await claiming.fetchrow(
                jobs._CLAIM.format(which=jobs._BY_RANGE), "other:1", ttl, doc_id, 2
            )
            assert await jobs._start(claiming, row) is not None
            release = asyncio.create_task(jobs.release(runtime.pool, [first.id], me))
            await wait_until(
                lambda: _waiting_for_a_lock(db), 60, "the hand-back never reached the document"
            )
        assert await release == 1
        assert await db.fetchval("select status from documents where id = $1", doc_id) == (
            "processing"
        )
    finally:
        await db.execute("delete from documents where id = $1", doc_id)


async def _waiting_for_a_lock(db) -> bool:
    return bool(
        await db.fetchval(
            """select count(*) from pg_stat_activity
               where wait_event_type = 'Lock' and query like '%documents%'"""
        )
    )
