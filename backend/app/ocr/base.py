"""The OCR engine interface. Local (pypdfium2 + Tesseract) and Mistral both implement it.

An engine turns one stored file into per-page markdown. It reports progress through a callback
(the pipeline throttles and persists it) and raises `TransientError` / `PermanentError` from
`app.errors`. Anything else is permanent (the document fails with `internal`), except timeouts
and connection errors, which are transient (`app.errors.is_transient`, the one classification).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.domain import LayoutHints
from app.ocr.text import has_text, tidy
from app.store.files import FileStorage

# (pages_done, page_count) -> None. page_count may be learnt only once the engine opened the file.
ProgressCallback = Callable[[int, int], Awaitable[None]]


@dataclass(frozen=True)
class OcrInput:
    """What an engine may know about the document: no database, no HTTP."""

    document_id: uuid.UUID
    filename: str
    mime_type: str
    file_size_bytes: int
    storage_path: str
    storage: FileStorage
    user_id: str = ""  # whose turn it is in the shared worker pool
    # The language a person chose (Retry with a language), ISO 639-1: every scanned page is
    # read in it alone. None: each page's language is found (`app.ocr.reading`).
    language: str | None = None


@dataclass
class OcrPage:
    index: int
    markdown: str
    tables: list[str] = field(default_factory=list)  # HTML tables, when the engine finds any
    width: int | None = None
    height: int | None = None
    # The page's language (ISO 639-1, "de") when the engine identified it; None otherwise.
    language: str | None = None
    # How the local engine turned the page to read it, counter-clockwise: `orientation` from
    # Tesseract's OSD (0, 90, 180, 270), then `skew` degrees. A viewer or thumbnail turns the
    # page the same way to show it upright (stored with the page, `app.domain.PageTurn`).
    orientation: int = 0
    skew: float = 0.0
    # True when the engine already ran `tidy` in its worker process (the local engine): then
    # it is not run again here, on the event loop, where a long document's pages would hold up
    # every upload being answered meanwhile.
    tidied: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every engine's text passes `tidy` before it is stored: no hyphenation marks, ligature
        # glyphs or control characters reach the database, whichever engine produced them.
        if not self.tidied:
            self.markdown = tidy(self.markdown)


@dataclass
class OcrResult:
    pages: list[OcrPage]
    model: str
    processing_time_ms: int = 0
    usage_info: dict[str, Any] = field(default_factory=dict)
    # Hints for the metadata step, stored in `ocr_results.layout` (see `app.ocr.layout`).
    layout: LayoutHints = field(default_factory=LayoutHints)
    # The document's language (ISO 639-1, "de"): the one most of its text is in; None when
    # there is too little text to tell. Stored as `documents.language` with the result (a
    # person's chosen language wins); the metadata step may refine it.
    language: str | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text(self) -> str:
        """The whole document as markdown, pages separated by a rule."""
        return "\n\n---\n\n".join(p.markdown.strip() for p in self.pages).strip()

    @property
    def no_text(self) -> bool:
        """No page holds any text: the document is flagged and no metadata is generated."""
        return not has_text(self.text)

    @property
    def tables_html(self) -> list[str]:
        return [t for p in self.pages for t in p.tables]


class OcrEngine(Protocol):
    name: str

    async def process(self, source: OcrInput, progress: ProgressCallback) -> OcrResult: ...

    async def aclose(self) -> None: ...
