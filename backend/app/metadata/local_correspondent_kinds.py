"""The sender of kinds that name it their own way: a manual's or article's author, a letter's
signatory, a tax form's payer, a statement's bank."""

from __future__ import annotations

import re
from itertools import pairwise

from app.metadata.facts import DocumentType
from app.metadata.local_correspondent_layout import STREET_LINE
from app.metadata.local_correspondent_names import (
    clean_name,
    name_like,
    organisation_in,
    same_name,
)
from app.metadata.local_lines import Line
from app.metadata.local_words import CLOSING
from app.metadata.local_words_correspondent import AUTHOR, COPYRIGHT
from app.metadata.local_words_names import ENTITY, NAME_CONNECTOR
from app.metadata.local_words_type import TYPE_WORDS


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


# A signatory's role under their name: "Customer Services Manager", "Sachbearbeiterin",
# "Directeur commercial", "Head of Billing"; never the organisation they sign for
_ROLE = re.compile(
    r"\b(?:manager|director|officer|head|lead|adviser|advisor|assistant|representative|"
    r"specialist|coordinator|executive|president|chief|secretary|consultant|agent|engineer|"
    r"accountant|supervisor|customer\s+services?|team|on\s+behalf|"
    r"leiter(?:in)?|leitung|sachbearbeiter(?:in)?|gesch[äa]ftsf[üu]hrer(?:in)?|"
    r"kundenservice|kundenbetreuung|berater(?:in)?|vorstand|i\.\s?a\.|i\.\s?v\.|"
    r"responsable|directeur|directrice|conseill[eè]re?|gestionnaire|charg[ée]e?|"
    r"service\s+client(?:s|[eè]le)?|medewerker|adviseur|klantenservice|"
    r"director(?:a)?|gestor(?:a)?|atenci[óo]n\s+al\s+cliente|responsabile|direttore|"
    r"servizio\s+clienti|ufficio)\b|[@\d]",
    re.I,
)


def letter_signatory(lines: list[Line]) -> tuple[str, Line, float] | None:
    """A letter whose head names no sender ("Dear Sir/Madam" first): who signs under its
    closing, the organisation among the next lines ("Yours faithfully, / Jane Roe / Office of
    the Public Guardian"), a company with its legal form, the name under the signatory and
    their role ("Kind regards, / Tom Baker / Customer Services Manager / Northgate Water"),
    or else the signatory's own name."""
    for i, ln in enumerate(lines[:400]):
        if not CLOSING.search(ln.text) or len(ln.text) > 40:
            continue
        below = [n for n in lines[i + 1 : i + 5] if n.page == ln.page]
        for n in below[:3]:
            organisation = organisation_in(n.text.strip())
            if organisation is not None:
                return organisation, n, 0.4
        for n in below:
            entity = ENTITY.search(n.text)
            if entity is not None:
                return clean_name(entity.group("name")), n, 0.4
        person = next((n for n in below if name_like(n.text) and len(n.text.split()) >= 2), None)
        if person is None:
            return None
        after = below[below.index(person) + 1 :]
        if after and _ROLE.search(after[0].text):
            # the lines under the signatory's role: the first that reads as a name
            signed_for = next(
                (n for n in after[1:] if name_like(n.text) and not _ROLE.search(n.text)), None
            )
            if signed_for is not None:
                return clean_name(signed_for.text), signed_for, 0.4
        return clean_name(person.text), person, 0.3
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


def statement_sender(
    lines: list[Line], letterhead: tuple[str, Line, float] | None
) -> tuple[str, Line, float] | None:
    """Who a bank statement is from: the first bank its head names, unless that bank is only
    mentioned in a sentence ("Example Bank, Member FDIC. To learn more, visit …") and the
    page's own first lines name a sender ("AnyCompany Financial Group" heading the page)."""
    bank = bank_name(lines)
    if bank is None:
        return letterhead
    if letterhead is not None and len(bank[1].text) > 60:
        line = letterhead[1]
        if line.page == 1 and line.index < 5 and not same_name(letterhead[0], bank[0]):
            return letterhead
    return bank
