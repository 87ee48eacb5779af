"""The metadata agent interface. The local extractive generator and the Claude agent implement it.

An agent reads the OCR text and saves a title, tags and a summary through two tools bound to
one document (`MetadataTools`), yielding progress events as it goes. It never emits `complete`
or `error` itself: the pipeline does, after checking that `save_metadata` really happened, so
"the agent ended without saving" is an error for every engine alike.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, Field, field_validator

from app.metadata.facts import Facts
from app.ocr.text import tidy


class DocumentMetadata(BaseModel):
    """Validated metadata; what `save_metadata` accepts and what `complete` carries."""

    display_name: str = Field(min_length=1, max_length=200)
    tags: list[str] = Field(min_length=1, max_length=10)
    summary: str = Field(min_length=1, max_length=2000)

    @field_validator("display_name", "summary")
    @classmethod
    def _strip(cls, v: str) -> str:
        # Whichever engine wrote it: no hyphenation marks or control characters are stored.
        v = " ".join(tidy(v).split())
        if not v:
            raise ValueError("must not be blank")
        return v

    @field_validator("tags")
    @classmethod
    def _normalise_tags(cls, tags: list[str]) -> list[str]:
        seen: list[str] = []
        for tag in tags:
            t = " ".join(tidy(str(tag)).split()).strip().lower()[:40]
            if t and t not in seen:
                seen.append(t)
        if not seen:
            raise ValueError("at least one non-empty tag is needed")
        return seen


# --- the event stream (also the SSE contract of POST /api/document/metadata) -----------------
class StatusEvent(BaseModel):
    type: Literal["status"] = "status"
    message: str


class ToolEvent(BaseModel):
    type: Literal["tool"] = "tool"
    tool: str


class TextEvent(BaseModel):
    type: Literal["text"] = "text"
    text: str


class CompleteEvent(BaseModel):
    type: Literal["complete"] = "complete"
    metadata: DocumentMetadata


class ErrorEvent(BaseModel):
    type: Literal["error"] = "error"
    message: str


MetadataEvent = Annotated[
    StatusEvent | ToolEvent | TextEvent | CompleteEvent | ErrorEvent, Field(discriminator="type")
]

# What an agent itself may yield; complete/error come from the pipeline.
AgentEvent = StatusEvent | ToolEvent | TextEvent


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    filename: str
    mime_type: str
    page_count: int
    # How many times a person asked for metadata again (Regenerate): engines that would give
    # the same answer twice offer their next-best one instead.
    variant: int = 0


class MetadataTools(Protocol):
    """The two things every agent can do, both bound to one document. The pipeline's tools
    also offer optional ones an engine looks up by name: `read_vocabulary()` (the user's tags,
    both engines), `read_senders()` (the senders the person set on other documents: the
    local engine recognises them, the Claude agent reads them with the tags), `read_layout()`
    (the OCR step's layout hints: the local engine's titles and facts, and for both engines
    an attached e-invoice's data) and `read_page_text(page)` (one page's bare text, for the
    Claude agent to check a quote against)."""

    async def read_ocr(self, page: int | None = None) -> str:
        """The OCR text; with `page` (1-based) only that page. Long texts are cut with a note."""
        ...

    async def save_metadata(
        self,
        display_name: str,
        tags: list[str],
        summary: str,
        *,
        facts: Facts | None = None,
        language: str | None = None,
    ) -> DocumentMetadata:
        """Validate and store. Raises `pydantic.ValidationError` on bad input. With `facts`
        (an engine that reads them) the document's facts and `language` are stored too; a fact
        a person set is kept. Without, the stored facts and language are left as they are."""
        ...


class MetadataAgent(Protocol):
    name: str

    def run(
        self, document: DocumentInfo, tools: MetadataTools
    ) -> AsyncGenerator[AgentEvent, None]: ...
