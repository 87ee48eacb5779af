"""The sender of kinds that name it their own way: a manual's or article's author, a letter's
signatory, a tax form's payer, a statement's bank."""

from __future__ import annotations

import re
from itertools import pairwise

from app.metadata.facts import DocumentType
from app.metadata.local_correspondent_layout import STREET_LINE
from app.metadata.local_correspondent_names import clean_name, name_like, organisation_in
from app.metadata.local_facts_words import AUTHOR, CLOSING, COPYRIGHT, NAME_CONNECTOR, TYPE_WORDS
from app.metadata.local_lines import Line


def detect_author(lines: list[Line]) -> tuple[str, Line] | None:
    """Who wrote or publishes a manual, report or article: a "by X" line near the top, else
    the holder of the copyright notice on its first pages."""
    for ln in lines:
        if ln.page == 1 and ln.index < 15:
            match = AUTHOR.match(ln.text)
            # a name, not a sentence that starts with "by" ("Por favor veja Secção 6.1 …")
            if match and name_like(match.group("name")):
                return clean_name(match.group("name")), ln
    for ln in lines:
        if ln.page > 2:
            break
        match = COPYRIGHT.match(ln.text)
        if match:
            return clean_name(match.group("name")), ln
    return None


def letter_signatory(lines: list[Line]) -> tuple[str, Line, float] | None:
    """A letter whose head names no sender ("Dear Sir/Madam" first): who signs under its
    closing, the organisation among the next lines ("Yours faithfully, / Jane Roe / Office of
    the Public Guardian") or else the first name there."""
    for i, ln in enumerate(lines[:400]):
        if not CLOSING.search(ln.text) or len(ln.text) > 40:
            continue
        below = [n for n in lines[i + 1 : i + 4] if n.page == ln.page]
        for n in below:
            organisation = organisation_in(n.text.strip())
            if organisation is not None:
                return organisation, n, 0.4
        person = next((n for n in below if name_like(n.text) and len(n.text.split()) >= 2), None)
        return (clean_name(person.text), person, 0.3) if person is not None else None
    return None


# A payer's or employer's box on a filled tax form ("PAYER'S name, street address…",
# "Employer's name, address, and ZIP code", "Arbeitgeber", "Nom du payeur")
_PAYER_LABEL = re.compile(
    r"^(?:payer['’]?s|employer['’]?s|filer['’]?s) name|^(?:name (?:of|des) )?"
    r"(?:payer|arbeitgeber(?:s)?|payeur|employeur|werkgever|datore di lavoro|pagador)\b",
    re.I,
)
_HOUSE_NUMBER = re.compile(r"^\d{1,6}[a-z]?\s+[^\W\d_]{2,}")


def payer_name(lines: list[Line]) -> tuple[str, Line, float] | None:
    """The name filled into a payer's box: among the dozen lines after its label, the first
    name of two words or more whose next line is its street address ("7511 Elm Road",
    "Hauptstraße 5")."""
    for i, ln in enumerate(lines[:200]):
        if not _PAYER_LABEL.search(ln.text):
            continue
        box = [n for n in lines[i + 1 : i + 14] if n.page == ln.page]
        for n, after in pairwise(box):
            name = n.text.strip()
            words = name.replace(",", " ").split()
            if (
                len(words) >= 2
                and words[-1].lower() not in NAME_CONNECTOR
                and name_like(name.replace(",", ""))
                and (_HOUSE_NUMBER.match(after.text) or STREET_LINE.match(after.text))
            ):
                return clean_name(name), n, 0.6
        return None
    return None


# A bank's name: capitalised words before a bank word ("Harbour Credit Union", "ACME Bank",
# "Sparkasse Nordhafen", "Banca Popolare di Sondrio", "Bank of Lakeview")
_BANK_NAME = re.compile(
    r"(?<![\w-])(?:(?:[A-Z][\w&'’.-]*\s+){1,4}"
    r"(?:Bank|BANK|Credit Union|CREDIT UNION|Savings Bank|Bancorp|Sparkasse|Volksbank)"
    r"|(?:Bank|Banque|Banca|Banco|Sparkasse|Caisse d['’]Épargne|Crédit)"
    r"(?:\s+(?:of|de|di|du|des|del|della)?\s*[A-Z][\w&'’.-]*){1,4})(?![\w-])"
)


def bank_name(lines: list[Line]) -> tuple[str, Line, float] | None:
    """The first bank named in the head of a statement's first page."""
    for ln in [n for n in lines if n.page == 1][:40]:
        match = _BANK_NAME.search(ln.text)
        if match is not None:
            name = clean_name(TYPE_WORDS[DocumentType.BANK_STATEMENT].split(match.group(0))[0])
            if len(name.split()) >= 2:
                return name, ln, 0.6
    return None
