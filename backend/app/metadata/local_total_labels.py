"""The amount each total label of a document stands for (`local_total.py` ranks them): read
by label, over the subtotal and the tax lines, in the layouts a text layer or an OCR pass
leaves a table in (a row flattened into a line, a last-column header over its rows, a column a
photo's OCR read apart)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from app.metadata.language import CURRENCY_PATTERN, FoundAmount, find_amounts
from app.metadata.local_lines import Line
from app.metadata.local_total_ocr import garbled_total_word
from app.metadata.local_words_dates import GENERIC_DATE_LABEL
from app.metadata.local_words_total import (
    BLOCK_LABEL,
    CHANGE_GIVEN,
    INCLUDING_TAX,
    NOT_MONEY_TOTAL,
    NOT_TOTAL,
    PAYMENT_LINE,
    RUNNING_TOTAL,
    TENDERED,
    TO_PAY_OPENING,
    TOTAL_CLIPPED,
    TOTAL_PAID,
    TOTAL_STRONG,
    TOTAL_WEAK,
)


@functools.lru_cache(maxsize=4096)
def amounts_in(text: str) -> tuple[FoundAmount, ...]:
    """`find_amounts` of a line, kept: the rules below ask it of one line for every label on
    the line and again for the labels of the lines around it, and each time it parses every
    amount anew (a line of many labels and amounts took time in the square of its length).
    The amounts are frozen, so the one tuple serves every caller. A rate is no amount
    ("incl. 19,00% MwSt", "VAT 20.00 %"): a total's label before it would take the rate."""
    return tuple(a for a in find_amounts(text) if not _PERCENT_AFTER.match(text, a.end))


_PERCENT_AFTER = re.compile(r"\s?%")


def _bare_amount(text: str) -> FoundAmount | None:
    """The amount a line holds and nothing else ("1.005,55", "€ 12.00")."""
    found = amounts_in(text)
    if len(found) == 1 and len(found[0].text) >= len(text.strip(" :=*")) - 2:
        return found[0]
    return None


# A document's heading ("Tax Invoice", "Rechnung", "Facture"), never an amount's label.
_HEADING = re.compile(
    r"(?i)\b(?:invoice|rechnung|facture|factuur|fattura|factura|receipt|quittung|bill)\b"
)


def _labels_above(lines: list[Line], i: int) -> int:
    """How many amount labels (net, tax, total) stand right over line i without an amount."""
    above = 0
    while (
        i - above - 1 >= 0
        and lines[i - above - 1].page == lines[i].page
        and not amounts_in(lines[i - above - 1].text)
        and not _HEADING.search(lines[i - above - 1].text)
        and any(p.search(lines[i - above - 1].text) for p in (TOTAL_STRONG, TOTAL_WEAK, NOT_TOTAL))
    ):
        above += 1
    return above


# a tax rate alone on its line: a rate column's cell ("3%", "19,00 %")
_RATE_ALONE = re.compile(r"^\W{0,2}\d{1,2}(?:[.,]\d{1,3})?\s?%\W{0,2}$")


def _names_an_amount(text: str) -> bool:
    """Whether a line is one of a block's amount labels (a total, net, tax, payment, cash or
    change line), not a logo's crumbs or a thank-you read between the labels and their
    column."""
    return any(
        p.search(text)
        for p in (TOTAL_STRONG, TOTAL_WEAK, NOT_TOTAL, TOTAL_PAID, TENDERED, CHANGE_GIVEN)
    ) or bool(
        TOTAL_CLIPPED.search(text)
        or PAYMENT_LINE.search(text)
        or BLOCK_LABEL.search(text)
        or text.rstrip().endswith(":")
    )


def _amount_in_column(lines: list[Line], i: int) -> tuple[Line, FoundAmount] | None:
    """OCR of a photo or scan often reads a table column by column: the totals block's labels
    one under another ("Summe netto", "MwSt.", "Summe brutto"), their amounts later in a
    column of bare amounts that ends with them. A label's amount stands as far from the
    column's end as the label from its block's end; a single word right above the column is
    the column's header ("Betrag"), not a label of the block. A line between the label and
    the column that names no amount (a logo's crumbs, "Thank you for your business!") is no
    label of the block, and a rate alone in the column ("3%", "19,00 %") is a tax rate's
    cell, no amount of it."""
    ln = lines[i]
    j = i
    while (
        j + 1 < len(lines)
        and j - i < 6
        and lines[j + 1].page == ln.page
        and not amounts_in(lines[j + 1].text)
        and not _RATE_ALONE.match(lines[j + 1].text)  # a rate column's cells: values
    ):
        j += 1
    column: list[tuple[Line, FoundAmount]] = []
    for nxt in lines[j + 1 : j + 60]:
        if nxt.page == ln.page and _RATE_ALONE.match(nxt.text):
            continue
        bare = _bare_amount(nxt.text) if nxt.page == ln.page else None
        if bare is None:
            break
        column.append((nxt, bare))
    last = lines[j].text
    header = (
        1
        if j > i
        and len(last.split()) == 1
        and _names_an_amount(last)
        and not (TENDERED.search(last) or CHANGE_GIVEN.search(last) or BLOCK_LABEL.search(last))
        else 0
    )
    below = 1 + sum(_names_an_amount(nxt.text) for nxt in lines[i + 1 : j + 1]) - header
    above = _labels_above(lines, i)  # the column must hold the whole block's amounts
    if not column or below < 1 or above + below > len(column):
        return None
    return column[len(column) - below]


def _amount_after(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """The amount a total label stands for: on its line, the first amount right after it
    (a long line is a table row flattened into one line) or the right-most of a short line;
    for a label at the end of a line, the right-most amount below it: the next line's, or for
    a table's last column header ("… MwSt-Betrag Endbetrag") the largest of the rows under it
    (the totals row is over the rows it adds up); for a label whose amount OCR moved into a
    column further down, that column's."""
    ln = lines[i]
    after = [a for a in amounts_in(ln.text) if a.start >= match.end() and a.amount != 0]
    # the amounts up to the next word: "SUMME EUR 75,83 MwSt 12,11 Netto 63,72" is the
    # total followed by other labels' amounts; "Total 100,00 19,00 119,00" a totals row
    cut = next(
        (
            k
            for k in range(1, len(after))
            if _WORD.search(ln.text[after[k - 1].end : after[k].start])
        ),
        len(after),
    )
    after = after[:cut]
    if after:
        if len(ln.text) > 80:
            near = [a for a in after if a.start - match.end() <= 30]
            return (ln, near[0]) if near else None
        return ln, after[-1]  # the right-most column is the line's total
    # what may follow a label that stands alone: "brutto", "TTC", "(incl. VAT)", "in EUR"
    rest = INCLUDING_TAX.sub("", ln.text[match.end() :])
    rest = CURRENCY_PATTERN.sub("", re.sub(r"\b(?:in|en|eur|euros?|rs)\b\.?", "", rest, flags=re.I))
    if rest.strip(" :.()[]") or i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return None
    following = [a for a in amounts_in(lines[i + 1].text) if a.amount != 0]
    if not following and TOTAL_PAID.fullmatch(ln.text.strip(" :")):
        # a card payment's block on a till receipt: "Kartenzahlung", the terminal's lines,
        # then the amount with its currency ("EUR 134,39")
        for nxt in lines[i + 1 : i + 7]:
            paid = _bare_amount(nxt.text.strip("\"'„“ "))
            if nxt.page != ln.page or (paid is not None and paid.currency):
                return (nxt, paid) if paid is not None and nxt.page == ln.page else None
    if not following or (_bare_amount(lines[i + 1].text) and _labels_above(lines, i)):
        # the last label of a block read apart from its amounts: the column's
        return _amount_in_column(lines, i)
    best = (lines[i + 1], following[-1])
    if len(ln.text.split()) < 3 and _bare_amount(lines[i + 1].text):
        summed = _sum_in_column(lines, i + 1)
        if summed is not None:
            return summed
    if len(ln.text.split()) < 3:  # a label alone on its line: the next line is its value
        # unless that line is a row whose last amount is not its largest: a totals row reads
        # net, tax, gross; "100,00 10,00" under "TOTAL TTC" is another row's net and tax
        return best if following[-1].amount >= max(a.amount for a in following) else None
    width = len(amounts_in(lines[i + 1].text))
    for row in lines[i + 2 : i + 10]:
        cells = amounts_in(row.text)
        if row.page != ln.page or not cells or abs(len(cells) - width) > 1:
            break
        if cells[-1].amount != 0 and abs(cells[-1].amount) > abs(best[1].amount):
            best = (row, cells[-1])
    return best


_WORD = re.compile(r"[^\W\d_]{3,}")


def _sum_in_column(lines: list[Line], first: int) -> tuple[Line, FoundAmount] | None:
    """A label alone on its line over a column of bare amounts that holds its own sum ("BALANCE
    DUE" ⏎ "$2000.00" ⏎ "$140.00" ⏎ "$2140.00"): OCR lost the block's other labels (subtotal,
    tax) and read their amounts under this one; the first amount that is all those above it
    added up, and larger than each, is the total."""
    page = lines[first].page
    column: list[FoundAmount] = []
    for nxt in lines[first : first + 6]:
        bare = _bare_amount(nxt.text) if nxt.page == page else None
        if bare is None or bare.amount <= 0:
            return None
        if len(column) >= 2 and bare.amount == sum(a.amount for a in column):
            return nxt, bare
        column.append(bare)
    return None


def _label_context(text: str, match: re.Match[str]) -> str:
    """The words around a total label that say what kind of total it is ("Net total", "Total
    HT"). A one-word compound label ("Endbetrag", "Gesamtbetrag") is a cell of its own: the
    word before it is another column's header ("MwSt-% Endbetrag") unless joined to it."""
    before = text[max(0, match.start() - 8) : match.start()]
    word = match.group(0)
    if " " not in word and len(word) >= 8 and before[-1:].isspace():
        before = ""
    return before + text[match.start() : match.end() + 12]


@dataclass(frozen=True)
class Candidate:
    """An amount a total label stands for: its label line, the line it is on, how strongly
    its label says "the total", and how much the rest of the document agrees."""

    label: int
    line: Line
    amount: FoundAmount
    strength: float
    support: float = 0.0


# a tax word with its rate before a label: the line is the tax's ("VAT 20% on a total of")
_TAX_RATE = re.compile(
    r"(?i)(?<![^\W\d_])(?:vat|tax|tva|mwst|ust|btw|iva|gst)\.?\s*(?:\(?\d{1,2}(?:[.,]\d{1,2})?\s?%)"
)


def _tax_base_label(text: str, match: re.Match[str]) -> bool:
    """A label right after a tax word and its rate, no amount between them: the tax's base
    ("VAT 20% on a total of"), not a totals row ("TVA (20%) 2,00 € Total TTC 12,00 €")."""
    rates = list(_TAX_RATE.finditer(text[: match.start()]))
    return bool(rates) and not amounts_in(text[rates[-1].end() : match.start()])


_TAX_COMPOUND = re.compile(r"(?:mwst|ust|vat|tax|tva|btw|iva|gst|steuer)\.?-$", re.I)


def labelled_amounts(lines: list[Line]) -> list[Candidate]:
    """Every line's labelled amount: the strongest label on the line that has one."""
    out: list[Candidate] = []
    for i, ln in enumerate(lines):
        patterns: list[tuple[re.Pattern[str], float]] = [
            (TOTAL_STRONG, 3.0),
            (TO_PAY_OPENING, 3.0),
            (TOTAL_PAID, 2.0),
            (TOTAL_WEAK, 1.0),
            (TOTAL_CLIPPED, 1.0),
        ]
        garbled = garbled_total_word(ln.text)
        if garbled is not None:
            patterns.append((garbled, 1.0))
        patterns.append((_AMOUNT_HEADER, 1.0))
        for pattern, strength in patterns:
            found = None
            for match in pattern.finditer(ln.text):
                if pattern is _AMOUNT_HEADER:
                    # a header row's amount column; the word before it says which amount
                    # ("Tax Amount", "Net Total": not the total)
                    if not NOT_TOTAL.search(ln.text[max(0, match.start() - 12) : match.end()]):
                        found = _header_cell_amount(lines, i, match)
                    if found is not None:
                        break
                    continue
                if strength <= 1.0 and _ITEM_HEADER.search(ln.text) and not amounts_in(ln.text):
                    continue  # an items table's header: its amount column is each row's
                if strength <= 1.0 and _report_header(ln.text):
                    continue  # a report's table ("Region Cost Total"): no bill's total
                label = _label_context(ln.text, match)
                wider = ln.text[match.start() : match.end() + 24]  # "… (IVA incluído)"
                net = NOT_TOTAL.search(label)
                if net and not (_includes_tax(label) or _includes_tax(wider)):
                    continue
                if _TAX_COMPOUND.search(ln.text[: match.start()]):
                    continue  # "MwSt-Betrag": the tax's amount, whatever stands beside it
                if _MINIMUM.search(ln.text[max(0, match.start() - 16) : match.start()]):
                    continue  # "Minimum amount due": a card bill's least payment
                if _counts_no_money(ln.text, match):
                    continue  # "Total Qty 250.00", "Total paid to date £2,500.00"
                if _tax_base_label(ln.text, match):
                    continue  # "TVA 20 % sur un montant total de 34,24 €": a tax's base
                found = _amount_after(lines, i, match)
                if found is None and strength == 3.0:
                    found = (
                        _largest_repeated_below(lines, i, match)
                        or _amount_above(lines, i, match)
                        or _money_shortly_below(lines, i, match)
                        or _bare_amount_below(lines, i)
                        or _table_cell_below(lines, i, match)
                    )

                if found is not None:
                    break
            if found is None:
                continue
            target, amount = found
            if pattern is TOTAL_PAID and amount.amount < 0:
                # a bill's settlement in its credit column ("Visa payment -275.50"): paid
                amount = FoundAmount(
                    -amount.amount, amount.currency, amount.text, amount.start, amount.end
                )
            score = strength + (0.5 if _includes_tax(ln.text) else 0.0)
            out.append(Candidate(i, target, amount, score))
            break
    return out


_RULE_ROW = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")


def _table_cell_below(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """A strong label as a cell of a Markdown table's header row ("| Importo bollo | … |
    Totale documento |"), its value in the row under it (past the table's rule), in the
    label's column: that cell's amount. Never an items table's header ("| Description | Qty |
    Total price |"), whose next row is the first item."""
    ln = lines[i]
    if ln.text.count("|") < 2 or _ITEM_HEADER.search(ln.text) or amounts_in(ln.text):
        return None
    k = i + 1
    if k < len(lines) and _RULE_ROW.match(lines[k].text):
        k += 1
    if k >= len(lines) or lines[k].page != ln.page:
        return None
    row = lines[k]
    head = ln.text.strip().strip("|").split("|")
    cells = row.text.strip().strip("|").split("|")
    if len(head) != len(cells):
        return None
    column = ln.text[: match.start()].count("|") - (1 if ln.text.lstrip().startswith("|") else 0)
    if not 0 <= column < len(cells):
        return None
    value = _bare_amount(cells[column].strip(" *"))
    if value is None or value.amount == 0:
        return None
    start = row.text.find(value.text)
    return row, FoundAmount(
        value.amount, value.currency, value.text, start, start + len(value.text)
    )


def _includes_tax(text: str) -> bool:
    """Whether the words around a label say the tax is included ("TTC", "inkl. MwSt.", "incl.
    19% VAT", "IVA compresa"): the gross total's label, not the tax's."""
    return bool(INCLUDING_TAX.search(text))


def _bare_amount_below(lines: list[Line], i: int) -> tuple[Line, FoundAmount] | None:
    """A strong label with more words after it and no amount on its line ("Montant total à
    payer TTC", "Total due by 15 April 2024", "Amount payable in EUR"), the next line an
    amount alone ("119,00 €"): that amount. Never a sentence's line (a label in prose), nor
    the last label of a block whose amounts OCR read apart as a column."""
    ln = lines[i]
    if amounts_in(ln.text) or len(ln.text) > 60 or ln.text.rstrip().endswith((".", ";")):
        return None
    if i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return None
    below = _bare_amount(lines[i + 1].text)
    if below is None or below.amount == 0:
        return None
    after = lines[i + 2] if i + 2 < len(lines) and lines[i + 2].page == ln.page else None
    if _labels_above(lines, i) or (after is not None and _bare_amount(after.text)):
        # a block of labels read apart from its column of amounts: the column's first amount
        # is the first label's, not this one's
        return None
    return lines[i + 1], below


def _report_header(text: str) -> bool:
    """A table's header row of three words or more, no digits, that names no bill, date or
    tax: a report's or a statement's columns, not a bill's totals table. Two words or more in
    lower case make it running text, the other column's words flattened onto the label's line
    ("please make cheques payable to Northwind Total"), not a row of column names."""
    return (
        len(text.split()) >= 3
        and sum(_lower_word(word) for word in _LONG_WORD.findall(text)) < 2
        and not re.search(r"\d", text)
        and not (
            _HEADING.search(text)
            or GENERIC_DATE_LABEL.search(text)
            or NOT_TOTAL.search(text)
            or CURRENCY_PATTERN.search(text)
            or _CURRENCY_WORD.search(text)
        )
    )


_LONG_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{4,}")


def _lower_word(word: str) -> bool:
    """A word of running text: in lower case and no total's word ("Région coût total" is
    still a table's header row)."""
    return word[0].islower() and not TOTAL_WEAK.fullmatch(word)


_CURRENCY_WORD = re.compile(r"(?i)\b(?:currency|währung|monnaie|valuta|moneda|munt|moeda)\b")


def _money_shortly_below(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """A strong label alone on its line ("Montant total") whose amount stands two or three
    lines down, past a line without one ("Facture du 11/12/2022"): the last amount with its
    currency sign on the first line below that has an amount, when it has one."""
    ln = lines[i]
    if ln.text[match.end() :].strip(" :.()"):
        return None
    for nxt in lines[i + 1 : i + 4]:
        if nxt.page != ln.page:
            return None
        found = [a for a in amounts_in(nxt.text) if a.amount != 0]
        if found:
            money = [a for a in found if a.currency]
            return (nxt, money[-1]) if money else None
    return None


# A table's header row: words only ("Invoice Number Invoice Date Invoice Due Date Charges VAT
# ID"); an amount's column in it ("Charges", "Amount", "Total", "Betrag", "Montant").
_AMOUNT_HEADER = re.compile(
    r"(?i)(?<![^\W\d_])(?:charges|amount|total|betrag|summe|montant|importe|importo|bedrag|"
    r"totaal|totale)(?![^\W\d_])"
)


def _header_cell_amount(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """The amount under a total's column in a table's header row of three or more words, when
    the row under it holds exactly one amount (a one-row invoice table: "Invoice Number Invoice
    Date … Charges" over "3427 5/2/2017 6/1/2017 $1002.00")."""
    ln = lines[i]
    if re.search(r"\d", ln.text) or len(ln.text.split()) < 3 or _ITEM_HEADER.search(ln.text):
        return None
    if not (_HEADING.search(ln.text) or GENERIC_DATE_LABEL.search(ln.text)):
        return None  # a bill's header names its number or date; a report's table does not
    if i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return None
    row = lines[i + 1]
    found = [a for a in amounts_in(row.text) if a.amount != 0]
    # one amount, with its currency: an items table's first row is never the bill's total
    return (row, found[0]) if len(found) == 1 and found[0].currency else None


def bill_row_amount(lines: list[Line]) -> tuple[Line, FoundAmount] | None:
    """With no total label anywhere, a one-row invoice table whose amount column's header OCR
    garbled ("Invoice Number Invoice Date Due Date arges" over "AC-1 3 March 2018 … $950.00"):
    a header row of words naming the bill and a date, no item column, over a row with exactly
    one amount, with its currency: that amount."""
    for i, ln in enumerate(lines[:-1]):
        text = ln.text
        if re.search(r"\d", text) or len(text.split()) < 3 or _ITEM_HEADER.search(text):
            continue
        if not (_HEADING.search(text) and GENERIC_DATE_LABEL.search(text)):
            continue
        row = lines[i + 1]
        found = [a for a in amounts_in(row.text) if a.amount != 0]
        if row.page == ln.page and len(found) == 1 and found[0].currency:
            return row, found[0]
    return None


_ITEM_HEADER = re.compile(
    r"(?i)(?<![^\W\d_])(?:description|item|items|article|qty|quantity|unit|"
    r"beschreibung|bezeichnung|artikel|menge|désignation|designation|libellé|quantité|"
    r"omschrijving|aantal|descripción|concepto|cantidad|descrizione|quantità|descrição|"
    r"quantidade|pos|position)(?![^\W\d_])"
)


def _largest_repeated_below(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """A strong label alone on its line whose amount OCR moved away with the rest of its
    block's amounts ("Bruttosumme", "Zahlbetrag" … then a column "0,00 380,00 380,00"): the
    largest amount of the bare amounts further down the page, when it stands there at least
    twice (a total repeats: gross sum and amount to pay) — else nothing rather than a guess."""
    ln = lines[i]
    if ln.text[match.end() :].strip(" :.()"):
        return None
    bare = [
        (nxt, found)
        for nxt in lines[i + 1 : i + 40]
        if nxt.page == ln.page and (found := _bare_amount(nxt.text)) is not None
    ]
    if not bare:
        return None
    top = max(bare, key=lambda b: b[1].amount)
    if top[1].amount <= 0 or sum(b[1].amount == top[1].amount for b in bare) < 2:
        return None
    return top


def _amount_above(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """A strong label alone on its line, nothing under it, and the line right above it an
    amount alone: a table's cell whose value the OCR read before its label ("310,00 EUR" ⏎
    "Rechnungsbetrag"), as it does when a cell's text sits lower than its value."""
    ln = lines[i]
    if ln.text[match.end() :].strip(" :.()") or i == 0 or lines[i - 1].page != ln.page:
        return None
    if i + 1 < len(lines) and lines[i + 1].page == ln.page and amounts_in(lines[i + 1].text):
        return None
    above = _bare_amount(lines[i - 1].text)
    if above is None or above.amount == 0:
        return None
    return lines[i - 1], above


def _counts_no_money(text: str, match: re.Match[str]) -> bool:
    """A total of something other than money right after the label ("Total Qty", "Total
    weight", "Total savings"), or a running total's period around it ("Total paid to date",
    "YTD total"): a total, but not the amount this document asks or was paid."""
    after = re.match(r"[\s:.(]*([^\W\d_]+(?:\s[^\W\d_]+)?)", text[match.end() :])
    if after is not None and NOT_MONEY_TOTAL.match(after.group(1)):
        return True
    around = text[max(0, match.start() - 14) : match.end() + 24]
    return bool(RUNNING_TOTAL.search(around))


_MINIMUM = re.compile(r"(?i)\b(?:minimum|mindest\w*|minimal\w*|minimo|mínimo)\b")
