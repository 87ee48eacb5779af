"""Where a reference's value stands when it is not after its label on the label's line: in
the label's column of the row under a header (a plain row of words or a Markdown table's
cells), after a block of bare labels whose values OCR read below them, or in another column
run together with the label's (`local_reference.py` finds the labels and ranks the numbers)."""

from __future__ import annotations

import re

from app.metadata.language import find_amounts, find_dates
from app.metadata.local_lines import Line
from app.metadata.local_words import rx
from app.metadata.local_words_dates import DOCUMENT_DATE_LABEL, DUE_LABEL, GENERIC_DATE_LABEL
from app.metadata.local_words_reference import (
    COLUMN_LABEL,
    LABEL_BARE,
    REFERENCE_LABELS,
    REFERENCE_VALUE,
)

# A field label alone on its line, value elsewhere ("FACTURE N° :", "Date :")
_BARE_FIELD = re.compile(r"^[^\W\d][^:\d]{0,40}:$")


_MAX_STACK = 12


def stacked_value(lines: list[Line], i: int) -> Line | None:
    """A block of bare labels followed by the block of their values, as OCR reads a two-column
    header apart ("FACTURE N° :" / "Date :" / "F20180027" / "31/12/2018"): the k-th label's
    value is the k-th line after the block. Labels without a colon ("Invoice No" / "Customer
    ID" / "Invoice Date") pair up only when as many lines with a number follow them."""
    ln = lines[i]
    colon = ln.text.endswith(":")

    def field(text: str) -> bool:
        if LABEL_BARE.fullmatch(text.strip(" :#*")):
            return False  # the page's heading ("Rechnung") over the block, no field of it
        if colon:
            return bool(_BARE_FIELD.match(text))
        # without colons, only lines that are labels and nothing else ("Northwind Tools Ltd"
        # above "Invoice No" is no label)
        return bool(_LABEL_LINE.match(text)) and _header_labels(text, least=1) is not None

    # a header's block of labels is a dozen lines at most: a longer run is no header (and
    # walking it from each of its lines took time in the square of its length)
    start = i
    while (
        start > 0
        and i - start <= _MAX_STACK
        and lines[start - 1].page == ln.page
        and field(lines[start - 1].text)
    ):
        start -= 1
    end = i + 1
    while (
        end < len(lines)
        and end - start <= _MAX_STACK
        and lines[end].page == ln.page
        and field(lines[end].text)
    ):
        end += 1
    if end - start < 2 or end - start > _MAX_STACK:
        return None
    if not colon:
        values = lines[end : end + (end - start)]
        if len(values) < end - start or not all(
            v.page == ln.page and _VALUE_LINE.match(v.text) for v in values
        ):
            return None
    at = end + (i - start)
    if at < len(lines) and lines[at].page == ln.page:
        return lines[at]
    return None


# A label alone on its line without a colon ("Invoice No", "Customer ID"), and a value alone
# on its line ("C123456", "19/2/2024")
_LABEL_LINE = re.compile(r"^[^\W\d][^\d:]{0,28}$")
_VALUE_LINE = re.compile(r"^(?=\S*\d)\S+(?: \S+){0,2}$")


_HEADER_PATTERNS = [
    *(pattern for pattern, _ in REFERENCE_LABELS),
    DOCUMENT_DATE_LABEL,
    DUE_LABEL,
    GENERIC_DATE_LABEL,
    COLUMN_LABEL,
]


def _header_labels(text: str, least: int = 2) -> list[tuple[int, int]] | None:
    """A header row as the spans of its labels, left to right, the longest at each place; None
    when a word of it is no label (a sentence, a name)."""
    spans = sorted(
        {(m.start(), m.end()) for p in _HEADER_PATTERNS for m in p.finditer(text)},
        key=lambda span: (span[0], -span[1]),
    )
    chosen: list[tuple[int, int]] = []
    for a, b in spans:
        if not chosen or a >= chosen[-1][1]:
            chosen.append((a, b))
    # the text between the labels, by slices (a test per character took the line's length
    # times the labels' number)
    edges = zip([(0, 0), *chosen], [*chosen, (len(text), 0)], strict=True)
    between = [text[b:a] for (_, b), (a, _) in edges]
    return chosen if len(chosen) >= least and not re.search(r"\w", "".join(between)) else None


_NOT_A_ROW = re.compile(r"\b(?:IBAN|BIC|SWIFT|Tel|Fax|Phone|Telefon|Tél)\b", re.I)


def column_value(header: Line, label: tuple[int, int], row: Line, bare: bool = False) -> str | None:
    """A table's header row with the label as one of its words, and the row under it with as
    many words: the value in the label's column ("Datum Uhrzeit Filiale Bon" /
    "20.04.20 09:50 0000545 8571")."""
    head = header.text.split()
    cells = row.text.split()
    if len(head) < 2 or not cells:
        return None
    first = len(header.text[: label[0]].split())  # the label's first and last word
    last = first + len(header.text[label[0] : label[1]].split()) - 1
    if len(head) != len(cells):
        if bare:  # "Invoice Details" over "Widget A-40 in blue": no number's label at all
            return None
        # labels of several words: the header read as its labels, one a column ("Customer No.
        # Invoice No. Date" / "10045 4711 12.03.2024")
        columns = _header_labels(header.text)
        if columns is not None and len(columns) == len(cells):
            at = next((k for k, (a, b) in enumerate(columns) if a <= label[0] < b), None)
            if at is not None and _number_cell(cells[at]):
                return cells[at]
        if 2 * sum(1 for c in cells if re.search(r"\d", c)) < len(cells):
            return None  # "CUSTOMER ID" over "161 Raynor Overpass": an address, no row of values
        # else the row's one cell that can be a number, if only one ("Invoice Number Invoice
        # Date Due Date" / "INV-0012 12/03/2024 12/04/2024")
        numbers = [c for c in cells if _number_cell(c)]
        named = any(len(c) >= 3 and c.isalpha() for c in cells)
        if len(numbers) == 1 and not (named and re.fullmatch(r"\d{4,5}", numbers[0])):
            return numbers[0]  # never a postcode beside its town ("75002 Paris")
        # else, for a label opening or closing the header row, the row's first or last cell
        # ("… Data Documento Numero Documento" / "… 10-02-2022 54321"); never in a row of
        # bank or phone details ("Please quote reference" / "IBAN DE89 3704 …")
        if _NOT_A_ROW.search(row.text):
            return None
        if named:
            return None  # a row with a name in it: its edges are no number's column
        if first == 0 and _edge_number(cells[0], ""):
            return cells[0]
        if last == len(head) - 1 and _edge_number(cells[-1], cells[-2] if len(cells) > 1 else ""):
            return cells[-1]
        return _anchored_value(head, cells, first)
    if first >= len(cells):
        return None
    match = REFERENCE_VALUE.match(cells[first])
    return match.group("value") if match else None


# A header's time or date column and the row's one time or date: where the two line up when
# OCR split or garbled another cell of the row ("a Öa. 2020" for a date)
_TIME_WORD = rx("time", "uhrzeit", "zeit", "heure", "ora", "hora", "tijd")
_DATE_WORD = rx("date", "datum", "data", "fecha")
_TIME_CELL = re.compile(r"\d{1,2}:\d\d(?::\d\d)?")


def _anchored_value(head: list[str], cells: list[str], first: int) -> str | None:
    """The label's value in a row that has not as many words as its header, counted from the
    header's one time (else date) column left of the label and the row's one time (date):
    "Datum Zeit BonNr Kasse" over "0G.O4. 2020 14:43 2875 0003" gives 2875, the cell right of
    the time as BonNr is the word right of Zeit."""
    anchors = (
        (_TIME_WORD, lambda cell: bool(_TIME_CELL.fullmatch(cell))),
        (_DATE_WORD, lambda cell: bool(find_dates(cell))),
    )
    for word, is_value in anchors:
        columns = [k for k, w in enumerate(head) if word.fullmatch(w.strip("_:.|"))]
        values = [k for k, c in enumerate(cells) if is_value(c)]
        if len(columns) != 1 or len(values) != 1 or columns[0] >= first:
            continue
        at = values[0] + first - columns[0]
        return cells[at] if at < len(cells) and _number_cell(cells[at]) else None
    return None


# A frame's edge as OCR reads it beside a row's first or last word: "|", or "I", "l", "[", "]"
_FRAME_EDGE = re.compile(r"^\s*[Il\[\]](?= )|(?<= )[Il\[\]]\s*$")


def unframed(line: Line) -> Line:
    """A row as printed inside a scan's frame or boxes, the frame's strokes blanked out (the
    text keeps its length, so a label's place on it stays): "| 4711 | 50 GG DF 54321 I" reads
    as the row "4711 50 GG DF 54321". An edge's I or l goes only when the row has a "|"."""
    if "|" not in line.text:
        return line
    text = _FRAME_EDGE.sub(lambda m: " " * len(m.group(0)), line.text.replace("|", " "))
    return Line(line.page, line.index, text)


# A date alone on its line ("31/12/2018", "2024-03-12"), and a bare date label ending its line
# ("Date :", "Rechnungsdatum:")
_DATE_LINE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d")
_BARE_DATE = re.compile(r"(?:" + GENERIC_DATE_LABEL.pattern + r")\s*:$", re.I)


def orphan_pair(lines: list[Line], page: int) -> Line | None:
    """The value of a bare invoice number label ("FACTURE N° :") whose page also leaves its
    date label bare ("Date :"), as a text layer prints a form's fields apart from their
    values: the page's one pair of lines that are a number alone (five characters at least)
    then a date alone ("F20180027" / "31/12/2018"), standing apart from other values (never
    a column of numbers and dates)."""
    on_page = [ln for ln in lines if ln.page == page]
    if not any(_BARE_DATE.search(ln.text) for ln in on_page):
        return None

    def alone(k: int) -> bool:  # a value alone on line k: a number or a date
        if not 0 <= k < len(on_page):
            return False
        text = on_page[k].text
        return bool(_DATE_LINE.fullmatch(text)) or (" " not in text and _number_cell(text))

    pairs = [
        on_page[k]
        for k in range(len(on_page) - 1)
        if len(on_page[k].text) >= 5
        and " " not in on_page[k].text
        and _number_cell(on_page[k].text)
        and _DATE_LINE.fullmatch(on_page[k + 1].text)
        and find_dates(on_page[k + 1].text)
        and not alone(k - 1)
        and not alone(k + 2)
    ]
    return pairs[0] if len(pairs) == 1 else None


# A value that can only be a number, never a street number or a postcode ("221B", "75002"):
# a separator inside, letters and four digits, or six digits
LEFT_VALUE = re.compile(
    r"(?=(?:\D*\d){4})[A-Z0-9]+[-/.][A-Z0-9/.-]*[A-Z0-9]|[A-Z]{1,4}\d{4,}|\d{6,}", re.I
)


def right_column_value(text: str) -> str | None:
    """The last word of a line as a number's value: three digits at least, and never the end
    of an address ("San Francisco, CA 94105", "Portland OR 97205", "London EC1A 1BB") or of
    bank or phone details ("IBAN BE35 7370 1880 7737": the account's last digit group)."""
    words = text.split()
    if len(words) < 2 or "," in text or not _edge_number(words[-1], words[-2]):
        return None
    if _NOT_A_ROW.search(text):
        return None
    return words[-1]


def _edge_number(cell: str, before: str) -> bool:
    """A cell at a row's edge that can be a document's number: three digits at least, not a
    postcode's half ("EC1A 1BB") nor a US state's ZIP code ("OR 97205")."""
    if not _number_cell(cell) or len(re.findall(r"\d", cell)) < 3:
        return False
    return not (re.fullmatch(r"\d{5}(?:-\d{4})?", cell) and re.fullmatch(r"[A-Z]{2}", before))


def _number_cell(cell: str) -> bool:
    """A table cell that can be a document's number: not a date, a time, an amount or a
    count."""
    match = REFERENCE_VALUE.fullmatch(cell)
    return (
        match is not None
        and not re.fullmatch(r"\d{1,2}|\d{1,2}:\d\d(?::\d\d)?", cell)
        and not find_dates(cell)
        and not find_amounts(cell)
    )


# A Markdown table's rule under its header row ("|---|:---:|")
TABLE_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def table_cells(text: str) -> list[str] | None:
    """A Markdown table row's cells ("| Invoice # | Date |"), or None for a line of text."""
    if text.count("|") < 2:
        return None
    return [c.strip() for c in text.strip().strip("|").split("|")]


def table_value(header: Line, label_start: int, row: Line) -> str | None:
    """The value in the label's cell's column of the Markdown table row under the header."""
    head, cells = table_cells(header.text), table_cells(row.text)
    if head is None or cells is None or len(head) != len(cells):
        return None
    column = header.text[:label_start].count("|") - (
        1 if header.text.lstrip().startswith("|") else 0
    )
    if not 0 <= column < len(cells):
        return None
    cell = cells[column]
    if _number_cell(cell) or (_SPACED_CELL.fullmatch(cell) and not find_dates(cell)):
        return cell
    return None


# A table cell's number with a space in it, as a cell holds it whole: digit groups ("7712 9981
# 3345"), a series code before its number ("FT A/2024/88", "FR 2024A/3345")
_SPACED_CELL = re.compile(
    r"(?=(?:\D*\d){6})\d{2,6}(?: \d{2,6}){1,4}|"
    r"[A-Z]{1,4}(?: [A-Z]{1,4})? (?=[\w/.-]*\d)[A-Z0-9][A-Z0-9/._-]{1,30}[A-Z0-9]"
)
