"""Document and due dates in the layouts and words bills come in: a header row over a row of
several dates (with pipes or without), a Markdown table's rule under its header, due-date
labels in French, Portuguese, Spanish and English, and a hotel stay's dates. Every text here
is made up for the rule it pins."""

from __future__ import annotations

import datetime as dt

import pytest

from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts


def dates_of(text: str) -> tuple[dt.date | None, dt.date | None]:
    facts = extract_facts(text.split("\n\n---\n\n"), detect_language(text))
    document, due = facts.get(FactName.DOCUMENT_DATE), facts.get(FactName.DUE_DATE)
    return (
        None if document is None else document.value,  # type: ignore[return-value]
        None if due is None else due.value,  # type: ignore[return-value]
    )


def test_the_date_in_the_labels_cell_of_a_table_with_pipes():
    text = (
        "Tischlerei Nord GmbH\nRechnung\n| Kundennr. | Lieferdatum | Rechnungsdatum |\n"
        "| 4711 | 01.03.2024 | 05.03.2024 |\nGesamtbetrag 10,00 €"
    )
    assert dates_of(text) == (dt.date(2024, 3, 5), None)


def test_a_markdown_tables_rule_under_its_header_is_skipped():
    text = (
        "Cloudberry Hosting Inc.\nInvoice\n| Invoice number | Date of issue | Date due |\n"
        "|---|---|---|\n| 8F2A-0003 | January 5, 2024 | February 4, 2024 |\n| Total | $49.00 |"
    )
    assert dates_of(text) == (dt.date(2024, 1, 5), dt.date(2024, 2, 4))


def test_the_date_as_far_along_the_row_as_its_label_among_the_headers_date_labels():
    text = (
        "Tischlerei Nord GmbH\nRechnung\nRechnungsnummer Lieferdatum Rechnungsdatum\n"
        "RE-2024-17 10.03.2024 14.03.2024\nGesamtbetrag 119,00 €"
    )
    assert dates_of(text) == (dt.date(2024, 3, 14), None)


@pytest.mark.parametrize(
    ("text", "language_hint"),
    [
        ("SARL Lune\nFacture\nDate : 05/03/2024\nDate limite de paiement : 04/04/2024", "fr"),
        ("Lua Lda\nFatura\nData de emissão: 05/03/2024\nData de vencimento: 04/04/2024", "pt"),
        ("Luna SL\nFactura\nFecha: 05/03/2024\nFecha límite de pago: 04/04/2024", "es"),
        ("Moon Ltd\nInvoice\nDate: 05/03/2024\nDate due: 04/04/2024\nTotal £10.00", "en"),
    ],
)
def test_due_date_labels(text, language_hint):
    assert dates_of(text) == (dt.date(2024, 3, 5), dt.date(2024, 4, 4)), language_hint


def test_a_hotel_stays_arrival_and_departure_are_not_the_bills_date():
    text = (
        "Hotel Seeblick\nRechnung\nAnreise 03.05.2024 Abreise 07.05.2024\n"
        "Rechnungsdatum 07.05.2024\nGesamtbetrag 420,50 €"
    )
    assert dates_of(text) == (dt.date(2024, 5, 7), None)
    unlabelled = "Grand Hotel\nFolio 118\nArrival 03/05/2024 Departure 03/07/2024\nTotal $420.50"
    assert dates_of(unlabelled)[0] != dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "line",
    ["2024-03-12T18:02:11", "12.03.2024/18:02", "Datum: 12. März 24 18:02"],
)
def test_a_receipts_date_with_its_time_glued_on_or_a_short_year(line):
    text = (
        "Frischmarkt Süd GmbH\nHauptstraße 5\n33602 Bielefeld\nBrot 2,50\nMilch 1,20\n"
        f"SUMME EUR 3,70\nBar 5,00\nRückgeld 1,30\n{line}"
    )
    assert dates_of(text)[0] == dt.date(2024, 3, 12)


def test_a_header_row_naming_the_date_then_the_due_date():
    text = (
        "Rivera Plumbing LLC\nINVOICE\nINVOICE # DATE DUE DATE\n1042 03/12/2024 04/11/2024\n"
        "Total $10.00"
    )
    assert dates_of(text) == (dt.date(2024, 3, 12), dt.date(2024, 4, 11))


@pytest.mark.parametrize(
    "due_line",
    [
        "À régler au plus tard le 04/04/2024",
        "Gelieve uiterlijk 04-04-2024 te betalen.",
        "Please pay before 04/04/2024",
    ],
)
def test_more_due_date_wordings(due_line):
    text = f"Studio Lune\nInvoice / Facture / Factuur\nDate: 05/03/2024\n{due_line}\nTotal 10,00 €"
    assert dates_of(text) == (dt.date(2024, 3, 5), dt.date(2024, 4, 4))


def test_the_day_a_document_was_printed_is_not_its_date():
    text = (
        "Holzbau Nord GmbH\nDruckdatum: 20.03.2024\nRechnung Nr. 17\nLeistung 100,00 €\n"
        "Gesamtbetrag 119,00 €\nBerlin, 12.03.2024"
    )
    assert dates_of(text)[0] == dt.date(2024, 3, 12)


@pytest.mark.parametrize(
    "due_line",
    [
        "Payable on or before 4/4/2024",
        "Le montant de 62,86 € sera prélevé le 04/04/2024 sur votre compte",
        "Der Betrag wird am 04.04.2024 per SEPA-Lastschrift eingezogen.",
        "Abbuchung am 04.04.2024",
    ],
)
def test_a_direct_debits_day_or_a_pay_on_or_before_date_is_the_due_date(due_line):
    text = f"Studio Lune\nInvoice / Facture / Rechnung\nDate: 05/03/2024\n{due_line}\nTotal 10,00 €"
    assert dates_of(text)[1] == dt.date(2024, 4, 4)


def test_an_american_address_reads_a_numeric_date_month_first():
    text = "Lakeside Goods\n123 Main Street\nRedmond, WA 98052\nPaper towels 4.99\n6/10/2019 13:59"
    assert dates_of(text)[0] == dt.date(2019, 6, 10)
    british = "Lakeside Goods Ltd\n12 High Street\nLondon SW1A 1AA\nTea 4.99\n6/10/2019 13:59"
    assert dates_of(british)[0] == dt.date(2019, 10, 6)


@pytest.mark.parametrize(
    "line",
    ["Kunde seit 01.01.2010", "Member since 01/01/2010", "Angebot bis 31.12.2024"],
)
def test_a_date_an_account_or_offer_runs_from_or_to_is_not_the_receipts(line):
    text = (
        f"Frischmarkt Süd GmbH\nHauptstraße 5, 33602 Bielefeld\n{line}\nBrot 2,50\n"
        "SUMME EUR 2,50\nBar 5,00\n12.03.2024 18:02"
    )
    assert dates_of(text)[0] == dt.date(2024, 3, 12)


def test_an_issued_date_beats_a_billing_period_above_it():
    text = (
        "Harbour Telecom Ltd\nBilling period 1 Feb 2024 - 29 Feb 2024\nIssued 12 March 2024\n"
        "Total due £10.00"
    )
    assert dates_of(text)[0] == dt.date(2024, 3, 12)


def test_a_due_label_whose_date_ocr_put_past_a_line_of_the_next_column():
    text = (
        "Harbour Supplies Ltd\nINVOICE\nInvoice Date\n05/03/2024\nPayment Due\n"
        "billing@harbour.example\n04/04/2024\nTotal £10.00"
    )
    assert dates_of(text) == (dt.date(2024, 3, 5), dt.date(2024, 4, 4))
