"""More labels of a total (wave 3), apart from `local_facts_words` while that module is split
by fact: a grand total's words in Italian, Spanish and Portuguese, and a till's "A PAGAR"."""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    """Words as whole words, in any case (the words below have no accent to fold)."""
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(alternatives) + r")(?![^\W\d_])", re.I)


# A grand total ("TOTALE COMPLESSIVO", "Total geral", "Gran total", "Total general"): the
# amount paid or to pay, over the subtotals and tax lines before it.
MORE_TOTAL_STRONG = _rx(
    r"totale complessivo",
    r"totale generale",
    r"total geral",
    r"total general",
    r"gran total",
    r"total final",
    r"totaal generaal",
    r"(?:total )?amount to be paid",
    r"total to be paid",
)

# A tax named as included, in the words INCLUDING_TAX lacks: with its rate ("incl. 19% VAT"),
# Italian "IVA compresa", Portuguese "IVA incluído", "com IVA", Dutch "incl. btw", French
# "TVA comprise": the label is the gross total's, not the tax's.
MORE_INCLUDING_TAX = _rx(
    r"inc(?:l)?\.?(?:usive|uding)?\.? (?:\d{1,2}(?:[.,]\d{1,2})? ?% )?(?:vat|tax|gst|mwst|ust|btw|tva|iva)",
    r"inkl\.? (?:\d{1,2}(?:[.,]\d{1,2})? ?% )?(?:mwst|ust)\.?",
    r"iva (?:compresa|inclusa|incluída|incluído|incluida|incluido)",
    r"com iva",
    r"con iva",
    r"tva comprise",
    r"inclusief btw",
)

# "A PAGAR 7,37" opening a Spanish or Portuguese till's line: the amount to pay
TO_PAY_OPENING = re.compile(r"^\W{0,2}a pagar(?![^\W\d_])", re.I)

# A net total's words NOT_TOTAL lacks: Portuguese "Total ilíquido" and "sem IVA", Spanish "sin
# IVA" and "base imponible", Italian "imponibile" and "senza IVA", Dutch "zonder btw":
# the amount before tax, never the total.
MORE_NOT_TOTAL = _rx(
    r"il[ií]quido",
    r"(?:sem|s/|sin|senza) iva",
    r"base (?:tribut[aá]vel|imponible|imponibile)",
    r"imponibile",
    r"zonder btw",
)
