"""The worker pool's budgets, kills and turn-taking, with real worker processes."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from app.errors import ErrorCode, PermanentError, TransientError
from app.pipeline.workers import Budget, WorkerPool
from tests.pipeline import worker_tasks as tasks


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
async def pool():
    workers = WorkerPool(1, Budget(cpu_s=2, memory_mb=512, timeout_s=60))
    await workers.warm()
    yield workers
    workers.shutdown()


async def test_a_task_over_its_cpu_budget_fails_and_the_worker_is_replaced(pool):
    with pytest.raises(PermanentError) as failed:
        await pool.run(tasks.spin, key="hostile")
    assert failed.value.code == ErrorCode.RESOURCE_LIMIT
    assert "2 seconds of processing time" in failed.value.detail
    assert await pool.run(tasks.label, "next", key="other") == "next"  # a fresh worker


async def test_a_task_over_its_memory_budget_fails_with_resource_limit(pool):
    with pytest.raises(PermanentError) as failed:
        await pool.run(tasks.allocate, 2_000_000_000, key="hostile")
    assert failed.value.code == ErrorCode.RESOURCE_LIMIT and "512 MB" in failed.value.detail
    assert await pool.run(tasks.allocate, 1000, key="other") == 1000


async def test_a_task_past_its_wall_clock_timeout_is_killed(pool):
    with pytest.raises(TransientError) as failed:
        await pool.run(tasks.sleep_forever, key="slow", budget=Budget(cpu_s=2, timeout_s=1))
    assert failed.value.code == ErrorCode.TIMEOUT
    assert pool.replaced == 1


async def test_a_cancelled_task_does_not_leave_its_worker_running(pool):
    worker = await pool.run(tasks.pid)
    job = asyncio.ensure_future(pool.run(tasks.sleep_forever, key="gone"))
    await asyncio.sleep(0.2)  # let it reach the worker
    job.cancel()
    deadline = asyncio.get_running_loop().time() + 20
    while alive(worker):
        assert asyncio.get_running_loop().time() < deadline, "the worker kept running"
        await asyncio.sleep(0.05)
    assert await pool.run(tasks.label, "after", key="other") == "after"


async def test_documents_take_turns_page_by_page(pool):
    finished: list[str] = []

    async def run(name: str, key: str) -> None:
        finished.append(await pool.run(tasks.label, name, key=key))

    jobs = [asyncio.ensure_future(run(f"a{i}", "big")) for i in range(5)]
    await asyncio.sleep(0)  # queued before the small document arrives
    jobs.append(asyncio.ensure_future(run("b0", "small")))
    await asyncio.gather(*jobs)
    assert finished.index("b0") < finished.index("a3"), finished
