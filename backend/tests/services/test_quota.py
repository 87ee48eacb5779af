"""The monthly quota is exact: what takes a slot, what gives it back (docs/architecture.md)."""

from __future__ import annotations

import pytest

from app.auth import AuthUser
from app.errors import QuotaExceededError
from app.services import documents as service
from tests import files
from tests.pipeline.helpers import create_document, create_user


@pytest.fixture
def limit_two(runtime):
    saved, runtime.settings.usage_limit_per_month = runtime.settings.usage_limit_per_month, 2
    yield
    runtime.settings.usage_limit_per_month = saved


async def _fail(db, doc_id: str) -> None:
    await db.execute(
        "update document_jobs set state = 'failed', lease_owner = null, "
        "lease_token = null, lease_expires_at = null where document_id = $1",
        doc_id,
    )
    await db.execute(
        "update documents set status = 'failed', error_code = 'corrupt_file', "
        "error_message = 'damaged' where id = $1",
        doc_id,
    )


async def test_retry_of_a_never_counted_document_needs_a_free_slot(
    runtime, db, limit_two, pipeline
):
    owner = await create_user(db)
    user = AuthUser(id=owner)
    failed = await create_document(runtime, owner, files.bill_pdf())
    await _fail(db, failed)  # gives its slot back
    await create_document(runtime, owner, files.bill_pdf())
    await create_document(runtime, owner, files.bill_pdf())  # both slots taken, in flight
    with pytest.raises(QuotaExceededError):
        await service.retry(runtime, pipeline.dispatcher, user, failed)
    assert await db.fetchval("select status from documents where id = $1", failed) == "failed"


async def test_deleting_an_in_flight_document_frees_its_slot(runtime, db, limit_two, pipeline):
    owner = await create_user(db)
    user = AuthUser(id=owner)
    failed = await create_document(runtime, owner, files.bill_pdf())
    await _fail(db, failed)
    first = await create_document(runtime, owner, files.bill_pdf())
    await create_document(runtime, owner, files.bill_pdf())
    await service.delete(runtime, user, first)
    doc, _job = await service.retry(runtime, pipeline.dispatcher, user, failed)
    assert doc.status == "uploading"
