"""The limits the web app renders come from the API, and agree with what the server and the
storage bucket enforce; `/docs` works with no internet."""

from __future__ import annotations

import re
from pathlib import Path

from app.ingest import ACCEPTED_TYPES
from tests import files
from tests.conftest import upload

MIGRATIONS = Path(__file__).resolve().parents[3] / "supabase" / "migrations"


async def test_config_serves_the_enforced_limits_and_the_users_usage(client, live_server, user):
    before = (await client.get("/api/config", headers=user.headers)).json()
    settings = live_server.settings
    assert before["max_upload_bytes"] == settings.max_upload_bytes
    assert before["monthly_quota"] == settings.usage_limit_per_month
    assert before["max_attempts"] == settings.max_retries + 1
    assert [t["mime_type"] for t in before["accepted_types"]] == list(ACCEPTED_TYPES)
    assert before["accepted_types_text"] == "PDF, PNG, JPEG, WebP or TIFF"
    assert before["used_this_month"] == 0

    assert (await upload(client, user, files.text_pdf([["A page of text"]]))).status_code == 202
    after = (await client.get("/api/config", headers=user.headers)).json()
    assert after["used_this_month"] == 1


async def test_config_needs_a_signed_in_user(client):
    assert (await client.get("/api/config")).status_code == 401


def test_storage_bucket_limits_match_the_settings():
    """The bucket migration repeats the limits in SQL (it cannot read our settings): keep them equal."""
    from app.config import Settings

    sql = "\n".join(
        p.read_text()
        for p in sorted(MIGRATIONS.glob("*.sql"))
        if "storage.buckets" in p.read_text()
    )
    values = re.search(
        r"insert into storage\.buckets .*?values\s*\((.*?)\)\s*on conflict",
        sql,
        re.DOTALL | re.IGNORECASE,
    )
    assert values, "the storage bucket migration is missing"
    size = int(re.search(r"\b(\d{6,})\b", values.group(1)).group(1))
    mimes = re.findall(r"'([a-z]+/[a-z0-9.+-]+)'", values.group(1))
    assert size == Settings(_env_file=None).max_upload_bytes
    assert mimes == list(ACCEPTED_TYPES)


async def test_docs_render_from_local_assets(client):
    page = await client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/docs/assets/") for a in assets), assets
    for asset in assets:
        response = await client.get(asset)
        assert response.status_code == 200 and len(response.content) > 1000, asset
