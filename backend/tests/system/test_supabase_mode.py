"""Supabase mode through the real API process, configured by environment alone.

`SUPABASE_URL` + `SUPABASE_SERVICE_ROLE_KEY` point at a loopback stand-in for a Supabase
project (Storage and the Auth JWKS); the database is the API's own private PostgreSQL with the
Supabase-compatibility bootstrap. What a user would notice: Supabase sign-in is the only way
in, files live in Storage under `<user_id>/<document_id>/<name>`, downloads are redirects to
signed URLs, other users see nothing, deleting removes the object, and a Storage outage is a
clear 503 that leaves no document behind.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import asyncpg
import httpx

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.fakes.supabase_fake import EcSigningKey, SupabaseFake
from tests.system.apiprocess import ApiProcess, remove_data_dir
from tests.waiting import wait_until

SERVICE_KEY = "service-role-key-for-the-system-test"
ALICE = str(uuid.uuid4())
BOB = str(uuid.uuid4())


def database_dsn(data_dir: Path) -> str:
    """The API's private cluster: password file, and the port on line 4 of postmaster.pid."""
    password = (data_dir / "postgres" / "password").read_text().strip()
    port = (data_dir / "postgres" / "data" / "postmaster.pid").read_text().splitlines()[3].strip()
    return f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres"


async def _sql(dsn: str, query: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


def sql(dsn: str, query: str, *args: object) -> list[asyncpg.Record]:
    return asyncio.run(_sql(dsn, query, *args))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(api: ApiProcess, token: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(
        f"{api.url}/api/document/upload",
        headers=bearer(token),
        timeout=30,
        files={"file": (name, data, "application/pdf")},
    )


def wait_until_processed(api: ApiProcess, token: str, doc_id: str, timeout: float = 60) -> dict:
    seen: dict = {}

    def settled() -> dict | None:
        seen.update(
            httpx.get(f"{api.url}/api/documents/{doc_id}", headers=bearer(token), timeout=30).json()
        )
        done = seen["metadata_status"] in ("complete", "failed") or seen["status"] == "failed"
        return dict(seen) if done else None

    return wait_until(
        settled, timeout, lambda: f"the document did not settle: {seen}", interval=0.2
    )


def test_supabase_storage_and_auth_end_to_end():
    fake = SupabaseFake(SERVICE_KEY).start()
    data_dir = traversable_tmpdir("docstream-supabase-")
    api = ApiProcess(
        data_dir,
        free_port(),
        SUPABASE_URL=fake.url,
        SUPABASE_SERVICE_ROLE_KEY=SERVICE_KEY,
        # Nothing from the developer's environment may pick other providers or a database.
        DATABASE_URL="",
        SUPABASE_JWT_SECRET="",
        STORAGE_PROVIDER="",
        AUTH_PROVIDER="",
        OCR_PROVIDER="local",
        METADATA_PROVIDER="local",
        MISTRAL_API_KEY="",
        ANTHROPIC_API_KEY="",
        LEASE_TTL_S="60",
        RECOVERY_INTERVAL_S="60",
    )
    try:
        api.start()
        health = httpx.get(f"{api.url}/api/health").json()
        assert health["storage_provider"] == "supabase" and health["auth_provider"] == "supabase"
        assert health["database"] == "ok"

        # Local sign-in is off in Supabase mode.
        r = httpx.post(f"{api.url}/api/auth/local-token", json={"email": "a@example.com"})
        assert r.status_code == 404, r.text

        # In a real project Supabase Auth creates these rows at sign-up.
        dsn = database_dsn(data_dir)
        sql(
            dsn,
            "insert into auth.users (id, email) values ($1, $2), ($3, $4)",
            uuid.UUID(ALICE),
            "alice@example.test",
            uuid.UUID(BOB),
            "bob@example.test",
        )
        alice = fake.mint_token(ALICE, email="alice@example.test")
        bob = fake.mint_token(BOB, email="bob@example.test")

        # Requests without a valid Supabase token are refused.
        documents = f"{api.url}/api/documents"
        assert httpx.get(documents).status_code == 401
        forged = fake.mint_token(ALICE, key=EcSigningKey())  # right claims, unpublished key
        assert httpx.get(documents, headers=bearer(forged)).status_code == 401
        expired = fake.mint_token(ALICE, expires_in=-3600)
        r = httpx.get(documents, headers=bearer(expired))
        assert r.status_code == 401 and "expired" in r.json()["detail"]
        assert httpx.get(documents, headers=bearer(alice)).json()["documents"] == []
        assert fake.requests_to("GET", "/auth/v1/.well-known/jwks.json"), "JWKS was fetched"

        # Upload: the file lands in Storage, stored with the service-role key.
        pdf = files.bill_pdf()
        r = upload(api, alice, "invoice 42.pdf", pdf)
        assert r.status_code == 202, r.text
        doc_id = r.json()["document_id"]
        stored_path = sql(dsn, "select file_path from documents where id = $1", uuid.UUID(doc_id))[
            0
        ]["file_path"]
        assert stored_path.startswith(f"{ALICE}/{doc_id}/") and stored_path.endswith(".pdf")
        stored = fake.object(stored_path)
        assert stored is not None, sorted(fake.objects)
        assert stored.data == pdf and stored.content_type == "application/pdf"
        assert stored.owner_headers == {
            "apikey": SERVICE_KEY,
            "authorization": f"Bearer {SERVICE_KEY}",
        }
        uploads = fake.requests_to("POST", "/storage/v1/object/documents/")
        assert len(uploads) == 1 and uploads[0].headers.get("x-upsert") == "false"

        # The local OCR engine reads the file back from Storage; metadata follows.
        doc = wait_until_processed(api, alice, doc_id)
        assert doc["status"] == "ocr_complete", doc.get("error_message")
        assert doc["metadata_status"] == "complete", api.log_text()[-3000:]
        assert "Invoice" in doc["ocr"]["text"] and doc["display_name"]
        assert fake.requests_to("GET", f"/storage/v1/object/documents/{stored_path}")

        # The original: a redirect to a short-lived signed URL that serves the same bytes.
        r = httpx.get(f"{api.url}/api/documents/{doc_id}/file", headers=bearer(alice))
        assert r.status_code == 307, r.text
        location = r.headers["location"]
        assert location.startswith(f"{fake.url}/storage/v1/object/sign/documents/{ALICE}/")
        assert "token=" in location
        signed = httpx.get(location)
        assert signed.status_code == 200 and signed.content == pdf

        # Another user sees nothing of it.
        for path in (f"/api/documents/{doc_id}", f"/api/documents/{doc_id}/file"):
            assert httpx.get(f"{api.url}{path}", headers=bearer(bob)).status_code == 404
        assert httpx.delete(f"{documents}/{doc_id}", headers=bearer(bob)).status_code == 404
        assert httpx.get(documents, headers=bearer(bob)).json()["documents"] == []
        assert fake.object(stored_path) is not None

        # A re-upload of the same bytes shares the stored object: its own copy is removed
        # again, and deleting the original keeps the object the duplicate still reads.
        r = upload(api, alice, "invoice 42 (1).pdf", pdf)
        assert r.status_code == 202 and r.json()["duplicate_of"] == doc_id, r.text
        dup_id = r.json()["document_id"]
        assert (
            sql(dsn, "select file_path from documents where id = $1", uuid.UUID(dup_id))[0][
                "file_path"
            ]
            == stored_path
        )
        assert not [p for p in fake.objects if dup_id in p], sorted(fake.objects)
        r = httpx.delete(f"{documents}/{doc_id}", headers=bearer(alice))
        assert r.status_code == 204, r.text
        assert fake.object(stored_path) is not None
        dup = httpx.get(f"{documents}/{dup_id}", headers=bearer(alice)).json()
        assert "Invoice" in dup["ocr"]["text"]
        doc_id = dup_id

        # Delete removes the row and, with its last user, the object in Storage.
        r = httpx.delete(f"{documents}/{doc_id}", headers=bearer(alice))
        assert r.status_code == 204, r.text
        assert fake.object(stored_path) is None
        deletes = fake.requests_to("DELETE", "/storage/v1/object/documents")
        assert deletes and deletes[-1].headers["apikey"] == SERVICE_KEY
        assert httpx.get(f"{documents}/{doc_id}", headers=bearer(alice)).status_code == 404
        assert httpx.get(location).status_code != 200, "the signed URL no longer serves the file"

        # A Storage outage: a clear 503, and no document row left behind.
        fake.upload_status = 503
        r = upload(api, alice, "outage.pdf", pdf)
        assert r.status_code == 503, r.text
        detail = r.json()["detail"]
        assert "storage" in detail.lower() and "Traceback" not in detail
        assert httpx.get(documents, headers=bearer(alice)).json()["documents"] == []
        assert sql(dsn, "select id from documents where user_id = $1", uuid.UUID(ALICE)) == []
        fake.upload_status = None

        # Personal API tokens in Supabase mode: made with the Supabase session, then alone.
        r = httpx.post(f"{api.url}/api/tokens", headers=bearer(alice), json={"name": "scanner"})
        assert r.status_code == 201, r.text
        made = r.json()
        r = upload(api, made["token"], "by-token.pdf", files.text_pdf([["Sent by a script"]]))
        assert r.status_code == 202, r.text
        listed = httpx.get(documents, headers=bearer(made["token"])).json()["documents"]
        assert [d["filename"] for d in listed] == ["by-token.pdf"]
        assert httpx.get(documents, headers=bearer(bob)).json()["documents"] == []
        tokens = f"{api.url}/api/tokens"
        assert httpx.get(tokens, headers=bearer(made["token"])).status_code == 403
        assert httpx.delete(f"{tokens}/{made['id']}", headers=bearer(alice)).status_code == 204
        assert httpx.get(documents, headers=bearer(made["token"])).status_code == 401
    finally:
        api.stop()
        fake.stop()
        remove_data_dir(data_dir)
