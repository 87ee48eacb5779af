"""The process pool for CPU-bound work (page rendering, Tesseract, thumbnails).

Sized to the cores. A worker killed by the kernel (out of memory on a hostile file) breaks a
`ProcessPoolExecutor` for good; this wrapper replaces it and reports a transient error, so one
bad document does not take OCR down for everybody.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from app.errors import TransientError
from app.ocr.local_worker import init_worker

T = TypeVar("T")
log = logging.getLogger(__name__)


class WorkerPool:
    def __init__(self, size: int) -> None:
        self._size = size
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # forkserver: never fork the API process itself (its threads and sockets).
        return ProcessPoolExecutor(
            max_workers=self._size,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=init_worker,
        )

    async def warm(self) -> None:
        """Start every worker process now, from a thread: spawning happens inside `submit`, and
        the first OCR job should not stall the event loop doing it."""

        def _start_all() -> None:
            futures = [self._executor.submit(os.getpid) for _ in range(self._size * 2)]
            for future in futures:
                future.result(timeout=60)

        await asyncio.to_thread(_start_all)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        executor = self._executor
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
        except BrokenProcessPool:
            if executor is self._executor:
                log.error("an OCR worker process died; starting a new pool")
                self._executor = self._new()
                executor.shutdown(wait=False, cancel_futures=True)
            raise TransientError("The OCR worker stopped unexpectedly (the file may be too large).") from None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
