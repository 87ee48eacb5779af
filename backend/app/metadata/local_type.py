"""The local engine's document type: keywords of each kind, weighed by where they stand (a
heading on the first page counts most), with the structure that proves a kind (an invoice has
a total or a number, a form blank fields, an article running text)."""

from __future__ import annotations

import re
import unicodedata

from app.metadata.facts import DocumentType, FactName
from app.metadata.local_lines import Line
from app.metadata.local_reference import find_references, invoice_number, receipt_number
from app.metadata.local_words import CLOSING, SALUTATION, is_navigation
from app.metadata.local_words_total import CHANGE_GIVEN, TENDERED, TOTAL_PAID, TOTAL_TO_PAY
from app.metadata.local_words_type import (
    BLANK_FIELD,
    HEADLINE_WORDS,
    OTHER_WORDS,
    PROSE_KINDS,
    QR_PAYMENT_PART,
    RULED_FIELD,
    SIGNATURE_FIELD,
    SLIP_AMOUNT,
    THIS,
    TITLE_COMPOUNDS,
    TYPE_WORDS,
)

# --- document type -------------------------------------------------------------------------


_PRICE = re.compile(r"\d[.,]\d{2}(?![\d.,])")
# A sentence of running text, not a heading or a table cell.
_SENTENCE_LINE = re.compile(r"(?<!\S)(?:\S++\s++){7}\S")  # from a word's start: linear


# A tax charged at its rate on an amount: "VAT 20 % £160.00", "MwSt 19 % 190,00 €", "IVA 22% 220,00"
_TAX_CHARGED = re.compile(
    r"\b(?:vat|mwst|ust|tva|iva|btw|gst|tax)\b\.?[^\n\d]{0,12}\d{1,2}(?:[.,]\d{1,2})?\s?%"
    r"[^\n]{0,20}?\d[.,]\d{2}(?!\d)",
    re.I,
)


_OCR_LETTERS = str.maketrans({"0": "o", "1": "i", "l": "i", "|": "i", "!": "i"})


def _fold(word: str) -> str:
    """A word as OCR may have read it, folded: lower case, no accents, no punctuation, and the
    letters OCR confuses made one (0 → o; 1, l, | → i)."""
    plain = unicodedata.normalize("NFKD", word.lower())
    folded = "".join(c for c in plain if not unicodedata.combining(c)).translate(_OCR_LETTERS)
    return "".join(c for c in folded if c.isalpha())


_HEADLINES = {kind: {_fold(w) for w in words} for kind, words in HEADLINE_WORDS.items()}


def _unaccented(text: str) -> str:
    """The text with its accents dropped, letter for letter ("RELEVE DE COMPTE" as OCR reads
    "Relevé de compte", "Reçu" as "RECU")."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# each kind's words matched without accents, as OCR and capitals often print them
_KIND_WORDS = {
    kind: re.compile(_unaccented(p.pattern), p.flags)
    for kind, p in [*TYPE_WORDS.items(), (DocumentType.OTHER, OTHER_WORDS)]
}


def _headline_kind(text: str) -> DocumentType | None:
    """The kind a short heading names in OCR's spelling: "lNVOICE", "R E C H N U N G" (letters
    spaced apart), "RECH NUNG" (a word broken), "Rechnunq" (one letter misread in a long word; never one added or dropped,
    so "Fracture" is no "Facture")."""
    words = text.split()
    if not words or len(words) > 12:
        return None
    if len(words) >= 4 and all(len(w) == 1 for w in words):
        words = ["".join(words)]  # letters spaced apart
    elif len(words) > 4:
        return None
    elif len(words) in (2, 3):
        words = [*words, "".join(words)]  # a word OCR broke apart ("RECH NUNG")
    for word in words:
        folded = _fold(word)
        if len(folded) < 5:
            continue
        for kind, heads in _HEADLINES.items():
            for head in heads:
                if folded == head or (
                    len(head) >= 7
                    and len(folded) == len(head)
                    and sum(a != b for a, b in zip(folded, head, strict=True)) <= 1
                ):
                    return kind
    return None


# A kind's word that names a field, its value after it ("Invoice number", "Rechnungsdatum:")
_FIELD_AFTER = re.compile(
    r"\s*(?:no\b|nr\b|number|num\b|#|id\b|date|datum|nummer|n[°º]|ref|numéro|número|numero)",
    re.I,
)


# A line that is a heading alone, its Markdown marks and a trailing colon aside
_TITLE_LINE = re.compile(
    r"[#*\s]*(?:your |ihre? |votre |uw |su |la tua )?([^\W\d_][^\d:]{2,38}?)[*:\s]*", re.I
)


def _price_lines(lines: list[Line]) -> int:
    """Lines of the first page that carry a price (a number with two decimals)."""
    return sum(1 for ln in lines if ln.page == 1 and _PRICE.search(ln.text))


def _blank_fields(lines: list[Line]) -> tuple[int, bool]:
    """Fields left blank for the reader ("Signature: Date:"), and whether one is a signature."""
    count, signed = 0, False
    for ln in lines:
        found = [m.group(0) for m in BLANK_FIELD.finditer(ln.text)]
        count += max(len(found), len(RULED_FIELD.findall(ln.text)))
        signed |= any(SIGNATURE_FIELD.match(f.split(":")[0].strip()) for f in found)
    return count, signed


def _prose_line(line: str) -> bool:
    """A line of running text: a long sentence's line, or a narrow column's line of mostly
    lower-case words ("persons an opportunity to participate in the")."""
    if _SENTENCE_LINE.search(line) and len(line) >= 60:
        return True
    words = line.split()
    lower = sum(1 for w in words if w.isalpha() and w.islower())
    return len(words) >= 5 and len(line) >= 30 and 5 * lower >= 3 * len(words)


def _is_running_text(text: str) -> bool:
    """Whether the document is running text: most of it in lines of sentences."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    prose = [ln for ln in lines if _prose_line(ln)]
    share = sum(len(ln) for ln in prose) / max(1, sum(len(ln) for ln in lines))
    return len(prose) >= 5 and share >= 0.4


# A moment of the day beside a date: a till prints when it sold
_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")
_DATE_DIGITS = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)")


def _till_payment(lines: list[Line]) -> Line | None:
    """The line of a till's payment, cash handed over or change given back, with its amount,
    on a first page that also prints a date with a time: what a till receipt is made of
    whatever its words for itself (often none, or lost by OCR)."""
    first = [ln for ln in lines if ln.page == 1][:80]
    if not any(_CLOCK.search(ln.text) and _DATE_DIGITS.search(ln.text) for ln in first):
        return None
    for ln in first:
        if not _PRICE.search(ln.text) or len(ln.text.split()) > 6:
            continue  # a till's short line, never a sentence that mentions cash
        if any(p.search(ln.text) for p in (TOTAL_PAID, TENDERED, CHANGE_GIVEN)):
            return ln
    return None


def detect_type(
    lines: list[Line], labels: dict[FactName, bool]
) -> tuple[DocumentType, Line] | None:
    """The kind with the most evidence, and the line that names it. Headings on the first page
    weigh most; a word of a kind that also runs through other prose ("report", "contract") in
    lower case inside a sentence weighs little; an invoice, receipt or payslip must carry money
    (a total, or prices) to count. A form is also known by its blank fields ("Signature:
    Date:"), a printed web page without other evidence is an article, and running text that
    names no kind is `other`."""
    first = [ln for ln in lines if ln.page == 1]
    head = first[:25]
    scores: dict[DocumentType, float] = {}
    where: dict[DocumentType, Line] = {}
    web_page = next((ln for ln in lines[:40] if is_navigation(ln.text)), None)
    # a heading that names a kind only as OCR misspelt it (no kind's word read as such)
    misspelt = {
        ln.index: kind
        for ln in head
        if not any(_KIND_WORDS[k].search(_unaccented(ln.text)) for k in TYPE_WORDS)
        and (kind := _headline_kind(ln.text)) is not None
    }
    plain = {(ln.page, ln.index): _unaccented(ln.text) for ln in lines[:400]}
    for kind, pattern in _KIND_WORDS.items():
        score = 0.0
        named_on_top = False  # the kind's word in the first page's head, not in its prose
        for ln in lines[:400]:
            if is_navigation(ln.text):
                continue
            text_of = plain[(ln.page, ln.index)]
            found = list(pattern.finditer(text_of))
            hits = [m.group(0) for m in found]
            if not hits and ln.page == 1 and misspelt.get(ln.index) is kind:
                hits = [ln.text]  # the kind's headline, as OCR misspelt it
            if not hits:
                continue
            # "Use this form to apply": the document naming itself is no passing mention
            itself = any(THIS.search(text_of[: m.start()]) for m in found)
            weight = 1.0
            if ln.page == 1 and ln.index < 25:
                heading = len(ln.text) <= 40 and not ln.text.endswith(".")
                # "Invoice number 1A2B-0001" on a receipt: the word names a field, not the page
                names_field = bool(found) and all(
                    _FIELD_AFTER.match(text_of, m.end()) for m in found
                )
                weight = 2.0 if names_field or not heading else 3.0
            elif ln.page == 1:
                weight = 1.5
            if (
                kind in PROSE_KINDS
                and (_SENTENCE_LINE.search(ln.text) or ln.text[:1].islower())
                and all(h.islower() for h in hits)
                and not itself
            ):
                weight = 0.5
            named_on_top |= weight >= 3.0 or (itself and ln.page == 1)
            score += weight * min(len(hits), 2)
            if kind not in where or (weight > 1.0 and where[kind].page != 1):
                where.setdefault(kind, ln)
        if kind in PROSE_KINDS and not named_on_top:
            # "the Accident Investigation Report" cited on page 2 is not what this document is
            score *= 0.5
        if score:
            scores[kind] = score
    titled = next(
        (
            (kind, ln)
            for ln in first[:3]
            if (alone := _TITLE_LINE.fullmatch(ln.text))
            for kind in TYPE_WORDS
            if kind in scores and _KIND_WORDS[kind].fullmatch(_unaccented(alone.group(1)))
        ),
        None,
    )
    if titled is not None:
        # the page's title is the kind's name alone ("ACCOUNT STATEMENT", "# Receipt")
        scores[titled[0]] += 2.0
        where[titled[0]] = titled[1]
    compound = next(
        (
            (kind, ln)
            for ln in first[:3]
            if (alone := _TITLE_LINE.fullmatch(ln.text))
            for kind, words in TITLE_COMPOUNDS.items()
            if words.fullmatch(alone.group(1).strip())
        ),
        None,
    )
    if compound is not None and titled is None:
        # a compound of a kind's word as the page's title alone ("MIETVERTRAG")
        scores[compound[0]] = scores.get(compound[0], 0.0) + 3.0
        where[compound[0]] = compound[1]
    slip = next((ln for ln in lines if QR_PAYMENT_PART.search(ln.text)), None)
    if slip is not None:
        # a Swiss QR-bill's payment part: a bill with an amount, else a slip to fill in; its
        # receipt section ("Receipt", "Ricevuta") is the payer's stub
        scores.pop(DocumentType.RECEIPT, None)
        amount = any(SLIP_AMOUNT.match(ln.text) for ln in lines if ln.page == slip.page)
        kind = DocumentType.INVOICE if amount else DocumentType.FORM
        scores[kind] = scores.get(kind, 0.0) + 3.0
        where.setdefault(kind, slip)
    blank, signed = _blank_fields(lines[:400])
    if (blank >= 2 and signed) or blank >= 3:
        field = next(ln for ln in lines if BLANK_FIELD.search(ln.text))
        scores[DocumentType.FORM] = scores.get(DocumentType.FORM, 0.0) + min(3.0, 1.0 * blank)
        where.setdefault(DocumentType.FORM, field)
    money = labels.get(FactName.TOTAL, False) or _price_lines(lines) >= 4
    references = find_references(lines)
    text = "\n".join(ln.text for ln in lines[:300])
    prose = _is_running_text(text)
    for kind in (DocumentType.INVOICE, DocumentType.RECEIPT, DocumentType.PAYSLIP):
        if kind in scores and not money:
            # running text without money that names a bill ("Why the Energy Bill Rose") is
            # about bills, not one
            scores[kind] *= 0.6 if kind is DocumentType.INVOICE and not prose else 0.3
    if DocumentType.INVOICE in scores and labels.get(FactName.REFERENCE):
        scores[DocumentType.INVOICE] += 2.0
    elif labels.get(FactName.TOTAL):
        # an invoice's number and a total make an invoice, with no heading that says so
        number = invoice_number(references)
        if number is not None:
            scores[DocumentType.INVOICE] = scores.get(DocumentType.INVOICE, 0.0) + 2.0
            where.setdefault(DocumentType.INVOICE, number.line)
    ticket = receipt_number(references) if labels.get(FactName.TOTAL) else None
    if ticket is not None:
        # a receipt's, a ticket's or a payment's number and a total: evidence of a receipt
        scores[DocumentType.RECEIPT] = scores.get(DocumentType.RECEIPT, 0.0) + 2.0
        where.setdefault(DocumentType.RECEIPT, ticket.line)
    if money and DocumentType.RECEIPT in scores and DocumentType.INVOICE in scores:
        # "Rechnung" printed on a till receipt is common; a receipt names cash or change
        scores[DocumentType.RECEIPT] *= 0.8
    salutation = next((ln for ln in head if SALUTATION.match(ln.text)), None)
    if salutation and CLOSING.search(text):
        # a salutation and a closing outweigh what a letter is about ("Ihr Antrag"), but not
        # an invoice's number and total written as a letter ("Sehr geehrter Herr …, wir
        # berechnen Ihnen …")
        bonus = 3.5 if money else 6.0
        scores[DocumentType.LETTER] = scores.get(DocumentType.LETTER, 0.0) + bonus
        where[DocumentType.LETTER] = salutation
        charged = next((ln for ln in lines[:300] if _TAX_CHARGED.search(ln.text)), None)
        if money and charged is not None:
            # a letter that charges tax at a rate on an amount ("VAT 20 % £160.00") is a bill
            # written as a letter
            scores[DocumentType.INVOICE] = scores.get(DocumentType.INVOICE, 0.0) + 4.0
            where.setdefault(DocumentType.INVOICE, charged)
    best = max(scores, key=lambda k: scores[k]) if scores else None
    due = next(
        (ln for ln in lines[:300] if TOTAL_TO_PAY.search(ln.text) and _PRICE.search(ln.text)),
        None,
    )
    if best is DocumentType.MEDICAL and due is not None and labels.get(FactName.TOTAL):
        # a hospital's or a practice's statement with an amount to pay is its bill
        return DocumentType.INVOICE, where.get(DocumentType.INVOICE, due)
    if best is not None and scores[best] >= 1.5:
        return best, where[best]
    till = _till_payment(lines) if labels.get(FactName.TOTAL) else None
    if till is not None:
        # no kind named, a total, and how it was paid at a till at a moment of the day
        # ("Gegeben EC-Karte 5,37", "Cambio 2,90" and "21.03.2024 17:32"): a till receipt
        return DocumentType.RECEIPT, till
    if due is not None and labels.get(FactName.TOTAL) and labels.get(FactName.REFERENCE):
        # an amount to pay and a number to quote, with no kind named ("Billing statement",
        # "Avis d'échéance", a letter of dues): a bill
        return DocumentType.INVOICE, due
    if web_page is not None and prose:
        # a saved web page of running text (its menu bar printed above it): an article
        return DocumentType.ARTICLE, web_page
    if prose:
        top = next((ln for ln in first if len(ln.text) >= 3), first[0] if first else None)
        if top is not None:
            return DocumentType.OTHER, top
    return None
