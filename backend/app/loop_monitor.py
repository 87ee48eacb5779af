"""Event-loop lag, measured inside the process and reported by /api/health.

A task asks to wake every 50 ms and records how late it actually woke: the time the loop was
busy with something else (a blocking call slipped in, a long synchronous stretch). Production
sees it in health checks; `make bench` reads it while OCR runs. Costs one wake-up per 50 ms.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque

INTERVAL_S = 0.05
WINDOW = 1200  # the last minute


class LoopLagMonitor:
    def __init__(self) -> None:
        self._samples: deque[float] = deque(maxlen=WINDOW)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="loop-lag-monitor")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(INTERVAL_S)
            self._samples.append(max(0.0, (time.perf_counter() - before - INTERVAL_S) * 1000))

    def summary(self) -> dict[str, float]:
        """p50 / p99 / max lag in milliseconds over the last minute."""
        if not self._samples:
            return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "samples": 0}
        ordered = sorted(self._samples)

        def pick(q: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

        return {
            "p50_ms": pick(0.50),
            "p99_ms": pick(0.99),
            "max_ms": round(ordered[-1], 2),
            "samples": len(ordered),
        }
