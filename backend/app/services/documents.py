"""Use cases on existing documents: retry, regenerate (claim), delete, file and thumbnail."""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque

from app.auth import AuthUser
from app.domain import Document, DocumentEvent, DocumentStatus, Job, JobKind
from app.errors import (
    ConflictError,
    InvalidValueError,
    NotFoundError,
    QuotaExceededError,
    TooManyRequestsError,
)
from app.logs import log_context
from app.ocr.languages import NAMES, choosable
from app.pipeline import thumbnails
from app.pipeline.dispatch import Dispatcher, free_job_grace_s
from app.pipeline.metadata_job import NO_TEXT_MESSAGE
from app.runtime import Runtime
from app.store import documents, jobs, ocr_pages

log = logging.getLogger(__name__)
NOT_FOUND = "Document not found."


def parse_id(raw: object) -> uuid.UUID:
    """A malformed id names no document of yours: 404, like somebody else's id. Past this
    point a document id is a `uuid.UUID`."""
    try:
        return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
    except ValueError:
        raise NotFoundError(NOT_FOUND) from None


async def get_owned(rt: Runtime, user: AuthUser, document_id: str | uuid.UUID) -> Document:
    doc = await documents.get_for_user(rt.pool, user.id, parse_id(document_id))
    if doc is None:
        raise NotFoundError(NOT_FOUND)
    return doc


async def timeline(
    rt: Runtime, user: AuthUser, document_id: str | uuid.UUID
) -> list[DocumentEvent]:
    doc = await get_owned(rt, user, document_id)
    return await documents.events_for(rt.pool, doc.id)


def _not_retryable(doc: Document) -> ConflictError:
    if doc.status is DocumentStatus.OCR_COMPLETE:
        return ConflictError(
            "This document was processed already; only failed documents can be retried "
            "(or read again in a language you choose)."
        )
    return ConflictError(
        f"This document is {doc.status.value.replace('_', ' ')} right now; "
        "Retry is for failed documents (or ones nobody is working on)."
    )


def reading_languages(rt: Runtime) -> list[tuple[str, str]]:
    """(ISO 639-1 code, name) of each language a person may choose for reading again."""
    return [(code, NAMES[code]) for code in choosable(rt.settings.ocr_language_list)]


def reading_language(rt: Runtime, language: str | None) -> str | None:
    """The language a person asked the scans to be read in, checked against `OCR_LANGUAGES`
    (ISO 639-1, "de"); None (or empty) for "find each page's language"."""
    if not language:
        return None
    allowed = choosable(rt.settings.ocr_language_list)
    if language not in allowed:
        names = ", ".join(f"{NAMES[code]} ({code})" for code in allowed)
        raise InvalidValueError(
            f"This server cannot read documents in “{language[:20]}”. Choose one of: {names}."
        )
    return language


# Retry's limits: each press starts an OCR run and writes the timeline; 3,000 presses in 91 s
# once made 9,003 events on one document (issue 27). A person retries a document a few times
# at most; a script is told to wait.
RETRIES_PER_DOCUMENT = 3  # OCR runs of one document per RETRY_WINDOW_S
RETRIES_PER_USER = 30  # Retry presses of one user per RETRY_WINDOW_S (per process)
RETRY_WINDOW_S = 60.0
_user_retries: dict[str, deque[float]] = {}


def _count_user_retry(user_id: str) -> None:
    now = time.monotonic()
    presses = _user_retries.setdefault(user_id, deque())
    while presses and presses[0] <= now - RETRY_WINDOW_S:
        presses.popleft()
    if len(presses) >= RETRIES_PER_USER:
        wait = int(presses[0] + RETRY_WINDOW_S - now) + 1
        raise TooManyRequestsError(
            f"You pressed Retry {RETRIES_PER_USER} times in the last minute; "
            f"wait {wait} seconds and try again.",
            retry_after=wait,
        )
    presses.append(now)
    if len(_user_retries) > 10_000:
        _user_retries.clear()


async def retry(
    rt: Runtime,
    dispatcher: Dispatcher,
    user: AuthUser,
    document_id: str | uuid.UUID,
    language: str | None = None,
) -> tuple[Document, Job]:
    """A person asks again: a failed document, or one whose job was abandoned (nobody holds a
    live lease), gets a fresh OCR job. A document never counted takes a quota slot again.

    The pages read before are kept (`ocr_pages`): the new run reads only the rest. With a
    `language`, every scanned page is read again in that language, a processed document too
    (its text came out in the wrong language): the stored pages are dropped, and the choice is
    kept on the document for the runs of this request; a plain Retry clears it. (Pages read
    with another engine or other languages are read again anyway.)

    Limited per document (in the database: exact across replicas) and per user."""
    chosen = reading_language(rt, language)
    _count_user_retry(user.id)
    async with rt.pool.acquire() as conn, conn.transaction():
        doc = await documents.lock_for_user(conn, user.id, parse_id(document_id))
        if doc is None:
            raise NotFoundError(NOT_FOUND)
        if await documents.recent_ocr_runs(conn, doc.id, RETRY_WINDOW_S) >= RETRIES_PER_DOCUMENT:
            raise TooManyRequestsError(
                "This document was just tried several times; wait a minute before retrying it.",
                retry_after=int(RETRY_WINDOW_S),
            )
        if chosen is not None and doc.content_of is not None:
            # A duplicate reads its original's text (`content_of`): reading it again belongs
            # to the original, whose new text this copy then shows too.
            raise ConflictError(
                "This document is a copy of one you uploaded before and shows its text: "
                "read the original again instead."
            )
        grace = free_job_grace_s(dispatcher, rt.settings)
        if doc.status is DocumentStatus.OCR_COMPLETE:
            if chosen is None:
                raise _not_retryable(doc)
            # Reading again restarts the metadata too; never under a run writing it now.
            busy = await jobs.active(conn, doc.id, JobKind.METADATA, free_grace_s=grace)
            if busy is not None and busy[1]:
                raise ConflictError(
                    "Metadata is being generated right now; read it again in a moment."
                )
        # Every unfinished run: a long document split into page ranges has one per range. One
        # alive (a range still being read) means the document is being read; else all are
        # abandoned and end here, so none is swept back to life beside the new run.
        current = await jobs.all_active(conn, doc.id, JobKind.OCR, free_grace_s=grace)
        if any(live for _, live in current):
            raise _not_retryable(doc)
        for job, _ in current:
            await jobs.supersede(conn, job.id, "Replaced by a retry its owner asked for.")
        if (
            doc.status is DocumentStatus.FAILED
            and not doc.usage_counted
            and await documents.lock_quota(conn, user.id) >= rt.settings.usage_limit_per_month
        ):
            raise QuotaExceededError(
                f"Upload limit reached: {rt.settings.usage_limit_per_month} documents this month."
            )
        doc = await documents.reset_for_retry(conn, doc.id, chosen)
        if chosen is not None:
            await ocr_pages.forget(conn, doc.id)
        job = await jobs.create(
            conn,
            doc.id,
            JobKind.OCR,
            lease_owner=dispatcher.new_job_owner(),
            lease_ttl_s=rt.settings.lease_ttl_s,
        )
    with log_context(document_id=doc.id):
        log.info("retry requested by its owner (language: %s)", chosen or "detected")
    return doc, job


async def claim_regenerate(
    rt: Runtime, dispatcher: Dispatcher, user: AuthUser, document_id: str | uuid.UUID
) -> tuple[Job, Document]:
    """Start a metadata run for its owner, claimed by this process for the SSE stream."""
    async with rt.pool.acquire() as conn, conn.transaction():
        doc = await documents.lock_for_user(conn, user.id, parse_id(document_id))
        if doc is None:
            raise NotFoundError(NOT_FOUND)
        if doc.status is not DocumentStatus.OCR_COMPLETE:
            raise ConflictError(
                "Text extraction has not finished yet; metadata needs the OCR text."
            )
        if doc.no_text:
            raise ConflictError(NO_TEXT_MESSAGE)
        grace = free_job_grace_s(dispatcher, rt.settings)
        current = await jobs.active(conn, doc.id, JobKind.METADATA, free_grace_s=grace)
        if current is not None:
            if current[1]:
                raise ConflictError("Metadata is being generated right now; try again in a moment.")
            await jobs.supersede(
                conn, current[0].id, "Replaced by a Regenerate its owner asked for."
            )
        job = await jobs.create(
            conn,
            doc.id,
            JobKind.METADATA,
            lease_owner=rt.worker_id,
            lease_ttl_s=rt.settings.lease_ttl_s,
        )
    claimed = await jobs.claim(rt.pool, job.id, rt.worker_id, rt.settings.lease_ttl_s)
    if claimed is None:  # deleted in between
        raise NotFoundError(NOT_FOUND)
    return claimed


async def delete(rt: Runtime, user: AuthUser, document_id: str | uuid.UUID) -> None:
    doc_id = parse_id(document_id)
    deleted = await documents.delete_for_user(rt.pool, user.id, doc_id)
    if deleted is None:
        raise NotFoundError(NOT_FOUND)
    with log_context(document_id=doc_id):
        # The row (and, by cascade, its jobs) is gone, its OCR result too unless handed on; the
        # file stays while another document (a duplicate, its original) uses it. A file left
        # behind otherwise is only garbage.
        try:
            if not deleted.file_in_use:
                await rt.storage.delete(deleted.file_path)
        except Exception as exc:
            log.warning("deleted, but removing its file failed: %s", exc)
        await thumbnails.forget(rt, doc_id, user.id)
        log.info("deleted by its owner")


async def thumbnail(rt: Runtime, user: AuthUser, document_id: str | uuid.UUID) -> bytes:
    """The first page as PNG (see app/pipeline/thumbnails.py)."""
    return await thumbnails.get(rt, await get_owned(rt, user, document_id))
