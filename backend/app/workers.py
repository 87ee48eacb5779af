"""Worker processes for CPU-bound work (page rendering, Tesseract, thumbnails), with hard budgets.

Why not `ProcessPoolExecutor`: it cannot stop one task. A 4 KB PDF of nested form XObjects
keeps a renderer busy for many minutes; abandoning the future leaves the process running at
100 % CPU and blocks everybody queued behind it. So this is a small pool of our own:

- every task runs under a CPU-time budget (`RLIMIT_CPU`, set per task from the CPU already
  used) and a memory budget (`RLIMIT_AS`, set once per worker; Tesseract inherits both);
- a task that outlives its time limit (wall clock, not counting the time its processes waited
  for a CPU: `task_clock.py`), or whose caller gives up (cancellation), has its worker's whole
  process group killed and replaced, Tesseract child included;
- a worker that dies fails only the task it was running, with an `ErrorCode` saying why;
- tasks are queued per group (the user) and per key (the document) and dispatched
  round-robin, first between users, then between one user's documents, one task at a time:
  one user's ten documents of 2,000 pages do not queue ahead of another user's one page;
- one worker beyond `size` is held back for a user with nothing running: when every worker is
  busy with one user's pages (or with a page that eats its whole CPU budget), another user's
  page starts at once and shares the cores, instead of waiting for a page to finish;
- a worker that was killed or died is replaced right away, off the request path, so the next
  task does not wait for a process to start.

Workers are forked from a forkserver (never from the API process, with its threads and
sockets), run in their own process group, and die with their parent (`PR_SET_PDEATHSIG`).
What a worker needs before its first task (the OCR engine's `init_worker`: one OpenMP
thread, nice 19) is the `initializer` the pool is built with: the pool knows no engine.
A worker whose parent is gone (the API was killed) exits quietly, without a traceback.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes
import itertools
import logging
import multiprocessing
import os
import queue
import resource
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from app.errors import DocstreamError, ErrorCode, PermanentError, TransientError
from app.task_clock import wait_unless_hung

T = TypeVar("T")
log = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1
_CONTEXT = multiprocessing.get_context("forkserver")


@dataclass(frozen=True)
class Budget:
    """What one task may use. `memory_mb` is address space, not RSS: it bounds allocations."""

    cpu_s: float = 120
    memory_mb: int = 2048
    timeout_s: float = 300


# --- inside the worker process --------------------------------------------------------------
def _worker_main(conn: Connection, memory_mb: int, initializer: Callable[[], None] | None) -> None:
    os.setpgid(0, 0)  # a group of its own: killing it takes Tesseract along
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if initializer is not None:
        initializer()
    while True:
        try:
            fn, args, cpu_s = conn.recv()
        except (EOFError, OSError):
            return  # the API went away
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = int(used.ru_utime + used.ru_stime)
        # Soft limit only: SIGXCPU (default action: terminate) when the budget is spent. The
        # hard limit stays where it was, so the next task can get a fresh budget.
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (spent + max(1, int(cpu_s)), hard))
        try:
            reply: tuple[Any, ...] = ("ok", fn(*args))
        except MemoryError:
            reply = ("limit", "memory")
        except DocstreamError as exc:
            transient = isinstance(exc, TransientError)
            reply = ("error", transient, exc.detail, getattr(exc, "code", None))
        except Exception as exc:
            reply = ("crash", f"{type(exc).__name__}: {exc}"[:500])
        try:
            _reply(conn, reply)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            return  # the API went away mid-task (killed): nobody is listening, exit quietly


def _reply(conn: Connection, reply: tuple[Any, ...]) -> None:
    try:
        conn.send(reply)
    except MemoryError:
        conn.send(("limit", "memory"))


# --- in the API process ---------------------------------------------------------------------
@dataclass
class _Task:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    budget: Budget
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop
    group: str = ""


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: bool = False  # a task is in the worker right now
    kill_requested: bool = False  # its caller gave up on it

    def cancel_running(self) -> None:
        """The caller gave up: kill the worker if (and only if) it is still on that task."""
        with self.lock:
            if not self.running:
                return
            self.kill_requested = True
        self.kill()

    def kill(self) -> None:
        """SIGKILL the worker's process group (the worker and any Tesseract it started)."""
        pid = self.process.pid
        if pid is None:
            return
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# group (user) -> key (document) -> its queued tasks, oldest first; both levels take turns.
_Queues = collections.OrderedDict[str, collections.OrderedDict[str, collections.deque[_Task]]]


class WorkerPool:
    def __init__(
        self,
        size: int,
        budget: Budget | None = None,
        *,
        spare: int = 1,
        initializer: Callable[[], None] | None = None,
    ) -> None:
        """`initializer`: a module-level function each worker runs once before its first
        task (it is pickled to the forkserver), e.g. `app.ocr.local_worker.init_worker`."""
        self._initializer = initializer
        self._size = max(1, size)
        self._spare = max(0, spare)
        self.budget = budget or Budget()
        self._queues: _Queues = collections.OrderedDict()
        self._running: collections.Counter[str] = collections.Counter()  # tasks per group
        # When each group last got a worker: who goes first among equals. Forgotten once a
        # group has nothing queued or running (it then starts like a newcomer).
        self._last_turn: dict[str, int] = {}
        self._turns = itertools.count()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._busy = 0
        # The threads that hand a task to a worker and wait for its answer: one per task
        # running, kept for the next task (starting a thread blocks the caller, the event loop,
        # until the thread is scheduled: on a busy machine that was the loop's longest stall).
        self._handoff: queue.SimpleQueue[tuple[_Worker | None, _Task] | None] = queue.SimpleQueue()
        self._waiters = 0
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0  # workers killed or dead and replaced, for health and tests

    @property
    def size(self) -> int:
        return self._size

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=_worker_main,
            args=(child, self.budget.memory_mb, self._initializer),
            daemon=True,
            name="docstream-worker",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    async def warm(self) -> None:
        """Start every worker now, from a thread, so the first OCR job does not wait for it."""

        def _start_all() -> None:
            missing = self._size + self._spare - len(self._idle) - self._busy
            workers = [self._spawn() for _ in range(missing)]
            with self._lock:
                self._idle.extend(workers)

        await asyncio.to_thread(_start_all)
        self._dispatch()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid]

    async def run(
        self,
        fn: Callable[..., T],
        *args: Any,
        key: str = "",
        group: str = "",
        budget: Budget | None = None,
    ) -> T:
        """Run `fn(*args)` in a worker. Groups (users) take turns, then the keys (documents)
        of a group."""
        if self._closed:
            raise TransientError("The server is shutting down; try again shortly.")
        loop = asyncio.get_running_loop()
        task = _Task(fn, args, budget or self.budget, loop.create_future(), loop, group)
        with self._lock:
            keys = self._queues.setdefault(group, collections.OrderedDict())
            keys.setdefault(key, collections.deque()).append(task)
        self._dispatch()
        return await task.future

    def _next_task(self, *, idle_groups_only: bool) -> _Task | None:
        """The group (user) with the fewest tasks running goes first; on a tie, the one served
        longest ago (a new one before all). Its first key's oldest live task runs, and that
        key goes to the back of its group. `idle_groups_only`: only a group with nothing
        running may go (the spare worker is for them)."""
        while self._queues:
            group = min(self._queues, key=lambda g: (self._running[g], self._last_turn.get(g, -1)))
            if idle_groups_only and self._running[group]:
                return None
            keys = self._queues[group]
            while keys:
                key, queue = next(iter(keys.items()))
                task = queue.popleft()
                if queue:
                    keys.move_to_end(key)
                else:
                    del keys[key]
                if not task.future.cancelled():
                    if not keys:
                        del self._queues[group]
                    self._last_turn[group] = next(self._turns)
                    return task
            del self._queues[group]
        return None

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                if self._closed or self._busy >= self._size + self._spare:
                    return
                task = self._next_task(idle_groups_only=self._busy >= self._size)
                if task is None:
                    return
                worker = self._idle.pop() if self._idle else None
                self._busy += 1
                self._running[task.group] += 1
                new_waiter = self._waiters < self._busy
                self._waiters += new_waiter
            self._handoff.put((worker, task))
            if new_waiter:
                threading.Thread(
                    target=self._wait_for_tasks, daemon=True, name="docstream-worker-wait"
                ).start()

    def _wait_for_tasks(self) -> None:
        while (handed := self._handoff.get()) is not None:
            try:
                self._execute(*handed)
            except Exception:  # `_execute` settles every task itself; this thread must live on
                log.exception("the worker pool's waiting thread hit an error")

    def _execute(self, worker: _Worker | None, task: _Task) -> None:
        """In a thread: hand the task to a worker and wait for its answer, its death, or the
        deadline. A worker that did not answer cleanly is killed and never reused."""
        keep: _Worker | None = None
        try:
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    self._retire(worker)
                worker = self._spawn()
            outcome = self._exchange(worker, task)
            if outcome[0] in ("ok", "error", "crash") and not worker.kill_requested:
                keep = worker  # (a kill requested as it answered may still land: never reuse)
            else:
                self._retire(worker)
            self._settle(task, outcome)
        except BaseException as exc:
            if worker is not None:
                self._retire(worker)
            self._settle(task, ("crash", f"{type(exc).__name__}: {exc}"))
        finally:
            if keep is None and not self._closed:
                keep = self._replacement()
            with self._lock:
                self._busy -= 1
                self._running[task.group] -= 1
                if not self._running[task.group]:
                    del self._running[task.group]
                    if task.group not in self._queues:
                        self._last_turn.pop(task.group, None)
                if keep is not None and not self._closed:
                    self._idle.append(keep)
            if keep is not None and self._closed:
                self._retire(keep)
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
                task.loop.call_soon_threadsafe(self._dispatch)

    def _replacement(self) -> _Worker | None:
        """A fresh worker for one that was retired, started now rather than when the next
        page is already waiting for it. If it cannot start, the next task tries again."""
        try:
            return self._spawn()
        except Exception:
            log.exception("could not start a replacement worker; the next task will try again")
            return None

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker for good and reap it; a fresh one is spawned when next needed."""
        worker.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1

    def _exchange(self, worker: _Worker, task: _Task) -> tuple[Any, ...]:
        budget = task.budget
        # The watcher kills the worker when the caller gives up (the document's own timeout,
        # shutdown): a cancelled task must not keep a core busy.
        with worker.lock:
            worker.running, worker.kill_requested = True, False
        task.loop.call_soon_threadsafe(
            lambda: task.future.add_done_callback(
                lambda f: worker.cancel_running() if f.cancelled() else None
            )
        )
        try:
            worker.conn.send((task.fn, task.args, budget.cpu_s))
            # The time limit is for a hung task, not a starved one (app/task_clock.py).
            ready = wait_unless_hung(
                [worker.conn, worker.process.sentinel], worker.process.pid, budget.timeout_s
            )
        finally:
            with worker.lock:
                worker.running = False
        if worker.conn in ready:
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                pass  # it died while answering: look at how
        if not ready:
            return ("timeout",)
        if worker.kill_requested:
            return ("cancelled",)
        worker.process.join(5)
        return ("died", worker.process.exitcode)

    def _settle(self, task: _Task, outcome: tuple[Any, ...]) -> None:
        kind = outcome[0]
        budget = task.budget
        if kind == "ok":
            result: Any = outcome[1]
            exc: BaseException | None = None
        elif kind == "error":
            _, transient, detail, code = outcome
            exc = TransientError(detail, code=code) if transient else PermanentError(detail, code)
        elif kind == "limit" or (kind == "died" and outcome[1] == -signal.SIGXCPU):
            exc = self._limit_error(kind, budget)
        elif kind == "timeout":
            log.warning(
                "a worker task ran past %.0f s; its worker was killed and replaced",
                budget.timeout_s,
            )
            exc = TransientError(
                f"Reading a page took longer than {budget.timeout_s:.0f} seconds and was stopped.",
                code=ErrorCode.TIMEOUT,
            )
        elif kind == "cancelled":
            exc = None
        elif kind == "died":
            # Crashed in native code (a renderer aborting when an allocation fails under
            # RLIMIT_AS) or killed by the kernel's out-of-memory killer: only this task's
            # document hears of it, and it fails rather than taking a worker down again on retry.
            exc = self._died_error(outcome[1], budget)
        else:
            log.error("a worker task crashed: %s", outcome[1])
            exc = RuntimeError(outcome[1])

        def _deliver() -> None:
            if task.future.done():
                return
            if exc is None and kind == "cancelled":
                task.future.cancel()
            elif exc is None:
                task.future.set_result(result)
            else:
                task.future.set_exception(exc)

        with contextlib.suppress(RuntimeError):
            task.loop.call_soon_threadsafe(_deliver)

    @staticmethod
    def _limit_error(kind: str, budget: Budget) -> PermanentError:
        if kind == "limit":
            log.warning(
                "a worker task went over its %d MB memory budget; worker replaced", budget.memory_mb
            )
            return PermanentError(
                f"Reading this file needs more than the {budget.memory_mb} MB of memory one "
                "document may use, so it was stopped. Simplify or split the file and upload it again.",
                ErrorCode.RESOURCE_LIMIT,
            )
        log.warning(
            "a worker task used up its %.0f s CPU budget; worker killed and replaced", budget.cpu_s
        )
        return PermanentError(
            f"Reading a page of this file needs more than the {budget.cpu_s:.0f} seconds of "
            "processing time one page may use, so it was stopped. Simplify the file (print it "
            "to PDF again, or scan it) and upload it again.",
            ErrorCode.RESOURCE_LIMIT,
        )

    @staticmethod
    def _died_error(exit_code: int | None, budget: Budget) -> PermanentError:
        how = f"exit code {exit_code}"
        if exit_code is not None and exit_code < 0:
            try:
                how = signal.Signals(-exit_code).name
            except ValueError:
                how = f"signal {-exit_code}"
        log.error("a worker process died (%s); replaced", how)
        return PermanentError(
            f"The worker reading this file crashed ({how}), most likely because the file needs "
            f"more than the {budget.memory_mb} MB of memory or the processing time one document "
            "may use. Simplify or split the file and upload it again.",
            ErrorCode.RESOURCE_LIMIT,
        )

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            self._idle = []
            workers = list(self._all)
            queued = [t for keys in self._queues.values() for q in keys.values() for t in q]
            self._queues.clear()
            for _ in range(self._waiters):  # each waiting thread ends after its current task
                self._handoff.put(None)
            self._waiters = 0
        for worker in workers:  # busy ones too: their waiting threads see them die
            worker.kill()
        for worker in workers:
            worker.process.join(5)
        for task in queued:
            with contextlib.suppress(RuntimeError):
                task.loop.call_soon_threadsafe(task.future.cancel)
