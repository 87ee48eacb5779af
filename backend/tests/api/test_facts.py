"""Facts and language through the real pipeline: stored by the metadata job, each with the page
and the words it was read from; a person's facts kept."""

from __future__ import annotations

import httpx

from app.metadata.local_text import PAGE_BREAK
from tests import files
from tests.conftest import User, upload, wait_for

COVER = [
    "Dear customer, this page is the cover letter about your account.",
    "We hope the service met your needs and look forward to hearing from you.",
]
INVOICE = [
    "ACME Widgets Ltd",
    "Invoice",
    "Invoice number: INV-2026-117",
    "Invoice date: 14 March 2026",
    "Gardening tools and widgets delivered to your door.",
    "Total due: 1,234.50 EUR",
    "Please pay by 31 March 2026.",
]


async def _invoice(client: httpx.AsyncClient, user: User) -> dict:
    response = await upload(client, user, files.text_pdf([COVER, INVOICE]), "invoice.pdf")
    assert response.status_code == 202, response.text
    return await wait_for(client, user, response.json()["document_id"])


async def test_the_pipeline_stores_language_and_facts_with_their_page_and_quote(client, user):
    doc = await _invoice(client, user)
    assert doc["metadata_status"] == "complete", doc
    assert doc["language"] == "en"
    facts = doc["facts"]
    assert facts["document_type"]["value"] == "invoice"
    assert facts["correspondent"]["value"] == "ACME Widgets Ltd"
    assert facts["document_date"]["value"] == "2026-03-14"
    assert facts["due_date"]["value"] == "2026-03-31"
    assert facts["total"]["value"] == {"amount": "1234.50", "currency": "EUR"}
    assert facts["reference"]["value"] == "INV-2026-117"
    pages = doc["ocr"]["text"].split(PAGE_BREAK)
    assert len(pages) == 2
    for name, fact in facts.items():
        if fact is None:
            continue
        assert fact["source"] == "local", name
        assert fact["page"] == 2, name  # the invoice is the second page, after a cover letter
        assert " ".join(fact["quote"].split()) in " ".join(pages[1].split()), name


async def test_the_users_own_tags_are_the_vocabulary(client, user):
    first = await upload(client, user, files.text_pdf([["Notes on the garden shed."]]), "a.pdf")
    first_id = first.json()["document_id"]
    await wait_for(client, user, first_id)
    patched = await client.patch(
        f"/api/documents/{first_id}", headers=user.headers, json={"tags": ["Bills"]}
    )
    assert patched.status_code == 200, patched.text

    doc = await _invoice(client, user)
    # "bills" is the user's word for invoices; the engine files this invoice under it.
    assert "bills" in doc["tags"], doc["tags"]
