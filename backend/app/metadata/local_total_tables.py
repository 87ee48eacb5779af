"""A total read from a tax summary table when no label on any line names one: a header row of
a net, a tax and a gross column ("Imponibile IVA Totale", "Net VAT Gross", "HT TVA TTC",
"Netto MwSt Brutto") over a row whose right-most amount is the two before it added up. The
gross column's word is not a total's label of its own (a tax word stands beside it), so the
labelled rules never see it."""

from __future__ import annotations

import re
from decimal import Decimal

from app.metadata.language import FoundAmount, find_amounts
from app.metadata.local_lines import Line

_NET = re.compile(
    r"(?i)(?<![^\W\d_])(?:net|netto|nettobetrag|imponibile|ht|h\.t\.|base|excl\.?|subtotal|"
    r"ilíquido|neto|netto-?entgelt)(?![^\W\d_])"
)
_TAX = re.compile(r"(?i)(?<![^\W\d_])(?:vat|tax|mwst|ust|tva|btw|iva|gst|steuer)(?![^\W\d_])")
_GROSS_LAST = re.compile(
    r"(?i)(?<![^\W\d_])(?:total|totale|totaal|gross|brutto|ttc|t\.t\.c\.|bruto|gesamt|summe|"
    r"importe|importo|amount|betrag|montant|bedrag)\W*$"
)


def _gross(row: Line) -> FoundAmount | None:
    """A table row's gross: its right-most amount, when the two before it add up to it."""
    found = find_amounts(row.text)
    if len(found) >= 3 and found[-3].amount + found[-2].amount == found[-1].amount > 0:
        return found[-1]
    return None


def tax_table_total(lines: list[Line]) -> tuple[Line, FoundAmount] | None:
    """The gross of the first net / tax / gross table whose rows add up (net + tax = gross).
    A table of one row a tax rate (a till's "A 7 % …", "B 19 % …") is the sum of its rows'
    grosses, unless a last row already is that sum (the table's totals row)."""
    for i, ln in enumerate(lines[:-1]):
        text = ln.text.strip(" |")
        if re.search(r"\d", text) or not (
            _NET.search(text) and _TAX.search(text) and _GROSS_LAST.search(text)
        ):
            continue
        rows: list[tuple[Line, FoundAmount]] = []
        for row in lines[i + 1 : i + 8]:
            gross = _gross(row) if row.page == ln.page else None
            if gross is None:
                break
            if len(rows) >= 2 and gross.amount == sum(g.amount for _, g in rows):
                return row, gross  # the totals row under the rates' rows
            rows.append((row, gross))
        if not rows:
            continue
        last, gross = rows[-1]
        if len(rows) == 1:
            return last, gross
        total = sum((g.amount for _, g in rows), Decimal(0))
        return last, FoundAmount(total, gross.currency, gross.text, gross.start, gross.end)
    return None
