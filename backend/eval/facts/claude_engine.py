"""The facts evaluation with the Claude engine, against the loopback Anthropic fake.

This proves the *contract*, not a model's quality: the real `ClaudeMetadataAgent` (the real
claude-agent-sdk and its bundled CLI, our three MCP tools) talks to `tests/fakes/anthropic_fake`,
which plays a model that answers from the reference facts, each with a real quote found in
the OCR text of the page it cites, plus one deliberately wrong quote per document. What the
tools then store is scored like the local engine's answer. The run shows:

- facts arrive through `save_metadata` with their page and quote and are stored (source
  `claude`), every stored quote on its cited page;
- the deliberately wrong quote is dropped, never stored (`BadQuote`);
- the user's vocabulary goes through `read_vocabulary`, and the tags follow its rules.

A reference fact for which no line of the text shows the value is left out by the fake (as a
careful model would): it scores as missed, which says how often the reference value is not
written as such in the OCR text (a scan that misread it, a name spelled differently).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.config import Settings
from app.metadata.base import DocumentInfo, DocumentMetadata
from app.metadata.claude import ClaudeMetadataAgent
from app.metadata.facts import Facts, facts_to_json
from app.metadata.language import find_amounts, find_dates
from eval.facts.score import TYPE_WORDS
from tests.fakes.anthropic_fake import AnthropicFake, Text, ToolUse

VOCABULARY = ["corpus", "paperwork"]  # the tags the evaluated user already has
WRONG_QUOTE = "These words are not in the document (a deliberately wrong quote)"


def _lines(page: str) -> list[str]:
    return [ln.strip(" \t#*|>") for ln in page.splitlines() if ln.strip(" \t#*|>-")]


def _spelling_on(line: str, spellings: Sequence[str]) -> str | None:
    """The spelling as the line writes it (its own case), for the first spelling it shows."""
    for spelling in spellings:
        at = line.casefold().find(spelling.casefold())
        if at >= 0 and spelling.strip():
            return line[at : at + len(spelling)]
    return None


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def find_quote(
    name: str, expected: Any, pages: Sequence[str], language: str | None
) -> tuple[Any, int, str] | None:
    """(value, page, quote): the reference value and a line of the text it is written on."""
    for number, page in enumerate(pages, start=1):
        for line in _lines(page):
            if name == "document_type":
                words = TYPE_WORDS.get(str(expected), ())
                if any(re.search(rf"\b{re.escape(w)}", line, re.I) for w in words):
                    return str(expected), number, line
            elif name in ("correspondent", "reference"):
                written = _spelling_on(line, _as_list(expected))
                if written is not None:
                    return written, number, line
            elif name in ("document_date", "due_date"):
                wanted = dt.date.fromisoformat(str(expected))
                if any(d.value == wanted for d in find_dates(line, language)):
                    return str(expected), number, line
            elif name == "total" and isinstance(expected, Mapping):
                amounts = {Decimal(str(expected["amount"]))}
                amounts |= {Decimal(str(a)) for a in _as_list(expected.get("also", []))}
                if any(abs(a.amount) in {abs(x) for x in amounts} for a in find_amounts(line)):
                    return (
                        {
                            "amount": str(expected["amount"]),
                            "currency": expected["currency"],
                        },
                        number,
                        line,
                    )
    if name == "document_type" and pages and _lines(pages[0]):
        # A type is read from the whole page; quote its first line, where a reader looks.
        return str(expected), 1, _lines(pages[0])[0]
    return None


@dataclass
class BadQuote:
    """The fact the fake sends with a quote that is on no page, and whether it was stored."""

    name: str
    value: Any
    stored: bool = False


def scripted_answer(
    entry: Mapping[str, Any], pages: Sequence[str]
) -> tuple[dict[str, Any], BadQuote]:
    """The fake model's `save_metadata` input for one document."""
    reference: Mapping[str, Any] = entry.get("facts", {})
    language = entry.get("language")
    facts: dict[str, Any] = {}
    for name, expected in reference.items():
        found = find_quote(name, expected, pages, language)
        if found is not None:
            value, page, quote = found
            facts[name] = {"value": value, "page": page, "quote": quote, "confidence": 0.9}
    # One deliberately wrong quote: a fact the document does not carry when there is one
    # (stored, it would be a false positive), else the reference number misquoted.
    absent = [n for n in ("reference", "due_date", "total", "document_date") if n not in facts]
    name = absent[0] if absent else "reference"
    value: Any = {
        "reference": "FAKE-0000",
        "due_date": "2001-01-01",
        "document_date": "2001-01-01",
        "total": {"amount": "1.00", "currency": "EUR"},
    }[name]
    facts[name] = {"value": value, "page": 1, "quote": WRONG_QUOTE, "confidence": 0.9}
    sender = facts.get("correspondent", {}).get("value")
    kind = str(reference.get("document_type", "other")).replace("_", " ")
    own = (entry.get("title") or {}).get("own")
    title = own or (f"{kind.capitalize()} – {sender}" if sender else kind.capitalize())
    answer = {
        "display_name": title[:200],
        "tags": ["Corpus", kind, "evaluation"],
        "summary": f"A {kind}" + (f" from {sender}." if sender else "."),
        "language": language,
        "facts": facts,
    }
    return answer, BadQuote(name, value)


class EvalTools:
    """`MetadataTools` over one document's OCR pages, in memory (the evaluation has no
    database); what the agent saves is kept for scoring."""

    def __init__(self, pages: Sequence[str]) -> None:
        self.pages = list(pages)
        self.saved: DocumentMetadata | None = None
        self.facts: Facts = {}
        self.language: str | None = None

    async def read_ocr(self, page: int | None = None) -> str:
        if page is None:
            return "\n\n---\n\n".join(self.pages)
        return self.pages[page - 1] if 1 <= page <= len(self.pages) else "No such page."

    async def read_page_text(self, page: int) -> str | None:
        return self.pages[page - 1] if 1 <= page <= len(self.pages) else None

    async def read_vocabulary(self) -> list[str]:
        return list(VOCABULARY)

    async def save_metadata(
        self,
        display_name: str,
        tags: list[str],
        summary: str,
        *,
        facts: Facts | None = None,
        language: str | None = None,
    ) -> DocumentMetadata:
        self.saved = DocumentMetadata(display_name=display_name, tags=tags, summary=summary)
        self.facts, self.language = dict(facts or {}), language
        return self.saved


@dataclass
class ClaudeRun:
    """One document through the Claude engine: what was stored, and the wrong quote's fate."""

    predicted: dict[str, Any]
    bad: BadQuote
    sent: list[str] = field(default_factory=list)  # the fact names the fake sent


async def predict_claude(
    fake: AnthropicFake, settings: Settings, entry: Mapping[str, Any], pages: Sequence[str]
) -> ClaudeRun:
    answer, bad = scripted_answer(entry, pages)
    fake.script(
        [ToolUse("read_ocr"), ToolUse("read_vocabulary")],
        [ToolUse("save_metadata", answer)],
        [Text("Saved.")],
    )
    tools = EvalTools(pages)
    info = DocumentInfo(
        id=str(entry["id"]),
        filename=f"{entry['id']}.pdf",
        mime_type="application/pdf",
        page_count=len(pages),
    )
    agent = ClaudeMetadataAgent(settings, max_api_retries=0)
    async for _ in agent.run(info, tools):
        pass
    if tools.saved is None:
        raise RuntimeError(f"{entry['id']}: the Claude engine saved nothing")
    stored = facts_to_json(tools.facts)
    bad.stored = bad.name in stored and stored[bad.name]["quote"] == WRONG_QUOTE
    predicted = {
        "language": tools.language,
        "title": tools.saved.display_name,
        "summary": tools.saved.summary,
        "tags": tools.saved.tags,
        "facts": stored,
    }
    return ClaudeRun(predicted, bad, sorted(answer["facts"]))
