"""The correspondent rules of the local engine (issue 26): who issued or sent a document, never
its recipient, and nothing when it names no sender. Every text here is made up."""

from __future__ import annotations

import re

from app.metadata.choices import fold_correspondent
from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts
from app.metadata.local_facts_words import LEGAL_FORM, LEGAL_FORM_WORDS, LEGAL_FORMS


def sender_of(text: str) -> object:
    pages = text.split("\n\n---\n\n")
    fact = extract_facts(pages, detect_language(text)).get(FactName.CORRESPONDENT)
    return None if fact is None else fact.value


def test_one_list_of_legal_forms_serves_reading_and_filing():
    # every form's spelling is read by the engine and folds away when names are compared
    for form in LEGAL_FORMS:
        assert set(form.folded.split()) <= LEGAL_FORM_WORDS
    assert re.fullmatch(LEGAL_FORM, "GmbH & Co. KG")
    assert re.fullmatch(LEGAL_FORM, "Pvt. Ltd.")
    assert fold_correspondent("Brenner Papier GmbH & Co. KG") == "brenner papier"
    assert fold_correspondent("Kiran Textiles Pvt. Ltd.") == "kiran textiles"
    assert fold_correspondent("Verdi Ricambi S.r.l.") == "verdi ricambi"
    assert fold_correspondent("Nordhaus Handelsgesellschaft mbH") == "nordhaus handelsgesellschaft"


def test_a_name_with_its_legal_form_after_it_is_read_whole():
    text = (
        "Brenner Papier GmbH & Co. KG\nHafenstraße 3\n20457 Hamburg\n"
        "Rechnung Nr. 4711\nRechnungsdatum: 02.03.2024\nGesamtbetrag 119,00 EUR"
    )
    assert sender_of(text) == "Brenner Papier GmbH & Co. KG"
