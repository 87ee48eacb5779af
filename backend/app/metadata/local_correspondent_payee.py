"""The payee: who the money goes to is who issued the bill. The holder of the account to pay
into, whom cheques are payable to, whom a receipt thanks, the company a bill is signed for."""

from __future__ import annotations

import re
from typing import NamedTuple

from app.metadata.facts import DocumentType
from app.metadata.local_correspondent_names import (
    SIGNATORY,
    SIGNED_FOR,
    clean_name,
    mend_words,
    names_a_kind,
    squash,
)
from app.metadata.local_lines import Line
from app.metadata.local_words_correspondent import NOT_A_NAME
from app.metadata.local_words_names import ENTITY

# --- the payee: who the money goes to is who issued the bill ----------------------------------

# The labels of a bill's payment block and its closing words that name the issuer: "Make
# checks payable to", "Account holder", "Kontoinhaber", "Titulaire du compte", "Beneficiary",
# "Ten name van", "Intestatario"; "Thank you for your business with", "Vielen Dank für Ihren
# Einkauf bei", "Merci de votre visite chez". The name follows on the line, or on the next line
# when the label stands alone.
_PAYEE = re.compile(
    r"(?:^|\b)(?:(?:please\s+)?make\s+(?:all\s+)?(?:checks?|cheques?)(?:\s+and\s+money\s+orders?)?"
    r"\s+payable\s+to|(?:checks?|cheques?|payments?)\s+(?:should\s+be\s+|are\s+to\s+be\s+)?"
    r"(?:made\s+)?payable\s+to|payable\s+to|(?P<cheque>pay\s+to\s+the\s+order\s+of)|"
    r"à\s+l['’]ordre\s+de|(?:please\s+)?remit\s+(?:all\s+)?(?:payments?\s+)?to|"
    r"remittance\s+address|zahlbar\s+an|payable\s+à|pagabile\s+a|(?P<account>"
    r"account\s+holder(?:['’]s)?(?:\s+name)?|account\s+name|name\s+of\s+(?:the\s+)?account|"
    r"beneficiary(?:['’]s)?(?:\s+name)?|payee(?:\s+name)?|"
    r"kontoinhaber(?:in)?|zahlungsempf[äa]nger|beg[üu]nstigter|"
    r"titulaire(?:\s+du\s+compte)?|b[ée]n[ée]ficiaire|"
    r"rekeninghouder|ten\s+name\s+van|t\.\s?n\.\s?v\.|begunstigde|"
    r"intestatario(?:\s+(?:del\s+)?conto)?|intestato\s+a|beneficiario|"
    r"titular(?:\s+de\s+la\s+cuenta)?|a\s+nombre\s+de))"
    r"\s*[:.\-–]?\s*(?P<name>.*)$",
    re.I,
)
_THANKS = re.compile(
    r"\b(?:thank\s+you|thanks)\s+for\s+(?:your\s+)?(?:business|shopping|choosing|"
    r"purchasing|ordering|your\s+(?:order|purchase|visit|custom))\s+(?:with|at|from)\s+"
    r"(?P<name>.+?)[.!]*$|"
    r"\b(?:vielen\s+)?dank\s+f[üu]r\s+ihren\s+(?:einkauf|besuch|auftrag)\s+(?:bei|im|in)\s+"
    r"(?P<name2>.+?)[.!]*$|"
    r"\bmerci\s+(?:de|pour)\s+votre\s+(?:visite|achat|commande|confiance)\s+(?:chez|à)\s+"
    r"(?P<name3>.+?)[.!]*$|"
    r"\bbedankt\s+voor\s+(?:uw|je)\s+(?:aankoop|bezoek|bestelling)\s+(?:bij)\s+"
    r"(?P<name4>.+?)[.!]*$|"
    r"\bgracias\s+por\s+su\s+(?:compra|visita)\s+en\s+(?P<name5>.+?)[.!]*$|"
    r"\bgrazie\s+per\s+(?:il\s+)?(?:suo\s+|vostro\s+)?(?:acquisto|visita)\s+(?:da|presso)\s+"
    r"(?P<name6>.+?)[.!]*$|"
    # "Thank you for visiting X", "Merci d'avoir choisi X", "Gracias por elegir X"
    r"\b(?:thank\s+you|thanks)\s+for\s+(?:visiting|choosing|dining\s+(?:at|with)|"
    r"staying\s+(?:at|with)|(?:riding|travell?ing|flying)\s+with)\s+(?P<name7>.+?)[.!]*$|"
    r"\bmerci\s+d['’]avoir\s+choisi\s+(?P<name8>.+?)[.!]*$|"
    r"\bgracias\s+por\s+(?:elegir|confiar\s+en)\s+(?P<name9>.+?)[.!]*$|"
    r"\bgrazie\s+per\s+aver\s+scelto\s+(?P<name10>.+?)[.!]*$|"
    # a receipt's head welcoming the customer: "Welcome to X", "Willkommen bei X"
    r"^(?:welcome\s+to|willkommen\s+(?:bei|im|in)|bienvenue\s+(?:chez|à)|bienvenid[oa]s?\s+a|"
    r"benvenut[oi]\s+(?:da|a|al|presso)|welkom\s+(?:bij|in))\s+(?P<name11>.+?)[.!]*$",
    re.I,
)
# The team that signs a bill or a receipt: "Ihr Kaufland-Team", "Your Brightwave team",
# "L'équipe Azur Télécom", "Il team di Luce Italia", "El equipo de Telenova"
_TEAM = re.compile(
    r"^(?:ihr|euer|dein|your|the|votre|uw|het|jouw)\s+(?P<team>[^\W\d_][\w&'’ .-]{1,40}?)"
    r"[- ](?:team|équipe)[.!]*$|"
    r"^(?:l['’]|votre\s+)[ée]quipe\s+(?:de\s+|d['’]\s?)?(?P<team2>[^\W\d_][\w&'’ .-]{1,40}?)[.!]*$|"
    r"^(?:il\s+team\s+di|el\s+equipo\s+de|la\s+equipe\s+da|a\s+equipa\s+(?:da|do|de))\s+"
    r"(?P<team3>[^\W\d_][\w&'’ .-]{1,40}?)[.!]*$",
    re.I,
)
# A team named by what it does, not whose it is: "Your Support Team", "Ihr Service-Team"
_GENERIC_TEAM = re.compile(
    r"^(?:customer\s+)?(?:support|billing|accounts?|accounting|sales|service|services|care|"
    r"help\s*desk|finance|kundenservice|kunden|service-?|vertrieb|buchhaltung|support-?|"
    r"abrechnungs?|facturation|comptabilit[ée]|assistance|klantenservice|administratie|"
    r"contabilit[àa]|assistenza|facturaci[óo]n|atenci[óo]n\s+al\s+cliente)$",
    re.I,
)
# The shop signing under a thank-you: "Ihr Bioladen Sonnenschein", "Your Corner Bakery"
_YOURS = re.compile(
    r"^(?:ihr|ihre|euer|eure|your|votre|uw)\s+(?P<name>[^\W\d_][\w&'’ .-]{2,40}?)[.!]*$", re.I
)
# A receipt's thank-you that names nobody ("Vielen Dank für Ihren Einkauf!"): the shop's own
# name or legal line follows it in the foot.
_THANKS_ALONE = re.compile(
    r"^(?:thank\s+you(?:\s+for\s+(?:your\s+)?(?:business|shopping|purchase|visit|order))?|"
    r"(?:vielen\s+)?dank\s+f[üu]r\s+ihren\s+(?:einkauf|besuch)|"
    r"merci\s+(?:de|pour)\s+votre\s+(?:visite|achat)|bedankt\s+voor\s+uw\s+(?:aankoop|bezoek)|"
    r"gracias\s+por\s+su\s+(?:compra|visita)|grazie\s+per\s+(?:il\s+)?(?:suo\s+)?acquisto)"
    r"\s*[.!]*\s*$",
    re.I,
)


# The words of a bank-details block: an account's holder is the payee only there ("Account
# name: Jane Roe" in a utility bill's customer box is the customer)
_BANK_WORDS = re.compile(
    r"\b(?:iban|bic|swift|sort\s*code|ifsc|routing|aba|blz|rib|bank|banque|banca|banco|"
    r"bankverbindung|account\s*(?:no|number|#)|a/c|kontonummer|konto-?nr|rekeningnummer)\b",
    re.I,
)


# An account number on a line of its own (an IBAN, with or without its spaces)
_ACCOUNT_NUMBER = re.compile(r"^(?:iban\s*:?\s*)?[A-Z]{2}\d{2}(?:\s?[\dA-Z]{1,4}){3,9}$")


def payee_value(text: str) -> str | None:
    """The name a payee label or a thank-you carries, when it reads as one: a few words, no
    figures, not an account number nor a heading."""
    name = clean_name(re.split(r"\s{2,}|\s[|·•]\s", text.strip())[0])
    entity = ENTITY.search(name)
    if entity is not None and entity.start() == 0:
        name = clean_name(entity.group("name"))
    words = name.split()
    if not 1 <= len(words) <= 8 or len(name) < 3 or len(name) > 70:
        return None
    if re.search(r"\d", name) or NOT_A_NAME.search(name) or names_a_kind(name):
        return None
    if sum(w[:1].isupper() for w in words) * 2 < len(words):
        return None
    return name


# Kinds whose payee is their issuer: a bill, a receipt, a practice's or a creditor's letter,
# or a kind not known (a statement's account holder, an insured beneficiary are the reader)
PAYEE_KINDS = frozenset(
    {
        DocumentType.INVOICE,
        DocumentType.RECEIPT,
        DocumentType.MEDICAL,
        DocumentType.LETTER,
        DocumentType.OTHER,
        None,
    }
)


class Payee(NamedTuple):
    """A name the payment block or the closing gives as the issuer's. `strong`: whom cheques
    are payable or payment remitted to, whom the customer thanks, the company a bill is signed
    for; not an account's holder, who may be the customer of a direct debit."""

    name: str
    line: Line
    strong: bool


def _misread_thanks(text: str) -> re.Match[str] | None:
    """A thank-you OCR misread with digits for letters ("Thank y0u for shopping at Fresh
    Mart"): read on the mended words, the name as printed."""
    mended = mend_words(text)
    if mended == text:
        return None
    match = _THANKS.search(mended)
    if match is None:
        return None
    start = min(match.start(g) for g in range(1, (match.re.groups or 0) + 1) if match.group(g))
    return _THANKS.search(mended[:start] + text[start:])


def payee_names(lines: list[Line], recipient: set[tuple[int, int]]) -> list[Payee]:
    """The issuer as a bill's payment block or closing names it: the holder of the account to
    pay into, whom cheques are payable to, whom the customer thanks for their business; never
    a line of the recipient's address (a direct debit names the customer's own account)."""
    out: list[Payee] = []
    for i, ln in enumerate(lines):
        if ln.page > 2:
            break
        nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == ln.page else None
        match = (
            _PAYEE.search(ln.text)
            or _THANKS.search(ln.text)
            or _TEAM.match(ln.text)
            or _misread_thanks(ln.text)
        )
        value: str | None = None
        source = ln
        # a cheque's own "Pay to the order of" names whom the cheque pays, not a bill's issuer
        strong = not (
            match is not None
            and match.re is _PAYEE
            and (match.group("account") or match.group("cheque"))
        )
        if match is not None and match.re is _PAYEE and match.group("account"):
            block = lines[max(0, i - 3) : i + 4]
            if not any(_BANK_WORDS.search(n.text) for n in block if n.page == ln.page):
                continue  # an account's name outside the bank details: the customer's
        if match is not None:
            found = match.group("name") if match.re is _PAYEE else None
            if found is None:
                found = next((g for g in match.groups() if g is not None), "")
            if match.re is _TEAM and _GENERIC_TEAM.match(found.strip(" -")):
                continue
            if found.strip(" :.-–"):
                value = payee_value(found)
            elif nxt is not None:
                if _ACCOUNT_NUMBER.match(nxt.text) and i + 2 < len(lines):
                    # "Konto / Zahlbar an" over the IBAN, then the name (a Swiss QR-bill)
                    after = lines[i + 2]
                    nxt = after if after.page == ln.page else nxt
                value, source = payee_value(nxt.text), nxt
        elif SIGNED_FOR.match(ln.text) and any(
            SIGNATORY.search(n.text) for n in lines[i + 1 : i + 4] if n.page == ln.page
        ):
            value = payee_value(ln.text)
        elif _THANKS_ALONE.match(ln.text) and nxt is not None and ENTITY.match(nxt.text):
            # only a company's legal line: a farewell or the opening hours follow one too
            value, source = payee_value(nxt.text), nxt
        elif _THANKS_ALONE.match(ln.text) and nxt is not None and (yours := _YOURS.match(nxt.text)):
            # "Vielen Dank für Ihren Einkauf! / Ihr Bioladen Sonnenschein"
            # a team's sign-off read with a misread letter ("Ihr Kauf land-Tean.")
            name = re.sub(r"[- ]tea[mn]$", "", yours.group("name"), flags=re.I)
            value, source = payee_value(name), nxt
        if value is None or (source.page, source.index) in recipient:
            continue
        if any(squash(value) == squash(r.text) for r in lines if (r.page, r.index) in recipient):
            continue
        out.append(Payee(value, source, strong))
    return out


# A bank's name ("Commerzbank AG", "Lloyds Bank plc", "Banco Santander, S.A.", "Caisse
# d'Épargne", "Raiffeisenbank eG") and the words of the lines that give bank details
_BANK_NAME = re.compile(
    r"(?:bank|sparkasse|banque|banca|banco|credit\s+union|caisse\s+d['’]\s?[ée]pargne|"
    r"cr[ée]dit\s+(?:agricole|mutuel|lyonnais)|caixa|cassa\s+di\s+risparmio|raiffeisen)",
    re.I,
)
_BANK_DETAILS = re.compile(
    r"\b(?:iban|bic|swift|sort\s*code|ifsc|routing|aba|blz|rib|bankverbindung|"
    r"bank\s*(?:details|name|account|connection)|konto(?:-?nr|nummer)?|account\s*(?:no|number|#)|"
    r"a/c|rekening(?:nummer)?|coordonn[ée]es\s+bancaires|domiciliation|coordinate\s+bancarie|"
    r"banca\s+d['’]appoggio|datos\s+bancarios|bankgegevens|dados\s+banc[áa]rios)\b|"
    r"\bbank\s*:",
    re.I,
)


def in_bank_details(lines: list[Line], line: Line, name: str) -> bool:
    """A bank named where the bill gives the account to pay into ("Bankverbindung: Commerzbank
    AG · IBAN …", "Bank: Lloyds Bank plc" over a sort code): the issuer's bank, not the
    issuer."""
    if not _BANK_NAME.search(name):
        return False
    at = lines.index(line)
    near = [n for n in lines[max(0, at - 1) : at + 2] if n.page == line.page]
    return any(_BANK_DETAILS.search(n.text.replace(name, " ")) for n in near)
