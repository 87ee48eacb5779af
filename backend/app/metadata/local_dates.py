"""The local engine's dates: the document date (a labelled one first, else the first date in
the first page's header) and the due date, read with dateparser in the document's language,
after mending what OCR does to digits."""

from __future__ import annotations

import datetime as dt
import re

from app.metadata.language import (
    FoundDate,
    find_dates,
)
from app.metadata.local_lines import Line, after_label
from app.metadata.local_words_dates import (
    DOCUMENT_DATE_LABEL,
    DUE_LABEL,
    GENERIC_DATE_LABEL,
    NOT_DOCUMENT_DATE,
    OTHER_DOCUMENT,
    PERIOD_LABEL,
)
from app.metadata.local_words_reference import LABEL_BARE, REFERENCE_LABELS

# --- labelled values -----------------------------------------------------------------------


# An amount's word right before a label ("Balance Due", "Amount due"). Searched on the few
# characters before the label's blanks only: searched on all that precedes it, the rule read
# a line's start again for every date label on the line.
AMOUNT_DUE = re.compile(r"\b(?:balance|amount|total|sum)$", re.I)


def amount_word_before(text: str, start: int) -> bool:
    """Whether an amount's word ends `text` before `start`, blanks between them allowed."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return AMOUNT_DUE.search(text, max(0, end - len("balance")), end) is not None


# A clock time ("10:00", "21:15:03"): a date printed beside one is a till receipt's moment
# of sale.
_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


# OCR's slips inside a printed date: spaces around its separators ("4. 04. 2020"), a comma
# for a dot ("04,04.2020"), a letter for a digit ("O4.04.2020", "15.04.202C", "l5.04.2020").
_DATEISH = re.compile(
    r"(?<![\w.,/-])([0-9OoCDlI|]{1,2}) ?([.,/-]) ?([0-9OoCDlI|]{1,2}) ?([.,/-])"
    r"( ?(?:19|2[0O])[0-9OoCDlI|]{2}|[0-9OoCDlI|]{2})(?![\w/-]|[.,:]\d)"
)
_DIGIT_FOR = str.maketrans("OoCDlI|", "0000111")


def repair_dates(text: str) -> str:
    """A line's day.month.year dates as printed, where OCR spaced them or read a letter for a
    digit; left alone when a part has no digit at all (a word, not a date)."""

    def fix(m: re.Match[str]) -> str:
        day, month, year = m.group(1), m.group(3), m.group(5).strip()
        if not all(re.search(r"\d", part) for part in (day, month, year)) or (
            m.group(2) == m.group(4) == ","  # "12,05,20": a list of numbers
        ):
            return m.group(0)
        sep = m.group(2) if m.group(2) == m.group(4) and m.group(2) != "," else "."
        return sep.join(part.translate(_DIGIT_FOR) for part in (day, month, year))

    return _DATEISH.sub(fix, text)


def _find_dates(text: str, language: str | None, order: str) -> list[FoundDate]:
    """The dates of a line; when it has none, those of the line as printed (repair_dates)."""
    found = find_dates(text, language, order)
    if found:
        return found
    repaired = _DAY_OF.sub(r"\1 ", repair_dates(text))
    return find_dates(repaired, language, order) if repaired != text else []


# A deed's wording of a date: "this 15th day of October, 2022"
_DAY_OF = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+day\s+of\s+(?=[^\W\d_])", re.I)


# A document's date is not years after the day it is read (an OCR misread year). It may well
# be after a due date it names: a reminder, a premium notice, a statement of arrears.
_FUTURE = dt.timedelta(days=366)


def _plausible_date(value: dt.date) -> bool:
    return value <= dt.date.today() + _FUTURE


# A line that reads as prose: many words and a sentence's end after a word ("… lines of code.
# By comparison …"), never a header's date line, however long a flattened header row is.
_SENTENCE_END = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,}+[.!?](?:\s|$)")  # from a word's start


def _in_sentence(text: str) -> bool:
    return len(text.split()) >= 12 and bool(_SENTENCE_END.search(text))


def _labelled_elsewhere(lines: list[Line], k: int) -> bool:
    """A date alone on line k whose label ends the line above: a due, delivery or order date's
    ("Rechnung gemäß Bestellung vom" ⏎ "01.03.2013")."""
    if k == 0 or lines[k - 1].page != lines[k].page or _date_alone(lines[k].text) is None:
        return False
    above = lines[k - 1].text
    if find_dates(above):
        return False
    tail = above[-40:]
    return bool(_not_own_date(tail) or OTHER_DOCUMENT.search(tail))


def _date_alone(text: str, language: str | None = None, order: str = "DMY") -> FoundDate | None:
    found = _find_dates(text, language, order)
    if len(found) == 1 and len(text.strip(" .:,;()")) <= len(found[0].text) + 2:
        return found[0]
    return None


def _value_in_column(lines: list[Line], i: int) -> Line | None:
    """The value of label line i when the text layer put a block of labels one under another
    and their values after them in the same order ("Invoice Date", "Due Date", then
    "March 5, 2021", "April 4, 2021"): the value as far into the values as the label into
    its block. None when line i is not in such a block (a lone label: the next line)."""

    def label_like(ln: Line) -> bool:
        text = ln.text
        return (
            ln.page == lines[i].page
            # the page's heading over the block ("Rechnung", "INVOICE") is none of its labels
            and not LABEL_BARE.fullmatch(text.strip(" :#*"))
            and len(text) <= 40
            and not re.search(r"\d", text)
            and (
                text.endswith(":")
                or any(p.search(text) for p in (DOCUMENT_DATE_LABEL, DUE_LABEL, GENERIC_DATE_LABEL))
                or any(p.search(text) for p, _ in REFERENCE_LABELS)
            )
        )

    start = i
    while start > 0 and i - start < 8 and label_like(lines[start - 1]):
        start -= 1
    end = i
    while end + 1 < len(lines) and end - start < 8 and label_like(lines[end + 1]):
        end += 1
    size = end - start + 1
    values = lines[end + 1 : end + 1 + size]
    if (
        size < 2
        or len(values) < size
        or any(v.page != lines[i].page or not re.search(r"\d", v.text) for v in values)
    ):
        return None
    return values[i - start]


# A Markdown table's rule under its header ("|---|:---:|")
_TABLE_RULE = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")


def _row_under(lines: list[Line], i: int) -> Line | None:
    """The row under a header line i, past a Markdown table's rule."""
    k = i + 1
    if k < len(lines) and _TABLE_RULE.match(lines[k].text):
        k += 1
    if k < len(lines) and lines[k].page == lines[i].page:
        return lines[k]
    return None


_ANY_DATE_LABEL = (DOCUMENT_DATE_LABEL, DUE_LABEL, NOT_DOCUMENT_DATE, GENERIC_DATE_LABEL)


def _date_in_column(header: str, start: int, row: str, dates: list[FoundDate]) -> FoundDate | None:
    """The date under a header's label when the row under it has several: in a table with
    pipes, the one in the label's cell; else, when the header names as many dates as the row
    holds, the one as far along the row as the label among the header's date labels
    ("Rechnungsnummer Rechnungsdatum Lieferdatum" over "RE-17 14.03.2024 10.03.2024")."""
    if len(dates) < 2:
        return None
    if header.count("|") >= 2 and header.count("|") == row.count("|"):
        cell = header[:start].count("|")
        bounds = [k for k, c in enumerate(row) if c == "|"]
        lo = bounds[cell - 1] if cell >= 1 else 0
        hi = bounds[cell] if cell < len(bounds) else len(row)
        inside = [d for d in dates if lo <= d.start and d.end <= hi]
        return inside[0] if len(inside) == 1 else None
    spans: list[tuple[int, int]] = []
    for pattern in _ANY_DATE_LABEL:
        for m in pattern.finditer(header):
            if not any(m.start() < e and b < m.end() for b, e in spans):
                spans.append((m.start(), m.end()))
            else:  # overlapping labels ("due date", "date") are one
                spans = [
                    (min(b, m.start()), max(e, m.end()))
                    if m.start() < e and b < m.end()
                    else (b, e)
                    for b, e in spans
                ]
    spans.sort()
    if len(spans) != len(dates):
        return None
    for k, (b, e) in enumerate(spans):
        if b <= start < e:
            return dates[k]
    return None


def _not_own_date(text: str) -> bool:
    """A line that labels a date as another's: an order's, a delivery's, a birth date."""
    return bool(NOT_DOCUMENT_DATE.search(text))


def _generic_label(text: str) -> bool:
    """A generic date label ("Date:", "Datum", "Fecha") that is not a word of a due date's
    label ("Date limite de paiement", "Payment due date")."""
    dues = [(m.start(), m.end()) for m in DUE_LABEL.finditer(text)]
    return any(
        not any(a <= m.start() < b for a, b in dues) for m in GENERIC_DATE_LABEL.finditer(text)
    )


# A letter's dateline: the town, a comma, the date filling the rest of the line, with the
# word some languages put before it ("Paris, le 3 mars 2024", "Berlin, den 7.3.2024", "Milano,
# 20 febbraio 2024", "Madrid, a 3 de abril de 2024", "Utrecht, 4 april 2024")
_PLACE_DATE = re.compile(
    r"^(?P<town>[^\W\d_][^\W\d_'’ .-]{1,30}(?:[ -][^\W\d_][^\W\d_'’.-]{1,20}){0,2}),\s*"
    r"(?:(?:le|den|am|il|el|a|em|op|the|on)\s+)?(?P<date>\S.*)$",
    re.I,
)


def _place_date(
    header: list[Line], language: str | None, order: str
) -> tuple[Line, str, dt.date] | None:
    """The first line of the first page's head that is a town and a date and nothing else,
    its town no label of another date ("Due, 3 May 2024" names none)."""
    for ln in header:
        match = _PLACE_DATE.match(ln.text.strip(" *#"))
        if match is None or not match.group("town")[:1].isupper():
            continue
        town = match.group("town")
        if _not_own_date(town) or DUE_LABEL.search(town) or GENERIC_DATE_LABEL.search(town):
            continue
        alone = _date_alone(match.group("date"), language, order)
        if alone is not None and _plausible_date(alone.value):
            return ln, alone.text, alone.value
    return None


def detect_dates(
    lines: list[Line], language: str | None, order: str
) -> tuple[tuple[Line, str, object] | None, tuple[Line, str, object] | None]:
    """(document date, due date), each as (line, date text, date). A document date is never
    years in the future; a header date stands in a header's line, not in a sentence; a date
    label whose value the text layer put elsewhere ("Date :" at the top, its column's values
    further down) takes the first date that stands alone on a line."""
    document = due = None
    empty_label: Line | None = None
    for i, ln in enumerate(lines[:400]):
        for pattern, kind in ((DUE_LABEL, "due"), (DOCUMENT_DATE_LABEL, "doc")):
            if (kind == "due" and due) or (kind == "doc" and document):
                continue
            for rest, start in after_label(ln, pattern):
                # the words just before the label and just after it
                around = ln.text[max(0, start - 20) : len(ln.text) - len(rest) + 12]
                if OTHER_DOCUMENT.search(around):
                    continue
                found = _find_dates(rest[:60], language, order)
                target = ln
                # "Balance Due" / "Amount due" heading a column names an amount, not a date
                amount_label = kind == "due" and amount_word_before(ln.text, start)
                if (
                    not found
                    and not amount_label
                    and i + 1 < len(lines)
                    and lines[i + 1].page == ln.page
                ):
                    nxt = lines[i + 1]
                    if len(rest.strip(" :.")) == 0:
                        target = _value_in_column(lines, i) or nxt
                        found = _find_dates(target.text[:40], language, order)
                        if not found and target is not nxt:  # not a block after all
                            target = nxt
                            found = _find_dates(nxt.text[:40], language, order)
                        if target is nxt:  # the last header of a row over several dates
                            row = _row_under(lines, i) or nxt
                            column = _date_in_column(
                                ln.text, start, row.text, _find_dates(row.text, language, order)
                            )
                            if column is not None:
                                target, found = row, [column]
                        if not found and kind == "due" and ln.text[:start].strip(" :") == "":
                            # a due label alone whose value OCR put past a line of the next
                            # column ("Payment Due" ⏎ "billing@acme.com" ⏎ "19/02/2024")
                            for later in lines[i + 2 : i + 4]:
                                alone = _date_alone(later.text, language, order)
                                if later.page == ln.page and alone is not None:
                                    target, found = later, [alone]
                                    break
                    elif len(rest) < 40 and not re.search(r"\d", rest):
                        # a column header ("Beschreibung Fälligkeit Teilzahlung"): the row
                        # under it, when it carries one date, or the date in the label's
                        # column ("Lieferdatum | Rechnungsdatum" over "01.03. | 05.03.")
                        nxt = _row_under(lines, i) or nxt
                        below = _find_dates(nxt.text, language, order)
                        found = below if len(below) == 1 else []
                        column = _date_in_column(ln.text, start, nxt.text, below)
                        if column is not None:
                            found = [column]
                        target = nxt
                if found and kind == "doc" and not _plausible_date(found[0].value):
                    found = []
                if found:
                    hit = (target, found[0].text, found[0].value)
                    if kind == "due":
                        due = hit
                    else:
                        document = hit
                    break
    header = [ln for ln in lines[:60] if ln.page == 1]

    def usable(k: int, ln: Line) -> bool:
        return not (_not_own_date(ln.text) or _labelled_elsewhere(lines, k))

    def own_part(text: str) -> str:
        """The line before any mention of another document ("Datum 05.03.2021 Ihre
        Bestellung vom 01.03.2021" → "Datum 05.03.2021 Ihre ") or of a due date ("Date limite
        de paiement : 18/03/2024" → "")."""
        cuts = [m.start() for m in (OTHER_DOCUMENT.search(text), DUE_LABEL.search(text)) if m]
        return text[: min(cuts)] if cuts else text

    if document is None:
        # a letter's own date after the town it was written in ("Lyon, le 3 mars 2024",
        # "Kiel, 7. März 2024"): the date the sender gives the page, over any other
        document = _place_date(header, language, order)
    if document is None:
        # a generic "Date:" label, then the first date in the first page's header
        for k, ln in enumerate(header):
            if not usable(k, ln) or not _generic_label(own_part(ln.text)):
                continue
            found = [
                d
                for d in _find_dates(own_part(ln.text), language, order)
                if _plausible_date(d.value)
            ]
            if found:
                document = (ln, found[0].text, found[0].value)
                break
            if GENERIC_DATE_LABEL.fullmatch(ln.text.strip(" :")) and empty_label is None:
                empty_label = ln
    if document is None and empty_label is not None:
        # the label's value read apart from it: the first date alone on a line of its page
        after = lines.index(empty_label) + 1
        value_line = lines[after] if after < len(lines) else None
        if (
            value_line is None
            or value_line.page != empty_label.page
            or not _find_dates(value_line.text, language, order)
        ):
            for k, ln in enumerate(lines):
                if (
                    ln.page != empty_label.page
                    or not usable(k, ln)
                    or OTHER_DOCUMENT.search(ln.text)
                ):
                    continue
                alone = _date_alone(ln.text, language, order)
                if alone is not None and _plausible_date(alone.value):
                    document = (ln, alone.text, alone.value)
                    break
    if document is None:
        # a statement that gives only its period ("Period: 01/10/2021 to 31/10/2021",
        # "Zeitraum 01.10. – 31.10.2021"), before any other date and with no
        # "Date:" label: dated at the period's end
        for ln in header:
            found = [d for d in _find_dates(ln.text, language, order) if _plausible_date(d.value)]
            if not found:
                continue
            if len(found) >= 2 and PERIOD_LABEL.search(ln.text):
                document = (ln, found[-1].text, found[-1].value)
            break
    if document is None:
        for k, ln in enumerate(lines[:40]):
            if ln.page != 1 or not usable(k, ln) or _in_sentence(ln.text):
                continue
            found = [
                d
                for d in _find_dates(own_part(ln.text), language, order)
                if _plausible_date(d.value)
            ]
            if found:
                document = (ln, found[0].text, found[0].value)
                break
    if document is None:
        # a till receipt prints the moment of the sale, a date with its time, often at the foot
        for ln in lines:
            if ln.page != 1 or not _CLOCK.search(ln.text) or _not_own_date(ln.text):
                continue
            found = [d for d in _find_dates(ln.text, language, order) if _plausible_date(d.value)]
            if found:
                document = (ln, found[0].text, found[0].value)
                break
    return document, due
