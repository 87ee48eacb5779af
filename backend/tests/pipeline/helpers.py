"""Helpers for driving the pipeline directly: documents created in the database and storage,
and stand-in engines implementing our own OcrEngine interface (fault injection)."""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import asyncpg
import pytest

from app.domain import Job, JobKind
from app.errors import PermanentError, TransientError
from app.ocr.base import OcrInput, OcrPage, OcrResult, PageSink, ProgressCallback
from app.pipeline.outcome import TaskResult
from app.pipeline.pipeline import Pipeline
from app.pipeline.runner import run_job
from app.runtime import Runtime
from app.store import jobs, uploads


async def create_user(db: asyncpg.Pool) -> str:
    return str(
        await db.fetchval(
            "insert into auth.users (email) values ($1) returning id",
            f"pipe-{uuid.uuid4().hex[:10]}@example.com",
        )
    )


async def create_document(
    rt: Runtime,
    user_id: str,
    content: bytes,
    mime: str = "application/pdf",
    filename: str = "doc.pdf",
    lease_owner: str | None = None,
) -> str:
    """A stored, recorded upload with its queued OCR job, as `accept_upload` leaves it (the job
    leased to `lease_owner`, by default this runtime's process)."""
    document_id = str(uuid.uuid4())
    path = f"{user_id}/{document_id}/{filename}"
    with tempfile.NamedTemporaryFile(delete=False, dir=rt.settings.data_dir) as f:
        f.write(content)
    await rt.storage.save(path, Path(f.name), mime)
    async with rt.pool.acquire() as conn:
        recorded = await uploads.record_upload(  # as accept_upload records one
            conn,
            document_id=document_id,
            user_id=user_id,
            filename=filename,
            file_path=path,
            mime_type=mime,
            size=len(content),
            sha256=uuid.uuid4().hex * 2,  # never a duplicate: each call is a new document
            lease_owner=lease_owner or rt.worker_id,
            lease_ttl_s=rt.settings.lease_ttl_s,
            limit=1_000_000,  # the quota is not what these tests are about
            storage_limit_bytes=1 << 50,
        )
    assert recorded is not None
    return document_id


async def active_job(rt: Runtime, document_id: str, kind: JobKind = JobKind.OCR) -> Job:
    found = await jobs.active(rt.pool, uuid.UUID(document_id), kind)
    assert found is not None, f"no unfinished {kind} job for {document_id}"
    return found[0]


async def process(pipeline: Pipeline, document_id: str) -> TaskResult:
    """Run the document's pending OCR job (and its metadata follow-up) as the queue would."""
    job = await active_job(pipeline.rt, document_id)
    async with pipeline.queue.holding(job.id):
        return await run_job(pipeline.rt, pipeline.queue, job)


async def settle(pipeline: Pipeline, timeout: float = 30) -> None:
    """Wait until the pipeline's queue has no job left (queued, running or held)."""
    queue = pipeline.queue
    await wait_until(
        lambda: queue.active == 0 and not queue.held,
        timeout,
        "the runtime's jobs did not finish",
    )


async def wait_until(
    predicate: Callable[[], object], timeout: float, message: str, interval: float = 0.05
) -> None:
    """Poll `predicate` (sync or async) until true; fail with `message` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} (waited {timeout:.0f}s)")
        await asyncio.sleep(interval)


@contextmanager
def swapped(rt: Runtime, attribute: str, replacement: object) -> Iterator[object]:
    """Put a stand-in engine (`ocr`) or agent (`metadata`) into the runtime for one test."""
    real = getattr(rt, attribute)
    setattr(rt, attribute, replacement)
    try:
        yield replacement
    finally:
        setattr(rt, attribute, real)


class ScriptedOcr:
    """An OcrEngine that follows a script: each call pops the next step.

    A step is an exception to raise, "ok" to return a one-page result, or an asyncio.Event to
    wait on before returning (a slow job)."""

    name = "scripted"

    def __init__(self, *steps: object) -> None:
        self.steps = list(steps)
        self.calls = 0

    def reading(self) -> str:
        return self.name

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        self.calls += 1
        step = self.steps.pop(0) if self.steps else "ok"
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, asyncio.Event):
            await step.wait()
        await progress(1, 1)
        return OcrResult(
            pages=[OcrPage(index=0, markdown="Scripted text for a test document. " * 3)],
            model="scripted",
        )

    async def aclose(self) -> None:
        return None


def fail_once(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    exc: BaseException,
    about: Iterable[object] = (),
    store: ModuleType = jobs,
) -> dict[str, int]:
    """The next call of `app.store.jobs.<name>` (or of another store module's, `store`)
    raises `exc`; later calls go through.

    With `about` (document and job ids), only calls about one of them count: a runtime shared by
    a module's tests may still be finishing an earlier test's documents in the background (on a
    loaded machine, it often is), and one of their calls must not take this test's failure."""
    real = getattr(store, name)
    wanted = {str(x) for x in about}
    calls = {"n": 0}

    def concerns(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        if not wanted:
            return True
        for arg in (*args, *kwargs.values()):
            for value in (arg, getattr(arg, "id", None), getattr(arg, "document_id", None)):
                if value is not None and str(value) in wanted:
                    return True
        return False

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        if concerns(args, kwargs):
            calls["n"] += 1
            if calls["n"] == 1:
                raise exc
        return await real(*args, **kwargs)

    monkeypatch.setattr(store, name, flaky)
    return calls


@contextmanager
def ranges_of(rt: Runtime, size: int) -> Iterator[None]:
    """Split PDFs of more than `size` pages into page-range runs (`OCR_RANGE_PAGES`)."""
    before, rt.settings.ocr_range_pages = rt.settings.ocr_range_pages, size
    try:
        yield
    finally:
        rt.settings.ocr_range_pages = before


async def ocr_runs(db, doc_id: str) -> list:
    """The document's OCR runs, oldest first (a split document: the first, then its ranges)."""
    return await db.fetch(
        "select id, state, page_start, page_stop, attempt, error_code from document_jobs "
        "where document_id = $1 and kind = 'ocr' order by attempt",
        doc_id,
    )


async def status(db, doc_id: str) -> str:
    return str(await db.fetchval("select status from documents where id = $1", doc_id))


async def has_status(db, doc_id: str, expected: str) -> bool:
    return await status(db, doc_id) == expected


async def runs(db, doc_id: str, kind: str = "ocr") -> list[tuple[str, str | None]]:
    rows = await db.fetch(
        "select state, error_code from document_jobs where document_id = $1 "
        "and kind = $2 order by attempt",
        doc_id,
        kind,
    )
    return [(r["state"], r["error_code"]) for r in rows]


class GatedOcr:
    """Wraps a real OcrEngine: every call waits at a gate the test opens, then does the real work.

    The gate is a `threading.Event` so a test can open it from outside the event loop the engine
    runs on (the live server has its own loop in its own thread). While it is closed the test
    knows for certain that OCR is in flight, whatever the machine's speed.
    """

    def __init__(self, real: object, hold_limit_s: float = 120) -> None:
        self.real, self.name = real, getattr(real, "name", "gated")
        self.gate = threading.Event()
        self._limit = hold_limit_s
        self._lock = threading.Lock()
        self._waiting = 0

    @property
    def waiting(self) -> int:
        """Calls held at the gate right now."""
        with self._lock:
            return self._waiting

    def reading(self) -> str:
        return self.real.reading()  # type: ignore[attr-defined,no-any-return]

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        with self._lock:
            self._waiting += 1
        try:
            await asyncio.to_thread(self.gate.wait, self._limit)
        finally:
            with self._lock:
                self._waiting -= 1
        return await self.real.process(source, progress, pages)  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        return None  # the real engine belongs to the runtime, which closes it


class HeldPages:
    """Wraps a real OcrEngine: pages from index `held_from` on are read, then held before they
    are stored until the test opens `gate` (a `threading.Event`, openable from any thread).
    So "pages 21-40 are still running" is certain while the test looks, whatever the speed."""

    def __init__(self, real: object, held_from: int, hold_limit_s: float = 300) -> None:
        self.real, self.name, self.held_from = real, getattr(real, "name", "held"), held_from
        self.gate = threading.Event()
        self._limit = hold_limit_s

    def reading(self) -> str:
        return self.real.reading()  # type: ignore[attr-defined,no-any-return]

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        assert pages is not None
        outer, held = pages, self

        class Sink:
            @property
            def done(self) -> Mapping[int, OcrPage]:
                return outer.done

            async def save(self, new: Sequence[OcrPage]) -> None:
                if any(p.index >= held.held_from for p in new):
                    await asyncio.to_thread(held.gate.wait, held._limit)
                await outer.save(new)

        return await self.real.process(source, progress, Sink())  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        return None


class RecordingDispatcher:
    """A remote queue (Cloud Tasks mode) that records hand-backs and delivers nothing: the test
    delivers each task itself, with `run_task`."""

    remote = True

    def __init__(self) -> None:
        self.handed_back: list[Job] = []

    def new_job_owner(self) -> str | None:
        return None

    async def enqueue(self, job: Job, *, delay_s: float = 0.0) -> bool:
        return False

    async def hand_back(self, job: Job) -> str:
        self.handed_back.append(job)
        return f"tasks/{job.document_id}-{job.kind}-{job.attempt}-hback"

    async def aclose(self) -> None:
        return None


async def terminated_query_error(dsn: str) -> Exception:
    """What a query raises on a connection the server terminated (pg_terminate_backend)."""
    victim = await asyncpg.connect(dsn)
    killer = await asyncpg.connect(dsn)
    try:
        await killer.execute("select pg_terminate_backend($1)", victim.get_server_pid())
        try:
            await victim.fetchval("select 1")
        except Exception as exc:
            return exc
        raise AssertionError("the terminated connection still answered")
    finally:
        await killer.close()
        victim.terminate()


__all__ = [
    "GatedOcr",
    "HeldPages",
    "PermanentError",
    "RecordingDispatcher",
    "ScriptedOcr",
    "TransientError",
    "active_job",
    "create_document",
    "create_user",
    "fail_once",
    "has_status",
    "ocr_runs",
    "process",
    "ranges_of",
    "runs",
    "settle",
    "status",
    "terminated_query_error",
    "wait_until",
]
