"""Facts: typed values read from a document, each with the page and the exact words it came from.

A fact is what a person files by: the kind of document, who sent it, its date, the amount, its
reference and when payment is due. Every engine (local rules, the Claude agent, a person's edit)
produces the same `Fact`, and every fact goes through `make_fact`, which checks that its quote
is really on the page it cites. A fact whose quote is not there is dropped and logged, never
stored: a reader can always open the page and see the words. A fact the document does not carry
is absent, never guessed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

log = logging.getLogger(__name__)


class FactSource(StrEnum):
    LOCAL = "local"
    CLAUDE = "claude"
    PERSON = "person"


class FactName(StrEnum):
    DOCUMENT_TYPE = "document_type"
    CORRESPONDENT = "correspondent"
    DOCUMENT_DATE = "document_date"
    TOTAL = "total"
    REFERENCE = "reference"
    DUE_DATE = "due_date"


class DocumentType(StrEnum):
    INVOICE = "invoice"
    RECEIPT = "receipt"
    BANK_STATEMENT = "bank_statement"
    PAYSLIP = "payslip"
    TAX = "tax"
    INSURANCE = "insurance"
    CONTRACT = "contract"
    LETTER = "letter"
    MEDICAL = "medical"
    MANUAL = "manual"
    REPORT = "report"
    ARTICLE = "article"
    FORM = "form"
    OTHER = "other"


@dataclass(frozen=True)
class Total:
    """An amount of money: `amount` exact, `currency` an ISO 4217 code."""

    amount: Decimal
    currency: str


FactValue = DocumentType | str | dt.date | Total


@dataclass(frozen=True)
class Fact:
    """One value with where it was read: `page` is 1-based, `quote` is the page's own text."""

    value: FactValue
    page: int
    quote: str
    confidence: float
    source: FactSource
    # Why the value is what it is, when the page alone does not say (a type taken from how
    # the person filed this correspondent before); None for a value read from the page.
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The stored form (`documents.facts`): dates ISO, amounts a decimal string."""
        stored = {
            "value": value_to_json(self.value),
            "page": self.page,
            "quote": self.quote,
            "confidence": round(self.confidence, 2),
            "source": str(self.source),
        }
        if self.note:
            stored["note"] = self.note
        return stored


Facts = dict[FactName, Fact]


def value_to_json(value: FactValue) -> Any:
    if isinstance(value, Total):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def quote_on_page(quote: str, pages: list[str], page: int) -> bool:
    """Whether `quote` is on the 1-based `page`, comparing with whitespace normalised."""
    if not quote.strip() or not 1 <= page <= len(pages):
        return False
    return normalise_space(quote) in normalise_space(pages[page - 1])


def _coerce(name: FactName, value: Any) -> FactValue:
    """The typed value for `name`; raises ValueError for a value of the wrong shape."""
    if name is FactName.DOCUMENT_TYPE:
        return DocumentType(str(value).strip().lower())
    if name in (FactName.DOCUMENT_DATE, FactName.DUE_DATE):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip())
    if name is FactName.TOTAL:
        if isinstance(value, Total):
            total = value
        elif isinstance(value, dict):
            try:
                total = Total(Decimal(str(value["amount"])), str(value["currency"]))
            except (KeyError, InvalidOperation) as exc:
                raise ValueError(f"not an amount: {value!r}") from exc
        else:
            raise ValueError(f"not an amount: {value!r}")
        if not re.fullmatch(r"[A-Z]{3}", total.currency) or not total.amount.is_finite():
            raise ValueError(f"not an amount: {value!r}")
        return total
    text = normalise_space(str(value))
    if not text:
        raise ValueError("empty value")
    return text[:200]


def make_fact(
    name: FactName,
    value: Any,
    *,
    page: int,
    quote: str,
    pages: list[str],
    confidence: float = 0.8,
    source: FactSource = FactSource.LOCAL,
) -> Fact | None:
    """The one way a fact is made: the value typed for its name and the quote checked against
    the cited page. None (and a log line) for a quote not on that page or a malformed value."""
    try:
        typed = _coerce(name, value)
    except ValueError as exc:
        log.info("fact %s dropped: %s", name, exc)
        return None
    quote = normalise_space(quote)
    if not quote_on_page(quote, pages, page):
        log.info("fact %s dropped: its quote %r is not on page %d", name, quote[:80], page)
        return None
    return Fact(typed, page, quote, max(0.0, min(1.0, confidence)), source)


def person_fact_json(name: FactName, value: Any) -> dict[str, Any]:
    """The stored form of a fact a person set (`value`) or removed (`None`): source `person`,
    no page or quote (a person's word needs none). A removed fact stays stored with a null
    value, so that no later generation brings it back; readers treat it as absent
    (`visible_facts`). Raises ValueError for a value of the wrong shape."""
    return {
        "value": None if value is None else value_to_json(_coerce(name, value)),
        "page": None,
        "quote": None,
        "confidence": 1.0,
        "source": str(FactSource.PERSON),
    }


def visible_facts(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored facts less those a person removed (a null value)."""
    return {
        name: fact
        for name, fact in stored.items()
        if isinstance(fact, dict) and fact.get("value") is not None
    }


def facts_to_json(facts: Facts) -> dict[str, dict[str, Any]]:
    return {str(name): fact.to_json() for name, fact in facts.items()}
