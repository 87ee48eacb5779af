"""The private cluster: started, reused by a second process, restarted after a crash."""

from __future__ import annotations

import os
import signal

import asyncpg

from app.store.local_postgres import LocalPostgres
from tests.conftest import traversable_tmpdir
from tests.waiting import eventually


async def test_cluster_survives_a_kill_and_starts_again():
    root = traversable_tmpdir("docstream-crash-")
    first = LocalPostgres(root)
    dsn = first.start()
    conn = await asyncpg.connect(dsn)
    await conn.execute("create table kept (v int); insert into kept values (42)")
    await conn.close()

    # A second process on the same data dir reuses the running cluster and does not own it.
    second = LocalPostgres(root)
    assert second.start() == dsn and not second.started_here
    second.stop()
    assert (await asyncpg.connect(dsn)).is_closed() is False

    # Crash: SIGKILL the postmaster, leaving a stale postmaster.pid behind.
    pid = int((first.pgdata / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)
    await eventually(lambda: not LocalPostgres._alive(pid), 30, f"the postmaster {pid} survived SIGKILL")
    # At once, while its orphaned backends may still hold the old shared memory: start() must
    # cope with that itself (a restarted API does not wait either).
    third = LocalPostgres(root)
    dsn2 = third.start()
    assert third.started_here
    conn = await asyncpg.connect(dsn2)
    assert await conn.fetchval("select v from kept") == 42  # committed data survived
    await conn.close()
    third.stop()
