"""The local engine's reference: the invoice, order, policy or account number, by its label in
seven languages, wherever the layout put the value (same line, column, a block of labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.metadata.language import find_amounts, find_dates
from app.metadata.local_lines import Line, after_label
from app.metadata.local_reference_layout import (
    LEFT_VALUE,
    TABLE_RULE,
    column_value,
    orphan_pair,
    right_column_value,
    stacked_value,
    table_cells,
    table_value,
    unframed,
)
from app.metadata.local_words_dates import OTHER_DOCUMENT
from app.metadata.local_words_reference import (
    FORM_LABEL,
    INVOICE_NUMBER_LABEL,
    LABEL_BARE,
    NUMBER_LABEL,
    RECEIPT_NUMBER_LABEL,
    REFERENCE_LABELS,
    REFERENCE_VALUE,
    STATEMENT_ACCOUNT_LABEL,
)

# OCR reads a zero as the letter O: between digits ("2O23"), after digits at a number's end
# ("12O"), or as the leading zero of a counter after a letter prefix ("FATO1" for "FAT01",
# "TESTO1002F", "INV-O0012"). A prefix of two letters or fewer keeps its O: "PO1234" is a
# purchase order.
_O_IN_DIGITS = re.compile(r"(?<=\d)[oO]+(?=\d)|(?<=\d\d)[oO]+$")
_I_IN_DIGITS = re.compile(r"(?<=\d)[Il](?=\d)")  # "20l8", "2I18": a one
_O_AFTER_PREFIX = re.compile(r"(?:(?<=[A-Z]{2}[A-NP-Z])|(?<=[A-Z]{2}[A-NP-Z][-/_.]))O+(?=\d)")


def ocr_digits(value: str) -> str:
    """A reference with the zeros OCR read as the letter O put back."""
    value = _O_IN_DIGITS.sub(lambda m: "0" * len(m.group(0)), value)
    value = _I_IN_DIGITS.sub("1", value)
    return _O_AFTER_PREFIX.sub(lambda m: "0" * len(m.group(0)), value)


# "FATTURA N. 37 2017 del 01/05/2017": a number written in groups, up to the word that
# introduces the date. The blanks possessive (`\s*+`, here and in the two below): a run of
# blanks is taken whole, never shared out between the three `\s*` in every way (time in the
# cube of the run's length).
_GROUPED_VALUE = re.compile(
    r"^\s*+(?:n[°º]?\.?|nr\.?|no\.?)?\s*+[:#.]?\s*+(?P<value>\d+(?: \d+){1,3})\s+"
    r"(?:del|vom|von|du|of|dated|van|de|from)\s",
    re.I,
)
# The number after the date: "Détail de la facture du 11/12/2022 N°12345678901", "Rechnung
# vom 3. Mai 2024 Nr. 4471"
_DATED_NUMBER = re.compile(
    r"^\s*(?:du|vom|von|of|dated|del|van|de)\s+(?P<date>[^\n]{6,24}?)\s+"
    r"(?:n[°º]|no\.?|nr\.?|num(?:ber|éro|ero)?\.?)\s*[:.]?\s*"
    r"(?P<value>(?=[\w/.–-]*\d)[A-Z0-9][A-Z0-9/._–-]{1,30}[A-Z0-9])",
    re.I,
)
# One label for a number and its date, their values likewise ("Rechnungs-Nr./Datum:
# 4711/12.03.2024", "Invoice No./Date INV-42 / 03/12/2024")
_AND_DATE_LABEL = re.compile(r"\s*/\s*-?(?:datum|date|fecha|data)\b\s*:?", re.I)
_AND_DATE = re.compile(r"(.+?)/(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})")
# A number after its series code, as Portuguese and Spanish invoices write it ("Fatura n.º FT
# 2023/118", "Factura A 2024-17"): the code in capitals, then the number
_SERIES_VALUE = re.compile(
    r"^\s*+(?:n\.?[º°]\.?|nr\.?|no\.?)?\s*+[:#]?\s*+"
    r"(?P<value>[A-Z]{1,4} (?=[\w/.-]*\d)[A-Z0-9][A-Z0-9/._-]{0,30}[A-Z0-9])(?!\S)"
)


def _plausible_reference(value: str, source: str, raw: str, short: bool = False) -> bool:
    """Not a date, not a one- or two-digit count (unless an invoice's number label ends its
    line with it: "Invoice #7"), not an amount ("Total factura: 121,00"), not a template's
    placeholder of zeros ("Factuurnummer 0000": no document is numbered nought)."""
    if find_dates(value) or (re.fullmatch(r"\d{1,2}", value) and not short):
        return False
    if re.fullmatch(r"[0\W_]+", value):
        return False
    at = source.find(raw)
    if re.match(r"[.,]\d", source[at + len(raw) :]):
        return False  # cut out of a longer number ("NET INVOICE 2.978,666.00")
    return not any(a.start <= at < a.end for a in find_amounts(source))


# A freelancer's first invoices: "Invoice #7", "Rechnung Nr. 12", and a small till's receipts:
# "SCONTRINO N. 42" (the number ends the line)
_NUMBER_WORD_END = re.compile(r"(?:no|nr|number|nummer|num|#|n[°º]|\bn)\.?$", re.I)
_SHORT_NUMBER = re.compile(  # possessive blanks, as in _GROUPED_VALUE
    r"\s*+[:#.]?\s*+#?(\d{1,2})\s*+$"
)

# A line that is one number in groups of digits, ten digits at least
_GROUPS_LINE = re.compile(r"(?=(?:\D*\d){10})\d{2,6}(?: \d{2,6}){2,}")
_GROUPS_TO_LINE_END = re.compile(r"(?: \d{2,6})+\s*$")
_GROUPS_TO_END = re.compile(r"(?: \d{2,6})+\s*$|(?: \d{3,12})+(?=\s|$)")


def _digit_groups(raw: str, source: str) -> str:
    """A number printed in groups of digits, whole: to the end of its line ("Rechnungsnummer
    9876 5432 1098"), or in groups of three digits or more ("Account Number 333 008755555
    Branch 109")."""
    if not raw[-1:].isdigit():
        return raw
    at = source.find(raw)
    # a number with letters ("F 2024 017") takes groups only to its line's end
    pattern = _GROUPS_TO_END if raw.isdigit() else _GROUPS_TO_LINE_END
    tail = pattern.match(source, at + len(raw))
    return raw + tail.group(0).rstrip() if tail else raw


_WRAP_DASH = re.compile(r"[-–—]$")


def _continued(raw: str, source: str, line: Line, lines: list[Line]) -> str:
    """A number broken at its line's end after a dash ("Docket No. FAA-2020—" / "0686; or"):
    joined with the next line's first word, with the number's own dash."""
    tail = source[source.find(raw) + len(raw) :].strip()
    if not _WRAP_DASH.fullmatch(tail):
        return raw
    following = [ln for ln in lines if ln.page == line.page and ln.index == line.index + 1]
    if not following:
        return raw
    match = re.match(r"[A-Z0-9]+", following[0].text, re.I)
    if match is None:
        return raw
    dash = next((c for c in raw if c in "-–"), "-")
    return f"{raw}{dash}{match.group(0)}"


@dataclass(frozen=True)
class Reference:
    """A number the document labels as its own: where its value stands, the value, the label's
    words and how much the label says it is the document's number."""

    line: Line
    value: str
    label: str
    score: float


# Markdown's emphasis and heading marks around a label ("**Invoice number:**", "## INVOICE")
_MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+|^>\s*")


# "number" and "nummer" as OCR reads an m: "Nurnber", "Rechnungsnumrner", "NURNMER"
_OCR_NUMBER_WORD = re.compile(r"(n)u(?:rn|m)(b|rn|m)(er)(?![^\W\d_])", re.I)


def _number_word(match: re.Match[str]) -> str:
    word = "number" if match.group(2).lower() == "b" else "nummer"
    return word.upper() if match.group(0).isupper() else match.group(1) + word[1:]


# "Nr" closing a label word as OCR reads its N: "Bonlr: 4711", "BelegIr. 88", "Kunden-1r:"
# (an l, I, 1 or | for the N; no word of our languages ends so), before a colon or a number
_OCR_NR = re.compile(r"(?<=[^\W\d_])(-?)[Il1|]r(?=\.?\s*:|\.?\s+\d)")


def _plain(line: Line) -> Line:
    """The line without Markdown's emphasis and heading marks, and with the number words OCR
    misread put right, for the labels to be read."""
    text = _OCR_NUMBER_WORD.sub(_number_word, _MARKUP.sub("", line.text)).strip()
    text = _OCR_NR.sub(r"\1Nr", text)
    return line if text == line.text else Line(line.page, line.index, text)


_NUMBER_WEIGHT = next(weight for pattern, weight in REFERENCE_LABELS if pattern is NUMBER_LABEL)
# The Portuguese bare number label, its dot before the ordinal sign ("N.º FR 2024/57" under a
# "FATURA-RECIBO" heading), opening its line as NUMBER_LABEL's do
_DOTTED_NUMBER_LABEL = re.compile(r"^n\.\s?[º°o]\.?(?=\s*[:.]?\s*[A-Z0-9])", re.I)


def _numbered_column(lines: list[Line], plain: list[Line], i: int) -> Reference | None:
    """A Markdown table's header on the first page's head whose first cell is a bare number
    label ("| Número | Fecha | Cliente |", "| Numero | Data |") over a row of values: the
    row's first cell, when it can be a number. A bare label counts only there, as it does
    opening a line."""
    ln = plain[i]
    head = table_cells(ln.text)
    if head is None or len(head) < 2 or ln.page != 1 or ln.index >= 30:
        return None
    label = NUMBER_LABEL.match(head[0])
    if label is None or head[0][label.end() :].strip(" .:"):
        return None
    j = i + 1
    if j < len(plain) and plain[j].page == ln.page and TABLE_RULE.match(plain[j].text):
        j += 1
    if j >= len(plain) or plain[j].page != ln.page:
        return None
    value = table_value(ln, ln.text.index(head[0]), plain[j])
    if value is None or not _plausible_reference(value, plain[j].text, value):
        return None
    # the quote is the row as printed (its emphasis marks kept)
    return Reference(lines[j], ocr_digits(value), head[0], _NUMBER_WEIGHT + 0.1)


# A number's word before a kind's word in a label ("N° facture", "Nr. fattura", "Nº factura")
_NUMBER_WORD = re.compile(r"n[°ºo]\.?|nr\.?|n\.|num\.?|numéro|numero|número", re.I)


# A crumb OCR read after a label's colon at its line's end (a logo's or a frame's strokes:
# "please use this reference: we"): one letter, or two in lower case, never a value
_CRUMB = re.compile(r"(?<=:)\s+(?:[^\W\d_]|[^\W\d_A-Z]{2})$")


def _without_crumb(line: Line) -> Line:
    """The line ending at its label's colon when OCR read a crumb after it, so that the
    value is looked for where the colon points (the next line)."""
    cut = _CRUMB.sub("", line.text)
    return line if cut == line.text else Line(line.page, line.index, cut)


# A form's footer ending its line: the form's number and its revision ("Form 1040 (2021)",
# "Form W-9 (Rev. 10-2018)", "… Form 1040 (2021) Page 2"): the form's own, wherever the line
# starts, unlike a form named in a sentence
_FORM_FOOTER = re.compile(
    r"\s+[A-Z0-9][A-Z0-9-]{0,12}\s+\((?:(?:19|20)\d\d|Rev\.[^)]{1,20})\)(?:\s+Page\s+\d+)?\s*$",
    re.I,
)


def find_references(lines: list[Line]) -> list[Reference]:
    """Every number a label names as the document's (or its order's, policy's, account's):
    on the label's line, on the next line, in the label's column of a table, or after a block
    of labels whose values OCR read below them. Never another document's number ("N° de
    facture associée"), a date or an amount. In the order they are met."""
    found: list[Reference] = []
    plain = [_plain(ln) for ln in lines[:302]]
    orphans: dict[int, Line | None] = {}
    for i, ln in enumerate(plain[:300]):
        ln = _without_crumb(ln)
        numbered = _numbered_column(lines, plain, i)
        if numbered is not None:
            found.append(numbered)
            continue
        for pattern, weight in [*REFERENCE_LABELS, (_DOTTED_NUMBER_LABEL, _NUMBER_WEIGHT)]:
            for rest, start in after_label(ln, pattern):
                around = ln.text[max(0, start - 20) : len(ln.text) - len(rest) + 12]
                if OTHER_DOCUMENT.search(around):
                    continue
                footer = pattern is FORM_LABEL and bool(_FORM_FOOTER.match(rest))
                if pattern is FORM_LABEL and start > 0 and not footer:
                    continue  # "from Form 8995" in a sentence: not this form's number
                if pattern in (NUMBER_LABEL, _DOTTED_NUMBER_LABEL) and (
                    ln.page != 1 or ln.index >= 30
                ):
                    continue
                target = ln
                raw: str | None = None
                in_column = False  # a value from a row of cells, never joined with the next
                dated_label = _AND_DATE_LABEL.match(rest)
                if dated_label:  # "Rechnungs-Nr./Datum: 4711/12.03.2024"
                    rest = rest[dated_label.end() :]
                grouped = _GROUPED_VALUE.match(rest)
                match = REFERENCE_VALUE.match(rest)
                series = _SERIES_VALUE.match(rest)
                if grouped:
                    raw = grouped.group("value")
                elif match:
                    raw = match.group("value")
                elif series:
                    raw = series.group("value")
                elif dated := _DATED_NUMBER.match(rest):
                    when = dated.group("date")
                    is_date = find_dates(when) or re.search(r"\b(?:19|20)\d\d\b", when)
                    raw = dated.group("value") if is_date else None
                j = i + 1
                if j < len(plain) and plain[j].page == ln.page and TABLE_RULE.match(plain[j].text):
                    j += 1  # a Markdown table's rule under its header row
                nxt = plain[j] if j < len(plain) and plain[j].page == ln.page else None
                if raw is None and nxt is not None and not re.search(r"\d", rest):
                    label = ln.text[start : len(ln.text) - len(rest)].split()
                    # a kind's word alone ("Invoice Details"), not after a number's word
                    # ("N° facture", "Nr. fattura": a number's label, in a header row too)
                    bare_label = (
                        bool(label)
                        and bool(LABEL_BARE.fullmatch(label[-1]))
                        and not (len(label) > 1 and _NUMBER_WORD.fullmatch(label[-2]))
                    )
                    head_cells = table_cells(ln.text)
                    if head_cells is not None and len(head_cells) >= 2:
                        raw = table_value(ln, start, nxt)
                    else:  # a row of words, or one a scan's frame was read around
                        label_end = len(ln.text) - len(rest)
                        span = (start, label_end)
                        raw = column_value(unframed(ln), span, unframed(nxt), bare_label)
                    in_column = raw is not None
                    target = nxt
                    if raw is None and start == 0 and not bare_label and rest.strip():
                        # the label opening the left column, another column's words after it:
                        # its value opens the next line ("Invoice number Bill to" / "INV-0042
                        # Jane Doe"), when it can only be a number
                        first_word = nxt.text.split()[0]
                        raw = first_word if LEFT_VALUE.fullmatch(first_word) else None
                    if raw is None and start > 0 and not bare_label and not rest.strip(" :#."):
                        # two columns run together, the label ending the right one: its value
                        # ends the next line ("Acme Ltd Invoice number" / "12 High Street
                        # INV-0042")
                        raw = right_column_value(nxt.text)
                    if raw is None and not rest.strip(" :#.|"):
                        below = stacked_value(plain, i)
                        target = below or nxt
                        match = REFERENCE_VALUE.match(target.text)
                        raw = match.group("value") if match else None
                        if _GROUPS_LINE.fullmatch(target.text):
                            raw = target.text  # "21 00000 00003 13947 14300 09017" (a QR-bill)
                        elif (
                            below is None
                            and match
                            and target.text[match.end() :].strip()
                            and not ln.text.endswith(":")
                            and not (
                                not bare_label
                                and match.start("value") == 0
                                and LEFT_VALUE.fullmatch(match.group("value"))
                            )
                        ):
                            # "FACTURE" over "75002 Paris": a value fills its line, unless the
                            # label's colon points to it ("use this reference:" / "CYSP6 and …")
                            # or a number's label is over a value that can only be a number
                            # ("Invoice Number" / "INV-0042 Jane Doe", the columns' other
                            # label left out)
                            raw = None
                label_text = ln.text[start : len(ln.text) - len(rest)]
                short = (
                    _SHORT_NUMBER.match(rest)
                    if raw is None
                    and (
                        INVOICE_NUMBER_LABEL.search(label_text)
                        or RECEIPT_NUMBER_LABEL.search(label_text)
                    )
                    and _NUMBER_WORD_END.search(label_text)
                    else None
                )
                if short:
                    raw = short.group(1)
                orphan = None
                if (
                    raw is None
                    and not rest.strip(" :")
                    and ln.text.endswith(":")
                    and INVOICE_NUMBER_LABEL.search(label_text)
                ):
                    # "FACTURE N° :" and "Date :" bare, their values printed elsewhere as a
                    # pair of lines ("F20180027" / "31/12/2018")
                    if ln.page not in orphans:  # read once a page, however many labels
                        orphans[ln.page] = orphan_pair(plain, ln.page)
                    orphan = orphans[ln.page]
                    if orphan is not None:
                        target, raw, in_column = orphan, orphan.text, True
                if raw is None:
                    continue
                raw = raw.strip("./-_")
                if dated_label and (cut := _AND_DATE.fullmatch(raw)):
                    raw = cut.group(1)
                source = rest if target is ln else target.text
                if not in_column:  # "03.03.2024 4711 10022": the next cell is another's
                    raw = _digit_groups(raw, source)
                value = ocr_digits(_continued(raw, source, target, plain))
                if not _plausible_reference(value, source, raw, short=short is not None):
                    continue
                position = 0.1 if ln.page == 1 and ln.index < 30 else 0.0
                own_line = 0.05 if target is ln else 0.0
                label_words = ln.text[: len(ln.text) - len(rest)].split()
                bare = -0.05 if label_words and LABEL_BARE.fullmatch(label_words[-1]) else 0.0
                footer_only = -0.05 if footer and start > 0 else 0.0  # its heading first
                far = -0.05 if orphan is not None else 0.0  # a pairing, not a label's place
                score = weight + position + own_line + bare + footer_only + far
                quoted = lines[i] if target is ln else lines[plain.index(target)]
                found.append(Reference(quoted, value, label_text, score))
                break
    return found


def _best(found: list[Reference]) -> Reference | None:
    best: Reference | None = None
    for ref in found:  # the first of equal scores: the label met first
        if best is None or ref.score > best.score:
            best = ref
    return best


def detect_reference(lines: list[Line]) -> tuple[Line, str, float] | None:
    """The invoice's (else the order's, the policy's, the account's) number, by its label."""
    best = _best(find_references(lines))
    if best is None:
        return None
    return best.line, best.value, min(0.9, best.score)


def invoice_number(found: list[Reference]) -> Reference | None:
    """The number the document labels as an invoice's (or a credit note's): with a total, what
    makes a document an invoice even when no heading says so."""
    return _best([r for r in found if INVOICE_NUMBER_LABEL.search(r.label)])


def receipt_number(found: list[Reference]) -> Reference | None:
    """The number the document labels as a receipt's, a till ticket's or a payment
    transaction's: a receipt's reference, over an invoice number it also prints."""
    return _best([r for r in found if RECEIPT_NUMBER_LABEL.search(r.label)])


def account_number(lines: list[Line]) -> Reference | None:
    """A bank statement's account number by the short labels banks print ("Konto
    1234567890", "Compte n° 12345678901", "Conto corrente n. …", "Account ending in 4321",
    "CHECKING 008669178271"), near its top: four digits at least, never a date or an amount."""
    for line in lines[:60]:
        plain = _plain(line)
        for label in STATEMENT_ACCOUNT_LABEL.finditer(plain.text):
            rest = plain.text[label.end() :]
            match = REFERENCE_VALUE.match(rest)
            if match is None:
                continue
            raw = match.group("value")
            value = _digit_groups(raw, rest)
            if len(re.findall(r"\d", value)) < 4 or not _plausible_reference(value, rest, raw):
                continue
            return Reference(line, value, label.group(0), 0.6)
    return None
