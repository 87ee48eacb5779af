"""The electronic invoice a PDF may carry: ZUGFeRD, Factur-X and XRechnung attach the
invoice's data as XML to the PDF that shows it (PDF/A-3), for the buyer's accounting to read.

Germany requires businesses to accept such invoices from 2025, France from 2026; a person's
inbox fills with them. The XML says the invoice's number, date, seller, total and due date
exactly, where the page's text must be read by rules that can err. Read here in the OCR
worker (the file is untrusted: the worker's CPU and memory budgets hold, and the XML is
parsed by defusedxml, which refuses entity declarations and external references), handed to
the metadata engine with the layout hints (`app.domain.EInvoice`).

Two syntaxes exist, both read by the local names of their elements (their namespaces differ
between versions): UN/CEFACT Cross Industry Invoice (ZUGFeRD 2, Factur-X, XRechnung CII; and
ZUGFeRD 1's older "CrossIndustryDocument") and OASIS UBL (XRechnung UBL).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from app.domain import EInvoice

log = logging.getLogger(__name__)

# An invoice's XML is tens of kilobytes; a larger attachment is not one we read.
MAX_XML_BYTES = 2_000_000
# The attachment names the standards give (any other .xml attachment is tried after them).
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd_invoice.xml")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
# UNTDID 1001's credit notes: their amounts are written positive, and mean money coming back
# (the facts give a credit note a negative total, as its page reads).
CREDIT_NOTE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _path(root: Element, *names: str) -> Element | None:
    """The first element reached by descending through elements of these local names, each
    anywhere below the one before (versions nest them differently)."""
    found: Element | None = root
    for name in names:
        if found is None:
            return None
        found = next((e for e in found.iter() if e is not found and _local(e.tag) == name), None)
    return found


def _children(parent: Element, name: str) -> Iterator[Element]:
    return (e for e in parent if _local(e.tag) == name)


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    text = " ".join(element.text.split())
    return text or None


def _day(text: str | None) -> dt.date | None:
    """A date as CII writes it (format 102: 20241231) or as UBL does (2024-12-31)."""
    if not text:
        return None
    digits = text.strip()
    try:
        if re.fullmatch(r"\d{8}", digits):
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        return dt.date.fromisoformat(digits[:10])
    except ValueError:
        return None


def _amount(element: Element | None) -> Decimal | None:
    try:
        value = Decimal(_text(element) or "")
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _to_pay(due: Decimal | None, gross: Decimal | None) -> Decimal | None:
    """The amount to pay (what is left after a deposit or part payment), else, for an invoice
    paid in full (nothing left to pay), the amount paid: the total the facts give."""
    return due if due else gross


def _signed(total: Decimal | None, code: str | None) -> Decimal | None:
    """A credit note's total as money coming back (negative); an invoice's as written."""
    if total is None or code not in CREDIT_NOTE_CODES:
        return total
    return -abs(total)


def _currency(text: str | None) -> str | None:
    return text if text and _CURRENCY.match(text) else None


def _cii(root: Element) -> EInvoice:
    """Cross Industry Invoice (and ZUGFeRD 1's Cross Industry Document)."""
    header = _path(root, "ExchangedDocument") or _path(root, "HeaderExchangedDocument")
    number = _text(next(_children(header, "ID"), None)) if header is not None else None
    code = _text(next(_children(header, "TypeCode"), None)) if header is not None else None
    issued = None
    if header is not None:
        issued = _day(_text(_path(header, "IssueDateTime", "DateTimeString")))
    seller = _text(_path(root, "SellerTradeParty", "Name"))
    summation = _path(root, "SpecifiedTradeSettlementHeaderMonetarySummation") or _path(
        root, "SpecifiedTradeSettlementMonetarySummation"
    )
    total = None
    currency = _currency(_text(_path(root, "InvoiceCurrencyCode")))
    if summation is not None:
        grand = next(_children(summation, "GrandTotalAmount"), None)
        total = _to_pay(
            _amount(next(_children(summation, "DuePayableAmount"), None)), _amount(grand)
        )
        if grand is not None and currency is None:
            currency = _currency(grand.get("currencyID"))
    due = _day(
        _text(_path(root, "SpecifiedTradePaymentTerms", "DueDateDateTime", "DateTimeString"))
    )
    return EInvoice(number, issued, seller, _signed(total, code), currency, due)


def _ubl(root: Element) -> EInvoice:
    """OASIS UBL Invoice or CreditNote."""
    number = _text(next(_children(root, "ID"), None))
    issued = _day(_text(next(_children(root, "IssueDate"), None)))
    supplier = _path(root, "AccountingSupplierParty")
    seller = None
    if supplier is not None:
        seller = _text(_path(supplier, "PartyName", "Name")) or _text(
            _path(supplier, "PartyLegalEntity", "RegistrationName")
        )
    gross = _path(root, "LegalMonetaryTotal", "TaxInclusiveAmount")
    payable = _path(root, "LegalMonetaryTotal", "PayableAmount")
    currency = _currency(_text(next(_children(root, "DocumentCurrencyCode"), None)))
    for amount in (payable, gross):
        if currency is None and amount is not None:
            currency = _currency(amount.get("currencyID"))
    due = _day(_text(next(_children(root, "DueDate"), None))) or _day(
        _text(_path(root, "PaymentMeans", "PaymentDueDate"))
    )
    code = _text(next(_children(root, "InvoiceTypeCode"), None))
    if _local(root.tag) == "CreditNote":
        code = "381"
    total = _to_pay(_amount(payable), _amount(gross))
    return EInvoice(number, issued, seller, _signed(total, code), currency, due)


def parse_invoice_xml(data: bytes) -> EInvoice | None:
    """The invoice an XML document states, or None when it is none we know (or not XML, or
    too large, or holds entity declarations)."""
    if len(data) > MAX_XML_BYTES:
        return None
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, SafeTree.ParseError, ValueError) as exc:
        log.info("an attached XML file is not read: %s", type(exc).__name__)
        return None
    name = _local(root.tag)
    if name in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        found = _cii(root)
    elif name in ("Invoice", "CreditNote"):
        found = _ubl(root)
    else:
        return None
    return found if found != EInvoice() else None


def embedded_invoice(pdf: Any) -> EInvoice | None:
    """The e-invoice attached to an open pypdfium2 document: the standards' attachment names
    first, then any other XML attachment; None when there is none."""
    try:
        count = pdf.count_attachments()
    except Exception:  # a damaged name tree: the PDF's pages are still read
        return None
    named: list[tuple[int, Any]] = []
    for i in range(min(count, 50)):
        try:
            attachment = pdf.get_attachment(i)
            name = attachment.get_name().lower()
        except Exception:
            continue
        if name.endswith(".xml"):
            named.append((0 if name in KNOWN_NAMES else 1, attachment))
    for _, attachment in sorted(named, key=lambda item: item[0]):
        try:
            data = bytes(attachment.get_data())
        except Exception:
            continue
        found = parse_invoice_xml(data)
        if found is not None:
            return found
    return None
