"""Reads, downloads, thumbnails, delete, retry and regenerate — and users kept apart."""

from __future__ import annotations

import json

import httpx

from tests import files
from tests.conftest import LiveServer, User, upload, wait_for


async def _ready_document(client: httpx.AsyncClient, user: User) -> dict:
    response = await upload(client, user, files.bill_pdf(), "bill.pdf")
    return await wait_for(client, user, response.json()["document_id"])


def parse_sse(raw: str) -> list[tuple[str, dict]]:
    events = []
    for block in raw.strip().split("\n\n"):
        lines = dict(
            line.split(": ", 1)
            for line in block.splitlines()
            if ": " in line and not line.startswith(":")
        )
        if "event" in lines:
            events.append((lines["event"], json.loads(lines["data"])))
    return events


async def test_list_is_newest_first_and_only_mine(client, user, other_user):
    first = (await upload(client, user, files.bill_pdf(), "first.pdf")).json()
    second = (await upload(client, user, files.bill_pdf(), "second.pdf")).json()
    theirs = (await upload(client, other_user, files.bill_pdf(), "theirs.pdf")).json()
    listed = (await client.get("/api/documents", headers=user.headers)).json()["documents"]
    ids = [d["id"] for d in listed]
    assert ids[:2] == [second["document_id"], first["document_id"]]
    assert theirs["document_id"] not in ids
    assert set(listed[0]) >= {
        "id",
        "filename",
        "mime_type",
        "file_size_bytes",
        "status",
        "page_count",
        "pages_done",
        "display_name",
        "tags",
        "summary",
        "metadata_status",
        "error_code",
        "error_message",
        "retry_count",
        "created_at",
        "updated_at",
    }
    assert "file_path" not in listed[0] and "lease_token" not in listed[0]


async def test_every_document_is_reachable_by_cursor_paging(client, user):
    ids = [
        (await upload(client, user, files.bill_pdf(), f"p{i}.pdf")).json()["document_id"]
        for i in range(5)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        query = "/api/documents?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(query, headers=user.headers)).json()
        assert page["total"] == 5
        seen += [d["id"] for d in page["documents"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    bad = await client.get("/api/documents?cursor=bm9wZQ", headers=user.headers)
    assert bad.status_code == 400 and "cursor" in bad.json()["detail"]


async def test_other_users_documents_answer_404_everywhere(client, user, other_user):
    doc = await _ready_document(client, user)
    h = other_user.headers
    doc_id = doc["id"]
    assert (await client.get(f"/api/documents/{doc_id}", headers=h)).status_code == 404
    assert (await client.get(f"/api/documents/{doc_id}/file", headers=h)).status_code == 404
    assert (await client.get(f"/api/documents/{doc_id}/thumbnail", headers=h)).status_code == 404
    assert (await client.delete(f"/api/documents/{doc_id}", headers=h)).status_code == 404
    retry = await client.post("/api/document/retry-ocr", headers=h, data={"document_id": doc_id})
    assert retry.status_code == 404
    regen = await client.post("/api/document/metadata", headers=h, json={"document_id": doc_id})
    assert regen.status_code == 404
    # ...and the owner still has it, untouched.
    assert (await client.get(f"/api/documents/{doc_id}", headers=user.headers)).status_code == 200


async def test_unknown_and_malformed_ids_are_404(client, user):
    for doc_id in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response = await client.get(f"/api/documents/{doc_id}", headers=user.headers)
        assert response.status_code == 404 and response.json()["detail"] == "Document not found."


async def test_file_download_returns_the_original_bytes(client, user):
    content = files.bill_pdf()
    doc_id = (await upload(client, user, content, "bill.pdf")).json()["document_id"]
    response = await client.get(f"/api/documents/{doc_id}/file", headers=user.headers)
    assert response.status_code == 200 and response.content == content
    assert response.headers["content-type"] == "application/pdf"


async def test_thumbnail_is_a_png_of_the_first_page(client, user):
    doc = await _ready_document(client, user)
    response = await client.get(f"/api/documents/{doc['id']}/thumbnail", headers=user.headers)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(response.content))
    assert image.width == 320 and image.height > image.width  # a portrait page


async def test_delete_removes_row_ocr_result_and_file(client, user, db, live_server: LiveServer):
    doc = await _ready_document(client, user)
    path = await db.fetchval("select file_path from documents where id = $1", doc["id"])
    stored = live_server.settings.data_dir / "files" / path
    assert stored.exists()
    assert (
        await client.delete(f"/api/documents/{doc['id']}", headers=user.headers)
    ).status_code == 204
    assert (
        await client.get(f"/api/documents/{doc['id']}", headers=user.headers)
    ).status_code == 404
    assert (
        await db.fetchval("select count(*) from ocr_results where document_id = $1", doc["id"]) == 0
    )
    assert not stored.exists()


async def test_retry_reprocesses_a_failed_document_and_refuses_others(client, user, db):
    failed = (await upload(client, user, files.corrupt_pdf(), "broken.pdf")).json()
    doc = await wait_for(client, user, failed["document_id"])
    assert doc["status"] == "failed"
    # Put a good file in its place, as if the storage had briefly served a truncated copy.
    response = await client.post(
        "/api/document/retry-ocr", headers=user.headers, data={"document_id": doc["id"]}
    )
    assert response.status_code == 202
    assert response.json() == {
        "document_id": doc["id"],
        "filename": "broken.pdf",
        "status": "uploading",
        "duplicate_of": None,
    }
    again = await wait_for(client, user, doc["id"])
    assert again["status"] == "failed" and "damaged" in again["error_message"]

    ready = await _ready_document(client, user)
    conflict = await client.post(
        "/api/document/retry-ocr", headers=user.headers, data={"document_id": ready["id"]}
    )
    assert conflict.status_code == 409 and "only failed documents" in conflict.json()["detail"]
    missing = await client.post("/api/document/retry-ocr", headers=user.headers, data={})
    assert missing.status_code == 422


async def test_retry_is_limited_per_document_and_the_timeline_is_capped(client, user, db):
    """Issue 27: 3,000 retries in 91 s made 9,003 timeline events on one document."""
    doc_id = (await upload(client, user, files.corrupt_pdf(), "again.pdf")).json()["document_id"]
    assert (await wait_for(client, user, doc_id))["status"] == "failed"
    answers = []
    for _ in range(4):
        answer = await client.post(
            "/api/document/retry-ocr", headers=user.headers, data={"document_id": doc_id}
        )
        answers.append(answer.status_code)
        if answer.status_code == 202:
            await wait_for(client, user, doc_id)
    # The upload's run and two retries fill the minute's three runs of this document.
    assert answers == [202, 202, 429, 429]
    refused = await client.post(
        "/api/document/retry-ocr", headers=user.headers, data={"document_id": doc_id}
    )
    assert "wait a minute" in refused.json()["detail"] and refused.headers["Retry-After"]

    # Whatever writes to it, a timeline keeps its newest 100 events.
    for _ in range(120):
        await db.execute(
            "update documents set status = case when status = 'failed' then 'processing'"
            " else 'failed' end where id = $1",
            doc_id,
        )
    events = await db.fetchval(
        "select count(*) from document_events where document_id = $1", doc_id
    )
    assert events == 100
    timeline = await client.get(f"/api/documents/{doc_id}/events", headers=user.headers)
    assert timeline.status_code == 200 and len(timeline.json()) == 100


async def test_retry_of_a_failed_document_that_can_now_be_read_completes(
    client, user, db, live_server
):
    doc_id = (await upload(client, user, files.corrupt_pdf(), "fixable.pdf")).json()["document_id"]
    assert (await wait_for(client, user, doc_id))["status"] == "failed"
    path = await db.fetchval("select file_path from documents where id = $1", doc_id)
    (live_server.settings.data_dir / "files" / path).write_bytes(files.bill_pdf())
    assert (
        await client.post(
            "/api/document/retry-ocr", headers=user.headers, data={"document_id": doc_id}
        )
    ).status_code == 202
    doc = await wait_for(client, user, doc_id)
    assert doc["status"] == "ocr_complete" and doc["error_message"] is None
    assert doc["display_name"].startswith("Invoice – City Power Ltd")


async def test_regenerate_streams_steps_and_ends_with_complete(client, user):
    doc = await _ready_document(client, user)
    async with client.stream(
        "POST", "/api/document/metadata", headers=user.headers, json={"document_id": doc["id"]}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = (await response.aread()).decode()
    events = parse_sse(raw)
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "status" and kinds[-1] == "complete"
    assert {"tool": "read_ocr"} in [data for kind, data in events if kind == "tool"]
    assert {"tool": "save_metadata"} in [data for kind, data in events if kind == "tool"]
    metadata = events[-1][1]["metadata"]
    assert metadata["display_name"] == "Invoice – City Power Ltd – 14 Mar 2026"
    after = (await client.get(f"/api/documents/{doc['id']}", headers=user.headers)).json()
    assert after["metadata_status"] == "complete" and after["tags"] == metadata["tags"]


async def test_regenerate_is_409_until_ocr_is_complete(client, user):
    failed = (await upload(client, user, files.corrupt_pdf(), "broken.pdf")).json()
    await wait_for(client, user, failed["document_id"])
    response = await client.post(
        "/api/document/metadata", headers=user.headers, json={"document_id": failed["document_id"]}
    )
    assert response.status_code == 409 and "has not finished" in response.json()["detail"]
    bad = await client.post("/api/document/metadata", headers=user.headers, json={})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("Invalid request")
