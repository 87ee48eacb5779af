"""One API process works a channel at a time: the one holding the channel's advisory lock,
taken on a connection it keeps while it works. When that process dies its connection closes,
the lock goes with it, and another process (which tries every `RETRY_S`) takes over."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from app.logs import Throttled
from app.runtime import Runtime
from app.store import inbound as store
from app.store.types import Connection

log = logging.getLogger(__name__)
throttled = Throttled(log, 60.0)
RETRY_S = 5.0


async def while_leading(
    rt: Runtime, key: int, name: str, work: Callable[[Connection], Awaitable[None]]
) -> None:
    """Run `work(conn)` whenever this process holds lock `key`; `work` returns when it finds
    the lock lost (`store.holds_lock`). The lock is released before the connection goes back
    to the pool (pooled sessions are not reset)."""
    while True:
        try:
            async with rt.pool.acquire() as conn:
                if await store.try_lock(conn, key):
                    try:
                        log.info("this process works the %s", name)
                        await work(conn)
                    finally:
                        with contextlib.suppress(Exception):
                            await store.unlock(conn, key)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            throttled.warning(name, "the %s stopped for a moment: %s", name, exc)
        await asyncio.sleep(RETRY_S)
