"""Use cases on existing documents: retry, regenerate (claim), delete, file and thumbnail."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from typing import Any

import asyncpg

from app.auth import AuthUser
from app.errors import ConflictError, NotFoundError, PermanentError
from app.ocr import local_worker
from app.runtime import Runtime
from app.store import documents

log = logging.getLogger(__name__)
NOT_FOUND = "Document not found."


def parse_id(raw: Any) -> str:
    """A malformed id names no document of yours: 404, like somebody else's id."""
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        raise NotFoundError(NOT_FOUND) from None


async def get_owned(rt: Runtime, user: AuthUser, document_id: Any) -> asyncpg.Record:
    row = await documents.get_for_user(rt.pool, user.id, parse_id(document_id))
    if row is None:
        raise NotFoundError(NOT_FOUND)
    return row


async def retry(rt: Runtime, user: AuthUser, document_id: Any) -> asyncpg.Record:
    doc = await get_owned(rt, user, document_id)
    row = await documents.requeue_for_retry(rt.pool, user.id, str(doc["id"]), rt.worker_id,
                                            rt.settings.lease_ttl_s)
    if row is None:
        raise ConflictError(
            f"This document is {doc['status'].replace('_', ' ')}; only failed documents can be retried."
        )
    log.info("[%s] retry requested by its owner", row["id"])
    return row


async def claim_regenerate(rt: Runtime, user: AuthUser, document_id: Any) -> tuple[Any, Any]:
    doc = await get_owned(rt, user, document_id)
    if doc["status"] != "ocr_complete":
        raise ConflictError("Text extraction has not finished yet; metadata needs the OCR text.")
    claimed = await documents.claim_for_metadata(rt.pool, str(doc["id"]), rt.worker_id,
                                                 rt.settings.lease_ttl_s, user.id)
    if claimed is None:
        raise ConflictError("Metadata is being generated right now; try again in a moment.")
    return claimed, claimed["lease_token"]


async def delete(rt: Runtime, user: AuthUser, document_id: Any) -> None:
    row = await documents.delete_for_user(rt.pool, user.id, parse_id(document_id))
    if row is None:
        raise NotFoundError(NOT_FOUND)
    # The row (and, by cascade, the OCR result) is gone; a file left behind is only garbage.
    try:
        await rt.storage.delete(row["file_path"])
    except Exception as exc:
        log.warning("[%s] deleted, but removing its file failed: %s", row["id"], exc)
    for path in (_thumb_path(rt, str(row["id"])), _thumb_failure_path(rt, str(row["id"]))):
        with contextlib.suppress(OSError):
            await asyncio.to_thread(path.unlink, True)
    log.info("[%s] deleted by its owner", row["id"])


def _thumb_path(rt: Runtime, document_id: str):
    return rt.settings.data_dir / "thumbnails" / f"{document_id}.png"


def _thumb_failure_path(rt: Runtime, document_id: str):
    return rt.settings.data_dir / "thumbnails" / f"{document_id}.failed"


def _write_private(target: Any, data: bytes) -> None:
    """Write atomically, readable by this user only (0600 in a 0700 directory)."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.parent.chmod(0o700)
    tmp = target.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.replace(target)


async def thumbnail(rt: Runtime, user: AuthUser, document_id: Any) -> bytes:
    """First page as PNG, rendered once in the worker pool (under its budgets) and cached on
    disk. A page that cannot be rendered is remembered too: a hostile file costs one render,
    not one per request, and every later request answers the same 422 at once."""
    doc = await get_owned(rt, user, document_id)
    cached = _thumb_path(rt, str(doc["id"]))
    failed = _thumb_failure_path(rt, str(doc["id"]))
    with contextlib.suppress(OSError):
        return await asyncio.to_thread(cached.read_bytes)
    with contextlib.suppress(OSError):
        raise PermanentError((await asyncio.to_thread(failed.read_bytes)).decode())
    try:
        async with rt.storage.local_file(doc["file_path"]) as path:
            png = await rt.workers.run(local_worker.thumbnail, str(path), doc["mime_type"],
                                       rt.settings.max_image_pixels, key=f"thumbnail:{doc['id']}")
    except PermanentError as exc:
        if exc.status_code == 422:  # the file's fault, not a passing one: remember it
            log.info("[%s] no thumbnail: %s", doc["id"], exc.detail)
            await asyncio.to_thread(_write_private, failed, exc.detail.encode())
        raise
    await asyncio.to_thread(_write_private, cached, png)
    return png
