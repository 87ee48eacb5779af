"""The sender of a page that prints no legal form: the letterhead's own lines.

Without a "GmbH", "Ltd" or "SAS" anywhere, a sender's name looks like any other line, so it
is read from where it stands and what surrounds it: the "From" line, the line the document's
own mail or web domain spells, a till receipt's name over its address, the letterhead's first
line that is cased like a name once the crumbs, slogans, phone numbers and field labels a
scan or a merged column ran onto it are taken off. `local_correspondent.detect_correspondent`
asks here when its scoring of legal names found none.
"""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.language import find_dates, tag_stopwords
from app.metadata.local_correspondent_layout import (
    detect_address_block,
    detect_by_domain,
    domain_labels,
    foot_name,
    head_address,
    is_street,
    label_alone,
    name_before_street,
    recipient_cut,
    spelled_by_domain,
    town_line,
)
from app.metadata.local_correspondent_names import (
    OFFICE_END,
    clean_name,
    detect_organisation,
    names_a_kind,
    without_kind_word,
)
from app.metadata.local_lines import Line
from app.metadata.local_words import SALUTATION
from app.metadata.local_words_correspondent import (
    FROM_LABEL,
    NOT_A_NAME,
    RECIPIENT_LABEL,
    STREET_WORD,
)
from app.metadata.local_words_names import NAME_CONNECTOR

# A marketplace's seller in each language, and the Portuguese issuer's labels, a label of the
# issuer as "From" is ("Verkocht door: De Boekenhoek", "Vendido por: …", "Emitente: …")
_SOLD_BY = re.compile(
    r"^(?:emitente|prestador(?: de servi[çc]os)?|fornecedor|"
    r"sold (?:and shipped )?by|verkauft (?:und versendet )?(?:von|durch)|"
    r"vendu(?:e)? (?:et expédié )?par|venduto (?:e spedito )?da|vendido (?:y enviado )?por|"
    r"vendido (?:e enviado )?por|verkocht (?:en verzonden )?door)(?:\s*:\s*(.*)|\s*)$",
    re.I,
)


def from_label(text: str) -> re.Match[str] | None:
    """A sender's label at the start of a line, its value (if any) in group 1."""
    return FROM_LABEL.match(text) or _SOLD_BY.match(text)


def letterhead_name(
    lines: list[Line],
    first_page: list[Line],
    recipient: set[tuple[int, int]],
    kind: DocumentType | None,
    held: list[tuple[str, Line, float]],
) -> tuple[str, Line, float] | None:
    """The sender of a page that prints no legal form anywhere, in this order: the "From"
    line; the line the document's own domain spells; a till receipt's address block; the
    letterhead's first name-like line; a name over its postal address under the page's first
    lines; a name in its foot; the payee held back (`held`); an organisation heading the page;
    a word the domain spells; the first of them the domain confirms when they differ. Only
    for a kind that has a sender (a newsletter's heading is not one); a letter's sender is
    its signatory rather than an address."""
    # no legal form anywhere: the "From" line, or the letterhead's first name-like line (only
    # for a kind that has a sender: a newsletter's heading is not one)
    for i, ln in enumerate(first_page[:12]):
        labelled = from_label(ln.text)
        if labelled:
            match = labelled
            value = match.group(1) or (first_page[i + 1].text if i + 1 < len(first_page) else "")
            cut = recipient_cut(ln.text) if match.group(1) else None
            before_to = FROM_LABEL.match(ln.text[:cut].rstrip()) if cut is not None else None
            if before_to is not None:  # "From: Northbeam Analytics To: Harper & Cole LLP"
                value = before_to.group(1) or ""
            target = ln if match.group(1) else first_page[i + 1] if i + 1 < len(first_page) else ln
            if value and not NOT_A_NAME.search(value):
                return clean_name(value), target, 0.6
    # then, in this order: the line the document's own domain spells, a till receipt's
    # address block, the letterhead's first name-like line, a word the domain spells; the
    # first of them the domain confirms when they differ ("7 Thalia" over a branch's address
    # block when the receipt prints thalia.de)
    domains = domain_labels(lines, recipient)
    candidates: list[tuple[str, Line, float]] = []
    by_domain = detect_by_domain(lines, recipient, repeated_word=False)
    if by_domain is not None and by_domain[1].page == 1:
        candidates.append((by_domain[0], by_domain[1], 0.5))
    if kind is DocumentType.RECEIPT:
        block = detect_address_block(first_page, recipient)
        if block is not None:
            candidates.append((block[0], block[1], 0.4))
    for k, ln in enumerate(first_page[:4]):
        # a statement's head holds its holder's address left of the period and account
        # fields ("Jane Doe Statement Period …"): no issuer's name stands there
        unmerged = (
            ln.text if kind is DocumentType.BANK_STATEMENT else _without_run_in_field(ln.text)
        )
        fields = _without_field_label(_without_slogan(_without_contact(unmerged)))
        if fields != ln.text and len(fields) >= 3:
            ln = Line(ln.page, ln.index, fields)  # "AnyCompany Hardware DATE": a merged column
        if (ln.page, ln.index) in recipient:
            continue
        street_name = name_before_street(ln.text)
        if street_name is not None:
            # "Maple Ridge Dental 400 Elm Avenue, Dayton, OH 45402": the name before its street
            candidates.append((clean_name(street_name), ln, 0.4))
            break
        if NOT_A_NAME.search(without_kind_word(ln.text)):
            continue
        tidy = _tidy_head(ln.text)
        if len(re.findall(r"[^\W\d_]", tidy)) < 3 or (
            is_street(tidy) and not _name_over_street(tidy, first_page[k + 1 : k + 2])
        ):
            continue  # OCR's crumbs over a receipt's logo ("ZX#", "i -"), or a street
        tidied = tidy != ln.text
        if tidied:
            ln = Line(ln.page, ln.index, tidy)
        if label_alone(ln.text, RECIPIENT_LABEL):
            continue  # "Herrn", "Bill to": the address under it is the reader's
        if SALUTATION.match(ln.text):
            break  # "Dear Sir/Madam": the letter's body has begun, the reader is addressed
        cut = recipient_cut(ln.text)
        text = ln.text if cut is None else _JOINING_END.sub("", ln.text[:cut].rstrip())
        bare = without_kind_word(text)
        if bare != text and _JOINING_END.search(bare):
            continue  # "ORDER CONFIRMATION AND INVOICE": a heading, not a name and a kind
        if bare != text and cut is None:
            text, ln = bare, Line(ln.page, ln.index, bare)
            cut = len(bare)  # the line is the name now: no wrapped name to join
        elif (tidied or fields != first_page[k].text) and cut is None:
            cut = len(text)
        words = text.split()
        if _furniture(text):
            continue  # "ORIGINAL FOR RECIPIENT", "MERCHANT COPY", "Your Order", "Welcome"
        if (
            1 <= len(words) <= 5
            and len(text) <= 40
            and (
                _name_cased(words)
                or _over_address(first_page, k)  # "le petit bistrot" over its address
            )
            and (not names_a_kind(text) or OFFICE_END.search(text))
            and not find_dates(text)
            and not re.search(r"\d[.,]\d", text)  # a price ("N 1,459 EUR/Liter")
        ):
            # a line cut at a recipient's label: the next line is two columns run together
            named = _wrapped_name(first_page, k, recipient) if cut is None else ln
            candidates.append((clean_name(text if cut is not None else named.text), named, 0.4))
            break
        slogan = _LOGO_AND_SLOGAN.match(text) if len(words) <= 6 else None
        if (
            slogan is not None
            and not names_a_kind(slogan.group(1))
            and slogan.group(1).lower() not in tag_stopwords(None)  # "FROM the desk of the …"
        ):
            # "NEXGEN Innovation drives progress": the logo's word before its slogan
            candidates.append((slogan.group(1), ln, 0.4))
            break
    # a name over its postal address under the page's first lines (a heading, the number
    # and date over "Blue Heron Carpentry / 14 Mill Road / Norwich NR2 3QT")
    headed = head_address(first_page, recipient, depth=8)
    if headed is not None:
        candidates.append((clean_name(headed[0]), headed[1], 0.35))
    footed = foot_name(first_page, recipient)
    if footed is not None:
        candidates.append((clean_name(footed[0]), footed[1], 0.35))
    candidates += held
    # an organisation heading the page in a line too long for a name alone ("Lakeview
    # Hospital of Northern Vermont BILLING")
    head = [ln for ln in first_page[:4] if (ln.page, ln.index) not in recipient]
    organisation = detect_organisation(head)
    if organisation is not None:
        candidates.append((organisation[0], organisation[1], 0.4))
    by_domain = detect_by_domain(lines, recipient, repeated_word=True)
    if by_domain is not None:
        candidates.append((by_domain[0], by_domain[1], 0.3))
    confirmed = [c for c in candidates if spelled_by_domain(c[0], domains)]
    if confirmed:
        return confirmed[0]
    if candidates:
        return candidates[0]
    if kind is DocumentType.LETTER:
        return None  # who signs it names a letter's sender better than an address does
    return _domain_alone(lines, recipient)


def _domain_alone(
    lines: list[Line], recipient: set[tuple[int, int]]
) -> tuple[str, Line, float] | None:
    """Nothing on the page reads as a name, but the bill gives its own mail or web address
    ("Questions? help@parcelpoint.co.uk"): the domain's name, as printed there."""
    labels = domain_labels(lines, recipient, own_only=True)
    if not labels:
        return None
    for ln in lines:
        if ln.page > 1:
            break
        if (ln.page, ln.index) in recipient:
            continue
        found = re.search(r"(?<=[@./])" + re.escape(labels[0]) + r"(?=\.)", ln.text, re.I)
        if found is not None and len(found.group(0)) >= 4:
            return found.group(0), ln, 0.3
    return None


# A name's line that ends in a word that joins ("Azienda Ospedaliero-Universitaria di",
# "Institut für", "Smith &"): the name goes on on the next line.
_JOINING_END = re.compile(
    r"(?:\s(?:di|de|del|della|dei|des|du|da|do|dos|of|for|the|and|für|der|und|van|von|voor|en|"
    r"et|e|y|zu|zur|zum)|\s?[&+-])$",
    re.I,
)


# A field's label at the end of a letterhead line, where the text layer ran the header's
# columns together ("Northwind Hardware DATE", "Acme Roofing INVOICE #"). Its blanks
# possessive and its colon with the blanks before it (`(?:\s*+[:#])?`, the same strings as
# `\s*[:#]?`): blanks between two labels are read one way, not shared out between the two
# labels' `\s` in every way.
_TRAILING_FIELD = re.compile(
    r"(?:\s++(?:(?:invoice|due|order|customer|account|bill|statement|issue)\s++)?"
    r"(?:date|no\.?|number|#|id|datum|fecha|data)(?:\s*+[:#])?)+\s*+$",
    re.I,
)
# A few labels at most: only the line's end is searched. Searched at every start of a long
# line of labels and words ("DATE DATE … DATE x"), the pattern would read to the line's end
# from each of them.
_TRAILING_FIELD_CHARS = 80


def _without_field_label(text: str) -> str:
    """A letterhead line without the field label a merged column ran into it: a label in
    capitals after a name that is not ("Northwind Hardware DATE"), or one with its colon or
    "#" ("Acme Roofing Invoice #"); "Smart Data" and "ACME DATA" keep their last word."""
    match = _TRAILING_FIELD.search(text, max(0, len(text) - _TRAILING_FIELD_CHARS))
    if match is None:
        return text
    start = match.start()
    while start > 0 and text[start - 1].isspace():  # the blanks the slice cut, back in
        start -= 1
    if start == 0:
        return text
    label, rest = text[start:].strip(), text[:start]
    shouted = label == label.upper() and any(c.islower() for c in rest)
    return rest if shouted or re.search(r"[:#]$", label) else text


# A phone or fax number run onto the name's line ("Pizzeria Napoli Tel. 081 5551234")
_CONTACT_TAIL = re.compile(
    r"\s+(?:tel|t[ée]l|telefon|telefono|tel[ée]fono|phone|ph|fon|fax|tfno|tlf|mob|mobile)"
    r"\.?\s*:?\s*[+\d(][\d\s()/.-]{5,}$",
    re.I,
)
# A name, a dash and the company's slogan ("Müller Haustechnik – Ihr Partner für Wärme")
_SLOGAN_AFTER = re.compile(r"^(?P<name>[^–|-]{3,40}?)\s+[–|-]\s+(?P<rest>.+)$")


# A field of the header's other column run onto the letterhead's line, its label and value
# ("Bäckerei Schmidt Rechnungsnummer: 2025-031", "Blue Heron Carpentry Invoice No: 4471",
# "Atelier Lumière Facture n° 2025-12"): a field's word, then a colon, "#" or a figure
_RUN_IN_FIELD = re.compile(
    r"\s+(?:invoice|bill|receipt|statement|order|customer|account|client|due|date|"
    r"rechnung\w*|datum|kunden\w*|bestell\w*|auftrag\w*|beleg\w*|f[äa]llig\w*|"
    r"factur\w*|facture|commande|échéance|"
    r"factuur\w*|klant\w*|vervaldatum|"
    r"fattura|data|cliente|ordine|scadenza|"
    r"fecha|factura|pedido|vencimiento|"
    r"fatura|encomenda|"
    r"n[°º]|nº|no\.|nr\.|ref\w*|"
    # any compound on a number or a date, however OCR read its head ("Rcchnungsnummer:")
    r"[^\W\d_]{2,}(?:nummer|number|datum))\b[\w .°º/-]{0,25}?(?::|#|\s(?=\d))",
    re.I,
)


def _without_run_in_field(text: str) -> str:
    """A letterhead line without the field the header's other column ran onto it."""
    match = _RUN_IN_FIELD.search(text)
    if match is None or match.start() < 3:
        return text
    return text[: match.start()]


def _without_contact(text: str) -> str:
    """A letterhead line without the phone number run onto it."""
    return _CONTACT_TAIL.sub("", text)


def _without_slogan(text: str) -> str:
    """A letterhead line without the slogan after its name and a dash: the rest is a phrase
    (words in small letters), the name a few capitalised words; the line itself otherwise."""
    match = _SLOGAN_AFTER.match(_tidy_head(text))  # "| Müller Haustechnik – …": a crumb first
    if match is None:
        return text
    name, rest = match.group("name"), match.group("rest")
    small = [w for w in rest.split() if w[:1].islower() and w.isalpha()]
    if len(small) < 2 or not _name_cased(name.split()) or len(name.split()) > 5:
        return text
    return name


# A logo's word followed by the company's slogan: "NEXGEN Innovation drives progress",
# "NexGen Innovation drives progress" (the word in capitals, or with a capital inside)
_LOGO_AND_SLOGAN = re.compile(
    r"^([A-Z][A-Z&]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*)\s+(?=(?:\S+\s+){0,4}[a-zäöüéèà]{3,})\S"
)


# A document's furniture over its sender's name: which copy it is, a greeting, a heading
_FURNITURE = frozenset(
    [
        "original",
        "duplicate",
        "triplicate",
        "copy",
        "copie",
        "kopie",
        "copia",
        "recipient",
        "transporter",
        "supplier",
        "customer",
        "merchant",
        "client",
        "cardholder",
        "kunde",
        "kunden",
        "händler",
        "welcome",
        "hello",
        "hi",
        "thank",
        "thanks",
        "you",
        "your",
        "yours",
        "memo",
        "cash",
        "quotation",
        "quote",
        "estimate",
        "angebot",
        "devis",
        "offerte",
        "preventivo",
        "presupuesto",
        "order",
        "orders",
        "bestellung",
        "commande",
        "bestelling",
        "ordine",
        "pedido",
        "summary",
        "confirmation",
        "payment",
        "delivery",
        "note",
        "slip",
        "packing",
        "lieferschein",
        "proforma",
        "pro-forma",
        "tax",
        "gst",
        "vat",
        "sales",
        "retail",
        "bon",
        "ticket",
        "beleg",
        "kassenbon",
        "kundenbeleg",
        "händlerbeleg",
    ]
)


def _furniture(text: str) -> bool:
    """A line of nothing but a document's furniture and kind words ("Customer Copy", "Cash
    Memo", "ORIGINAL FOR RECIPIENT", "Your Order")."""
    words = [w.strip(".,:;()[]!'’\"").lower() for w in text.split()]
    words = [w for w in words if w and w not in NAME_CONNECTOR]
    return bool(words) and all(
        w in _FURNITURE or (names_a_kind(w) and not OFFICE_END.search(w)) for w in words
    )


def _tidy_head(text: str) -> str:
    """A receipt's head as OCR reads it, without the crumbs and rules around the name
    ("*** GETRÄNKE HAHN ***", "~ SUPERMARKT HOLM ~", ". bIO HOFLADEN", "' FRESH MART '",
    "~ . MERCEARIA CENTRAL ' .": a quote standing apart is a crumb too, one holding the name
    is not)."""
    # punctuation standing apart is a crumb, whatever it is ("~ . MERCEARIA CENTRAL ' .")
    text = re.sub(r"^(?:[^\w\s&+]{1,3}\s+)+|(?:\s+[^\w\s&+]{1,3})+$", "", text.strip())
    text = re.sub(r"^[^\w(„“\"'’]+|[^\w).!’'\"&+]+$", "", text).strip()
    return re.sub(r"^[„“\"'’‘]+\s+|\s+[“”\"'’‘]+$", "", text).strip()


def _name_over_street(text: str, after: list[Line]) -> bool:
    """A name ending in a figure that reads as a street and its number ("Azienda Sanitaria
    Locale Roma 3") over the street itself: a street has no street above it."""
    return bool(after) and not STREET_WORD.search(text) and is_street(after[0].text)


def _over_address(first_page: list[Line], k: int) -> bool:
    """The line right over a street and its town (or both on one line): an address block's
    name, however OCR or the shop cased it ("le petit bistrot / 12 rue Cler / 75007 Paris")."""
    rest = [ln.text for ln in first_page[k + 1 : k + 3]]
    return bool(rest) and is_street(rest[0]) and any(town_line(t) for t in rest)


def _name_cased(words: list[str]) -> bool:
    """A name's words are capitalised but for one at most, its particles left aside ("Eaux
    du Val de Loire", "Banco de la Plaza"); a line that starts with one goes on a name
    from the line above ("for Work &")."""
    content = words[:1] + [w for w in words[1:] if w.lower() not in NAME_CONNECTOR]
    return sum(_capitalised(w) for w in content) >= max(1, len(content) - 1)


def _capitalised(word: str) -> bool:
    """A word of a name: capitalised, or in capitals with its first letter misread ("bIO")."""
    return word[:1].isupper() or sum(c.isupper() for c in word) >= 2


def _wrapped_name(first_page: list[Line], k: int, recipient: set[tuple[int, int]]) -> Line:
    """The name's line, joined with the next when the name wraps over two lines."""
    ln = first_page[k]
    if k + 1 >= len(first_page) or not _JOINING_END.search(ln.text):
        return ln
    nxt = first_page[k + 1]
    if (nxt.page, nxt.index) in recipient or NOT_A_NAME.search(nxt.text) or len(nxt.text) > 40:
        return ln
    return Line(ln.page, ln.index, f"{ln.text} {nxt.text}")
