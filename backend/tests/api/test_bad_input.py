"""Hostile files: each is accepted (its signature is fine) and ends `failed` with a reason,
never a 5xx, never an out-of-memory, never a document stuck in processing."""

from __future__ import annotations

from tests import files
from tests.conftest import upload, wait_for


async def test_a_pdf_with_thousands_of_pages_fails_with_the_limit(client, user):
    pdf = files.text_pdf([["x"]] * 2500)
    response = await upload(client, user, pdf, "phonebook.pdf")
    assert response.status_code == 202
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "failed"
    assert doc["error_message"] == (
        "This PDF has 2500 pages; the limit is 2000. Split it and upload the parts."
    )


async def test_an_image_bomb_fails_without_being_decoded(client, user):
    response = await upload(client, user, files.image_bomb_png(), "bomb.png", "image/png")
    assert response.status_code == 202
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "failed"
    assert (
        "100000×100000 pixels" in doc["error_message"] and "Scale it down" in doc["error_message"]
    )
    thumb = await client.get(f"/api/documents/{doc['id']}/thumbnail", headers=user.headers)
    assert thumb.status_code == 422 and thumb.json()["detail"].startswith("No preview")


async def test_a_truncated_image_fails_with_a_reason(client, user):
    png = files.scan_image(files.SCAN_LINES)
    response = await upload(client, user, png[: len(png) // 3], "cut.png", "image/png")
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "failed" and "damaged" in doc["error_message"]
