"""The process pool for CPU-bound work (page rendering, Tesseract, thumbnails).

Sized to the cores. A worker killed by the kernel (out of memory on a hostile file) breaks a
`ProcessPoolExecutor` for good; this wrapper replaces it and reports a transient error, so one
bad document does not take OCR down for everybody.

Workers belong to the API process and to nobody else:
- they ignore SIGINT, so Ctrl-C in a terminal (which signals the whole foreground process
  group) does not print a `KeyboardInterrupt` traceback from each of them; the API stops them
  when it shuts down (`shutdown`);
- they exit when the API process is gone, even when it was killed with SIGKILL: each worker
  holds both ends of its task queue (and the forkserver's liveness pipe), so without a watch
  it would wait on that queue forever as an orphan. A thread in each worker waits on a pidfd
  of the API process and ends the worker the moment the API exits.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import select
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from app.errors import TransientError

T = TypeVar("T")
log = logging.getLogger(__name__)
STOP_GRACE_S = 2.0


def _exit_with(api_pid: int) -> None:
    """Block until the API process exits, then end this worker at once."""
    try:
        fd = os.pidfd_open(api_pid)
    except ProcessLookupError:
        os._exit(0)
    select.select([fd], [], [])
    os._exit(0)


def _init_process(api_pid: int) -> None:
    """Runs first in every worker: ignore Ctrl-C, exit with the API, then the OCR setup."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "pidfd_open"):  # Linux; elsewhere the queue's EOF on shutdown is all there is
        threading.Thread(target=_exit_with, args=(api_pid,), daemon=True,
                         name="exit-with-api").start()
    # Imported here: unpickling this function imports this module first, and app.ocr imports it.
    from app.ocr.local_worker import init_worker

    init_worker()


class WorkerPool:
    def __init__(self, size: int) -> None:
        self._size = size
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # forkserver: never fork the API process itself (its threads and sockets).
        return ProcessPoolExecutor(
            max_workers=self._size,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_init_process,
            initargs=(os.getpid(),),
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

    def pids(self) -> list[int]:
        """The worker processes alive now (for tests and diagnostics)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return [p.pid for p in list(processes.values()) if p.is_alive() and p.pid]

    def shutdown(self) -> None:
        """Stop the workers now: queued work is dropped (its documents are re-queued by their
        lease), a page still being read gets `STOP_GRACE_S`, then the worker is terminated, so
        no worker outlives the API."""
        executor = self._executor
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(STOP_GRACE_S)
            if process.is_alive():
                process.terminate()
                process.join(STOP_GRACE_S)
            if process.is_alive():
                process.kill()
                process.join(STOP_GRACE_S)
