"""Duplicate uploads, metadata edited by hand (and kept), and exports."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import asyncpg
import httpx

from tests import files
from tests.api.test_documents import parse_sse
from tests.api.test_events import collect_changes
from tests.conftest import User, upload, wait_for


async def _ready(
    client: httpx.AsyncClient, user: User, lines: list[str], name: str = "doc.pdf"
) -> dict:
    response = await upload(client, user, files.text_pdf([lines]), name)
    assert response.status_code == 202, response.text
    return await wait_for(client, user, response.json()["document_id"])


async def _usage(db: asyncpg.Pool, user: User) -> int:
    return int(
        await db.fetchval(
            "select coalesce(sum(documents_processed), 0) from usage where user_id = $1", user.id
        )
    )


async def _ocr_jobs(db: asyncpg.Pool, document_id: str) -> int:
    return int(
        await db.fetchval(
            "select count(*) from document_jobs where document_id = $1 and kind = 'ocr'",
            document_id,
        )
    )


# --- duplicates --------------------------------------------------------------------------------
async def test_a_duplicate_upload_is_flagged_without_a_second_ocr_or_usage(client, db, user):
    content = files.text_pdf([["Tenancy agreement for the flat on Elm Street."]])
    first = await wait_for(
        client, user, (await upload(client, user, content, "lease.pdf")).json()["document_id"]
    )
    assert await _usage(db, user) == 1

    again = await upload(client, user, content, "lease (1).pdf")
    assert again.status_code == 202
    body = again.json()
    assert body["duplicate_of"] == first["id"] and body["status"] == "ocr_complete"
    dup = await wait_for(client, user, body["document_id"])
    assert dup["duplicate_of"] == first["id"]
    assert dup["display_name"] == first["display_name"] and dup["tags"] == first["tags"]
    assert dup["ocr"]["text"] == first["ocr"]["text"]  # readable (and searchable) at once
    assert dup["ocr"]["pages"] == first["ocr"]["pages"] and len(dup["ocr"]["pages"]) == 1
    assert dup["language"] == first["language"] == "en"
    assert await _ocr_jobs(db, dup["id"]) == 0
    assert await _usage(db, user) == 1

    # The person keeps it as a document of its own, or removes it.
    kept = await client.post(f"/api/documents/{dup['id']}/keep", headers=user.headers)
    assert kept.status_code == 200 and kept.json()["duplicate_of"] is None
    third = (await upload(client, user, content, "lease (2).pdf")).json()
    assert third["duplicate_of"] == first["id"]
    assert (
        await client.delete(f"/api/documents/{third['document_id']}", headers=user.headers)
    ).status_code == 204


async def test_a_duplicate_shares_the_stored_file_and_text_and_deleting_either_keeps_the_other(
    client, db, user, live_server
):
    """Issue 27: a re-upload stored the file again and copied the whole OCR row. Now it points
    at its original's file and OCR result; whichever is deleted first, the other keeps both,
    and the file goes with the last document that uses it."""
    content = files.text_pdf([["Shared content: the water bill for March."]])
    first = await wait_for(
        client, user, (await upload(client, user, content, "water.pdf")).json()["document_id"]
    )
    dups = [(await upload(client, user, content, f"water ({i}).pdf")).json() for i in (1, 2)]
    assert all(d["duplicate_of"] == first["id"] for d in dups)
    rows = await db.fetch(
        "select id::text, file_path, content_of::text from documents where sha256 ="
        " (select sha256 from documents where id = $1) order by created_at",
        first["id"],
    )
    paths = {r["file_path"] for r in rows}
    assert len(rows) == 3 and len(paths) == 1  # one stored file
    assert [r["content_of"] for r in rows] == [None, first["id"], first["id"]]
    texts = await db.fetchval(
        "select count(*) from ocr_results where document_id = any($1::uuid[])",
        [r["id"] for r in rows],
    )
    assert texts == 1  # one OCR result
    root = live_server.settings.data_dir / "files"
    stored = [p for p in root.rglob("*") if p.is_file() and p.name.endswith(".pdf")]
    shared = paths.pop()
    assert len([p for p in stored if str(p).endswith(shared)]) == 1
    assert not [p for p in stored if dups[0]["document_id"] in str(p)]  # the copy went away

    # The original goes: the first duplicate inherits the text, the other now reads from it.
    gone = await client.delete(f"/api/documents/{first['id']}", headers=user.headers)
    assert gone.status_code == 204
    for dup in dups:
        doc = await wait_for(client, user, dup["document_id"])
        assert doc["ocr"]["text"] == first["ocr"]["text"]
        file = await client.get(f"/api/documents/{dup['document_id']}/file", headers=user.headers)
        assert file.status_code == 200 and file.content == content
    found = (
        await client.get("/api/documents", params={"q": "water bill"}, headers=user.headers)
    ).json()["documents"]
    assert {d["id"] for d in found} == {d["document_id"] for d in dups}
    # Kept as a document of its own, the second still reads the shared content.
    kept = await client.post(f"/api/documents/{dups[1]['document_id']}/keep", headers=user.headers)
    assert kept.status_code == 200
    await client.delete(f"/api/documents/{dups[0]['document_id']}", headers=user.headers)
    last = await wait_for(client, user, dups[1]["document_id"])
    assert last["ocr"]["text"] == first["ocr"]["text"]
    file = await client.get(f"/api/documents/{dups[1]['document_id']}/file", headers=user.headers)
    assert file.content == content
    # The last one goes: so does the file.
    await client.delete(f"/api/documents/{dups[1]['document_id']}", headers=user.headers)
    assert not [p for p in root.rglob("*") if p.is_file() and "water" in p.name]


async def test_duplicates_count_toward_the_storage_quota(client, db, user, live_server):
    """Re-uploads take no upload slot but do take storage: past USAGE_STORAGE_LIMIT_MB an
    upload, duplicate or not, is refused with a 403 that says why."""
    content = files.text_pdf([["Storage quota: the same contract again and again."]])
    settings = live_server.settings
    limit = settings.usage_storage_limit_mb
    settings.usage_storage_limit_mb = 2.5 * len(content) / (1024 * 1024)
    try:
        first = (await upload(client, user, content, "contract.pdf")).json()["document_id"]
        await wait_for(client, user, first)
        again = await upload(client, user, content, "contract (1).pdf")
        assert again.status_code == 202 and again.json()["duplicate_of"] == first
        refused = await upload(client, user, content, "contract (2).pdf")
        assert refused.status_code == 403
        assert "Storage limit reached" in refused.json()["detail"]
        other = await upload(client, user, files.text_pdf([["Another file entirely."]]), "x.pdf")
        assert other.status_code == 403  # a new file is refused too
        assert await _usage(db, user) == 1
    finally:
        settings.usage_storage_limit_mb = limit


async def test_the_same_file_of_another_user_is_not_a_duplicate(client, db, user, other_user):
    content = files.text_pdf([["Birth certificate of a private person."]])
    await wait_for(
        client, user, (await upload(client, user, content, "mine.pdf")).json()["document_id"]
    )
    theirs = await upload(client, other_user, content, "theirs.pdf")
    assert theirs.status_code == 202 and theirs.json()["duplicate_of"] is None
    doc = await wait_for(client, other_user, theirs.json()["document_id"])
    assert doc["duplicate_of"] is None and doc["status"] == "ocr_complete"
    assert await _ocr_jobs(db, doc["id"]) == 1 and await _usage(db, other_user) == 1
    listed = (await client.get("/api/documents", headers=other_user.headers)).json()["documents"]
    assert [d["id"] for d in listed] == [doc["id"]]


# --- edits -------------------------------------------------------------------------------------
async def test_edits_persist_are_marked_and_validated(client, user, other_user):
    doc = await _ready(client, user, ["Insurance policy renewal notice."])
    response = await client.patch(
        f"/api/documents/{doc['id']}",
        headers=user.headers,
        json={
            "display_name": "  Car   insurance 2027 ",
            "tags": ["Car", "car", " Insurance "],
            "summary": "Renewal.\nPay by June.",
        },
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["display_name"] == "Car insurance 2027"
    assert edited["tags"] == ["car", "insurance"]
    assert edited["summary"] == "Renewal.\nPay by June."
    assert edited["edited_fields"] == ["display_name", "summary", "tags"]
    again = await wait_for(client, user, doc["id"])
    assert again["display_name"] == "Car insurance 2027"

    for bad in (
        {"display_name": ""},
        {"display_name": None},
        {"tags": ["x"] * 11},
        {"summary": "x" * 2001},
        {"status": "failed"},
    ):
        r = await client.patch(f"/api/documents/{doc['id']}", headers=user.headers, json=bad)
        assert r.status_code in (400, 422), (bad, r.text)
    empty = await client.patch(f"/api/documents/{doc['id']}", headers=user.headers, json={})
    assert empty.status_code == 400
    theirs = await client.patch(
        f"/api/documents/{doc['id']}", headers=other_user.headers, json={"display_name": "mine now"}
    )
    assert theirs.status_code == 404


async def test_an_edit_appears_live_in_another_tab(client, user):
    doc = await _ready(client, user, ["Gym membership contract."])
    changes: list[dict] = []
    ready = asyncio.Event()
    watcher = asyncio.create_task(
        collect_changes(
            client,
            user,
            ready,
            changes,
            lambda seen: any(e["new"].get("display_name") == "Gym 2027" for e in seen),
        )
    )
    await asyncio.wait_for(ready.wait(), 10)
    await client.patch(
        f"/api/documents/{doc['id']}", headers=user.headers, json={"display_name": "Gym 2027"}
    )
    await asyncio.wait_for(watcher, 15)
    assert changes[-1]["new"]["edited_fields"] == ["display_name"]


async def test_regenerate_keeps_edited_fields_unless_asked_to_replace(client, user):
    doc = await _ready(client, user, ["Dental invoice for a crown.", "Amount due 300 EUR."])
    generated_title = doc["display_name"]
    await client.patch(
        f"/api/documents/{doc['id']}", headers=user.headers, json={"display_name": "Dentist bill"}
    )

    response = await client.post(
        "/api/document/metadata", headers=user.headers, json={"document_id": doc["id"]}
    )
    events = parse_sse(response.text)
    assert [e for e, _ in events][-1] == "complete"
    kept = await wait_for(client, user, doc["id"])
    assert kept["display_name"] == "Dentist bill" and kept["edited_fields"] == ["display_name"]
    assert kept["summary"] and kept["tags"]
    # The stream reports what was stored (the kept edit), not what the engine proposed.
    reported = events[-1][1]["metadata"]
    assert reported["display_name"] == "Dentist bill"
    assert reported["tags"] == kept["tags"] and reported["summary"] == kept["summary"]

    response = await client.post(
        "/api/document/metadata",
        headers=user.headers,
        json={"document_id": doc["id"], "replace_edited": True},
    )
    assert [e for e, _ in parse_sse(response.text)][-1] == "complete"
    replaced = await wait_for(client, user, doc["id"])
    assert replaced["display_name"] == generated_title and replaced["edited_fields"] == []


# --- export ------------------------------------------------------------------------------------
async def test_csv_and_json_export_of_the_result_set(client, user):
    a = await _ready(client, user, ["Café receipt, Zürich."], "a.pdf")
    await _ready(client, user, ["Unrelated letter."], "b.pdf")
    await client.patch(
        f"/api/documents/{a['id']}",
        headers=user.headers,
        json={
            "display_name": 'The "best" café',
            "summary": "Line one.\nLine two, with a comma.",
            "tags": ["=cmd", "food"],
        },
    )

    response = await client.get(
        "/api/documents/export", headers=user.headers, params={"format": "csv", "q": "receipt"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == 1
    assert rows[0]["display_name"] == 'The "best" café'
    assert rows[0]["summary"] == "Line one.\nLine two, with a comma."
    assert rows[0]["tags"] == "'=cmd; food"  # never run as a formula
    assert b'"The ""best"" caf' in response.content

    everything = await client.get(
        "/api/documents/export", headers=user.headers, params={"format": "json"}
    )
    assert len(json.loads(everything.content)["documents"]) == 2


async def test_the_export_says_when_metadata_or_ocr_failed_and_why(client, db, user):
    named = await _ready(client, user, ["Library card renewal notice."], "named.pdf")
    unnamed = await _ready(client, user, ["Boiler service report."], "unnamed.pdf")
    # The state a metadata run that failed for good leaves (MetadataRun: job_store.fail).
    await db.execute(
        "update documents set metadata_status = 'failed', metadata_error = $2 where id = $1",
        unnamed["id"],
        "Metadata generation took longer than 120 seconds.",
    )
    response = await upload(client, user, files.corrupt_pdf(), "broken.pdf")
    broken = await wait_for(client, user, response.json()["document_id"])
    assert broken["status"] == "failed" and broken["error_message"]

    response = await client.get(
        "/api/documents/export", headers=user.headers, params={"format": "csv"}
    )
    rows = {
        r["filename"]: r
        for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    }
    assert rows["named.pdf"]["status"] == "ocr_complete"
    assert rows["named.pdf"]["metadata_status"] == "complete" and rows["named.pdf"]["error"] == ""
    assert rows["unnamed.pdf"]["status"] == "ocr_complete"
    assert rows["unnamed.pdf"]["metadata_status"] == "failed"
    assert rows["unnamed.pdf"]["error"] == "Metadata generation took longer than 120 seconds."
    assert rows["broken.pdf"]["status"] == "failed"
    assert rows["broken.pdf"]["error"] == broken["error_message"]
    assert named["id"] in response.text


async def test_a_browser_on_another_origin_may_read_the_download_name(client, user):
    """The web app (another port) names an export as the API does: the browser must be
    allowed to read Content-Disposition, or it falls back to a name of its own."""
    response = await client.get(
        "/api/documents/export",
        headers={**user.headers, "Origin": "http://localhost:3000"},
        params={"format": "csv"},
    )
    assert response.status_code == 200
    exposed = response.headers.get("access-control-expose-headers", "").lower()
    assert "content-disposition" in exposed


async def test_ocr_text_downloads_as_markdown_and_plain_text(client, user):
    doc = await _ready(client, user, ["Warranty card.", "Keep this for two years."])
    md = await client.get(f"/api/documents/{doc['id']}/text", headers=user.headers)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert (
        "Keep this for two years." in md.text and "attachment" in md.headers["content-disposition"]
    )
    txt = await client.get(f"/api/documents/{doc['id']}/text?format=text", headers=user.headers)
    assert txt.headers["content-type"].startswith("text/plain")
    assert "Keep this for two years." in txt.text and "#" not in txt.text
