"""Wait for a condition, never for a guessed amount of time.

A test that sleeps "long enough" passes on a quiet machine and fails on a loaded one (or hides a
bug on a fast one). These poll the condition itself until a deadline and then fail with a message
that says what was awaited and what was seen last, so a red run explains itself.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")
Message = str | Callable[[], str]


def _explain(message: Message, timeout: float) -> str:
    text = message() if callable(message) else message
    return f"{text} (waited {timeout:g}s)"


def wait_until(
    predicate: Callable[[], T], timeout: float, message: Message, interval: float = 0.05
) -> T:
    """Poll `predicate` until it returns something truthy, and return that.

    `message` (or a callable giving it, evaluated only on failure, so it can show the last state)
    becomes the AssertionError raised at the deadline.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(_explain(message, timeout))
        time.sleep(interval)


async def eventually(
    predicate: Callable[[], T | Awaitable[T]],
    timeout: float,
    message: Message,
    interval: float = 0.05,
) -> T:
    """`wait_until` for async tests: `predicate` may be a plain or an async function, and the
    event loop keeps running (the server under test may live on it) while we wait."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(_explain(message, timeout))
        await asyncio.sleep(interval)
