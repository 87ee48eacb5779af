"""OCR admission takes turns between users (`app/pipeline/admission.py`)."""

from __future__ import annotations

import asyncio
import contextlib

from app.pipeline.admission import FairSlots


async def _hold(slots: FairSlots, group: str, order: list[str], release: asyncio.Event) -> None:
    async with slots.slot(group):
        order.append(group)
        await release.wait()


async def test_a_user_with_nothing_in_flight_is_admitted_past_a_full_backlog() -> None:
    """One user's backlog holds every slot and has more waiting: another user's first
    document goes at once (the spare slot), not after the backlog."""
    slots, order, release = FairSlots(2), [], asyncio.Event()
    backlog = [asyncio.create_task(_hold(slots, "a", order, release)) for _ in range(5)]
    await asyncio.sleep(0)
    assert order == ["a", "a"]
    other = asyncio.create_task(_hold(slots, "b", order, release))
    await asyncio.sleep(0)
    assert order == ["a", "a", "b"] and slots.in_flight == 3
    # Only one spare: a third user waits for a free slot, then goes before the backlog.
    third = asyncio.create_task(_hold(slots, "c", order, release))
    await asyncio.sleep(0)
    assert order == ["a", "a", "b"]
    release.set()
    await asyncio.gather(*backlog, other, third)
    assert order[3] == "c" and order.count("a") == 5
    assert slots.in_flight == 0


async def test_freed_slots_alternate_between_waiting_users() -> None:
    slots, order = FairSlots(1), []
    gate = asyncio.Event()
    first = asyncio.create_task(_hold(slots, "a", order, gate))
    await asyncio.sleep(0)
    waiting = [asyncio.create_task(_hold(slots, g, order, gate)) for g in "aaabbb"]
    await asyncio.sleep(0)
    gate.set()
    await asyncio.gather(first, *waiting)
    # "b", a user with nothing in flight, took the spare slot at once; then turns.
    assert order == ["a", "b", "a", "b", "a", "b", "a"]


async def test_a_cancelled_waiter_gives_its_turn_away() -> None:
    slots, order, release = FairSlots(1), [], asyncio.Event()
    held = asyncio.create_task(_hold(slots, "a", order, release))
    await asyncio.sleep(0)
    spare = asyncio.create_task(_hold(slots, "b", order, release))
    await asyncio.sleep(0)
    cancelled = asyncio.create_task(_hold(slots, "c", order, release))
    await asyncio.sleep(0)
    cancelled.cancel()
    later = asyncio.create_task(_hold(slots, "d", order, release))
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(held, spare, later)
    assert order == ["a", "b", "d"] and slots.in_flight == 0


async def test_a_slot_wait_timed_out_as_it_was_admitted_leaks_nothing() -> None:
    """The Cloud Tasks step waits for its slot under the delivery's time budget
    (`runner._run_step`: `asyncio.timeout` around an `AsyncExitStack`). A timed-out waiter is
    forgotten, and one cancelled in the same turn of the loop as its admission gives the slot
    back: nothing is held or waiting afterwards."""
    slots = FairSlots(1)
    holder_in, holder_out = asyncio.Event(), asyncio.Event()
    waiters: list[asyncio.Task[bool]] = []

    async def hold() -> None:
        async with slots.slot("a"):
            holder_in.set()
            await holder_out.wait()
        # The slot was just handed to the waiter, which has not run yet: cancel it now.
        assert waiters[0].cancel()

    async def step(limit_s: float) -> bool:
        async with contextlib.AsyncExitStack() as held:
            try:
                async with asyncio.timeout(limit_s):
                    await held.enter_async_context(slots.slot("a"))
            except TimeoutError:
                return False
            return True

    holder = asyncio.create_task(hold())
    await holder_in.wait()
    # A wait that simply runs out: forgotten.
    assert await step(0.01) is False
    assert slots.in_flight == 1 and not slots._waiting
    waiters.append(asyncio.create_task(step(60)))
    await asyncio.sleep(0)
    assert slots._waiting
    holder_out.set()
    await holder
    with contextlib.suppress(asyncio.CancelledError):
        await waiters[0]
    assert waiters[0].cancelled()
    assert slots.in_flight == 0 and not slots._waiting
    async with slots.slot("b"):
        assert slots.in_flight == 1
