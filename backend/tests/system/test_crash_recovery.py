"""No upload is ever lost: real API processes killed mid-processing, several processes at once.

These start `python -m app` as separate processes on one data directory, like production
restarts do, and assert on the database afterwards.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from app.store.local_postgres import LocalPostgres
from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import BACKEND, ApiProcess, remove_data_dir

BATCH = 6


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
        r = httpx.post(f"{url}/api/document/upload", headers=headers,
                       files={"file": (f"scan-{i}.pdf", scan, "application/pdf")}, timeout=10)
        assert r.status_code == 202, r.text
        ids.append(r.json()["document_id"])
    return ids


def wait_until_processing(url: str, headers: dict[str, str], ids: list[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        docs = httpx.get(f"{url}/api/documents", headers=headers).json()["documents"]
        states = Counter(d["status"] for d in docs if d["id"] in ids)
        if states["processing"]:
            return
        time.sleep(0.05)
    raise AssertionError("nothing started processing")


def wait_all_settled(url: str, headers: dict[str, str], ids: list[str], timeout: float = 120) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        docs = [d for d in httpx.get(f"{url}/api/documents?limit=200", headers=headers).json()["documents"]
                if d["id"] in ids]
        if len(docs) == len(ids) and all(
            d["status"] in ("ocr_complete", "failed") and d["metadata_status"] in ("complete", "failed")
            or d["status"] == "failed" for d in docs
        ):
            return docs
        if time.monotonic() > deadline:
            raise AssertionError(f"not settled: {[(d['status'], d['metadata_status']) for d in docs]}")
        time.sleep(0.2)


async def assert_processed_exactly_once(data_dir: Path, ids: list[str]) -> None:
    cluster = LocalPostgres(data_dir)
    conn = await asyncpg.connect(cluster.start())
    try:
        rows = await conn.fetch("select document_id, count(*) from ocr_results "
                                "where document_id = any($1::uuid[]) group by document_id", ids)
        assert len(rows) == len(ids) and all(r["count"] == 1 for r in rows)
        processed = await conn.fetchval(
            "select sum(documents_processed) from usage u join auth.users a on a.id = u.user_id "
            "where a.email = 'chaos@example.com'")
        assert processed == len(ids)  # usage counted once per document, restarts or not
    finally:
        await conn.close()


@pytest.mark.parametrize("kill_database", [False, True], ids=["api-killed", "api-and-database-killed"])
async def test_sigkill_mid_processing_loses_nothing(data_dir, kill_database):
    api = ApiProcess(data_dir, free_port())
    api.start()
    try:
        headers = sign_in(api.url)
        ids = upload_batch(api.url, headers)
        wait_until_processing(api.url, headers, ids)
        api.kill()
        if kill_database:
            pid = int((data_dir / "postgres" / "data" / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)

        api.start()  # same data dir: the cluster (re)starts, the sweeper takes over
        docs = wait_all_settled(api.url, headers, ids)
        assert [d["status"] for d in docs] == ["ocr_complete"] * BATCH, [d["error_message"] for d in docs]
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
    api = ApiProcess(data_dir, free_port(), SHUTDOWN_GRACE_S="0.5", LEASE_TTL_S="600",
                     RECOVERY_INTERVAL_S="600")
    api.start()
    headers = sign_in(api.url)
    ids = upload_batch(api.url, headers)
    wait_until_processing(api.url, headers, ids)
    # uvicorn re-raises the signal after its graceful shutdown, so -SIGTERM is a clean exit.
    assert api.terminate() in (0, -signal.SIGTERM)
    assert re.search(r"released \d+ unfinished document", api.log_text())

    # Leases of 10 minutes would block a crash recovery; released ones are taken at once.
    api.start()
    try:
        docs = wait_all_settled(api.url, headers, ids, timeout=90)
        assert all(d["status"] == "ocr_complete" for d in docs)
        assert all(d["retry_count"] == 0 for d in docs)  # a clean hand-over is not a retry
    finally:
        api.stop()
    await assert_processed_exactly_once(data_dir, ids)


async def test_the_sweep_command_recovers_a_dead_processes_documents(data_dir):
    """`python -m app sweep` (a cron job, or an operator) finishes what a dead process left."""
    api = ApiProcess(data_dir, free_port())
    api.start()
    headers = sign_in(api.url)
    ids = upload_batch(api.url, headers, 3)
    wait_until_processing(api.url, headers, ids)
    api.kill()
    time.sleep(3.5)  # LEASE_TTL_S=3: the dead process's leases have expired

    result = subprocess.run([sys.executable, "-m", "app", "sweep"], cwd=BACKEND, env=api.env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "recovered: 3 OCR" in result.stdout
    await assert_processed_exactly_once(data_dir, ids)
