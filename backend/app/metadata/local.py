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
import datetime as dt
import re
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.domain import LayoutHints
from app.metadata.base import (
    AgentEvent,
    DocumentInfo,
    MetadataTools,
    StatusEvent,
    TextEvent,
    ToolEvent,
)
from app.metadata.facts import DocumentType, FactName, Facts, Total, facts_to_json
from app.metadata.language import (
    detect_language,
    format_date,
    split_sentences,
    words,
)
from app.metadata.local_correspondent_known import SenderMemory
from app.metadata.local_fact_title import (
    FILED_BY_SENDER,
    SUBJECT_KINDS,
    contract_heading,
    document_heading,
    doubtful_sender,
    fact_title,
    is_credit_note,
    letter_subject,
    title_date,
    title_sender,
    type_word,
)
from app.metadata.local_facts import extract_facts
from app.metadata.local_summary import (
    CLOSING,
    is_letter_formula,
    summarise,
    without_salutation,
)
from app.metadata.local_tags import item_tags, keyphrases
from app.metadata.local_text import (
    content_lines,
    is_boilerplate,
    lines_of,
    paragraphs,
    running_lines,
    split_pages,
)
from app.metadata.local_title import (
    filename_title,
    looks_like_address,
    title_candidates,
)
from app.metadata.local_vocabulary import choose_tags
from app.ocr.text import has_text, tidy
from app.workers import WorkerPool

NO_TEXT_MARKERS = ("This document has no OCR text.", "The OCR found no text in this document.")
# Said on Regenerate: the built-in engine is deterministic, so the same text gives the same
# result. It never offers a "next-best" variant instead: those were worse, not different.
DETERMINISTIC_NOTE = (
    "The built-in engine always writes the same title, tags and summary for the same text."
)
# What a summary never quotes: payment instructions, legal footers, machine notes.
SUMMARY_BOILERPLATE = re.compile(
    r"\b(?:iban|bic|swift|bank transfer|überweis\w*|lastschrift|virement|prélèvement|"
    r"bonifico|transferencia bancaria|domiciliaci[óo]n|addebito|"
    # whom to ask, and the page's furniture: on every bill, about none
    r"(?:if you have|should you have) any questions|any questions about|please remit|"
    r"bei (?:rück)?fragen|pour toute question|en cas de question|heeft u (?:nog )?vragen|"
    r"voor vragen|per (?:qualsiasi|ulteriori) (?:domand|informazion)\w*|"
    r"(?:si tiene|para) (?:alguna|cualquier) (?:pregunta|duda|consulta)|"
    r"em caso de d[úu]vida|powered by|all rights reserved|page \d+ of|seite \d+ von|"
    r"incasso|overmaken|overschrijving|payable to|please pay|bitte zahlen|veuillez|gelieve|"
    r"computer[- ]generated|maschinell erstellt|ohne unterschrift|sans signature|"
    r"registered office|handelsregister|amtsgericht|registergericht|geschäftsführer|rcs|siret|"
    r"kvk|capital social|ust-?id|vat (?:no|number|reg)|btw-?n|terugvinden|thank you for|"
    r"vielen dank|merci|bedankt|grazie|gracias|terms and conditions|agb|"
    r"conditions générales|algemene voorwaarden|credit card|kreditkarte|carte bancaire)",
    re.IGNORECASE,
)
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])[-‐‑\u00ad]\s+(?=[a-zäöüßàâçéèêëîïôûùüÿœæ]{2,})")
_CONNECTIVES = {"and", "or", "und", "oder", "et", "ou", "en", "of", "y", "o", "e"}


@dataclass(frozen=True)
class LocalResult:
    display_name: str
    tags: list[str]
    summary: str
    language: str | None
    facts: Facts = field(default_factory=dict)

    def facts_json(self) -> dict[str, dict[str, Any]]:
        return facts_to_json(self.facts)


def join_broken_words(text: str) -> str:
    """ "in‐ cluding" → "including": a line-break hyphen the text layer kept. A hyphen before
    "and"/"und"/"et" ("pre- and post-") stays."""

    def repl(match: re.Match[str]) -> str:
        following = text[match.end() :].split(" ", 1)[0].strip(".,;:")
        return match.group(0) if following.lower() in _CONNECTIVES else ""

    return _BROKEN_WORD.sub(repl, text)


def _amount(total: Total) -> str:
    return f"{total.currency} {total.amount:,.2f}"


def fact_sentence(facts: Facts, credit_note: bool = False) -> str | None:
    """What the document is, from whom, when, and for money documents how much and by when."""
    kind = facts.get(FactName.DOCUMENT_TYPE)
    if kind is None:
        return None
    assert isinstance(kind.value, DocumentType)
    if kind.value is DocumentType.OTHER and FactName.CORRESPONDENT not in facts:
        return None  # "A document dated 2 Oct 2018." says nothing: the text's own sentences do
    what = "credit note" if credit_note else type_word(kind.value, "en").lower()
    text = f"{'An' if what[0] in 'aeiou' else 'A'} {what}"
    sender = title_sender(facts)
    if sender is not None:
        text += f" from {sender}"
    date = facts.get(FactName.DOCUMENT_DATE)
    if date is not None and isinstance(date.value, dt.date):
        text += f" dated {format_date(date.value, 'en')}"
    ref = facts.get(FactName.REFERENCE)
    if ref is not None:
        text += f" (reference {ref.value})"
    total = facts.get(FactName.TOTAL)
    due = facts.get(FactName.DUE_DATE)
    if total is not None and isinstance(total.value, Total):
        text += f", for {_amount(total.value)}"
        if due is not None and isinstance(due.value, dt.date):
            text += f", due {format_date(due.value, 'en')}"
    elif due is not None and isinstance(due.value, dt.date):
        text += f", due {format_date(due.value, 'en')}"
    return text + "."


def no_text(text: str) -> bool:
    stripped = text.strip()
    return stripped in NO_TEXT_MARKERS or not has_text(stripped)


# pysbd's time grows with the square of what it splits ("1. 2. 3. …" 30,000 characters long
# takes half a minute; 600 of them a hundredth of a second): the summary's paragraphs go to it in pieces of at most this many
# characters, broken after a sentence's end where there is one, and only the first
# SUMMARY_READS characters of the body are read (a summary comes from a document's start).
_SENTENCE_PIECE = 600
SUMMARY_READS = 60_000  # what the pipeline hands the engine (metadata_job.MAX_TOOL_TEXT)


def _pieces(paragraph: str) -> list[str]:
    out = []
    while len(paragraph) > _SENTENCE_PIECE:
        end = paragraph.rfind(". ", _SENTENCE_PIECE // 2, _SENTENCE_PIECE)
        if end < 0:
            end = paragraph.rfind(" ", _SENTENCE_PIECE // 2, _SENTENCE_PIECE)
        end = end + 1 if end >= 0 else _SENTENCE_PIECE
        out.append(paragraph[:end])
        paragraph = paragraph[end:]
    return [*out, paragraph]


def _summary_sentences(body: list[str], language: str | None) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    read = 0
    pieces = []
    for para in paragraphs(body):
        if read >= SUMMARY_READS:
            break
        para = para[: SUMMARY_READS - read]
        read += len(para)
        pieces += _pieces(join_broken_words(para))
    for piece in pieces:
        for sentence in split_sentences(piece, language):
            sentence = without_salutation(sentence)
            key = " ".join(sentence.lower().split())
            if (
                key in seen
                or SUMMARY_BOILERPLATE.search(sentence)
                or _repeats_itself(sentence)
                or CLOSING.match(sentence)
            ):
                continue
            seen.add(key)
            out.append(sentence)
    return out


def _tag_line(line: str) -> bool:
    """A line whose words may make a tag: not a legal footer or payment instruction, not an
    address, not a salutation or closing, not a place and date ("Kiel, 14. März 2025")."""
    return not (
        is_boilerplate(line)
        or SUMMARY_BOILERPLATE.search(line)
        or looks_like_address(line)
        or is_letter_formula(line)
        or _PLACE_AND_DATE.match(line)
    )


# "Kiel, 14. März 2025", "Lyon, le 3 février 2025", "Madrid, 5 de junio de 2024"
_PLACE_AND_DATE = re.compile(
    r"^[^\W\d_][\w .'’-]{1,30},\s*(?:le |den |il |el |em )?\d{1,2}\.?\s*(?:de\s+)?"
    r"[^\W\d_]+\.?\s*(?:de\s+)?\d{4}$"
)


def _repeats_itself(sentence: str) -> bool:
    """A form's line read twice as one sentence ("Ort: Frankfurt a. M. Ort: Frankfurt a. M."):
    a piece between full stops that comes again."""
    pieces = [" ".join(p.lower().split()) for p in re.split(r"(?<=[.!?…])\s+", sentence)]
    pieces = [p for p in pieces if len(p) > 10]
    return len(pieces) != len(set(pieces))


# The most of a document's text the engine reads: its facts, title and summary come from its
# first pages, and its cost grows with its length (about a second per 100,000 characters).
# The pipeline already hands it a sample of about 60,000 (metadata_job.MAX_TOOL_TEXT); this
# bounds every other caller (the evaluation, a long text pasted whole) the same way.
MAX_TEXT_CHARS = 150_000


def analyse(
    text: str,
    document: DocumentInfo,
    layout: LayoutHints | None = None,
    variant: int = 0,
    existing_tags: Iterable[str] = (),
    senders: SenderMemory | None = None,
) -> LocalResult:
    """Language, facts, title, tags and summary. `variant` > 0 picks the next-best title and
    summary; `existing_tags` is the user's vocabulary, reused before any new tag; `senders`
    what the person's corrections of senders say (`local_correspondent_known`)."""
    layout = layout or LayoutHints()
    # texts stored before the OCR step tidied them still carry U+0002; past the first
    # MAX_TEXT_CHARS nothing is read (see there)
    text = tidy(text[:MAX_TEXT_CHARS])
    if no_text(text) or layout.no_text:
        return LocalResult(
            filename_title(document.filename),
            ["no text found"],
            (
                "No text was found in this document, so there is nothing to summarise. "
                "If it should contain text, re-scan it at a higher resolution."
            ),
            None,
        )
    pages = split_pages(text)
    language = detect_language(text)
    facts = extract_facts(pages, language, layout, senders)
    running = running_lines(pages)
    content = content_lines(pages, running)
    body = [ln for page in content for ln in page]

    kind_fact = facts.get(FactName.DOCUMENT_TYPE)
    kind = kind_fact.value if kind_fact is not None else None
    own = title_candidates(pages[0], running, layout)
    if kind in FILED_BY_SENDER:  # a bill's "Nous contacter" is no more its title than its sender
        own = [candidate for candidate in own if not doubtful_sender(candidate)]
    own_title = own[min(variant, len(own) - 1)] if own else None
    subject = None
    if kind in SUBJECT_KINDS:
        subject = letter_subject(text, labelled_only=kind is not DocumentType.LETTER)
    credit_note = is_credit_note(pages[0], facts)
    by_facts = fact_title(facts, language, subject, credit_note, contract_heading(own_title, facts))
    heading = None
    if kind in FILED_BY_SENDER and title_sender(facts) is None and not subject:
        heading = document_heading(pages[0])
    if heading:  # "Booking Confirmation – 5 Dec 2018" over "Contract 334566 – 5 Dec 2018"
        display_name = " – ".join(p for p in (heading, title_date(facts, language)) if p)
    elif by_facts:  # the facts do not change on Regenerate, nor does a title made of them
        display_name = by_facts
    elif own_title and kind in FILED_BY_SENDER and isinstance(kind, DocumentType):
        # a sender's kind with neither sender nor date: its kind and its first heading
        # ("Invoice – AnyCompany Hardware"), not the heading alone
        display_name = f"{type_word(kind, language)} – {own_title}"
    elif own_title:
        display_name = own_title
    elif isinstance(kind, DocumentType) and kind is not DocumentType.OTHER:
        # "Invoice 2024-0318" or "Invoice" says more than "scan_0001"
        reference = facts.get(FactName.REFERENCE)
        display_name = type_word(kind, language) + (f" {reference.value}" if reference else "")
    elif title_sender(facts) is not None:
        # of no kind we know and with no heading of its own, but from someone: its sender and
        # date file it better than "scan_0042"
        display_name = " – ".join(
            p for p in (title_sender(facts), title_date(facts, language)) if p
        )
    else:
        display_name = filename_title(document.filename)

    described = fact_sentence(facts, credit_note)
    picked = summarise(
        _summary_sentences(body, language),
        display_name,
        max_sentences=1 if described else 2,
        skip=variant,
    )
    tag_lines = [ln for ln in body if _tag_line(ln)]
    sender = facts.get(FactName.CORRESPONDENT)
    sender_words = {w.lower() for w in words(str(sender.value))} if sender else set()
    # the type and the sender are facts: their words never make a tag
    fact_words = set(sender_words)
    if isinstance(kind, DocumentType):
        for lang in {language or "en", "en"}:
            fact_words |= {w.lower() for w in words(type_word(kind, lang))}
    candidates = keyphrases(
        tag_lines,
        # an invoice's own first line is often a stray one: its title words weigh only when
        # the title is the document's own
        display_name if by_facts and display_name == by_facts else own_title or display_name,
        8,
        skip=variant,
        focus=" ".join(picked),
        language=language,
        exclude=frozenset(fact_words),
    )
    if kind in (DocumentType.INVOICE, DocumentType.RECEIPT) and len(candidates) < 3:
        # a short bill repeats nothing: what it is for is in its item rows
        rows = [ln for page in pages[:2] for ln in lines_of(page) if _tag_line(ln)]
        for phrase in item_tags(rows, language, frozenset(fact_words)):
            if not any(set(phrase.split()) & set(c.split()) for c in candidates):
                candidates.append(phrase)
    # the sender is a fact, like the type: its name is not a tag ("city", "power")
    candidates = [c for c in candidates if not set(c.split()) <= sender_words]
    tags = choose_tags(
        candidates,
        existing_tags,
        text=text[:20000],
        language=language,
        document_type=kind if isinstance(kind, DocumentType) else None,
    )
    if described:
        summary = " ".join([described, *picked])
    elif picked:
        summary = " ".join(picked)
    else:
        pages_note = f"{len(pages)}-page" if len(pages) > 1 else "one-page"
        summary = (
            f"A {pages_note} document headed “{display_name}” with no running text to "
            "summarise (lists, tables or short lines only)."
        )
    if not tags:
        tags = ["untagged"]
    return LocalResult(display_name[:200], tags[:8], summary, language, facts)


def build_metadata(
    text: str, document: DocumentInfo, layout: LayoutHints | None = None, variant: int = 0
) -> tuple[str, list[str], str]:
    """Title, tags and summary alone (tests and the title/tags/summary evaluation)."""
    result = analyse(text, document, layout, variant)
    return result.display_name, result.tags, result.summary


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
        vocabulary: list[str] = []
        read_vocabulary = getattr(tools, "read_vocabulary", None)
        if read_vocabulary is not None:  # optional tool: the user's own tags, reused first
            yield ToolEvent(tool="read_vocabulary")
            vocabulary = list(await read_vocabulary())
        senders = SenderMemory()
        read_senders = getattr(tools, "read_senders", None)
        if read_senders is not None:  # optional tool: the person's corrections of senders
            yield ToolEvent(tool="read_senders")
            senders = await read_senders()
        # Milliseconds to a second of arithmetic on a long document: not in this process.
        # Always the best candidates (variant 0), however often Regenerate is pressed.
        args = (text, document, layout, 0, vocabulary, senders)
        result: LocalResult
        if self._workers is not None:
            result = await self._workers.run(analyse, *args, key=document.id)
        else:
            result = await asyncio.to_thread(analyse, *args)
        yield TextEvent(text=f"Title: {result.display_name}. Tags: {', '.join(result.tags)}.")
        if document.variant:
            yield StatusEvent(message=DETERMINISTIC_NOTE)
        yield ToolEvent(tool="save_metadata")
        await tools.save_metadata(
            result.display_name,
            result.tags,
            result.summary,
            facts=result.facts,
            language=result.language,
        )
        yield StatusEvent(message="Metadata saved")
