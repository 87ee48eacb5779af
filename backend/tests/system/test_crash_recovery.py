"""No upload is ever lost: real API processes killed mid-processing, several processes at once.

These start `python -m app` as separate processes on one data directory, like production
restarts do, and assert on the database afterwards.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from app.store.local_postgres import LocalPostgres
from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.fakes.mistral_fake import MistralFake
from tests.system.apiprocess import BACKEND, ApiProcess, remove_data_dir
from tests.waiting import eventually, wait_until

BATCH = 6
# The waits inside bound this test; pytest's default 120 s would stop a run that is only slow
# (OCR at nice 19 gets a sliver of a core on a loaded machine: docs/architecture.md).
pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = traversable_tmpdir("docstream-chaos-")
    yield path
    remove_data_dir(path)


def sign_in(url: str) -> dict[str, str]:
    token = httpx.post(f"{url}/api/auth/local-token", json={"email": "chaos@example.com"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def upload_batch(url: str, headers: dict[str, str], n: int = BATCH) -> list[str]:
    scan = files.scanned_pdf(files.SCAN_LINES)
    ids = []
    for i in range(n):
        r = httpx.post(
            f"{url}/api/document/upload",
            headers=headers,
            files={"file": (f"scan-{i}.pdf", scan, "application/pdf")},
            timeout=60,
        )
        assert r.status_code == 202, r.text
        ids.append(r.json()["document_id"])
    return ids


def batch_states(url: str, headers: dict[str, str], ids: list[str]) -> list[dict]:
    docs = httpx.get(f"{url}/api/documents?limit=200", headers=headers, timeout=30).json()[
        "documents"
    ]
    return [d for d in docs if d["id"] in ids]


def wait_until_processing(url: str, headers: dict[str, str], ids: list[str]) -> None:
    wait_until(
        lambda: any(d["status"] == "processing" for d in batch_states(url, headers, ids)),
        30,
        "nothing started processing",
    )


def settled(doc: dict) -> bool:
    return doc["status"] == "failed" or (
        doc["status"] == "ocr_complete" and doc["metadata_status"] in ("complete", "failed")
    )


def wait_all_settled(
    url: str, headers: dict[str, str], ids: list[str], timeout: float = 120
) -> list[dict]:
    last: list[dict] = []

    def all_settled() -> list[dict] | None:
        nonlocal last
        last = batch_states(url, headers, ids)
        return last if len(last) == len(ids) and all(map(settled, last)) else None

    return wait_until(
        all_settled,
        timeout,
        lambda: "not settled: " + repr([(d["status"], d["metadata_status"]) for d in last]),
        interval=0.2,
    )


async def connect(data_dir: Path) -> asyncpg.Connection:
    """The data dir's private cluster, (re)started if the API process stopped it on exit."""
    return await asyncpg.connect(await asyncio.to_thread(LocalPostgres(data_dir).start))


async def document_states(data_dir: Path, ids: list[str]) -> list[tuple[str, int]]:
    """(status, retry_count) of each document, read from the database while no API runs."""
    conn = await connect(data_dir)
    try:
        rows = await conn.fetch(
            "select id::text, status, retry_count from documents where id = any($1::uuid[])", ids
        )
    finally:
        await conn.close()
    by_id = {r["id"]: (r["status"], r["retry_count"]) for r in rows}
    return [by_id.get(i, ("missing", -1)) for i in ids]


async def wait_for_leases_to_lapse(data_dir: Path, lease_ttl_s: float) -> None:
    """After a SIGKILL, wait until no lease the dead process held can still be live.

    Its last heartbeat may still be on its way into the database when it dies, so first wait until
    the database has dropped every connection of the dead process (nothing can renew a lease after
    that), then until one lease TTL has passed on the database's own clock, the one leases are
    judged by. No lease columns are read: the test does not depend on where leases are stored.
    """
    conn = await connect(data_dir)
    try:

        async def alone() -> bool:
            return await conn.fetchval(
                "select count(*) = 0 from pg_stat_activity "
                "where backend_type = 'client backend' and pid <> pg_backend_pid()"
            )

        await eventually(alone, 30, "the killed API's database connections did not go away")
        quiet_since = await conn.fetchval("select clock_timestamp()")
        await eventually(
            lambda: conn.fetchval(
                "select clock_timestamp() > $1::timestamptz + make_interval(secs => $2)",
                quiet_since,
                lease_ttl_s,
            ),
            lease_ttl_s + 30,
            "the database clock did not pass the lease expiry",
            interval=0.1,
        )
    finally:
        await conn.close()


async def assert_processed_exactly_once(data_dir: Path, ids: list[str]) -> None:
    cluster = LocalPostgres(data_dir)
    conn = await asyncpg.connect(cluster.start())
    try:
        rows = await conn.fetch(
            "select document_id, count(*) from ocr_results "
            "where document_id = any($1::uuid[]) group by document_id",
            ids,
        )
        assert len(rows) == len(ids) and all(r["count"] == 1 for r in rows)
        processed = await conn.fetchval(
            "select sum(documents_processed) from usage u join auth.users a on a.id = u.user_id "
            "where a.email = 'chaos@example.com'"
        )
        assert processed == len(ids)  # usage counted once per document, restarts or not
    finally:
        await conn.close()


@pytest.mark.parametrize(
    "kill_database", [False, True], ids=["api-killed", "api-and-database-killed"]
)
async def test_sigkill_mid_processing_loses_nothing(data_dir, kill_database):
    api = ApiProcess(data_dir, free_port())
    api.start()
    try:
        headers = sign_in(api.url)
        ids = upload_batch(api.url, headers)
        wait_until_processing(api.url, headers, ids)
        api.kill()
        if kill_database:
            pid = int(
                (data_dir / "postgres" / "data" / "postmaster.pid").read_text().splitlines()[0]
            )
            os.kill(pid, signal.SIGKILL)
            wait_until(
                lambda: not LocalPostgres._alive(pid),
                30,
                f"PostgreSQL (pid {pid}) survived SIGKILL",
            )

        api.start()  # same data dir: the cluster (re)starts, the sweeper takes over
        docs = wait_all_settled(api.url, headers, ids)
        assert [d["status"] for d in docs] == ["ocr_complete"] * BATCH, [
            d["error_message"] for d in docs
        ]
        assert all(d["display_name"] and d["metadata_status"] == "complete" for d in docs)
        assert any(d["retry_count"] >= 1 for d in docs)  # some really were interrupted
        assert "recovered" in api.log_text()
    finally:
        api.stop()
    await assert_processed_exactly_once(data_dir, ids)


async def test_two_processes_share_the_work_and_never_process_a_document_twice(data_dir):
    # Leases long enough that a slow CI heartbeat cannot expire one: this test is about two
    # live processes sharing work (both still sweep every second), not about recovery.
    first = ApiProcess(data_dir, free_port(), LEASE_TTL_S="20")
    first.start()
    second = ApiProcess(data_dir, free_port(), LEASE_TTL_S="20")
    second.start()
    try:
        headers = sign_in(first.url)
        ids = upload_batch(first.url, headers, 4) + upload_batch(second.url, headers, 4)
        # Both keep sweeping every second while they work; leases keep them apart.
        docs = wait_all_settled(first.url, headers, ids)
        assert all(d["status"] == "ocr_complete" and d["retry_count"] == 0 for d in docs)
    finally:
        first.stop()
        second.stop()
    logs = first.log_text() + second.log_text()
    completions = Counter(re.findall(r"\[([0-9a-f-]{36})\] OCR complete", logs))
    assert all(completions[i] == 1 for i in ids), completions
    await assert_processed_exactly_once(data_dir, ids)


async def test_sigterm_hands_unfinished_work_back_at_once(data_dir):
    """SIGTERM while OCR is provably in flight: every unfinished document is handed back at once.

    The OCR service (Mistral's loopback stand-in) holds every request until the test releases it,
    so when the signal arrives two documents are being read and four wait for a slot, however fast
    or slow the machine is. Leases of ten minutes and a sweep every ten minutes mean only a clean
    hand-over lets the restarted process finish them in time.
    """
    mistral = MistralFake().start().hold()
    api = ApiProcess(
        data_dir,
        free_port(),
        MISTRAL_API_KEY="test-mistral-key",
        MISTRAL_SERVER_URL=mistral.url,
        SHUTDOWN_GRACE_S="0.5",
        LEASE_TTL_S="600",
        RECOVERY_INTERVAL_S="600",
    )
    try:
        api.start()
        headers = sign_in(api.url)
        ids = upload_batch(api.url, headers)
        slots = int(api.env["OCR_CONCURRENCY"])
        wait_until(
            lambda: mistral.held == slots,
            60,
            lambda: f"{mistral.held} OCR request(s) reached the service, expected {slots}",
        )
        states = Counter(d["status"] for d in batch_states(api.url, headers, ids))
        assert states == {"processing": slots, "uploading": BATCH - slots}, states

        # uvicorn re-raises the signal after its graceful shutdown, so -SIGTERM is a clean exit.
        assert api.terminate() in (0, -signal.SIGTERM)
        released = re.search(r"released (\d+) unfinished document", api.log_text())
        assert released and int(released[1]) == BATCH, api.log_text()[-3000:]
        # Handed back, not failed and not counted as a retry: nothing went wrong.
        assert await document_states(data_dir, ids) == [("uploading", 0)] * BATCH

        mistral.release()
        api.start()
        docs = wait_all_settled(api.url, headers, ids, timeout=90)
        assert [d["status"] for d in docs] == ["ocr_complete"] * BATCH, [
            d["error_message"] for d in docs
        ]
        assert all(d["retry_count"] == 0 for d in docs)  # a clean hand-over is not a retry
    finally:
        api.stop()
        mistral.stop()
    await assert_processed_exactly_once(data_dir, ids)


async def test_the_sweep_command_recovers_a_dead_processes_documents(data_dir):
    """`python -m app sweep` (a cron job, or an operator) finishes what a dead process left."""
    api = ApiProcess(data_dir, free_port())
    api.start()
    headers = sign_in(api.url)
    ids = upload_batch(api.url, headers, 3)
    wait_until_processing(api.url, headers, ids)
    api.kill()
    await wait_for_leases_to_lapse(data_dir, float(api.env["LEASE_TTL_S"]))

    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "app", "sweep"],
        cwd=BACKEND,
        env=api.env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "recovered: 3 OCR" in result.stdout
    await assert_processed_exactly_once(data_dir, ids)
