"""What the OCR stores and the API shows of real scans (issue 22): each page's turn (the
thumbnail comes out upright), the document's language right after OCR, text read from an
image inside a text page found by search, and a Retry in a language a person chooses.

Real pages (the facts corpus, 200-dpi grey scans, `tests.ocr.scans`), the real API with the
local engine (real Tesseract in worker processes) and real PostgreSQL.
"""

from __future__ import annotations

import asyncio
import io

import numpy as np
import pytest
from PIL import Image

from tests.conftest import upload, wait_for
from tests.ocr import scans
from tests.ocr.test_page_images import invoice_pdf

DOCUMENT, PAGE = "en-manual-debian-faq-02", 0


def ocr_done(doc: dict) -> bool:
    return doc["status"] in ("ocr_complete", "failed")


async def read(client, user, pdf: bytes, name: str, timeout: float = 240) -> dict:
    """Upload and wait until the text is read (the metadata step may still be running)."""
    response = await upload(client, user, pdf, name)
    assert response.status_code == 202, response.text
    doc = await wait_for(client, user, response.json()["document_id"], ocr_done, timeout)
    assert doc["status"] == "ocr_complete", doc
    return doc


async def thumbnail(client, user, doc_id: str) -> Image.Image:
    response = await client.get(f"/api/documents/{doc_id}/thumbnail", headers=user.headers)
    assert response.status_code == 200, response.text
    return Image.open(io.BytesIO(response.content)).convert("L")


def correlation(a: Image.Image, b: Image.Image) -> float:
    size = (120, 170)
    x = np.asarray(a.resize(size), dtype=np.float64).ravel()
    y = np.asarray(b.resize(size), dtype=np.float64).ravel()
    return float(np.corrcoef(x, y)[0, 1])


async def test_an_upside_down_scan_is_stored_turned_and_its_thumbnail_is_upright(client, user):
    upright = scans.page_image(DOCUMENT, PAGE)
    straight, flipped = await asyncio.gather(
        read(client, user, scans.scan_pdf(upright), "upright.pdf"),
        read(client, user, scans.scan_pdf(upright.rotate(180)), "upside-down.pdf"),
    )
    assert straight["ocr"]["pages"][0]["orientation"] == 0
    turned = flipped["ocr"]["pages"][0]
    assert turned["orientation"] == 180 and turned["index"] == 0 and turned["language"] == "en"
    assert "Debian" in flipped["ocr"]["text"]

    reference = await thumbnail(client, user, straight["id"])
    shown = await thumbnail(client, user, flipped["id"])
    assert shown.size == reference.size
    same = correlation(shown, reference)
    as_scanned = correlation(shown, reference.rotate(180))
    # The page, not its mirror image: like the upright page's thumbnail, unlike the scan.
    assert same > 0.9 and same > as_scanned + 0.2, (same, as_scanned)


@pytest.mark.parametrize(
    ("document", "index", "iso"),
    [
        ("de-insurance-mvm-01", 0, "de"),
        ("fr-manual-debian-faq-01", 1, "fr"),
        ("nl-manual-debian-faq-01", 1, "nl"),
    ],
)
async def test_the_language_of_a_scan_is_stored_with_the_document(
    client, user, document, index, iso
):
    pdf = scans.scan_pdf(scans.page_image(document, index))
    doc = await read(client, user, pdf, f"{document}.pdf")
    assert doc["language"] == iso and doc["ocr"]["pages"][0]["language"] == iso
    settled = await wait_for(client, user, doc["id"])  # the metadata step keeps it
    assert settled["language"] == iso and settled["metadata_status"] == "complete"


async def test_an_issuer_block_drawn_as_an_image_is_stored_and_found_by_search(client, user):
    doc = await read(client, user, invoice_pdf(), "rechnung.pdf")
    assert "Kraxi GmbH" in " ".join(doc["ocr"]["text"].split())
    found = await client.get("/api/documents", headers=user.headers, params={"q": "Kraxi"})
    assert found.status_code == 200, found.text
    assert [d["id"] for d in found.json()["documents"]] == [doc["id"]]


async def test_a_document_is_read_again_in_the_language_its_owner_chooses(client, user, db):
    pdf = scans.scan_pdf(scans.page_image("de-insurance-mvm-01", 0))
    doc = await read(client, user, pdf, "versicherung.pdf")
    doc = await wait_for(client, user, doc["id"])
    assert doc["language"] == "de" and "ß" in doc["ocr"]["text"]

    config = (await client.get("/api/config", headers=user.headers)).json()
    assert {"code": "fr", "name": "French"} in config["ocr_languages"]

    def retry(**form: str):
        return client.post(
            "/api/document/retry-ocr", headers=user.headers, data={"document_id": doc["id"], **form}
        )

    # Not a language this server reads: 422, with the choices in words.
    for bad in ("xx", "deu", "ja"):
        refused = await retry(language=bad)
        assert refused.status_code == 422, refused.text
        assert "French (fr)" in refused.json()["detail"]
    # A processed document is read again only in a chosen language, not on a plain Retry.
    assert (await retry()).status_code == 409

    accepted = await retry(language="fr")
    assert accepted.status_code == 202, accepted.text
    again = await wait_for(
        client,
        user,
        doc["id"],
        lambda d: ocr_done(d) and d["metadata_status"] in ("complete", "failed"),
        timeout=240,
    )
    # The person's choice is the document's language; the metadata step does not undo it.
    assert again["status"] == "ocr_complete" and again["language"] == "fr"
    row = await db.fetchrow(
        "select d.ocr_language, r.usage_info ->> 'ocr_passes' as passes "
        "from documents d join ocr_results r on r.document_id = d.id where d.id = $1",
        doc["id"],
    )
    # Read once, in French only: no second pass in the language the page seems to be in.
    assert row["ocr_language"] == "fr" and row["passes"] == "1"
    # Read with French letters: the page's "ß" (German only) is gone, the words are there.
    assert "Freundliche Grüße" in doc["ocr"]["text"]
    assert "Freundliche Gr" in again["ocr"]["text"] and "ß" not in again["ocr"]["text"]
