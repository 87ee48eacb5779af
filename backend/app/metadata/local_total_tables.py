"""A total read from a tax summary table when no label on any line names one: a header row of
a net, a tax and a gross column ("Imponibile IVA Totale", "Net VAT Gross", "HT TVA TTC",
"Netto MwSt Brutto") over a row whose right-most amount is the two before it added up. The
gross column's word is not a total's label of its own (a tax word stands beside it), so the
labelled rules never see it."""

from __future__ import annotations

import re

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


def tax_table_total(lines: list[Line]) -> tuple[Line, FoundAmount] | None:
    """The gross of the first net / tax / gross table whose row adds up (net + tax = gross)."""
    for i, ln in enumerate(lines[:-1]):
        text = ln.text.strip(" |")
        if re.search(r"\d", text) or not (
            _NET.search(text) and _TAX.search(text) and _GROSS_LAST.search(text)
        ):
            continue
        row = lines[i + 1]
        if row.page != ln.page:
            continue
        found = find_amounts(row.text)
        if len(found) >= 3 and found[-3].amount + found[-2].amount == found[-1].amount > 0:
            return row, found[-1]
    return None
