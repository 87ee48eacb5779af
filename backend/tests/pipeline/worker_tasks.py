"""Plain functions for `test_workers.py`: importable by the worker processes."""

from __future__ import annotations

import os
import time


def label(name: str) -> str:
    time.sleep(0.05)
    return name


def spin() -> None:
    """Burns CPU until the budget stops it."""
    while True:
        pass


def allocate(n: int) -> int:
    return len(bytearray(n))


def sleep_forever() -> None:
    time.sleep(3600)


def pid() -> int:
    return os.getpid()


def wait_for_file(path: str) -> str:
    """Holds its worker until the test creates `path` (no timing involved)."""
    while not os.path.exists(path):
        time.sleep(0.01)
    return path


def burn_cpu(seconds: float) -> str:
    """Needs `seconds` of CPU time, however long the scheduler makes that take."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return "done"
