"""The local facts engine: the type, issuer, date, total, reference and due date of a document,
read by rules that know the words invoices, receipts and letters use in several languages.

Every value comes with the line it was read from (`make_fact` checks the quote is on the
page). The rules, in the order a person reads a bill:

- type: keywords of each kind, weighed by where they stand (a heading on the first page counts
  most), with the structure that proves a kind (an invoice has a total or a number);
- correspondent: the issuer, not the recipient. The legal entity near the VAT id, IBAN or
  company-register line, in the letterhead or the "From" block; never a line of the address
  block after "Bill to / An / À / Aan / Kunde";
- document date: a labelled one ("Invoice date", "Rechnungsdatum", "Factuurdatum") first,
  else the first date in the first page's header;
- total: the amount to pay or paid, labelled, over the subtotal and the tax lines;
- reference: invoice, order, policy or account number, by label;
- due date: by label ("due", "fällig", "zahlbar bis", "échéance", "vervaldatum").

Each fact's rules live in a module of their own (`local_type`, `local_correspondent`,
`local_dates`, `local_total`, `local_reference`; their words in `local_words_<fact>`); this one
puts them together in the order one informs the next (the type decides whose name to look for).
"""

from __future__ import annotations

from app.domain import LayoutHints
from app.metadata.facts import DocumentType, FactName, Facts, Total, make_fact
from app.metadata.language import (
    date_order,
    document_currency,
)
from app.metadata.local_correspondent import detect_correspondent
from app.metadata.local_correspondent_kinds import letter_signatory, payer_name, statement_sender
from app.metadata.local_correspondent_known import SenderMemory, known_sender
from app.metadata.local_currency import fallback_currency
from app.metadata.local_dates import detect_dates
from app.metadata.local_einvoice import einvoice_facts
from app.metadata.local_lines import Line, page_lines
from app.metadata.local_reference import (
    account_number,
    detect_reference,
    find_references,
    invoice_number,
    receipt_number,
)
from app.metadata.local_total import detect_total
from app.metadata.local_type import detect_type
from app.metadata.local_words_correspondent import SENT_KINDS
from app.metadata.local_words_reference import NO_REFERENCE_KINDS
from app.metadata.local_words_total import NO_TOTAL_KINDS

# The kinds whose sender signs under a closing when no head or foot names it
SIGNED_KINDS = (DocumentType.LETTER, DocumentType.INVOICE)


def extract_facts(
    pages: list[str],
    language: str | None,
    layout: LayoutHints | None = None,
    memory: SenderMemory | None = None,
) -> Facts:
    """Every fact the rules find in the document's page texts; absent when not found. The OCR
    step's layout hints (page 1's lines with their sizes), when given, say which lines the page
    prints large; `memory` is what the person's corrections of senders on their other documents
    say: a sender they set names this one's when its head or foot prints it, a name they
    replaced is not taken for one (`local_correspondent_known`)."""
    memory = memory or SenderMemory()
    lines = page_lines(pages)
    text = "\n".join(pages)
    facts: Facts = {}
    order = date_order(language, text)

    def add(name: FactName, value: object, line: Line, quote: str, confidence: float) -> None:
        fact = make_fact(
            name, value, page=line.page, quote=quote, pages=pages, confidence=confidence
        )
        if fact is not None:
            facts[name] = fact

    total = detect_total(lines, None)
    if total:
        line, amount, confidence = total
        currency = amount.currency or document_currency(text) or fallback_currency(text, language)
        if currency:
            add(FactName.TOTAL, Total(amount.amount, currency), line, line.text, confidence)
    reference = detect_reference(lines)
    if reference:
        line, value, confidence = reference
        add(FactName.REFERENCE, value, line, line.text, confidence)
    document, due = detect_dates(lines, language, order)
    if document:
        add(FactName.DOCUMENT_DATE, document[2], document[0], document[0].text, 0.8)
    if due:
        add(FactName.DUE_DATE, due[2], due[0], due[0].text, 0.8)
    # a labelled total is evidence of the kind even where no currency could be told
    kind = detect_type(
        lines, {FactName.TOTAL: total is not None, FactName.REFERENCE: bool(reference)}
    )
    if kind:
        add(FactName.DOCUMENT_TYPE, kind[0], kind[1], kind[1].text, 0.7)
        # a receipt's own number over the invoice number it also prints, and an invoice's
        # over the transaction or document number printed beside it
        own = {DocumentType.RECEIPT: receipt_number, DocumentType.INVOICE: invoice_number}
        number = own[kind[0]](find_references(lines)) if kind[0] in own else None
        if number is not None:
            add(FactName.REFERENCE, number.value, number.line, number.line.text, 0.8)
        if kind[0] in NO_TOTAL_KINDS:
            # a statement's balances and sums are not an amount to pay or paid
            facts.pop(FactName.TOTAL, None)
        if kind[0] in NO_REFERENCE_KINDS:
            facts.pop(FactName.REFERENCE, None)
        if kind[0] is DocumentType.BANK_STATEMENT and FactName.REFERENCE not in facts:
            account = account_number(lines)
            if account is not None:
                add(FactName.REFERENCE, account.value, account.line, account.line.text, 0.6)
    # a document of no known kind that states an amount paid or to pay is a bill or a receipt
    sent = (kind is not None and kind[0] in SENT_KINDS) or (kind is None and total is not None)
    sender_kind = kind[0] if kind else None
    correspondent = _correspondent(lines, sent, language, sender_kind)
    if correspondent is not None and memory.is_not_sender(correspondent[0]):
        # a name the person said is not a sender (their own, on every letter to them): read
        # the page as if it were not printed
        masked = [
            Line(ln.page, ln.index, "" if memory.names_not_sender(ln.text) else ln.text)
            for ln in lines
        ]
        correspondent = _correspondent(masked, sent, language, sender_kind)
    known = known_sender(lines, memory.senders) if memory.senders else None
    if known is not None:
        correspondent = known
    if correspondent:
        name, line, confidence = correspondent
        add(FactName.CORRESPONDENT, name, line, line.text, confidence)
    if layout is not None and layout.e_invoice is not None:
        # the invoice's own data, where the pages print it, over the rules' reading; the
        # sender's name as the person spells it stays theirs
        stated = einvoice_facts(layout.e_invoice, lines, pages, language, order)
        if known is not None:
            stated.pop(FactName.CORRESPONDENT, None)
        facts.update(stated)
    return facts


def _correspondent(
    lines: list[Line], sent: bool, language: str | None, kind: DocumentType | None
) -> tuple[str, Line, float] | None:
    """Who sent the document, by the rules: its issuer, else who signs it (a letter, a bill
    closing like one), the bank of a statement, the payer of a filled tax form."""
    correspondent = detect_correspondent(lines, letterhead=sent, language=language, kind=kind)
    if correspondent is None and kind in SIGNED_KINDS:
        # a letter, or a bill closing like one ("Mit freundlichen Grüßen / Maria Sommer"):
        # who signs it
        correspondent = letter_signatory(lines)
    if kind is DocumentType.BANK_STATEMENT:
        # a statement is addressed to its account holder; it comes from the bank it names
        correspondent = statement_sender(lines, correspondent)
    if kind in (DocumentType.TAX, DocumentType.FORM):
        # a filled information return (1099, W-2) is from its payer, not the tax office
        correspondent = payer_name(lines) or correspondent
    return correspondent
