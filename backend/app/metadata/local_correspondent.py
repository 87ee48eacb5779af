"""The local engine's correspondent: the issuer, not the recipient. The legal entity near the
VAT id, IBAN or company-register line, in the letterhead or the "From" block; a public body,
the name the document's own web domain spells, a till receipt's shop above its address; never
a line of the address block after "Bill to / An / À / Aan / Kunde". Kinds with a sender of
their own: a letter's signatory, a statement's bank, a tax form's payer."""

from __future__ import annotations

import re
from itertools import pairwise

from app.metadata.facts import DocumentType
from app.metadata.language import (
    find_dates,
    is_stopword,
)
from app.metadata.local_facts_words import (
    AUTHOR,
    CLOSING,
    COMMON_DOMAINS,
    COPYRIGHT,
    ENTITY,
    FROM_LABEL,
    ISSUER_MARK,
    LEGAL_FORM,
    NAME_CONNECTOR,
    NOT_A_NAME,
    ORGANISATION_WORD,
    RECIPIENT_LABEL,
    RECIPIENT_MID,
    SALUTATION,
    SENDER_LINE,
    STREET_WORD,
    TYPE_WORDS,
)
from app.metadata.local_lines import Line

# --- correspondent -------------------------------------------------------------------------


def detect_author(lines: list[Line]) -> tuple[str, Line] | None:
    """Who wrote or publishes a manual, report or article: a "by X" line near the top, else
    the holder of the copyright notice on its first pages."""
    for ln in lines:
        if ln.page == 1 and ln.index < 15:
            match = AUTHOR.match(ln.text)
            # a name, not a sentence that starts with "by" ("Por favor veja Secção 6.1 …")
            if match and _name_like(match.group("name")):
                return _clean_name(match.group("name")), ln
    for ln in lines:
        if ln.page > 2:
            break
        match = COPYRIGHT.match(ln.text)
        if match:
            return _clean_name(match.group("name")), ln
    return None


def _name_like(text: str) -> bool:
    """A person's or an organisation's name: a few words, mostly capitalised, no figures."""
    words = text.split()
    return (
        1 <= len(words) <= 6
        and not re.search(r"\d", text)
        and sum(w[:1].isupper() for w in words) * 2 >= len(words)
    )


def _sentence_like(name: str, language: str | None) -> bool:
    """Words of a sentence before a two-letter legal form's look-alike ("COMO POSSO EU OBTER
    AS"): a company's name holds one stop word at most ("Bank of America Corp")."""
    if not re.search(r"\s[A-Z][A-Za-z]$", name):  # only a two-letter form is ambiguous (AS, SE)
        return False
    words = [
        w
        for w in re.findall(r"[^\W\d_]+", name)[:-1]
        if w.lower() != "co" and not re.fullmatch(LEGAL_FORM, w)
    ]
    stop = sum(is_stopword(w, language) for w in words)
    return stop >= 2 and 2 * stop >= len(words)


def _sender_line(first_page: list[Line]) -> Line | None:
    return next((ln for ln in first_page[:8] if SENDER_LINE.match(ln.text)), None)


_PAYABLES_DESK = re.compile(
    r"^(?:attn\.?:?\s*)?(?:accounts?\s+payable|kreditorenbuchhaltung|comptabilit[ée]\s+fournisseurs|"
    r"crediteurenadministratie)\b[\s,.]*(?:dep(?:artmen)?t\.?)?[\s,.]*$",
    re.I,
)


def _recipient_lines(lines: list[Line]) -> set[tuple[int, int]]:
    """Lines of the address block that follows a recipient label: never the issuer."""
    out: set[tuple[int, int]] = set()
    for i, ln in enumerate(lines):
        if _PAYABLES_DESK.match(ln.text):
            # the customer's accounts-payable desk: the company above it and its address below
            # are the addressee (the issuer's own desk would be its receivables)
            for near in lines[max(0, i - 1) : i + 5]:
                if near.page == ln.page:
                    out.add((near.page, near.index))
            continue
        match = RECIPIENT_LABEL.match(ln.text)
        if not match:
            continue
        if match.group(1):
            out.add((ln.page, ln.index))
        for nxt in lines[i + 1 : i + 5]:
            if nxt.page != ln.page or FROM_LABEL.match(nxt.text):
                break
            out.add((nxt.page, nxt.index))
    return out


# "Sold by Amazon EU S.à r.l.": the words before a seller's name on a marketplace's invoice
_SOLD_BY = re.compile(
    r"^(?:sold by|seller|issued by|billed by|verkauft (?:von|durch)|verkäufer|ausgestellt von|"
    r"vendu par|vendeur|facturé par|émis par|verkocht door|verkoper|vendido por|vendedor|"
    r"emitido por|venduto da|venditore|emesso da)\s*:?\s+",
    re.I,
)


# "For ACME TRADERS PVT. LTD." over "Authorised Signatory": the company a bill is signed for
_SIGNED_FOR = re.compile(r"^(?:for|für|pour|voor|per)\s+(?=\S)", re.I)
_SIGNATORY = re.compile(r"authori[sz]ed\s+signat|proprietor|partner\b|director\b", re.I)

# A contract's opening names its parties: "by and between ACME Corp", "zwischen der ACME GmbH"
_BETWEEN = re.compile(
    r"^(?:(?:made |entered into )?(?:by and )?between|zwischen(?: der| dem| den)?|"
    r"entre(?: la| le| les)?|tussen|tra(?: la| il)?)\s+",
    re.I,
)


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?", "", name.strip(), flags=re.I)
    name = _SOLD_BY.sub("", name.strip())
    name = _SIGNED_FOR.sub("", name)
    name = _BETWEEN.sub("", name)
    name = name.strip(" ,;:-–|·•")
    name = re.sub(r"\s+[-–]\s+(?=(?:" + LEGAL_FORM + r")$)", " ", name)  # "Free Mobile - SAS"
    return " ".join(name.split())


_FROM_IN_LINE = re.compile(
    r"^(?P<pre>.+?)\s+(?:from|von|van|de|by|par|da|di)\s+(?P<name>\S.*)$", re.I
)


def _after_from(name: str) -> str:
    """ "Invoice 2026-117 from ACME Corporation" → "ACME Corporation": a name the entity
    pattern caught together with the line's lead-in (a type word or a number before "from")."""
    match = _FROM_IN_LINE.match(name)
    if match is None:
        return name
    pre = match.group("pre")
    if re.search(r"\d", pre) or any(p.search(pre) for p in TYPE_WORDS.values()):
        return match.group("name")
    return name


# --- names without a legal form: public bodies, web domains, address blocks -------------------

_SEGMENT_BREAK = re.compile(r"\s*(?:[—–|•·;:()\[\],/]|\s-\s)\s*")


# Organisation words that also name a product or a desk ("Microsoft Office", "Customer
# Service", "Help Center"): an organisation only with what it is of or for ("Office of
# Management", "Center for Disease Control").
_WEAK_ORG = re.compile(
    r"office|service|cent(?:er|re)s?|board|council|society|association|college|direction",
    re.I,
)


def _organisation_in(segment: str) -> str | None:
    """The organisation a piece of a line names, when the piece ends in one: capitalised words
    (and the small words inside a name) holding an organisation word, after nothing or after a
    figure ("Form 1040 … 2021 Department of the Treasury"), never after a sentence's words."""
    words = segment.split()
    run: list[str] = []
    for word in reversed(words):
        bare = word.strip(".,'’\"")
        if bare[:1].isupper() or (run and bare.lower() in NAME_CONNECTOR):
            run.insert(0, word)
            continue
        if re.search(r"\d", bare) or not bare:
            break
        return None  # a lower-case word before the name: a sentence about it
    while run and run[0].lower() in NAME_CONNECTOR:
        run.pop(0)
    if len(run) < 2 or len(run) > 10:
        return None
    strong = [
        w
        for w in run
        if ORGANISATION_WORD.fullmatch(w.strip(".,")) and not _WEAK_ORG.fullmatch(w.strip(".,"))
    ]
    weak_with_object = any(
        _WEAK_ORG.fullmatch(w.strip(".,"))
        and i + 1 < len(run)
        and run[i + 1].lower() in NAME_CONNECTOR
        for i, w in enumerate(run)
    )
    if not strong and not weak_with_object:
        return None
    return " ".join(run).strip(" .,")


def detect_organisation(lines: list[Line]) -> tuple[str, Line] | None:
    """A public body, university or foundation heading or signing the first page (its
    letterhead lines and its foot), read from a line or a part of one."""
    first_page = [ln for ln in lines if ln.page == 1]
    where = first_page[:20] + first_page[-8:]
    for ln in where:
        if len(ln.text) > 200 and ln not in first_page[:3]:
            continue
        for segment in _SEGMENT_BREAK.split(ln.text):
            name = _organisation_in(segment)
            if name is not None:
                return name, ln
    return None


_DOMAIN = re.compile(r"(?:@|www\.|://)((?:[a-z0-9-]+\.)+)[a-z]{2,6}\b", re.I)
_SECOND_LEVEL = frozenset({"co", "com", "gov", "ac", "org", "net", "edu", "gouv", "gob"})


def _domain_labels(
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
        for match in _DOMAIN.finditer(text):
            if own_only and not match.group(0).startswith("@") and not _bare(text, match):
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


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def detect_by_domain(
    lines: list[Line], skip: set[tuple[int, int]], repeated_word: bool, own_only: bool = False
) -> tuple[str, Line] | None:
    """The name the document's own web or mail domain spells: a short line that is the domain
    with its spaces ("Marktkauf Lehr" for marktkauf-lehr.de), else (`repeated_word`) a word
    the text repeats ("SQLite" for sqlite.org, "BLS" for bls.gov), outside the URLs and
    addresses."""
    labels = _domain_labels(lines, skip, own_only)
    if not labels:
        return None
    early = [ln for ln in lines if ln.page <= 2 and (ln.page, ln.index) not in skip]
    for label in labels:
        key = _squash(label)
        for ln in early:
            if (
                len(ln.text.split()) <= 5
                and _squash(ln.text) == key
                and not _DOMAIN.search(ln.text)
            ):
                return ln.text.strip(), ln
        if not repeated_word:
            continue
        counts: dict[str, int] = {}
        first: dict[str, Line] = {}
        for ln in early:
            for word in re.findall(r"(?<![@./\w-])[^\W\d_][\w-]*(?![\w-]*[@.][\w])", ln.text):
                if _squash(word) == key:
                    counts[word] = counts.get(word, 0) + 1
                    first.setdefault(word, ln)
        if sum(counts.values()) >= 2:
            word = max(counts, key=lambda w: (counts[w], w != w.lower()))
            return word, first[word]
    return None


def _spelled_by_domain(name: str, domains: list[str]) -> bool:
    """ "Acme Tools GmbH" and www.acme-tools.de: the name without its legal form is the
    domain's name, or one holds the other."""
    core = _squash(re.sub(r"(?:^|\s)(?:" + LEGAL_FORM + r")$", "", name))
    return any(
        len(key) >= 4 and len(core) >= 4 and (key in core or core in key)
        for key in (_squash(d) for d in domains)
    )


_POSTCODE_LINE = re.compile(r"^(?:[A-Z]{1,2}[- ]?)?\d{4,6}(?:\s?[A-Z]{2})?\s+[^\W\d_]")
_STREET_LINE = re.compile(
    r"^[^\W\d_][^\d]{2,40}\s\d{1,4}(?:\s?[a-zA-Z])?(?:\s*[-/]\s*\d{1,4})?\.?$"
)


def detect_address_block(
    first_page: list[Line], recipient: set[tuple[int, int]]
) -> tuple[str, Line] | None:
    """A shop's name over its street and its postcode and town, the way a till receipt heads
    (or signs) itself: "Saturn Paderborn / Kamp 30-32 / 33098 Paderborn"."""
    for k in range(len(first_page) - 2):
        name, street, town = first_page[k : k + 3]
        if (name.page, name.index) in recipient:
            continue
        if not (_STREET_LINE.match(street.text) or STREET_WORD.search(street.text)):
            continue
        if not _POSTCODE_LINE.match(town.text):
            continue
        if not _block_name_like(name.text):
            continue
        top = k
        while top > 0 and k - top < 4 and _block_name_like(first_page[top - 1].text):
            top -= 1
        if top == 0:
            return None  # the letterhead's own first lines: the first-line rule reads them
        return name.text.strip(), name
    return None


def _address_blocks(first_page: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """Each address on the page as (its name lines, all its lines): up to three name-like
    lines over a street line and a postcode-and-town line."""
    out: list[tuple[list[Line], list[Line]]] = []
    for k in range(1, len(first_page) - 1):
        street, town = first_page[k], first_page[k + 1]
        if not (_STREET_LINE.match(street.text) or STREET_WORD.search(street.text)):
            continue
        if not _POSTCODE_LINE.match(town.text):
            continue
        top = k
        while top > 0 and k - top < 3 and _block_name_like(first_page[top - 1].text):
            top -= 1
        if top < k:
            out.append((first_page[top:k], first_page[top : k + 2]))
    return out


def _label_alone(text: str, pattern: re.Pattern[str]) -> bool:
    """A label with nothing after it ("Verkäufer", "Käufer/Leistungsempfänger:")."""
    match = pattern.match(text)
    if match is None:
        return False
    rest = (match.group(1) or "").strip()  # both labels keep what follows as group 1
    return not rest or (rest.startswith("/") and _label_alone(rest[1:], pattern))


def detached_parties(first_page: list[Line]) -> tuple[list[Line], set[tuple[int, int]]] | None:
    """A two-column header read column by column (a scan's OCR, a form-like layout): the labels
    ("Verkäufer", "Käufer") stand alone, each over further labels ("Name:", "Anschrift:"),
    and the addresses follow later in the labels' order. The seller's name lines, and every
    line of the buyer's address; None when the page is not laid out so."""
    seller = next((i for i, ln in enumerate(first_page) if _label_alone(ln.text, FROM_LABEL)), None)
    buyer = next(
        (i for i, ln in enumerate(first_page) if _label_alone(ln.text, RECIPIENT_LABEL)), None
    )
    if seller is None or buyer is None:
        return None
    after = max(seller, buyer)
    blocks = [b for b in _address_blocks(first_page) if b[1][0].index > after]
    if len(blocks) < 2:
        return None
    first, second = blocks[0], blocks[1]
    if buyer < seller:
        first, second = second, first
    return first[0], {(ln.page, ln.index) for ln in second[1]}


def _block_name_like(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 5
        and len(text) >= 4
        and not re.search(r"\d", text)
        and not NOT_A_NAME.search(text)
        and not _names_a_kind(text)
        and sum(w[:1].isupper() for w in words) * 2 >= len(words)
    )


# --- the payee: who the money goes to is who issued the bill ----------------------------------

# The labels of a bill's payment block and its closing words that name the issuer: "Make
# checks payable to", "Account holder", "Kontoinhaber", "Titulaire du compte", "Beneficiary",
# "Ten name van", "Intestatario"; "Thank you for your business with", "Vielen Dank für Ihren
# Einkauf bei", "Merci de votre visite chez". The name follows on the line, or on the next line
# when the label stands alone.
_PAYEE = re.compile(
    r"(?:^|\b)(?:(?:please\s+)?make\s+(?:all\s+)?(?:checks?|cheques?)(?:\s+and\s+money\s+orders?)?"
    r"\s+payable\s+to|(?:checks?|cheques?|payments?)\s+(?:should\s+be\s+|are\s+to\s+be\s+)?"
    r"(?:made\s+)?payable\s+to|payable\s+to|pay\s+to\s+the\s+order\s+of|"
    r"à\s+l['’]ordre\s+de|(?P<account>"
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
    r"(?P<name6>.+?)[.!]*$",
    re.I,
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


def _payee_value(text: str) -> str | None:
    """The name a payee label or a thank-you carries, when it reads as one: a few words, no
    figures, not an account number nor a heading."""
    name = _clean_name(re.split(r"\s{2,}|\s[|·•]\s", text.strip())[0])
    entity = ENTITY.search(name)
    if entity is not None and entity.start() == 0:
        name = _clean_name(entity.group("name"))
    words = name.split()
    if not 1 <= len(words) <= 8 or len(name) < 3 or len(name) > 70:
        return None
    if re.search(r"\d", name) or NOT_A_NAME.search(name) or _names_a_kind(name):
        return None
    if sum(w[:1].isupper() for w in words) * 2 < len(words):
        return None
    return name


# Kinds whose payee is their issuer: a bill, a receipt, a practice's or a creditor's letter,
# or a kind not known (a statement's account holder, an insured beneficiary are the reader)
_PAYEE_KINDS = frozenset(
    {
        DocumentType.INVOICE,
        DocumentType.RECEIPT,
        DocumentType.MEDICAL,
        DocumentType.LETTER,
        DocumentType.OTHER,
        None,
    }
)


def payee_names(lines: list[Line], recipient: set[tuple[int, int]]) -> list[tuple[str, Line]]:
    """The issuer as a bill's payment block or closing names it: the holder of the account to
    pay into, whom cheques are payable to, whom the customer thanks for their business; never
    a line of the recipient's address (a direct debit names the customer's own account)."""
    out: list[tuple[str, Line]] = []
    for i, ln in enumerate(lines):
        if ln.page > 2:
            break
        nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == ln.page else None
        match = _PAYEE.search(ln.text) or _THANKS.search(ln.text)
        value: str | None = None
        source = ln
        if match is not None and match.re is _PAYEE and match.group("account"):
            block = lines[max(0, i - 3) : i + 4]
            if not any(_BANK_WORDS.search(n.text) for n in block if n.page == ln.page):
                continue  # an account's name outside the bank details: the customer's
        if match is not None:
            found = match.group("name") if match.re is _PAYEE else None
            if found is None:
                found = next((g for g in match.groups() if g is not None), "")
            if found.strip(" :.-–"):
                value = _payee_value(found)
            elif nxt is not None:
                value, source = _payee_value(nxt.text), nxt
        elif _SIGNED_FOR.match(ln.text) and any(
            _SIGNATORY.search(n.text) for n in lines[i + 1 : i + 4] if n.page == ln.page
        ):
            value = _payee_value(ln.text)
        elif _THANKS_ALONE.match(ln.text) and nxt is not None and ENTITY.match(nxt.text):
            # only a company's legal line: a farewell or the opening hours follow one too
            value, source = _payee_value(nxt.text), nxt
        if value is None or (source.page, source.index) in recipient:
            continue
        if any(_squash(value) == _squash(r.text) for r in lines if (r.page, r.index) in recipient):
            continue
        out.append((value, source))
    return out


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one name: one holds the other once legal forms are left out."""
    strip = re.compile(r"(?:^|\s)(?:" + LEGAL_FORM + r")$")
    x, y = _squash(strip.sub("", a)), _squash(strip.sub("", b))
    return len(x) >= 3 and len(y) >= 3 and (x in y or y in x)


def detect_correspondent(
    lines: list[Line],
    letterhead: bool = True,
    language: str | None = None,
    kind: DocumentType | None = None,
) -> tuple[str, Line, float] | None:
    """The issuer: a named legal entity scored by where it stands (letterhead, "From" block,
    beside a VAT id / IBAN / register line), whether the document's own web or mail domain
    spells it, and how often it recurs; the recipient's block is excluded. Without a legal
    form: the "From" line, the line the domain spells, a till receipt's address block, the
    first name-like line of the letterhead. A kind without a letterhead (an article, a form, a
    manual) names its author, a public body on its first page or the name its domain spells,
    or nothing."""
    if not letterhead:
        author = detect_author(lines)
        if author is not None:
            return author[0], author[1], 0.6
    recipient = _recipient_lines(lines)
    first_page = [ln for ln in lines if ln.page == 1]
    sender = _sender_line(first_page)
    if sender is not None:
        match = SENDER_LINE.match(sender.text)
        if match:
            name = _clean_name(match.group("name"))
            if len(name) >= 3 and not NOT_A_NAME.search(name):
                return name, sender, 0.8
    scores: dict[str, float] = {}
    spelled: dict[str, tuple[str, Line]] = {}
    from_block: set[tuple[int, int]] = set()
    parties = detached_parties(first_page)
    if parties is not None:
        recipient |= parties[1]
        from_block |= {(ln.page, ln.index) for ln in parties[0]}
    for i, ln in enumerate(first_page):
        if FROM_LABEL.match(ln.text):
            for nxt in first_page[i : i + 5]:
                from_block.add((nxt.page, nxt.index))
    marks = {(ln.page, ln.index) for ln in lines if ISSUER_MARK.search(ln.text)}
    domains = _domain_labels(lines, recipient)
    named = next(
        (
            ln
            for ln in first_page
            if (ln.page, ln.index) in from_block
            and re.match(
                r"^(?:name|firma|company|raison sociale|naam|nome)\s*:\s*\S", ln.text, re.I
            )
        ),
        None,
    )
    for ln in lines:
        if ln.page > 2:
            break
        if (ln.page, ln.index) in recipient or re.search(r"©|\(c\)|copyright", ln.text, re.I):
            continue
        cut = _recipient_cut(ln.text)
        for match in ENTITY.finditer(ln.text):
            if cut is not None and match.start() >= cut:
                continue  # right of a recipient's label on a line of two columns
            name = _after_from(_clean_name(match.group("name")))
            if len(name) < 4 or len(name) > 70 or _sentence_like(name, language):
                continue
            if STREET_WORD.search(name):  # "1200 New Jersey Avenue SE": an address
                continue
            key = name.lower()
            score = 1.0
            if _spelled_by_domain(name, domains):
                score += 2.0
            if ln.page == 1 and ln.index < 8:
                score += 2.0
            if (ln.page, ln.index) in from_block:
                score += 3.0
            near = any((ln.page, ln.index + d) in marks for d in (-2, -1, 0, 1, 2))
            if near:
                score += 2.0
            if (ln.page, ln.index) in marks and len(ln.text) > len(name) + 8:
                # the company's legal line (name, register, VAT id on one line, as a foot
                # prints it): outweighs an addressee's name at the top of the page
                score += 1.5
            scores[key] = scores.get(key, 0.0) + score
            spelled.setdefault(key, (name, ln))
    # the payee of the payment block, the business a receipt thanks: strong evidence, and a
    # name of its own when the page holds no legal form
    payees = payee_names(lines, recipient) if kind in _PAYEE_KINDS else []
    for payee, where in payees:
        same = [key for key in scores if _same_name(spelled[key][0], payee)]
        for key in same:
            scores[key] += 4.0
        # a bare name beside a company's legal name is weaker than it ("Kontoinhaber: Jane
        # Roe" may be the customer whose account a direct debit draws on)
        if not same and (not scores or ENTITY.search(payee)):
            key = payee.lower()
            scores[key] = scores.get(key, 0.0) + 4.0
            spelled.setdefault(key, (payee, where))
    if named is not None and not scores:
        return _clean_name(named.text.split(":", 1)[1]), named, 0.7
    if parties is not None and not scores:
        seller_lines = parties[0]
        joined = Line(
            seller_lines[0].page, seller_lines[0].index, " ".join(ln.text for ln in seller_lines)
        )
        return _clean_name(joined.text), joined, 0.6
    if scores:
        best = max(scores, key=lambda k: (scores[k], -spelled[k][1].page, -spelled[k][1].index))
        name, line = spelled[best]
        evidenced = (
            _spelled_by_domain(name, domains)
            or (line.page, line.index) in from_block
            or any((line.page, line.index + d) in marks for d in (-2, -1, 0, 1, 2))
            or any(_same_name(name, payee) for payee, _ in payees)
        )
        if letterhead and not evidenced:
            # a company named only by where it stands (an addressee without a label) against
            # the line the document's own mail or web domain spells ("Bright Labs" for
            # billing@brightlabs.io): the domain is the issuer's
            own = detect_by_domain(lines, recipient, repeated_word=False, own_only=True)
            if own is not None and own[1].page == 1 and not _same_name(own[0], name):
                return own[0], own[1], 0.6
        return name, line, min(0.95, 0.5 + 0.1 * scores[best])
    if not letterhead:
        organisation = detect_organisation(lines)
        if organisation is not None:
            return organisation[0], organisation[1], 0.5
        # no recipient's block to leave out: prose lines start with "to" or "a" too
        by_domain = detect_by_domain(lines, set(), repeated_word=True, own_only=True)
        if by_domain is not None:
            return by_domain[0], by_domain[1], 0.4
        return None
    # no legal form anywhere: the "From" line, or the letterhead's first name-like line (only
    # for a kind that has a sender: a newsletter's heading is not one)
    for i, ln in enumerate(first_page[:12]):
        labelled = FROM_LABEL.match(ln.text)
        if labelled:
            match = labelled
            value = match.group(1) or (first_page[i + 1].text if i + 1 < len(first_page) else "")
            target = ln if match.group(1) else first_page[i + 1] if i + 1 < len(first_page) else ln
            if value and not NOT_A_NAME.search(value):
                return _clean_name(value), target, 0.6
    # then, in this order: the line the document's own domain spells, a till receipt's
    # address block, the letterhead's first name-like line, a word the domain spells; the
    # first of them the domain confirms when they differ ("7 Thalia" over a branch's address
    # block when the receipt prints thalia.de)
    domains = _domain_labels(lines, recipient)
    candidates: list[tuple[str, Line, float]] = []
    by_domain = detect_by_domain(lines, recipient, repeated_word=False)
    if by_domain is not None and by_domain[1].page == 1:
        candidates.append((by_domain[0], by_domain[1], 0.5))
    if kind is DocumentType.RECEIPT:
        block = detect_address_block(first_page, recipient)
        if block is not None:
            candidates.append((block[0], block[1], 0.4))
    for k, ln in enumerate(first_page[:4]):
        if (ln.page, ln.index) in recipient or NOT_A_NAME.search(_without_kind_word(ln.text)):
            continue
        if SALUTATION.match(ln.text):
            break  # "Dear Sir/Madam": the letter's body has begun, the reader is addressed
        cut = _recipient_cut(ln.text)
        text = ln.text if cut is None else _JOINING_END.sub("", ln.text[:cut].rstrip())
        bare = _without_kind_word(text)
        if bare != text and cut is None:
            text, ln = bare, Line(ln.page, ln.index, bare)
            cut = len(bare)  # the line is the name now: no wrapped name to join
        words = text.split()
        if (
            1 <= len(words) <= 5
            and len(text) <= 40
            and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)
            and not _names_a_kind(text)
            and not find_dates(text)
            and not re.search(r"\d[.,]\d", text)  # a price ("N 1,459 EUR/Liter")
        ):
            # a line cut at a recipient's label: the next line is two columns run together
            named = _wrapped_name(first_page, k, recipient) if cut is None else ln
            candidates.append((_clean_name(text if cut is not None else named.text), named, 0.4))
            break
    # an organisation heading the page in a line too long for a name alone ("Lakeview
    # Hospital of Northern Vermont BILLING")
    head = [ln for ln in first_page[:4] if (ln.page, ln.index) not in recipient]
    organisation = detect_organisation(head)
    if organisation is not None:
        candidates.append((organisation[0], organisation[1], 0.4))
    by_domain = detect_by_domain(lines, recipient, repeated_word=True)
    if by_domain is not None:
        candidates.append((by_domain[0], by_domain[1], 0.3))
    confirmed = [c for c in candidates if _spelled_by_domain(c[0], domains)]
    if confirmed:
        return confirmed[0]
    if candidates:
        return candidates[0]
    return None


# Kinds whose words also name who sends them: "HUK-COBURG Versicherung", "Finanzamt
# Musterstadt", "Praxis Dr. Weber" are senders; "Rechnung", "Kontoauszug" are headings.
_SENDER_WORD_KINDS = (DocumentType.INSURANCE, DocumentType.TAX, DocumentType.MEDICAL)


def _recipient_cut(text: str) -> int | None:
    """Where a recipient's label starts inside a line after some text of the other column
    ("Azienda Ospedaliero-Universitaria di Spett.le"); None when there is none."""
    match = RECIPIENT_MID.search(text)
    if match is None or not text[: match.start()].strip(" :|-"):
        return None
    return match.start()


def _without_kind_word(text: str) -> str:
    """A letterhead line with the heading beside the name ("Harbor Roofing LLC INVOICE",
    "RECHNUNG Malerbetrieb Kranz"): the name without the heading word at its start or end;
    the line itself when it has none there."""
    for kind, pattern in TYPE_WORDS.items():
        if kind in _SENDER_WORD_KINDS:
            continue  # "HUK-COBURG Versicherung": the kind's word is part of the name
        for match in pattern.finditer(text):
            before, after = text[: match.start()].strip(" -–:|"), text[match.end() :].strip(" -–:|")
            if before and not after and match.start() > 0 and text[match.start() - 1] == " ":
                return before
            if after and not before and match.end() < len(text) and text[match.end()] == " ":
                # "Receipt from Acme Design", "Rechnung von Malerbetrieb Kranz"
                return re.sub(r"^(?:from|von|de|du|van|da|di|by|par)\s+", "", after, flags=re.I)
    return text


def _names_a_kind(text: str) -> bool:
    """A heading that names the document's kind, never a sender's name."""
    for kind, pattern in TYPE_WORDS.items():
        if pattern.search(text) and (kind not in _SENDER_WORD_KINDS or len(text.split()) < 2):
            return True
    return False


# A name's line that ends in a word that joins ("Azienda Ospedaliero-Universitaria di",
# "Institut für", "Smith &"): the name goes on on the next line.
_JOINING_END = re.compile(
    r"(?:\s(?:di|de|del|della|dei|des|du|da|do|dos|of|for|the|and|für|der|und|van|von|voor|en|"
    r"et|e|y|zu|zur|zum)|\s?[&+-])$",
    re.I,
)


def _wrapped_name(first_page: list[Line], k: int, recipient: set[tuple[int, int]]) -> Line:
    """The name's line, joined with the next when the name wraps over two lines."""
    ln = first_page[k]
    if k + 1 >= len(first_page) or not _JOINING_END.search(ln.text):
        return ln
    nxt = first_page[k + 1]
    if (nxt.page, nxt.index) in recipient or NOT_A_NAME.search(nxt.text) or len(nxt.text) > 40:
        return ln
    return Line(ln.page, ln.index, f"{ln.text} {nxt.text}")


def letter_signatory(lines: list[Line]) -> tuple[str, Line, float] | None:
    """A letter whose head names no sender ("Dear Sir/Madam" first): who signs under its
    closing, the organisation among the next lines ("Yours faithfully, / Jane Roe / Office of
    the Public Guardian") or else the first name there."""
    for i, ln in enumerate(lines[:400]):
        if not CLOSING.search(ln.text) or len(ln.text) > 40:
            continue
        below = [n for n in lines[i + 1 : i + 4] if n.page == ln.page]
        for n in below:
            organisation = _organisation_in(n.text.strip())
            if organisation is not None:
                return organisation, n, 0.4
        person = next((n for n in below if _name_like(n.text) and len(n.text.split()) >= 2), None)
        return (_clean_name(person.text), person, 0.3) if person is not None else None
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
                and _name_like(name.replace(",", ""))
                and (_HOUSE_NUMBER.match(after.text) or _STREET_LINE.match(after.text))
            ):
                return _clean_name(name), n, 0.6
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
            name = _clean_name(TYPE_WORDS[DocumentType.BANK_STATEMENT].split(match.group(0))[0])
            if len(name.split()) >= 2:
                return name, ln, 0.6
    return None
