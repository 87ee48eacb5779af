"""The local facts engine and its language tools, one rule per test, as a reader would notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain import LayoutHints
from app.metadata.base import DocumentInfo
from app.metadata.facts import DocumentType, FactName, FactSource, Total, make_fact
from app.metadata.language import (
    detect_language,
    find_amounts,
    find_dates,
    parse_amount,
    parse_date,
    stopwords,
    words,
)
from app.metadata.local import analyse, build_metadata, join_broken_words
from app.metadata.local_facts import extract_facts
from app.metadata.local_tags import keyphrases
from app.metadata.local_title import is_generic_heading, title_candidates
from app.metadata.local_vocabulary import choose_tags, fold

INFO = DocumentInfo(id="d", filename="scan_0001.pdf", mime_type="application/pdf", page_count=1)

HOSTING_DE = """Hetzner Online GmbH
Industriestr. 25
91710 Gunzenhausen
An
Max Mustermann
Beispiel Handel AG
Hauptstraße 5, Hong Kong
Rechnung
Rechnungsnummer: R0001234567
Rechnungsdatum: 7. Mai 2014
Pos. Beschreibung Betrag
1 Dedicated Server EX40 49,00 €
Zwischensumme 49,00 €
MwSt. 19 % 9,31 €
Gesamtbetrag 58,31 €
Zahlbar bis 21.05.2014
Bitte überweisen Sie den Betrag auf unser Konto.
Hetzner Online GmbH · Amtsgericht Ansbach HRB 3204 · USt-IdNr. DE812871812"""

TELECOM_FR = """FACTURE
Orange SA
78 rue Olivier de Serres, Paris
Facturé à : Alexinux SARL
12 rue de la Paix, Paris
Facture n° F-2014-0042
Date : 19 avril 2014
Total HT 1.000,00 €
TVA 20 % 200,00 €
Montant TTC 1.200,00 €
Date d'échéance : 3 mai 2014
Orange SA au capital de 10 595 541 532 € - RCS Paris 380 129 866"""

SHOP_NL = """Coolblue B.V.
Weena 664, Rotterdam
Factuur
Factuurnummer: 9123456
Factuurdatum: 19-04-2014
Klant: De Vries Installatie B.V.
Subtotaal € 82,64
BTW 21% € 17,36
Totaal te betalen € 100,00
Vervaldatum: 3-5-2014
KvK 24360013 BTW NL8105.63.484.B01"""

BILL_EN = """ACME Widgets Ltd
1 High Street, London
Invoice
Bill to:
Days Bank Ltd
22 Road, Leeds
Invoice No: INV-10023
Invoice date: April 19, 2014
Subtotal $1,000.00
Tax $80.00
Total $1,080.00
Due date: May 19, 2014
VAT Reg No GB123456789"""


def facts_of(text: str) -> dict[FactName, object]:
    pages = text.split("\n\n---\n\n")
    return {n: f.value for n, f in extract_facts(pages, detect_language(text)).items()}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("7. Mai 2014", "de", dt.date(2014, 5, 7)),
        ("07.05.2014", "de", dt.date(2014, 5, 7)),
        ("19 avril 2014", "fr", dt.date(2014, 4, 19)),
        ("8-9-2022", "nl", dt.date(2022, 9, 8)),
        ("3 mei 2021", "nl", dt.date(2021, 5, 3)),
        ("April 19, 2014", "en", dt.date(2014, 4, 19)),
        ("12 de marzo de 2021", "es", dt.date(2021, 3, 12)),
        ("3 marzo 2020", "it", dt.date(2020, 3, 3)),
        ("2014-05-07", "de", dt.date(2014, 5, 7)),
    ],
)
def test_dates_in_five_languages(text, language, expected):
    assert parse_date(text, language) == expected
    assert [d.value for d in find_dates(f"Datum: {text}, Seite 2", language)] == [expected]


def test_a_word_or_a_count_is_not_a_date():
    assert find_dates("Mai 2014 hatten wir 3 Tage Urlaub und 12 Artikel", "de") == []


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1.234,56 €", Decimal("1234.56"), "EUR"),
        ("$1,234.56", Decimal("1234.56"), "USD"),
        ("EUR 99,95", Decimal("99.95"), "EUR"),
        ("£12.50", Decimal("12.50"), "GBP"),
        ("1 234,00 CHF", Decimal("1234.00"), "CHF"),
    ],
)
def test_amounts_with_either_decimal_separator(text, amount, currency):
    assert [(a.amount, a.currency) for a in find_amounts(f"Betrag {text} netto")] == [
        (amount, currency)
    ]
    assert parse_amount(text) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HOSTING_DE, Total(Decimal("58.31"), "EUR")),
        (TELECOM_FR, Total(Decimal("1200.00"), "EUR")),
        (SHOP_NL, Total(Decimal("100.00"), "EUR")),
        (BILL_EN, Total(Decimal("1080.00"), "USD")),
    ],
)
def test_the_total_is_the_amount_to_pay_not_the_subtotal_or_the_tax(text, expected):
    assert facts_of(text)[FactName.TOTAL] == expected


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (HOSTING_DE, "Hetzner Online GmbH"),
        (TELECOM_FR, "Orange SA"),
        (SHOP_NL, "Coolblue B.V."),
        (BILL_EN, "ACME Widgets Ltd"),
    ],
)
def test_the_correspondent_is_the_issuer_not_the_recipient(text, issuer):
    assert facts_of(text)[FactName.CORRESPONDENT] == issuer


def test_each_fact_of_an_invoice_by_its_label():
    de, fr, nl, en = (facts_of(t) for t in (HOSTING_DE, TELECOM_FR, SHOP_NL, BILL_EN))
    assert de[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE
    assert (de[FactName.REFERENCE], de[FactName.DOCUMENT_DATE], de[FactName.DUE_DATE]) == (
        "R0001234567",
        dt.date(2014, 5, 7),
        dt.date(2014, 5, 21),
    )
    assert (fr[FactName.REFERENCE], fr[FactName.DOCUMENT_DATE], fr[FactName.DUE_DATE]) == (
        "F-2014-0042",
        dt.date(2014, 4, 19),
        dt.date(2014, 5, 3),
    )
    assert (nl[FactName.REFERENCE], nl[FactName.DOCUMENT_DATE], nl[FactName.DUE_DATE]) == (
        "9123456",
        dt.date(2014, 4, 19),
        dt.date(2014, 5, 3),
    )
    assert (en[FactName.REFERENCE], en[FactName.DOCUMENT_DATE], en[FactName.DUE_DATE]) == (
        "INV-10023",
        dt.date(2014, 4, 19),
        dt.date(2014, 5, 19),
    )


def test_a_fact_not_in_the_document_is_absent():
    text = "Garden Club Newsletter\nThe garden club planted forty new roses along the river path."
    assert facts_of(text) == {}


def test_every_fact_quotes_its_page_and_a_quote_not_on_the_page_is_dropped():
    pages = ["Cover page\nNothing here", HOSTING_DE]
    facts = extract_facts(pages, "de")
    assert facts and all(f.page == 2 and f.quote in pages[1] for f in facts.values())
    assert all(f.source is FactSource.LOCAL for f in facts.values())
    kept = make_fact(
        FactName.REFERENCE, "R1", page=2, quote="Rechnungsnummer:  R0001234567", pages=pages
    )
    assert kept is not None and kept.quote == "Rechnungsnummer: R0001234567"
    assert make_fact(FactName.REFERENCE, "R1", page=1, quote="Rechnungsnummer", pages=pages) is None
    assert make_fact(FactName.DOCUMENT_DATE, "soon", page=2, quote="Rechnung", pages=pages) is None


def test_the_title_names_type_sender_and_date_in_the_documents_language():
    assert build_metadata(HOSTING_DE, INFO)[0] == "Rechnung – Hetzner Online GmbH – 7. Mai 2014"
    assert build_metadata(SHOP_NL, INFO)[0] == "Factuur – Coolblue B.V. – 19 apr 2014"
    assert build_metadata(BILL_EN, INFO)[0] == "Invoice – ACME Widgets Ltd – 19 Apr 2014"


def test_an_invoice_summary_says_from_whom_how_much_and_when_due_without_boilerplate():
    summary = build_metadata(HOSTING_DE, INFO)[2]
    assert summary.startswith(
        "An invoice from Hetzner Online GmbH dated 7 May 2014 (reference R0001234567), "
        "for EUR 58.31, due 21 May 2014."
    )
    assert "überweisen" not in summary and "Amtsgericht" not in summary


@pytest.mark.parametrize(
    "heading",
    [
        "Abstract",
        "Contents",
        "1. Copyright",
        "Table of Contents",
        "Inhaltsverzeichnis",
        "Sommaire",
        "Inhoudsopgave",
        "2 Introduction",
    ],
)
def test_a_generic_section_heading_is_never_the_title(heading):
    assert is_generic_heading(heading)
    text = f"{heading}\nThe controller opens each valve in turn so that the pressure stays high.\n"
    assert heading not in title_candidates(text, set(), LayoutHints())
    assert build_metadata(text, INFO)[0] != heading


def test_a_heading_glued_to_a_sentence_is_never_the_title():
    glued = "Abstract This paper presents a method for watering gardens with little water"
    text = f"{glued}\nGarden Watering Methods\nThe method saves water in dry summers.\n"
    assert glued not in title_candidates(text, set(), LayoutHints())
    assert not is_generic_heading("Garden Watering Methods")


def test_line_break_hyphens_never_reach_a_summary():
    assert join_broken_words("in‐ cluding all avail- able parts") == "including all available parts"
    assert join_broken_words("pre- and post-processing") == "pre- and post-processing"


def test_accents_are_kept_in_words_and_tags():
    assert words("La mémoire utilisée, quantité, Größe") == [
        "La",
        "mémoire",
        "utilisée",
        "quantité",
        "Größe",
    ]
    lines = [
        "La mémoire vive est utilisée par le système.",
        "La quantité de mémoire vive dépend du système.",
        "Chaque système garde une quantité de mémoire vive.",
    ]
    tags = keyphrases(lines, "", language="fr")
    assert "mémoire vive" in tags or "mémoire" in tags
    assert not {"moire", "quantit", "utilis"} & {w for t in tags for w in t.split()}


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "de",
            [
                "Diese Option wird nicht oder nur dann angezeigt, wenn die Steuerung aktiv ist.",
                "Die Steuerung wird über diese Option oder das Menü der Steuerung eingestellt.",
                "Wenn die Steuerung nicht reagiert, werden alle Optionen der Steuerung gelöscht.",
            ],
        ),
        (
            "fr",
            [
                "Cette option est dans toute la configuration du routeur en cliquant ici.",
                "Dans cette configuration, le routeur garde toute la configuration du réseau.",
                "Le routeur applique cette configuration dans toute la maison.",
            ],
        ),
        (
            "nl",
            [
                "Je kunt je factuur altijd terugvinden in je account bij de energielevering.",
                "De energielevering wordt per maand berekend en je kunt dit wijzigen.",
                "Bij energielevering kunt je ook de meterstanden doorgeven.",
            ],
        ),
    ],
)
def test_stop_words_of_the_documents_language_are_never_tags(language, lines):
    assert detect_language(" ".join(lines)) == language
    stops = stopwords(language)
    tags = keyphrases(lines, "", language=language)
    assert tags
    assert not [t for t in tags if t.split()[0] in stops or t.split()[-1] in stops], tags


def test_tags_fold_case_plural_and_language_onto_the_users_own():
    assert fold("invoice") == fold("Invoices") == fold("Rechnung") == fold("factures")
    chosen = choose_tags(
        ["rechnung", "dedicated server", "hosting"],
        ["invoice", "Hosting"],
        text="Rechnung für Hosting",
        language="de",
        document_type=DocumentType.INVOICE,
    )
    assert chosen[:2] == ["invoice", "Hosting"] and "rechnung" not in chosen


def test_at_most_three_new_tags_and_the_type_is_not_a_new_tag():
    chosen = choose_tags(
        ["invoice", "server", "hosting", "backup", "traffic", "nicht"],
        [],
        language="de",
        document_type=DocumentType.INVOICE,
    )
    assert chosen == ["server", "hosting", "backup"]


def test_the_engine_reuses_the_users_vocabulary():
    result = analyse(HOSTING_DE, INFO, existing_tags=["invoice", "Server"])
    assert result.language == "de"
    assert result.tags[:2] == ["invoice", "Server"]
    assert result.facts_json()["total"]["value"] == {"amount": "58.31", "currency": "EUR"}
    assert result.facts_json()["document_date"]["value"] == "2014-05-07"


def test_the_return_address_line_names_the_sender_not_the_address_below_it():
    letter = (
        "Muster Hosting | Somestreet 42 | 08155 Some city\n"
        "Beispiel Handel AG\nFeldstraße 34\n54321 Hithausen\n"
        "Rechnung RE1001\nRechnungsdatum: 26.10.2022\nGesamtbetrag 963,12 €\n"
    )
    facts = facts_of(letter)
    assert facts[FactName.CORRESPONDENT] == "Muster Hosting"
    assert facts[FactName.REFERENCE] == "RE1001"


def test_a_websites_navigation_bar_is_neither_the_title_nor_the_type():
    page = (
        "Small. Fast. Reliable.\nHome Menu About Documentation Download License Support\n"
        "Purchase\nHow Gardens Are Watered\n"
        "The reliability of a garden depends in part on thorough and careful watering.\n"
    )
    assert build_metadata(page, INFO)[0] == "How Gardens Are Watered"
    assert FactName.DOCUMENT_TYPE not in facts_of(page)


SHORT_INVOICE = """Invoice 2026-117 from ACME Corporation
Billed to Ada Lovelace, 12 Marylebone Road, London
Consulting services for the analytical engine, January 2026
Total due: 4200.00 EUR by 31 January 2026
Thank you for your business."""


def test_the_issuer_named_after_from_is_the_name_alone():
    """The entity pattern catches the line's lead-in with the name; the name is what follows
    "from" when a type word or a number leads in."""
    result = analyse(SHORT_INVOICE, INFO)
    assert result.facts[FactName.CORRESPONDENT].value == "ACME Corporation"
    assert result.display_name == "Invoice – ACME Corporation"


def test_a_short_invoice_is_tagged_by_its_subject_not_its_type_sender_or_addressee():
    tags = analyse(SHORT_INVOICE, INFO).tags
    assert tags == ["consulting services", "analytical engine"]
