"""The metadata step of a claimed job, as a stream of events.

Shared by the background chain (events logged) and by Regenerate (events streamed over SSE).
The agent runs in its own task, held by the job queue, and hands events over a queue: a
client that disconnects does not cancel a half-written generation, it finishes on its own.
Transient failures go through the same retry helper as OCR.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from app.domain import Document, Job, LayoutHints
from app.errors import (
    DocstreamError,
    LeaseLostError,
    PermanentError,
    error_code,
    is_database_fault,
    is_transient,
)
from app.logs import log_context
from app.metadata.base import (
    CompleteEvent,
    DocumentInfo,
    DocumentMetadata,
    ErrorEvent,
    MetadataEvent,
    StatusEvent,
)
from app.metadata.choices import apply_choices
from app.metadata.facts import Facts, facts_to_json
from app.metadata.local_correspondent_known import SenderMemory
from app.metadata.local_text import PAGE_BREAK
from app.metadata.local_title import filename_title
from app.pipeline.jobs import JobQueue
from app.pipeline.outcome import TaskOutcome, TaskResult
from app.pipeline.retry import with_retries
from app.runtime import Runtime
from app.store import documents as doc_store
from app.store import edits, ocr_layout
from app.store import jobs as job_store

log = logging.getLogger(__name__)
MAX_TOOL_TEXT = 60_000
NO_TEXT_MESSAGE = (
    "No text was found in this document, so there is nothing to generate metadata from. "
    "If it should contain text, scan it again at a higher resolution and upload it."
)
_DONE = object()


class DatabaseMetadataTools:
    """The agent's two tools, bound to one document and to the lease of this run."""

    def __init__(self, rt: Runtime, job: Job, *, replace_edited: bool = False) -> None:
        self._rt, self._job = rt, job
        # Regenerate asked to replace fields a person edited; otherwise those are kept.
        self._replace_edited = replace_edited
        self._id = job.document_id
        self.saved: DocumentMetadata | None = None

    async def read_ocr(self, page: int | None = None) -> str:
        found = await doc_store.get_ocr_excerpt(self._rt.job_pool, self._id, MAX_TOOL_TEXT, page)
        if found is None:
            return "This document has no OCR text."
        if page is not None:
            if not 1 <= page <= found.page_count:
                return f"There is no page {page}; the document has {found.page_count} page(s)."
            return found.text or f"Page {page} has no text."
        if found.total_chars > MAX_TOOL_TEXT and found.page_count >= 3:
            return await self._sample(found.page_count)
        if found.total_chars > MAX_TOOL_TEXT:
            return (
                (found.text or "") + f"\n\n[Truncated: the document has {found.page_count} "
                "pages; read a single page with the `page` argument for more.]"
            )
        return found.text or "The OCR found no text in this document."

    async def read_page_text(self, page: int) -> str | None:
        """One page's stored text, bare (no notes), for checking a quote the Claude agent
        cites; None when the page does not exist or has no text."""
        if page < 1:
            return None
        found = await doc_store.get_ocr_excerpt(self._rt.job_pool, self._id, MAX_TOOL_TEXT, page)
        return None if found is None or page > found.page_count else found.text

    async def _sample(self, page_count: int) -> str:
        """A very long text, sampled: its first pages whole (about two thirds of the budget),
        then only the headings of the pages in between, and its last page. Every page keeps
        its place (an empty page is still a page), so a fact's page number stays right. The
        sample is at most about MAX_TOOL_TEXT characters, however long the document."""
        pages = await doc_store.get_ocr_pages_sample(
            self._rt.job_pool, self._id, MAX_TOOL_TEXT * 2 // 3, MAX_TOOL_TEXT // 6
        )
        budget, parts, whole = MAX_TOOL_TEXT // 6, [], 0
        for n, text, is_whole in pages:
            if is_whole:
                whole = n if n < len(pages) else whole
            elif budget > 0:
                text = text[:budget]
                budget -= len(text)
            else:
                text = ""
            parts.append(text)
        note = (
            f"\n\n[A sample of a long document ({page_count} pages): pages 1-{whole} whole, "
            f"the headings of pages {whole + 1}-{page_count - 1}, and page {page_count} whole. "
            "Read a single page with the `page` argument for more.]"
        )
        return PAGE_BREAK.join(parts).strip() + note

    async def read_layout(self) -> LayoutHints:
        """The OCR step's layout hints (title candidates by font size); the local engine's
        optional third tool, see `app.store.ocr_layout`."""
        return await ocr_layout.get_ocr_layout(self._rt.job_pool, self._id)

    async def read_vocabulary(self) -> list[str]:
        """The tags the owner already uses, most used first; the local engine's optional
        tool: a document's tags come from this vocabulary before any new word."""
        return await edits.user_tags(self._rt.job_pool, self._id)

    async def read_senders(self) -> SenderMemory:
        """What the person's corrections of senders on their other documents say (the names
        they set, most recent first, and the names they replaced); both engines' optional
        tool (`local_correspondent_known`)."""
        return SenderMemory.remember(await edits.sender_corrections(self._rt.job_pool, self._id))

    async def save_metadata(
        self,
        display_name: str,
        tags: list[str],
        summary: str,
        *,
        facts: Facts | None = None,
        language: str | None = None,
    ) -> DocumentMetadata:
        metadata = DocumentMetadata(display_name=display_name, tags=tags, summary=summary)
        if facts:  # the person's earlier choices for this sender come first (choices.py)
            filed = apply_choices(
                facts,
                metadata.tags,
                metadata.display_name,
                metadata.summary,
                await edits.filed_choices(self._rt.job_pool, self._id),
                language,
            )
            if filed.reason:
                log.info("metadata %s", filed.reason)
                facts = filed.facts
                metadata = DocumentMetadata(
                    display_name=filed.display_name, tags=filed.tags, summary=filed.summary
                )
        stored = await edits.save_metadata(
            self._rt.job_pool,
            self._job,
            metadata.display_name,
            metadata.tags,
            metadata.summary,
            replace_edited=self._replace_edited,
            facts=None if facts is None else facts_to_json(facts),
            language=language,
        )
        if stored is None:
            raise LeaseLostError("lease lost before saving metadata")
        # What `complete` reports is what the document now holds: fields a person edited and
        # chose to keep are theirs, not the engine's (already validated when they were saved,
        # and possibly empty, so not validated again here).
        title, stored_tags, stored_summary = stored
        self.saved = DocumentMetadata.model_construct(
            display_name=title or "", tags=stored_tags, summary=stored_summary or ""
        )
        return metadata


class MetadataRun:
    """One claimed metadata job. `events()` yields the agent's steps, then `complete` or
    `error`; `result` says how the run ended once the stream is over."""

    def __init__(
        self,
        rt: Runtime,
        queue: JobQueue,
        job: Job,
        doc: Document,
        *,
        retries: int,
        final_attempt: bool = True,
        variant: int = 0,
        replace_edited: bool = False,
        slot_held: bool = False,
    ) -> None:
        self.rt, self.queue, self.job, self.doc, self.variant = rt, queue, job, doc, variant
        # True: the caller already holds one of the queue's metadata slots for this run (a
        # Cloud Task's delivery waits for it before claiming, inside its deadline budget).
        self.slot_held = slot_held
        self.retries, self.final_attempt = retries, final_attempt
        self.result = TaskResult(TaskOutcome.SKIPPED)
        self.tools = DatabaseMetadataTools(rt, job, replace_edited=replace_edited)

    async def _attempt(self, queue: asyncio.Queue[object]) -> DocumentMetadata:
        rt = self.rt
        info = DocumentInfo(
            id=str(self.doc.id),
            filename=self.doc.filename,
            mime_type=self.doc.mime_type,
            page_count=self.doc.page_count or 0,
            variant=self.variant,
        )
        # aclosing: an agent stopped half-way (timeout, error) shuts its CLI down at once.
        async with (
            asyncio.timeout(rt.settings.metadata_timeout_s),
            contextlib.aclosing(rt.metadata.run(info, self.tools)) as agent_events,
        ):
            async for event in agent_events:
                log.info("metadata agent: %s", event.model_dump_json())
                await queue.put(event)
        if self.tools.saved is None:
            raise PermanentError("The metadata agent finished without saving any metadata.")
        return self.tools.saved

    async def _without_text(self, queue: asyncio.Queue[object]) -> None:
        """The OCR found no text: nothing to read, so nothing is made up. The title is the
        file name, with no tags and no summary; the web app says "No text found"."""
        rt, job = self.rt, self.job
        title = filename_title(self.doc.filename)
        if await edits.save_metadata(rt.job_pool, job, title, [], None) is None:
            await self._lease_lost(queue)
            return
        if not await job_store.complete_metadata(rt.job_pool, job):
            await self._lease_lost(queue)
            return
        log.info("no text found: the title is the file name, no tags or summary")
        self.result = TaskResult(TaskOutcome.SUCCEEDED)
        await queue.put(StatusEvent(message=NO_TEXT_MESSAGE))

    async def _produce(self, queue: asyncio.Queue[object]) -> None:
        rt, job = self.rt, self.job
        if self.doc.no_text:
            await self._without_text(queue)
            return
        try:
            slot = contextlib.nullcontext() if self.slot_held else self.queue.metadata_slots
            if not self.slot_held and self.queue.metadata_slots.locked():
                log.info("metadata waits for a free slot (METADATA_CONCURRENCY)")
                await queue.put(StatusEvent(message="Waiting for a free metadata slot"))
            async with slot:  # the job stays held (heartbeat) while it waits
                saved = await with_retries(
                    lambda: self._attempt(queue),
                    attempts=self.retries + 1,
                    deadline_s=rt.settings.metadata_timeout_s,
                )
        except LeaseLostError:
            await self._lease_lost(queue)
            return
        except Exception as exc:
            if is_database_fault(exc):
                raise  # abandoned to the sweeper (`_held_run`): never failed for a passing fault
            message = self._message(exc)
            if is_transient(exc) and not self.final_attempt:
                await job_store.release(rt.job_pool, [job.id], rt.worker_id)
                self.result = TaskResult(
                    TaskOutcome.RETRY,
                    detail=message,
                    retry_after_s=getattr(exc, "retry_after", None),
                )
            else:
                await job_store.fail(rt.job_pool, job, error_code(exc), message)
                self.result = TaskResult(TaskOutcome.FAILED, detail=message)
            log.warning("metadata failed: %s", message)
            await queue.put(ErrorEvent(message=message))
            return
        # The terminal write, outside the engine's error handling: if the database fails
        # here, the exception escapes and the run is abandoned to the sweeper.
        if not await job_store.complete_metadata(rt.job_pool, job):
            await self._lease_lost(queue)
            return
        log.info("metadata complete: %s", saved.display_name)
        self.result = TaskResult(TaskOutcome.SUCCEEDED)
        await queue.put(CompleteEvent(metadata=saved))

    async def _lease_lost(self, queue: asyncio.Queue[object]) -> None:
        log.warning("metadata: lease lost; another worker took over")
        await queue.put(ErrorEvent(message="Another worker took over this document's metadata."))

    def _message(self, exc: BaseException) -> str:
        if isinstance(exc, TimeoutError):
            return f"Metadata generation took longer than {self.rt.settings.metadata_timeout_s:.0f} seconds."
        if isinstance(exc, DocstreamError):
            return exc.detail
        log.error("metadata agent crashed", exc_info=exc)
        return "Metadata generation failed unexpectedly; press Regenerate to try again."

    async def _held_run(self, queue: asyncio.Queue[object]) -> None:
        with log_context(
            document_id=str(self.job.document_id), job=self.job.kind.value, attempt=self.job.attempt
        ):
            try:
                async with self.queue.holding(self.job.id):
                    await self._produce(queue)
            except Exception:  # the terminal write failed: abandoned to the sweeper (logged)
                self.result = TaskResult(TaskOutcome.RETRY, detail="interrupted")
                await queue.put(
                    ErrorEvent(
                        message="Metadata generation was interrupted; it will be tried again."
                    )
                )
            finally:
                await queue.put(_DONE)

    async def events(self) -> AsyncIterator[MetadataEvent]:
        queue: asyncio.Queue[object] = asyncio.Queue()
        producer = asyncio.create_task(self._held_run(queue), name=f"metadata-{self.doc.id}")
        self.queue.track(producer)
        yield StatusEvent(message="Generating metadata")
        while (event := await queue.get()) is not _DONE:
            yield event  # type: ignore[misc]

    async def run(self) -> TaskResult:
        """Run without a listener (the background chain): drain the events."""
        async for _ in self.events():
            pass
        return self.result
