"""The one claim (`store/jobs.py`): at most one run of a job at a time, whoever asks.

A job leased to a process is that process's to start only while it is queued; once running
under a live lease, nobody claims it again — not a second delivery to the same process either
(issue 24). Only an expired lease is taken over."""

from __future__ import annotations

import uuid

from app.domain import JobKind
from app.store import jobs
from tests import files
from tests.pipeline.helpers import create_document, create_user


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
