"""Pure scoring of predicted facts, titles, summaries and tags against references.json.

`score_document(entry, predicted, pages, stopwords)` scores one document; `summarise(scores)`
adds the scores of a split up. No I/O here: the runner (run.py) reads the files, runs the
engines and hands the results in. The rules (README.md, issue 26):

- document_type: exact.
- correspondent: equal after folding case, accents, punctuation and legal forms ("GmbH",
  "B.V.", "Ltd", "SAS" may be left out), or one core name contains the other (whole words).
- document_date, due_date: the same ISO date.
- total: the same Decimal amount (or one of the reference's `also` amounts, where a document
  has two defensible totals) and the same ISO 4217 currency.
- reference: equal after removing spaces and case.
- A predicted fact the reference does not carry is a false positive (reported, not hidden).
- Title: acceptable when it names the type and the correspondent, or equals or contains the
  document's own title (normalised).
- Quote: each predicted fact's quote appears (whitespace-normalised) on the cited page.
- Summary: no line-break hyphen, no boilerplate marker, no repeated sentence, no fragment.
- Tags: none is a stop word of the document's language (the caller passes the stop words).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from eval.facts.corpus import FACT_NAMES

CORRECT = "correct"
WRONG = "wrong"
MISSED = "missed"
FALSE_POSITIVE = "false_positive"
ABSENT = "absent"

# Legal-form words that may be left out of a correspondent's name (compared after folding).
LEGAL_FORMS = frozenset(
    [
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "ev",
        "eg",
        "kgaa",
        "se",
        "co",
        "cokg",
        "gbr",
        "inh",
        "bv",
        "nv",
        "vof",
        "ltd",
        "limited",
        "plc",
        "llp",
        "llc",
        "inc",
        "corp",
        "corporation",
        "lp",
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "snc",
        "srl",
        "spa",
        "sapa",
        "snc",
        "sas",
        "sl",
        "slu",
        "sa",
        "lda",
        "ab",
        "oy",
        "as",
        "aps",
    ]
)
# Words in a title that name the type, in the languages of the corpus and a few neighbours.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "invoice": (
        "invoice",
        "bill",
        "rechnung",
        "facture",
        "factuur",
        "fattura",
        "factura",
        "fatura",
        "avoir",
        "gutschrift",
        "rechnungskorrektur",
        "credit note",
        "nota di credito",
    ),
    "receipt": (
        "receipt",
        "quittung",
        "beleg",
        "kassenbon",
        "ticket",
        "fahrschein",
        "recu",
        "kassabon",
        "ricevuta",
        "scontrino",
        "recibo",
        "invoice",
        "rechnung",
    ),
    "bank_statement": (
        "bank statement",
        "statement",
        "kontoauszug",
        "releve",
        "afschrift",
        "rekeningafschrift",
        "rekeningoverzicht",
        "estratto conto",
        "extracto",
        "extrato",
    ),
    "payslip": (
        "payslip",
        "pay slip",
        "salary",
        "gehaltsabrechnung",
        "lohnabrechnung",
        "entgeltabrechnung",
        "bulletin de paie",
        "fiche de paie",
        "loonstrook",
        "busta paga",
        "cedolino",
        "nomina",
        "recibo de vencimento",
    ),
    "tax": (
        "tax",
        "steuer",
        "steuerbescheid",
        "impot",
        "belasting",
        "belastingaanslag",
        "tasse",
        "imposta",
        "impuesto",
        "imposto",
        "fiscal",
        "fiscale",
    ),
    "insurance": (
        "insurance",
        "premium",
        "policy",
        "versicherung",
        "beitrag",
        "assurance",
        "verzekering",
        "polis",
        "assicurazione",
        "polizza",
        "seguro",
        "poliza",
        "apolice",
    ),
    "contract": (
        "contract",
        "agreement",
        "vertrag",
        "vereinbarung",
        "contrat",
        "overeenkomst",
        "contract",
        "contratto",
        "contrato",
        "accordo",
        "acuerdo",
    ),
    "letter": ("letter", "brief", "schreiben", "lettre", "courrier", "lettera", "carta"),
    "medical": (
        "medical",
        "medizinisch",
        "befund",
        "arztbrief",
        "medical report",
        "medical",
        "medisch",
        "medico",
        "medica",
    ),
    "manual": (
        "manual",
        "guide",
        "handbook",
        "documentation",
        "faq",
        "handbuch",
        "anleitung",
        "leitfaden",
        "dokumentation",
        "manuel",
        "handleiding",
        "gids",
        "manuale",
        "guida",
        "manual",
        "guia",
    ),
    "report": (
        "report",
        "bericht",
        "rapport",
        "verslag",
        "relazione",
        "rapporto",
        "informe",
        "relatorio",
    ),
    "article": ("article", "artikel", "article", "artikel", "articolo", "articulo", "artigo"),
    "form": ("form", "formular", "antrag", "formulaire", "formulier", "modulo", "formulario"),
    "other": (),
}
BOILERPLATE_MARKERS = (
    "computer generated",
    "computer-generated",
    "without signature",
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits reserves",
    "page 1 of",
    "seite 1 von",
    "page 1 / 1",
    "page 1/1",
    "iban",
    "bic:",
    "swift",
    "registergericht",
    "handelsregister",
    "amtsgericht",
    "geschaftsfuhrer",
    "ust-idnr",
    "ust.-id",
    "siret",
    "capital de",
    "kvk-nummer",
    "powered by",
    "lesbarmachung",
    "stylesheet",
    "je kunt je factuur",
    "dat betaal ik zelf wel",
    "bei ruckfragen",
    "if you have any questions",
    "please remit",
    "thank you for your business",
)
HYPHEN_BREAK = re.compile(
    r"[^\W\d_][-\u00ad\u2010\u2011]\s+"
    r"(?!(?:and|or|und|oder|et|ou|en|of|e|o|y|und|bis|to)\b)[^\W\d_A-Z]"
)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


# --- normalising ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case-, accent- and width-folded text with its whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def words(text: str) -> list[str]:
    """The folded words of a text: letters and digits only (punctuation, '&' dropped)."""
    return re.findall(r"[^\W_]+", fold(text).replace("'", ""))


def core_name(name: str) -> list[str]:
    """A company or person name's words without legal forms ("B.V." and "BV" fold alike)."""
    folded = fold(name)
    # Dotted abbreviations (B.V., S.A.S., a.G., e.V.) become one word before splitting.
    folded = re.sub(r"\b((?:[^\W\d_]\.){2,})", lambda m: m.group(1).replace(".", ""), folded)
    return [w for w in words(folded) if w not in LEGAL_FORMS and w not in {"a", "g"}]


def _contains_words(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(
        list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1)
    )


def squash(text: str) -> str:
    return " ".join(text.split())


# --- facts ---------------------------------------------------------------------------------


def correspondent_matches(predicted: str, spellings: Iterable[str]) -> bool:
    pred = core_name(predicted)
    if not pred:
        return False
    for spelling in spellings:
        ref = core_name(spelling)
        if not ref:
            continue
        if pred == ref or _contains_words(pred, ref) or _contains_words(ref, pred):
            return True
    return False


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def total_matches(predicted: Any, reference: Mapping[str, Any]) -> bool:
    if not isinstance(predicted, Mapping):
        return False
    amount = _decimal(predicted.get("amount"))
    currency = str(predicted.get("currency") or "").strip().upper()
    if amount is None or currency != str(reference["currency"]).upper():
        return False
    accepted = [reference["amount"], *reference.get("also", [])]
    return any(amount == _decimal(a) for a in accepted)


def reference_matches(predicted: Any, spellings: Iterable[str]) -> bool:
    def key(s: Any) -> str:
        return "".join(str(s).split()).casefold()

    return bool(key(predicted)) and any(key(predicted) == key(s) for s in spellings)


def fact_matches(name: str, predicted: Any, reference: Any) -> bool:
    if isinstance(predicted, date):
        predicted = predicted.isoformat()
    if name == "correspondent":
        return isinstance(predicted, str) and correspondent_matches(predicted, reference)
    if name == "total":
        return total_matches(predicted, reference)
    if name == "reference":
        return reference_matches(predicted, reference)
    # document_type and the dates: the same string (ISO dates, the type vocabulary).
    return isinstance(predicted, str) and predicted.strip() == str(reference)


def quote_found(quote: str, page: int, pages: Sequence[str]) -> bool:
    """The quote appears on the cited page (1-based), whitespace-normalised."""
    if not quote or not quote.strip() or not 1 <= page <= len(pages):
        return False
    return squash(quote) in squash(pages[page - 1])


# --- title, summary, tags ------------------------------------------------------------------


def names_type(title: str, document_type: str) -> bool:
    """Whether the title names the document's type in any language.

    An elided article is its own word here ("Avis d'impôt" names "impot"), which `words`
    would glue on ("dimpot") as it must for a name like "McDonald's".
    """
    title_words = words(re.sub(r"['’]", " ", title))
    for phrase in TYPE_WORDS.get(document_type, ()):
        if _contains_words(title_words, words(phrase)):
            return True
    return False


def title_acceptable(title: str, entry: Mapping[str, Any]) -> tuple[bool, str]:
    """(acceptable, why): names type and correspondent, or is/contains the own title."""
    if not title or not title.strip():
        return False, "empty"
    own = (entry.get("title") or {}).get("own")
    if own and _contains_words(words(title), words(own)):
        return True, "own title"
    facts = entry.get("facts", {})
    spellings = facts.get("correspondent")
    doc_type = facts.get("document_type", entry.get("kind", ""))
    if spellings and names_type(title, doc_type):
        title_core = core_name(title)
        if any(_contains_words(title_core, core_name(s)) for s in spellings if core_name(s)):
            return True, "type and correspondent"
        return False, "names the type, not the correspondent"
    if spellings:
        return False, "does not name the type"
    return False, "not the document's own title"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def summary_problems(summary: str) -> list[str]:
    problems: list[str] = []
    text = " ".join(summary.split())
    if not text:
        return ["empty"]
    hyphen = HYPHEN_BREAK.search(text)
    if hyphen:
        problems.append(f"line-break hyphen: {hyphen.group(0)!r}")
    folded = fold(text)
    for marker in BOILERPLATE_MARKERS:
        if marker in folded:
            problems.append(f"boilerplate: {marker!r}")
    seen: set[str] = set()
    for sentence in sentences(text):
        key = " ".join(words(sentence))
        if len(key) > 10 and key in seen:
            problems.append(f"repeated sentence: {sentence!r}")
        seen.add(key)
    bare = text.rstrip("\"'”’»)]")
    if not bare or bare[-1] not in ".!?…" or text[0].islower():
        problems.append("fragment: not a complete sentence")
    return problems


def tag_problems(tags: Iterable[str], stopwords: Iterable[str]) -> list[str]:
    """The tags that are stop words of the document's language."""
    stop = {fold(s) for s in stopwords}
    return [t for t in tags if fold(t) in stop]


# --- one document, a split -----------------------------------------------------------------


@dataclass
class FactScore:
    name: str
    outcome: str  # correct | wrong | missed | false_positive | absent
    expected: Any = None
    predicted: Any = None
    quote_ok: bool | None = None  # None when nothing was predicted


@dataclass
class DocScore:
    id: str
    facts: dict[str, FactScore]
    language_ok: bool | None
    title_ok: bool
    title_why: str
    summary_problems: list[str] = field(default_factory=list)
    tag_problems: list[str] = field(default_factory=list)
    quote_problems: list[str] = field(default_factory=list)


def score_document(
    entry: Mapping[str, Any],
    predicted: Mapping[str, Any],
    pages: Sequence[str],
    stopwords: Iterable[str] = (),
) -> DocScore:
    """Score one document. `predicted` is {"language", "title", "summary", "tags", "facts":
    {name: {"value", "page", "quote"}}}; `pages` are the OCR page texts the quotes cite."""
    reference = entry.get("facts", {})
    got = predicted.get("facts") or {}
    facts: dict[str, FactScore] = {}
    quote_problems: list[str] = []
    for name in FACT_NAMES:
        expected = reference.get(name)
        fact = got.get(name)
        value = fact.get("value") if isinstance(fact, Mapping) else None
        present = value not in (None, "", [], {})
        quote_ok: bool | None = None
        if present and isinstance(fact, Mapping):
            quote_ok = quote_found(str(fact.get("quote") or ""), int(fact.get("page") or 0), pages)
            if not quote_ok:
                quote_problems.append(
                    f"{name}: quote {fact.get('quote')!r} not on page {fact.get('page')}"
                )
        if expected is None:
            outcome = FALSE_POSITIVE if present else ABSENT
        elif not present:
            outcome = MISSED
        else:
            outcome = CORRECT if fact_matches(name, value, expected) else WRONG
        facts[name] = FactScore(name, outcome, expected, value if present else None, quote_ok)
    language = predicted.get("language")
    title_ok, title_why = title_acceptable(str(predicted.get("title") or ""), entry)
    return DocScore(
        id=str(entry["id"]),
        facts=facts,
        language_ok=None if language is None else language == entry.get("language"),
        title_ok=title_ok,
        title_why=title_why,
        summary_problems=summary_problems(str(predicted.get("summary") or "")),
        tag_problems=tag_problems(predicted.get("tags") or [], stopwords),
        quote_problems=quote_problems,
    )


@dataclass
class FactTally:
    carried: int = 0  # documents whose reference carries the fact
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    false_positives: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.carried if self.carried else None


@dataclass
class Summary:
    documents: int
    facts: dict[str, FactTally]
    language_ok: int
    language_checked: int
    titles_ok: int
    summaries_with_problems: int
    documents_with_stopword_tags: int
    quotes_not_found: int


def summarise(scores: Sequence[DocScore]) -> Summary:
    tallies = {name: FactTally() for name in FACT_NAMES}
    for score in scores:
        for name, fact in score.facts.items():
            tally = tallies[name]
            if fact.outcome == FALSE_POSITIVE:
                tally.false_positives += 1
                continue
            if fact.outcome == ABSENT:
                continue
            tally.carried += 1
            if fact.outcome == CORRECT:
                tally.correct += 1
            elif fact.outcome == WRONG:
                tally.wrong += 1
            else:
                tally.missed += 1
    checked = [s for s in scores if s.language_ok is not None]
    return Summary(
        documents=len(scores),
        facts=tallies,
        language_ok=sum(1 for s in checked if s.language_ok),
        language_checked=len(checked),
        titles_ok=sum(1 for s in scores if s.title_ok),
        summaries_with_problems=sum(1 for s in scores if s.summary_problems),
        documents_with_stopword_tags=sum(1 for s in scores if s.tag_problems),
        quotes_not_found=sum(len(s.quote_problems) for s in scores),
    )
