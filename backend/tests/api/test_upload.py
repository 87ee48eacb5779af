"""POST /api/document/upload: the 202 contract, processing outcomes, and every refusal."""

from __future__ import annotations

import datetime as dt

import jwt

from tests import files
from tests.conftest import LiveServer, User, upload, wait_for
from tests.pipeline.helpers import GatedOcr, swapped
from tests.waiting import eventually


async def test_upload_answers_202_uploading_then_text_pdf_completes_with_metadata(client, user):
    response = await upload(client, user, files.bill_pdf(), "march-bill.pdf")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "uploading" and body["filename"] == "march-bill.pdf"

    doc = await wait_for(client, user, body["document_id"])
    assert doc["status"] == "ocr_complete"
    assert doc["page_count"] == 1 and doc["pages_done"] == 1
    assert "412 kWh" in doc["ocr"]["text"]
    assert doc["metadata_status"] == "complete"
    assert doc["display_name"] == "Invoice – City Power Ltd – 14 Mar 2026"
    assert 1 <= len(doc["tags"]) <= 8 and "electricity" in doc["tags"]
    assert doc["summary"].startswith("An invoice from City Power Ltd dated 14 Mar 2026")


async def test_scanned_pdf_is_read_by_tesseract(client, user):
    response = await upload(client, user, files.scanned_pdf(files.SCAN_LINES), "scan.pdf")
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "ocr_complete", doc["error_message"]
    assert "Acme Widgets" in doc["ocr"]["text"] and "Invoice number" in doc["ocr"]["text"]
    assert doc["display_name"].startswith("Invoice – Acme Widgets Ltd")


async def test_every_supported_image_type_is_accepted_by_its_bytes(client, user):
    for fmt, mime in [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("WEBP", "image/webp"),
        ("TIFF", "image/tiff"),
    ]:
        # The client's name and type are ignored: the bytes decide.
        response = await upload(
            client,
            user,
            files.scan_image(files.SCAN_LINES, fmt),
            f"photo.{fmt.lower()}.bin",
            "application/octet-stream",
        )
        assert response.status_code == 202, (fmt, response.text)
        doc = await wait_for(client, user, response.json()["document_id"])
        assert doc["mime_type"] == mime
        assert doc["status"] == "ocr_complete" and "Acme" in doc["ocr"]["text"], (fmt, doc)


async def test_corrupt_and_encrypted_pdfs_are_accepted_then_fail_with_a_reason(client, user):
    corrupt = (await upload(client, user, files.corrupt_pdf(), "broken.pdf")).json()
    encrypted = (await upload(client, user, files.encrypted_pdf(), "locked.pdf")).json()
    assert corrupt["status"] == encrypted["status"] == "uploading"
    corrupt_doc = await wait_for(client, user, corrupt["document_id"])
    encrypted_doc = await wait_for(client, user, encrypted["document_id"])
    assert corrupt_doc["status"] == "failed" and "damaged" in corrupt_doc["error_message"]
    assert encrypted_doc["status"] == "failed" and "encrypted" in encrypted_doc["error_message"]


async def test_empty_file_is_400(client, user):
    response = await upload(client, user, b"", "empty.pdf")
    assert response.status_code == 400 and response.json()["detail"] == "The file is empty."


async def test_missing_file_field_is_400(client, user):
    response = await client.post(
        "/api/document/upload",
        headers=user.headers,
        files={"attachment": ("a.pdf", files.bill_pdf(), "application/pdf")},
    )
    assert response.status_code == 400 and "'file'" in response.json()["detail"]


async def test_not_multipart_is_400(client, user):
    response = await client.post("/api/document/upload", headers=user.headers, content=b"hello")
    assert response.status_code == 400


async def test_wrong_type_renamed_pdf_is_415(client, user):
    response = await upload(client, user, b"PK\x03\x04 this is a zip, not a pdf", "invoice.pdf")
    assert response.status_code == 415
    assert "PDF, PNG, JPEG, WebP or TIFF" in response.json()["detail"]


async def test_oversized_upload_is_413_while_streaming_and_leaves_no_temp_file(
    client, user, live_server: LiveServer
):
    limit = live_server.settings.max_upload_bytes

    async def body():  # chunked: no Content-Length to refuse on, the limit must hit mid-stream
        boundary = b"--xyz\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        yield b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        for _ in range(limit // 65536 + 40):
            yield b"0" * 65536
        yield b"\r\n--xyz--\r\n"

    response = await client.post(
        "/api/document/upload",
        content=body(),
        headers={**user.headers, "Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    tmp = live_server.settings.data_dir / "tmp"
    assert not list(tmp.glob("*.part"))


async def test_declared_content_length_over_limit_is_413_at_once(client, user, live_server):
    big = b"%PDF-1.4\n" + b"0" * (live_server.settings.max_upload_bytes + 200_000)
    response = await upload(client, user, big, "big.pdf")
    assert response.status_code == 413


async def test_upload_limit_reached_is_403(client, user, db):
    month = dt.date.today().replace(day=1)
    await db.execute(
        "insert into usage (user_id, period, documents_processed) values ($1, $2, 1000)",
        user.id,
        month,
    )
    response = await upload(client, user, files.bill_pdf())
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Upload limit reached")


async def test_requests_without_a_valid_token_are_401(client, live_server):
    assert (await client.get("/api/documents")).status_code == 401
    bad = await client.get("/api/documents", headers={"Authorization": "Bearer not-a-jwt"})
    assert bad.status_code == 401 and bad.json()["detail"] == "Invalid access token."
    secret = (live_server.settings.data_dir / "jwt_secret").read_text()
    expired = jwt.encode(
        {
            "sub": "00000000-0000-0000-0000-000000000001",
            "aud": "authenticated",
            "iss": "docstream-local",
            "exp": 1,
        },
        secret,
        algorithm="HS256",
    )
    response = await client.get("/api/documents", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    forged = jwt.encode(
        {
            "sub": "00000000-0000-0000-0000-000000000001",
            "aud": "authenticated",
            "iss": "docstream-local",
            "exp": 4_000_000_000,
        },
        "a-wrong-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
    )
    response = await client.get("/api/documents", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


async def test_upload_answers_while_other_documents_are_being_read(client, user: User, live_server):
    """GIVEN OCR busy on other documents WHEN another file is uploaded THEN its 202 arrives while
    they are still being processed. The engine is held at a gate, so "still being processed" is
    certain rather than a bet on the machine's speed; an upload that awaited OCR would hang."""
    pages = files.scanned_pdf(files.SCAN_LINES)
    rt = live_server.runtime
    with swapped(rt, "ocr", GatedOcr(rt.ocr)) as engine:
        try:
            busy = [
                (await upload(client, user, pages, f"s{i}.pdf")).json()["document_id"]
                for i in range(3)
            ]
            slots = min(
                len(busy), rt.settings.ocr_documents_in_flight
            )  # documents OCR admits at once
            await eventually(
                lambda: engine.waiting == slots,
                30,
                lambda: f"{engine.waiting} of {slots} OCR slots busy",
            )
            quick = await upload(client, user, files.bill_pdf(), "quick.pdf")
            assert quick.status_code == 202
            statuses = [
                (await client.get(f"/api/documents/{d}", headers=user.headers)).json()["status"]
                for d in busy
            ]
            assert statuses.count("processing") == slots, statuses
        finally:
            engine.gate.set()
        for doc_id in [*busy, quick.json()["document_id"]]:
            assert (await wait_for(client, user, doc_id))["status"] == "ocr_complete"


async def test_hostile_filenames_are_kept_for_display_only(client, user, db):
    names = ["../../etc/passwd.pdf", "nul\x00byte.pdf", "a" * 2000 + ".pdf", "فاتورة.pdf"]
    for name in names:
        response = await client.post(
            "/api/document/upload",
            headers=user.headers,
            files={"file": (name, files.bill_pdf(), "application/pdf")},
        )
        assert response.status_code == 202, (name[:20], response.text)
        row = await db.fetchrow(
            "select filename, file_path from documents where id = $1",
            response.json()["document_id"],
        )
        assert ".." not in row["file_path"] and "\x00" not in row["file_path"]
        assert row["file_path"].startswith(f"{user.id}/") and len(row["file_path"]) < 250
        assert "\x00" not in row["filename"] and len(row["filename"]) <= 255
