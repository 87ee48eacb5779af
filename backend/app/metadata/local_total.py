"""The total of a document: the amount to pay or paid. Each total label's amount
(`local_total_labels.py`) is weighed against what the rest of the document agrees with (a
payment line, the items' sum, a net plus its tax); with no label, a tax table's gross or a
till receipt's own arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.metadata.language import FoundAmount, find_dates
from app.metadata.local_lines import Line
from app.metadata.local_total_labels import (
    Candidate,
    amounts_in,
    bill_row_amount,
    labelled_amounts,
)
from app.metadata.local_total_ocr import repair_amounts, split_quantities
from app.metadata.local_total_sign import is_credit_note, signed
from app.metadata.local_total_tables import tax_table_total
from app.metadata.local_words_total import (
    CHANGE_GIVEN,
    NOT_TOTAL,
    PAYMENT_LINE,
    TENDERED,
    TOTAL_PAID,
    TOTAL_SETTLED,
    TOTAL_TO_PAY,
)


def _by_arithmetic(lines: list[Line]) -> tuple[Line, FoundAmount] | None:
    """A till receipt whose total's label OCR lost: the amount its own arithmetic agrees
    with. The cash handed over less the change given back, when a line carries that amount;
    else the first amount standing alone at a line's end that is the sum of all the amounts
    above it (two items or more), and the largest so far."""
    tendered = change = None
    for ln in lines:
        amounts = amounts_in(ln.text)
        if len(amounts) != 1:
            continue
        if CHANGE_GIVEN.search(ln.text):
            change = change or (ln, amounts[0])
        elif TENDERED.search(ln.text) and change is None:
            tendered = (ln, amounts[0])
    if tendered is not None and change is not None and tendered[0].page == change[0].page:
        due = tendered[1].amount - change[1].amount
        if due > 0:
            for ln in lines:
                if ln.page != tendered[0].page or ln is tendered[0] or ln is change[0]:
                    continue
                hit = [a for a in amounts_in(ln.text) if a.amount == due]
                if hit:
                    return ln, hit[-1]
    running: list[Decimal] = []
    page = lines[0].page if lines else 1
    if not any(
        ln.page == page and (PAYMENT_LINE.search(ln.text) or TOTAL_PAID.search(ln.text))
        for ln in lines
    ):
        return None  # a till receipt says how it was paid; other pages' sums are no total
    for ln in lines:
        if ln.page != page:
            break
        found = amounts_in(ln.text)
        if not found or find_dates(ln.text) or _UNIT_PRICE.search(ln.text):
            continue
        if NOT_TOTAL.search(ln.text):  # a subtotal is the items' sum too: never the total
            break
        last = found[-1]
        if (
            len(running) >= 2
            and last.amount > 0
            and last.amount == sum(running, Decimal(0))
            and last.amount > max(running)
        ):
            return ln, last
        running.append(last.amount)
    return None


def _items_sum(lines: list[Line], first_label: int) -> Decimal | None:
    """The sum of the line items above the first total label of its page: each line's right-
    most amount, never a label's, a unit price's ("2 x 1,99") or a dated line's. A till
    receipt's total is this sum; an invoice's net is."""
    page = lines[first_label].page
    amounts: list[Decimal] = []
    for ln in lines[:first_label]:
        if ln.page != page or NOT_TOTAL.search(ln.text) or _UNIT_PRICE.search(ln.text):
            continue
        found = amounts_in(ln.text)
        if found and not find_dates(ln.text):
            amounts.append(found[-1].amount)
    return sum(amounts, Decimal(0)) if len(amounts) >= 2 else None


_UNIT_PRICE = re.compile(r"\d\s*[x×*]\s*\d+[.,]\d{2}\s*$", re.I)


def _net_plus_tax(lines: list[Line], pages: set[int]) -> set[Decimal]:
    """Sums of a net (subtotal) amount and a tax amount on the given pages: what a gross
    total must be."""
    nets: list[Decimal] = []
    taxes: list[Decimal] = []
    for ln in lines:
        if ln.page not in pages or not NOT_TOTAL.search(ln.text):
            continue
        found = [a.amount for a in amounts_in(ln.text) if a.amount > 0]
        (taxes if _TAX.search(ln.text) else nets).extend(found)
        if len(found) >= 2:  # a tax table's row: net, tax (and gross) side by side
            nets.extend(found)
            taxes.extend(found)
    nets, taxes = nets[:_MOST], taxes[:_MOST]
    return {n + t for n in nets for t in taxes if n > t}


def _net_and_tax_printed(lines: list[Line]) -> tuple[Line, FoundAmount] | None:
    """A receipt whose total's amount OCR lost ("TOTAL H.T. 4,30", "TVA 0,30", "TOTAL NET"
    with nothing beside it): the amount a line that is no net or tax line prints (the item
    above, a payment) and that the net plus the tax add up to, when it is the only such one."""
    for page in sorted({ln.page for ln in lines}):
        sums = _net_plus_tax(lines, {page})
        printed = [
            (ln, a)
            for ln in lines
            if ln.page == page and not NOT_TOTAL.search(ln.text)
            for a in amounts_in(ln.text)
            if a.amount in sums
        ]
        if printed and len({a.amount for _, a in printed}) == 1:
            return printed[-1]
    return None


_TAX = re.compile(r"(?i)vat|tax|mwst|ust|tva|btw|iva|gst|steuer")
_MOST = 60  # amounts weighed per kind: a long statement's thousands of lines are not a bill


@dataclass(frozen=True)
class _Evidence:
    """What the document says about its total apart from the labels, read once."""

    items: Decimal | None
    gross: set[Decimal]
    paid: dict[tuple[int, int], set[Decimal]]  # the amounts of each payment line


def _evidence(lines: list[Line], candidates: list[Candidate]) -> _Evidence:
    pages = {c.line.page for c in candidates}
    paid = {
        (ln.page, ln.index): {a.amount for a in amounts_in(ln.text)}
        for ln in lines
        if ln.page in pages and PAYMENT_LINE.search(ln.text)
    }
    first = min(c.label for c in candidates)
    return _Evidence(_items_sum(lines, first), _net_plus_tax(lines, pages), paid)


def _support(candidate: Candidate, evidence: _Evidence) -> float:
    """How much the rest of the document agrees with a candidate total: the same amount on
    payment lines of its page (a card payment, "Betrag", the tax table's gross: at most 1),
    the sum of the items (2), a net plus its tax (1)."""
    value = candidate.amount.amount
    own = (candidate.line.page, candidate.line.index)
    repeats = sum(
        1
        for key, amounts in evidence.paid.items()
        if key != own and key[0] == own[0] and value in amounts
    )
    support = min(1.0, 0.5 * repeats)
    if evidence.items is not None and evidence.items == value:
        support += 2.0
    if value in evidence.gross:
        support += 1.0
    return support


def _one_misread(a: Decimal, b: Decimal) -> bool:
    """Two amounts OCR could have read from the same print: the same digits but one
    (19,46 / 19,16) or two neighbours swapped (48,71 / 48,17)."""
    x, y = str(abs(a)), str(abs(b))
    if len(x) != len(y) or x == y:
        return False
    diff = [k for k in range(len(x)) if x[k] != y[k]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and x[diff[0]] == y[diff[1]]
        and x[diff[1]] == y[diff[0]]
    )


def _balance_to_pay(best: Candidate, scored: list[Candidate], lines: list[Line]) -> Candidate:
    """The amount to pay below a strongly labelled total and smaller than it: the balance
    after a prepayment, deposit or withholding ("Totale fattura 610,00" … "Netto a pagare
    510,00", "Total TTC 1 200,00" … "Net à payer 1 000,00"), which is what the reader pays."""
    if best.strength < 3.0 or best.amount.amount <= 0:
        return best
    label = lines[best.label].text
    if TOTAL_TO_PAY.search(label):
        return best
    below = [
        c
        for c in scored
        if c.strength >= 3.0
        and c.label > best.label
        and c.line.page == best.line.page
        and 0 < c.amount.amount < best.amount.amount
        and TOTAL_TO_PAY.search(lines[c.label].text)
    ]
    return below[0] if below else best


def detect_total(lines: list[Line], currency: str | None) -> tuple[Line, FoundAmount, float] | None:
    """The amount to pay: a strongly labelled line first (amount due, Gesamtbetrag, montant
    TTC, te betalen), else the amount paid by card or a plain "Total" line that is not a
    subtotal, tax or discount line. Within each of the two, the one the document agrees with
    most (the same amount on a payment line, the items' sum, net plus tax), then the stronger
    label, the larger amount (the total is over its subtotal), the earlier line. When the labelled
    amounts disagree by a digit or two OCR misread and the items add up to an amount each of
    them is one misreading away from, that sum. A credit note's total is negative."""
    fixed = split_quantities([Line(ln.page, ln.index, repair_amounts(ln.text)) for ln in lines])
    original = {(ln.page, ln.index): ln for ln in lines}

    candidates = labelled_amounts(fixed)
    if not candidates:
        computed = (
            tax_table_total(fixed)
            or bill_row_amount(fixed)
            or _by_arithmetic(fixed)
            or _net_and_tax_printed(fixed)
        )
        if computed is None:
            return None
        return original[(computed[0].page, computed[0].index)], computed[1], 0.5
    evidence = _evidence(fixed, candidates)
    items = evidence.items
    scored = [
        Candidate(c.label, c.line, c.amount, c.strength, _support(c, evidence)) for c in candidates
    ]
    best = max(
        scored,
        key=lambda c: (c.strength >= 3.0, c.support, c.strength, abs(c.amount.amount), -c.label),
    )
    best = _balance_to_pay(best, scored, fixed)
    line = original[(best.line.page, best.line.index)]
    amount = best.amount
    if items is not None and items != amount.amount and best.strength < 3.0:
        misread = {c.amount.amount for c in scored if _one_misread(c.amount.amount, items)}
        if _one_misread(amount.amount, items) and len(misread) >= 2:
            amount = FoundAmount(items, amount.currency, amount.text, amount.start, amount.end)
    settled = TOTAL_SETTLED.search(fixed[best.label].text) is not None
    amount = signed(best.line.text, amount, is_credit_note(fixed), settled)
    if amount.currency is None:
        # the currency another line with the same amount names ("SUMME EUR 6,48" beside the
        # card's "EC-Karte 6,48")
        named = {c.amount.currency for c in scored if c.amount.amount == amount.amount}
        named.discard(None)
        if len(named) == 1:
            amount = FoundAmount(amount.amount, named.pop(), amount.text, amount.start, amount.end)
    return line, amount, 0.9 if best.strength >= 3 else 0.6
