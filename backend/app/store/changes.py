"""The local change feed: one LISTEN connection per process, fanned out to SSE subscribers.

The `documents_notify` trigger sends `{eventType, user_id, id, new, old}` on channel
`document_changes`. Subscribers register per user and get only their own rows. When a payload
was too large for NOTIFY (`truncated`), the row is fetched here once for all its subscribers.
If the LISTEN connection drops, it reconnects and tells subscribers to re-fetch (`resync`),
because NOTIFY does not replay what was missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from app.store.documents import get_public_json

log = logging.getLogger(__name__)
CHANNEL = "document_changes"
QUEUE_SIZE = 1000


class ChangeFeed:
    def __init__(self, dsn: str, pool: asyncpg.Pool) -> None:
        self._dsn = dsn
        self._pool = pool
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._pending: set[asyncio.Task[None]] = set()  # strong refs: the loop keeps only weak ones

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="change-feed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), timeout=10)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @contextlib.asynccontextmanager
    async def subscribe(self, user_id: str) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._subscribers[user_id].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[user_id].discard(queue)
            if not self._subscribers[user_id]:
                del self._subscribers[user_id]

    def _publish(self, user_id: str, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers.get(user_id, ())):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # A subscriber that cannot keep up gets told to re-fetch instead of a backlog.
                with contextlib.suppress(asyncio.QueueEmpty):
                    while True:
                        queue.get_nowait()
                queue.put_nowait({"type": "resync"})

    def _dispatch(self, _conn: Any, _pid: int, _channel: str, payload: object) -> None:
        task = asyncio.create_task(self._on_notify(str(payload)))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _on_notify(self, payload: str) -> None:
        try:
            event = json.loads(payload)
        except ValueError:
            return
        user_id = str(event.get("user_id"))
        if user_id not in self._subscribers:
            return
        if event.get("truncated") and event["eventType"] != "DELETE":
            row = await get_public_json(self._pool, event["id"])
            if row is None:
                return
            event["new"] = row
            event.pop("truncated")
        self._publish(
            user_id,
            {
                "type": "change",
                "eventType": event["eventType"],
                "new": event.get("new", {}),
                "old": event.get("old", {}),
            },
        )

    async def _run(self) -> None:
        delay = 0.5
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self._dsn, timeout=10)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _c, ev=lost: ev.set())
                await conn.add_listener(CHANNEL, self._dispatch)
                if self._connected.is_set():  # a reconnect: anything may have been missed
                    for user_id in list(self._subscribers):
                        self._publish(user_id, {"type": "resync"})
                self._connected.set()
                delay = 0.5
                while not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), timeout=30)
                    if not lost.is_set():
                        await conn.execute("select 1")  # notices a dead socket
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("change feed connection lost (%s); reconnecting in %.1fs", exc, delay)
            finally:
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await conn.close(timeout=2)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)
