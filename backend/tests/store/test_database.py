"""The two connection pools: requests, and the job pipeline behind them on a cluster of our own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.store import database
from app.store.database import BACKGROUND_NICE, create_pool
from tests.conftest import make_settings


def _nice(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


async def test_job_pool_runs_behind_requests_and_commits_without_waiting_for_the_disk(
    pg_dsn: str, tmp_path: Path
) -> None:
    settings = make_settings(pg_dsn, tmp_path)
    requests = await create_pool(pg_dsn, settings, size=1)
    jobs = await create_pool(pg_dsn, settings, size=1, background=True)
    try:
        async with requests.acquire() as conn:
            base = _nice(conn.get_server_pid())
            assert await conn.fetchval("show synchronous_commit") == "on"
        for _ in range(2):  # still so after a release: the session is kept as it is
            async with jobs.acquire() as conn:
                assert _nice(conn.get_server_pid()) == max(base, BACKGROUND_NICE)
                assert await conn.fetchval("show synchronous_commit") == "off"
        async with requests.acquire() as conn:  # the request pool's server is untouched
            assert _nice(conn.get_server_pid()) == base
            assert await conn.fetchval("show synchronous_commit") == "on"
    finally:
        await jobs.close()
        await requests.close()


async def test_a_server_process_we_may_not_renice_still_serves_the_job_pool(
    pg_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(database.os, "setpriority", refuse)
    jobs = await create_pool(pg_dsn, make_settings(pg_dsn, tmp_path), size=1, background=True)
    try:
        assert await jobs.fetchval("select 1") == 1
    finally:
        await jobs.close()


async def test_a_transaction_left_open_is_rolled_back_when_its_connection_is_released(
    pg_dsn: str, tmp_path: Path
) -> None:
    """Released sessions are not reset (no round trip), but an open transaction never leaks
    into the next user of the connection."""
    pool = await create_pool(pg_dsn, make_settings(pg_dsn, tmp_path), size=1)
    try:
        async with pool.acquire() as conn:
            await conn.execute("begin")
            await conn.execute("create temporary table left_open (x int)")
        async with pool.acquire() as conn:
            assert await conn.fetchval("select txid_current_if_assigned()") is None
            assert await conn.fetchval("select to_regclass('pg_temp.left_open')") is None
    finally:
        await pool.close()
