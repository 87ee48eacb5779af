"""Tags: keyphrases in the manner of RAKE (Rose et al., 2010), kept to what a person would file.

Candidate phrases are runs of up to three content words between stopwords and punctuation, taken
from the document's content lines only (no running headers, TOC entries or code). A phrase
scores by how often it occurs times the mean frequency of its words, boosted when its words are
in the title; a two- or three-word phrase must occur at least twice to beat its single words.
Tokens that are numbers, single letters, code identifiers (`asn1_der_coding`, `camelCase`) or
OCR garbage ("eee", "cece") never enter. A three-letter word counts only when the document
writes it as an acronym (XML, DER), which keeps "len"/"nee" out and "xml" in.

Written here for the same reasons as the summariser: rake-nltk needs NLTK corpora downloaded,
yake's licence is not one we ship, KeyBERT downloads a model.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from app.metadata.language import TAG_STOP_LANGUAGES, tag_stopwords
from app.metadata.local_text import MONTHS, is_junk_word

# A word in any script with its accents ("mémoire", "Größe"); identifiers with dots, digits,
# underscores or "+" stay one token so that they can be refused whole.
_TOKEN = re.compile(r"[^\W\d_][\w.'’+-]*[\w+]|[^\W\d_]|[.,;:!?()\[\]{}\"“”]|\S")

_CAMEL = re.compile(r"[a-z][A-Z]")
_DIGIT = re.compile(r"\d")
_NAME_WITH_NUMBER = re.compile(r"[A-Z]{2,}[.-]?\d")


# A copy's or a page's furniture, never what a document is about ("Original", "Duplicate").
_FURNITURE = frozenset(
    {
        "original",
        "copy",
        "duplicate",
        "kopie",
        "duplikat",
        "copie",
        "duplicata",
        "copia",
        "duplicado",
        "exemplaar",
    }
)
# A bill's column heads and sum labels in the languages read by default: on every invoice and
# receipt, about none of them ("Summe netto", "Totale documento", "Precio unitario").
_BILL_FURNITURE = frozenset(
    {
        # description, quantity, unit, price, amount
        "description",
        "beschreibung",
        "bezeichnung",
        "artikel",
        "désignation",
        "designation",
        "libellé",
        "omschrijving",
        "descripción",
        "descripcion",
        "concepto",
        "descrizione",
        "descrição",
        "quantity",
        "menge",
        "anzahl",
        "quantité",
        "aantal",
        "cantidad",
        "quantità",
        "quantidade",
        "unit",
        "einheit",
        "unité",
        "eenheid",
        "unidad",
        "unità",
        "price",
        "preis",
        "einzelpreis",
        "prix",
        "prijs",
        "precio",
        "prezzo",
        "preço",
        "unitario",
        "unitaire",
        "amount",
        "betrag",
        "montant",
        "bedrag",
        "importe",
        "importo",
        "valor",
        # sums and taxes
        "total",
        "subtotal",
        "summe",
        "zwischensumme",
        "gesamt",
        "gesamtbetrag",
        "totale",
        "totaal",
        "subtotaal",
        "netto",
        "brutto",
        "net",
        "gross",
        "steuer",
        "steuerbetrag",
        "imponible",
        "imponibile",
        "base",
        "documento",
        "due",
        "fällig",
        "payable",
        "balance",
        # who and which
        "customer",
        "kunde",
        "kundennummer",
        "client",
        "klant",
        "cliente",
        "invoice",
    }
)
_BILL_FURNITURE |= {
    "betreff",
    "bemerkung",
    "anschrift",
    "steuersatz",
    "innerhalb",
    "außerhalb",
    "solde",
}
_BILL_FURNITURE |= {"gegeben", "rückgeld", "change", "mastercard", "visa", "ec-karte"}
# German compounds of a sum, an amount, a number, a price, a tax, a date, a rate or a value
# ("Rechnungssumme", "Nettobetrag", "Kundennummer", "Grundpreis", "Umsatzsteuer").
_BILL_SUFFIXES = ("summe", "betrag", "nummer", "preis", "steuer", "datum", "satz", "warenwert")
# An elided article or preposition before a word ("dell'anno", "l'assurance", "d'impôt"): the
# word is what is left.
_ELISION = re.compile(
    r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|coll|un|quell|"
    r"quest|tutt)['’](?=[^\W\d_]{2})",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Month and day names, wide and abbreviated, in the languages read by default (babel's
    CLDR data): "maart", "avril", "junio" are when, not what."""
    out: set[str] = set()
    for lang in TAG_STOP_LANGUAGES:
        for width in ("wide", "abbreviated"):
            for names in (get_month_names(width, locale=lang), get_day_names(width, locale=lang)):
                out |= {str(n).lower().strip(".") for n in names.values()}
    return frozenset(w for w in out if len(w) >= 3)


def _word(token: str, acronyms: set[str], stops: frozenset[str]) -> str | None:
    """The tag form of a token, or None when it may not be part of a tag."""
    # identifiers and numbers; "ASN.1" style names are the exception a reader would keep
    odd = "_" in token or _CAMEL.search(token) or _DIGIT.search(token.rstrip("."))
    if odd and not _NAME_WITH_NUMBER.fullmatch(token):
        return None
    word = _ELISION.sub("", token.lower()).strip(".'’-")
    if len(word) < 3 or word in stops or word in MONTHS or word in calendar_words():
        return None
    if word in _FURNITURE or word in _BILL_FURNITURE or word.endswith(_BILL_SUFFIXES):
        return None
    if not _DIGIT.search(word) and is_junk_word(word):
        return None
    if len(word) == 3 and word not in acronyms:
        return None
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word


def _phrases(lines: list[str], acronyms: set[str], stops: frozenset[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for line in lines:
        run: list[str] = []
        for token in _TOKEN.findall(line):
            word = _word(token, acronyms, stops) if token[0].isalpha() else None
            if word is None:
                if run:
                    out.append(run)
                run = []
            else:
                run.append(word)
        if run:
            out.append(run)
    return out


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 4 else word


def keyphrases(
    lines: list[str],
    title: str = "",
    limit: int = 8,
    skip: int = 0,
    focus: str = "",
    language: str | None = None,
    exclude: frozenset[str] = frozenset(),
) -> list[str]:
    """Up to `limit` tags, best first. Words of the title and of `focus` (the summary: what
    the document is for) weigh double. `skip` drops the best `skip` (Regenerate's variation).
    Stop words are those of the document's `language` (and English), plus `exclude` (words
    that are facts, not tags: the sender's name, the type's word)."""
    stops = tag_stopwords(language) | exclude
    text = "\n".join(lines)
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{3}\b", text + "\n" + title)}
    words: Counter[str] = Counter()
    grams: Counter[tuple[str, ...]] = Counter()
    for run in _phrases(lines, acronyms, stops):
        words.update(run)
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                grams[tuple(run[i : i + n])] += 1
    title_words = {w for run in _phrases([title, focus], acronyms, stops) for w in run}
    scored: dict[str, float] = {}
    for word, count in words.items():
        if count >= 2 or word in title_words:
            scored[word] = count * (2.0 if word in title_words else 1.0)
    for gram, count in grams.items():
        if count >= 2 and len(set(gram)) == len(gram):
            mean = sum(words[w] for w in gram) / len(gram)
            boost = 2.0 if set(gram) & title_words else 1.0
            # a longer phrase that occurs as often is the better tag ("abstract syntax notation")
            scored[" ".join(gram)] = count * (mean**0.5) * (1.2 + 0.2 * len(gram)) * boost
    ranked = sorted(scored, key=lambda p: (-scored[p], p))
    tags: list[str] = []
    for phrase in ranked:
        parts = [_stem(w) for w in phrase.split()]
        # "garden club" makes "garden" redundant, and the other way round for a weaker phrase
        if any(
            set(parts) <= {_stem(w) for w in t.split()}
            or {_stem(w) for w in t.split()} <= set(parts)
            for t in tags
        ):
            continue
        tags.append(phrase)
        if len(tags) == limit + skip:
            break
    if len(tags) < 3:
        # A short document repeats nothing: its subject is said once ("Consulting services for
        # the analytical engine"). Then a phrase of two or three common words (written in lower
        # case, or first on its line) stands for it; names (an addressee, a street) never do.
        for line in lines:
            for run in _phrases([line], acronyms, stops):
                if not 2 <= len(run) <= 3 or not all(
                    _common_word(w, line, first=i == 0) for i, w in enumerate(run)
                ):
                    continue
                phrase = " ".join(run)
                stems = {_stem(w) for w in run}
                if any(stems & {_stem(w) for w in t.split()} for t in tags):
                    continue
                tags.append(phrase)
                if len(tags) >= 3:
                    break
            if len(tags) >= 3:
                break
    return tags[skip:] if len(tags) - skip >= 3 else tags[:limit]


def _common_word(word: str, line: str, first: bool) -> bool:
    """Written in lower case in `line` (a common word, not a name), or capitalised only as the
    first word of the line."""
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", line):
        return True
    return first and line.lstrip().lower().startswith(word)


# A bill's item row: its description, then an amount ("Webhosting Pro (März 2024) | 1 | 12,90 €",
# "Thé vert Sencha 100 g | 2 | 15,80 €", "Consulting services April | 10 | 80.00 | 800.00").
_AMOUNT = re.compile(r"\d[\d.,' ]*[.,]\d{2}(?!\d)")
_PLAIN_ROW = re.compile(
    r"^([^\W\d_][^\d|]{2,60}?)\s+((?:[\d.,]+\s+)+\d[\d.,']*[.,]\d{2}\s*(?:€|EUR|\$|£|USD|GBP)?)$"
)


def item_tags(
    lines: list[str], language: str | None = None, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """What a bill is for, from its item rows: the first words of each description (the
    first two rows), when the keyphrases found too little ("webhosting", "thé vert sencha")."""
    stops = tag_stopwords(language) | exclude
    out: list[str] = []
    for line in lines:
        row = _PLAIN_ROW.match(line.strip())
        if row and "|" not in line:  # "Consulting Services 10,00 150,00 1.500,00"
            line = f"{row.group(1)} | {row.group(2)}"
        cells = [c.strip() for c in re.split(r"\s*\|\s*", line) if c.strip()]
        first = next((k for k, c in enumerate(cells) if re.search(r"[^\W\d_]{3}", c)), None)
        if first is None or not any(_AMOUNT.search(c) for c in cells[first + 1 :]):
            continue
        description = re.split(r"[(,;:/]", cells[first])[0]
        # an item's short words are its own ("Thé vert", "Webhosting Pro"), not the "len" or
        # "nee" a running text repeats
        short = {t.lower() for t in re.findall(r"\b[^\W\d_]{3}\b", description)}
        run: list[str] = []
        for token in _TOKEN.findall(description):
            word = _word(token, short, stops) if token[0].isalpha() else None
            if word is None:
                if run:
                    break
                continue
            run.append(word)
            if len(run) == 3:
                break
        phrase = " ".join(run) if any(len(w) > 3 for w in run) else ""  # never "pro" alone
        if phrase and phrase not in out:
            out.append(phrase)
        if len(out) == 2:
            break
    return out
