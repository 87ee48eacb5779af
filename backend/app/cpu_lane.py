"""One lane, one thread, for the CPU work requests hand off the event loop.

Python threads share one interpreter lock. A thread running Python (building documents from
export rows, encoding an export page, converting Markdown to plain text) holds it, and the
event loop, woken by any request (a health check), waits for it at each wake-up: up to the
5 ms switch interval, behind every such thread in turn. Eight exports, each encoding in a
thread of its own, raised health's p99 to 400 ms although each did little work (issue 27).

Through this lane the loop competes with one thread at most, and the pieces of all requests
take turns in its queue (first come, first served: a long export is many pieces, so a text
download's piece waits for one piece, not for the export). A thread of its own, not the
default executor: pieces waiting here must not take the threads file I/O runs on.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_LANE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpu-lane")

# How long a thread running Python keeps the interpreter lock from a thread asking for it
# (CPython's default is 5 ms). The event loop asks at every wake-up while the lane runs, and a
# health check needs several wake-ups. Measured on 2 cores at load 8 to 11, with eight exports
# at once: at 5 ms health's median was 43 to 53 ms and its p99 292 to 413 ms; at 0.5 ms, 11 to
# 26 ms and 114 to 227 ms. The cost: more hand-overs while two threads both want the lock.
SWITCH_INTERVAL_S = 0.0005


def favour_the_event_loop() -> None:
    """Set the interpreter's switch interval for a serving process (`python -m app`), and
    freeze what exists once the app is built (the modules and the app; the pools and the
    runtime come later, in its lifespan): the collector's full passes, which run in whichever
    thread allocates and hold the lock throughout, no longer walk those objects again and
    again. Never in tests: the settings are the process's, not one app's."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.collect()
    gc.freeze()


async def run(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` in the lane's thread; the caller's event loop waits without blocking."""
    return await asyncio.get_running_loop().run_in_executor(_LANE, fn, *args)
