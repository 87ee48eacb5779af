"""Facts from the e-invoice a PDF carries (ZUGFeRD, Factur-X, XRechnung; read by
`app.ocr.einvoice`), each quoted from the page that prints it.

The XML states the invoice's number, date, seller, total and due date as the seller's
accounting wrote them: no rule can read them more exactly. But a fact shows the person where
it was read ("page 1: «Rechnungsnummer R-2024/001»"), and the XML is no page: a value is
taken only where a page prints it, and the line that prints it is its quote. A value no page
prints (an XML that does not match the invoice it is attached to) is left to the rules.
"""

from __future__ import annotations

import dataclasses
import re

from app.domain import EInvoice
from app.metadata.facts import FactName, Facts, Total, make_fact
from app.metadata.language import date_order, find_amounts, find_dates
from app.metadata.local_lines import Line, page_lines

# The XML is the invoice's own data: surer than any rule's reading of the page.
CONFIDENCE = 0.95
# Said beside the quote ("page 1: «Gesamtbetrag: 571,04 €» · …"): where the value came from.
NOTE = "Stated in the e-invoice data attached to this PDF"


def _squeezed(text: str) -> str:
    return " ".join(text.split()).casefold()


def _printing(lines: list[Line], value: str) -> Line | None:
    """The first line that prints `value` as a whole (not inside a longer number or word),
    whatever its case and spacing."""
    wanted = _squeezed(value)
    if not wanted:
        return None
    pattern = re.compile(rf"(?<![\w]){re.escape(wanted)}(?![\w])")
    return next((ln for ln in lines if pattern.search(_squeezed(ln.text))), None)


def einvoice_facts(
    invoice: EInvoice, lines: list[Line], pages: list[str], language: str | None, order: str
) -> Facts:
    """The facts of `invoice` that the pages print, quoted from the line printing each."""
    facts: Facts = {}

    def add(name: FactName, value: object, line: Line | None) -> None:
        if line is None:
            return
        fact = make_fact(
            name, value, page=line.page, quote=line.text, pages=pages, confidence=CONFIDENCE
        )
        if fact is not None:
            facts[name] = dataclasses.replace(fact, note=NOTE)

    if invoice.number:
        add(FactName.REFERENCE, invoice.number, _printing(lines, invoice.number))
    if invoice.seller:
        add(FactName.CORRESPONDENT, invoice.seller, _printing(lines, invoice.seller))
    for name, day in ((FactName.DOCUMENT_DATE, invoice.issued), (FactName.DUE_DATE, invoice.due)):
        if day is not None:
            line = next(
                (
                    ln
                    for ln in lines
                    if any(d.value == day for d in find_dates(ln.text, language, order))
                ),
                None,
            )
            add(name, day, line)
    if invoice.total is not None and invoice.currency:
        # the last line printing the amount: the totals come after any item of the same price;
        # a credit note's total is negative, and its page may print it with or without a minus
        size = abs(invoice.total)
        printed = [ln for ln in lines if any(abs(a.amount) == size for a in find_amounts(ln.text))]
        if printed:
            add(FactName.TOTAL, Total(invoice.total, invoice.currency), printed[-1])
    return facts


def stated_facts(invoice: EInvoice, pages: list[str], language: str | None) -> Facts:
    """`einvoice_facts` for an engine that has the pages but not the rules' lines (the Claude
    agent's save: the invoice's own data over the agent's reading)."""
    return einvoice_facts(
        invoice, page_lines(pages), pages, language, date_order(language, "\n".join(pages))
    )
