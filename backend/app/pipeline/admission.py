"""OCR admission: which waiting document is read next, taking turns between users.

`OCR_DOCUMENTS_IN_FLIGHT` bounds the documents this process reads at once (each holds a local
copy of its file and its pages' results). It used to be one first-come-first-served semaphore
for everybody: eight slow files of one user kept another user's one-page scan `uploading` for
up to ten minutes (issue 27). The rule is now the worker pool's (`app/workers.py`):

- users take turns: a free slot goes to the waiting user with the fewest documents in flight,
  on a tie the one admitted longest ago (a new user before all);
- one spare slot, over the limit, for a user with nothing in flight: a backlog that already
  holds every slot never holds another user's first document. Only one such spare at a time,
  so the bound stays `limit + 1`.

In-process and per replica, like the page pool; it knows nothing of jobs or the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import defaultdict, deque
from collections.abc import AsyncIterator


class FairSlots:
    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._in_flight: defaultdict[str, int] = defaultdict(int)
        self._total = 0
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}
        self._last_turn: dict[str, int] = {}
        self._turns = itertools.count()

    @property
    def in_flight(self) -> int:
        return self._total

    @property
    def full(self) -> bool:
        """Every slot taken: a newcomer waits (unless it is a user's first, the spare slot)."""
        return self._total >= self.limit

    def _may_take(self, group: str) -> bool:
        if self._total < self.limit:
            return True
        return self._in_flight[group] == 0 and self._total < self.limit + 1

    def _take(self, group: str) -> None:
        self._in_flight[group] += 1
        self._total += 1
        self._last_turn[group] = next(self._turns)

    def _give(self, group: str) -> None:
        self._in_flight[group] -= 1
        self._total -= 1
        if self._in_flight[group] <= 0:
            del self._in_flight[group]
        self._wake()

    def _wake(self) -> None:
        """Admit waiters while a slot is free for them, fairest first."""
        while self._waiting:
            group = min(
                self._waiting,
                key=lambda g: (self._in_flight.get(g, 0), self._last_turn.get(g, -1)),
            )
            if not self._may_take(group):
                return
            waiters = self._waiting[group]
            future = waiters.popleft()
            if not waiters:
                del self._waiting[group]
            if future.done():  # cancelled while waiting
                continue
            self._take(group)
            future.set_result(None)

    @contextlib.asynccontextmanager
    async def slot(self, group: str) -> AsyncIterator[None]:
        """Hold one slot for `group` (the document's owner) while the block runs."""
        if not self._waiting and self._may_take(group):
            self._take(group)
        else:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.setdefault(group, deque()).append(future)
            self._wake()  # this group may be the one that goes now (the spare slot)
            try:
                await future
            except asyncio.CancelledError:
                if future.done() and not future.cancelled():  # admitted as it was cancelled
                    self._give(group)
                else:
                    self._forget(group, future)
                raise
        try:
            yield
        finally:
            self._give(group)

    def _forget(self, group: str, future: asyncio.Future[None]) -> None:
        waiters = self._waiting.get(group)
        if waiters is not None:
            with contextlib.suppress(ValueError):
                waiters.remove(future)
            if not waiters:
                del self._waiting[group]
