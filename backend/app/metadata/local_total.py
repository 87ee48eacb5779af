"""The total of a document: the amount to pay or paid, read by label, over the subtotal and
the tax lines, in the layouts a text layer or an OCR pass leaves a table in (a row flattened
into a line, a last-column header over its rows, a column a photo's OCR read apart)."""

from __future__ import annotations

import re

from app.metadata.language import CURRENCY_PATTERN, FoundAmount, find_amounts
from app.metadata.local_facts_words import (
    INCLUDING_TAX,
    NOT_TOTAL,
    TOTAL_PAID,
    TOTAL_STRONG,
    TOTAL_WEAK,
)
from app.metadata.local_lines import Line


def _bare_amount(text: str) -> FoundAmount | None:
    """The amount a line holds and nothing else ("1.005,55", "€ 12.00")."""
    found = find_amounts(text)
    if len(found) == 1 and len(found[0].text) >= len(text.strip(" :=*")) - 2:
        return found[0]
    return None


def _labels_above(lines: list[Line], i: int) -> int:
    """How many amount labels (net, tax, total) stand right over line i without an amount."""
    above = 0
    while (
        i - above - 1 >= 0
        and lines[i - above - 1].page == lines[i].page
        and not find_amounts(lines[i - above - 1].text)
        and any(p.search(lines[i - above - 1].text) for p in (TOTAL_STRONG, TOTAL_WEAK, NOT_TOTAL))
    ):
        above += 1
    return above


def _amount_in_column(lines: list[Line], i: int) -> tuple[Line, FoundAmount] | None:
    """OCR of a photo or scan often reads a table column by column: the totals block's labels
    one under another ("Summe netto", "MwSt.", "Summe brutto"), their amounts later in a
    column of bare amounts that ends with them. A label's amount stands as far from the
    column's end as the label from its block's end; a single word right above the column is
    the column's header ("Betrag"), not a label of the block."""
    ln = lines[i]
    j = i
    while (
        j + 1 < len(lines)
        and j - i < 6
        and lines[j + 1].page == ln.page
        and not find_amounts(lines[j + 1].text)
    ):
        j += 1
    column: list[tuple[Line, FoundAmount]] = []
    for nxt in lines[j + 1 : j + 60]:
        bare = _bare_amount(nxt.text) if nxt.page == ln.page else None
        if bare is None:
            break
        column.append((nxt, bare))
    header = 1 if j > i and len(lines[j].text.split()) == 1 else 0
    below = j - i + 1 - header
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
    after = [a for a in find_amounts(ln.text) if a.start >= match.end() and a.amount != 0]
    if after:
        if len(ln.text) > 80:
            near = [a for a in after if a.start - match.end() <= 30]
            return (ln, near[0]) if near else None
        return ln, after[-1]  # the right-most column is the line's total
    # what may follow a label that stands alone: "brutto", "TTC", "(incl. VAT)", "in EUR"
    rest = INCLUDING_TAX.sub("", ln.text[match.end() :])
    rest = CURRENCY_PATTERN.sub("", re.sub(r"\b(?:in|en|eur|euros?)\b", "", rest, flags=re.I))
    if rest.strip(" :.()[]") or i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return None
    following = [a for a in find_amounts(lines[i + 1].text) if a.amount != 0]
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
    if len(ln.text.split()) < 3:  # a label alone on its line: the next line is its value
        return best
    width = len(find_amounts(lines[i + 1].text))
    for row in lines[i + 2 : i + 10]:
        cells = find_amounts(row.text)
        if row.page != ln.page or not cells or abs(len(cells) - width) > 1:
            break
        if cells[-1].amount != 0 and abs(cells[-1].amount) > abs(best[1].amount):
            best = (row, cells[-1])
    return best


def _label_context(text: str, match: re.Match[str]) -> str:
    """The words around a total label that say what kind of total it is ("Net total", "Total
    HT"). A one-word compound label ("Endbetrag", "Gesamtbetrag") is a cell of its own: the
    word before it is another column's header ("MwSt-% Endbetrag") unless joined to it."""
    before = text[max(0, match.start() - 8) : match.start()]
    word = match.group(0)
    if " " not in word and len(word) >= 8 and before[-1:].isspace():
        before = ""
    return before + text[match.start() : match.end() + 12]


def detect_total(lines: list[Line], currency: str | None) -> tuple[Line, FoundAmount, float] | None:
    """The amount to pay: a strongly labelled line first (amount due, Gesamtbetrag, montant
    TTC, te betalen), else a plain "Total" line that is not a subtotal, tax or discount line;
    among equals the larger amount (the total is over its subtotal), then the later line. A
    credit note's total is negative."""
    best: tuple[float, int, FoundAmount, Line] | None = None
    for i, ln in enumerate(lines):
        for pattern, strength in ((TOTAL_STRONG, 3.0), (TOTAL_PAID, 2.0), (TOTAL_WEAK, 1.0)):
            found = None
            for match in pattern.finditer(ln.text):
                label = _label_context(ln.text, match)
                if NOT_TOTAL.search(label) and not INCLUDING_TAX.search(label):
                    continue
                found = _amount_after(lines, i, match)
                if found is not None:
                    break
            if found is None:
                continue
            target, amount = found
            score = strength + (0.5 if INCLUDING_TAX.search(ln.text) else 0.0)
            key = (score, float(abs(amount.amount)))
            if best is None or key > (best[0], float(abs(best[2].amount))):
                best = (score, i, amount, target)
            break
    if best is None:
        return None
    score, _, amount, line = best
    return line, amount, 0.9 if score >= 3 else 0.6
