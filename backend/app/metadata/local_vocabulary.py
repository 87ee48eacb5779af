"""Tags from the user's own vocabulary first.

A person who already files by `invoice` wants the next Rechnung tagged `invoice`, not
`Invoices` or `rechnung` beside it. Tags fold to one key: case, accents, a plural ending and
the same word in another language ("Rechnung", "facture", "factuur" → the concept "invoice")
are one tag, spelled the way the user already spells it. The engine's own keyphrases come
after the user's tags, at most `MAX_NEW_TAGS` of them per document, never a stop word of the
document's language, and never the document type alone (that is a fact, shown as such) unless
the user already files by it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.metadata.facts import DocumentType
from app.metadata.language import tag_stopwords, words

MAX_NEW_TAGS = 3
MAX_TAGS = 8

# The same concept in the languages the engine reads: each word folds to the first one.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "invoice": ("rechnung", "facture", "factuur", "factura", "fattura", "faktura", "bill"),
    "receipt": ("quittung", "kassenbon", "beleg", "reçu", "kassabon", "bon", "recibo", "ricevuta"),
    "bank statement": ("kontoauszug", "relevé de compte", "rekeningafschrift", "extracto"),
    "payslip": ("gehaltsabrechnung", "lohnabrechnung", "fiche de paie", "loonstrook", "nómina"),
    "tax": ("steuer", "steuern", "impôt", "impôts", "belasting", "impuesto", "tasse"),
    "insurance": ("versicherung", "assurance", "verzekering", "seguro", "assicurazione"),
    "contract": ("vertrag", "contrat", "overeenkomst", "contrato", "contratto"),
    "letter": ("brief", "lettre", "carta", "lettera"),
    "manual": ("handbuch", "anleitung", "manuel", "handleiding", "manuale"),
    "report": ("bericht", "rapport", "verslag", "informe", "rapporto"),
    "medical": ("medizin", "médical", "medisch", "médico", "medico", "health", "gesundheit"),
    "electricity": ("strom", "électricité", "elektriciteit", "electricidad", "elettricità"),
    "hosting": ("webhosting", "hébergement"),
    "phone": ("telefon", "téléphone", "telefoon", "teléfono", "telefono", "mobile"),
    "internet": ("internet",),
    "travel": ("reise", "voyage", "reis", "viaje", "viaggio"),
    "hotel": ("hôtel",),
    "car": ("auto", "voiture", "coche", "wagen"),
    "rent": ("miete", "loyer", "huur", "alquiler", "affitto"),
    "salary": ("gehalt", "lohn", "salaire", "salaris", "loon", "salario", "stipendio"),
}
_CONCEPT_OF = {variant: concept for concept, vs in CONCEPTS.items() for variant in (concept, *vs)}
_TYPE_CONCEPT = {
    DocumentType.INVOICE: "invoice",
    DocumentType.RECEIPT: "receipt",
    DocumentType.BANK_STATEMENT: "bank statement",
    DocumentType.PAYSLIP: "payslip",
    DocumentType.TAX: "tax",
    DocumentType.INSURANCE: "insurance",
    DocumentType.CONTRACT: "contract",
    DocumentType.LETTER: "letter",
    DocumentType.MANUAL: "manual",
    DocumentType.REPORT: "report",
    DocumentType.MEDICAL: "medical",
}


def _strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _singular(word: str) -> str:
    """A plural ending off: invoices → invoice, Rechnungen → rechnung, factures → facture."""
    if word.endswith("ungen"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


def fold(tag: str) -> str:
    """The key two spellings of one tag share."""
    text = " ".join(tag.casefold().split())
    concept = _CONCEPT_OF.get(text)
    if concept is None:
        singular = " ".join(_singular(w) for w in text.split())
        concept = _CONCEPT_OF.get(singular, singular)
    return _strip_accents(concept)


def is_stop_tag(tag: str, language: str | None) -> bool:
    """A tag that is a stop word (of the document's language, English or another main
    language: `tag_stopwords`), or a phrase that starts or ends with one ("diese option")."""
    parts = words(tag.lower())
    stops = tag_stopwords(language)
    return not parts or parts[0] in stops or parts[-1] in stops


def choose_tags(
    candidates: Iterable[str],
    existing: Iterable[str],
    *,
    text: str = "",
    language: str | None = None,
    document_type: DocumentType | None = None,
    max_new: int = MAX_NEW_TAGS,
    limit: int = MAX_TAGS,
) -> list[str]:
    """The document's tags: the user's own tags the document matches (the type's concept, a
    candidate, or the tag's words in the text), spelled as the user spells them; then at most
    `max_new` new candidates. Never a stop word; the type alone only when the user has it."""
    vocabulary: dict[str, str] = {}
    for tag in existing:
        key = fold(tag)
        if key and key not in vocabulary:
            vocabulary[key] = " ".join(tag.split())
    text_keys = {fold(w) for w in words(text.lower())} if text else set()
    chosen: list[str] = []
    keys: set[str] = set()

    def take(tag: str, key: str) -> None:
        if key not in keys and len(chosen) < limit:
            keys.add(key)
            chosen.append(tag)

    concept = _TYPE_CONCEPT.get(document_type) if document_type else None
    if concept and fold(concept) in vocabulary:
        take(vocabulary[fold(concept)], fold(concept))
    pending = list(candidates)
    for candidate in pending:
        key = fold(candidate)
        if key in vocabulary:
            take(vocabulary[key], key)
    for key, tag in vocabulary.items():
        # a one-word tag of the user's that the document keeps using
        if " " not in key and key in text_keys and not is_stop_tag(tag, language):
            take(tag, key)
    new = 0
    type_keys = {fold(c) for c in _TYPE_CONCEPT.values()}
    for candidate in pending:
        key = fold(candidate)
        if new >= max_new or key in keys or key in vocabulary:
            continue
        if key in type_keys or is_stop_tag(candidate, language):
            continue
        take(candidate.lower(), key)
        new += 1
    return chosen
