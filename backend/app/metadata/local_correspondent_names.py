"""What a correspondent's name looks like, shared by the correspondent rules: a name cleaned of
its lead-in ("Sold by", "For", "between"), an organisation read from a line, two spellings of
one name, a heading that names a document's kind rather than a sender."""

from __future__ import annotations

import re
import unicodedata

from app.metadata.facts import DocumentType
from app.metadata.language import is_stopword
from app.metadata.local_lines import Line
from app.metadata.local_words_names import ENTITY, LEGAL_FORM, NAME_CONNECTOR, ORGANISATION_WORD
from app.metadata.local_words_type import TYPE_WORDS


def name_like(text: str) -> bool:
    """A person's or an organisation's name: a few words, mostly capitalised, no figures."""
    words = text.split()
    return (
        1 <= len(words) <= 6
        and not re.search(r"\d", text)
        and sum(w[:1].isupper() for w in words) * 2 >= len(words)
    )


def sentence_like(name: str, language: str | None) -> bool:
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


# "Sold by Amazon EU S.à r.l.": the words before a seller's name on a marketplace's invoice
_SOLD_BY = re.compile(
    r"^(?:sold by|seller|issued by|billed by|verkauft (?:von|durch)|verkäufer|ausgestellt von|"
    r"vendu par|vendeur|facturé par|émis par|verkocht door|verkoper|vendido por|vendedor|"
    r"emitido por|venduto da|venditore|emesso da)\s*:?\s+",
    re.I,
)


# "For ACME TRADERS PVT. LTD." over "Authorised Signatory": the company a bill is signed for
SIGNED_FOR = re.compile(r"^(?:for|für|pour|voor|per)\s+(?=\S)", re.I)
SIGNATORY = re.compile(r"authori[sz]ed\s+signat|proprietor|partner\b|director\b", re.I)

# A contract's opening names its parties: "by and between ACME Corp", "zwischen der ACME GmbH"
_BETWEEN = re.compile(
    r"^(?:(?:made |entered into )?(?:by and )?between|zwischen(?: der| dem| den)?|"
    r"entre(?: la| le| les)?|tussen|tra(?: la| il)?)\s+",
    re.I,
)


def clean_name(name: str) -> str:
    name = re.sub(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?", "", name.strip(), flags=re.I)
    name = _SOLD_BY.sub("", name.strip())
    name = SIGNED_FOR.sub("", name)
    name = _BETWEEN.sub("", name)
    name = name.strip(" ,;:-–|·•")
    name = re.sub(r"\s+[-–]\s+(?=(?:" + LEGAL_FORM + r")$)", " ", name)  # "Free Mobile - SAS"
    return " ".join(name.split())


_FROM_IN_LINE = re.compile(
    r"^(?P<pre>.+?)\s+(?:from|von|van|de|by|par|da|di)\s+(?P<name>\S.*)$", re.I
)


def after_from(name: str) -> str:
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


def organisation_in(segment: str) -> str | None:
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
            name = organisation_in(segment)
            if name is not None:
                return name, ln
    return None


# A kind's word made an office's name ("Belastingdienst", "Steueramt", "Tax Office"): a
# sender, where the kind's word alone is a heading ("Belastingaanslag", "Steuerbescheid")
OFFICE_END = re.compile(
    r"(?:dienst|amt|kantoor|office|service|agentur|agence|agencia|agenzia|bureau|beh[öo]rde)$",
    re.I,
)


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def web_spellings(text: str) -> set[str]:
    """How a name may be spelled in a domain, which has no accents: "Datenhafen Süd" →
    datenhafensud, datenhafensued."""
    out: set[str] = set()
    for low in _without_particles(text.lower()):
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c)
        )
        out |= {squash(low), squash(bare), squash(low.translate(_UMLAUTS))}
    return out


def _without_particles(text: str) -> list[str]:
    """The name, and the name without some of its particles, as a domain drops them: "Eaux du
    Val de Loire" → eauxvaldeloire, "Bank of the North" → bankofthenorth, banknorth (at most
    the first four particles are left out or kept, every way)."""
    words = text.split()
    small = [i for i, w in enumerate(words) if w in NAME_CONNECTOR][:4]
    if not small or len(small) == len(words):
        return [text]
    out = []
    for mask in range(1 << len(small)):
        dropped = {small[b] for b in range(len(small)) if mask >> b & 1}
        out.append(" ".join(w for i, w in enumerate(words) if i not in dropped))
    return out


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: one holds the other once legal forms are left out."""
    strip = re.compile(r"(?:^|\s)(?:" + LEGAL_FORM + r")$")
    x, y = squash(strip.sub("", a)), squash(strip.sub("", b))
    return len(x) >= 3 and len(y) >= 3 and (x in y or y in x)


# Kinds whose words also name who sends them: "HUK-COBURG Versicherung", "Finanzamt
# Musterstadt", "Praxis Dr. Weber" are senders; "Rechnung", "Kontoauszug" are headings.
SENDER_WORD_KINDS = (DocumentType.INSURANCE, DocumentType.TAX, DocumentType.MEDICAL)


def without_kind_word(text: str) -> str:
    """A letterhead line with the heading beside the name ("Harbor Roofing LLC INVOICE",
    "RECHNUNG Malerbetrieb Kranz"): the name without the heading word at its start or end;
    the line itself when it has none there."""
    for kind, pattern in TYPE_WORDS.items():
        if kind in SENDER_WORD_KINDS:
            continue  # "HUK-COBURG Versicherung": the kind's word is part of the name
        for match in pattern.finditer(text):
            before, after = text[: match.start()].strip(" -–:|"), text[match.end() :].strip(" -–:|")
            if before and not after and match.start() > 0 and text[match.start() - 1] == " ":
                return before
            if after and not before and match.end() < len(text) and text[match.end()] == " ":
                # "Receipt from Acme Design", "Rechnung von Malerbetrieb Kranz"
                return re.sub(r"^(?:from|von|de|du|van|da|di|by|par)\s+", "", after, flags=re.I)
    return text


def names_a_kind(text: str) -> bool:
    """A heading that names the document's kind, never a sender's name."""
    for kind, pattern in TYPE_WORDS.items():
        if pattern.search(text) and (kind not in SENDER_WORD_KINDS or len(text.split()) < 2):
            return True
    return False


# A French (or Belgian) company named with its legal form first: "SARL Bâti-Pro",
# "SAS MARTIN FRÈRES", "SCI Les Érables"
_FORM_FIRST = re.compile(
    r"(?<![\w.])(?P<name>(?:SARL|SAS|SASU|EURL|SCI|SCP|SCM|SELARL|SNC|EIRL|SPRL|SRL)\s+"
    r"[A-ZÀ-Ý][\w'’&.-]*(?:\s+(?:[A-ZÀ-Ý][\w'’&.-]*|de|du|des|la|le|les|et|&)){0,4})"
)


def entities(text: str) -> list[re.Match[str]]:
    """The legal entities a line names, in order: a name before its legal form ("Acme Tools
    GmbH"), or a French form before its name ("SARL Bâti-Pro") where no other reads there."""
    found = list(ENTITY.finditer(text))
    for match in _FORM_FIRST.finditer(text):
        if not any(m.start() < match.end() and match.start() < m.end() for m in found):
            found.append(match)
    return sorted(found, key=lambda m: m.start())


# Words that lead into a name on the same line, never part of it: a possessive ("Ihre Hanse
# Versicherung AG", "Your supplier"), a contact's label, a page's furniture
_LEAD_WORD = re.compile(
    r"(?:your|ihr|ihre|votre|vos|uw|jouw|su|sus|seu|sua|vostra|vostro|page|seite|tel|fax|"
    r"phone|telefon|mobile|e-?mail)\.?:?",
    re.I,
)
_FORM_AT_END = re.compile(r"(?:^|[\s,]+)(?:" + LEGAL_FORM + r")$")


# The small words inside a name, and the ones a place's name joins with ("Apotheke am Markt
# GmbH", "Hotel zur Post GmbH", "Bakkerij aan de Dam B.V.", "Boulangerie sur Mer SARL")
_PARTICLES = NAME_CONNECTOR | {"am", "im", "zum", "zur", "vom", "beim", "aan", "op", "sur"}


def trim_lead_in(name: str, language: str | None = None) -> str:
    """A company's name without the words the line led into it with: "INVOICE Northwind
    Traders Ltd" → "Northwind Traders Ltd", "Bitte überweisen an Acme Tools GmbH" → "Acme
    Tools GmbH", "Page 1 of 2 Acme Ltd" → "Acme Ltd". From the legal form back, the name's
    words: capitalised ones, a figure with letters, and the small words, dashes and "&" between
    two of them, a brand in small letters that starts the line ("toom Baumarkt GmbH"); then no
    heading or possessive first. The name as found when nothing is left."""
    form = _FORM_AT_END.search(name)
    if form is None or form.start() == 0:
        return name
    words = name[: form.start()].split()
    kept: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        bare = word.strip(",.'’\"")
        if (
            any(c.isupper() for c in bare)
            or (re.search(r"\d", bare) and re.search(r"[^\W\d_]", bare))
            or re.search(r"\w&\w", bare)  # "1&1", "AT&T"
        ):
            kept.insert(0, word)
            continue
        joins = bare.lower() in _PARTICLES or bare in {"&", "+", "-", "–"}
        before = i - 1
        while before > 0 and words[before].lower() in _PARTICLES:
            before -= 1  # "aan de", "of the": a run of small words between two of the name's
        if joins and kept and before >= 0 and words[before][:1].isupper():
            kept.insert(0, word)
            continue
        if bare.isdigit() and not kept:
            kept.insert(0, word)
            continue
        if i == 0 and kept and bare.isalpha() and not is_stopword(bare, language):
            kept.insert(0, word)
            continue
        break
    while len(kept) > 1 and (_LEAD_WORD.fullmatch(kept[0]) or names_a_kind(kept[0])):
        kept.pop(0)
    crumbs = 0
    while crumbs < len(kept) - 1 and len(kept[crumbs].strip(".,")) <= 2:
        crumbs += 1
    pieces = [len(w.strip(".,")) for w in kept[:crumbs]]
    # a logo read apart gives pieces of one and two letters ("OÖ M N IA"); letters alone are
    # initials ("A B C Trading Ltd"), pairs alone abbreviations ("BT IT Services Ltd")
    read_apart = 1 in pieces and 2 in pieces
    if crumbs >= 2 and read_apart:
        kept = kept[crumbs:]  # a logo read letter by letter: "OÖ M N IA Omnia Trading AG"
    while kept and kept[0].strip(",.").lower() in NAME_CONNECTOR | {"&", "+", "-", "–"}:
        kept.pop(0)
    if not kept:
        return name
    return " ".join(kept) + name[form.start() :]


# Letters OCR reads as digits or a bar ("Bil1 To", "Bi|l to", "Sh1p to", "y0u"), one for one;
# a 1 is an l or an i
_OCR_LETTERS = (str.maketrans("10|5", "lols"), str.maketrans("10|5", "iols"))


def mend_words(text: str, count: int | None = None, reading: int = 0) -> str:
    """The line (or its first `count` words) with the digits OCR put for letters inside a word
    read back as letters ("Thank y0u" → "Thank you", "Bil1 To:" → "Bill To:"); a word of
    digits alone, or with other digits, stays as printed. Same length, so a match's spans
    point into the printed line too."""
    words = text.split(" ")
    for k, word in enumerate(words[:count] if count is not None else words):
        core = word.rstrip(":.,!?")
        letters = len(re.findall(r"[^\W\d_]", core))
        if letters and letters < len(core) and re.fullmatch(r"(?:[^\W\d_]|[01|5])+", core):
            words[k] = core.translate(_OCR_LETTERS[reading]) + word[len(core) :]
    return " ".join(words)
