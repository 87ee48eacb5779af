"""Facts on layouts the corpus lacks (wave 3): a till receipt with no word for itself, a
letter's dateline beside a due date, a table cell whose number has a space, and a currency
said only by a tax's word or the language. Every text here is made up for the rule it pins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.metadata.facts import DocumentType, FactName, Total
from app.metadata.language import detect_language, find_amounts
from app.metadata.local_currency import fallback_currency
from app.metadata.local_facts import extract_facts


def facts_of(text: str, language: str | None = None) -> dict[FactName, object]:
    found = extract_facts(text.split("\n\n---\n\n"), language or detect_language(text))
    return {name: fact.value for name, fact in found.items()}


# --- currency ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tax_line",
    ["BTW 9% 0,65", "USt 19 % 1,20", "enthaltene Umsatzsteuer 1,20", "Btw hoog 21% 2,10"],
)
def test_a_tax_word_only_euro_countries_print_says_euro(tax_line):
    assert fallback_currency(f"KWIK MARKT\nTOTAAL 7,86\n{tax_line}") == "EUR"


@pytest.mark.parametrize("tax_line", ["MWST 8.1% 2.10", "VAT 20% 1.20", "IVA 16% 3.00"])
def test_a_tax_word_of_several_currencies_says_nothing(tax_line):
    # Switzerland's MWST, the UK's VAT, Mexico's IVA: no euro from the word alone
    assert fallback_currency(f"Corner Shop\nTotal 7.86\n{tax_line}") is None


def test_dutch_says_euro_where_the_document_names_no_currency():
    assert fallback_currency("Totaal 7,86", "nl") == "EUR"
    # other languages span currencies (Swiss German, Brazilian Portuguese): no guess
    assert fallback_currency("Summe 7,86", "de") is None
    assert fallback_currency("Total 7,86", "pt") is None


def test_a_dutch_till_receipts_total_without_a_currency_sign_is_in_euro():
    text = (
        "BAKKERIJ DE ZON\nKerkstraat 3 Haarlem\n\nVOLKORENBROOD 2,95\nKRENTENBOL 4 X 0,50 2,00\n"
        "SUBTOTAAL 4,95\nTOTAAL 4,95\nPIN 4,95\n\nBTW 9% 0,41\n14-03-2024 08:22 Kassa 2"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("4.95"), "EUR")


# --- type --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payment", "when"),
    [
        ("Geg. EC-Karte EUR 5,37", "Datum: 21.03.2024 Uhrzeit: 17:32"),
        ("Maestro 5,37", "21.03.24 17:32"),
        ("Bancomat 5,37", "21/03/2024 17:32"),
        ("Carte bleue 5,37", "21/03/2024 17h32 17:32"),
        ("V PAY 5,37", "21-03-2024 17:32:05"),
    ],
)
def test_a_till_receipt_that_names_no_kind_is_known_by_its_payment_and_time(payment, when):
    text = f"FRISCHMARKT WINTER\nBahnhofstr. 1\n\nBananen 1,49\nBrot 3,88\nSUMME 5,37\n{payment}\n{when}"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT


def test_a_card_payment_without_a_time_of_day_makes_no_receipt():
    # a total and a card's name, but no till's moment of sale: nothing says receipt
    text = "FRISCHMARKT WINTER\nBahnhofstr. 1\n\nBananen 1,49\nBrot 3,88\nSUMME 5,37\nMaestro 5,37"
    assert facts_of(text).get(FactName.DOCUMENT_TYPE) is None


# --- date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "due", "expected"),
    [
        ("Lyon, le 3 mars 2024", "Date limite de paiement : 18 mars 2024", dt.date(2024, 3, 3)),
        ("Kiel, den 7. März 2024", "Zahlbar bis 21.03.2024", dt.date(2024, 3, 7)),
        ("Milano, 20 febbraio 2024", "Data scadenza: 21/03/2024", dt.date(2024, 2, 20)),
        ("Madrid, a 3 de abril de 2024", "Fecha de vencimiento: 18/04/2024", dt.date(2024, 4, 3)),
        ("Utrecht, 4 april 2024", "Vervaldatum: 18-04-2024", dt.date(2024, 4, 4)),
        ("Lisboa, 3 de março de 2024", "Data limite de pagamento: 18/03/2024", dt.date(2024, 3, 3)),
    ],
)
def test_a_letters_dateline_is_its_date_over_a_due_date_printed_above(dateline, due, expected):
    text = (
        f"Example Services\n12 Some Street\n\n{due}\n\nCustomer 4410229\n\n{dateline}\n\n"
        "Total 171,60 €"
    )
    assert facts_of(text)[FactName.DOCUMENT_DATE] == expected


def test_a_due_dates_label_is_no_generic_date_label():
    text = "Energie Sud SA\nDate limite de paiement : 18/03/2024\nConsommation 120,00 €\n04/03/2024"
    facts = facts_of(text, "fr")
    assert facts[FactName.DUE_DATE] == dt.date(2024, 3, 18)
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 4)


def test_a_town_that_is_a_dates_label_is_no_dateline():
    text = "Acme Ltd\nDelivery, 2 March 2024\nInvoice date: 5 March 2024\nTotal £10.00"
    assert facts_of(text, "en")[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 5)


# --- reference ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            "| Kundennummer | Rechnungsnummer | Rechnungsdatum |",
            "| 1002334455 | 7712 9981 3345 | 04.03.2024 |",
            "7712 9981 3345",
        ),
        ("| Fatura n.º | Data | Cliente |", "| FT A/2024/88 | 22-02-2024 | 1043 |", "FT A/2024/88"),
        ("| Invoice No. | Date |", "| INV 20240311 | 11/03/2024 |", "INV 20240311"),
    ],
)
def test_a_table_cells_number_with_a_space_is_read_whole(header, row, expected):
    text = (
        f"Example Telecom GmbH\n\n{header}\n|---|---|---|\n{row}\n\n"
        "Grundgebühr 25,20 €\nRechnungsbetrag 29,99 €"
    )
    assert facts_of(text)[FactName.REFERENCE] == expected


def test_a_table_cell_of_a_short_amount_is_no_spaced_number():
    text = "Example GmbH\n\n| Rechnungsnummer | Betrag |\n|---|---|\n| 1 200 | 1 200,00 |\nSumme 1 200,00 €"
    assert facts_of(text).get(FactName.REFERENCE) is None


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("| Número | Fecha | Cliente |", "| F-2024-031 | 19/03/2024 | 0042 |"),
        ("| Numero | Data |", "| F-2024-031 | 19/03/2024 |"),
        ("| Nr. | Datum |", "| F-2024-031 | 19.03.2024 |"),
    ],
)
def test_a_tables_bare_number_label_opening_its_header_takes_the_cell_under_it(header, row):
    rule = "|" + "---|" * (header.count("|") - 1)
    text = f"Reformas Sur S.L.\n\nFACTURA\n\n{header}\n{rule}\n{row}\n\nTotal factura 786,50 €"
    assert facts_of(text)[FactName.REFERENCE] == "F-2024-031"


def test_a_bare_number_label_in_a_tables_later_column_names_no_document():
    # "Nr." over a row's position numbers deep in an items table is no document's number
    text = (
        "Reformas Sur S.L.\n\nFACTURA\n\n| Concepto | Nr. |\n|---|---|\n| Pintura | 4711 |\n\n"
        "Total factura 786,50 €"
    )
    assert facts_of(text).get(FactName.REFERENCE) is None


# --- more words for a kind ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "MIETVERTRAG\nzwischen Hans Müller (Vermieter) und Eva Klein (Mieterin)\n"
            "§ 1 Mietsache\nDie Wohnung im 2. OG wird vermietet.",
            DocumentType.CONTRACT,
        ),
        (
            "Huurovereenkomst\nDe ondergetekenden: Verhuur B.V. en de heer Jansen\n"
            "Artikel 1 Het gehuurde",
            DocumentType.CONTRACT,
        ),
        (
            "Agenzia delle Entrate\nAvviso di accertamento IRPEF 2022\n"
            "Codice fiscale RSSMRA80A01H501U\nImposta dovuta 1.234,00",
            DocumentType.TAX,
        ),
        (
            "Ospedale Maggiore\nLETTERA DI DIMISSIONE\nPaziente: Mario Rossi\nDiagnosi: polmonite",
            DocumentType.MEDICAL,
        ),
        (
            "Klinikum Nord\nEntlassungsbrief\nWir berichten über Herrn Max Muster.",
            DocumentType.MEDICAL,
        ),
    ],
)
def test_more_words_name_a_contract_a_tax_notice_and_a_medical_report(text, kind):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is kind


def test_a_contracts_compound_in_a_sentence_makes_no_contract():
    text = (
        "Stadtwerke Nord GmbH\nRECHNUNG\nRechnungsnummer 2024-118\n"
        "Ihr Stromliefervertrag läuft weiter wie bisher vereinbart.\n"
        "Arbeitspreis 80,00 €\nGrundpreis 10,00 €\nNetto 90,00 €\nGesamtbetrag 107,10 €"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


# --- totals ------------------------------------------------------------------------------

_TILL = (
    "KWIK MARKT\nHauptstr. 5\n\nBROT 2,79\nMILCH 1,09\nKAESE 3,49\n{label}\n{amount}\nKARTE 7,37"
)


@pytest.mark.parametrize("label", ["T0TAL", "5UMME", "TOTAI", "T0TAAL"])
def test_a_total_word_ocr_misread_alone_on_its_line_takes_the_amount_under_it(label):
    text = _TILL.format(label=label, amount="7,37 EUR")
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("7.37"), "EUR")


def test_a_misread_total_word_followed_by_other_words_is_no_label():
    # "TOTAI punti fedeltà" is no total's label: its line goes on with words
    text = _TILL.format(label="TOTAI punti fedelta", amount="120 EUR")
    assert FactName.TOTAL not in facts_of(text)


@pytest.mark.parametrize(
    "label",
    ["TOTALE COMPLESSIVO", "Total geral", "Gran total", "Total general", "A PAGAR"],
)
def test_a_grand_totals_label_takes_the_amount_on_the_next_line(label):
    text = (
        "LOJA CENTRAL\nRua Augusta 10\n\nPAO 2,79\nLEITE 1,09\nQUEIJO 3,49\nSubtotal 7,37\n"
        f"IVA 0,41\n{label}\n7,37 €"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("7.37"), "EUR")


@pytest.mark.parametrize(
    ("other", "own"),
    [
        ("Fecha de nacimiento: 12/05/1980", "Fecha: 04/03/2024"),
        ("Data di nascita: 12/05/1980", "Data: 04/03/2024"),
        ("Data de nascimento: 12/05/1980", "Data: 04/03/2024"),
        ("Date de naissance : 12/05/1980", "Date : 04/03/2024"),
        ("Geboortedatum: 12-05-1980", "Datum: 04-03-2024"),
        ("Shipped: 01/03/2024", "04/03/2024"),
        ("Geliefert am 01.03.2024", "04.03.2024"),
    ],
)
def test_a_birth_or_shipping_date_above_the_documents_date_is_not_its_date(other, own):
    text = f"Acme Services\n12 Some Street\n\n{other}\n{own}\nTotal 120,00 €"
    assert facts_of(text)[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 4)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Valor total R$ 1.234,56", "1234.56", "BRL"),
        ("Total A$ 99.00", "99.00", "AUD"),
        ("Total HK$ 99.00", "99.00", "HKD"),
        ("Total $ 99.00", "99.00", "USD"),
        ("Total 1’297.20 CHF", "1297.20", "CHF"),
        ("Total CHF 1'297.20", "1297.20", "CHF"),
    ],
)
def test_a_dollar_with_its_countrys_letter_and_a_typographic_apostrophe(text, amount, currency):
    found = find_amounts(text)
    assert [(a.amount, a.currency) for a in found] == [(Decimal(amount), currency)]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Ticket", DocumentType.RECEIPT),
        ("Beleg", DocumentType.RECEIPT),
        ("Talão de compra", DocumentType.RECEIPT),
        ("Conta de luz", DocumentType.INVOICE),
    ],
)
def test_a_tills_or_a_utilitys_heading_names_its_kind(heading, kind):
    text = f"Acme Markt\nHauptweg 1\n\n{heading}\nNr. 4711\nBrot 2,79\nMilch 1,09\nTotal 3,88 EUR\n12.03.2024"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is kind


def test_a_ticket_named_in_a_sentence_makes_no_receipt():
    text = (
        "Helpdesk Nord GmbH\n\nWe have opened a ticket for your request and will answer soon.\n"
        "Please quote it when you write to us."
    )
    assert facts_of(text).get(FactName.DOCUMENT_TYPE) is not DocumentType.RECEIPT


_BILL = (
    "Acme GmbH\nHauptstr. 1, 10115 Berlin\nRechnung Nr. 4711\nDatum 04.03.2024\n"
    "Leistung 100,00 €\nNetto 100,00 €\nMwSt 19% 19,00 €\n{label}\nIBAN DE89 3704 0044 0532 0130 00"
)


@pytest.mark.parametrize(
    "label",
    [
        "Montant total à payer TTC\n119,00 €",
        "Total due by 15 April 2024\n119,00 €",
        "Total amount payable in EUR\n119,00 €",
        "Endbetrag inkl. 19 % MwSt.\n119,00 €",
        "Te betalen bedrag\n119,00 €",
        "Total a pagar (IVA incluído)\n119,00 €",
        "Amount to be paid: 119,00 €",
    ],
)
def test_a_strong_label_with_words_after_it_takes_the_amount_alone_under_it(label):
    assert facts_of(_BILL.format(label=label))[FactName.TOTAL] == Total(Decimal("119.00"), "EUR")


@pytest.mark.parametrize(
    "label",
    [
        "Totale fattura IVA compresa 119,00 €",
        "Total (incl. 19% VAT) 119,00 €",
        "Total a pagar (IVA incluído) 119,00 €",
    ],
)
def test_a_tax_named_as_included_after_the_label_keeps_it_the_totals(label):
    assert facts_of(_BILL.format(label=label))[FactName.TOTAL] == Total(Decimal("119.00"), "EUR")


def test_a_strong_label_in_a_sentence_does_not_take_the_amount_under_it():
    text = _BILL.format(label="The amount due is debited from your account.\n5,00 €")
    assert facts_of(text).get(FactName.TOTAL) != Total(Decimal("5.00"), "EUR")


def test_a_strong_labels_table_cell_takes_the_amount_under_it_in_its_column():
    text = (
        "Alfa Servizi S.r.l.\nVia Milano 1, 20100 Milano\n\n"
        "| Importo bollo | Arrotondamento | Totale documento |\n|---|---|---|\n| | | 122,00 |\n"
        "Imponibile 100,00\nIVA 22% 22,00\nIBAN IT60X0542811101000000123456"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("122.00"), "EUR")


def test_an_items_tables_total_column_is_not_the_documents_total():
    text = (
        "Alfa Handel GmbH\nHauptstr. 1, 10115 Berlin\n\n"
        "| Artikel | Menge | Gesamtpreis |\n|---|---|---|\n| Schraube | 10 | 4,00 € |\n"
        "| Mutter | 10 | 2,00 € |\nGesamtbetrag 6,00 €"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("6.00"), "EUR")


@pytest.mark.parametrize("net", ["Total ilíquido", "Total sem IVA", "Base imponible", "Imponibile"])
def test_a_net_totals_words_are_never_the_total(net):
    text = (
        "Oficina do Bairro, Lda\nRua Direita 5, 3000-100 Coimbra\n\nFATURA\nMudança de óleo 45,00\n"
        f"Filtro 12,00\n{net} 57,00\nIVA 23% 13,11\nTotal 70,11 €"
    )
    assert facts_of(text)[FactName.TOTAL] == Total(Decimal("70.11"), "EUR")


def test_the_portuguese_dotted_number_label_opening_a_line_names_the_number():
    text = (
        "Oficina do Bairro, Lda\nRua Direita 5, 3000-100 Coimbra\n\nFATURA-RECIBO\nN.º FR 2024/57\n"
        "Data: 2024-03-04\nMudança de óleo 45,00\nTotal 45,00 €"
    )
    assert facts_of(text)[FactName.REFERENCE] == "FR 2024/57"


def test_a_blocks_heading_is_not_one_of_its_labels():
    # "Rechnung" over the stacked labels; their values follow in the same order
    text = (
        "Rechnung\n\nKundennummer\nRechnungsnummer\nRechnungsdatum\nFälligkeitsdatum\n\n"
        "10045\nRE-2024-0318\n04.03.2024\n18.03.2024\n\n"
        "Webdesign Müller e.K. · Kirchgasse 2 · 79098 Freiburg\n\nGesamtbetrag 714,00 EUR"
    )
    facts = facts_of(text)
    assert facts[FactName.REFERENCE] == "RE-2024-0318"
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 4)
    assert facts[FactName.DUE_DATE] == dt.date(2024, 3, 18)


def test_the_last_label_of_a_block_read_apart_from_its_amounts_takes_no_first_amount():
    # a photo's OCR put the totals block's labels one under another, then their amounts as a
    # column: the first amount below is the net's, not the gross total's
    text = (
        "Lieferant GmbH\nHauptstr. 1, 10115 Berlin\nRechnung 4711\n"
        "Rechnungssumme Netto (excl. USt.)\nSteuerbetrag USt. 19%\n"
        "Rechnungssumme Brutto (inkl. USt.)\n\n275,00\n198,00\nZahlbar innerhalb 30 Tagen"
    )
    assert FactName.TOTAL not in facts_of(text)  # too few amounts to pair: none, not a guess
