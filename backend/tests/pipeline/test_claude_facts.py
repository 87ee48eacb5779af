"""Facts through the whole metadata job and a real database: the Claude agent (the real SDK
and CLI against the loopback Anthropic fake) stores facts with their page and quote, a quote
not on its page never reaches the database; and the next document from a sender starts from
the type and tags a person set on an earlier one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings
from app.domain import JobKind
from app.metadata.claude import ClaudeMetadataAgent
from app.metadata.facts import FactName, person_fact_json
from app.pipeline.metadata_job import MetadataRun
from app.store import documents, edits, jobs
from tests import files
from tests.fakes.anthropic_fake import AnthropicFake, Text, ToolUse
from tests.pipeline.helpers import create_document, create_user, process, swapped

INVOICE_PAGES = [
    [
        "Harbourside Plumbing Ltd",
        "Invoice",
        "Invoice number: HP-2026-0412",
        "Invoice date: 12 April 2026",
    ],
    ["Replacement of the boiler pump.", "Total due: 318.40 EUR", "Please pay by 30 April 2026."],
]


@pytest.fixture(scope="module")
def anthropic() -> Iterator[AnthropicFake]:
    fake = AnthropicFake().start()
    yield fake
    fake.stop()


async def metadata_run(runtime, pipeline, doc_id: str) -> MetadataRun:
    """A metadata job created and claimed by this process, as Regenerate makes one."""
    async with runtime.pool.acquire() as conn, conn.transaction():
        job = await jobs.create(
            conn, doc_id, JobKind.METADATA, lease_owner=runtime.worker_id, lease_ttl_s=30
        )
    claimed = await jobs.claim(runtime.pool, job.id, runtime.worker_id, 30)
    assert claimed is not None
    job, doc = claimed
    return MetadataRun(runtime, pipeline.queue, job, doc, retries=0)


def fact(value: object, page: int, quote: str) -> dict[str, object]:
    return {"value": value, "page": page, "quote": quote, "confidence": 0.9}


async def test_claude_facts_are_stored_with_page_and_quote_and_a_misquoted_one_is_not(
    runtime, db, pipeline, anthropic: AnthropicFake, tmp_path: Path
):
    owner = await create_user(db)
    earlier = await create_document(runtime, owner, files.bill_pdf())
    await edits.update_metadata(runtime.pool, owner, earlier, {"tags": ["house"]})
    doc_id = await create_document(runtime, owner, files.text_pdf(INVOICE_PAGES))
    await process(pipeline, doc_id)  # OCR (and the local engine's metadata)
    text = await db.fetchval("select text from ocr_results where document_id = $1", doc_id)
    assert "Total due: 318.40 EUR" in text

    anthropic.script(
        [ToolUse("read_ocr"), ToolUse("read_vocabulary")],
        [
            ToolUse(
                "save_metadata",
                {
                    "display_name": "Invoice – Harbourside Plumbing Ltd – 12 Apr 2026",
                    "tags": ["invoice", "House", "plumbing"],
                    "summary": "An invoice from Harbourside Plumbing Ltd for 318.40 EUR.",
                    "language": "en",
                    "facts": {
                        "correspondent": fact(
                            "Harbourside Plumbing Ltd", 1, "Harbourside Plumbing Ltd"
                        ),
                        "total": fact(
                            {"amount": "318.40", "currency": "EUR"}, 2, "Total due: 318.40 EUR"
                        ),
                        # The words are on page 1, not on page 2: never stored.
                        "reference": fact("HP-2026-0412", 2, "Invoice number: HP-2026-0412"),
                    },
                },
            )
        ],
        [Text("Saved.")],
    )
    settings = Settings(
        ANTHROPIC_API_KEY="test-anthropic-key",
        ANTHROPIC_BASE_URL=anthropic.url,
        CLAUDE_MODEL="claude-test-model",
        DATA_DIR=tmp_path,
    )
    run = await metadata_run(runtime, pipeline, doc_id)
    with swapped(runtime, "metadata", ClaudeMetadataAgent(settings, max_api_retries=0)):
        events = [e async for e in run.events()]
    assert events[-1].type == "complete", events

    row = await db.fetchrow("select facts, language, tags from documents where id = $1", doc_id)
    facts = row["facts"]
    assert set(facts) == {"correspondent", "total"}  # the local engine's facts replaced too
    assert facts["total"] == {
        "value": {"amount": "318.40", "currency": "EUR"},
        "page": 2,
        "quote": "Total due: 318.40 EUR",
        "confidence": 0.9,
        "source": "claude",
    }
    assert facts["correspondent"]["source"] == "claude" and facts["correspondent"]["page"] == 1
    assert row["language"] == "en"
    # The user's own tag first; the type is a fact, not a tag.
    assert row["tags"] == ["house", "plumbing"]
    # Every stored quote is on the page it cites.
    for stored in facts.values():
        page_text = await db.fetchval(
            "select pages -> ($2::int - 1) ->> 'markdown' from ocr_results where document_id = $1",
            doc_id,
            stored["page"],
        )
        assert " ".join(stored["quote"].split()) in " ".join(page_text.split())


async def test_the_next_document_from_a_sender_gets_the_type_and_tags_a_person_set(
    runtime, db, pipeline
):
    owner = await create_user(db)
    first = await create_document(runtime, owner, files.text_pdf(INVOICE_PAGES))
    await process(pipeline, first)
    before = await documents.get(runtime.pool, uuid.UUID(first))
    assert before is not None
    assert before.facts["correspondent"]["value"] == "Harbourside Plumbing Ltd"
    assert before.facts["document_type"]["value"] == "invoice"
    # The person files this plumber's papers as receipts, tagged "house" and "repairs".
    await edits.update_metadata(
        runtime.pool,
        owner,
        first,
        {
            "tags": ["house", "repairs"],
            "facts": {"document_type": person_fact_json(FactName.DOCUMENT_TYPE, "receipt")},
        },
    )
    # Another user's choices never count.
    stranger = await create_user(db)
    theirs = await create_document(runtime, stranger, files.text_pdf(INVOICE_PAGES))
    await process(pipeline, theirs)

    second_pages = [
        ["HARBOURSIDE PLUMBING LTD.", "Invoice", "Invoice number: HP-2026-0533"],
        ["Annual boiler service.", "Total due: 95.00 EUR"],
    ]
    second = await create_document(runtime, owner, files.text_pdf(second_pages))
    await process(pipeline, second)

    doc = await documents.get(runtime.pool, uuid.UUID(second))
    assert doc is not None
    kind = doc.facts["document_type"]
    assert kind["value"] == "receipt" and kind["source"] == "local"
    assert "filed" in kind["note"] and "before" in kind["note"]
    assert kind["quote"] == doc.facts["correspondent"]["quote"]  # where the sender was read
    assert doc.tags[:2] == ["house", "repairs"]
    assert doc.display_name is not None and doc.display_name.startswith("Receipt – ")

    other = await documents.get(runtime.pool, uuid.UUID(theirs))
    assert other is not None and other.facts["document_type"]["value"] == "invoice"
    assert "repairs" not in other.tags
