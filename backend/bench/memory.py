"""Peak memory of the API process and its OCR workers, sampled from /proc.

Why this way: the kernel keeps the exact peak RSS of a process (`VmHWM`), but only per process,
and OCR workers and Tesseract come and go. So the process tree under the API pid (forkserver,
pool workers, `tesseract` children) is sampled every 100 ms and the largest total kept, next to
the API's own exact `VmHWM`. PostgreSQL is daemonised by `pg_ctl` and is not in the tree.
RSS double-counts pages shared between forked workers, so the total is an upper bound.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from bench.common import Row


def _status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    """Direct children, from /proc/PID/task/*/children (a few small reads, no /proc scan)."""
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError):
                out.extend(int(c) for c in (task / "children").read_text().split())
    return out


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants, now."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


class RssSampler:
    """Samples the API's process tree until stopped; keeps the peaks (in KiB)."""

    def __init__(self, pid: int, interval_s: float = 0.1) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak_tree_kb = 0
        self.peak_api_kb = 0
        self.max_processes = 0
        self._task: asyncio.Task[None] | None = None

    def sample(self) -> None:
        pids = tree(self.pid)
        rss = {p: _status_kb(p, "VmRSS") for p in pids}
        self.peak_tree_kb = max(self.peak_tree_kb, sum(rss.values()))
        self.peak_api_kb = max(
            self.peak_api_kb, rss.get(self.pid, 0), _status_kb(self.pid, "VmHWM")
        )
        self.max_processes = max(self.max_processes, len(pids))

    async def _loop(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.interval_s)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.sample()  # last look, including VmHWM: the exact peak of the API process

    def rows(self, context: str) -> list[Row]:
        return [
            Row(
                "memory_api_peak_rss",
                f"Peak RSS, API process ({context})",
                self.peak_api_kb / 1024,
                "MiB",
                note="VmHWM: the kernel's exact peak.",
            ),
            Row(
                "memory_tree_peak_rss",
                f"Peak RSS, API + OCR workers ({context})",
                self.peak_tree_kb / 1024,
                "MiB",
                note=f"sampled every {self.interval_s * 1000:.0f} ms over up to "
                f"{self.max_processes} processes; shared pages counted per process.",
            ),
        ]
