"""The title a document's facts make: its kind in the document's language, its sender, a
letter's subject, its date ("Rechnung – Hetzner Online GmbH – 7. Mai 2014", "Letter – The
Pension Service – Your State Pension forecast – 23 Apr 2018"). A sender no title should carry
(a fragment, an address, a page's phrase) is left out rather than shown.
"""

from __future__ import annotations

import datetime as dt
import re

from app.metadata.facts import DocumentType, FactName, Facts, Total
from app.metadata.language import find_dates, format_date
from app.metadata.local_correspondent_names import OFFICE_END
from app.metadata.local_text import letter_share, lines_of
from app.metadata.local_title import (
    is_bare_label,
    is_generic_heading,
    is_salutation,
    looks_like_address,
    tidy_title,
)

# A letter's subject line: "Betreff:", "Objet :", "Oggetto:", "Asunto:", "Betreft:", "Re:".
SUBJECT = re.compile(
    r"^\s*(?:re|subject|betreff|betr\.|objet|betreft|onderwerp|asunto|assunto|oggetto|"
    r"concerne)\s*:\s*(.{4,100})$",
    re.I | re.M,
)
# Kinds whose title is who sent it and when; the others (a manual, an article) keep their own.
FILED_BY_SENDER = frozenset(
    {
        DocumentType.INVOICE,
        DocumentType.RECEIPT,
        DocumentType.BANK_STATEMENT,
        DocumentType.PAYSLIP,
        DocumentType.TAX,
        DocumentType.INSURANCE,
        DocumentType.CONTRACT,
        DocumentType.LETTER,
        DocumentType.MEDICAL,
    }
)
# The type's word in the document's language, for its title.
TYPE_WORDS: dict[DocumentType, dict[str, str]] = {
    DocumentType.INVOICE: {
        "en": "Invoice",
        "de": "Rechnung",
        "fr": "Facture",
        "nl": "Factuur",
        "es": "Factura",
        "it": "Fattura",
        "pt": "Fatura",
    },
    DocumentType.RECEIPT: {
        "en": "Receipt",
        "de": "Quittung",
        "fr": "Reçu",
        "nl": "Kassabon",
        "es": "Recibo",
        "it": "Ricevuta",
        "pt": "Recibo",
    },
    DocumentType.BANK_STATEMENT: {
        "en": "Bank statement",
        "de": "Kontoauszug",
        "fr": "Relevé de compte",
        "nl": "Rekeningafschrift",
        "es": "Extracto bancario",
        "it": "Estratto conto",
        "pt": "Extrato bancário",
    },
    DocumentType.PAYSLIP: {
        "en": "Payslip",
        "de": "Gehaltsabrechnung",
        "fr": "Fiche de paie",
        "nl": "Loonstrook",
        "es": "Nómina",
        "it": "Busta paga",
        "pt": "Recibo de vencimento",
    },
    DocumentType.TAX: {
        "en": "Tax document",
        "de": "Steuerbescheid",
        "fr": "Avis d'impôt",
        "nl": "Belastingaanslag",
        "es": "Documento fiscal",
        "it": "Documento fiscale",
        "pt": "Documento fiscal",
    },
    DocumentType.INSURANCE: {
        "en": "Insurance",
        "de": "Versicherung",
        "fr": "Assurance",
        "nl": "Verzekering",
        "es": "Seguro",
        "it": "Assicurazione",
        "pt": "Seguro",
    },
    DocumentType.CONTRACT: {
        "en": "Contract",
        "de": "Vertrag",
        "fr": "Contrat",
        "nl": "Overeenkomst",
        "es": "Contrato",
        "it": "Contratto",
        "pt": "Contrato",
    },
    DocumentType.LETTER: {
        "en": "Letter",
        "de": "Brief",
        "fr": "Lettre",
        "nl": "Brief",
        "es": "Carta",
        "it": "Lettera",
        "pt": "Carta",
    },
    DocumentType.MEDICAL: {
        "en": "Medical document",
        "de": "Arztbrief",
        "fr": "Document médical",
        "nl": "Medisch document",
        "es": "Documento médico",
        "it": "Documento medico",
        "pt": "Documento médico",
    },
    DocumentType.FORM: {
        "en": "Form",
        "de": "Formular",
        "fr": "Formulaire",
        "nl": "Formulier",
        "es": "Formulario",
        "it": "Modulo",
        "pt": "Formulário",
    },
    DocumentType.MANUAL: {
        "en": "Manual",
        "de": "Handbuch",
        "fr": "Manuel",
        "nl": "Handleiding",
        "es": "Manual",
        "it": "Manuale",
        "pt": "Manual",
    },
    DocumentType.REPORT: {
        "en": "Report",
        "de": "Bericht",
        "fr": "Rapport",
        "nl": "Verslag",
        "es": "Informe",
        "it": "Relazione",
        "pt": "Relatório",
    },
    DocumentType.ARTICLE: {
        "en": "Article",
        "de": "Artikel",
        "fr": "Article",
        "nl": "Artikel",
        "es": "Artículo",
        "it": "Articolo",
        "pt": "Artigo",
    },
    DocumentType.OTHER: {
        "en": "Document",
        "de": "Dokument",
        "fr": "Document",
        "nl": "Document",
        "es": "Documento",
        "it": "Documento",
        "pt": "Documento",
    },
}


def type_word(kind: DocumentType, language: str | None) -> str:
    words = TYPE_WORDS.get(kind, TYPE_WORDS[DocumentType.OTHER])
    return words.get(language or "en", words["en"])


def title_sender(facts: Facts) -> str | None:
    """The correspondent as a title may name it: never a fragment, an address or a few OCR
    letters ("and Hipp & Co.", "Lindenweg 4", "Ui"), which would file the document wrongly."""
    sender = facts.get(FactName.CORRESPONDENT)
    if sender is None or doubtful_sender(str(sender.value)):
        return None
    return str(sender.value)


# Kinds that come as letters: a labelled subject line says what this one is about
# ("Versicherung – HUK-COBURG – Ihre Kfz-Versicherung 2025 – 3. Jan. 2025").
SUBJECT_KINDS = frozenset(
    {DocumentType.LETTER, DocumentType.TAX, DocumentType.INSURANCE, DocumentType.MEDICAL}
)


def letter_subject(text: str, labelled_only: bool = False) -> str | None:
    """A letter's subject line ("Betreff: Ihre Jahresabrechnung 2024" → "Ihre Jahresabrechnung
    2024"), not a bare reference number; without a label (unless `labelled_only`), the heading
    right above the salutation ("Your State Pension forecast" / "Dear Mr Example,")."""
    match = SUBJECT.search(text[:4000])
    if match is not None:
        subject = " ".join(match.group(1).split()).strip(" .;,")
        return subject if len(re.findall(r"[^\W\d_]{3,}", subject)) >= 1 else None
    if labelled_only:
        return None
    lines = [ln.strip(" \t#*|>") for ln in text[:4000].splitlines() if ln.strip(" \t#*|>")]
    for k, line in enumerate(lines[1:], start=1):
        heading = _heading_subject(lines[k - 1]) if _SALUTATION_START.match(line) else None
        if heading:
            return heading
    return None


# A salutation's first words, whatever the line runs on into ("Dear MR DOE To check your …").
_SALUTATION_START = re.compile(
    r"^(?:dear|sehr geehrte|liebe[rs]? |geachte|madame|monsieur|mesdames|messieurs|ch[eè]re?s? |"
    r"gentil[ei] |egregi[oa] |spett\.?le|estimad[oa]s? |prezad[oa]s? |exm[oa]s?\.? )",
    re.IGNORECASE,
)


# Who a letter is addressed to ("Mr A Example", "Frau Erika Beispiel"): never its subject.
_ADDRESSEE = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|herrn?|frau|madame|monsieur|mme|m\.|de heer|mevrouw|sig\.?(?:ra)?|"
    r"sr\.?|sra\.?|don|doña)\b",
    re.IGNORECASE,
)


def _heading_subject(line: str) -> str | None:
    """A subject a letter sets as a heading of its own: a few words, not a sentence, not an
    address, a date, a name or a labelled reference."""
    text = " ".join(line.split())
    words = re.findall(r"[^\W\d_]{2,}", text)
    if (
        not 2 <= len(words) <= 12
        or text.endswith((".", ",", ";", ":"))
        or ":" in text
        or _ADDRESSEE.match(text)
        or looks_like_address(text)
        or find_dates(text)
        or letter_share(text) < 0.7
        or not text[:1].isupper()
    ):
        return None
    # a name is capitalised word for word ("Jane Example"); a subject says something in
    # lower case, or in a German noun's capitals after a possessive ("Ihre Jahresabrechnung")
    lower = [w for w in words if w[0].islower() and len(w) > 3]
    return (
        text
        if lower or re.match(r"^(?:ihre?|unsere?|your|our|votre|uw|su|la sua)\b", text, re.I)
        else None
    )


def title_date(facts: Facts, language: str | None) -> str | None:
    date = facts.get(FactName.DOCUMENT_DATE)
    return format_date(date.value, language) if date and isinstance(date.value, dt.date) else None


# A credit note names itself at its head; it is an invoice with a negative total, and its title
# says what it is ("Gutschrift – Textilhaus Weber e.K. – 22. Apr. 2024"), never "Rechnung".
_CREDIT_NOTE_HEAD = re.compile(
    r"^(?:credit note|credit memo|gutschrift|rechnungskorrektur|avoir|facture d['’]avoir|"
    r"creditnota|creditfactuur|nota di credito|nota de cr[ée]dito|factura rectificativa)\b",
    re.IGNORECASE,
)
CREDIT_NOTE_WORDS = {
    "en": "Credit note",
    "de": "Gutschrift",
    "fr": "Avoir",
    "nl": "Creditnota",
    "es": "Factura rectificativa",
    "it": "Nota di credito",
    "pt": "Nota de crédito",
}


def is_credit_note(first_page: str, facts: Facts) -> bool:
    """An invoice that heads itself a credit note, or whose total is negative."""
    kind = facts.get(FactName.DOCUMENT_TYPE)
    if kind is None or kind.value is not DocumentType.INVOICE:
        return False
    total = facts.get(FactName.TOTAL)
    if total is not None and isinstance(total.value, Total) and total.value.amount < 0:
        return True
    head = [ln.strip(" \t#*|>") for ln in first_page.splitlines() if ln.strip(" \t#*|>")][:8]
    return any(_CREDIT_NOTE_HEAD.match(line) for line in head)


# A contract's own heading names which contract it is ("Software License Agreement",
# "Mietvertrag", "Contrat de location"): it stands for the kind's word in the title.
_CONTRACT_HEADING = re.compile(
    r"(?<![^\W\d_])(?:[^\W\d_]*vertrag|[^\W\d_]*vereinbarung|contract|agreement|contrat|"
    r"overeenkomst|[^\W\d_]*overeenkomst|contrato|contratto|accordo|acuerdo|convenio)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)


def contract_heading(own_title: str | None, facts: Facts) -> str | None:
    """A contract's own heading when it names the contract ("Widgetlib Consortium Agreement")."""
    kind = facts.get(FactName.DOCUMENT_TYPE)
    if kind is None or kind.value is not DocumentType.CONTRACT or not own_title:
        return None
    if len(own_title) > 80 or not _CONTRACT_HEADING.search(own_title):
        return None
    return own_title


def fact_title(
    facts: Facts,
    language: str | None,
    subject: str | None = None,
    credit_note: bool = False,
    kind_name: str | None = None,
) -> str | None:
    """ "Invoice – Coolblue B.V. – 19 Apr 2014": for a kind filed by its sender, with both; a
    letter with its subject ("Brief – Stadtwerke Kiel – Ihre Jahresabrechnung 2024 – 3. März
    2025"). Without a sender, its number and date ("Rechnung R18-31 – 3. Okt. 2018", "Quittung
    – 7. Sept. 2018") rather than a stray line of a form the OCR read apart ("Verkäufer",
    "Ansprechpa")."""
    kind = facts.get(FactName.DOCUMENT_TYPE)
    sender = title_sender(facts)
    if kind is None or kind.value not in FILED_BY_SENDER:
        return None
    assert isinstance(kind.value, DocumentType)
    dated = title_date(facts, language)
    reference = facts.get(FactName.REFERENCE)
    subject = subject if kind.value in SUBJECT_KINDS else None
    word = type_word(kind.value, language)
    if credit_note:
        word = CREDIT_NOTE_WORDS.get(language or "en", CREDIT_NOTE_WORDS["en"])
    if kind_name:  # "Software License Agreement – Widget Labs Inc. – 1 Mar 2024"
        word = kind_name
    if sender is None:
        if dated is None and subject is None:
            return None  # the document's heading says more than a number alone
        named = word
        if reference is not None and subject is None:
            named += f" {reference.value}"
        return " – ".join(p for p in (named, subject, dated) if p)
    return " – ".join(p for p in (word, sender, subject, dated) if p)


# A correspondent's name as a title would show it, and what makes it doubtful: a fragment of a
# line ("and Hipp, Wyrick & Co."), an address, a run of OCR letters ("Ui", "AE").
_SENDER_FRAGMENT = re.compile(
    r"^(?:and|und|et|e|y|en|or|oder|ou|of|the|for|für|pour|per|with|mit|avec|con|com|to|zu)\s",
)
# ...or one cut before its end: a name never ends in a joining word or sign ("Birch, Maple &").
_SENDER_CUT = re.compile(r"(?:[&,+/]|\s(?:and|und|et|en|y|of|von|van|de|di|del|der))$", re.I)


# A page's call to action or a form's empty value, never who sent it ("Nous contacter",
# "Contact us", "Kundenservice", "Email Address Not Recorded").
_NOT_A_SENDER = re.compile(
    r"^(?:contact(?:ez)?(?:[- ]nous| us)?|nous contacter|kontakt(?:ieren sie uns)?|contacto|"
    r"contatti|contacteer ons|customer (?:service|care)|service clients?|service client[eè]le|"
    r"kundenservice|klantenservice|servizio clienti|atenci[oó]n al cliente)$|"
    r"\b(?:not (?:recorded|provided|available|applicable)|unknown|n/a)\b",
    re.IGNORECASE,
)


def doubtful_sender(name: str) -> bool:
    """A correspondent no title should carry: it is a fragment, an address, a few letters or
    a phrase of the page ("Nous contacter")."""
    name = " ".join(name.split())
    letters = re.findall(r"[^\W\d_]", name)
    return (
        not letters
        # a few letters in lower case are OCR's ("Ui", "ee"); in capitals a brand's ("BP", "O2")
        or (len(letters) < 3 and not name.isupper())
        or (letter_share(name) < 0.5 and not name.isupper())
        or bool(_SENDER_FRAGMENT.match(name))
        or bool(_SENDER_CUT.search(name))
        or is_salutation(name)
        or bool(_NOT_A_SENDER.search(name))
        or is_bare_label(name)  # "SELLER", "Verkäufer", "Kunde"
        # "Rechnung", "Invoice"; an office named by its kind's word is a sender
        # ("Belastingdienst", "Steueramt")
        or (is_generic_heading(name) and not OFFICE_END.search(name))
        or looks_like_address(name)
    )


# A heading that names what the document is, beyond its kind: "Booking Confirmation", "Payment
# Reminder", "Auftragsbestätigung", "Avis d'échéance", "Conferma d'ordine". Without a sender it
# says more than the kind's word ("Contract 334566").
_DOCUMENT_NOUN = (
    r"confirmation|reminder|notice|certificate|quotation|quote|estimate|order|delivery note|"
    r"packing slip|voucher|booking|reservation|itinerary|proposal|offer|acknowledgement|"
    r"[^\W\d_]*bestätigung|[^\W\d_]*erinnerung|mahnung|[^\W\d_]*bescheinigung|angebot|"
    r"lieferschein|[^\W\d_]*bescheid|kündigung|gutschein|rappel|relance|attestation|devis|"
    r"bon de commande|bon de livraison|avis|[^\W\d_]*bevestiging|herinnering|aanmaning|"
    r"offerte|pakbon|verklaring|conferma|sollecito|preventivo|attestato|certificato|avviso|"
    r"confirmación|recordatorio|presupuesto|certificado|aviso|albarán|confirmação|orçamento|"
    r"certidão"
)
_DOCUMENT_HEADING = re.compile(
    rf"^(?:(?:{_DOCUMENT_NOUN})\s+(?:of|de|d['’]|di|del|della|du|des|van|der|von|für)\b.*|"
    rf".*\b(?:{_DOCUMENT_NOUN}))$",
    re.IGNORECASE,
)
_COPY_MARK = re.compile(
    r"\s*[—–-]\s*(?:original|copy|duplicate|kopie|duplikat|copie|duplicata|copia|duplicado)$",
    re.IGNORECASE,
)


def document_heading(first_page: str) -> str | None:
    """A heading among the first page's first lines that names what the document is
    ("Booking Confirmation — ORIGINAL" → "Booking Confirmation"): short, not a sentence."""
    for line in lines_of(first_page)[:25]:
        text = _COPY_MARK.sub("", " ".join(line.split())).strip(" .:")
        if (
            (2 <= len(text.split()) <= 6 or len(text) >= 7)
            and len(text.split()) <= 6
            and _DOCUMENT_HEADING.match(text)
            and letter_share(text) >= 0.8
            and not text.endswith(",")
            and not looks_like_address(text)
            and not _POSSESSIVE.match(text)
            and _heading_case(text)
        ):
            return tidy_title(text)
    return None


_POSSESSIVE = re.compile(
    r"^(?:your|our|my|ihre?|unsere?|meine?|votre|vos|notre|nos|mon|ma|uw|onze|mijn|su|sus|"
    r"nuestr[ao]s?|vostr[aoie]|nostr[aoie]|seu|sua|nosso|nossa)\b",
    re.IGNORECASE,
)


def _heading_case(text: str) -> bool:
    """Set as a heading: in capitals, or its first word and every long word capitalised
    (German nouns, French "Avis d'échéance" with its small words in lower case)."""
    if text.isupper():
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return (
        bool(words)
        and words[0][0].isupper()
        and (len(words) <= 3 or all(w[0].isupper() for w in words if len(w) > 3))
    )
