"""Thumbnails: a product of the pipeline, stored with the document.

Rendered once the OCR result is saved (first page, in the worker pool under its budgets) and
stored beside the original in file storage, so every replica, and Supabase mode, serves it
without a local cache. A document from before this existed is rendered on its first request.
A page that cannot be rendered is remembered (in this process's data directory): a hostile file
costs one render, not one per request, and every later request answers the same 422 at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from pathlib import Path

from app.domain import Document, PageTurn
from app.errors import PermanentError, StoredFileMissingError
from app.logs import log_context
from app.ocr import local_worker
from app.runtime import Runtime
from app.store import documents

log = logging.getLogger(__name__)


def storage_key(doc: Document) -> str:
    return f"{doc.user_id}/{doc.id}/thumbnail.png"


def _failure_path(rt: Runtime, document_id: uuid.UUID) -> Path:
    return rt.settings.data_dir / "thumbnails" / f"{document_id}.failed"


def _write_private(target: Path, data: bytes) -> None:
    """Write atomically, readable by this user only (0600 in a 0700 directory)."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.parent.chmod(0o700)
    tmp = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.replace(target)


async def render_and_store(rt: Runtime, doc: Document, turn: PageTurn | None = None) -> bytes:
    """Render the first page upright (turned as the OCR turned it to read it: `turn`, else
    as stored with the OCR result) and store it; a 422-class failure is remembered, then
    raised."""
    if turn is None:
        turns = await documents.get_page_turns(rt.pool, doc.id, 0, 1)
        turn = turns[0] if turns else PageTurn(0)
    try:
        async with rt.storage.local_file(doc.file_path) as path:
            png: bytes = await rt.workers.run(
                local_worker.thumbnail,
                str(path),
                doc.mime_type,
                rt.settings.max_image_pixels,
                local_worker.THUMB_WIDTH,
                turn.degrees,
                key=f"thumbnail:{doc.id}",
                group=str(doc.user_id),
            )
    except StoredFileMissingError:
        raise
    except PermanentError as exc:
        if exc.status_code == 422:  # the file's fault, not a passing one: remember it
            with log_context(document_id=doc.id):
                log.info("no thumbnail: %s", exc.detail)
            await asyncio.to_thread(_write_private, _failure_path(rt, doc.id), exc.detail.encode())
        raise
    await rt.storage.save(storage_key(doc), png, "image/png")  # one trip to a thread, no temp file
    return png


async def at_ingest(rt: Runtime, doc: Document, turn: PageTurn | None = None) -> None:
    """After OCR (with the first page's turn): best effort. A thumbnail that cannot be made
    never fails the document. A page read again replaces the stored one."""
    try:
        await render_and_store(rt, doc, turn)
    except Exception as exc:  # the preview is optional; the request path says why later
        log.info("thumbnail not stored at ingest: %s", exc)


async def get(rt: Runtime, doc: Document) -> bytes:
    """The stored thumbnail, a remembered failure (raised), or a first render now."""
    with contextlib.suppress(StoredFileMissingError):
        return await rt.storage.read(storage_key(doc))
    with contextlib.suppress(OSError):
        detail = await asyncio.to_thread(_failure_path(rt, doc.id).read_text)
        raise PermanentError(detail)
    return await render_and_store(rt, doc)


async def forget(rt: Runtime, doc_id: uuid.UUID, user_id: str) -> None:
    """When the document is deleted: its stored thumbnail and any remembered failure."""
    with contextlib.suppress(Exception):
        await rt.storage.delete(f"{user_id}/{doc_id}/thumbnail.png")
    with contextlib.suppress(OSError):
        await asyncio.to_thread(_failure_path(rt, doc_id).unlink, True)
