"""Retry with exponential backoff and full jitter, for transient errors only.

The single policy every engine call goes through: `TransientError` (and bare timeouts /
connection errors) are retried, honouring a server's `retry_after`; anything else propagates at
once. Bounded by attempts and by a total deadline, so a job never retries forever.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.errors import TransientError, is_transient

T = TypeVar("T")
log = logging.getLogger(__name__)


def backoff_delay(attempt: int, base: float = 1.0, cap: float = 30.0) -> float:
    """Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2**attempt)]."""
    return random.uniform(0, min(cap, base * (2**attempt)))


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = 4,
    base_delay: float = 1.0,
    max_delay: float = 30.0,
    deadline_s: float | None = None,
) -> T:
    """Run `call` until it succeeds, a permanent error occurs, or the budget is spent.

    The last transient error is re-raised as `TransientError` so callers can still tell.
    """
    started = time.monotonic()
    for attempt in range(attempts):
        try:
            return await call()
        except Exception as exc:
            if not is_transient(exc) or attempt == attempts - 1:
                raise
            delay = backoff_delay(attempt, base_delay, max_delay)
            if isinstance(exc, TransientError) and exc.retry_after is not None:
                delay = max(delay, min(exc.retry_after, max_delay))
            if deadline_s is not None and time.monotonic() - started + delay > deadline_s:
                raise
            log.warning(
                "transient error (attempt %d/%d), retrying in %.1fs: %s",
                attempt + 1,
                attempts,
                delay,
                exc,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
