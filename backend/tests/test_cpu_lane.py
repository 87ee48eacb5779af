"""The CPU lane (`app/cpu_lane.py`): one thread, first come first served, shared by every
request of the process (and by every app a test process builds). A request that goes away
(a client disconnecting mid-export) must not leave its queued piece to run for nobody, and a
piece that raises must reach its own caller and leave the lane working for the others."""

from __future__ import annotations

import asyncio
import threading

import pytest

from app import cpu_lane


async def test_a_cancelled_piece_waiting_its_turn_never_runs():
    gate, started = threading.Event(), threading.Event()
    ran: list[str] = []

    def hold() -> str:
        started.set()
        gate.wait(timeout=60)
        return "held"

    holding = asyncio.create_task(cpu_lane.run(hold))
    await asyncio.to_thread(started.wait, 60)  # the lane is busy with `hold`
    queued = asyncio.create_task(cpu_lane.run(ran.append, "for nobody"))
    await asyncio.sleep(0)  # the piece is handed to the lane's queue
    queued.cancel()
    with pytest.raises(asyncio.CancelledError):
        await queued
    gate.set()
    assert await holding == "held"
    assert await cpu_lane.run(lambda: "next") == "next"  # the queue is past where it stood
    assert ran == []


async def test_a_piece_that_raises_fails_its_caller_only():
    def broken() -> None:
        raise ValueError("a bad row")

    with pytest.raises(ValueError, match="a bad row"):
        await cpu_lane.run(broken)
    assert await cpu_lane.run(sum, [1, 2, 3]) == 6
