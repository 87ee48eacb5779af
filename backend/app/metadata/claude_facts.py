"""What the Claude agent's `save_metadata` tool accepts beyond a title, tags and a summary:
facts with their page and quote, the language, and tags held to the user's vocabulary.

The model is asked for the same facts the local engine reads, and its word is checked the same
way: every fact goes through `make_fact` against the text of the page it cites, read from the
stored OCR result, so a quote the model invented or misplaced drops that fact (logged, and told
back to the model), never stored. Its tags go through the local engine's rules
(`local_vocabulary.choose_tags`): the user's own tags first, spelled their way, at most three
new ones, never a stop word, never the document type alone. The prompt says the rules too; the
code enforces them, because a prompt is a request, not a guarantee.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.metadata.facts import DocumentType, FactName, Facts, FactSource, make_fact
from app.metadata.local_correspondent_known import SenderMemory
from app.metadata.local_vocabulary import MAX_NEW_TAGS, choose_tags

log = logging.getLogger(__name__)

ISO_639_1 = re.compile(r"[a-z]{2}")

# The JSON schema of one fact in the tool's input: the value, where it was read, how sure.
_FACT_ITEM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "value": {
            "description": "dates YYYY-MM-DD; total {amount: decimal string, currency: ISO "
            "4217}; document_type one of: " + ", ".join(t.value for t in DocumentType)
        },
        "page": {"type": "integer", "minimum": 1},
        "quote": {"type": "string", "description": "the exact words on that page"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "required": ["value", "page", "quote"],
}
FACTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {name.value: _FACT_ITEM for name in FactName},
    "additionalProperties": False,
}

PROMPT_RULES = f"""Facts: for each of these the document really carries, give {{value, page, quote,
confidence}} where `quote` is copied exactly from that page (1-based) and contains the value
as written there:
  - document_type: one of {", ".join(t.value for t in DocumentType)};
  - correspondent: who sent or issued it (the company or person), never the recipient;
  - document_date: the date the document carries, YYYY-MM-DD (not a due or delivery date);
  - total: {{"amount": "1234.56", "currency": "EUR"}}, the amount to pay or paid, not a
    subtotal or a tax line;
  - reference: the invoice, order, policy or account number;
  - due_date: when payment or action is due, YYYY-MM-DD.
Leave out a fact the document does not carry; never guess one. A fact whose quote is not on
its page is dropped. language: the document's ISO 639-1 code (en, de, fr…).
Tags: call read_vocabulary first and reuse the user's own tags, spelled as they spell them;
add at most {MAX_NEW_TAGS} new ones. The document type is a fact, not a tag."""


@dataclass
class CheckedFacts:
    """The facts that passed, and a line for the model about each one that did not."""

    facts: Facts = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


PageReader = Callable[[int], Awaitable[str | None]]


async def check_facts(raw: object, read_page: PageReader) -> CheckedFacts:
    """Each fact the model sent, made with `make_fact` against the text of the page it cites
    (`read_page(n)`: that page's OCR text, None when there is no such page)."""
    out = CheckedFacts()
    if not isinstance(raw, Mapping):
        if raw is not None:
            out.dropped.append("facts: expected an object keyed by fact name")
        return out
    pages: dict[int, str | None] = {}
    for key, item in raw.items():
        try:
            name = FactName(str(key))
        except ValueError:
            out.dropped.append(f"{key}: not a fact this tool stores")
            continue
        if not isinstance(item, Mapping) or "value" not in item:
            out.dropped.append(f"{name}: expected {{value, page, quote, confidence}}")
            continue
        try:
            page = int(item.get("page") or 0)
            confidence = float(item.get("confidence", 0.8))
        except (TypeError, ValueError):
            out.dropped.append(f"{name}: page must be a number")
            continue
        if page >= 1 and page not in pages:
            pages[page] = await read_page(page)
        text = pages.get(page) if page >= 1 else None
        # make_fact sees only the cited page: every other page is empty to it.
        page_list = [""] * (page - 1) + [text] if text is not None else []
        fact = make_fact(
            name,
            item["value"],
            page=page,
            quote=str(item.get("quote") or ""),
            pages=page_list,
            confidence=confidence,
            source=FactSource.CLAUDE,
        )
        if fact is None:
            out.dropped.append(
                f"{name}: dropped, its quote is not on page {page} or its value is malformed"
            )
            continue
        out.facts[name] = fact
    return out


def checked_language(raw: object) -> str | None:
    """The model's ISO 639-1 code, or None for anything else."""
    code = str(raw or "").strip().lower()
    return code if ISO_639_1.fullmatch(code) else None


def vocabulary_tags(
    tags: list[str], vocabulary: list[str], language: str | None, facts: Facts
) -> list[str]:
    """The model's tags under the vocabulary rules (see the module docstring)."""
    kind = facts.get(FactName.DOCUMENT_TYPE)
    return choose_tags(
        [str(t) for t in tags],
        vocabulary,
        language=language,
        document_type=kind.value if kind and isinstance(kind.value, DocumentType) else None,
    )


def describe_vocabulary(vocabulary: list[str], senders: SenderMemory | None = None) -> str:
    """The read_vocabulary tool's answer: the user's tags, and the senders the user set on
    other documents (a sender among them printed in this document's head or foot is its
    sender, spelled the user's way: the local engine's rule, `local_correspondent_known`)."""
    if not vocabulary:
        text = "The user has no tags yet: choose up to 3 topical tags."
    else:
        text = (
            "The user's tags, most used first (reuse these, spelled this way; add at most "
            f"{MAX_NEW_TAGS} new ones):\n" + "\n".join(vocabulary)
        )
    if senders is not None and senders.senders:
        text += (
            "\n\nSenders the user filed before (when the document's letterhead or footer "
            "names one of them as its issuer, use it as the correspondent, spelled this way, "
            "quoting the line where it is printed):\n" + "\n".join(senders.senders)
        )
    if senders is not None and senders.not_senders:
        text += (
            "\n\nNames the user said are not the sender (often the user's own name or "
            "company, printed where the document is addressed): never the correspondent:\n"
            + "\n".join(senders.not_senders)
        )
    return text
