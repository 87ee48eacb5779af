"""The OCR process pool: Ctrl-C does not reach the workers, and no worker outlives the API."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.pipeline.workers import WorkerPool
from app.store.local_postgres import LocalPostgres

BACKEND = Path(__file__).resolve().parents[2]
HOLD_A_POOL = """
import asyncio, os, sys
from app.pipeline.workers import WorkerPool
async def main():
    pool = WorkerPool(2)
    await pool.warm()
    print(*pool.pids(), flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def _wait_all_gone(pids: list[int], what: str) -> None:
    deadline = time.monotonic() + 20
    while alive := [pid for pid in pids if LocalPostgres._alive(pid)]:
        assert time.monotonic() < deadline, f"{what}: processes {alive} are still running"
        time.sleep(0.05)


async def test_workers_ignore_ctrl_c_and_stop_with_the_pool():
    pool = WorkerPool(2)
    try:
        await pool.warm()
        pids = pool.pids()
        assert len(pids) == 2
        for pid in pids:  # what a terminal does to its foreground process group on Ctrl-C
            os.kill(pid, signal.SIGINT)
        assert await pool.run(os.getpid) in pids
        assert sorted(pool.pids()) == sorted(pids)
    finally:
        pool.shutdown()
    _wait_all_gone(pids, "after shutdown")


def test_workers_die_with_a_killed_api():
    # Killed, it cannot remove its temp files (a socket dir: keep the path short) so they go
    # in a dir of ours.
    tmp = tempfile.mkdtemp(prefix="dsw-")
    api = subprocess.Popen([sys.executable, "-c", HOLD_A_POOL], cwd=BACKEND,
                           env={**os.environ, "TMPDIR": tmp}, stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in api.stdout.readline().split()]  # type: ignore[union-attr]
        assert len(pids) == 2
    finally:
        api.kill()
        api.wait()
        api.stdout.close()  # type: ignore[union-attr]
        shutil.rmtree(tmp, ignore_errors=True)
    _wait_all_gone(pids, "after the API was killed")
