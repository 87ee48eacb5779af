"""The local engines end to end (real API, real PostgreSQL): what a user sees on the card."""

from __future__ import annotations

from tests import files
from tests.conftest import upload, wait_for


async def test_a_pdf_gets_its_prominent_title_not_its_letterhead_or_running_header(client, user):
    response = await upload(client, user, files.policy_pdf(), "scan_0042.pdf")
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["metadata_status"] == "complete" and doc["no_text"] is False, doc
    # "Riverside Public Library" comes first and repeats as a header; "Lending Policy" is 24 pt.
    assert doc["display_name"] == "Lending Policy"
    assert "Report" not in doc["display_name"] and not doc["display_name"][-1].isdigit()
    assert doc["summary"].startswith("Books are lent for three weeks")
    assert not doc["summary"].startswith("A document")
    assert not any(t.isdigit() or t in {"report", "page"} for t in doc["tags"]), doc["tags"]


async def test_a_blank_page_says_no_text_was_found_and_invents_nothing(client, user):
    response = await upload(client, user, files.scan_image([]), "page_205.png", "image/png")
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
    assert doc["no_text"] is True
    # The title is the file name, plainly; no tags or summary are made up.
    assert doc["display_name"] == "Page 205"
    assert doc["tags"] == [] and doc["summary"] is None
    # Regenerate has nothing to work from either, and says why instead of inventing.
    again = await client.post(
        "/api/document/metadata", headers=user.headers, json={"document_id": doc["id"]}
    )
    assert again.status_code == 409
    assert again.json()["detail"].startswith("No text was found in this document")


async def test_local_regenerate_is_deterministic_and_says_so_in_plain_words(client, user):
    response = await upload(client, user, files.policy_pdf(), "policy.pdf")
    doc = await wait_for(client, user, response.json()["document_id"])
    async with client.stream(
        "POST", "/api/document/metadata", headers=user.headers, json={"document_id": doc["id"]}
    ) as stream:
        raw = (await stream.aread()).decode()
    assert "same title, tags and summary for the same text" in raw
    assert "next-best" not in raw and "METADATA_PROVIDER" not in raw and "API_KEY" not in raw
    again = (await client.get(f"/api/documents/{doc['id']}", headers=user.headers)).json()
    assert (again["display_name"], again["tags"], again["summary"]) == (
        doc["display_name"],
        doc["tags"],
        doc["summary"],
    )
    assert '"tool": "read_layout"' in raw or '"tool":"read_layout"' in raw
