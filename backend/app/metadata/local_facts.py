"""The local facts engine: the type, issuer, date, total, reference and due date of a document,
read by rules that know the words invoices, receipts and letters use in several languages.

Every value comes with the line it was read from (`make_fact` checks the quote is on the
page). The rules, in the order a person reads a bill:

- type: keywords of each kind, weighed by where they stand (a heading on the first page counts
  most), with the structure that proves a kind (an invoice has a total or a number);
- correspondent: the issuer, not the recipient. The legal entity near the VAT id, IBAN or
  company-register line, in the letterhead or the "From" block; never a line of the address
  block after "Bill to / An / À / Aan / Kunde";
- document date: a labelled one ("Invoice date", "Rechnungsdatum", "Factuurdatum") first,
  else the first date in the first page's header;
- total: the amount to pay or paid, labelled, over the subtotal and the tax lines;
- reference: invoice, order, policy or account number, by label;
- due date: by label ("due", "fällig", "zahlbar bis", "échéance", "vervaldatum").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import pairwise

from app.metadata.facts import DocumentType, FactName, Facts, Total, make_fact
from app.metadata.language import (
    FoundDate,
    date_order,
    document_currency,
    find_amounts,
    find_dates,
    is_stopword,
)
from app.metadata.local_facts_words import (
    AUTHOR,
    BLANK_FIELD,
    CLOSING,
    COMMON_DOMAINS,
    COPYRIGHT,
    DOCUMENT_DATE_LABEL,
    DUE_LABEL,
    ENTITY,
    FORM_LABEL,
    FROM_LABEL,
    GENERIC_DATE_LABEL,
    ISSUER_MARK,
    LABEL_BARE,
    LEGAL_FORM,
    NAME_CONNECTOR,
    NO_TOTAL_KINDS,
    NOT_A_NAME,
    NOT_DOCUMENT_DATE,
    NUMBER_LABEL,
    ORGANISATION_WORD,
    OTHER_DOCUMENT,
    OTHER_WORDS,
    PERIOD_LABEL,
    PROSE_KINDS,
    RECIPIENT_LABEL,
    RECIPIENT_MID,
    REFERENCE_LABELS,
    REFERENCE_VALUE,
    RULED_FIELD,
    SALUTATION,
    SENDER_LINE,
    SENT_KINDS,
    SIGNATURE_FIELD,
    STREET_WORD,
    THIS,
    TYPE_WORDS,
    is_navigation,
)
from app.metadata.local_lines import Line, page_lines
from app.metadata.local_total import detect_total, fallback_currency

# --- document type -------------------------------------------------------------------------


_PRICE = re.compile(r"\d[.,]\d{2}(?![\d.,])")
# A sentence of running text, not a heading or a table cell.
_SENTENCE_LINE = re.compile(r"(?:\S+\s+){7}\S")


def _price_lines(lines: list[Line]) -> int:
    """Lines of the first page that carry a price (a number with two decimals)."""
    return sum(1 for ln in lines if ln.page == 1 and _PRICE.search(ln.text))


def _blank_fields(lines: list[Line]) -> tuple[int, bool]:
    """Fields left blank for the reader ("Signature: Date:"), and whether one is a signature."""
    count, signed = 0, False
    for ln in lines:
        found = [m.group(0) for m in BLANK_FIELD.finditer(ln.text)]
        count += max(len(found), len(RULED_FIELD.findall(ln.text)))
        signed |= any(SIGNATURE_FIELD.match(f.split(":")[0].strip()) for f in found)
    return count, signed


def _prose_line(line: str) -> bool:
    """A line of running text: a long sentence's line, or a narrow column's line of mostly
    lower-case words ("persons an opportunity to participate in the")."""
    if _SENTENCE_LINE.search(line) and len(line) >= 60:
        return True
    words = line.split()
    lower = sum(1 for w in words if w.isalpha() and w.islower())
    return len(words) >= 5 and len(line) >= 30 and 5 * lower >= 3 * len(words)


def _is_running_text(text: str) -> bool:
    """Whether the document is running text: most of it in lines of sentences."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    prose = [ln for ln in lines if _prose_line(ln)]
    share = sum(len(ln) for ln in prose) / max(1, sum(len(ln) for ln in lines))
    return len(prose) >= 5 and share >= 0.4


def detect_type(
    lines: list[Line], labels: dict[FactName, bool]
) -> tuple[DocumentType, Line] | None:
    """The kind with the most evidence, and the line that names it. Headings on the first page
    weigh most; a word of a kind that also runs through other prose ("report", "contract") in
    lower case inside a sentence weighs little; an invoice, receipt or payslip must carry money
    (a total, or prices) to count. A form is also known by its blank fields ("Signature:
    Date:"), a printed web page without other evidence is an article, and running text that
    names no kind is `other`."""
    first = [ln for ln in lines if ln.page == 1]
    head = first[:25]
    scores: dict[DocumentType, float] = {}
    where: dict[DocumentType, Line] = {}
    web_page = next((ln for ln in lines[:40] if is_navigation(ln.text)), None)
    for kind, pattern in [*TYPE_WORDS.items(), (DocumentType.OTHER, OTHER_WORDS)]:
        score = 0.0
        named_on_top = False  # the kind's word in the first page's head, not in its prose
        for ln in lines[:400]:
            if is_navigation(ln.text):
                continue
            found = list(pattern.finditer(ln.text))
            hits = [m.group(0) for m in found]
            if not hits:
                continue
            # "Use this form to apply": the document naming itself is no passing mention
            itself = any(THIS.search(ln.text[: m.start()]) for m in found)
            weight = 1.0
            if ln.page == 1 and ln.index < 25:
                heading = len(ln.text) <= 40 and not ln.text.endswith(".")
                weight = 3.0 if heading else 2.0
            elif ln.page == 1:
                weight = 1.5
            if (
                kind in PROSE_KINDS
                and (_SENTENCE_LINE.search(ln.text) or ln.text[:1].islower())
                and all(h.islower() for h in hits)
                and not itself
            ):
                weight = 0.5
            named_on_top |= weight >= 3.0 or (itself and ln.page == 1)
            score += weight * min(len(hits), 2)
            if kind not in where or (weight > 1.0 and where[kind].page != 1):
                where.setdefault(kind, ln)
        if kind in PROSE_KINDS and not named_on_top:
            # "the Accident Investigation Report" cited on page 2 is not what this document is
            score *= 0.5
        if score:
            scores[kind] = score
    blank, signed = _blank_fields(lines[:400])
    if (blank >= 2 and signed) or blank >= 3:
        field = next(ln for ln in lines if BLANK_FIELD.search(ln.text))
        scores[DocumentType.FORM] = scores.get(DocumentType.FORM, 0.0) + min(3.0, 1.0 * blank)
        where.setdefault(DocumentType.FORM, field)
    money = labels.get(FactName.TOTAL, False) or _price_lines(lines) >= 4
    for kind in (DocumentType.INVOICE, DocumentType.RECEIPT, DocumentType.PAYSLIP):
        if kind in scores and not money:
            scores[kind] *= 0.6 if kind is DocumentType.INVOICE else 0.3
    if DocumentType.INVOICE in scores and labels.get(FactName.REFERENCE):
        scores[DocumentType.INVOICE] += 2.0
    if money and DocumentType.RECEIPT in scores and DocumentType.INVOICE in scores:
        # "Rechnung" printed on a till receipt is common; a receipt names cash or change
        scores[DocumentType.RECEIPT] *= 0.8
    text = "\n".join(ln.text for ln in lines[:300])
    salutation = next((ln for ln in head if SALUTATION.match(ln.text)), None)
    if salutation and CLOSING.search(text):
        # a salutation and a closing outweigh what a letter is about ("Ihr Antrag"), but not
        # an invoice's number and total written as a letter ("Sehr geehrter Herr …, wir
        # berechnen Ihnen …")
        bonus = 3.5 if money else 6.0
        scores[DocumentType.LETTER] = scores.get(DocumentType.LETTER, 0.0) + bonus
        where[DocumentType.LETTER] = salutation
    best = max(scores, key=lambda k: scores[k]) if scores else None
    if best is not None and scores[best] >= 1.5:
        return best, where[best]
    if web_page is not None and _is_running_text(text):
        # a saved web page of running text (its menu bar printed above it): an article
        return DocumentType.ARTICLE, web_page
    if _is_running_text(text):
        top = next((ln for ln in first if len(ln.text) >= 3), first[0] if first else None)
        if top is not None:
            return DocumentType.OTHER, top
    return None


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


def _recipient_lines(lines: list[Line]) -> set[tuple[int, int]]:
    """Lines of the address block that follows a recipient label: never the issuer."""
    out: set[tuple[int, int]] = set()
    for i, ln in enumerate(lines):
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


# A contract's opening names its parties: "by and between ACME Corp", "zwischen der ACME GmbH"
_BETWEEN = re.compile(
    r"^(?:(?:made |entered into )?(?:by and )?between|zwischen(?: der| dem| den)?|"
    r"entre(?: la| le| les)?|tussen|tra(?: la| il)?)\s+",
    re.I,
)


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?", "", name.strip(), flags=re.I)
    name = _SOLD_BY.sub("", name.strip())
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
            scores[key] = scores.get(key, 0.0) + score
            spelled.setdefault(key, (name, ln))
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
        if (ln.page, ln.index) in recipient or NOT_A_NAME.search(ln.text):
            continue
        if SALUTATION.match(ln.text):
            break  # "Dear Sir/Madam": the letter's body has begun, the reader is addressed
        cut = _recipient_cut(ln.text)
        text = ln.text if cut is None else _JOINING_END.sub("", ln.text[:cut].rstrip())
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


# --- labelled values -----------------------------------------------------------------------


AMOUNT_DUE = re.compile(r"\b(?:balance|amount|total|sum)\s+$", re.I)


def _after_label(line: Line, pattern: re.Pattern[str]) -> Iterator[tuple[str, int]]:
    """The text after each occurrence of a label on `line`, with the label's start."""
    for match in pattern.finditer(line.text):
        yield line.text[match.end() :], match.start()


# OCR's slips inside a printed date: spaces around its separators ("4. 04. 2020"), a comma
# for a dot ("04,04.2020"), a letter for a digit ("O4.04.2020", "15.04.202C", "l5.04.2020").
_DATEISH = re.compile(
    r"(?<![\w.,/-])([0-9OoCDlI|]{1,2}) ?([.,/-]) ?([0-9OoCDlI|]{1,2}) ?([.,/-])"
    r"( ?(?:19|2[0O])[0-9OoCDlI|]{2}|[0-9OoCDlI|]{2})(?![\w/-]|[.,:]\d)"
)
_DIGIT_FOR = str.maketrans("OoCDlI|", "0000111")


def repair_dates(text: str) -> str:
    """A line's day.month.year dates as printed, where OCR spaced them or read a letter for a
    digit; left alone when a part has no digit at all (a word, not a date)."""

    def fix(m: re.Match[str]) -> str:
        day, month, year = m.group(1), m.group(3), m.group(5).strip()
        if not all(re.search(r"\d", part) for part in (day, month, year)) or (
            m.group(2) == m.group(4) == ","  # "12,05,20": a list of numbers
        ):
            return m.group(0)
        sep = m.group(2) if m.group(2) == m.group(4) and m.group(2) != "," else "."
        return sep.join(part.translate(_DIGIT_FOR) for part in (day, month, year))

    return _DATEISH.sub(fix, text)


def _find_dates(text: str, language: str | None, order: str) -> list[FoundDate]:
    """The dates of a line; when it has none, those of the line as printed (repair_dates)."""
    found = find_dates(text, language, order)
    if found:
        return found
    repaired = _DAY_OF.sub(r"\1 ", repair_dates(text))
    return find_dates(repaired, language, order) if repaired != text else []


# A deed's wording of a date: "this 15th day of October, 2022"
_DAY_OF = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+day\s+of\s+(?=[^\W\d_])", re.I)


# A document's date is not years after the day it is read (an OCR misread year). It may well
# be after a due date it names: a reminder, a premium notice, a statement of arrears.
_FUTURE = dt.timedelta(days=366)


def _plausible_date(value: dt.date) -> bool:
    return value <= dt.date.today() + _FUTURE


# A line that reads as prose: many words and a sentence's end after a word ("… lines of code.
# By comparison …"), never a header's date line, however long a flattened header row is.
_SENTENCE_END = re.compile(r"[^\W\d_]{2,}[.!?](?:\s|$)")


def _in_sentence(text: str) -> bool:
    return len(text.split()) >= 12 and bool(_SENTENCE_END.search(text))


def _labelled_elsewhere(lines: list[Line], k: int) -> bool:
    """A date alone on line k whose label ends the line above: a due, delivery or order date's
    ("Rechnung gemäß Bestellung vom" ⏎ "01.03.2013")."""
    if k == 0 or lines[k - 1].page != lines[k].page or _date_alone(lines[k].text) is None:
        return False
    above = lines[k - 1].text
    if find_dates(above):
        return False
    tail = above[-40:]
    return bool(NOT_DOCUMENT_DATE.search(tail) or OTHER_DOCUMENT.search(tail))


def _date_alone(text: str, language: str | None = None, order: str = "DMY") -> FoundDate | None:
    found = _find_dates(text, language, order)
    if len(found) == 1 and len(text.strip(" .:,;()")) <= len(found[0].text) + 2:
        return found[0]
    return None


def _value_in_column(lines: list[Line], i: int) -> Line | None:
    """The value of label line i when the text layer put a block of labels one under another
    and their values after them in the same order ("Invoice Date", "Due Date", then
    "March 5, 2021", "April 4, 2021"): the value as far into the values as the label into
    its block. None when line i is not in such a block (a lone label: the next line)."""

    def label_like(ln: Line) -> bool:
        text = ln.text
        return (
            ln.page == lines[i].page
            and len(text) <= 40
            and not re.search(r"\d", text)
            and (
                text.endswith(":")
                or any(p.search(text) for p in (DOCUMENT_DATE_LABEL, DUE_LABEL, GENERIC_DATE_LABEL))
                or any(p.search(text) for p, _ in REFERENCE_LABELS)
            )
        )

    start = i
    while start > 0 and i - start < 8 and label_like(lines[start - 1]):
        start -= 1
    end = i
    while end + 1 < len(lines) and end - start < 8 and label_like(lines[end + 1]):
        end += 1
    size = end - start + 1
    values = lines[end + 1 : end + 1 + size]
    if (
        size < 2
        or len(values) < size
        or any(v.page != lines[i].page or not re.search(r"\d", v.text) for v in values)
    ):
        return None
    return values[i - start]


def detect_dates(
    lines: list[Line], language: str | None, order: str
) -> tuple[tuple[Line, str, object] | None, tuple[Line, str, object] | None]:
    """(document date, due date), each as (line, date text, date). A document date is never
    years in the future; a header date stands in a header's line, not in a sentence; a date
    label whose value the text layer put elsewhere ("Date :" at the top, its column's values
    further down) takes the first date that stands alone on a line."""
    document = due = None
    empty_label: Line | None = None
    for i, ln in enumerate(lines[:400]):
        for pattern, kind in ((DUE_LABEL, "due"), (DOCUMENT_DATE_LABEL, "doc")):
            if (kind == "due" and due) or (kind == "doc" and document):
                continue
            for rest, start in _after_label(ln, pattern):
                # the words just before the label and just after it
                around = ln.text[max(0, start - 20) : len(ln.text) - len(rest) + 12]
                if OTHER_DOCUMENT.search(around):
                    continue
                found = _find_dates(rest[:60], language, order)
                target = ln
                # "Balance Due" / "Amount due" heading a column names an amount, not a date
                amount_label = kind == "due" and AMOUNT_DUE.search(ln.text[:start] + " ")
                if (
                    not found
                    and not amount_label
                    and i + 1 < len(lines)
                    and lines[i + 1].page == ln.page
                ):
                    nxt = lines[i + 1]
                    if len(rest.strip(" :.")) == 0:
                        target = _value_in_column(lines, i) or nxt
                        found = _find_dates(target.text[:40], language, order)
                        if not found and target is not nxt:  # not a block after all
                            target = nxt
                            found = _find_dates(nxt.text[:40], language, order)
                    elif len(rest) < 40 and not re.search(r"\d", rest):
                        # a column header ("Beschreibung Fälligkeit Teilzahlung"): the row
                        # under it, when it carries one date
                        below = _find_dates(nxt.text, language, order)
                        found = below if len(below) == 1 else []
                        target = nxt
                if found and kind == "doc" and not _plausible_date(found[0].value):
                    found = []
                if found:
                    hit = (target, found[0].text, found[0].value)
                    if kind == "due":
                        due = hit
                    else:
                        document = hit
                    break
    header = [ln for ln in lines[:60] if ln.page == 1]

    def usable(k: int, ln: Line) -> bool:
        return not (NOT_DOCUMENT_DATE.search(ln.text) or _labelled_elsewhere(lines, k))

    def own_part(text: str) -> str:
        """The line before any mention of another document ("Datum 05.03.2021 Ihre
        Bestellung vom 01.03.2021" → "Datum 05.03.2021 Ihre ")."""
        other = OTHER_DOCUMENT.search(text)
        return text if other is None else text[: other.start()]

    if document is None:
        # a generic "Date:" label, then the first date in the first page's header
        for k, ln in enumerate(header):
            if not usable(k, ln) or not GENERIC_DATE_LABEL.search(own_part(ln.text)):
                continue
            found = [
                d
                for d in _find_dates(own_part(ln.text), language, order)
                if _plausible_date(d.value)
            ]
            if found:
                document = (ln, found[0].text, found[0].value)
                break
            if GENERIC_DATE_LABEL.fullmatch(ln.text.strip(" :")) and empty_label is None:
                empty_label = ln
    if document is None and empty_label is not None:
        # the label's value read apart from it: the first date alone on a line of its page
        after = lines.index(empty_label) + 1
        value_line = lines[after] if after < len(lines) else None
        if (
            value_line is None
            or value_line.page != empty_label.page
            or not _find_dates(value_line.text, language, order)
        ):
            for k, ln in enumerate(lines):
                if (
                    ln.page != empty_label.page
                    or not usable(k, ln)
                    or OTHER_DOCUMENT.search(ln.text)
                ):
                    continue
                alone = _date_alone(ln.text, language, order)
                if alone is not None and _plausible_date(alone.value):
                    document = (ln, alone.text, alone.value)
                    break
    if document is None:
        # a statement that gives only its period ("Period: 01/10/2021 to 31/10/2021",
        # "Zeitraum 01.10. – 31.10.2021"), before any other date and with no
        # "Date:" label: dated at the period's end
        for ln in header:
            found = [d for d in _find_dates(ln.text, language, order) if _plausible_date(d.value)]
            if not found:
                continue
            if len(found) >= 2 and PERIOD_LABEL.search(ln.text):
                document = (ln, found[-1].text, found[-1].value)
            break
    if document is None:
        for k, ln in enumerate(lines[:40]):
            if ln.page != 1 or not usable(k, ln) or _in_sentence(ln.text):
                continue
            found = [
                d
                for d in _find_dates(own_part(ln.text), language, order)
                if _plausible_date(d.value)
            ]
            if found:
                document = (ln, found[0].text, found[0].value)
                break
    if document is None:
        # a till receipt prints the moment of the sale, a date with its time, often at the foot
        for ln in lines:
            if ln.page != 1 or not _CLOCK.search(ln.text) or NOT_DOCUMENT_DATE.search(ln.text):
                continue
            found = [d for d in _find_dates(ln.text, language, order) if _plausible_date(d.value)]
            if found:
                document = (ln, found[0].text, found[0].value)
                break
    return document, due


_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


# OCR reads a zero as the letter O: between digits ("2O23"), after digits at a number's end
# ("12O"), or as the leading zero of a counter after a letter prefix ("FATO1" for "FAT01",
# "TESTO1002F", "INV-O0012"). A prefix of two letters or fewer keeps its O: "PO1234" is a
# purchase order.
_O_IN_DIGITS = re.compile(r"(?<=\d)[oO]+(?=\d)|(?<=\d\d)[oO]+$")
_I_IN_DIGITS = re.compile(r"(?<=\d)[Il](?=\d)")  # "20l8", "2I18": a one
_O_AFTER_PREFIX = re.compile(r"(?:(?<=[A-Z]{2}[A-NP-Z])|(?<=[A-Z]{2}[A-NP-Z][-/_.]))O+(?=\d)")


def ocr_digits(value: str) -> str:
    """A reference with the zeros OCR read as the letter O put back."""
    value = _O_IN_DIGITS.sub(lambda m: "0" * len(m.group(0)), value)
    value = _I_IN_DIGITS.sub("1", value)
    return _O_AFTER_PREFIX.sub(lambda m: "0" * len(m.group(0)), value)


# "FATTURA N. 37 2017 del 01/05/2017": a number written in groups, up to the word that
# introduces the date
_GROUPED_VALUE = re.compile(
    r"^\s*(?:n[°º]?\.?|nr\.?|no\.?)?\s*[:#.]?\s*(?P<value>\d+(?: \d+){1,3})\s+"
    r"(?:del|vom|von|du|of|dated|van|de|from)\s",
    re.I,
)
# A number after its series code, as Portuguese and Spanish invoices write it ("Fatura n.º FT
# 2023/118", "Factura A 2024-17"): the code in capitals, then the number
_SERIES_VALUE = re.compile(
    r"^\s*(?:n\.?[º°]\.?|nr\.?|no\.?)?\s*[:#]?\s*"
    r"(?P<value>[A-Z]{1,4} (?=[\w/.-]*\d)[A-Z0-9][A-Z0-9/._-]{0,30}[A-Z0-9])(?!\S)"
)
# A field label alone on its line, value elsewhere ("FACTURE N° :", "Date :")
_BARE_FIELD = re.compile(r"^[^\W\d][^:\d]{0,40}:$")


def _plausible_reference(value: str, source: str, raw: str) -> bool:
    """Not a date, not a one- or two-digit count, not an amount ("Total factura: 121,00")."""
    if find_dates(value) or re.fullmatch(r"\d{1,2}", value):
        return False
    at = source.find(raw)
    return not any(a.start <= at < a.end for a in find_amounts(source))


def _stacked_value(lines: list[Line], i: int) -> Line | None:
    """A block of bare labels followed by the block of their values, as OCR reads a two-column
    header apart ("FACTURE N° :" / "Date :" / "F20180027" / "31/12/2018"): the k-th label's
    value is the k-th line after the block."""
    ln = lines[i]
    start = i
    while (
        start > 0 and lines[start - 1].page == ln.page and _BARE_FIELD.match(lines[start - 1].text)
    ):
        start -= 1
    end = i + 1
    while end < len(lines) and lines[end].page == ln.page and _BARE_FIELD.match(lines[end].text):
        end += 1
    if end - start < 2:
        return None
    at = end + (i - start)
    if at < len(lines) and lines[at].page == ln.page:
        return lines[at]
    return None


def _column_value(header: Line, label_start: int, row: Line, bare: bool = False) -> str | None:
    """A table's header row with the label as one of its words, and the row under it with as
    many words: the value in the label's column ("Datum Uhrzeit Filiale Bon" /
    "20.04.20 09:50 0000545 8571")."""
    head = header.text.split()
    cells = row.text.split()
    if len(head) < 2 or not cells:
        return None
    if len(head) != len(cells):
        if bare:  # "Invoice Details" over "Widget A-40 in blue": no number's label at all
            return None
        # labels of several words ("Invoice Number Invoice Date Due Date" / "INV-0012
        # 12/03/2024 12/04/2024"): the row's one cell that can be a number, if only one
        numbers = [c for c in cells if _number_cell(c)]
        return numbers[0] if len(numbers) == 1 else None
    column = len(header.text[:label_start].split())
    if column >= len(cells):
        return None
    match = REFERENCE_VALUE.match(cells[column])
    return match.group("value") if match else None


_WRAP_DASH = re.compile(r"[-–—]$")


def _continued(raw: str, source: str, line: Line, lines: list[Line]) -> str:
    """A number broken at its line's end after a dash ("Docket No. FAA-2020—" / "0686; or"):
    joined with the next line's first word, with the number's own dash."""
    tail = source[source.find(raw) + len(raw) :].strip()
    if not _WRAP_DASH.fullmatch(tail):
        return raw
    following = [ln for ln in lines if ln.page == line.page and ln.index == line.index + 1]
    if not following:
        return raw
    match = re.match(r"[A-Z0-9]+", following[0].text, re.I)
    if match is None:
        return raw
    dash = next((c for c in raw if c in "-–"), "-")
    return f"{raw}{dash}{match.group(0)}"


def _number_cell(cell: str) -> bool:
    """A table cell that can be a document's number: not a date, a time, an amount or a
    count."""
    match = REFERENCE_VALUE.fullmatch(cell)
    return (
        match is not None
        and not re.fullmatch(r"\d{1,2}|\d{1,2}:\d\d(?::\d\d)?", cell)
        and not find_dates(cell)
        and not find_amounts(cell)
    )


def detect_reference(lines: list[Line]) -> tuple[Line, str, float] | None:
    """The invoice's (else the order's, the policy's, the account's) number, by its label:
    on the label's line, on the next line, in the label's column of a table, or after a block
    of labels whose values OCR read below them. Never another document's number ("N° de
    facture associée"), a date or an amount."""
    best: tuple[float, Line, str] | None = None
    for i, ln in enumerate(lines[:300]):
        for pattern, weight in REFERENCE_LABELS:
            for rest, start in _after_label(ln, pattern):
                around = ln.text[max(0, start - 20) : len(ln.text) - len(rest) + 12]
                if OTHER_DOCUMENT.search(around):
                    continue
                if pattern is FORM_LABEL and start > 0:
                    continue  # "from Form 8995" in a sentence: not this form's number
                if pattern is NUMBER_LABEL and (ln.page != 1 or ln.index >= 30):
                    continue
                target = ln
                raw: str | None = None
                grouped = _GROUPED_VALUE.match(rest)
                match = REFERENCE_VALUE.match(rest)
                series = _SERIES_VALUE.match(rest)
                if grouped:
                    raw = grouped.group("value")
                elif match:
                    raw = match.group("value")
                elif series:
                    raw = series.group("value")
                nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == ln.page else None
                if raw is None and nxt is not None and not re.search(r"\d", rest):
                    label = ln.text[start : len(ln.text) - len(rest)].split()
                    bare_label = bool(label) and bool(LABEL_BARE.fullmatch(label[-1]))
                    raw = _column_value(ln, start, nxt, bare_label)
                    target = nxt
                    if raw is None and not rest.strip(" :#."):
                        below = _stacked_value(lines, i) if ln.text.endswith(":") else None
                        target = below or nxt
                        match = REFERENCE_VALUE.match(target.text)
                        raw = match.group("value") if match else None
                if raw is None:
                    continue
                raw = raw.strip("./-_")
                value = ocr_digits(
                    _continued(raw, rest if target is ln else target.text, target, lines)
                )
                source = rest if target is ln else target.text
                if not _plausible_reference(value, source, raw):
                    continue
                position = 0.1 if ln.page == 1 and ln.index < 30 else 0.0
                own_line = 0.05 if target is ln else 0.0
                label_words = ln.text[: len(ln.text) - len(rest)].split()
                bare = -0.05 if label_words and LABEL_BARE.fullmatch(label_words[-1]) else 0.0
                score = weight + position + own_line + bare
                if best is None or score > best[0]:
                    best = (score, target, value)
                break
    if best is None:
        return None
    return best[1], best[2], min(0.9, best[0])


# --- all together --------------------------------------------------------------------------


def extract_facts(pages: list[str], language: str | None) -> Facts:
    """Every fact the rules find in the document's page texts; absent when not found."""
    lines = page_lines(pages)
    text = "\n".join(pages)
    facts: Facts = {}
    order = date_order(language, text)

    def add(name: FactName, value: object, line: Line, quote: str, confidence: float) -> None:
        fact = make_fact(
            name, value, page=line.page, quote=quote, pages=pages, confidence=confidence
        )
        if fact is not None:
            facts[name] = fact

    total = detect_total(lines, None)
    if total:
        line, amount, confidence = total
        currency = amount.currency or document_currency(text) or fallback_currency(text)
        if currency:
            add(FactName.TOTAL, Total(amount.amount, currency), line, line.text, confidence)
    reference = detect_reference(lines)
    if reference:
        line, value, confidence = reference
        add(FactName.REFERENCE, value, line, line.text, confidence)
    document, due = detect_dates(lines, language, order)
    if document:
        add(FactName.DOCUMENT_DATE, document[2], document[0], document[0].text, 0.8)
    if due:
        add(FactName.DUE_DATE, due[2], due[0], due[0].text, 0.8)
    kind = detect_type(
        lines, {FactName.TOTAL: FactName.TOTAL in facts, FactName.REFERENCE: bool(reference)}
    )
    if kind:
        add(FactName.DOCUMENT_TYPE, kind[0], kind[1], kind[1].text, 0.7)
        if kind[0] in NO_TOTAL_KINDS:
            # a statement's balances and sums are not an amount to pay or paid
            facts.pop(FactName.TOTAL, None)
    sent = kind is not None and kind[0] in SENT_KINDS
    correspondent = detect_correspondent(
        lines, letterhead=sent, language=language, kind=kind[0] if kind else None
    )
    if correspondent is None and kind is not None and kind[0] is DocumentType.LETTER:
        correspondent = letter_signatory(lines)
    if kind is not None and kind[0] is DocumentType.BANK_STATEMENT:
        # a statement is addressed to its account holder; it comes from the bank it names
        correspondent = bank_name(lines) or correspondent
    if kind is not None and kind[0] in (DocumentType.TAX, DocumentType.FORM):
        # a filled information return (1099, W-2) is from its payer, not the tax office
        correspondent = payer_name(lines) or correspondent
    if correspondent:
        name, line, confidence = correspondent
        add(FactName.CORRESPONDENT, name, line, line.text, confidence)
    return facts


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
