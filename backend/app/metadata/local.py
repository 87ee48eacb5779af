"""The local metadata generator: extractive, no model, no network.

It reads the OCR text through the same two tools the Claude agent uses and saves a title such as
"Electricity bill – City Power – March 2026", 3–8 tags and a short summary picked from the
document's own sentences. Heuristics, not understanding: good on the bills, letters and
statements people actually drop, and never worse than the filename.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import PurePath

from app.metadata.base import (
    AgentEvent,
    DocumentInfo,
    MetadataTools,
    StatusEvent,
    TextEvent,
    ToolEvent,
)

# (pattern, title, tags). Order matters: the most specific kinds first.
DOC_KINDS: list[tuple[str, str, list[str]]] = [
    (r"\belectricity\b.{0,40}\b(bill|account|statement|invoice)\b|\bkwh\b", "Electricity bill", ["bill", "electricity", "utilities"]),
    (r"\bwater\b.{0,30}\b(bill|account|charges)\b", "Water bill", ["bill", "water", "utilities"]),
    (r"\bgas\b.{0,30}\b(bill|account)\b", "Gas bill", ["bill", "gas", "utilities"]),
    (r"\b(internet|broadband|mobile|phone)\b.{0,30}\b(bill|account|invoice)\b", "Phone and internet bill", ["bill", "telecom"]),
    (r"\b(payslip|pay slip|salary slip|earnings statement)\b", "Payslip", ["payslip", "salary", "income"]),
    (r"\bbank statement\b|\b(opening|closing) balance\b", "Bank statement", ["bank", "statement", "finance"]),
    (r"\btax invoice\b|\binvoice (no|number|#|date)\b|^\s*invoice\b", "Invoice", ["invoice", "finance"]),
    (r"\breceipt\b", "Receipt", ["receipt", "purchase"]),
    (r"\b(quotation|quote no)\b", "Quotation", ["quote", "sales"]),
    (r"\b(lease|rental) agreement\b|\btenancy\b", "Lease agreement", ["lease", "contract", "housing"]),
    (r"\b(agreement|contract)\b.{0,80}\b(parties|party|hereby)\b", "Contract", ["contract", "legal"]),
    (r"\b(insurance|policy (no|number)|policyholder)\b", "Insurance document", ["insurance"]),
    (r"\btax return\b|\btax assessment\b", "Tax document", ["tax", "finance"]),
    (r"\b(prescription|diagnosis|patient)\b", "Medical document", ["medical", "health"]),
    (r"\b(curriculum vitae|resume|work experience)\b", "CV", ["cv", "career"]),
    (r"\bminutes of\b|\bmeeting minutes\b", "Meeting minutes", ["meeting", "minutes"]),
    (r"\bdear\b.{0,60}[,\n]", "Letter", ["letter", "correspondence"]),
    (r"\b(abstract|introduction|conclusion)\b", "Report", ["report"]),
]

ORG_SUFFIX = re.compile(
    r"\b([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4}\s+(?:Ltd|Limited|Inc|LLC|GmbH|Pty|plc|Corp|"
    r"Corporation|Company|Co\.|Bank|Council|Municipality|University|Power|Energy|Water|Telecom|"
    r"Insurance|Services|Group|Holdings))\b\.?"
)
MONTHS = ("january february march april may june july august september october november "
          "december").split()
MONTH_DATE = re.compile(
    r"\b(?:\d{1,2}\s+)?(" + "|".join(m[:3] + r"[a-z]*" for m in MONTHS) + r")\.?\s+(?:\d{1,2},?\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-\d{2}\b|\b\d{1,2}[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")

STOPWORDS = set("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our ours out over own same she should so some such
than that the their theirs them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours page
please per date total amount number account ref reference dear sincerely regards yours may must
shall within without upon via etc tel fax email www http https com net org pty ltd inc llc one
two three also new use used using made make including include includes
""".split())


def _lines(text: str) -> list[str]:
    return [ln.strip(" \t#*|-") for ln in text.splitlines() if ln.strip(" \t#*|-")]


def detect_kind(text: str) -> tuple[str, list[str]] | None:
    head = text[:6000].lower()
    for pattern, title, tags in DOC_KINDS:
        if re.search(pattern, head, re.MULTILINE):
            return title, tags
    return None


def detect_org(text: str) -> str | None:
    for line in _lines(text)[:40]:
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
        year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if 1 <= int(month) <= 12:
            return f"{MONTHS[int(month) - 1].capitalize()} {year}"
    return None


def heading(text: str) -> str | None:
    """The first line that looks like a title: short, mostly letters, not a sentence."""
    for line in _lines(text)[:15]:
        letters = sum(ch.isalpha() for ch in line)
        if 4 <= len(line) <= 90 and letters >= 0.6 * len(line) and not line.endswith((".", ",", ":")):
            return line if not line.isupper() else line.title()
    return None


def keywords(text: str, limit: int) -> list[str]:
    counts = Counter(
        w.lower() for w in WORD.findall(text) if w.lower() not in STOPWORDS and w.lower() not in MONTHS
    )
    return [w for w, n in counts.most_common(limit * 3) if n >= 2][:limit]


def prose(text: str) -> list[str]:
    """Paragraphs of running text: heading-like lines (short, no closing punctuation) end a
    paragraph instead of gluing themselves onto the next sentence."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        line = line.strip(" \t#*|")
        if line.lower().startswith(("dear ", "to whom")):
            continue  # a salutation is not content
        if not line or (len(line) < 60 and not line.endswith((".", "!", "?", ",", ";"))):
            paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    return [" ".join(p) for p in paragraphs if p]


def summarise(text: str, max_sentences: int = 2, max_chars: int = 400) -> str | None:
    """The most representative sentences, by their share of frequent words, in document order."""
    flat = " ".join(text.split())
    sentences = [
        s for para in prose(text) for s in SENTENCE_END.split(para)
        if 40 <= len(s) <= 400 and len(WORD.findall(s)) >= 6 and s.endswith((".", "!", "?"))
    ]
    if not sentences:
        return None
    freq = Counter(w.lower() for w in WORD.findall(flat) if w.lower() not in STOPWORDS)

    def score(s: str) -> float:
        words = [w.lower() for w in WORD.findall(s)]
        return sum(freq[w] for w in words if w not in STOPWORDS) / (len(words) ** 0.5)

    best = sorted(sorted(range(len(sentences)), key=lambda i: -score(sentences[i]))[:max_sentences])
    summary = " ".join(sentences[i] for i in best)
    return summary if len(summary) <= max_chars else summary[: max_chars - 1].rsplit(" ", 1)[0] + "…"


KEY_FACT = re.compile(
    r"^(?:total|amount due|balance due|total due|grand total|due date|payment due|net pay|"
    r"closing balance)\b.{0,60}\d", re.IGNORECASE,
)


def key_facts(text: str, limit: int = 2) -> list[str]:
    """Form-like documents (invoices, bills, payslips) have no sentences to pick, but their
    totals and due dates are what a reader wants from a summary."""
    facts: list[str] = []
    for line in _lines(text):
        if KEY_FACT.search(line) and len(line) <= 120 and line not in facts:
            facts.append(line.rstrip("."))
        if len(facts) == limit:
            break
    return facts


def filename_title(filename: str) -> str:
    stem = re.sub(r"[_\-.]+", " ", PurePath(filename.replace("\\", "/")).stem).strip()
    return (stem[:1].upper() + stem[1:])[:120] if stem else "Untitled document"


def build_metadata(text: str, document: DocumentInfo) -> tuple[str, list[str], str]:
    kind = detect_kind(text)
    org, period = detect_org(text), detect_period(text)
    if kind:
        parts = [kind[0], org, period]
        display_name = " – ".join(p for p in parts if p)
    else:
        display_name = heading(text) or filename_title(document.filename)
        if period and period not in display_name:
            display_name = f"{display_name} – {period}"

    tags: list[str] = list(kind[1]) if kind else []
    if org:
        tags.append(org.lower())
    if period:
        tags.append(period.split()[-1])
    for word in keywords(text, 8):
        if len(tags) >= 8:
            break
        if word not in tags and not any(word in t for t in tags):
            tags.append(word)
    if len(tags) < 3:
        kind_tag = "image" if document.mime_type.startswith("image/") else "pdf"
        for extra in ("document", kind_tag, "unsorted"):
            if len(tags) < 3 and extra not in tags:
                tags.append(extra)

    what = (kind[0].lower() if kind else "document")
    article = "An" if what[0] in "aeiou" else "A"
    described = f"A {document.page_count}-page {what}" if document.page_count > 1 else f"{article} {what}"
    if org:
        described += f" from {org}"
    if period:
        described += f" dated {period}"
    facts = key_facts(text)
    # At most three sentences: what it is, its key figures (one sentence), and what it says.
    picked = summarise(text, max_sentences=1 if facts else 2)
    if not text.strip():
        summary = f"{described}. No readable text was found in it."
    else:
        summary = f"{described}."
        if facts:
            summary += " " + "; ".join(facts) + "."
        if picked:
            summary += f" {picked}"
    return display_name[:200], tags[:8], summary


class LocalMetadataGenerator:
    name = "local"

    async def run(self, document: DocumentInfo, tools: MetadataTools) -> AsyncIterator[AgentEvent]:
        yield StatusEvent(message="Reading the document")
        yield ToolEvent(tool="read_ocr")
        text = await tools.read_ocr()
        # Milliseconds of regex work on a long document: not on the event loop.
        display_name, tags, summary = await asyncio.to_thread(build_metadata, text, document)
        yield TextEvent(text=f"Title: {display_name}. Tags: {', '.join(tags)}.")
        yield ToolEvent(tool="save_metadata")
        await tools.save_metadata(display_name, tags, summary)
        yield StatusEvent(message="Metadata saved")
