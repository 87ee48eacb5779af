"""Health (including a database that goes away) and local sign-in."""

from __future__ import annotations

import shutil

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from app.store.local_postgres import LocalPostgres
from tests import files
from tests.conftest import LiveServer, serve, sign_in, traversable_tmpdir


async def test_health_reports_ok_and_providers(client):
    response = await client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["ocr_provider"] == "local" and body["metadata_provider"] == "local"
    lag = body["event_loop_lag"]  # measured in-process, every 50 ms
    assert lag["samples"] > 0 and 0 <= lag["p50_ms"] <= lag["p99_ms"] <= lag["max_ms"]


async def test_local_token_is_stable_per_email_and_validates_input(client):
    a = await sign_in(client, "Someone@Example.com")
    b = await sign_in(client, "someone@example.com")
    assert a.id == b.id
    response = await client.post("/api/auth/local-token", json={"email": "nope"})
    assert response.status_code == 422
    # Words for people: a sentence, not the regular expression the address failed.
    assert response.json()["detail"] == "Enter an email address, such as name@example.com."


async def test_local_token_answers_the_email_as_stored(client):
    response = await client.post("/api/auth/local-token", json={"email": "  NewComer@Example.com "})
    assert response.status_code == 200, response.text
    assert response.json()["email"] == "newcomer@example.com"


@pytest.fixture
def server_with_own_database():
    """An API on its own private cluster, so the test can stop that database under it."""
    data_dir = traversable_tmpdir("docstream-dbdown-")
    settings = Settings(
        _env_file=None, DATA_DIR=data_dir, RECOVERY_INTERVAL_S=3600, OCR_CONCURRENCY=1
    )
    app = create_app(settings)
    with serve(app, graceful_s=1) as url:
        yield LiveServer(url, settings, app), data_dir
    shutil.rmtree(data_dir, ignore_errors=True)


async def test_database_down_gives_503_with_a_message_and_no_orphan_file(server_with_own_database):
    server, data_dir = server_with_own_database

    async with httpx.AsyncClient(base_url=server.url, timeout=20) as c:
        user = await sign_in(c)
        cluster = LocalPostgres(data_dir)
        cluster.stop(force=True)  # the database goes away under the running API
        health = await c.get("/api/health")
        assert health.status_code == 503 and health.json()["database"] == "down"
        response = await c.post(
            "/api/document/upload",
            headers=user.headers,
            files={"file": ("a.pdf", files.bill_pdf(), "application/pdf")},
        )
        assert response.status_code == 503
        assert (
            "unavailable" in response.json()["detail"] or "try again" in response.json()["detail"]
        )
        assert not [p for p in (data_dir / "files").rglob("*") if p.is_file()]
        listing = await c.get("/api/documents", headers=user.headers)
        assert listing.status_code == 503
