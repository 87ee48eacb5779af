"""What OCR does to the amounts of a receipt or a bill, mended before the total is read:
a space or a letter inside an amount, separators read alike, a currency code misread or glued
to its label, a word printed letter by letter, a total's word misread by one character, a
quantity read as an amount's thousands."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from app.metadata.language import find_amounts
from app.metadata.local_lines import Line
from app.metadata.local_words_total import TOTAL_WORDS_OCR

# OCR's slips inside an amount on a receipt: a space around the decimal separator ("48, 17",
# "19 ,46") and a currency code with one letter misread ("EUH", "FUR").
_SPACED_DECIMALS = re.compile(
    r"(?<![\d.,] )(?<![\d.,])(\d{1,3}(?:[.,]\d{3})*|\d+)(?: ([.,]) ?|([.,]) )(\d{2})"
    r"(?!\d|\s?[.,]\s?\d)"  # never inside a list ("Größen 38, 40, 42")
)
_MISREAD_EURO = re.compile(r"(?<![A-Za-z])(?:EU[HPKA]|FUR|EUB)(?![A-Za-z])")
# a currency code OCR glued to the total's word ("SUMMEEUR 6,48", "TOTALEUR")
_GLUED_CODE = re.compile(
    r"(?i)(?<![^\W\d_])(summe|total|betrag|zahlen|totaal|totale|importe|montant)"
    r"(eur|euro|usd|gbp|chf)(?![^\W\d_])"
)


def repair_amounts(text: str) -> str:
    """A line's amounts as printed, where OCR put a space inside one or misread "EUR", and a
    whole amount's dash for its cents ("80.–")."""
    text = _SPACED_DECIMALS.sub(
        lambda m: m.group(1) + (m.group(2) or m.group(3)) + m.group(4), text
    )
    text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _DATE_BEFORE_NUMBER.sub(r"\1 | ", text)
    text = _SPACED_GROUP.sub(r"\1\2", text)
    text = _GROUPS_READ_ALIKE.sub(_ungrouped, text)
    text = _SEMICOLON_DECIMALS.sub(r"\1,\2", text)
    text = _LETTER_DECIMALS.sub(lambda m: m.group(1).translate(_ZERO), text)
    text = _GLUED_CODE.sub(r"\1 \2", text)
    text = _DASH_CENTS.sub(r"\g<1>00", text)
    return _MISREAD_EURO.sub("EUR", text)


# a thousands separator and a decimal one OCR read alike, or mixed up across several groups
# ("1.234.56", "1,234,56", "2,978,666,00", "2.978,666.00"): the last two digits are the cents
# (read from an amount printed in either convention, the value is the same), a
# semicolon for a comma ("12;40"), the letter O for a zero in an amount ("12,4O", "1O,5O")
_GROUPS_READ_ALIKE = re.compile(r"(?<![\d.,])(\d{1,3})((?:[.,]\d{3})+)[.,](\d{2})(?![\d.,])")


def _ungrouped(match: re.Match[str]) -> str:
    """An amount whose separators cannot be a printed one's (one kind for the thousands, the
    other for the cents) written without its thousands separators; a well-formed one as is."""
    groups, cents = match.group(2), match.group(0)[-3]
    marks = set(groups[::4])
    if len(marks) == 1 and cents not in marks:
        return match.group(0)
    return match.group(1) + re.sub(r"[.,]", "", groups) + "." + match.group(3)


# a space OCR put after a thousands separator of an amount already grouped ("$2,978, 666.00"):
# never after a lone number, which may be a list's ("Qty 2, 100.00")
_SPACED_GROUP = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+[.,]) (\d{3}[.,]\d{2})(?![\d.,])")
# a day and month (and year) before a number: never one amount's thousands ("Due by 12/03
# 178,50" is not 3 178,50)
_DATE_BEFORE_NUMBER = re.compile(r"(?<![\d.,/-])(\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?) (?=\d)")
_SEMICOLON_DECIMALS = re.compile(r"(?<![\d;])(\d{1,6});(\d{2})(?![\d;])")
_LETTER_DECIMALS = re.compile(r"(?<![\w.,])(?=[\dOolI]*\d)([\dOolI]{1,6}[.,][\dOolI]{2})(?![\w])")
_ZERO = str.maketrans("OolI", "0011")  # and the letters l and I for a one ("$l2.40", "I9,90")
# a whole amount with a dash for its cents, as Swiss and German bills print it ("Fr. 80.–",
# "49,- €"): no minus, no refund
_DASH_CENTS = re.compile(r"(?<=\d)([.,])(?:–|—|-{1,2})(?![\w])")

# a word printed letter by letter ("S U M M E", "T O T A L")
_LETTER_SPACED = re.compile(r"(?<![^\W\d_])(?:[A-ZÄÖÜ] ){3,}[A-ZÄÖÜ](?![^\W\d_])")

_FIRST_WORD = re.compile(r"^\W{0,2}(\S{4,8})(?=\s|$)")


def garbled_total_word(text: str) -> re.Pattern[str] | None:
    """A line that starts with a total's word OCR misread by one character ("5UMME 7,50",
    "S#MME", "TOTA1", "BETRA6") or cut short by one ("SUMM"), as a pattern for that word,
    with its amount after it or alone on its line ("T0TAL" ⏎ "7,37"); None for any other
    line. Only a
    word with a digit or a sign in it, or one in capitals, as a receipt prints it: a word
    of running text that merely looks like one is not a misreading."""
    first = _FIRST_WORD.match(text)
    if first is None:
        return None
    rest = text[first.end() :]
    if not find_amounts(rest) and rest.strip(" :.*"):
        return None  # the word alone on its line may have its amount on the next one
    token = first.group(1).rstrip(":.;,")
    if token.isalpha() and not token.isupper():
        return None
    folded = token.lower()
    if folded in _CLIPPED_END:
        return re.compile(re.escape(token))  # its last letter lost at a photo's edge
    for word in TOTAL_WORDS_OCR:
        if (
            folded != word
            and abs(len(folded) - len(word)) <= (0 if token.isalpha() else 1)
            and SequenceMatcher(None, folded, word).ratio() >= 0.8
        ):
            return re.compile(re.escape(token))
    return None


# A till receipt's total word with its last letter lost ("SUMM EUR 3,70", "TOTA 3.70")
_CLIPPED_END = frozenset({"summ", "tota", "betra", "totaa"})


# An amount grouped by a space ("1 200,00", "12 185.52").
_SPACE_GROUPED = re.compile(
    r"(?<![\d.,])(\d{1,3})[ \u00a0\u202f](\d{3}(?:[ \u00a0\u202f]\d{3})*[.,]\d{2})(?![\d])"
)
_ENDS_IN_NUMBER = re.compile(r"\d[.,]?\d*\s*\|?\s*$")


def split_quantities(lines: list[Line]) -> list[Line]:
    """A number before a price in a table row ("Bubble film 15.46 12 185.52": a quantity of 12,
    then 185.52) reads as one amount grouped by a space (12 185.52). When nothing else in the
    document groups thousands by a space after a word ("Total TTC 1 200,00"), such a number
    after another number is a column of its own."""
    spaced = [(k, m) for k, ln in enumerate(lines) for m in _SPACE_GROUPED.finditer(ln.text)]
    if not spaced or any(not _ENDS_IN_NUMBER.search(lines[k].text[: m.start()]) for k, m in spaced):
        return lines
    out = list(lines)
    for k in {k for k, _ in spaced}:
        ln = out[k]
        out[k] = Line(ln.page, ln.index, _SPACE_GROUPED.sub(r"\1 | \2", ln.text))
    return out
