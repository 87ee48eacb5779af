"""The small holes an adversarial run found: each answers what is true, with the right status.

(The hostile files and connections against the real process are in
`tests/system/test_adversarial.py`.)
"""

from __future__ import annotations

import asyncio
import errno
import os
import re
import socket
import stat

import httpx

from app.auth.local import LocalTokens, load_or_create_secret
from tests import files
from tests.conftest import sign_in, upload, wait_for


async def test_a_nul_in_the_email_is_a_422(client):
    response = await client.post("/api/auth/local-token", json={"email": "a\u0000b@example.com"})
    assert response.status_code == 422, response.text


async def test_a_token_whose_subject_is_not_a_uuid_is_a_401(client, live_server):
    tokens = LocalTokens(load_or_create_secret(live_server.settings.data_dir))
    forged = tokens.mint("not-a-uuid", "x@example.com")  # correctly signed, nonsense subject
    response = await client.get("/api/documents", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401, response.text


async def test_a_deleted_users_token_is_a_401(client, db):
    user = await sign_in(client)
    await db.execute("delete from auth.users where id = $1", user.id)
    response = await client.get("/api/documents", headers=user.headers)
    assert response.status_code == 401, response.text
    assert "no longer exists" in response.json()["detail"]
    upload_response = await upload(client, user, files.bill_pdf())
    assert upload_response.status_code == 401


async def test_a_full_disk_is_a_507_about_storage(client, user, live_server, monkeypatch):
    files_root = str(live_server.settings.data_dir / "files")
    real_replace = os.replace

    def full_disk(src, dst, *args, **kwargs):  # only the store's rename into place fails
        if str(dst).startswith(files_root):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk)
    response = await upload(client, user, files.bill_pdf())
    monkeypatch.undo()
    assert response.status_code == 507, response.text
    assert "storage is full" in response.json()["detail"]
    assert "database" not in response.json()["detail"]


async def test_a_missing_stored_file_is_a_410_not_a_database_outage(client, user, live_server):
    doc_id = (await upload(client, user, files.bill_pdf())).json()["document_id"]
    await wait_for(client, user, doc_id)
    stored = live_server.settings.data_dir / "files" / user.id / doc_id / "doc.pdf"
    stored.unlink()
    response = await client.get(f"/api/documents/{doc_id}/file", headers=user.headers)
    assert response.status_code == 410, response.text
    assert "missing" in response.json()["detail"]


async def test_stored_files_and_thumbnails_are_private(client, user, live_server):
    doc_id = (await upload(client, user, files.bill_pdf())).json()["document_id"]
    await wait_for(client, user, doc_id)
    thumb = await client.get(f"/api/documents/{doc_id}/thumbnail", headers=user.headers)
    assert thumb.status_code == 200
    root = live_server.settings.data_dir
    stored = root / "files" / user.id / doc_id / "doc.pdf"
    paths = {
        stored: 0o600,
        stored.parent: 0o700,
        stored.parent.parent: 0o700,
        root / "files": 0o700,
        stored.parent / "thumbnail.png": 0o600,
    }
    modes = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in paths}
    assert modes == {str(p): oct(m) for p, m in paths.items()}


async def test_originals_are_served_with_nosniff_and_a_sandbox(client, user):
    doc_id = (await upload(client, user, files.bill_pdf())).json()["document_id"]
    response = await client.get(f"/api/documents/{doc_id}/file", headers=user.headers)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "sandbox"


async def test_local_sign_in_from_another_machine_is_refused(live_server):
    """The peer check, through the ASGI scope's client (every real socket here is loopback)."""
    transport = httpx.ASGITransport(app=live_server.app, client=("192.0.2.7", 50123))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as remote:
        response = await remote.post("/api/auth/local-token", json={"email": "lan@example.com"})
    assert response.status_code == 403, response.text
    assert "only from this machine" in response.json()["detail"]


async def test_a_foreign_host_header_is_refused_everywhere(client, user):
    for path in ("/api/documents", "/api/health"):
        response = await client.get(path, headers={**user.headers, "Host": "attacker.example"})
        assert response.status_code == 400, (path, response.text)
    assert (
        await client.get("/api/documents", headers={**user.headers, "Host": "[::1]:9"})
    ).status_code == 200


async def test_a_json_body_over_the_cap_is_a_413(client):
    response = await client.post(
        "/api/auth/local-token",
        content=b'{"email": "' + b"a" * 70_000 + b'@x.y"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text


PUBLIC_ROUTES = {"/api/health", "/api/auth/local-token"}


def _authenticated_routes(app) -> list[tuple[str, str]]:
    """Every route of the API reference but the public ones."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        if path in PUBLIC_ROUTES or path.startswith("/api/tasks/"):  # tasks: their own OIDC
            continue
        filled = re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", path)
        found += [(method.upper(), filled) for method in sorted(operations)]
    return found


def _head_of_answer(url: str, request: bytes) -> bytes:
    """Send a request whose body never comes; return the answer's head (or fail on timeout:
    a server that waits for the body before it checks the token)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n\r\n", 1)[0].lower()


async def test_every_authenticated_route_answers_401_before_reading_the_body(live_server):
    routes = _authenticated_routes(live_server.app)
    assert ("PATCH", "/api/documents/00000000-0000-4000-8000-000000000000") in routes
    assert ("POST", "/api/document/metadata") in routes and len(routes) > 10
    for authorization in (b"", b"Authorization: Bearer not-a-token\r\n"):
        for method, path in routes:
            head = await asyncio.to_thread(
                _head_of_answer,
                live_server.url,
                f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
                + authorization
                + b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
            )
            assert head.startswith(b"http/1.1 401"), (method, path, head)


async def test_a_token_is_taken_only_from_the_header_or_the_streams_exact_parameter(client, user):
    encoded = await client.get(f"/api/documents/events?access%5Ftoken={user.token}")
    assert encoded.status_code == 401, encoded.text
    in_query = await client.get(f"/api/documents?access_token={user.token}")
    assert in_query.status_code == 401, in_query.text
    assert (await client.get("/api/documents", headers=user.headers)).status_code == 200


async def test_a_lone_surrogate_in_an_edit_is_a_422(client, user):
    doc_id = (await upload(client, user, files.bill_pdf())).json()["document_id"]
    for field, body in (
        ("tags", b'{"tags": ["ok", "\\ud800"]}'),
        ("display_name", b'{"display_name": "a\\udfffb"}'),
        ("summary", b'{"summary": "\\udc00"}'),
    ):
        response = await client.patch(
            f"/api/documents/{doc_id}",
            content=body,
            headers={**user.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        assert field in response.json()["detail"], response.text


async def test_every_multipart_field_counts_against_the_upload_limit(client, user, live_server):
    limit = live_server.settings.max_upload_bytes
    boundary = "b0undary"

    async def body():  # chunked: no Content-Length for a cheap early refusal
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="junk"\r\n\r\n'.encode())
        for _ in range(limit // 65536 + 20):
            yield b"j" * 65536
        yield (
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        yield files.bill_pdf() + f"\r\n--{boundary}--\r\n".encode()

    response = await client.post(
        "/api/document/upload",
        content=body(),
        headers={**user.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413, response.text
    assert "MB limit" in response.json()["detail"]
