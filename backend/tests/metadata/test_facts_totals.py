"""The total of a document when OCR garbles it (receipt photos and scans), and the labels of
totals in the languages and formats invoices come in (Indian, French, US, German). Every
text here is made up for the rule it pins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.metadata.facts import FactName, Total
from app.metadata.language import detect_language, find_amounts
from app.metadata.local_dates import repair_dates
from app.metadata.local_facts import extract_facts
from app.metadata.local_total_ocr import repair_amounts


def total_of(text: str) -> Total | None:
    pages = text.split("\n\n---\n\n")
    fact = extract_facts(pages, detect_language(text)).get(FactName.TOTAL)
    return None if fact is None else fact.value  # type: ignore[return-value]


def test_a_space_ocr_put_inside_an_amount_and_a_misread_euro_code():
    assert repair_amounts("SUMME EUH 12, 40") == "SUMME EUR 12,40"
    assert repair_amounts("Betrag 7 ,85 FUR") == "Betrag 7,85 EUR"
    assert repair_amounts("Größen 38, 40, 42") == "Größen 38, 40, 42"  # a list, not an amount
    text = "Bäckerei Kornblume\nBrot 3,20\nKuchen 9,20\nSUMME EUH 12, 40\nDatum 03.02.2021 08:12"
    assert total_of(text) == Total(Decimal("12.40"), "EUR")


@pytest.mark.parametrize("label", ["UMME EUR 7,85", "etrag EUR 7,85", "otal 7,85 EUR"])
def test_a_total_label_whose_first_letter_ocr_lost(label):
    text = f"Kiosk am Markt\nZeitung 2,50\nKaffee 5,35\n{label}\n12.03.2022 14:35"
    assert total_of(text) == Total(Decimal("7.85"), "EUR")


def test_a_garbled_total_yields_to_the_amount_the_payment_and_tax_lines_agree_on():
    # "TOTAL 23,88" is a misread; the card payment and net + tax both say 23,80
    text = (
        "Tankstelle Nord GmbH\nDiesel 23,80 EUR\nKartenzahlung girocard\nBetrag: EUR 23,80\n"
        "TOTAL 23,88 EUR\nMWST 19,00% 3,80 EUR\nNETTO 20,00 EUR BRUTTO 23,80 EUR"
    )
    assert total_of(text) == Total(Decimal("23.80"), "EUR")


def test_the_total_the_items_add_up_to_wins_over_a_misread_card_payment():
    text = (
        "Baumarkt West GmbH\nSchrauben 4,50\nHammer 8,20\nSUMME EUR 12,70\n"
        "GEGEBEN Mastercard 12,10\nDatum 04.05.2021 10:15"
    )
    assert total_of(text) == Total(Decimal("12.70"), "EUR")


def test_labelled_amounts_that_disagree_by_a_misread_digit_take_the_items_sum():
    # neither 12,10 nor 12,07 was printed: both are one misreading away from 4,50 + 8,20
    text = (
        "Baumarkt West GmbH\nSchrauben 4,50\nHammer 8,20\nSUMME EUR ?2.7O\n"
        "Kartenzahlung Mastercard 12,10\nBetrag EUR 12, 07\nDatum 04.05.2021 10:15"
    )
    assert total_of(text) == Total(Decimal("12.70"), "EUR")
    # when the labelled amounts agree, a garbled item does not change them
    agreed = (
        "Baumarkt West GmbH\nSchrauben 4,50\nHammer 8,80\nSUMME EUR 12,70\n"
        "Kartenzahlung Mastercard 12,70\nDatum 04.05.2021 10:15"
    )
    assert total_of(agreed) == Total(Decimal("12.70"), "EUR")


def test_net_a_payer_read_without_its_accent_and_a_row_that_is_not_the_totals_row():
    text = (
        "LA BOUTIQUE SAS\nFACTURE N° F2021-044\nTOTAL HT TOTAL TVA\nTOTAL TTC\n250,00 50,00\n"
        "NET A PAYER 300,00 EUR"
    )
    assert total_of(text) == Total(Decimal("300.00"), "EUR")


@pytest.mark.parametrize(
    ("line", "amount"),
    [
        ("Montant T.T.C. 84,00 €", "84.00"),
        ("Solde à payer 84,00 €", "84.00"),
        ("Montant dû : 84,00 €", "84.00"),
        ("Total à régler 84,00 €", "84.00"),
    ],
)
def test_french_totals(line, amount):
    text = f"Atelier Dupont SARL\nFacture 2022-17\nTotal H.T. 70,00 €\nTVA 20 % 14,00 €\n{line}"
    assert total_of(text) == Total(Decimal(amount), "EUR")


@pytest.mark.parametrize(
    ("lines", "amount"),
    [
        (
            "Taxable Value ₹ 1,00,000.00\nIGST 18% ₹ 18,000.00\nInvoice Value ₹ 1,18,000.00",
            "118000.00",
        ),
        ("Total Amount Before Tax 1,000.00\nTotal Amount After Tax Rs.1,180.00", "1180.00"),
        (
            "Sub Total INR 2,500.00\nCGST 9% 225.00\nSGST 9% 225.00\nNet Payable INR 2,950.00",
            "2950.00",
        ),
    ],
)
def test_indian_totals(lines, amount):
    text = f"Sharma Traders Pvt. Ltd.\nTax Invoice No. ST/22-23/101\nGSTIN 27AAACS1234A1Z5\n{lines}"
    assert total_of(text) == Total(Decimal(amount), "INR")


def test_an_indian_amount_after_rs_with_a_dot():
    assert [(a.amount, a.currency) for a in find_amounts("Rs.1,234/-")] == [
        (Decimal("1234.00"), "INR")
    ]


def test_us_balance_due_over_subtotal_and_tax():
    text = (
        "Pine Street Plumbing LLC\nINVOICE # 2291\nSubtotal $1,200.00\nSales Tax (8%) $96.00\n"
        "Amount Paid $0.00\nBalance Due $1,296.00"
    )
    assert total_of(text) == Total(Decimal("1296.00"), "USD")


def test_a_total_read_apart_from_its_label_is_the_largest_repeated_amount_below():
    text = (
        "Praxis Sonnenweg\nRechnung Nr. 88\nBelegsummen\nPositionssumme\nSteuerbetrag\n"
        "Bruttosumme\nZahlbetrag\nZahlungsbedingungen\nBitte überweisen Sie den Betrag.\n"
        "Kontoname: Praxis Sonnenweg\nIBAN: DE02120300000000202051\n0,00\n240,00\n240,00\n"
        "0,00\n240,00"
    )
    assert total_of(text) == Total(Decimal("240.00"), "EUR")
    # once only: no guess
    assert total_of(text.replace("0,00\n240,00\n240,00\n0,00\n240,00", "0,00\n240,00")) is None


def test_the_total_of_surcharges_is_not_the_invoices_total():
    text = (
        "Lieferant AG\nRechnung 7\nGesamtbetrag der Zuschläge 5,80\n"
        "Gesamtbetrag der Abschläge 2,00\nRechnungsbetrag 119,00 EUR"
    )
    assert total_of(text) == Total(Decimal("119.00"), "EUR")


# --- the document's date -------------------------------------------------------------------


def date_of(text: str) -> dt.date | None:
    pages = text.split("\n\n---\n\n")
    fact = extract_facts(pages, detect_language(text)).get(FactName.DOCUMENT_DATE)
    return None if fact is None else fact.value  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Datum: 4. 04. 2021", "Datum: 4.04.2021"),
        ("Datum: 15.04.202C", "Datum: 15.04.2020"),
        ("Datum O3.O5.2021", "Datum 03.05.2021"),
        ("Datum 03,05.2021", "Datum 03.05.2021"),
        ("Zeit 03.05. 14:43 Uhr", "Zeit 03.05. 14:43 Uhr"),  # a time is not a year
        ("Größen 12,05,20", "Größen 12,05,20"),  # a list of numbers
        ("Version 3.39.0", "Version 3.39.0"),
    ],
)
def test_a_date_ocr_spaced_or_read_with_a_letter_for_a_digit(printed, read):
    assert repair_dates(printed) == read


def test_a_receipts_date_as_ocr_read_it():
    text = "Gartencenter Blum GmbH\nErde 9,99\nSUMME EUR 9,99\nDatum: 3. 05. 2021\nBon 88"
    assert date_of(text) == dt.date(2021, 5, 3)


def test_the_date_of_the_order_an_invoice_refers_to_is_not_its_date():
    text = (
        "Holzbau Meier GmbH\nRECHNUNG\nRechnungsnummer 2231\nxx 12.05.2021\n"
        "Rechnung gemäß Bestellung vom\n02.05.2021\nGesamtbetrag 300,00 EUR"
    )
    assert date_of(text) == dt.date(2021, 5, 12)
    english = (
        "Oak Tools Ltd\nINVOICE 77\nAs per your order of 2 May 2021\n12 May 2021\nTotal £40.00"
    )
    assert date_of(english) == dt.date(2021, 5, 12)


def test_a_date_label_whose_value_the_text_layer_put_further_down():
    text = (
        "FACTURE N° :\nDate :\nATELIER DUPONT\nDate de livraison : 28/04/2021\n"
        "Période du 01/04/2021 au 30/04/2021\nF2021-0042\n30/04/2021\nTOTAL TTC 120,00 €"
    )
    assert date_of(text) == dt.date(2021, 4, 30)


def test_a_date_in_a_sentence_is_not_the_header_date_but_one_in_a_long_header_row_is():
    report = (
        "Testing the library\nAs of version 3.2 (2021-06-25), the library consists of about "
        "151 thousand lines of C code. By comparison, the project has 600 times as much test code."
    )
    assert date_of(report) is None
    flattened = (
        "LE FOURNISSEUR SAS\nFACTURE\nN° CLIENT : REF0215 GLN : 3654789851 SIRET : 98765432100029 "
        "PARIS 05/03/2021 DEVISE : EURO (EUR) CODE ROUTAGE : CDROUT1 SERVICE : SERVEXEC\n"
        "TOTAL TTC 120,00 €"
    )
    assert date_of(flattened) == dt.date(2021, 3, 5)


def test_a_reminder_is_dated_after_the_due_date_it_names():
    text = "Stadtwerke Nord GmbH\nMahnung\nfällig am 01.02.2021\nBremen, 15.03.2021\nOffen 80,00 €"
    assert date_of(text) == dt.date(2021, 3, 15)


def test_a_year_ocr_misread_into_the_far_future_is_not_the_date():
    text = "Kiosk am Markt\nDatum 03.05.2091\nZeitung 2,50\nSUMME EUR 2,50\n03.05.21 09:12"
    assert date_of(text) == dt.date(2021, 5, 3)


@pytest.mark.parametrize(
    "label", ["Bill Date: 05/03/2021", "Date of Invoice: 05/03/2021", "Date facture : 05/03/2021"]
)
def test_more_invoice_date_labels(label):
    text = f"Oak Tools Ltd\nOrder Date: 01/03/2021\n{label}\nTotal 40,00 €"
    assert date_of(text) == dt.date(2021, 3, 5)


def test_a_total_in_a_document_that_names_no_currency():
    indian = (
        "Sharma Traders Pvt. Ltd.\nGSTIN 27AAACS1234A1Z5\nTaxable Value 1,000.00\n"
        "CGST 9% 90.00\nSGST 9% 90.00\nTotal Amount (Rs.)\n1,180.00"
    )
    assert total_of(indian) == Total(Decimal("1180.00"), "INR")
    german = "Tischlerei Holz\nRechnung 12\nArbeitslohn 200,00\nGesamtbetrag 238,00"
    assert total_of(german) is None  # which currency, nothing says (a Swiss invoice?)


def test_a_tax_tables_gross_column_is_not_the_total():
    text = (
        "Markt 24\nBeträge in EUR\nBrot 2,50\nKäse 4,20\nMWST Netto MWST-BETRAG BRUTTO\n"
        "A 7,00% 6,26 0,44\nC 6,70"
    )
    assert total_of(text) is None


@pytest.mark.parametrize(
    ("lines", "amount", "currency"),
    [
        ("Imponibile 100,00 €\nIVA 22% 22,00 €\nNetto a pagare 122,00 €", "122.00", "EUR"),
        ("Subtotal $100.00\nTax $8.00\nPlease pay $108.00", "108.00", "USD"),
        ("Total HT 100,00 €\nTVA 20,00 €\nTotal facture 120,00 €", "120.00", "EUR"),
    ],
)
def test_amount_to_pay_labels_in_italian_english_and_french(lines, amount, currency):
    text = f"Studio Rossi\nFattura / Invoice / Facture 9\n{lines}"
    assert total_of(text) == Total(Decimal(amount), currency)


def test_date_labels_one_under_another_and_their_values_after_them():
    # a flattened two-column header: the labels, then their values in the same order
    text = (
        "Acme LLC\nInvoice Number\nInvoice Date\nDue Date\nINV-1001\nMarch 5, 2021\n"
        "April 4, 2021\nTotal $10.00"
    )
    facts = extract_facts([text], "en")
    assert facts[FactName.DOCUMENT_DATE].value == dt.date(2021, 3, 5)
    assert facts[FactName.DUE_DATE].value == dt.date(2021, 4, 4)


def test_a_heading_with_a_tax_word_is_not_an_amount_label_over_the_total():
    text = "Sharma Pvt. Ltd.\nTax Invoice\nTotal Amount\n₹ 1,180.00"
    assert total_of(text) == Total(Decimal("1180.00"), "INR")


def test_a_line_with_the_date_and_the_orders_date_keeps_the_date():
    text = (
        "Holzbau Meier GmbH\nRECHNUNG 2231\nDatum 12.05.2021, Ihre Bestellung vom 02.05.2021\n"
        "Lieferung von Bauholz\nGesamtbetrag 300,00 EUR"
    )
    assert date_of(text) == dt.date(2021, 5, 12)


def test_a_label_whose_block_does_not_line_up_takes_the_next_line():
    text = (
        "Acme GmbH\nKunde seit 01.01.2019\nKunde:\nRechnungsdatum:\n05.03.2021\nBeta GmbH 12\n"
        "Gesamtbetrag 10,00 €"
    )
    assert date_of(text) == dt.date(2021, 3, 5)


@pytest.mark.parametrize(
    ("printed", "mended"),
    [
        ("Total $1,250,340,00", "Total $1250340.00"),  # every separator read as a comma
        ("Total 1.250,340.00 EUR", "Total 1250340.00 EUR"),  # the groups' separators mixed
        ("Total $1,250, 340.00", "Total $1,250,340.00"),  # a space after a group's separator
        ("Total 1.250.340,00 EUR", "Total 1.250.340,00 EUR"),  # well formed: left alone
        ("Total 12,345.67", "Total 12,345.67"),
        ("Qty 2, 100.00", "Qty 2, 100.00"),  # a lone number before an amount: a list's
    ],
)
def test_an_amount_of_several_thousands_groups_as_ocr_garbles_it(printed, mended):
    assert repair_amounts(printed) == mended


def test_a_large_total_with_a_space_ocr_put_after_a_thousands_separator():
    text = (
        "Northwind Mobile Inc.\nINVOICE\nInvoice No. 4410\nNET INVOICE 1,250,340.00\n"
        "SALES TAX 0.00\nINVOICE TOTAL $1,250, 340,00"
    )
    assert total_of(text) == Total(Decimal("1250340.00"), "USD")
