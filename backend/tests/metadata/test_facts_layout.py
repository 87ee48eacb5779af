"""Rules of the local facts engine for layouts a text layer or OCR flattens: tables whose total
is a column header, columns a photo's OCR reads apart, numeric dates whose order the document
itself decides, labels that name another document, chapter labels that are not titles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain import LayoutHints
from app.metadata.base import DocumentInfo
from app.metadata.facts import DocumentType, FactName, Total
from app.metadata.language import date_order, detect_language, find_amounts, find_dates
from app.metadata.local import build_metadata
from app.metadata.local_facts import extract_facts
from app.metadata.local_title import is_generic_heading, title_candidates

INFO = DocumentInfo(id="d", filename="scan_0002.pdf", mime_type="application/pdf", page_count=1)


def facts_of(text: str) -> dict[FactName, object]:
    pages = text.split("\n\n---\n\n")
    return {n: f.value for n, f in extract_facts(pages, detect_language(text)).items()}


def test_the_documents_own_dates_decide_month_first_or_day_first():
    # a French seller writing in English, American style: 11/17/2017 can only be month first
    american = "Invoice Date 11/03/2017\nPaid 11/17/2017 623.00 €\nTotal 2,076.76 €"
    assert date_order("en", american) == "MDY"
    assert facts_of("Olive Trading SARL\nInvoice\n" + american)[FactName.DOCUMENT_DATE] == (
        dt.date(2017, 11, 3)
    )
    # a dollar invoice from a day-first country: 25/03/2024 can only be day first
    british = "Invoice date 04/03/2024\nDelivered 25/03/2024\nTotal $120.00"
    assert date_order("en", british) == "DMY"
    # nothing decides: day first, but American English (a dollar amount) month first
    assert date_order("de", "Datum 04.03.2024") == "DMY"
    assert date_order("en", "Date 04/03/2024 Total $5.00") == "MDY"


@pytest.mark.parametrize(
    "label", ["Hoofdstuk 1", "Capítulo", "Capitolo 2", "Kapitel 3", "Chapitre IV", "Part II"]
)
def test_a_chapter_label_is_not_the_title_the_heading_under_it_is(label):
    assert is_generic_heading(label)
    text = f"{label}\nDefinities en overzicht\n1.1 Wat is deze FAQ?\nDit document bevat vragen.\n"
    assert title_candidates(text, set(), LayoutHints())[0] == "Definities en overzicht"


def test_a_reference_after_an_abbreviated_number_label():
    text = (
        "Azienda Servizi S.p.A.\nVia del Pozzo 71, Modena\nFATTURA N. FAT01 del 09/01/2017\n"
        "Totale documento: EUR 1.302,00"
    )
    facts = facts_of(text)
    assert facts[FactName.REFERENCE] == "FAT01"
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2017, 1, 9)


def test_the_addressee_after_spettabile_is_not_the_issuer():
    text = (
        "Fornitore Uno S.r.l.\nVia Roma 1, Bologna\nP. IVA IT01234567890\nSpett.le\n"
        "Cliente Grande S.p.A.\nVia Milano 8, Ravenna\nFATTURA N. 12 del 03/03/2020\n"
        "Totale documento: EUR 50,00"
    )
    assert facts_of(text)[FactName.CORRESPONDENT] == "Fornitore Uno S.r.l."


def test_the_date_of_the_invoice_a_credit_note_amends_is_not_its_date():
    text = (
        "AVOIR\nLe Fournisseur SARL\nN° DE FACTURE ASSOCIÉE : F2018003\n"
        "DATE DE FACTURE ASSOCIÉE : 30/11/2018\nDATE DE DEBUT DE PRESTATION : 01/12/2018\n"
        "Date : 31/12/2018\nTotal TTC 110,00 €"
    )
    assert facts_of(text)[FactName.DOCUMENT_DATE] == dt.date(2018, 12, 31)


def test_a_total_whose_label_is_the_last_column_header_is_the_totals_row():
    text = (
        "Musterlieferant GmbH\nRechnung Nr. 4711\nRechnungsdatum 06.08.2013\n"
        "Warenwert Zu-/Abschlag Nettobetrag MwSt-Betrag MwSt-% Endbetrag\n"
        "326,50 -8,10 321,40 61,07 19,0 382,47\n"
        "130,70 -3,11 127,59 8,93 7,0 136,52\n"
        "457,20 -11,21 448,99 70,00 EUR 518,99\n"
        "Musterlieferant GmbH USt-IdNr: DE123456789"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("518.99"), "EUR")


def test_a_total_whose_amount_ocr_read_in_a_column_further_down():
    # a photo of a table: OCR reads the labels' column, then the amounts' column
    text = (
        "Kraxi GmbH\nRechnung\nRechnungsnummer: 2014-03\nPreis\n20,00\n40,00\n"
        "Rechnungssumme netto\nzuzüglich 19% MwSt.\nRechnungssumme brutto\nBetrag\n"
        "40,00\n200,00\n845,00\n160,55\n1.005,55\n2 Turbo Flyer 5\nBeträge in EUR"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("1005.55"), "EUR")


def test_a_total_label_with_its_qualifier_alone_on_its_line_takes_the_next_line():
    text = "Kraxi GmbH\nRechnung Nr. 5\nSumme netto\n100,00 €\nRechnungssumme brutto\n119,00 €"
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("119.00"), "EUR")
    assert build_metadata(text, INFO)[0].startswith("Rechnung – Kraxi GmbH")


def test_a_due_date_under_its_column_header_and_a_faelligkeitstag():
    taxi = (
        "Taxiunternehmen TX GmbH\nRechnung Nr. 1\nRechnungsdatum 30.10.2018\n"
        "Zahlbetrag 18,08 €\nBeschreibung Fälligkeit Teilzahlung\n29.11.2018 18,08"
    )
    assert facts_of(taxi)[FactName.DUE_DATE] == dt.date(2018, 11, 29)
    insurance = "MVM Versicherung AG\nBeitragsrechnung\nFälligkeitstag: 01.04.2014\nBetrag 220,00 €"
    assert facts_of(insurance)[FactName.DUE_DATE] == dt.date(2014, 4, 1)


def test_a_contract_number_whose_label_is_a_compound():
    text = "MVM Versicherung AG\nSachversicherungsvertrag Nr: 00.123.456.7 18. April 2014\n"
    assert facts_of(text + "zu zahlender Beitrag 440,00 €")[FactName.REFERENCE] == "00.123.456.7"


def test_a_letterhead_name_wrapped_over_two_lines_is_whole():
    text = (
        "Azienda Ospedaliero-Universitaria di\nModena\nVia del Pozzo, 71\n"
        "FATTURA N. FAT01 del 09/01/2017\nTotale documento: EUR 1.302,00"
    )
    assert facts_of(text)[FactName.CORRESPONDENT] == "Azienda Ospedaliero-Universitaria di Modena"


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Total 120 €", Decimal("120.00"), "EUR"),
        ("Total: 1200 EUR", Decimal("1200.00"), "EUR"),
        ("Total USD 45", Decimal("45.00"), "USD"),
        ("Grand total: 12.5 EUR", Decimal("12.50"), "EUR"),
        ("Total INR 1,23,456.00", Decimal("123456.00"), "INR"),
        ("Total Rs. 1,234.00", Decimal("1234.00"), "INR"),
    ],
)
def test_whole_amounts_beside_their_currency_and_indian_grouping(text, amount, currency):
    assert find_amounts(text)[-1].amount == amount
    assert find_amounts(text)[-1].currency == currency
    # a whole number without a currency is a count, never money
    assert find_amounts("Qty 3 Stk 120") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21-Jun-19", dt.date(2019, 6, 21)),
        ("2019/06/21", dt.date(2019, 6, 21)),
        ("2020.03.15", dt.date(2020, 3, 15)),
    ],
)
def test_dates_year_first_with_any_separator_and_a_month_word_with_a_short_year(text, expected):
    assert [d.value for d in find_dates(f"Date: {text}", "en")] == [expected]


def test_a_marketplace_seller_is_the_name_after_sold_by():
    text = (
        "Rechnung\nVerkauft von Amazon EU S.à r.l.\nUSt-IdNr. LU20260743\n"
        "Rechnungsdatum/Lieferdatum 12 März 2019\nRechnungsnummer DE91234567ABCD\n"
        "Rechnungsadresse\nMax Mustermann\nMusterweg 1\n10115 Berlin\n"
        "Zwischensumme 25,20 € 4,79 €\nGesamt 25,20 € 4,79 €\nGesamtpreis 29,99 €"
    )
    facts = facts_of(text)
    assert facts[FactName.CORRESPONDENT] == "Amazon EU S.à r.l."
    assert facts[FactName.TOTAL] == Total(Decimal("29.99"), "EUR")


def test_a_legal_form_after_a_dash_and_the_total_including_vat():
    text = (
        "Kwikfit Garage Ltd\nINVOICE\nInvoice: 00231\nDate: 14/02/2022\nTotal £150.00\n"
        "VAT @ 20% £30.00\nTotal inc VAT £180.00\nFree Mobile - SAS au capital de 1 000 €"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("180.00"), "GBP")
    assert facts_of("Facture n° 5\nFree Mobile - SAS au capital de 1 000 €\nTotal TTC 9,99 €")[
        FactName.CORRESPONDENT
    ] == ("Free Mobile SAS")


def test_a_total_without_a_currency_sign_takes_the_currency_of_the_iban():
    text = (
        "Bakkerij De Korenbloem\nFactuur\nFactuurnummer 2021-0087\nFactuurdatum 3 februari 2021\n"
        "Subtotaal 100,00\nBTW 9% 9,00\nTotaal 109,00\nIBAN NL91 ABNA 0417 1643 00"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("109.00"), "EUR")
    # without the IBAN a German bill says nothing of its currency (Swiss German bills say
    # MwSt too); Dutch ones are in euro wherever they come from (test_facts_wave3)
    german = (
        "Bäckerei Kornblume\nRechnung\nRechnungsnummer 2021-0087\nDatum 3. Februar 2021\n"
        "Zwischensumme 100,00\nMwSt 7% 7,00\nSumme 107,00\nIBAN DE89 3704 0044 0532 0130 00"
    )
    assert facts_of(german)[FactName.TOTAL] == Total(Decimal("107.00"), "EUR")
    assert FactName.TOTAL not in facts_of(german.replace("IBAN DE89 3704 0044 0532 0130 00", ""))


def test_a_column_too_short_for_its_label_block_gives_no_total_rather_than_a_wrong_one():
    text = (
        "Lieferant GmbH\nRECHNUNG\nRechnungsnummer 471102\nJoghurt Banane\n"
        "Rechnungssumme Netto (excl. USt.)\nSteuerbasisbetrag USt. 7%\n"
        "Steuerbasisbetrag USt. 19%\nRechnungssumme Brutto (inkl. USt.)\n275,00 €\n198,00 €\n"
        "Zahlungsinformationen:"
    )
    assert FactName.TOTAL not in facts_of(text)


def test_balance_due_is_an_amount_not_a_due_date():
    text = (
        "Acme Corp Bill To: Beta LLC\nINVOICE\nInvoice # Date Balance Due\n"
        "INV-2020-001 01/15/2020 $500.00\nTotal $500.00"
    )
    facts = facts_of(text)
    assert FactName.DUE_DATE not in facts
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2020, 1, 15)


def test_a_letter_is_a_letter_whatever_it_is_about():
    text = (
        "Stadt Musterstadt\nBürgeramt\nFrau\nErika Musterfrau\nLindenweg 3\n12345 Musterstadt\n"
        "Musterstadt, 12. Januar 2022\nIhr Antrag auf einen Anwohnerparkausweis\n"
        "Sehr geehrte Frau Musterfrau,\nwir haben Ihren Antrag erhalten und bearbeiten ihn bald.\n"
        "Mit freundlichen Grüßen\nIhr Bürgeramt"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.LETTER
    assert facts[FactName.CORRESPONDENT] == "Stadt Musterstadt"


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "HUK-COBURG Versicherung\nVersicherungsschein Nr. 123/456789-X\n"
            "Coburg, 15.11.2021\nJahresbeitrag 2022 312,40 €\nFällig am 01.01.2022",
            "HUK-COBURG Versicherung",
        ),
        (
            "Finanzamt Musterstadt\nBescheid für 2021 über Einkommensteuer\n"
            "Datum 15.06.2022\nErstattung 512,00 €",
            "Finanzamt Musterstadt",
        ),
    ],
)
def test_an_insurer_or_a_tax_office_named_by_its_kind_is_the_sender(text, sender):
    assert facts_of(text)[FactName.CORRESPONDENT] == sender
    # a heading that names the kind is never a sender
    assert FactName.CORRESPONDENT not in facts_of("Kontoauszug\nDatum 31.05.2021\n")


@pytest.mark.parametrize("label", ["Verkäufer", "Bill to:", "Kunde", "Name:", "Anschrift:"])
def test_a_field_label_alone_is_never_the_title(label):
    text = f"{label}\nGarden Irrigation Controller\nThe controller opens each valve in turn.\n"
    assert title_candidates(text, set(), LayoutHints())[0] == "Garden Irrigation Controller"


def test_an_invoice_without_a_sender_is_titled_by_its_number_and_date():
    # a scan of a two-column form: the labels apart from their values, no sender found
    text = (
        "Handelsrechnung (380) Nr. R18-31 vom 03.10.2018\nVerkäufer\nName:\nAnschrift:\n"
        "Käufer/Leistungsempfänger\nName:\nGesamtbetrag 380,00 €"
    )
    assert FactName.CORRESPONDENT not in facts_of(text)
    assert build_metadata(text, INFO)[0] == "Rechnung R18-31 – 3. Okt. 2018"


def test_a_till_receipt_its_card_payment_and_the_moment_of_sale():
    text = (
        "LIDL\nWarburger Straße 130\n33100 Paderborn\nEUR\nKarottensalat 0,99 A\n"
        "Premium Vodka 4,99 B\nzu AU 17,06\nKreditkarte 17,06\nMWST% MWST + Netto = Brutto\n"
        "A 7% 0,71 10,17 10,88\nTerminal-ID 60122458\nTA-Nr 483901 BNr 5457\nKartenzahlung\n"
        "contactless\nEUR 17,06\nDatum 21.04.20 10:00 Uhr\nBITTE BELEG AUFBEWAHREN"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT
    assert facts[FactName.TOTAL] == Total(Decimal("17.06"), "EUR")
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2020, 4, 21)
    assert build_metadata(text, INFO)[0] == "Quittung – LIDL – 21. Apr. 2020"


def test_a_date_ocr_split_after_its_month_and_an_amount_ocr_broke():
    assert [d.value for d in find_dates("04.04. 2020 13:45 7411", "de")] == [dt.date(2020, 4, 4)]
    # "EUR 19, :16" is a broken "19,16", never EUR 19.00
    assert find_amounts("MasterCard EUR 19, :16") == []


def test_a_credit_note_is_an_invoice_with_its_number_and_payment_date():
    text = (
        "AZIENDA TEST S.p.A.\nVia Russoli 5\n20100 Milano (MI) IT\nP. IVA IT07945211006\n"
        "Spett.le\nAZ.OSPED.PADOVA\nNOTA DI CREDITO N. 1-TEST del 04/01/2012\n"
        "Totale documento: EUR 100.435,27\n"
        "Modalità di pagamento: bonifico. Importo da pagare: EUR 100.435,27 entro il\n"
        "04/01/2012. IBAN IT99X0100000000000000001111"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE
    assert facts[FactName.REFERENCE] == "1-TEST"
    assert facts[FactName.DUE_DATE] == dt.date(2012, 1, 4)
    assert facts[FactName.CORRESPONDENT] == "AZIENDA TEST S.p.A."


def test_a_sentence_is_never_an_author_or_a_company():
    manual = (
        "Capítulo 2\nObter e instalar Debian GNU/Linux\n"
        "Por favor veja Secção 6.1 para mais informação.\n"
        "2.3. ONDE/COMO POSSO EU OBTER AS IMAGENS\nEste manual de instalação explica o guia."
    )
    assert FactName.CORRESPONDENT not in facts_of(manual)


def test_a_birth_date_is_not_the_documents_date():
    text = "Form 1040\nIncome Tax Return\nYou were born before January 2, 1957\nFiling Status"
    assert FactName.DOCUMENT_DATE not in facts_of(text)


def test_a_total_labelled_with_the_type_word_is_not_the_reference():
    text = "Test Company SL\nFACTURA N? 2025/001\nFecha: 15/01/2025\nTotal factura: 121,00 €"
    facts = facts_of(text)
    assert facts[FactName.REFERENCE] == "2025/001"
    assert facts[FactName.TOTAL] == Total(Decimal("121.00"), "EUR")
    assert (
        facts_of("Test Company SL\nFactura\nTotal factura: 121,00 €").get(FactName.REFERENCE)
        is None
    )


def test_a_price_line_is_never_the_letterhead_name():
    text = "N 1,459 EUR/Liter\n5 26,97 Liter\nKartenzahlung\nSumme 39,35 EUR\n07.09.2018 12:01"
    assert FactName.CORRESPONDENT not in facts_of(text)


def test_a_receipt_without_a_sender_is_titled_by_its_kind_and_day():
    text = "N 1,459 EUR/Liter\n5 26,97 Liter\nKartenzahlung\nSumme 39,35 EUR\n07.09.2018 12:01"
    assert build_metadata(text, INFO)[0] == "Quittung – 7. Sept. 2018"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("TA-Nr 447300 _BNr 1150", "1150"),
        ("Beleg-Nr, 3937", "3937"),
        ("Kassenbon Nr: 1505289010", "1505289010"),
    ],
)
def test_a_till_receipts_number(line, number):
    text = f"REWE Markt GmbH\nSUMME EUR 4,87\nKartenzahlung\n{line}\n12.03.2022 14:35"
    assert facts_of(text)[FactName.REFERENCE] == number


def test_an_invoice_written_as_a_letter_is_an_invoice():
    text = (
        "Max Mustermann\nHauptstr. 5\n10115 Berlin\nRechnung Nr. 2019-001 vom 5. März 2019\n"
        "Sehr geehrter Herr Mustermann,\nwir berechnen Ihnen für unsere Leistungen:\n"
        "Webdesign 100,00 EUR\nSumme netto 100,00 EUR\nzzgl. 19 % USt 19,00 EUR\n"
        "Gesamtsumme 119,00 EUR\nBitte überweisen Sie den Betrag bis zum 19.03.2019.\n"
        "Mit freundlichen Grüßen\n"
        "Beispiel Webagentur GmbH · Geschäftsführer: Erika Beispiel · HRB 1234 · USt-IdNr DE123456789"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE
    assert facts[FactName.CORRESPONDENT] == "Beispiel Webagentur GmbH"
    assert facts[FactName.TOTAL] == Total(Decimal("119.00"), "EUR")
    assert facts[FactName.DUE_DATE] == dt.date(2019, 3, 19)


def test_a_card_payment_block_gives_the_amount_paid():
    text = (
        "IKEA Deutschland GmbH & Co. KG\nSumme\nAnzahl Artikel: 13\nKartenzahlung\nEURO ELV\n"
        'offline\n"EUR 134,39\nVU-Nr 9090000001\nDatum 08.10.16 14:16 Uhr'
    )
    facts = facts_of(text)
    assert facts[FactName.TOTAL] == Total(Decimal("134.39"), "EUR")
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT
