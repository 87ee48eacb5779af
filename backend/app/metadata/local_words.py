"""The words and pattern helpers that several facts' word lists share.

`rx` turns a list of alternatives into one pattern that matches whole words only (a label
inside a longer word is not that label: "date" in "update") and takes a typographic apostrophe
for a straight one; `rx_ocr` also lets each accented letter stand for its plain one, because OCR
and labels printed in capitals drop accents ("NET A PAYER", "Zuruck"). Then the words more
than one fact reads by: a letter's salutation and closing (the type counts them, the
correspondent finds who signs under the closing) and a website's navigation bar (never a
kind's heading nor a title).

Each fact's own words are in `local_words_<fact>.py` (type, correspondent, names, dates, total,
reference), apart from the rules, so that a new language is a change of those files only. The
lists hold one alternative a line, roughly in the order English, German, French, Dutch,
Spanish, Italian (Portuguese where it differs), so a language's gap shows; a longer
alternative comes before a shorter one it begins with when both could match at one place.
"""

from __future__ import annotations

import re


def rx(*alternatives: str) -> re.Pattern[str]:
    """The alternatives as one case-blind pattern of whole words: no letter right before or
    after it ("date" is no label in "update"). A typographic apostrophe is as good as a
    straight one ("date d’échéance")."""
    joined = "|".join(a.replace("'", "['’]") for a in alternatives)
    return re.compile(r"(?<![^\W\d_])(?:" + joined + r")(?![^\W\d_])", re.I)


_OCR_ACCENTS = {"à": "[aà]", "â": "[aâ]", "é": "[eé]", "è": "[eè]", "ä": "[aä]", "ö": "[oö]"}
_OCR_ACCENTS |= {"ü": "[uü]", "ó": "[oó]", "í": "[ií]", "ú": "[uú]"}


def rx_ocr(*alternatives: str) -> re.Pattern[str]:
    """`rx` for labels OCR reads without their accents ("NET A PAYER", "Zuruck"): each
    accented letter also matches its plain letter."""
    return rx(*(_fold_accents(a) for a in alternatives))


def _fold_accents(pattern: str) -> str:
    out, in_class = [], False
    for c in pattern:
        in_class = (in_class or c == "[") and c != "]"
        out.append(c if in_class else _OCR_ACCENTS.get(c, c))
    return "".join(out)


SALUTATION = rx(
    r"dear",
    r"sehr geehrte[rs]?",
    r"liebe[rs]?",
    r"madame",
    r"monsieur",
    r"geachte",
    r"beste",
    r"estimad[oa]s?",
    r"gentile",
    r"egregio",
)

CLOSING = rx(
    r"yours sincerely",
    r"yours faithfully",
    r"sincerely",
    r"kind regards",
    r"best regards",
    r"mit freundlichen grüßen",
    r"mit freundlichen grüssen",
    r"freundliche grüße",
    r"cordialement",
    r"salutations",
    r"met vriendelijke groet(?:en)?",
    r"hoogachtend",
    r"atentamente",
    r"saludos",
    r"cordiali saluti",
    r"distinti saluti",
)


# A website's navigation bar printed at the top of a saved page: never a heading or a title.
NAVIGATION = re.compile(
    r"\b(?:home|menu|about|download|downloads|license|support|contact|blog|docs|"
    r"documentation|search|login|news|forum|faq|purchase|buy|shop|pricing|sponsors)\b",
    re.I,
)


def is_navigation(line: str) -> bool:
    """ "Home Products Pricing Docs Blog Download Contact": capitalised single words,
    at least three of them a website's menu entries; or one menu entry alone on its line."""
    words = line.split()
    if len(words) == 1:  # a menu entry on its own line ("Purchase")
        return bool(NAVIGATION.fullmatch(line.strip()))
    return (
        len(words) >= 4
        and all(w[:1].isupper() for w in words)
        and len(NAVIGATION.findall(line)) >= 3
    )
