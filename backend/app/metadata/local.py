"""The local metadata generator: extractive, no model, no network.

It reads the OCR text (and, when the pipeline offers it, the OCR step's layout hints) through
the same tools the Claude agent uses and saves:

- a title: the document's own (`local_title`); a type prefix such as "Invoice – Acme Ltd –
  May 2026" only on clear evidence (an invoice number, a total, a due date, a salutation and a
  closing for a letter);
- 3–8 tags: keyphrases (`local_tags`), plus the kind's tags when there is one;
- a summary of one to three complete sentences picked by LexRank (`local_summary`); for
  bills and invoices, what it is and its totals and due dates.

A document without text gets its file name and says so; nothing is invented.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator

from app.domain import LayoutHints
from app.metadata.base import (
    AgentEvent,
    DocumentInfo,
    MetadataTools,
    StatusEvent,
    TextEvent,
    ToolEvent,
)
from app.metadata.local_summary import summarise
from app.metadata.local_tags import keyphrases
from app.metadata.local_text import (
    MONTH_DATE,
    MONTHS,
    NUMERIC_DATE,
    content_lines,
    is_boilerplate,
    lines_of,
    paragraphs,
    running_lines,
    sentences,
    split_pages,
)
from app.metadata.local_title import filename_title, title_candidates
from app.ocr.text import has_text, tidy
from app.workers import WorkerPool

# (pattern, title, tags). The most specific kinds first. Each pattern is evidence on its own
# for a form-like document; `EVIDENCE` must also match before the type goes into the title.
DOC_KINDS: list[tuple[str, str, list[str]]] = [
    (
        r"\belectricity\b.{0,40}\b(bill|account|statement|invoice)\b|\bkwh\b",
        "Electricity bill",
        ["bill", "electricity", "utilities"],
    ),
    (r"\bwater\b.{0,30}\b(bill|account|charges)\b", "Water bill", ["bill", "water", "utilities"]),
    (r"\bgas\b.{0,30}\b(bill|account)\b", "Gas bill", ["bill", "gas", "utilities"]),
    (
        r"\b(internet|broadband|mobile|phone)\b.{0,30}\b(bill|account|invoice)\b",
        "Phone and internet bill",
        ["bill", "telecom"],
    ),
    (
        r"\b(payslip|pay slip|salary slip|earnings statement)\b",
        "Payslip",
        ["payslip", "salary", "income"],
    ),
    (
        r"\bbank statement\b|\b(opening|closing) balance\b",
        "Bank statement",
        ["bank", "statement", "finance"],
    ),
    (
        r"\btax invoice\b|\binvoice (no|number|#|date)\b|^\s*invoice\b",
        "Invoice",
        ["invoice", "finance"],
    ),
    (
        r"^\s*(sales |payment |cash )?receipt\b|\breceipt (no|number|#)\b",
        "Receipt",
        ["receipt", "purchase"],
    ),
    (r"\b(quotation|quote no)\b", "Quotation", ["quote", "sales"]),
]
# What makes a form-like kind certain: money owed or paid, a document number, a due date.
EVIDENCE = re.compile(
    r"\b(total|amount due|balance due|due date|payment due|net pay|subtotal|amount paid|kwh|"
    r"closing balance|(invoice|receipt|quote|account|policy) (no|number|#))\b",
    re.IGNORECASE,
)
LETTER = re.compile(r"^\s*dear\b.{0,60}[,:]?\s*$", re.IGNORECASE | re.MULTILINE)
LETTER_CLOSING = re.compile(
    r"^\s*(yours (sincerely|faithfully|truly)|sincerely|kind regards|"
    r"best regards|regards),?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
SUBJECT = re.compile(r"^\s*(?:re|subject)\s*:\s*(.{4,100})$", re.IGNORECASE | re.MULTILINE)

ORG_SUFFIX = re.compile(
    r"\b([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4}\s+(?:Ltd|Limited|Inc|LLC|GmbH|Pty|plc|Corp|"
    r"Corporation|Company|Co\.|Bank|Council|Municipality|University|Power|Energy|Water|Telecom|"
    r"Insurance|Services|Group|Holdings))(?!\w)\.?"
)
KEY_FACT = re.compile(
    r"^(?:total|amount due|balance due|total due|grand total|due date|payment due|net pay|"
    r"closing balance|amount paid)\b.{0,60}\d",
    re.IGNORECASE,
)
NO_TEXT_MARKERS = ("This document has no OCR text.", "The OCR found no text in this document.")
# Said on Regenerate: the built-in engine is deterministic, so the same text gives the same
# result. It never offers a "next-best" variant instead: those were worse, not different.
DETERMINISTIC_NOTE = (
    "The built-in engine always writes the same title, tags and summary for the same text."
)


def detect_kind(text: str) -> tuple[str, list[str], bool] | None:
    """The kind, its tags, and whether the evidence is clear enough to put it in the title."""
    head = text[:6000].lower()
    for pattern, title, tags in DOC_KINDS:
        if re.search(pattern, head, re.MULTILINE):
            return title, tags, bool(EVIDENCE.search(head))
    if LETTER.search(text[:4000]) and LETTER_CLOSING.search(text):
        return "Letter", ["letter", "correspondence"], True
    return None


def detect_org(text: str) -> str | None:
    for line in lines_of(text)[:40]:
        match = ORG_SUFFIX.search(line)
        if match:
            return " ".join(match.group(1).split())[:60]
    return None


def detect_period(text: str) -> str | None:
    """The first date in the document as "March 2026"."""
    head = text[:6000]
    match = MONTH_DATE.search(head)
    if match:
        word = match.group(1).lower()[:3]
        month = next(m for m in MONTHS if m.startswith(word))
        return f"{month.capitalize()} {match.group(2)}"
    match = NUMERIC_DATE.search(head)
    if match:
        year, month = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        )
        if 1 <= int(month) <= 12:
            return f"{MONTHS[int(month) - 1].capitalize()} {year}"
    return None


def key_facts(text: str, limit: int = 2) -> list[str]:
    """Form-like documents (invoices, bills, payslips) have no sentences to pick, but their
    totals and due dates are what a reader wants from a summary."""
    facts: list[str] = []
    for line in lines_of(text):
        if KEY_FACT.search(line) and len(line) <= 120 and line not in facts:
            facts.append(line.rstrip("."))
        if len(facts) == limit:
            break
    return facts


def no_text(text: str) -> bool:
    stripped = text.strip()
    return stripped in NO_TEXT_MARKERS or not has_text(stripped)


def build_metadata(
    text: str, document: DocumentInfo, layout: LayoutHints | None = None, variant: int = 0
) -> tuple[str, list[str], str]:
    """Title, tags and summary. `variant` > 0 picks the next-best title and summary."""
    layout = layout or LayoutHints()
    text = tidy(text)  # texts stored before the OCR step tidied them still carry U+0002
    if no_text(text) or layout.no_text:
        return (
            filename_title(document.filename),
            ["no text found"],
            (
                "No text was found in this document, so there is nothing to summarise. "
                "If it should contain text, re-scan it at a higher resolution."
            ),
        )
    pages = split_pages(text)
    running = running_lines(pages)
    content = content_lines(pages, running)
    body = [ln for page in content for ln in page]
    kind = detect_kind(text)
    org, period = detect_org(text), detect_period(text)

    own = title_candidates(pages[0], running, layout)
    own_title = own[min(variant, len(own) - 1)] if own else None
    if kind and kind[2]:
        subject = SUBJECT.search(text[:4000]) if kind[0] == "Letter" else None
        parts = [kind[0], subject.group(1).strip() if subject else org, period]
        display_name = " – ".join(p for p in parts if p)
    else:
        display_name = own_title or filename_title(document.filename)

    picked = summarise(
        sentences(paragraphs(body)), display_name, max_sentences=1 if kind else 2, skip=variant
    )
    tags: list[str] = list(kind[1]) if kind else []
    if org and kind:
        tags.append(org.lower())
    tag_lines = [ln for ln in body if not is_boilerplate(ln)]
    for phrase in keyphrases(
        tag_lines,
        display_name if not kind else (own_title or ""),
        8,
        skip=variant,
        focus=" ".join(picked),
    ):
        if len(tags) >= 8:
            break
        if phrase not in tags and not set(phrase.split()) <= set(" ".join(tags).split()):
            tags.append(phrase)

    if kind:
        what = kind[0].lower()
        described = f"{'An' if what[0] in 'aeiou' else 'A'} {what}"
        if org:
            described += f" from {org}"
        if period:
            described += f" dated {period}"
        parts = [f"{described}."]
        facts = key_facts(text)
        if facts:
            parts.append("; ".join(facts) + ".")
            picked = picked[:1]
        summary = " ".join(p for p in parts + picked if p)
    elif picked:
        summary = " ".join(picked)
    else:
        pages_note = f"{len(pages)}-page" if len(pages) > 1 else "one-page"
        summary = (
            f"A {pages_note} document headed “{display_name}” with no running text to "
            "summarise (lists, tables or short lines only)."
        )
    if len(tags) < 1:
        tags = ["untagged"]
    return display_name[:200], tags[:8], summary


class LocalMetadataGenerator:
    """Extractive metadata. The arithmetic is pure Python, ~0.1-1 s of CPU on a long document:
    in a thread it would hold the GIL against the event loop answering uploads, so the API
    process hands it to its worker processes (niced, like OCR, and taking turns with OCR
    pages by document). Without a pool (unit tests) it runs in a thread."""

    name = "local"

    def __init__(self, workers: WorkerPool | None = None) -> None:
        self._workers = workers

    async def run(
        self, document: DocumentInfo, tools: MetadataTools
    ) -> AsyncGenerator[AgentEvent, None]:
        yield StatusEvent(message="Reading the document")
        yield ToolEvent(tool="read_ocr")
        text = await tools.read_ocr()
        layout = LayoutHints()
        read_layout = getattr(tools, "read_layout", None)
        if read_layout is not None:  # optional tool: title hints from the OCR step
            yield ToolEvent(tool="read_layout")
            layout = await read_layout() or LayoutHints()
        # Milliseconds to a second of arithmetic on a long document: not in this process.
        # Always the best candidates (variant 0), however often Regenerate is pressed.
        args = (text, document, layout, 0)
        if self._workers is not None:
            display_name, tags, summary = await self._workers.run(
                build_metadata, *args, key=document.id
            )
        else:
            display_name, tags, summary = await asyncio.to_thread(build_metadata, *args)
        yield TextEvent(text=f"Title: {display_name}. Tags: {', '.join(tags)}.")
        if document.variant:
            yield StatusEvent(message=DETERMINISTIC_NOTE)
        yield ToolEvent(tool="save_metadata")
        await tools.save_metadata(display_name, tags, summary)
        yield StatusEvent(message="Metadata saved")
