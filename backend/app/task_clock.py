"""The worker pool's per-task time limit, which does not count time spent waiting for a CPU.

OCR workers run at nice 19 (`app/ocr/local_worker.py::init_worker`) so that uploads and pages
are served first. On a machine that is never idle that is a tiny share: beside one
normal-priority busy process per core, the scheduler gives a nice-19 process about 1.5 % of a
core (weights 15 against 1024), so a page that needs 2 s of CPU takes more than two minutes.
A wall-clock limit would then fail good pages because of other people's load, again on every
retry. What each limit is for:

- the work itself is bounded in CPU seconds (`RLIMIT_CPU`, `Budget.cpu_s`), whatever the load;
- the time limit (`Budget.timeout_s`) catches a task that *hangs*: waits on something that never
  comes, using no CPU. So its clock leaves out the time the worker's processes were runnable
  but waiting for a CPU that others held. Sampled about once a second from /proc: while any of
  them is runnable, the clock advances by the CPU time they got; otherwise by the wall time
  less what the kernel reports they spent waiting on a run queue meanwhile (`schedstat`; it is
  reported when a task next runs, which is why a runnable task is timed by its CPU instead).
  Starved, a task's clock runs at the pace of the CPU it gets; hung (asleep), at the pace of
  the wall clock; alone on an idle machine, both are the same. Without /proc (not Linux), it
  is the wall clock.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

# How often the worker's processes are sampled while a task runs (a scan of /proc: a few ms).
SAMPLE_S = 1.0
_TICK_S = 1 / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class _Sample:
    runnable: bool  # one of them is running or waiting for a CPU right now
    cpu_s: dict[int, float]  # CPU time used, by pid
    waited_s: dict[int, float]  # time spent waiting on a run queue (as far as reported), by pid


def _sample(leader: int) -> _Sample:
    """The leader's process group (the leader always counts: a worker just started may not
    have made its group yet)."""
    runnable, cpu_s, waited_s = False, {}, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()  # state, ppid, pgrp, …
            if pid != leader and int(fields[2]) != leader:
                continue
            runnable |= fields[0] == b"R"
            cpu_s[pid] = (int(fields[11]) + int(fields[12])) * _TICK_S  # utime + stime
            with open(f"/proc/{pid}/schedstat", "rb") as f:
                waited_s[pid] = int(f.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile, or no scheduler statistics (then: not waiting)
    return _Sample(runnable, cpu_s, waited_s)


def _grown(after: dict[int, float], before: dict[int, float]) -> list[float]:
    return [value - before.get(pid, 0.0) for pid, value in after.items()]


class TaskClock:
    """Seconds a worker (the leader of its process group) and its group have spent on a task
    since it was given, without the time they waited for a CPU."""

    def __init__(self, leader: int) -> None:
        self._leader = leader
        self._last_at = time.monotonic()
        self._last = _sample(leader)
        self._elapsed = 0.0

    def elapsed(self) -> float:
        now, sample = time.monotonic(), _sample(self._leader)
        interval = now - self._last_at
        if sample.runnable:
            step = sum(_grown(sample.cpu_s, self._last.cpu_s))
        else:
            step = interval - max(_grown(sample.waited_s, self._last.waited_s), default=0.0)
        self._elapsed += min(max(step, 0.0), interval)
        self._last_at, self._last = now, sample
        return self._elapsed


def wait_unless_hung(objects: list[Any], leader: int, timeout_s: float) -> list[Any]:
    """`multiprocessing.connection.wait(objects)` until one is ready, or until the worker
    `leader` and its process group have spent `timeout_s` seconds on its task not counting
    their waits for a CPU (then `[]`)."""
    clock = TaskClock(leader)
    while (left := timeout_s - clock.elapsed()) > 0:
        ready = wait(objects, timeout=min(left, SAMPLE_S))
        if ready:
            return ready
    return []
