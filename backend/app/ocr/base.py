"""The OCR engine interface. Local (pypdfium2 + Tesseract) and Mistral both implement it.

An engine turns one stored file into per-page markdown. It reports progress through a callback
(the pipeline throttles and persists it) and raises `TransientError` / `PermanentError` from
`app.errors`. Anything else is permanent (the document fails with `internal`), except timeouts
and connection errors, which are transient (`app.errors.is_transient`, the one classification).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.domain import LayoutHints
from app.ocr.text import has_text, tidy
from app.store.files import FileStorage

PAGE_RULE = "\n\n---\n\n"


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a word boundary when one is in the last 200."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = max(head.rfind(" ", limit - 200), head.rfind("\n", limit - 200))
    return (head[:space] if space > 0 else head).rstrip()


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
    # Read only these pages, [start, stop) (a long document's range job); None: every page.
    page_range: tuple[int, int] | None = None


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
    # Tesseract's OSD (0, 90, 180, 270), then `skew` degrees (including the turn a perspective
    # warp undid, `app.ocr.perspective`). A viewer or thumbnail turns the page the same way to
    # show it upright (stored with the page, `app.domain.PageTurn`).
    orientation: int = 0
    skew: float = 0.0
    # The first page's line sizes (`app.ocr.layout`), kept with the page so a resumed run has
    # its title hints without reading page 1 again; None on every other page.
    layout_lines: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    # True when the engine already ran `tidy` in its worker process (the local engine): then
    # it is not run again here, on the event loop, where a long document's pages would hold up
    # every upload being answered meanwhile.
    tidied: bool = field(default=False, repr=False, compare=False)
    # The page's text was cut at the text budget (here, or by the engine as it read it).
    truncated: bool = False

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
    # The document's page count when `pages` holds only some of them (a page range); 0: all.
    document_pages: int = 0

    @property
    def page_count(self) -> int:
        return self.document_pages or len(self.pages)

    @property
    def text(self) -> str:
        """The whole document as markdown, pages separated by a rule."""
        return PAGE_RULE.join(p.markdown.strip() for p in self.pages).strip()

    @property
    def text_truncated(self) -> bool:
        return any(p.truncated for p in self.pages)

    def apply_text_budget(self, per_page: int, per_document: int) -> bool:
        """Cut each page's text to `per_page` characters and the whole text to `per_document`
        (later pages first lose their text): a few KB of PDF can draw the same words millions
        of times, and every read of the document would pay for them (issue 27). Cut at a
        space where there is one near the limit. True when anything was cut."""
        # The rules between pages are part of the text (an empty page keeps its place).
        left = max(0, per_document - len(PAGE_RULE) * (len(self.pages) - 1))
        for page in self.pages:
            page.markdown = page.markdown.strip()
            room = min(per_page, left)
            if len(page.markdown) > room:
                page.markdown = _cut(page.markdown, room)
                page.truncated = True
            left -= len(page.markdown)
        return self.text_truncated

    @property
    def no_text(self) -> bool:
        """No page holds any text: the document is flagged and no metadata is generated."""
        return not has_text(self.text)

    @property
    def tables_html(self) -> list[str]:
        return [t for p in self.pages for t in p.tables]


class PageSink(Protocol):
    """Where an engine puts pages as soon as they are read: the pipeline stores each one (a
    checkpoint), so a run that stops at page 299 of 300 resumes at page 299, not page 1.

    `done` holds the pages an earlier run already read (the same way): an engine never reads
    them again, and uses them as if it had (their text, their language)."""

    @property
    def done(self) -> Mapping[int, OcrPage]: ...

    async def save(self, pages: Sequence[OcrPage]) -> None: ...


class MemoryPages:
    """A `PageSink` that only remembers: for a caller that keeps no checkpoints."""

    def __init__(self) -> None:
        self._done: dict[int, OcrPage] = {}

    @property
    def done(self) -> Mapping[int, OcrPage]:
        return self._done

    async def save(self, pages: Sequence[OcrPage]) -> None:
        self._done.update((p.index, p) for p in pages)


class OcrEngine(Protocol):
    name: str

    def reading(self) -> str:
        """How this engine reads a page (its name, model, languages): stored pages read another
        way are read again."""
        ...

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult: ...

    async def aclose(self) -> None: ...
