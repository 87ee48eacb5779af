"""Metadata failures: reported as error events, recorded, and never touching OCR status."""

from __future__ import annotations

import pytest

from app.errors import TransientError
from app.metadata.base import StatusEvent, ToolEvent
from app.pipeline.metadata_job import MetadataRun, run_metadata_background
from app.pipeline.ocr_job import run_ocr_background
from app.store import documents
from tests import files
from tests.pipeline.helpers import create_document, create_user, swapped


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
async def completed(runtime, db) -> str:
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, files.bill_pdf())
    await run_ocr_background(runtime, doc_id)
    return doc_id


async def test_agent_that_never_saves_ends_in_error_and_keeps_ocr_status(runtime, db, completed):
    claimed = await documents.claim_for_metadata(runtime.pool, completed, runtime.worker_id, 30)
    with swapped(runtime, "metadata", SilentAgent()):
        run = MetadataRun(runtime, claimed, claimed["lease_token"], release_lease=True)
        events = [e async for e in run.events()]
    assert events[-1].type == "error" and "without saving" in events[-1].message
    row = await db.fetchrow("select status, metadata_status, metadata_error, lease_token "
                            "from documents where id = $1", completed)
    assert row["status"] == "ocr_complete" and row["metadata_status"] == "failed"
    assert "without saving" in row["metadata_error"] and row["lease_token"] is None


async def test_background_metadata_retries_transient_failures(runtime, db, completed):
    claimed = await documents.claim_for_metadata(runtime.pool, completed, runtime.worker_id, 30)
    with swapped(runtime, "metadata", FlakyAgent(failures=1)) as fake:
        await run_metadata_background(runtime, completed, claimed["lease_token"])
    assert fake.calls == 2
    row = await db.fetchrow("select metadata_status, display_name, lease_token from documents "
                            "where id = $1", completed)
    assert row["metadata_status"] == "complete" and row["display_name"] == "Flaky title"
    assert row["lease_token"] is None


async def test_invalid_metadata_from_an_agent_is_refused(runtime, db, completed):
    claimed = await documents.claim_for_metadata(runtime.pool, completed, runtime.worker_id, 30)
    from pydantic import ValidationError

    from app.pipeline.metadata_job import DatabaseMetadataTools

    tools = DatabaseMetadataTools(runtime, completed, claimed["lease_token"])
    with pytest.raises(ValidationError):
        await tools.save_metadata("", [], "")
    saved = await tools.save_metadata("  A   title ", ["Tax", "tax", " Bills "], "Summary.")
    assert saved.display_name == "A title" and saved.tags == ["tax", "bills"]
    assert "412 kWh" in await tools.read_ocr()
    assert "412 kWh" in await tools.read_ocr(page=1)
    assert "no page 9" in await tools.read_ocr(page=9)
    await documents.release_lease(runtime.pool, completed, claimed["lease_token"])
