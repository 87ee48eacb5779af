"""The private cluster: started, shared by processes (the last one stops it), restarted after a crash."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from app.store.local_postgres import LocalPostgres
from tests.conftest import traversable_tmpdir
from tests.waiting import eventually

BACKEND = Path(__file__).resolve().parents[2]


@pytest.fixture
def root():
    path = traversable_tmpdir("docstream-crash-")
    yield path
    LocalPostgres(path).stop(force=True)
    shutil.rmtree(path, ignore_errors=True)


def _postmaster_alive(cluster: LocalPostgres) -> bool:
    found = cluster._postmaster()
    return found is not None and cluster._alive(found[0])


async def test_the_last_process_using_the_cluster_stops_it(root):
    first = LocalPostgres(root)
    dsn = first.start()
    assert first.started_here

    # A second user reuses the running cluster; its exit leaves it running for the first.
    second = LocalPostgres(root)
    assert second.start() == dsn and not second.started_here
    second.stop()
    conn = await asyncpg.connect(dsn)
    await conn.close()

    # A user that is killed never unregisters; its dead registration does not count.
    script = (
        "import os, sys; from pathlib import Path; "
        "from app.store.local_postgres import LocalPostgres; "
        "LocalPostgres(Path(sys.argv[1])).start(); os._exit(9)"
    )
    crashed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", script, str(root)],
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == 9, crashed.stderr
    first.stop()  # the last live user
    assert not _postmaster_alive(first)


async def test_cluster_survives_a_kill_and_starts_again(root):
    first = LocalPostgres(root)
    dsn = first.start()
    conn = await asyncpg.connect(dsn)
    await conn.execute("create table kept (v int); insert into kept values (42)")
    await conn.close()

    # Crash: SIGKILL the postmaster, leaving a stale postmaster.pid behind.
    pid = int((first.pgdata / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)
    await eventually(
        lambda: not LocalPostgres._alive(pid), 30, f"the postmaster {pid} survived SIGKILL"
    )
    # At once, while its orphaned backends may still hold the old shared memory: start() must
    # cope with that itself (a restarted API does not wait either).
    third = LocalPostgres(root)
    dsn2 = third.start()
    assert third.started_here
    conn = await asyncpg.connect(dsn2)
    assert await conn.fetchval("select v from kept") == 42  # committed data survived
    await conn.close()
    third.stop()
    assert _postmaster_alive(third)  # `first` (this process) still uses it
    first.stop()
    assert not _postmaster_alive(third)
