"""Helpers for driving the pipeline directly: documents created in the database and storage,
and stand-in engines implementing our own OcrEngine interface (fault injection)."""

from __future__ import annotations

import asyncio
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg

from app.errors import PermanentError, TransientError
from app.ocr.base import OcrInput, OcrPage, OcrResult, ProgressCallback
from app.runtime import Runtime
from app.store import documents


async def create_user(db: asyncpg.Pool) -> str:
    return str(await db.fetchval("insert into auth.users (email) values ($1) returning id",
                                 f"pipe-{uuid.uuid4().hex[:10]}@example.com"))


async def create_document(rt: Runtime, user_id: str, content: bytes, mime: str = "application/pdf",
                          filename: str = "doc.pdf", lease_owner: str | None = None) -> str:
    document_id = str(uuid.uuid4())
    path = f"{user_id}/{document_id}/{filename}"
    with tempfile.NamedTemporaryFile(delete=False, dir=rt.settings.data_dir) as f:
        f.write(content)
    await rt.storage.save(path, Path(f.name), mime)
    await documents.insert_uploaded(
        rt.pool, document_id=document_id, user_id=user_id, filename=filename, file_path=path,
        mime_type=mime, size=len(content), sha256="0" * 64,
        lease_owner=lease_owner or rt.worker_id, lease_ttl_s=rt.settings.lease_ttl_s,
    )
    return document_id


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

    async def process(self, source: OcrInput, progress: ProgressCallback) -> OcrResult:
        self.calls += 1
        step = self.steps.pop(0) if self.steps else "ok"
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, asyncio.Event):
            await step.wait()
        await progress(1, 1)
        return OcrResult(pages=[OcrPage(index=0, markdown="Scripted text for a test document. " * 3)],
                         model="scripted")

    async def aclose(self) -> None:
        return None


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

    async def process(self, source: OcrInput, progress: ProgressCallback) -> OcrResult:
        with self._lock:
            self._waiting += 1
        try:
            await asyncio.to_thread(self.gate.wait, self._limit)
        finally:
            with self._lock:
                self._waiting -= 1
        return await self.real.process(source, progress)  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        return None  # the real engine belongs to the runtime, which closes it


__all__ = ["GatedOcr", "PermanentError", "ScriptedOcr", "TransientError", "create_document", "create_user"]
