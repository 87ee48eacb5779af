"""A total's sign: a credit note's total is the amount credited, negative however it is
printed; otherwise the sign as printed (a minus, a dash, parentheses, a till's trailing minus),
except an amount paid, which a bill prints as taken off its balance."""

from __future__ import annotations

import re

from app.metadata.language import FoundAmount, find_amounts
from app.metadata.local_lines import Line
from app.metadata.local_words_total import CREDIT_NOTE_HEADING


def is_credit_note(lines: list[Line]) -> bool:
    """Whether the document names itself a credit note at the head of its first page: the
    word opening one of its first lines, above any amount ("CREDIT NOTE", "Gutschrift Nr.
    G-17"); never a credit mentioned under the bill's amounts ("Gutschrift folgt")."""
    for ln in lines[:15]:
        if ln.page != 1 or find_amounts(ln.text):
            return False
        heading = CREDIT_NOTE_HEADING.search(ln.text)
        if heading is not None and heading.start() <= 2:
            return True
    return False


_TRAILING_MINUS = re.compile(r"-(?=\s*(?:[^\W\d_]{1,3}\b|[€$£]|$))")


def signed(text: str, amount: FoundAmount, credit_note: bool, settled: bool = False) -> FoundAmount:
    """A total's sign as printed beyond a minus price-parser reads: a minus sign or a dash
    right before it or its currency ("−60,00", "-€60.00"), in parentheses ("(60.00)") or a
    minus after it ("49,90-", a till's refund); a credit note's total is the amount
    credited, negative however it is printed. An amount paid (`settled`: "Amount Paid
    ($28.80)") is printed as taken off the balance: what was paid, positive."""
    if settled and not credit_note:
        value = abs(amount.amount)
        return FoundAmount(value, amount.currency, amount.text, amount.start, amount.end)
    before, after = text[: amount.start].rstrip(), text[amount.end :]
    negative = (
        amount.amount < 0
        or text[max(0, amount.start - 1) : amount.start] in ("-", "\u2212", "\u2013")
        or (before.endswith("(") and after.lstrip().startswith(")"))
        or _TRAILING_MINUS.match(after) is not None
        or credit_note
    )
    value = -abs(amount.amount) if negative else amount.amount
    return FoundAmount(value, amount.currency, amount.text, amount.start, amount.end)
