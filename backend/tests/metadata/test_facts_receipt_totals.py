"""The total of receipts and bills nobody here has seen: a total's word OCR garbled or glued to
its currency, a receipt whose own arithmetic names its total, a value read above its label,
and the currency of a document that writes none beside its amounts. Every text here is made
up for the rule it pins."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.metadata.facts import FactName, Total
from app.metadata.language import detect_language
from app.metadata.local_currency import fallback_currency
from app.metadata.local_facts import extract_facts
from app.metadata.local_total_ocr import repair_amounts


def total_of(text: str) -> Total | None:
    pages = text.split("\n\n---\n\n")
    fact = extract_facts(pages, detect_language(text)).get(FactName.TOTAL)
    return None if fact is None else fact.value  # type: ignore[return-value]


@pytest.mark.parametrize(
    "label",
    ["5UMME EUR 7,50", "S#MME EUR 7,50", "SUMNE EUR 7,50", "TOTAI: EUR 7,50", "SUMM EUR 7,50"],
)
def test_a_total_word_ocr_misread_by_one_character(label):
    text = f"Backstube Korn\nBrezel 1,20\nKaffee 2,80\nKuchen 3,50\n{label}\n14.02.2024 07:55"
    assert total_of(text) == Total(Decimal("7.50"), "EUR")


def test_a_word_of_running_text_that_looks_like_a_total_word_is_no_label():
    # "Betrug" in lower case is a word, not a misread "Betrag"; "IMPORT" a word one letter
    # short of "importe"
    text = "Hausverwaltung Ost\nBetrug 3,50 Euro wurde gemeldet\nDatum 02.05.2024"
    assert total_of(text) is None
    assert total_of("Zollamt Nord\nIMPORT 3,50 EUR\nDatum 02.05.2024") is None


def test_a_currency_code_ocr_glued_to_the_total_word():
    assert repair_amounts("SUMMEEUR 6,48") == "SUMME EUR 6,48"
    assert repair_amounts("FOURNISSEUR 6,48") == "FOURNISSEUR 6,48"
    text = "Frischmarkt Süd\nÄpfel 2,49\nKäse 3,99\nSUMMEEUR 6,48\nEC-Karte 6,48\n07.05.2024 17:12"
    assert total_of(text) == Total(Decimal("6.48"), "EUR")


def test_cash_handed_over_less_the_change_is_the_total_when_its_label_is_lost():
    text = (
        "Backstube Mond\nHauptstr. 1, 10115 Berlin\nBrezel 1,10\nKaffee 2,80\n"
        "#%&*! 7,90\nGegeben 10,00\nZurück 2,10\n14.02.2024 07:55"
    )
    assert total_of(text) == Total(Decimal("7.90"), "EUR")
    english = (
        "CORNER STORE\nGUM $1.99\nSODA 2.49\nCHIPS 3.29\nT#%*L 7.77\nCASH TEND 10.00\n"
        "CHANGE DUE 2.23\n02/11/2024 4:15 PM"
    )
    assert total_of(english) == Total(Decimal("7.77"), "USD")


def test_the_sum_of_the_items_is_the_total_when_its_label_is_lost():
    text = (
        "Café Blau\nTel. +49 30 1234567\nTee 2,20\nKuchen 3,40\n~~ 5,60\nKartenzahlung\n"
        "14.02.2024 07:55"
    )
    assert total_of(text) == Total(Decimal("5.60"), "EUR")
    # amounts that add up to nothing are no total
    assert total_of(text.replace("~~ 5,60", "~~ 5,10")) is None
    # nor is a sum on a page that shows no payment: a price list, a report's table
    assert total_of(text.replace("Kartenzahlung\n", "")) is None


def test_a_total_read_above_its_label():
    text = (
        "Holzbau Nord GmbH\nRechnungsdatum 01.02.2024\nZwischensumme 100,00 EUR\n"
        "Steuer 19,00 EUR\n119,00 EUR\nRechnungsbetrag\nVielen Dank für Ihren Auftrag"
    )
    assert total_of(text) == Total(Decimal("119.00"), "EUR")


@pytest.mark.parametrize(
    ("text", "language", "currency"),
    [
        ("Kiosk Mitte\nSUMME 3,70\nBAR 5,00 EURO", "de", "EUR"),
        ("Kiosk\nUSt-IdNr.: DE 123 456 789\nSUMME 3,70", "de", "EUR"),
        ("Shop Ltd\nVAT Reg No: GB 123 4567 89\nTotal 3.70", "en", "GBP"),
        ("Laden AG\nMWST-Nr. CHE-123.456.789\nTotal 3.70", "de", "CHF"),
        ("Bar Roma\nTel. +39 06 1234567\nTotale 3,70", "it", "EUR"),
        ("Tea Room\nTel +44 20 7946 0000\nTotal 3.70", "en", "GBP"),
        ("JOE'S DINER\nSPRINGFIELD, IL 62701\nTotal 3.70", "en", "USD"),
        ("Corner Shop\n12 High Street\nLondon SW1A 1AA\nTotal 3.70", "en", "GBP"),
        ("Drogerie\nKaufingerstr. 3, 80331 München\nSUMME 3,70", "de", "EUR"),
        ("Boulangerie\n12 rue Haute, 75004 Paris\nTOTAL 3,70", "fr", "EUR"),
        ("Bakker\nDamrak 1, 1012 LG Amsterdam\nTOTAAL 3,70", "nl", "EUR"),
        ("Padaria\nRua Nova 2, 1100-123 Lisboa\nTotal 3,70", "pt", "EUR"),
        # a language alone says nothing: a Swiss or Austrian shop writes German too
        ("Tischlerei Holz\nGesamtbetrag 3,70", "de", None),
        ("Atelier\n1003 Lausanne\nTotal 3,70", "fr", None),
        # "DE 10115" before a German town is no Delaware ZIP code
        ("Backstube\nDE 10115 Berlin\nSUMME 3,70", "de", "EUR"),
        ("Order 004912345\nTotal 3.70", "en", None),  # digits run on: no phone number
    ],
)
def test_the_currency_of_a_document_that_writes_none_is_its_countrys(text, language, currency):
    assert fallback_currency(text, language) == currency


@pytest.mark.parametrize(
    ("heading", "total_line"),
    [
        ("CREDIT NOTE", "Total £60.00"),
        ("AVOIR N° A-2024-3", "Total TTC 60,00 £"),
        ("Nota di credito n. 4", "Totale documento 60,00 £"),
        ("Credit Memo", "Total (60.00) GBP"),
    ],
)
def test_a_credit_notes_total_is_the_amount_credited_negative(heading, total_line):
    text = f"Harbour Supplies Ltd\n{heading}\nDate: 10/01/2024\nReturned goods 60.00\n{total_line}"
    assert total_of(text) == Total(Decimal("-60.00"), "GBP")


def test_a_gutschrift_keeps_its_printed_sign():
    # a German "Gutschrift" may be a self-billed invoice: its sign is the one printed
    text = "Verlag Nord GmbH\nGutschrift Nr. G-17\nHonorar 60,00 €\nGesamtbetrag 60,00 €"
    assert total_of(text) == Total(Decimal("60.00"), "EUR")
    refund = "Verlag Nord GmbH\nGutschrift Nr. G-18\nRückgabe -60,00 €\nGesamtbetrag -60,00 €"
    assert total_of(refund) == Total(Decimal("-60.00"), "EUR")


def test_a_credit_word_further_down_is_no_credit_note():
    text = "Harbour Supplies Ltd\nInvoice 118\nDate: 10/01/2024\nTotal £60.00\nGutschrift folgt"
    assert total_of(text) == Total(Decimal("60.00"), "GBP")


def test_a_minus_after_the_amount_is_a_refund_but_a_dash_before_words_is_not():
    refund = "Frischmarkt Süd\nRückgabe Pfand 3,70-\nSUMME EUR 3,70-\n07.05.2024 17:12"
    assert total_of(refund) == Total(Decimal("-3.70"), "EUR")
    discount = (
        "Holzbau Nord\nRechnung 5\nGesamtbetrag 49,90 EUR - 2 % Skonto bei Zahlung bis 10.05."
    )
    assert total_of(discount) == Total(Decimal("49.90"), "EUR")


def test_a_total_followed_by_other_labels_amounts_on_its_line():
    text = (
        "Tankstelle Mitte\nSuper E10 42,15 l 1,799 75,83\n"
        "SUMME EUR 75,83 MwSt 12,11 Netto 63,72\n11.06.2024 08:40"
    )
    assert total_of(text) == Total(Decimal("75.83"), "EUR")
    row = "Holzbau Nord GmbH\nRechnung 5\nGesamt EUR 100,00 19,00 119,00\nDatum 11.06.2024"
    assert total_of(row) == Total(Decimal("119.00"), "EUR")


def test_a_receipts_cash_labels_read_apart_from_their_amounts():
    # "Rückgeld" closes the block of labels; it is no column header over the amounts
    text = "Musterladen\nBrot EUR 7,50\nSUMME\nGEGEBEN\nRÜCKGELD\n7,50\n10,00\n2,50\n11.06.2024"
    assert total_of(text) == Total(Decimal("7.50"), "EUR")


def test_a_total_word_printed_letter_by_letter():
    assert repair_amounts("S U M M E 3,70") == "SUMME 3,70"
    text = "Frischmarkt Süd\nBrot 2,50 EUR\nMilch 1,20 EUR\nS U M M E 3,70\n11.06.2024"
    assert total_of(text) == Total(Decimal("3.70"), "EUR")


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("TOTAL 1.234.56", "TOTAL 1234.56"),  # 1.234,56 with its comma read as a dot
        ("Total 1,234,56", "Total 1234.56"),
        ("SUMME 12;40", "SUMME 12,40"),
        ("Gesamt 12,4O", "Gesamt 12,40"),
        ("SUMME 3,OO", "SUMME 3,00"),
        ("SUMME EUR 1O,5O", "SUMME EUR 10,50"),
        ("Total due $l2.40", "Total due $12.40"),  # the letters l and I for a one
        ("SUMME EUR I9,90", "SUMME EUR 19,90"),
        ("Il,00 Uhr", "Il,00 Uhr"),  # no digit: no amount
        ("NO,00", "NO,00"),  # a word, not an amount
        ("Datum 01.02.2024", "Datum 01.02.2024"),  # a date is no amount
        ("Zimmer 3,Oben", "Zimmer 3,Oben"),  # nor a word after a comma
    ],
)
def test_separators_and_zeros_ocr_misread_inside_an_amount(read, printed):
    assert repair_amounts(read) == printed


def test_a_subtotal_is_never_the_total_the_arithmetic_finds():
    # no total label the rules know: the items' sum is the subtotal's, not a total
    text = "Holzbau Nord GmbH\nTür 100,00 EUR\nZarge 50,00 EUR\nSubtotal 150,00 EUR\nFoo 178,50"
    assert total_of(text) is None


def test_a_day_and_month_before_an_amount_are_not_its_thousands():
    assert repair_amounts("Total Due by 12/03 178,50") == "Total Due by 12/03 | 178,50"
    text = "Moon Ltd\nInvoice 5\nSubtotal £150.00\nVAT £28.50\nTotal Due by 12/03 £178.50"
    assert total_of(text) == Total(Decimal("178.50"), "GBP")


@pytest.mark.parametrize(
    "label",
    [
        "Rechnungsendbetrag",
        "Totalbetrag",
        "Valor a pagar",
        "Te voldoen",
        "Pay this amount",
        "Zahlungsbetrag",
        "Offener Betrag",
        "Total dû",
        "Montant de la facture",
        "Total (IVA incluido)",
        "Factuurbedrag",
        "Total do documento",
    ],
)
def test_more_amount_to_pay_labels(label):
    text = f"Holzbau Nord\nPosition 100,00 €\nSteuer 19,00 €\n{label} 119,00 €\nDanke"
    assert total_of(text) == Total(Decimal("119.00"), "EUR")


@pytest.mark.parametrize(
    "number_line",
    [
        "P.IVA 01234567890",
        "SIRET 123 456 789 00012",
        "KvK 12345678",
        "NIF B12345678",
        "Steuernummer 215/5940/2539",
    ],
)
def test_a_national_tax_number_only_a_euro_country_issues_names_the_euro(number_line):
    assert fallback_currency(f"Ditta Sole\n{number_line}\nTotale 610,00", None) == "EUR"


def test_a_card_payment_in_a_bills_credit_column_is_the_amount_paid():
    text = (
        "The Harbour Hotel\nInvoice No. 55821\nDate: 07/03/2024\n05/03/2024 Room 120.00\n"
        "06/03/2024 Room 155.50\n07/03/2024 Visa payment -275.50\nTotal 275.50\nBalance 0.00\n"
        "VAT Reg No GB123456789"
    )
    assert total_of(text) == Total(Decimal("275.50"), "GBP")


@pytest.mark.parametrize(
    ("total_line", "to_pay_line", "expected"),
    [
        ("Totale fattura 610,00 €", "Netto a pagare 510,00 €", "510.00"),
        ("Total TTC 1 200,00 €", "Net à payer 1 000,00 €", "1000.00"),
        ("Bruttosumme 215,07 €", "Zahlbetrag 165,07 €", "165.07"),
        # an amount to pay above the total, or larger than it, is not a balance after a deduction
        ("Gesamtbetrag 440,00 €", "Zu zahlender Beitrag 880,00 €", "880.00"),
    ],
)
def test_the_balance_to_pay_below_a_total_after_a_deduction(total_line, to_pay_line, expected):
    text = f"Studio Sole\nFattura 45\n{total_line}\nAcconto -100,00 €\n{to_pay_line}"
    assert total_of(text) == Total(Decimal(expected), "EUR")


def test_a_tax_rates_line_naming_a_total_is_the_taxs_base():
    text = (
        "Énergie Sud SA\nFacture du 11/12/2022\nMontant total à payer 62,86 €\n"
        "---\nTVA 20,00 % sur un montant total de 34,24 €"
    ).replace("\n---\n", "\n\n---\n\n")
    assert total_of(text) == Total(Decimal("62.86"), "EUR")


def test_a_strong_label_whose_amount_stands_past_a_line_without_one():
    text = (
        "Énergie Sud SA\nMontant total\nFacture du 11/12/2022\nN° 12 345 678 62,86€\n"
        "Électricité 54,87 €\nTVA 7,99 €"
    )
    assert total_of(text) == Total(Decimal("62.86"), "EUR")


def test_the_charges_column_of_a_one_row_invoice_table():
    text = (
        "Lakeside Works\nInvoice For: Contoso\nInvoice Number Invoice Date Invoice Due Date "
        "Charges VAT ID\n3427435437 5/2/2017 6/1/2017 $1002.00 RT"
    )
    assert total_of(text) == Total(Decimal("1002.00"), "USD")


def test_an_items_tables_first_row_is_not_the_total():
    text = "Studio Sole\nFattura 7\nCODICE DESCRIZIONE IMPORTO\nA123 Inchiostro 45,00 €\nMatita"
    assert total_of(text) is None
    no_currency = "Studio Sole\nFattura 7\nCliente Data Importo\nRossi 01/02/2024 45,00"
    assert total_of(no_currency) is None


def test_a_quantity_before_a_price_is_not_its_thousands():
    text = (
        "Pack Supplies Ltd\nItem Desc. Unit Price Quantity Total\nWRAP ROLL 16.62 5 83.10\n"
        "BUBBLE FILM 15.46 12 185.52\nTotal Pcs.: 17 Total Price: £268.62"
    )
    assert total_of(text) == Total(Decimal("268.62"), "GBP")
    # a document that groups its thousands by a space keeps them
    french = "Atelier Lune SARL\nFacture 12\nPrestation 2 1 000,00 €\nTotal TTC 1 200,00 €"
    assert total_of(french) == Total(Decimal("1200.00"), "EUR")


@pytest.mark.parametrize(
    "line",
    [
        "Costs of insurance £532.19 per year or £44.35 per month via Direct Debit",
        "Total premium payable £532.19",
        "Jahresbeitrag 532,19 £",
    ],
)
def test_an_insurance_premium_is_the_amount_to_pay(line):
    text = f"Harbour Insurance plc\nPolicy number GB123\nDear Mr Roe,\n{line}\nThanks"
    assert total_of(text) == Total(Decimal("532.19"), "GBP")


def test_a_card_bills_minimum_payment_is_not_the_balance_to_pay():
    text = (
        "Harbour Card Services\nInvoice 12\nTotal amount £1,000.00\n"
        "Minimum amount due £25.00\nPayment due date 04/04/2024"
    )
    assert total_of(text) == Total(Decimal("1000.00"), "GBP")


@pytest.mark.parametrize(
    "header",
    ["Währung Betrag", "Monnaie Montant", "Currency Amount", "Valuta Importo"],
)
def test_a_payment_slips_currency_and_amount(header):
    text = (
        "Zahlteil\nCH44 3199 9123 0008 8901 2\nHolzwerk Alpen AG\nSeestrasse 12\n2501 Biel\n"
        f"{header}\nCHF 1 949.75\nAnnahmestelle"
    )
    assert total_of(text) == Total(Decimal("1949.75"), "CHF")


def test_an_items_tables_amount_column_is_each_rows_not_the_total():
    text = "Studio Sole\nFattura 7\nCODICE DESCRIZIONE IMPORTO\nA123 Inchiostro 45,00 €\nMatita"
    assert total_of(text) is None


@pytest.mark.parametrize("line", ["Total −60,00 €", "Total –60,00 €", "Total -€60.00"])
def test_a_minus_sign_or_dash_right_before_a_total(line):
    assert total_of(f"Atelier Lune\nAvoir partiel\nRetour 60,00 €\n{line}") == Total(
        Decimal("-60.00"), "EUR"
    )


def test_a_dash_set_apart_from_the_amount_is_no_minus():
    assert total_of("Atelier Lune\nFacture 5\nTotal - 60,00 €") == Total(Decimal("60.00"), "EUR")


@pytest.mark.parametrize("header", ["Region Cost Total", "Région coût total"])
def test_a_reports_table_with_a_total_column_names_no_bills_total(header):
    text = f"Regional figures\n{header}\nNorth $1,200.00\nThe table shows costs."
    assert total_of(text) is None


def test_a_total_label_ending_a_line_of_the_other_columns_words_is_no_reports_header():
    """Two columns flattened into one line: the payment note's words, then the totals box's
    last label, its amount on the next line. Words in lower case are running text, not a
    report's column names."""
    text = (
        "INVOICE Northwind Supplies\nInvoice No 5521\nWidgets 10 10.00 100.00\n"
        "Bank Sort code 12-34-56 Sub Total 100.00\nVAT\n20.00\n"
        "Please make cheques payable to Northwind Total\nto: GBP 120.00"
    )
    assert total_of(text) == Total(Decimal("120.00"), "GBP")


def test_a_one_row_invoice_table_whose_amount_header_ocr_garbled():
    """A photo's OCR cut the amount column's header ("Charges" read "arges"); with no total
    label anywhere, the bill's header row (its number and date) over a row of one amount with
    its currency gives that amount. A row with two amounts is not told apart: nothing."""
    text = (
        "Harbor Freight Tours\nAddress: 12 Pier Road\n"
        "Invoice Number Invoice Date Due Date arges Ref\nHF-881 2 May 2019 1 June 2019 $4,210.50 RT"
    )
    assert total_of(text) == Total(Decimal("4210.50"), "USD")
    assert total_of(text.replace(" RT", " $12.00")) is None


def test_a_payment_slips_two_parts_side_by_side():
    text = (
        "Empfangsschein Zahlteil\nCH44 3199 9123 0008 8901 2\nWährung Betrag Währung Betrag\n"
        "CHF 1 949.75 CHF 1 949.75"
    )
    assert total_of(text) == Total(Decimal("1949.75"), "CHF")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Total HT 10,00 € TVA (20%) 2,00 € Total TTC 12,00 €", "12.00"),
        ("Imponibile 100,00 € IVA 22% 22,00 € Totale 122,00 €", "122.00"),
        ("Subtotaal € 100,00 BTW 21% € 21,00 Totaal € 121,00", "121.00"),
        ("Gesamtbetrag 119,00 EUR (darin enthalten 19% MwSt. 19,00 EUR)", "119.00"),
        ("Summe 119,00 € Netto 100,00 € MwSt 19,00 €", "119.00"),
    ],
)
def test_a_totals_row_flattened_into_one_line(row, expected):
    assert total_of(f"Atelier Lune\nLeistung 100,00 €\n{row}\nDanke") == Total(
        Decimal(expected), "EUR"
    )


def test_a_logos_crumbs_between_the_labels_and_their_column_are_no_labels():
    """A photo's OCR read the labels, then the shop's logo at the foot ("i", "Corner Books"),
    then the column of amounts: the crumbs are not labels of the block, so the total is
    still the column's last amount."""
    text = (
        "Corner Books\n12 High Street\nSpringfield, IL 62701\n03/04/2021 10:12\n"
        "1 Atlas of the World\n1 Pocket Map\nSub-Total\nTax\nTotal\ni\nCorner Books\n"
        "$ 20.00\n$1.60\n$21.60"
    )
    assert total_of(text) == Total(Decimal("21.60"), "USD")


def test_a_tax_rate_in_a_column_read_apart_is_no_amount_of_it():
    """The totals block's labels, then its amounts as a column with the tax rate among them
    ("8%"): the rate is the rate column's cell, skipped, and the column goes on to the
    total."""
    text = (
        "Lakeside Training Ltd.\nStatement of services\nDate: 9/10/2020\n"
        "12/5/2020 Workshop $100.00\n12/6/2020 Coaching $50.00\nSubtotal\nSales Tax\nTotal\n"
        "Thank you for your business!\n$100.00\n$50.00\n$150.00\n8%\n$12.00\n$162.00"
    )
    assert total_of(text) == Total(Decimal("162.00"), "USD")


def test_a_lone_label_over_a_column_that_holds_its_own_sum():
    """A photo's OCR lost the subtotal's and the tax's labels and read their amounts under
    the one label it kept: the column's amount that adds up those above it is the total, not
    the first (the subtotal)."""
    text = (
        "Invoice\nFROM: Hilltop Design TO: Jane Roe\nDATE: 02/03/2023\nItem Description\n"
        "Logo design\nAmount\n$450.00\n$300.00\nAMOUNT DUE\n$750.00\n$60.00\n$810.00\nNOTES:"
    )
    assert total_of(text) == Total(Decimal("810.00"), "USD")
    # a column that holds no such sum: the label's own amount, the next line's
    plain = text.replace("$810.00", "$95.00")
    assert total_of(plain) == Total(Decimal("750.00"), "USD")


def test_a_receipt_whose_total_lost_its_amount_is_the_net_plus_the_tax_it_prints():
    """OCR kept the total's label but not its amount ("TOTAL TTC" alone); the net and the tax
    add up to the amount the item line prints: that is the total. Without that agreement,
    nothing."""
    text = (
        "Café des Arts\n12 rue Neuve\n75003 Paris\n1 CAFE CREME 5,40 €\n"
        "TOTAL H.T. 4,50\nTVA 0,90\nTOTAL TTC\nEspeces"
    )
    assert total_of(text) == Total(Decimal("5.40"), "EUR")
    assert total_of(text.replace("TVA 0,90", "TVA 0,80")) is None


@pytest.mark.parametrize("other", ["Tip", "Rounding", "Pfand", "Service charge", "Card fee:"])
def test_a_blocks_other_labels_below_the_total_still_count_as_labels(other):
    """Only crumbs between the labels and their column are passed over: a tip, a rounding,
    a deposit or a fee under the total is the block's next label, its amount the column's
    next one."""
    text = (
        "Harbour Grill\n14 Quay Street\nBoston, MA 02110\n03/04/2021 19:12\n1 Chowder\n1 Lobster roll\n"
        f"Subtotal\nTax\nTotal\n{other}\n$10.00\n$0.80\n$10.80\n$2.00"
    )
    assert total_of(text) == Total(Decimal("10.80"), "USD")
