"""Personal API tokens: made through the API by a session, shown once, stored as a hash; they
upload, list, search and export like a session, never manage tokens, and stop at once when
revoked."""

from __future__ import annotations

import hashlib

from tests import files
from tests.conftest import User, sign_in, upload


async def _make(client, user: User, name: str = "scanner") -> dict:
    response = await client.post("/api/tokens", headers=user.headers, json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


def _as(token: str) -> User:
    return User(id="", email="", token=token)


async def test_a_token_uploads_and_lists_and_is_refused_once_revoked(client, user, db):
    made = await _make(client, user, "  the   scanner ")
    token = made["token"]
    assert token.startswith("dst_") and len(token) > 40
    assert made["name"] == "the scanner"
    # Only the hash is stored.
    stored = await db.fetchrow(
        "select token_hash, hint from public.api_tokens where id = $1::uuid", made["id"]
    )
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(dict(stored))

    listed = (await client.get("/api/tokens", headers=user.headers)).json()
    assert [t["id"] for t in listed] == [made["id"]]
    assert "token" not in listed[0] and listed[0]["last_used_at"] is None
    assert token.startswith(listed[0]["hint"]) and len(listed[0]["hint"]) < 12

    bot = _as(token)
    response = await upload(client, bot, files.bill_pdf(), "by-script.pdf")
    assert response.status_code == 202, response.text
    doc_id = response.json()["document_id"]
    docs = (await client.get("/api/documents", headers=bot.headers)).json()["documents"]
    assert [d["id"] for d in docs] == [doc_id]
    # The document is the session user's: the same list through the session.
    session_docs = (await client.get("/api/documents", headers=user.headers)).json()
    assert [d["id"] for d in session_docs["documents"]] == [doc_id]
    assert (await client.get(f"/api/documents/{doc_id}", headers=bot.headers)).status_code == 200
    export = await client.get("/api/documents/export", headers=bot.headers)
    assert export.status_code == 200
    listed = (await client.get("/api/tokens", headers=user.headers)).json()
    assert listed[0]["last_used_at"] is not None

    assert (
        await client.delete(f"/api/tokens/{made['id']}", headers=user.headers)
    ).status_code == 204
    for response in (
        await client.get("/api/documents", headers=bot.headers),
        await upload(client, bot, files.bill_pdf(), "after.pdf"),
    ):
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]
    assert (await client.get("/api/tokens", headers=user.headers)).json() == []
    again = await client.delete(f"/api/tokens/{made['id']}", headers=user.headers)
    assert again.status_code == 404


async def test_another_users_token_never_sees_this_users_documents(client, user, other_user):
    mine = await upload(client, user, files.bill_pdf(), "mine.pdf")
    doc_id = mine.json()["document_id"]
    theirs = _as((await _make(client, other_user))["token"])
    assert (await client.get(f"/api/documents/{doc_id}", headers=theirs.headers)).status_code == 404
    listed = (await client.get("/api/documents", headers=theirs.headers)).json()
    assert listed["documents"] == [] and listed["total"] == 0
    found = (await client.get("/api/documents?q=invoice", headers=theirs.headers)).json()
    assert found["documents"] == []
    # Nor can the other user revoke this user's token.
    my_token = await _make(client, user)
    gone = await client.delete(f"/api/tokens/{my_token['id']}", headers=other_user.headers)
    assert gone.status_code == 404
    assert [t["id"] for t in (await client.get("/api/tokens", headers=user.headers)).json()] == [
        my_token["id"]
    ]


async def test_a_token_cannot_manage_tokens(client, user):
    made = await _make(client, user)
    bot = _as(made["token"])
    for response in (
        await client.get("/api/tokens", headers=bot.headers),
        await client.post("/api/tokens", headers=bot.headers, json={"name": "another"}),
        await client.delete(f"/api/tokens/{made['id']}", headers=bot.headers),
    ):
        assert response.status_code == 403
        assert "sign in" in response.json()["detail"]
    assert len((await client.get("/api/tokens", headers=user.headers)).json()) == 1


async def test_unknown_tokens_and_bad_names_are_refused_clearly(client, user):
    unknown = _as("dst_" + "A" * 43)
    response = await client.get("/api/documents", headers=unknown.headers)
    assert response.status_code == 401 and "unknown" in response.json()["detail"]
    blank = await client.post("/api/tokens", headers=user.headers, json={"name": "   "})
    assert blank.status_code == 400 and "name" in blank.json()["detail"]
    assert (await client.delete("/api/tokens/not-a-uuid", headers=user.headers)).status_code == 404


async def test_a_deleted_account_takes_its_tokens_with_it(client, db):
    someone = await sign_in(client)
    token = (await _make(client, someone))["token"]
    await db.execute("delete from auth.users where id = $1::uuid", someone.id)
    response = await client.get("/api/documents", headers=_as(token).headers)
    assert response.status_code == 401
