"""The quota is a limit, not a hint: 50 simultaneous uploads with 5 slots left, against the
real API process (`python -m app`), accept exactly 5 and count exactly 5."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.pipeline.helpers import wait_until
from tests.system.apiprocess import ApiProcess, remove_data_dir

UPLOADS, SLOTS = 50, 5


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = traversable_tmpdir("docstream-quota-")
    yield path
    remove_data_dir(path)


async def test_fifty_concurrent_uploads_with_five_slots_accept_exactly_five(data_dir, pg_dsn):
    # The session's database (no cluster of its own to create: nothing here kills it); the
    # user is new, so the quota and the usage counted are this test's alone.
    email = f"quota-{uuid.uuid4().hex[:8]}@example.com"
    # All fifty at once from one user: over the per-user cap of requests in flight otherwise.
    api = ApiProcess(
        data_dir,
        free_port(),
        DATABASE_URL=pg_dsn,
        RECOVERY_INTERVAL_S="3600",  # never sweeps (takes over) other tests' jobs
        USAGE_LIMIT_PER_MONTH=str(SLOTS),
        HTTP_MAX_REQUESTS_PER_USER=str(UPLOADS),
    )
    api.start()
    try:
        async with httpx.AsyncClient(
            base_url=api.url, timeout=60, limits=httpx.Limits(max_connections=UPLOADS)
        ) as client:
            token = (await client.post("/api/auth/local-token", json={"email": email})).json()[
                "access_token"
            ]
            headers = {"Authorization": f"Bearer {token}"}
            pdf = files.bill_pdf()
            responses = await asyncio.gather(
                *(
                    client.post(
                        "/api/document/upload",
                        headers=headers,
                        files={"file": (f"bill-{i}.pdf", pdf, "application/pdf")},
                    )
                    for i in range(UPLOADS)
                )
            )
            codes = Counter(r.status_code for r in responses)
            assert codes == {202: SLOTS, 403: UPLOADS - SLOTS}, codes
            assert all(
                "limit" in r.json()["detail"].lower() for r in responses if r.status_code == 403
            )

            async def all_done() -> bool:
                docs = (await client.get("/api/documents", headers=headers)).json()["documents"]
                return len(docs) == SLOTS and all(d["metadata_status"] == "complete" for d in docs)

            await wait_until(all_done, 120, "the accepted uploads were not all processed")
        conn = await asyncpg.connect(pg_dsn)
        try:
            usage = await conn.fetchval(
                "select documents_processed from usage u join auth.users a on a.id = u.user_id "
                "where a.email = $1",
                email,
            )
            stored = list((data_dir / "files").rglob("*.pdf"))
        finally:
            await conn.close()
        assert usage == SLOTS
        assert len(stored) == SLOTS  # the refused uploads left no file behind
    finally:
        api.stop()
