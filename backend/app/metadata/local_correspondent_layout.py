"""Where a correspondent's name stands on the page: the recipient's address block (never the
issuer), the one-line return address, the document's own web and mail domains, a shop's
address block, a two-column header read column by column."""

from __future__ import annotations

import re

from app.metadata.language import US_STATES, find_dates
from app.metadata.local_correspondent_names import (
    mend_words,
    names_a_kind,
    squash,
    web_spellings,
)
from app.metadata.local_lines import Line
from app.metadata.local_words_correspondent import (
    COMMON_DOMAINS,
    FROM_LABEL,
    ISSUER_MARK,
    NOT_A_NAME,
    RECIPIENT_LABEL,
    RECIPIENT_MID,
    SENDER_LINE,
    STREET_WORD,
)
from app.metadata.local_words_names import ENTITY, LEGAL_FORM

# The same return address with commas or dashes between its parts: "Lena Roth Fotografie,
# Am Markt 3, 01067 Dresden", "Abs.: Acme Tools - Hafenweg 2 - 20457 Hamburg"
_RETURN_LINE = re.compile(
    r"^(?:abs(?:ender)?\.?\s*:?\s*)?(?P<name>[^\W\d][^\d,|·•]{2,60}?)\s*(?:,|\s[-–]\s)\s*"
    r"[^,]{3,50}?\d{1,4}\s?[a-zA-Z]?\s*(?:,|\s[-–]\s)\s*(?:[A-Z]{1,2}-?)?\d{4,5}\s+[^\W\d_].{0,40}$",
    re.I,
)


def sender_line(first_page: list[Line]) -> Line | None:
    """The one-line return address over a window envelope's address, if the page has one."""
    return next((ln for ln in first_page[:8] if return_address_name(ln.text) is not None), None)


def return_address_name(text: str) -> str | None:
    """The sender's name a return address starts with."""
    match = SENDER_LINE.match(text) or _RETURN_LINE.match(text)
    return match.group("name") if match is not None else None


_PAYABLES_DESK = re.compile(
    r"^(?:attn\.?:?\s*)?(?:accounts?\s+payable|kreditorenbuchhaltung|comptabilit[ée]\s+fournisseurs|"
    r"crediteurenadministratie)\b[\s,.]*(?:dep(?:artmen)?t\.?)?[\s,.]*$",
    re.I,
)


# A person addressed by their title: the first line of an address block without a label
# ("Mrs Susan Patel", "Mme Claire Roy", "Sig.ra Anna Neri", "Dhr. P. de Vries"); a sender
# never styles its own name so.
_HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Mx|MR|MRS|MS|MISS|Mme|MME|Mlle|Sig\.\s?ra|Sig\.\s?na|Sig\.|Sr\.|Sra\.|"
    r"Dhr\.|Mevr\.|M\.\s+et\s+Mme)\.?\s+[^\W\d_]"
)


def mend_label(text: str, reading: int = 0) -> str:
    """A line's first two words with the digits OCR put for letters read back as letters
    ("Bil1 To:" → "Bill To:"), so a label still reads as one; a word of digits alone, and
    the rest of the line, stay as printed (same length: a match's groups hold)."""
    return mend_words(text, 2, reading)


def label_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """A label's match on the line as printed, or as OCR misread it ("Bil1 To", "Sh1p to")."""
    return (
        pattern.match(text) or pattern.match(mend_label(text)) or pattern.match(mend_label(text, 1))
    )


# Recipients' labels the shared list lacks: a Portuguese invoice-receipt's buyer
# ("Adquirente: …"), and "Herrn" as OCR reads "rn" ("Herm")
MORE_RECIPIENT = re.compile(r"^(?:adquirente|adquiriente|herm)(?![^\W\d_])\s*[:.]?\s*(.*)$", re.I)


# A house number before its street ("3 place du Marché", "12 Quay Road", "45, rue …")
_NUMBER_FIRST = re.compile(r"^\d{1,5}[a-zA-Z]?,?\s+[^\W\d_]{2,}")

# An Italian addressee's courtesy title before the name ("Gentile Sig.ra Paola Marini",
# "Egregio Dott. Rossi"), not the salutation that opens the body ("Gentile cliente,")
_COURTESY = re.compile(
    r"^(?i:gentile|gent\.m[oaie]|egregi[oa]|preg\.m[oa])\s+(?=[A-Z])(?!.*,\s*$)(.*)$"
)

# A line that names the person a letter or bill is for, under the addressee's company
_ATTENTION = re.compile(
    r"^(?:attn\.?|attention|à l['’]attention d[eu]|a l['’]attention d[eu]|z\.\s?hd\.?|"
    r"zu h[äa]nden|t\.\s?a\.\s?v\.?|a/c\.?|att\.|all['’]attenzione|alla c\.a\.|"
    r"ter attentie van|a la atenci[óo]n de)(?![^\W\d_])",
    re.I,
)


def recipient_lines(lines: list[Line]) -> set[tuple[int, int]]:
    """Lines of the address block that follows a recipient label, or that opens with a
    person's title: never the issuer."""
    out: set[tuple[int, int]] = set()
    for i, ln in enumerate(lines):
        if _PAYABLES_DESK.match(ln.text):
            # the customer's accounts-payable desk: the company above it and its address below
            # are the addressee (the issuer's own desk would be its receivables)
            for near in lines[max(0, i - 1) : i + 5]:
                if near.page == ln.page:
                    out.add((near.page, near.index))
            continue
        match = (
            label_match(RECIPIENT_LABEL, ln.text)
            or label_match(MORE_RECIPIENT, ln.text)
            or _COURTESY.match(ln.text)
        )
        if match is None and ln.page == 1 and ln.index < 15:
            # an address block heads the page; a title further down is a signature's
            match = _HONORIFIC.match(ln.text)
        if not match:
            continue
        if match.re is _HONORIFIC and ENTITY.search(ln.text):
            continue  # "MS Immobilien GmbH": a company whose initials read as a title
        if match.re is not _HONORIFIC and re.match(
            r"(?:copy|copie|kopie|copia)\b", match.group(1), re.I
        ):
            continue  # "Customer Copy", "Copie client": which copy a receipt is
        below = lines[i + 1].text if i + 1 < len(lines) else ""
        if (
            _ATTENTION.match(ln.text)
            and i > 0
            and lines[i - 1].page == ln.page
            and (is_street(below) or town_line(below) or _NUMBER_FIRST.match(below))
        ):
            # the company over "z. Hd. Frau Koch", "À l'attention de M. Durand", "Attn: …"
            # and its street is the addressee's, as its person is (over the company, the
            # attention line opens the block: what stands above is not in it)
            above = lines[i - 1]
            if not RECIPIENT_LABEL.match(above.text) and not _past_address(above.text):
                out.add((above.page, above.index))
        if match.re is _HONORIFIC or match.re is MORE_RECIPIENT or match.re is _COURTESY:
            out.add((ln.page, ln.index))
        elif match.group(1):
            out.add((ln.page, ln.index))
            if label_alone(match.group(1), FROM_LABEL):
                continue  # "Rechnungsempfänger: Lieferant:": two columns, `two_column_header`
        block = lines[i + 1 : i + 5]
        for j, nxt in enumerate(block):
            if nxt.page != ln.page or FROM_LABEL.match(nxt.text) or _past_address(nxt.text):
                break
            if j > 0 and town_line(block[j - 1].text) and _next_party(nxt, block[j + 1 : j + 2]):
                break  # the address ended at its town: the column beside it was read after it
            out.add((nxt.page, nxt.index))
    return out


def _next_party(ln: Line, after: list[Line]) -> bool:
    """A line after an address's town that starts another party's block, not the recipient's
    country, mail or phone line: a legal entity ("Northwind Hosting Ltd" under "Leeds LS2
    9JT", the issuer's column read after the customer's), or a name over its street."""
    if ENTITY.search(ln.text) and not re.search(r"@|\d{3}", ln.text):
        return True
    return (
        bool(after)
        and block_name_like(ln.text)
        and is_street(after[0].text)
        and not names_a_kind(after[0].text)  # "Invoice 12" reads as a street and its number
    )


def _past_address(text: str) -> bool:
    """A line no address holds, so the recipient's block has ended: an amount ("Total a
    pagar: 48,10 €"), a heading naming the document's kind ("Rechnung"), a long line (a legal
    foot)."""
    return bool(re.search(r"\d[.,]\d\d(?!\d)", text)) or len(text) > 80 or names_a_kind(text)


DOMAIN = re.compile(r"(?:@|www\.|://)((?:[a-z0-9-]+\.)+)[a-z]{2,6}\b", re.I)
# A domain printed alone, without "www." ("kestrelprint.co.uk", "Web: acme-tools.de"), as a
# letterhead or a foot gives its own address: a line, or a part of one between separators
_BARE_DOMAIN = re.compile(
    r"(?:web(?:site)?\s*:?\s*)?((?:[a-z0-9-]+\.)+)[a-z]{2,6}(?:/[\w./-]*)?", re.I
)
_PARTS = re.compile(r"\s+[|·•]\s+|\s{2,}")
_SECOND_LEVEL = frozenset({"co", "com", "gov", "ac", "org", "net", "edu", "gouv", "gob"})


def domain_labels(
    lines: list[Line], skip: set[tuple[int, int]], own_only: bool = False
) -> list[str]:
    """The names of the web and mail domains the first pages print ("www.acme-tools.de" →
    "acme-tools"), mailbox providers and cited sites left out; in order of appearance.
    `own_only`: only the domains a document gives as its own (on a short line of its own, as
    a letterhead or a foot prints it, or in a mail address), not a link inside a sentence."""
    out: list[str] = []
    for i, ln in enumerate(lines):
        if ln.page > 2 or (ln.page, ln.index) in skip:
            continue
        text = ln.text
        if text.endswith("@") and i + 1 < len(lines) and lines[i + 1].page == ln.page:
            text += lines[i + 1].text.split(" ", 1)[0]  # a mail address wrapped after its "@"
        found = list(DOMAIN.finditer(text))
        found += [m for part in _PARTS.split(text) if (m := _BARE_DOMAIN.fullmatch(part.strip()))]
        for match in found:
            cited = match.re is DOMAIN and not match.group(0).startswith("@")
            if own_only and cited and not _bare(text, match):
                continue
            if own_only and ln.page > 1:
                continue
            parts = [p for p in match.group(1).lower().split(".") if p and p != "www"]
            while len(parts) > 1 and parts[-1] in _SECOND_LEVEL:
                parts.pop()
            label = parts[-1] if parts else ""
            if len(label) >= 2 and label not in COMMON_DOMAINS and label not in out:
                out.append(label)
    return out


def _bare(text: str, match: re.Match[str]) -> bool:
    """A domain printed as a site's own address ("www.acme.org", "https://acme.org/"), not a
    link to a page ("https://acme.org/docs/faq") nor one cited in parentheses."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :]
    cited = re.search(r"\((?:https?\s*:?)?\s*/{0,2}$", before)
    return cited is None and not re.match(r"/[^\s)]", after)


def detect_by_domain(
    lines: list[Line], skip: set[tuple[int, int]], repeated_word: bool, own_only: bool = False
) -> tuple[str, Line] | None:
    """The name the document's own web or mail domain spells: a short line that is the domain
    with its spaces ("Marktkauf Lehr" for marktkauf-lehr.de), else (`repeated_word`) a word
    the text repeats ("SQLite" for sqlite.org, "BLS" for bls.gov), outside the URLs and
    addresses."""
    labels = domain_labels(lines, skip, own_only)
    if not labels:
        return None
    early = [ln for ln in lines if ln.page <= 2 and (ln.page, ln.index) not in skip]
    for label in labels:
        key = squash(label)
        for ln in early:
            if (
                len(ln.text.split()) <= 5
                and key in web_spellings(ln.text)
                and not DOMAIN.search(ln.text)
            ):
                return ln.text.strip(), ln
        for ln in early:
            # a part of a one-line address or foot ("Netzwerk Nord · Hafenstraße 1 · …")
            for part in _PARTS.split(ln.text):
                part = part.strip(" ,;")
                if (
                    len(part.split()) <= 5
                    and key in web_spellings(part)
                    and not DOMAIN.search(part)
                ):
                    return part, ln
        if not repeated_word:
            continue
        counts: dict[str, int] = {}
        first: dict[str, Line] = {}
        for ln in early:
            for word in re.findall(r"(?<![@./\w-])[^\W\d_][\w-]*(?![\w-]*[@.][\w])", ln.text):
                if key in web_spellings(word):
                    counts[word] = counts.get(word, 0) + 1
                    first.setdefault(word, ln)
        if sum(counts.values()) >= 2:
            word = max(counts, key=lambda w: (counts[w], w != w.lower()))
            return word, first[word]
    return None


def spelled_by_domain(name: str, domains: list[str]) -> bool:
    """ "Acme Tools GmbH" and www.acme-tools.de: the name without its legal form is the
    domain's name, or one holds the other."""
    cores = web_spellings(re.sub(r"(?:^|\s)(?:" + LEGAL_FORM + r")$", "", name))
    return any(
        len(key) >= 4 and len(core) >= 4 and (key in core or core in key)
        for key in (squash(d) for d in domains)
        for core in cores
    )


POSTCODE_LINE = re.compile(r"^(?:[A-Z]{1,2}[- ]?)?\d{4,6}(?:\s?[A-Z]{2})?\s+[^\W\d_]")
STREET_LINE = re.compile(r"^[^\W\d_][^\d]{2,40}\s\d{1,4}(?:\s?[a-zA-Z])?(?:\s*[-/]\s*\d{1,4})?\.?$")


# A unit, suite or plot and its number, as an address's first line ("Unit 9, Riverside
# Estate", "Suite 200", "Plot 12, MIDC")
_PREMISES = re.compile(
    r"^(?:unit|suite|flat|apt\.?|apartment|building|bldg\.?|floor|plot|block|shop)\s+\d", re.I
)


def is_street(text: str) -> bool:
    """A street and its number ("Marktplatz 5", "Rue de la Paix 12"), never a name."""
    return bool(
        STREET_LINE.match(text)
        or STREET_WORD.search(text)
        or _PREMISES.match(text)
        # a house number first, its street's kind cut short after ("120 Queen St W")
        or (re.match(r"^\d{1,5}[a-zA-Z]?\s+[^\W\d_]", text) and _STREET_SHORT.search(text))
    )


# A town with its US state and ZIP code ("Dayton, OH 45402") or ending in a UK postcode
# ("Portree IV51 9DE"): the last line of an address, as a postcode before its town is
_US_TOWN = re.compile(r"[^\W\d_],?\s+(?:" + US_STATES + r")\s+\d{5}(?:-\d{4})?(?!\d)")
_UK_TOWN = re.compile(r"[^\W\d_]\s+[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
# A name run into its street's number on one line ("Rosie's Tacos 1200 W Main St", "(Pine
# Cafe) 88 N Oak Street,"), the way a US receipt or letterhead prints it
_NAME_THEN_NUMBER = re.compile(
    r"^\(?(?P<name>[^\W\d_][^\d()]{2,50}?)\)?,?\s+(?P<rest>\d{1,5}\s+\S.*)$"
)

# A street's kind cut short without its dot, after a house number only ("1200 W Main St")
_STREET_SHORT = re.compile(r"\s(?:St|Rd|Ave|Blvd|Dr|Ln|Hwy|Pkwy)\b")


def town_line(text: str) -> bool:
    """The line of an address that names its town: after its postcode ("34117 Kassel"), with
    a US state and ZIP code or a UK postcode."""
    return bool(POSTCODE_LINE.match(text) or _US_TOWN.search(text) or _UK_TOWN.search(text))


def name_before_street(text: str) -> str | None:
    """The name a line prints before its street ("Maple Ridge Dental 400 Elm Avenue, Dayton,
    OH 45402" → "Maple Ridge Dental"), or None when the line is no such pair."""
    match = _NAME_THEN_NUMBER.match(text.strip())
    rest = match.group("rest") if match is not None else ""
    if match is None or not (STREET_WORD.search(rest) or _STREET_SHORT.search(rest)):
        return None
    name = match.group("name").strip(" ,")
    return name if block_name_like(name) and not STREET_WORD.search(name) else None


def head_address(
    first_page: list[Line], recipient: set[tuple[int, int]], depth: int = 3
) -> tuple[str, Line] | None:
    """A name over its postal address at the very top of the page, the way any sender heads
    its paper (a booking confirmation, a notice, a bill of no kind we know): "Harbour Light
    Guesthouse / 12 Quay Street / Portree IV51 9DE", the street and town on one line, or the
    name run into its street. A recipient's block (under its label) is not one."""
    for k, ln in enumerate(first_page[:depth]):
        if (ln.page, ln.index) in recipient:
            continue
        rest = [nxt.text for nxt in first_page[k + 1 : k + 3]]
        joined = name_before_street(ln.text)
        if joined is not None and (town_line(ln.text) or (rest and town_line(rest[0]))):
            return joined, ln
        if not _head_name_like(ln.text) or not rest or not is_street(rest[0]):
            continue
        if town_line(rest[0]) or (len(rest) > 1 and town_line(rest[1])):
            return ln.text.strip(), ln
    return None


def _head_name_like(text: str) -> bool:
    """A name heading an address: a block's name, or a longer one of capitalised words joined
    by '&' or 'and' ("Liberty's Delightful Sinful Bakery & Café")."""
    words = [w for w in text.split() if re.search(r"[^\W\d_]", w)]
    return block_name_like(text) or (
        len(words) <= 7
        and len(text) <= 60
        and not re.search(r"\d", text)
        and not NOT_A_NAME.search(text)
        and not names_a_kind(text)
        and sum(w[:1].isupper() for w in words) >= len(words) - 1
    )


def detect_address_block(
    first_page: list[Line], recipient: set[tuple[int, int]]
) -> tuple[str, Line] | None:
    """A shop's name over its street and its postcode and town, the way a till receipt heads
    (or signs) itself: "Saturn Paderborn / Kamp 30-32 / 33098 Paderborn"; or its name run
    into its street over its town ("(Pine Cafe) 88 N Oak Street, / Chicago, IL 60610")."""
    for k in range(len(first_page) - 1):
        joined = name_before_street(first_page[k].text)
        if (
            joined is not None
            and (first_page[k].page, first_page[k].index) not in recipient
            and town_line(first_page[k + 1].text)
        ):
            return joined, first_page[k]
    for k in range(len(first_page) - 2):
        name, street, town = first_page[k : k + 3]
        if (name.page, name.index) in recipient:
            continue
        if not (STREET_LINE.match(street.text) or STREET_WORD.search(street.text)):
            continue
        if not POSTCODE_LINE.match(town.text):
            continue
        if not block_name_like(name.text):
            continue
        top = k
        while top > 0 and k - top < 4 and block_name_like(first_page[top - 1].text):
            top -= 1
        if top == 0:
            return None  # the letterhead's own first lines: the first-line rule reads them
        return name.text.strip(), name
    return None


def address_blocks(first_page: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """Each address on the page as (its name lines, all its lines): up to three name-like
    lines over a street line and a postcode-and-town line."""
    out: list[tuple[list[Line], list[Line]]] = []
    for k in range(1, len(first_page) - 1):
        street, town = first_page[k], first_page[k + 1]
        if not (STREET_LINE.match(street.text) or STREET_WORD.search(street.text)):
            continue
        if not POSTCODE_LINE.match(town.text):
            continue
        top = k
        while top > 0 and k - top < 3 and block_name_like(first_page[top - 1].text):
            top -= 1
        if top < k:
            out.append((first_page[top:k], first_page[top : k + 2]))
    return out


def label_alone(text: str, pattern: re.Pattern[str]) -> bool:
    """A label with nothing after it ("Verkäufer", "Käufer/Leistungsempfänger:")."""
    match = label_match(pattern, text)
    if match is None:
        return False
    rest = (match.group(1) or "").strip()  # both labels keep what follows as group 1
    return not rest or (rest.startswith("/") and label_alone(rest[1:], pattern))


def detached_parties(first_page: list[Line]) -> tuple[list[Line], set[tuple[int, int]]] | None:
    """A two-column header read column by column (a scan's OCR, a form-like layout): the labels
    ("Verkäufer", "Käufer") stand alone, each over further labels ("Name:", "Anschrift:"),
    and the addresses follow later in the labels' order. The seller's name lines, and every
    line of the buyer's address; None when the page is not laid out so."""
    seller = next((i for i, ln in enumerate(first_page) if label_alone(ln.text, FROM_LABEL)), None)
    buyer = next(
        (i for i, ln in enumerate(first_page) if label_alone(ln.text, RECIPIENT_LABEL)), None
    )
    if seller is None or buyer is None:
        return None
    after = max(seller, buyer)
    blocks = [b for b in address_blocks(first_page) if b[1][0].index > after]
    if len(blocks) < 2:
        return None
    first, second = blocks[0], blocks[1]
    if buyer < seller:
        first, second = second, first
    return first[0], {(ln.page, ln.index) for ln in second[1]}


def block_name_like(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 5
        and len(text) >= 4
        and not re.search(r"\d", text)
        and not NOT_A_NAME.search(text)
        and not names_a_kind(text)
        and sum(w[:1].isupper() for w in words) * 2 >= len(words)
    )


# "From: Northbeam Analytics To: Harper & Cole LLP": a sender's label at the start of a line
# and the recipient's further along it
_FROM_START = re.compile(
    r"^(?:from|von|absender|de|van|da|seller|verk[äa]ufer|vendeur|lieferant|fournisseur|"
    r"supplier|leverancier|emisor|mittente)\s*:",
    re.I,
)
_TO_MID = re.compile(r"\s(?:to|an|à|a|aan|para|per)\s*:", re.I)


def recipient_cut(text: str) -> int | None:
    """Where a recipient's label starts inside a line after some text of the other column
    ("Azienda Ospedaliero-Universitaria di Spett.le", "From: Acme Ltd To: Foo Inc"); None
    when there is none."""
    if _FROM_START.match(text):
        to = _TO_MID.search(text)
        if to is not None:
            return to.start() + 1
    match = RECIPIENT_MID.search(text)
    if match is None or not text[: match.start()].strip(" :|-"):
        return None
    return match.start()


def two_column_header(first_page: list[Line]) -> dict[tuple[int, int], int]:
    """The lines under a header of two labels side by side ("Rechnungsempfänger: Lieferant:",
    "Seller: Buyer:"), each with the column (0: the left, 1: the right) that is the
    recipient's: a text layer runs the two address blocks together line by line."""
    out: dict[tuple[int, int], int] = {}
    for i, ln in enumerate(first_page):
        to, by = RECIPIENT_LABEL.match(ln.text), FROM_LABEL.match(ln.text)
        if to is not None and to.group(1) and label_alone(to.group(1), FROM_LABEL):
            side = 0
        elif by is not None and by.group(1) and label_alone(by.group(1), RECIPIENT_LABEL):
            side = 1
        else:
            continue
        for nxt in first_page[i + 1 : i + 5]:
            out[(nxt.page, nxt.index)] = side
    return out


# A form-like bill's section headings over each party's fields ("Informationen zum Verkäufer /
# Firmenname: …", "Seller information", "Datos del cliente")
_SELLER_SECTION = re.compile(
    r"^(?:(?:informationen|angaben|daten)\s+zum\s+(?:verk[äa]ufer|lieferanten|leistungserbringer|"
    r"rechnungssteller)|(?:seller|vendor|supplier|issuer)\s+(?:information|details|info)|"
    r"(?:informations?|coordonn[ée]es)\s+(?:du\s+)?(?:vendeur|fournisseur|prestataire)|"
    r"datos\s+del\s+(?:vendedor|emisor|proveedor)|dati\s+del\s+(?:cedente|fornitore|venditore)|"
    r"gegevens\s+(?:van\s+de\s+)?(?:verkoper|leverancier))\b",
    re.I,
)
_BUYER_SECTION = re.compile(
    r"^(?:(?:informationen|angaben|daten)\s+zum\s+(?:k[äa]ufer|kunden|leistungsempf[äa]nger|"
    r"rechnungsempf[äa]nger)|(?:buyer|customer|client|purchaser)\s+(?:information|details|info)|"
    r"(?:informations?|coordonn[ée]es)\s+(?:du\s+)?(?:client|acheteur)|"
    r"datos\s+del\s+(?:comprador|cliente|receptor)|dati\s+del\s+(?:cessionario|cliente|committente)|"
    r"gegevens\s+(?:van\s+de\s+)?(?:koper|klant|afnemer))\b",
    re.I,
)


def party_sections(first_page: list[Line]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The lines under a seller's and under a buyer's section heading, each up to the next
    heading of either or a line no party's fields hold (at most twelve lines)."""
    seller: set[tuple[int, int]] = set()
    buyer: set[tuple[int, int]] = set()
    for i, ln in enumerate(first_page):
        side = (
            seller
            if _SELLER_SECTION.match(ln.text)
            else buyer
            if _BUYER_SECTION.match(ln.text)
            else None
        )
        if side is None:
            continue
        side.add((ln.page, ln.index))
        for nxt in first_page[i + 1 : i + 13]:
            if _SELLER_SECTION.match(nxt.text) or _BUYER_SECTION.match(nxt.text):
                break
            if _past_address(nxt.text):
                break  # the fields have ended: an amount, the document's heading, a foot
            side.add((nxt.page, nxt.index))
    return seller, buyer


def _address_part(text: str) -> bool:
    """A piece of an address: its street, or its town after a postcode (or with a US state or
    UK postcode)."""
    return is_street(text) or town_line(text)


def _two_addresses(text: str) -> int | None:
    """Where the second of two address pieces read side by side on one line starts ("22 Elm
    Street Bristol BS1 5TT", "Via Verdi 3 40127 Bologna", "40121 Bologna P.IVA 0234…"):
    the left piece a street or a town, the right one a street, a town or the issuer's tax or
    register line; None for a line of one column (or one longer than two addresses' lines)."""
    if len(text) > 120:
        return None
    for gap in re.finditer(r"\s+", text):
        left, right = text[: gap.start()].strip(" ,"), text[gap.end() :].strip()
        if len(left) < 4 or len(right) < 4 or ":" in left or not _address_part(left):
            continue  # "Date: 2 March 2025" is a field, not a street
        if ISSUER_MARK.match(right) or _address_part(right):
            return gap.end()
    return None


def side_by_side(first_page: list[Line]) -> dict[tuple[int, int], int]:
    """A recipient's label at the start of a line with a name after it ("Bill to Northwind
    Hosting Ltd", "Spett.le Idraulica Ferri S.r.l."), over lines that hold two addresses side
    by side: a text layer ran the customer's block (left, under its label) and the issuer's
    (right) together line by line. For each such line, where the right column starts; what
    stands left of it is the recipient's."""
    out: dict[tuple[int, int], int] = {}
    for i, ln in enumerate(first_page[:30]):
        match = label_match(RECIPIENT_LABEL, ln.text)
        if match is None or not match.group(1) or match.start(1) == 0:
            continue
        block: list[Line] = []
        for nxt in first_page[i + 1 : i + 5]:
            if _past_address(nxt.text) or find_dates(nxt.text) or FROM_LABEL.match(nxt.text):
                break
            block.append(nxt)
        splits = {(nxt.page, nxt.index): _two_addresses(nxt.text) for nxt in block}
        found = {key: at for key, at in splits.items() if at is not None}
        if len(found) < 2:
            continue
        out[(ln.page, ln.index)] = match.start(1)
        out.update(found)
    return out


# The parts of a foot's one line: "Name · Street 9 · 12345 Town · Steuernummer …",
# "Name - Street 9 - Town - NIF …", "Name | Street | …"
_FOOT_PARTS = re.compile(r"\s+[|·•–-]\s+|\s{2,}")


def foot_name(first_page: list[Line], recipient: set[tuple[int, int]]) -> tuple[str, Line] | None:
    """The name a page's foot gives first on the issuer's one line of legal details, before
    its street, town and tax or register number ("Malerbetrieb Sommer · Inh. Jens Sommer ·
    Hafenweg 9 · 48155 Münster · Steuernummer 337/5012/3456"): a bill with no letterhead
    names its sender there, legal form or not."""
    for ln in reversed(first_page[-8:]):
        if (ln.page, ln.index) in recipient or not ISSUER_MARK.search(ln.text):
            continue
        parts = [part.strip(" ,;") for part in _FOOT_PARTS.split(ln.text)]
        if len(parts) < 3 or not block_name_like(parts[0]) or is_street(parts[0]):
            continue
        pieces = [piece.strip() for part in parts[1:] for piece in [part, *part.split(",")]]
        if any(is_street(piece) or town_line(piece) for piece in pieces):
            return parts[0], ln
    return None
