"""Generate metadata for one document, as a stream of events.

Shared by the background chain (events logged, transient failures retried) and by Regenerate
(events streamed over SSE). The agent runs in its own task and hands events over a queue, so a
client that disconnects does not cancel a half-written generation: it finishes on its own and
releases its lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from app.errors import DocstreamError, LeaseLostError, PermanentError, is_transient
from app.metadata.base import (
    CompleteEvent,
    DocumentInfo,
    DocumentMetadata,
    ErrorEvent,
    MetadataEvent,
    StatusEvent,
)
from app.pipeline.retry import backoff_delay
from app.runtime import Runtime
from app.store import documents, ocr_layout

log = logging.getLogger(__name__)
MAX_TOOL_TEXT = 60_000
_DONE = object()


class DatabaseMetadataTools:
    """The agent's two tools, bound to one document and to the lease of this run."""

    def __init__(self, rt: Runtime, document_id: str, token: Any) -> None:
        self._rt, self._id, self._token = rt, document_id, token
        self.saved: DocumentMetadata | None = None

    async def read_ocr(self, page: int | None = None) -> str:
        row = await documents.get_ocr_excerpt(self._rt.pool, self._id, MAX_TOOL_TEXT, page)
        if row is None:
            return "This document has no OCR text."
        if page is not None:
            if not 1 <= page <= row["page_count"]:
                return f"There is no page {page}; the document has {row['page_count']} page(s)."
            return row["text"] or f"Page {page} has no text."
        if row["total_chars"] > MAX_TOOL_TEXT:
            return (row["text"] + f"\n\n[Truncated: the document has {row['page_count']} "
                    "pages; read a single page with the `page` argument for more.]")
        return row["text"] or "The OCR found no text in this document."

    async def read_layout(self) -> dict[str, Any]:
        """The OCR step's layout hints (title candidates by font size); the local engine's
        optional third tool, see `app.store.ocr_layout`."""
        return await ocr_layout.get_ocr_layout(self._rt.pool, self._id)

    async def save_metadata(self, display_name: str, tags: list[str], summary: str) -> DocumentMetadata:
        metadata = DocumentMetadata(display_name=display_name, tags=tags, summary=summary)
        if not await documents.save_metadata(self._rt.pool, self._id, self._token,
                                             metadata.display_name, metadata.tags, metadata.summary):
            raise LeaseLostError("lease lost before saving metadata")
        self.saved = metadata
        return metadata


class MetadataRun:
    """One attempt. `events()` yields the agent's steps, then `complete` or `error`."""

    def __init__(self, rt: Runtime, doc: Any, token: Any, *, release_lease: bool = False) -> None:
        self.rt, self.doc, self.token = rt, doc, token
        self.release_lease = release_lease  # Regenerate: the run owns the lease it was given
        self.document_id = str(doc["id"])
        self.error: BaseException | None = None
        self.tools = DatabaseMetadataTools(rt, self.document_id, token)

    async def _produce(self, queue: asyncio.Queue[Any]) -> None:
        rt, prefix = self.rt, f"[{self.document_id}] "
        info = DocumentInfo(id=self.document_id, filename=self.doc["filename"],
                            mime_type=self.doc["mime_type"], page_count=self.doc["page_count"] or 0)
        try:
            await documents.set_metadata_status(rt.pool, self.document_id, self.token, "generating")
            # aclosing: an agent stopped half-way (timeout, error) shuts its CLI down at once.
            async with asyncio.timeout(rt.settings.metadata_timeout_s), contextlib.aclosing(
                rt.metadata.run(info, self.tools)
            ) as agent_events:
                async for event in agent_events:
                    log.info("%smetadata agent: %s", prefix, event.model_dump_json())
                    await queue.put(event)
            if self.tools.saved is None:
                raise PermanentError("The metadata agent finished without saving any metadata.")
            if not await documents.set_metadata_status(rt.pool, self.document_id, self.token, "complete"):
                raise LeaseLostError("lease lost before completing metadata")
            log.info("%smetadata complete: %s", prefix, self.tools.saved.display_name)
            await queue.put(CompleteEvent(metadata=self.tools.saved))
        except Exception as exc:
            self.error = exc
            message = self._message(exc)
            log.warning("%smetadata failed: %s", prefix, message)
            if not isinstance(exc, LeaseLostError):
                await documents.set_metadata_status(rt.pool, self.document_id, self.token, "failed", message)
            await queue.put(ErrorEvent(message=message))
        finally:
            if self.release_lease:
                await documents.release_lease(rt.pool, self.document_id, self.token)
            await queue.put(_DONE)

    def _message(self, exc: BaseException) -> str:
        if isinstance(exc, TimeoutError):
            return f"Metadata generation took longer than {self.rt.settings.metadata_timeout_s:.0f} seconds."
        if isinstance(exc, LeaseLostError):
            return "Another worker took over this document's metadata."
        if isinstance(exc, DocstreamError):
            return exc.detail
        log.error("[%s] metadata agent crashed", self.document_id, exc_info=exc)
        return "Metadata generation failed unexpectedly; press Regenerate to try again."

    async def events(self) -> AsyncIterator[MetadataEvent]:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        producer = asyncio.create_task(self._produce(queue), name=f"metadata-{self.document_id}")
        self.rt.jobs.track(producer)
        yield StatusEvent(message="Generating metadata")
        while (event := await queue.get()) is not _DONE:
            yield event


async def run_metadata_background(rt: Runtime, document_id: str, token: Any) -> None:
    """After OCR (or on recovery): generate, retrying transient failures, then free the lease."""
    try:
        for attempt in range(rt.settings.transient_retries + 1):
            doc = await documents.get_internal(rt.pool, document_id)
            if doc is None or doc["lease_token"] != token:
                return
            run = MetadataRun(rt, doc, token)
            async for _ in run.events():
                pass
            if run.error is None or not is_transient(run.error) or attempt == rt.settings.transient_retries:
                return
            await asyncio.sleep(backoff_delay(attempt))
    finally:
        await documents.release_lease(rt.pool, document_id, token)
