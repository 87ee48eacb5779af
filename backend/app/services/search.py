"""Finding and exporting documents; editing their metadata by hand.

The list, the search and the export are one use case with different shapes: the same
`Filters` (a websearch query, status, tag, date range) and the same keyset order, so "export
what I see" is exactly the result set on the screen.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app import cpu_lane
from app.auth import AuthUser
from app.domain import Document, DocumentStatus
from app.errors import BadRequestError, NotFoundError
from app.metadata.facts import FactName, person_fact_json
from app.runtime import Runtime
from app.services.documents import NOT_FOUND, get_owned, parse_id
from app.store import documents as doc_store
from app.store import edits
from app.store import search as store
from app.store.search import MARK_END, MARK_START, After, Filters, Sort

EXPORT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class Segment:
    text: str
    match: bool


@dataclass(frozen=True)
class Result:
    document: Document
    snippet: list[Segment] | None
    page: int | None = None  # the page (1 = first) the snippet's match is on


def _clean(text: str | None) -> str:
    """Words only: control characters (a NUL cannot even be sent to PostgreSQL) become spaces,
    runs of whitespace one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text or "").split())


def normalise(f: Filters) -> Filters:
    """Blank query means no query; tags are stored lowercase, so the tag filter is too."""
    q = _clean(f.q) or None
    tag = _clean(f.tag).lower() or None
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise BadRequestError("The date range is empty: 'from' is after 'to'.")
    if f.document_date_from and f.document_date_to and f.document_date_from > f.document_date_to:
        raise BadRequestError("The document date range is empty: 'date_from' is after 'date_to'.")
    return Filters(
        q=q,
        status=f.status,
        tag=tag,
        date_from=f.date_from,
        date_to=f.date_to,
        document_type=f.document_type,
        correspondent=_clean(f.correspondent) or None,
        document_date_from=f.document_date_from,
        document_date_to=f.document_date_to,
    )


def _encode_cursor(hit: store.Hit, sort: Sort) -> str:
    raw = json.dumps(
        {
            "s": sort,
            "t": hit.document.created_at.isoformat(),
            "i": str(hit.document.id),
            "r": hit.rank,
            "d": _dated(hit.document).isoformat(),
        }
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _dated(doc: Document) -> dt.date:
    """The document's own date as the document_date order sorts it (undated: `UNDATED`)."""
    fact = doc.facts.get("document_date")
    try:
        return dt.date.fromisoformat(str(fact["value"])) if fact else store.UNDATED
    except (ValueError, KeyError, TypeError):
        return store.UNDATED


def _decode_cursor(cursor: str, sort: Sort) -> After:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if raw["s"] != sort:
            raise ValueError("sort changed")
        rank = None if raw["r"] is None else float(raw["r"])
        dated = dt.date.fromisoformat(raw["d"]) if sort == "document_date" else None
        return After(dt.datetime.fromisoformat(raw["t"]), uuid.UUID(raw["i"]), rank, dated)
    except (ValueError, KeyError, TypeError):
        raise BadRequestError("Invalid cursor; start again from the first page.") from None


def segments(headline: str | None) -> list[Segment] | None:
    """ts_headline's output split at our match delimiters: the client marks `match` segments
    itself and never renders the document's text as HTML. Matches with only spaces between
    them are one match, so a phrase is marked as one ("Fatal error", not "Fatal" and "error")."""
    if not headline:
        return None
    out: list[Segment] = []
    for i, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", headline)):
        if not part:
            continue
        match = i % 2 == 1
        if (
            match
            and len(out) >= 2
            and out[-2].match
            and not out[-1].match
            and out[-1].text.isspace()
        ):
            out[-2:] = [Segment(out[-2].text + out[-1].text + part, match=True)]
        elif out and out[-1].match == match:  # a match right after a match
            out[-1] = Segment(out[-1].text + part, match)
        else:
            out.append(Segment(part, match))
    return out or None


async def find(
    rt: Runtime, user: AuthUser, f: Filters, sort: Sort, limit: int, cursor: str | None
) -> tuple[list[Result], str | None, int]:
    """One page of results, the cursor of the next page, and how many match in all. A
    relevance cursor carries (rank, created_at, id), so paging is stable while ranks tie."""
    f = normalise(f)
    if not f.q and sort == "relevance":
        sort = "newest"
    after = _decode_cursor(cursor, sort) if cursor else None
    hits, total = await store.search(rt.pool, user.id, f, sort, limit + 1, after)
    more = len(hits) > limit
    hits = hits[:limit]
    results = []
    for h in hits:
        snippet = segments(h.headline)
        # The page only with something marked on it: a title match shows no page of the text.
        marked = snippet is not None and any(s.match for s in snippet)
        page = h.page if marked and h.page is not None and h.page >= 1 else None
        results.append(Result(h.document, snippet, page))
    return results, (_encode_cursor(hits[-1], sort) if more else None), total


async def update_metadata(
    rt: Runtime, user: AuthUser, document_id: Any, changes: dict[str, Any]
) -> Document:
    if not changes:
        raise BadRequestError("Nothing to change: send display_name, tags, summary or facts.")
    if "facts" in changes:  # a person's facts: source `person`, kept by every generation
        changes = {
            **changes,
            "facts": {
                str(name): person_fact_json(FactName(name), value)
                for name, value in (changes["facts"] or {}).items()
            },
        }
    doc = await edits.update_metadata(rt.pool, user.id, parse_id(document_id), changes)
    if doc is None:
        raise NotFoundError(NOT_FOUND)
    return doc


async def keep_duplicate(rt: Runtime, user: AuthUser, document_id: Any) -> Document:
    doc = await edits.keep_duplicate(rt.pool, user.id, parse_id(document_id))
    if doc is None:
        raise NotFoundError(NOT_FOUND)
    return doc


# --- export ----------------------------------------------------------------------------------
EXPORT_FIELDS = (
    "id",
    "display_name",
    "filename",
    "status",
    "metadata_status",
    "error",
    "tags",
    "summary",
    "page_count",
    "mime_type",
    "file_size_bytes",
    "created_at",
    "updated_at",
    "duplicate_of",
    "edited_fields",
    "language",
    "document_type",
    "correspondent",
    "document_date",
    "total",
    "currency",
    "reference",
    "due_date",
)


def _export_row(doc: Document) -> dict[str, Any]:
    return {
        "id": str(doc.id),
        "display_name": doc.display_name,
        "filename": doc.filename,
        "status": doc.status.value,
        # OCR can be complete while the title, tags and summary failed: both say so.
        "metadata_status": doc.metadata_status.value,
        "error": doc.error_message if doc.status is DocumentStatus.FAILED else doc.metadata_error,
        "tags": doc.tags,
        "summary": doc.summary,
        "page_count": doc.page_count,
        "mime_type": doc.mime_type,
        "file_size_bytes": doc.file_size_bytes,
        "created_at": doc.created_at.isoformat(),
        "updated_at": doc.updated_at.isoformat(),
        "duplicate_of": str(doc.duplicate_of) if doc.duplicate_of else None,
        "edited_fields": doc.edited_fields,
        "language": doc.language,
        **_export_facts(doc.facts),
    }


def _export_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts' values, one column each; the total as an amount and its currency."""

    def value(name: str) -> Any:
        fact = facts.get(name)
        return fact.get("value") if isinstance(fact, dict) else None

    total = value("total")
    return {
        "document_type": value("document_type"),
        "correspondent": value("correspondent"),
        "document_date": value("document_date"),
        "total": total.get("amount") if isinstance(total, dict) else None,
        "currency": total.get("currency") if isinstance(total, dict) else None,
        "reference": value("reference"),
        "due_date": value("due_date"),
    }


EXPORT_PAGE_ROWS = 100


async def export_pieces(
    rt: Runtime, user: AuthUser, f: Filters, sort: Sort, fmt: str
) -> AsyncIterator[bytes]:
    """Every document of the current result set (up to EXPORT_MAX_ROWS), in list order, as
    encoded pieces: read a page of `EXPORT_PAGE_ROWS` at a time (keyset, like the list) and
    encoded in a thread, so eight exports of 10,000 rows at once never hold the event loop
    (they stalled health for 3.6 s, issue 27) nor a whole file in memory. A bad filter is
    refused before the first piece (the caller awaits `__anext__` first)."""
    f = normalise(f)
    order: Sort = sort if f.q or sort == "document_date" else "newest"
    yield b""  # the filters were accepted: the response can start

    after: After | None = None
    sent = 0
    yield "\ufeff".encode() + _csv_line(EXPORT_FIELDS) if fmt == "csv" else b'{"documents": ['
    while sent < EXPORT_MAX_ROWS:
        want = min(EXPORT_PAGE_ROWS, EXPORT_MAX_ROWS - sent)
        hits, _ = await store.search(
            rt.pool, user.id, f, order, want, after, snippets=False, counted=False
        )
        if not hits:
            break
        docs = [h.document for h in hits]
        yield await cpu_lane.run(_encode_rows, docs, fmt, sent == 0)
        sent += len(hits)
        if len(hits) < want:
            break
        last = hits[-1]
        after = After(
            last.document.created_at,
            last.document.id,
            last.rank,
            _dated(last.document) if order == "document_date" else None,
        )
    if fmt != "csv":
        yield b"\n]}\n"


def _encode_rows(docs: list[Document], fmt: str, first: bool) -> bytes:
    rows = [_export_row(d) for d in docs]
    if fmt == "csv":
        return b"".join(_csv_line([_cell(r[k]) for k in EXPORT_FIELDS]) for r in rows)
    body = ",".join("\n  " + json.dumps(r, ensure_ascii=False) for r in rows)
    return (body if first else "," + body).encode()


def _csv_line(cells: Sequence[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(cells)
    return buf.getvalue().encode()


def _cell(value: Any) -> str:
    """A spreadsheet cell: lists joined, and text that a spreadsheet would run as a formula
    (=, +, -, @) prefixed with an apostrophe."""
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- the OCR text of one document ------------------------------------------------------------
# The rules run over a 64 K-character piece in one C call each, holding the interpreter lock
# (and so the event loop, and every request of the process) throughout: each must take time
# linear in the piece, whatever the text. Hence no two unbounded quantifiers over the same
# characters side by side, and no scan that can run past the next place a match could start:
# a link's label stops at a bracket and its target at a parenthesis (one level of nested
# parentheses kept, as in Markdown: `wiki/Foo_(bar)`), an italic at the next asterisk, table
# marks within their line, and cell marks from the start of their run of blanks (a table's
# rows stay lines: they ran into one line with the paragraphs around them before).
# The earlier rules took 30 s over a piece of 64 K blanks (a text layer can draw them), 10 s
# over one of brackets, and hours over a run of empty lines, the whole process frozen meanwhile.
_LINK_TARGET = r"\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"
_TABLE_CELL = r":?-{3,}:?[^\S\n]*"


def _cells(m: re.Match[str]) -> str:
    return "  " * m.group().count("|")


_MD_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE), ""),  # headings
    (re.compile(r"!\[([^\[\]]*)\]" + _LINK_TARGET), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\[\]]+)\]" + _LINK_TARGET), r"\1"),  # links: keep the label
    (
        re.compile(
            rf"^[^\S\n]*(?:\|[^\S\n]*)?{_TABLE_CELL}(?:\|[^\S\n]*{_TABLE_CELL})*(?:\|[^\S\n]*)?$",
            re.MULTILINE,
        ),
        "",
    ),  # table rules
    (re.compile(r"(?<![^\S\n])(?<!\|)[^\S\n]*\|(?:[^\S\n]*\|)*[^\S\n]*"), _cells),  # cells
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"\n{3,}"), "\n\n"),
]


def markdown_to_text(markdown: str, pause: Callable[[], None] | None = None) -> str:
    """Plain text for people who do not want Markdown: the marks go, the words stay. With
    `pause`, it is called between the rules' passes (each pass is one C call)."""
    text = markdown
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
        if pause is not None:
            pause()
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


TEXT_CHUNK_CHARS = 64 * 1024


async def ocr_text(
    rt: Runtime, user: AuthUser, document_id: Any, plain: bool
) -> tuple[Document, AsyncIterator[bytes]]:
    """The document's OCR text as encoded pieces, read from the database a piece at a time
    (`doc_store.ocr_text_chunk`); plain text is made from each piece in a thread, at line ends
    (the Markdown marks are line-local). 404 before anything is sent when there is no text."""
    doc = await get_owned(rt, user, document_id)
    first = await doc_store.ocr_text_chunk(rt.pool, doc.id, 0, TEXT_CHUNK_CHARS)
    if first is None:
        raise NotFoundError("This document has no text yet.")

    async def pieces() -> AsyncIterator[bytes]:
        chunk: str | None = first
        start, carry, ends_with_newline = 0, "", False
        while chunk:
            start += len(chunk)
            text = carry + chunk
            cut = text.rfind("\n") + 1 if len(chunk) == TEXT_CHUNK_CHARS else len(text)
            carry, text = text[cut:], text[:cut]
            if text:
                ends_with_newline = text.endswith("\n")
                yield await _encode_piece(text, plain)
            if len(chunk) < TEXT_CHUNK_CHARS:
                break
            chunk = await doc_store.ocr_text_chunk(rt.pool, doc.id, start, TEXT_CHUNK_CHARS)
        if carry:
            ends_with_newline = carry.endswith("\n")
            yield await _encode_piece(carry, plain)
        if not plain and not ends_with_newline:
            yield b"\n"

    return doc, pieces()


async def _encode_piece(text: str, plain: bool) -> bytes:
    if not plain:
        return text.encode()
    return await cpu_lane.run(_to_plain, text)


# The thread hands the interpreter lock back between the rules' passes (`time.sleep(0)`):
# a pass over a 64 K-character piece is one C call of one to five milliseconds that holds the
# lock throughout, and an event loop woken meanwhile (a health check) waited for it, and for
# the 5 ms switch interval after it, at every wake-up.
def _to_plain(text: str) -> bytes:
    return markdown_to_text(text, pause=_yield_interpreter).encode()


def _yield_interpreter() -> None:
    time.sleep(0)  # releases the interpreter lock: a waiting event loop takes it now
