"""Language tools for the local engine, from well-kept libraries rather than hand-written lists.

- language: py3langid (BSD-3-Clause; its model ships inside the package, nothing is downloaded);
- stop words: stopwordsiso (MIT), per ISO 639-1 language, plus the document furniture no
  language list has ("page", "chapter", "incl", code identifiers manuals are full of);
- words: Unicode-aware (`\\w` keeps "mémoire", "Größe", "quantità" whole);
- sentences: pysbd (MIT), rule-based per language;
- dates: dateparser (BSD-3-Clause) with the document's language and date order
  ("7. Mai 2014", "19 avril 2014", "8-9-2022");
- amounts: price-parser (BSD-3-Clause) for either decimal separator ("1.234,56 €",
  "$1,234.56"), the currency mapped to its ISO 4217 code;
- month names for titles: babel (BSD-3-Clause), from the CLDR data it ships.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import dateparser
import pysbd
import stopwordsiso
from babel.dates import format_date as babel_format_date
from price_parser import Price
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from pysbd.languages import LANGUAGE_CODES as PYSBD_LANGUAGES

# The languages a document in the inbox is likely to be in; restricting the identifier to them
# keeps short, form-like texts (an invoice is mostly numbers) from being called Latin or Malay.
LANGUAGES = ("en", "de", "fr", "nl", "es", "it", "pt", "da", "sv", "no", "fi", "pl", "cs")
DEFAULT_LANGUAGE = "en"

# Words that are never a tag in any language: document furniture, units and abbreviations of
# invoices, and identifiers of the C and shell listings that manuals are full of.
DOCUMENT_WORDS = frozenset(
    [
        "actual",
        "allowed",
        "appendix",
        "applied",
        "applies",
        "apply",
        "approve",
        "approved",
        "approves",
        "argc",
        "argv",
        "aud",
        "bin",
        "bool",
        "buf",
        "cad",
        "chapter",
        "chapters",
        "char",
        "check",
        "checks",
        "chf",
        "common",
        "const",
        "contents",
        "correct",
        "dated",
        "day",
        "days",
        "define",
        "defined",
        "defines",
        "describes",
        "dev",
        "document",
        "documents",
        "dr",
        "email",
        "entire",
        "enum",
        "eur",
        "examples",
        "explain",
        "explained",
        "explains",
        "false",
        "fax",
        "figure",
        "figures",
        "follow",
        "gbp",
        "held",
        "hold",
        "holds",
        "https",
        "include",
        "included",
        "includes",
        "including",
        "introduction",
        "jpy",
        "len",
        "lib",
        "list",
        "lists",
        "llc",
        "madam",
        "month",
        "months",
        "multiple",
        "nil",
        "note",
        "notes",
        "opt",
        "previous",
        "provide",
        "ptr",
        "pty",
        "read",
        "reads",
        "reference",
        "report",
        "return",
        "returns",
        "sections",
        "set",
        "sets",
        "signed",
        "simple",
        "sincerely",
        "single",
        "sir",
        "size",
        "sizeof",
        "specific",
        "src",
        "stay",
        "stays",
        "stderr",
        "stdin",
        "stdout",
        "str",
        "struct",
        "table",
        "tables",
        "takes",
        "tel",
        "time",
        "times",
        "tmp",
        "tomorrow",
        "true",
        "typedef",
        "unsigned",
        "usd",
        "usr",
        "usual",
        "values",
        "var",
        "vat",
        "version",
        "versions",
        "void",
        "write",
        "writes",
        "written",
        "yesterday",
        "page",
        "pages",
        "seite",
        "seiten",
        "kapitel",
        "inhalt",
        "abbildung",
        "tabelle",
        "chapitre",
        "sommaire",
        "tableau",
        "pagina",
        "paginas",
        "hoofdstuk",
        "inhoud",
        "figuur",
        "tabel",
        "página",
        "capítulo",
        "capitolo",
        "tabella",
        "incl",
        "inkl",
        "excl",
        "exkl",
        "zzgl",
        "mwst",
        "ust",
        "tva",
        "btw",
        "iva",
        "nr",
        "no",
        "tel",
        "fax",
        "www",
        "http",
        "gmbh",
        "bv",
        "ag",
        "sa",
        "sas",
        "sarl",
        "ltd",
        "inc",
        "eur",
        "chf",
        "usd",
        "gbp",
        "stk",
        "stück",
        "pcs",
        "qty",
    ]
)

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of `text`, letters of any script, accents kept ("mémoire", "Größe")."""
    return WORD.findall(text)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None for too little text to tell."""
    sample = " ".join(words(text[:20000]))
    if len(sample) < 20:
        return None
    lang, probability = _identifier().classify(sample)
    return str(lang) if probability >= 0.5 else None


@lru_cache(maxsize=32)
def stopwords(language: str | None) -> frozenset[str]:
    """The stop words of `language` (English ones too: documents mix in English words), lower
    case, plus `DOCUMENT_WORDS`."""
    own: set[str] = set()
    for lang in {language or DEFAULT_LANGUAGE, DEFAULT_LANGUAGE}:
        if stopwordsiso.has_lang(lang):
            own |= {w.lower() for w in stopwordsiso.stopwords(lang)}
    return frozenset(own | DOCUMENT_WORDS)


# The languages whose stop words no tag may be, whatever language the document was taken to be
# in: a short or mixed text can be identified wrongly, and a tag like "dont" or "car" is then a
# stop word of its real language (French here). The seven languages read by default.
TAG_STOP_LANGUAGES = ("en", "de", "fr", "nl", "es", "it", "pt")


@lru_cache(maxsize=32)
def tag_stopwords(language: str | None) -> frozenset[str]:
    """The words no tag may be or start or end with: the stop words of `language` and of every
    language in `TAG_STOP_LANGUAGES` (plus `DOCUMENT_WORDS`). A few real words go ("car",
    "home", "system"); a tag is one of many candidates, a stop word tag is a visible mistake."""
    union = set(stopwords(language))
    for lang in TAG_STOP_LANGUAGES:
        union |= stopwords(lang)
    return frozenset(union)


def is_stopword(word: str, language: str | None) -> bool:
    return word.lower() in stopwords(language)


@lru_cache(maxsize=16)
def _segmenter(language: str) -> pysbd.Segmenter:
    lang = language if language in PYSBD_LANGUAGES else DEFAULT_LANGUAGE
    return pysbd.Segmenter(language=lang, clean=False)


def split_sentences(text: str, language: str | None) -> list[str]:
    """Sentences of a paragraph, by the rules of its language ("z. B.", "S.A.", "Dr.")."""
    text = " ".join(text.split())
    if not text:
        return []
    return [s.strip() for s in _segmenter(language or DEFAULT_LANGUAGE).segment(text) if s.strip()]


# --- dates ---------------------------------------------------------------------------------

_MONTH_WORD = r"[^\W\d_]{3,10}\.?"
# The shapes of a date written out, found first by pattern so dateparser only judges real
# candidates (it would happily read "May" or "3 Tage" as a date).
DATE_PATTERN = re.compile(
    r"(?<![\w.,/-])(?:"
    r"(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}"  # 2014-05-07, 2014/05/07, 2014.05.07
    r"|\d{1,2}[./-]\d{1,2}[./-](?:(?:19|20)\d{2}|\d{2})"  # 07.05.2014, 8-9-2022, 07/05/14
    r"|\d{1,2}\.\d{1,2}\.\s(?:19|20)\d{2}"  # 04.04. 2020 (a receipt's OCR)
    r"|\d{1,2}(?:st|nd|rd|th|er|e)?\.?\s?(?:de\s+)?"
    + _MONTH_WORD
    + r",?\s+(?:de\s+)?(?:19|20)\d{2}"
    r"|\d{1,2}[-/ ]" + _MONTH_WORD + r"[-/ ](?:19|20)\d{2}"  # 19-Apr-2014
    r"|\d{1,2}([-/])[^\W\d_]{3,9}\2\d{2}"  # 19-Apr-14
    r"|" + _MONTH_WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}"  # April 19, 2014
    r"|\d{1,2}\.\s?" + _MONTH_WORD + r"\s+\d{2}"  # 12. März 24 (a receipt's short year)
    # a time glued on ("2024-03-12T18:02", "12.03.2024/18:02") ends the date too
    r")(?=[T/]\d{1,2}:\d{2}|(?![\w/-]|[.,]\d))",
    re.IGNORECASE,
)


_NUMERIC_DATE = re.compile(
    r"(?<![\w.,/-])(\d{1,2})([./-])(\d{1,2})\2(?:19|20)?\d{2}(?![\w/-]|[.,]\d)"
)


def date_order(language: str | None, text: str = "") -> str:
    """How a numeric date reads. The document's own dates decide when one can only be read one
    way ("11/17/2017" is month first, "17/11/2017" day first): a French seller's English
    invoice may be American, a US form may be day first. Without such a date: day first
    everywhere but in American English (a dollar amount)."""
    day_first = month_first = 0
    for match in _NUMERIC_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        if 12 < first <= 31 and 1 <= second <= 12:
            day_first += 1
        elif 12 < second <= 31 and 1 <= first <= 12:
            month_first += 1
    if month_first > day_first:
        return "MDY"
    if day_first > month_first:
        return "DMY"
    if (language or DEFAULT_LANGUAGE) == "en" and (
        re.search(r"\$|\bUSD\b", text)
        or _US_STATE_ZIP.search(text)
        or US_TOWN_STATE_ZIP.search(text)
    ):
        return "MDY"
    return "DMY"


# The US states' postal codes, for a US address's last line ("Redmond, WA 98052").
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# A town, its state and ZIP code without the comma, ending its line ("CHICAGO IL 60601").
US_TOWN_STATE_ZIP = re.compile(
    r"\b[A-Z][A-Za-z]{2,} (?:" + US_STATES + r") \d{5}(?:-\d{4})?(?=[ \t]*(?:\n|$))"
)
# A US address's state and ZIP code ("Redmond, WA 98052"): an American document.
_US_STATE_ZIP = re.compile(r"[^\W\d_], (?:" + US_STATES + r") \d{5}(?!\d)")


def parse_date(text: str, language: str | None = None, order: str = "DMY") -> dt.date | None:
    """One date written in `language` (or English), e.g. "7. Mai 2014", "8-9-2022"."""
    text = " ".join(text.split()).strip(" .,;:")
    if not text or not re.search(r"\d", text):
        return None
    if re.fullmatch(r"(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}", text):
        order = "YMD"
    languages = list(dict.fromkeys([language or DEFAULT_LANGUAGE, DEFAULT_LANGUAGE]))
    languages = [lang for lang in languages if lang in _DATEPARSER_LANGUAGES]
    settings: Any = {
        "DATE_ORDER": order,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, languages=languages or None, settings=settings)
    if parsed is None and (
        language not in (None, DEFAULT_LANGUAGE) or re.search(r"[^\W\d_]{3}", text)
    ):
        # a date in another language; also a month's name in a short text taken for English
        # (a French till receipt's "7 mars 2024")
        parsed = dateparser.parse(text, settings=settings)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.date()


_DATEPARSER_LANGUAGES = frozenset(
    [
        "en",
        "de",
        "fr",
        "nl",
        "es",
        "it",
        "pt",
        "da",
        "sv",
        "nb",
        "fi",
        "pl",
        "cs",
        "ru",
        "tr",
        "ro",
        "hu",
        "el",
        "ca",
    ]
) | {"no"}


@dataclass(frozen=True)
class FoundDate:
    value: dt.date
    text: str
    start: int
    end: int


def find_dates(text: str, language: str | None = None, order: str = "DMY") -> list[FoundDate]:
    """Every date written in `text`, in order."""
    out = []
    for match in DATE_PATTERN.finditer(text):
        value = parse_date(match.group(0), language, order)
        if value is not None:
            out.append(FoundDate(value, match.group(0), match.start(), match.end()))
    return out


# --- amounts -------------------------------------------------------------------------------

CURRENCY_CODES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "chf": "CHF",
    "fr.": "CHF",
    "sfr": "CHF",
    "sfr.": "CHF",
    "¥": "JPY",
    "jpy": "JPY",
    "a$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "cad": "CAD",
    "ca$": "CAD",
    "kr": "SEK",
    "sek": "SEK",
    "dkk": "DKK",
    "nok": "NOK",
    "zł": "PLN",
    "pln": "PLN",
    "kč": "CZK",
    "czk": "CZK",
    "₹": "INR",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "r$": "BRL",
    "brl": "BRL",
    "hk$": "HKD",
    "hkd": "HKD",
    "sgd": "SGD",
    "s$": "SGD",
    "nzd": "NZD",
}
_CODES = r"EUR|USD|GBP|CHF|JPY|AUD|CAD|SEK|DKK|NOK|PLN|CZK|INR|BRL|HKD|SGD|NZD"
# a dollar sign with its country's letter ("R$" is Brazil's real, "A$", "C$", "CA$", "HK$",
# "S$"), before a bare "$"
_DOLLARS = r"(?<![A-Za-z])(?:R|A|C|CA|HK|S)\$"
CURRENCY_PATTERN = re.compile(_DOLLARS + r"|(?<![A-Za-z])(?:" + _CODES + r")(?![A-Za-z])|[€$£¥₹]")
# (a Swiss "Fr. 80.00" only right before its amount: "Fr." alone may be a Friday or a Frau)
_CURRENCY = _DOLLARS + r"|[€$£¥₹]|(?<![A-Za-z])(?:" + _CODES + r"|Rs\.?|S?Fr\.)(?![A-Za-z])"
# An amount: digits with thousands separators (1.234,56; 1,234.56; 1 234,56; 1'234.56, 1’234.56; the
# Indian 1,23,456.00) and two decimals; its currency may stand before or after it.
AMOUNT_PATTERN = re.compile(
    r"(?:(?P<pre>" + _CURRENCY + r")\s?)?"
    r"(?P<num>-?(?<![\d,])(?<!\d\.)(?:\d{1,3}(?:[.,'’ \u00a0\u202f]\d{3})*|\d{1,2}(?:,\d{2})+,\d{3})"
    r"(?:[.,]\d{2})(?![\d]|[.,]\d)"
    r"|-?(?<![\d,])(?<!\d\.)\d+(?:[.,]\d{2})(?![\d]))(?![.,]\d)"
    r"(?:\s?(?P<post>" + _CURRENCY + r"|euros?\b))?",
    re.IGNORECASE,
)
# A whole amount (or one decimal) is money only with its currency beside it: "Total 120 €",
# "USD 45", "12.5 EUR" (a till receipt, a short invoice).
WHOLE_AMOUNT_PATTERN = re.compile(
    r"(?:(?P<pre>" + _CURRENCY + r")\s?)?"
    r"(?P<num>-?(?<![\d,])(?<!\d\.)(?:\d{1,3}(?:[.,'’ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d)?)"
    r"(?![\d]|[.,]\s*\S?\d)"  # not the start of an amount OCR broke ("EUR 19, :16")
    r"(?:\s?(?P<post>" + _CURRENCY + r"|euros?\b))?",
    re.IGNORECASE,
)


def currency_code(symbol: str | None) -> str | None:
    if not symbol:
        return None
    return CURRENCY_CODES.get(symbol.strip().lower())


@dataclass(frozen=True)
class FoundAmount:
    amount: Decimal
    currency: str | None
    text: str
    start: int
    end: int


def parse_amount(text: str) -> tuple[Decimal, str | None] | None:
    """One amount with either decimal separator ("1.234,56 €", "$1,234.56") and its ISO
    currency when the text names one."""
    price = Price.fromstring(text)
    if price.amount is None:
        return None
    return price.amount, currency_code(price.currency)


def find_amounts(text: str) -> list[FoundAmount]:
    """Every money amount written in `text` (two decimals), in order."""
    out = []
    taken: list[tuple[int, int]] = []
    for pattern in (AMOUNT_PATTERN, WHOLE_AMOUNT_PATTERN):
        for match in pattern.finditer(text):
            symbol = match.group("pre") or match.group("post")
            if pattern is WHOLE_AMOUNT_PATTERN and not symbol:
                continue
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            found = _amount(match.group("num"), symbol, match)
            if found is not None:
                out.append(found)
                taken.append((match.start(), match.end()))
    return sorted(out, key=lambda a: a.start)


def _amount(number: str, symbol: str | None, match: re.Match[str]) -> FoundAmount | None:
    number = number.replace("’", "'")  # price-parser knows the straight apostrophe only
    if re.fullmatch(r"-?\d{1,2}(?:,\d{2})+,\d{3}[.,]\d{2}", number):  # Indian grouping
        number = number.replace(",", "")
    parsed = parse_amount(number)
    if parsed is None:
        return None
    amount = parsed[0]
    if amount.as_tuple().exponent != -2:
        amount = amount.quantize(Decimal("0.01"))  # "120 €" is EUR 120.00
    if number.lstrip().startswith("-"):
        amount = -abs(amount)
    return FoundAmount(amount, currency_code(symbol), match.group(0), match.start(), match.end())


_EURO_IBAN = frozenset(
    [
        "AT",
        "BE",
        "CY",
        "DE",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MC",
        "MT",
        "NL",
        "PT",
        "SI",
        "SK",
        "SM",
        "AD",
        "VA",
    ]
)
_IBAN = re.compile(r"\b([A-Z]{2})\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b")


def document_currency(text: str) -> str | None:
    """The currency the document names most often; when it names none ("Totaal 109,00"), the
    currency of the account it is to be paid into (an IBAN's country: NL… is euro, GB… pound,
    CH… franc)."""
    counts: dict[str, int] = {}
    for match in CURRENCY_PATTERN.finditer(text):
        code = currency_code(match.group(0))
        if code:
            counts[code] = counts.get(code, 0) + 1
    if counts:
        return max(counts, key=lambda c: counts[c])
    for match in _IBAN.finditer(text):
        country = match.group(1)
        if country in _EURO_IBAN:
            return "EUR"
        if country in ("GB", "CH", "LI"):
            return "GBP" if country == "GB" else "CHF"
    return None


# --- words for titles ----------------------------------------------------------------------


def format_date(value: dt.date, language: str | None) -> str:
    """A date as a person writes it in `language`: "19 Apr 2014", "19. Apr. 2014"."""
    lang = language or DEFAULT_LANGUAGE
    pattern = "d. MMM y" if lang in ("de", "da", "no", "nb", "fi", "cs", "pl") else "d MMM y"
    try:
        return str(babel_format_date(value, format=pattern, locale=lang))
    except Exception:  # an unknown locale: English rather than nothing
        return str(babel_format_date(value, format="d MMM y", locale=DEFAULT_LANGUAGE))
