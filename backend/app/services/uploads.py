"""Accepting an upload: sniff the type, store, record.

The body was parsed as it arrived, under the size limit, by `app/api/multipart.py` (the
handler); this takes the received file from there (`app.ingest.ReceivedFile`). The file is stored
and the row recorded at the same time; the 202 waits until both are durable. If the record
fails the stored file is removed; if storing fails the committed row is deleted again; so a
refused upload leaves neither an orphan file nor a row pointing at nothing. An insert whose
outcome is unknown (the connection broke around the commit) is looked up before anything is
removed. OCR is never awaited here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid

from app.auth import AuthUser
from app.domain import Document, Job, JobKind, MetadataStatus
from app.errors import (
    DocstreamError,
    QuotaExceededError,
    ServiceUnavailableError,
    UnsupportedMediaTypeError,
)
from app.ingest import SUPPORTED_TYPES, ReceivedFile, sniff_mime_type
from app.logs import log_context
from app.pipeline.dispatch import Dispatcher
from app.runtime import Runtime
from app.store import documents, jobs
from app.store import uploads as upload_store
from app.store.files import safe_filename
from app.store.types import Connection

log = logging.getLogger(__name__)
EARLY_CHECK_TTL_S = 30.0
_under_quota_until: dict[str, float] = {}


def _quota_error(rt: Runtime) -> QuotaExceededError:
    return QuotaExceededError(
        f"Upload limit reached: {rt.settings.usage_limit_per_month} documents this month."
    )


def _storage_error(rt: Runtime) -> QuotaExceededError:
    limit_mb = rt.settings.usage_storage_limit_mb
    shown = f"{limit_mb / 1024:g} GB" if limit_mb >= 1024 else f"{limit_mb:g} MB"
    return QuotaExceededError(
        f"Storage limit reached: your documents may hold {shown} of files, copies included. "
        "Delete documents you no longer need to make room."
    )


async def check_quota(rt: Runtime, user: AuthUser) -> None:
    """A cheap early refusal, before the body is read. Not the limit itself: that is
    `_record`, which reserves the slot atomically with the insert.

    A user found under the limit is not counted again for `EARLY_CHECK_TTL_S` (like the user
    lookup in `app/auth/users.py`): a count and a connection round trip less on most uploads.
    The cost of a stale answer is only that an upload over the limit is read before `_record`
    refuses it (same 403, the stored file removed)."""
    now = time.monotonic()
    if _under_quota_until.get(user.id, 0.0) > now:
        return
    if await documents.quota_used(rt.pool, user.id) >= rt.settings.usage_limit_per_month:
        _under_quota_until.pop(user.id, None)
        raise _quota_error(rt)
    if await upload_store.storage_used(rt.pool, user.id) >= rt.settings.usage_storage_limit_bytes:
        _under_quota_until.pop(user.id, None)
        raise _storage_error(rt)
    if len(_under_quota_until) > 10_000:
        _under_quota_until.clear()
    _under_quota_until[user.id] = now + EARLY_CHECK_TTL_S


async def _record(
    rt: Runtime,
    lease_owner: str | None,
    user: AuthUser,
    document_id: uuid.UUID,
    received: ReceivedFile,
    path: str,
    mime: str,
) -> tuple[Document, Job | None]:
    """The document, its OCR job and a quota slot, committed together: a new upload in ONE
    round trip (`upload_store.record_upload`; the slot is reserved under a per-user lock, so N
    concurrent uploads with M slots left commit exactly M).

    Bytes this user already has processed make a duplicate instead: it takes no quota slot,
    gets no OCR job and is never usage-counted; it carries its original's text and metadata
    (a metadata job only if the original's metadata is not finished)."""
    async with rt.pool.acquire() as conn:
        for _ in range(3):
            try:
                recorded = await upload_store.record_upload(
                    conn,
                    document_id=document_id,
                    user_id=user.id,
                    filename=received.filename,
                    file_path=path,
                    mime_type=mime,
                    size=received.size,
                    sha256=received.sha256,
                    lease_owner=lease_owner,
                    lease_ttl_s=rt.settings.lease_ttl_s,
                    limit=rt.settings.usage_limit_per_month,
                    storage_limit_bytes=rt.settings.usage_storage_limit_bytes,
                )
            except upload_store.QuotaFullError:
                _under_quota_until.pop(user.id, None)
                raise _quota_error(rt) from None
            except upload_store.StorageFullError:
                _under_quota_until.pop(user.id, None)
                raise _storage_error(rt) from None
            if recorded is not None:
                return recorded
            async with conn.transaction():
                original = await upload_store.find_original(conn, user.id, received.sha256)
                if original is not None:
                    return await _insert_duplicate(
                        rt, lease_owner, conn, user, original, document_id, received, mime
                    )
            # The original went in between (deleted): record it as a new upload after all.
    raise LookupError("the upload's original kept changing; it was not recorded")


async def _insert_duplicate(
    rt: Runtime,
    lease_owner: str | None,
    conn: Connection,
    user: AuthUser,
    original: Document,
    document_id: uuid.UUID,
    received: ReceivedFile,
    mime: str,
) -> tuple[Document, Job | None]:
    """Bytes this user already has processed: no quota slot, no OCR job, no copy (the file
    and OCR result are shared); a metadata job only if the original's metadata is not
    finished. Its size still counts toward the storage quota."""
    used = await upload_store.lock_storage(conn, user.id)
    if used + received.size > rt.settings.usage_storage_limit_bytes:
        _under_quota_until.pop(user.id, None)
        raise _storage_error(rt)
    doc = await upload_store.insert_duplicate(
        conn,
        document_id=document_id,
        original=original,
        filename=received.filename,
        mime_type=mime,
    )
    job = None
    if doc.metadata_status is not MetadataStatus.COMPLETE:
        job = await jobs.create(
            conn,
            doc.id,
            JobKind.METADATA,
            lease_owner=lease_owner,
            lease_ttl_s=rt.settings.lease_ttl_s,
        )
    return doc, job


async def _committed_anyway(
    rt: Runtime, document_id: uuid.UUID
) -> tuple[Document, Job | None] | None:
    """After an ambiguous failure (the connection broke around the commit): did the row land?
    Answer what is true: a committed upload is acknowledged, never deleted — once its commit
    is on disk (it may have been committed without waiting for the flush; see
    `upload_store.record_upload`)."""
    with contextlib.suppress(Exception):
        doc = await documents.get(rt.pool, document_id)
        if doc is not None:
            await upload_store.flush_commits(rt.pool)
            if doc.duplicate_of is not None:
                found = await jobs.active(rt.pool, doc.id, JobKind.METADATA)
                return doc, (found[0] if found is not None else None)
            found = await jobs.active(rt.pool, doc.id, JobKind.OCR)
            if found is not None:
                return doc, found[0]
    return None


async def accept_upload(
    rt: Runtime,
    dispatcher: Dispatcher,
    user: AuthUser,
    received: ReceivedFile,
    document_id: uuid.UUID | None = None,
) -> tuple[Document, Job | None]:
    """Everything between the request and the 202: the new `uploading` document and its
    queued OCR job (to be dispatched once the response is on its way), or a duplicate that
    needs no OCR (and a job only if its metadata is still to be written). The job is created
    for `dispatcher`: leased to this process, or free for a remote queue. The caller checked
    the quota early (`check_quota`) and received the body; a temporary file left here is
    removed whatever happens. `document_id`: the id an inbound channel recorded for its source
    before calling (`app/inbound/`), so a retry after a crash finds the same document."""
    stored = False
    try:
        mime = sniff_mime_type(received.head)
        if mime is None:
            raise UnsupportedMediaTypeError(
                f"Unsupported file type. Upload a {SUPPORTED_TYPES} file."
            )
        document_id = document_id or uuid.uuid4()
        path = f"{user.id}/{document_id}/{safe_filename(received.filename)}"
        with log_context(document_id=document_id):
            # The file and the row are made durable at the same time, and the 202 waits for
            # both: the two waits for the disk (file and directory fsync; the WAL flush) overlap
            # instead of adding up. Whichever fails, the other is undone.
            saved, recorded = await asyncio.gather(
                _store(rt, path, received, mime),
                _record_durably(
                    rt, dispatcher.new_job_owner(), user, document_id, received, path, mime
                ),
                return_exceptions=True,
            )
            for outcome in (saved, recorded):
                if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
                    raise outcome  # cancelled: shutting down
            stored = not isinstance(saved, BaseException)  # `save` consumed the temp file
            if isinstance(recorded, BaseException):
                if stored:
                    await _remove_stored(rt, path)
                raise recorded
            if isinstance(saved, BaseException):
                await _unrecord(rt, recorded[0])
                raise saved
            doc, job = recorded
            if doc.file_path != path:  # a duplicate: it shares its original's stored file
                await _remove_stored(rt, path)
            log.info("accepted %r (%s, %d bytes)", received.filename, mime, received.size)
            return doc, job
    finally:
        if not stored and received.data is None:
            await asyncio.to_thread(received.path.unlink, missing_ok=True)


async def _store(rt: Runtime, path: str, received: ReceivedFile, mime: str) -> None:
    try:
        await rt.storage.save(path, received.content, mime)
    except DocstreamError:
        raise  # already says what happened (storage down, bucket refused the size or type)
    except Exception as exc:
        log.exception("storing the upload failed")
        raise ServiceUnavailableError("The file could not be stored; please try again.") from exc


async def _record_durably(
    rt: Runtime,
    lease_owner: str | None,
    user: AuthUser,
    document_id: uuid.UUID,
    received: ReceivedFile,
    path: str,
    mime: str,
) -> tuple[Document, Job | None]:
    """`_record`, with an ambiguous failure (the connection broke around the commit) resolved
    by looking: a committed upload is acknowledged, never deleted."""
    try:
        return await _record(rt, lease_owner, user, document_id, received, path, mime)
    except QuotaExceededError:
        raise
    except Exception as exc:
        found = await _committed_anyway(rt, document_id)
        if found is not None:
            log.warning("recording the upload reported %r, but it was committed", exc)
            return found
        log.warning("recording the upload failed: %s", exc)
        raise ServiceUnavailableError(
            "The document could not be recorded; please try again."
        ) from exc


async def _unrecord(rt: Runtime, doc: Document) -> None:
    """The row was committed but its file could not be stored: take the row back (its jobs
    and timeline go with it), so a refused upload leaves nothing. Should that fail too, the
    row stays `uploading` with its OCR job leased to this process and never dispatched; when
    the lease runs out, recovery runs the job, which fails the document with "The stored file
    is missing; upload the document again." (`file_missing`)."""
    try:
        await documents.delete_for_user(rt.pool, str(doc.user_id), doc.id)
    except Exception as exc:
        log.error("the file could not be stored and its row could not be removed: %s", exc)


async def _remove_stored(rt: Runtime, path: str) -> None:
    with contextlib.suppress(Exception):
        await rt.storage.delete(path)
