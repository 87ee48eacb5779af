"""The document type and the reference on layouts and spellings the first rules missed: Markdown
tables, OCR'd headlines, an invoice that never says "invoice", labels in more languages. Each
rule on a short made-up text."""

from __future__ import annotations

import pytest

from app.metadata.facts import DocumentType, FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts


def facts_of(text: str) -> dict[FactName, object]:
    pages = text.split("\n\n---\n\n")
    return {n: f.value for n, f in extract_facts(pages, detect_language(text)).items()}


# --- reference: layouts ----------------------------------------------------------------------


def test_a_markdown_tables_cell_and_column_give_the_number():
    text = (
        "Brightwave Telecom Ltd\n**Your bill**\n"
        "| Account number | 88231145 |\n|---|---|\n| Bill number | BW-2024-4512 |\n"
        "Total to pay £34.08\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "BW-2024-4512"
    text = (
        "Hostarix Inc.\nINVOICE\n| Date | Invoice # | Due Date |\n|:---|:---:|---:|\n"
        "| 03/02/2024 | HX-88213 | 03/16/2024 |\nTotal due $48.00\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "HX-88213"


def test_markdown_emphasis_around_a_label_is_read_through_and_the_quote_is_the_line():
    text = "Sarah Lee Design\n**Invoice number:** SL-2024-017\nTotal $600.00\n"
    facts = extract_facts([text], "en")
    assert facts[FactName.REFERENCE].value == "SL-2024-017"
    assert facts[FactName.REFERENCE].quote == "**Invoice number:** SL-2024-017"


def test_a_label_ending_a_header_row_takes_the_rows_last_cell():
    text = (
        "Ferramenta Lunga Srl\nFattura\n"
        "Codice Cliente Termini di Pagamento Data Documento Numero Documento\n"
        "CL-77 30 GG DF 10-02-2022 4471\nTotale documento 120,00 €\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "4471"


def test_labels_without_colons_stacked_above_as_many_values_pair_up():
    text = (
        "Northwind Tools Ltd\nINVOICE\nPurchase Order /\n55012\n"
        "Invoice No\nCustomer ID\nInvoice Date\nNT-88120\nC-1001\n19/2/2024\n"
        "Total 180.00 GBP\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "NT-88120"


def test_labels_stacked_without_their_values_pair_with_nothing():
    text = (
        "Northwind Tools Ltd\nINVOICE\nInvoice No\nCustomer ID\nInvoice Date\n"
        "Northwind Tools Ltd thanks you\nTotal 180.00 GBP\n"
    )
    assert FactName.REFERENCE not in facts_of(text)


def test_a_bare_number_label_alone_takes_the_next_line():
    text = "Taller Gómez\nFACTURA\nNº\nA/2024/17\nFecha 03/03/2024\nTOTAL 121,00 €\n"
    assert facts_of(text)[FactName.REFERENCE] == "A/2024/17"


def test_an_amount_after_a_type_word_is_no_reference():
    text = "Northwind Tools Ltd\nThank you for your order. NET INVOICE 2.978,666.00\n"
    assert FactName.REFERENCE not in facts_of(text)


# --- reference: labels -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Trans #: 0472 Store 12 Reg 3", "0472"),
        ("Folio No.: 77821", "77821"),
        ("Gutschrift-Nr.: GS-2024-11", "GS-2024-11"),
        ("Versicherungsschein-Nr.: VS-4455-2", "VS-4455-2"),
        ("DOCUMENTO N. 0042-0117", "0042-0117"),
        ("Inv0ice No: 10023", "10023"),
        ("N° de ticket : 000123", "000123"),
    ],
)
def test_more_labels_of_a_documents_own_number(line, expected):
    text = f"Harbour Traders\n{line}\nTotal 118,00 EUR\n"
    assert facts_of(text)[FactName.REFERENCE] == expected


# --- type --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Enel Luce S.p.A.\nNumero documento: FPR 45/24\nData emissione: 03/05/2024\n"
        "Totale da pagare: 88,40 €\n",
        "Harbour Hotel\nGuest: P. Novak\nFolio No.: 77821\nRoom 120.00\nTotal 240.00 GBP\n",
        "Tech Repair Shop\nInvoice No. 30021\nDate: 03/03/2024\nTotal 120.00 USD\n",
    ],
)
def test_an_invoice_number_and_a_total_make_an_invoice_without_a_heading(text):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_an_order_number_and_a_total_alone_make_no_invoice():
    text = "Sunny Books\nOrder number: 4412\nBook A $10.00\nTotal $10.00\n"
    assert facts_of(text).get(FactName.DOCUMENT_TYPE) is not DocumentType.INVOICE


@pytest.mark.parametrize(
    "heading",
    ["lNVOICE", "INVO1CE", "R E C H N U N G", "RECH NUNG", "Rechnunq", "F A C T U R E", "FATTURA"],
)
def test_a_headline_as_ocr_garbles_it_names_the_kind(heading):
    text = f"Brightlane Services\n{heading}\nDate 4/2/2024\nConsulting 310.00\nAmount Due $310.00\n"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_a_word_one_letter_longer_than_a_kinds_is_not_that_kind():
    text = "Saint Anne Clinic\nFracture\nLeft wrist, seen on 4/2/2024\n"
    assert facts_of(text).get(FactName.DOCUMENT_TYPE) is not DocumentType.INVOICE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Loja Lisboa, Lda.\nFATURA\nData: 2024-03-12\nTotal a pagar 61,50 €\n", "invoice"),
        ("Acqua Chiara S.p.A.\nBolletta\nTotale da pagare 40,10 €\n", "invoice"),
        ("Studio Roux\nNote d'honoraires\nTotal TTC 300,00 €\n", "invoice"),
        (
            "SUPERMERCATO SOLE\nDOCUMENTO COMMERCIALE di vendita o prestazione\nPane 1,50\n"
            "TOTALE COMPLESSIVO 2,70\nPagamento elettronico 2,70\n",
            "receipt",
        ),
        (
            "Mercado Sol S.A.\nFactura simplificada: T-2024-88\nPan 1,00\nTOTAL (€) 1,90\n"
            "TARJETA BANCARIA 1,90\n",
            "receipt",
        ),
    ],
)
def test_headline_words_in_more_languages(text, kind):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType(kind)


@pytest.mark.parametrize(
    "text",
    [
        "Boulangerie Dupont\nFACTURE\n75002 Paris\nTotal TTC 50,64 €\n",
        "Acme Ltd\nInvoice\n221B Baker Street\nLondon\nTotal £10.00\n",
        "Quick Cleaners Ltd\nPlease quote reference\nIBAN DE89 3704 0044 0532 0130 00\n"
        "Total 80,00 €\n",
        "Quick Cleaners\nInvoice\nTel: 555-123-4567\nVAT No: GB123456789\nTotal $80.00\n",
    ],
)
def test_a_postcode_a_street_an_iban_or_a_phone_under_a_label_is_no_reference(text):
    assert FactName.REFERENCE not in facts_of(text)


def test_a_number_printed_in_groups_of_digits_is_whole():
    text = (
        "Fernmelde AG\nKundennummer 1234 567 890\nRechnungsnummer 9876 5432 1098\nBetrag 39,95 €\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "9876 5432 1098"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Bill reference 700123456", "700123456"), ("Invoice ref: HB/2024/17", "HB/2024/17")],
)
def test_a_bills_or_an_invoices_reference(line, expected):
    text = (
        f"Harbour Energy Ltd\nYour energy bill\nAccount number A-1B2C3D4E\n{line}\nTotal £84.20\n"
    )
    facts = facts_of(text)
    assert facts[FactName.REFERENCE] == expected
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_a_payment_receipt_is_a_receipt_with_its_own_number():
    text = (
        "Receipt\nInvoice number 1A2B3C4D-0001\nReceipt number 2345-6789\n"
        "Date paid January 5, 2024\nPayment method Visa - 4242\nNotewise, Inc.\n"
        "Notewise Pro 1 $12.00 $12.00\nTotal $12.00\nAmount paid $12.00\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT
    assert facts[FactName.REFERENCE] == "2345-6789"


def test_a_ticket_number_and_a_total_make_a_receipt():
    text = "MARCHÉ DU COIN\nN° ticket 4521 Caisse 3\nPain 1,20\nTOTAL EUR 1,20\n"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Ride Co\nThanks for riding, Jane\nTotal €14.20\nTrip fare €12.00\n"
            "Visa ••••1234 €14.20\n",
            "receipt",
        ),
        (
            "Harbour Bank\nCredit Card Statement\nStatement date 12 March 2024\n"
            "Minimum payment £25.00\n",
            "bank_statement",
        ),
        (
            "Banco Sol\nExtrato de conta\nSaldo inicial 1.000,00\nSaldo final 1.250,00\n",
            "bank_statement",
        ),
        (
            "Muster GmbH\nAbrechnung der Brutto/Netto-Bezüge für März 2024\nPersonal-Nr. 00123\n"
            "Gesamt-Brutto 3.000,00\nAuszahlungsbetrag 2.000,00\n",
            "payslip",
        ),
        (
            "Construcciones Pérez S.L.\nRECIBO DE SALARIOS\nTotal devengado 2.000,00\n"
            "Líquido a percibir 1.650,00\n",
            "payslip",
        ),
        (
            "Rossi S.r.l.\nCedolino paga Marzo 2024\nTotale competenze 2.500,00\nNetto in busta 1.900,00\n",
            "payslip",
        ),
    ],
)
def test_receipts_statements_and_payslips_in_more_words(text, kind):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType(kind)


def test_a_previous_balance_on_a_bill_makes_no_statement():
    text = (
        "Harbour Water Ltd\nAccount Number: 88120\n"
        "$40.00 due as of 7/1/2024 (includes previous balance)\nTotal due $40.00\n"
    )
    assert facts_of(text).get(FactName.DOCUMENT_TYPE) is not DocumentType.BANK_STATEMENT


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Invoice #7", "7"),
        ("Rechnung Nr. 12", "12"),
        ("Invoice Serial No. 17", "17"),
        ("Fact. nr. 2024-17", "2024-17"),
    ],
)
def test_a_freelancers_short_invoice_number_after_its_label(line, expected):
    text = f"Sarah Lee Design\n{line}\nLogo design 600.00\nTotal 600.00 EUR\n"
    assert facts_of(text)[FactName.REFERENCE] == expected


def test_a_short_count_after_a_kinds_word_is_no_number():
    text = "Sarah Lee Design\nInvoice 1 of 2\nLogo design 600.00\nTotal 600.00 EUR\n"
    assert FactName.REFERENCE not in facts_of(text)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Verkoopfactuur", "invoice"),
        ("BILL", "invoice"),
        ("Parcella", "invoice"),
        ("Kassenzettel", "receipt"),
        ("Relevé de comptes", "bank_statement"),
        ("Estado de cuenta", "bank_statement"),
        ("Paystub", "payslip"),
        ("Factură", "invoice"),
    ],
)
def test_a_headline_word_names_its_kind(heading, kind):
    text = f"Harbour Traders\n{heading}\nItem one 10,00\nItem two 5,00\nTotal 15,00 EUR\n"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType(kind)


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Customer No. Invoice No. Date", "10045 4711 12.03.2024"),
        ("Kunden-Nr. Rechnungs-Nr. Datum Seite", "10045 4711 12.03.2024 1"),
        ("Account No. Invoice No. Due Date", "A-77 4711 12/04/2024"),
    ],
)
def test_a_header_row_of_labels_of_several_words_is_read_as_its_columns(header, row):
    text = f"Harbour Traders Ltd\nINVOICE\n{header}\n{row}\nTotal 118,00 EUR\n"
    assert facts_of(text)[FactName.REFERENCE] == "4711"


def test_a_receipts_number_label_as_ocr_garbles_it():
    text = "Autohaus Nord\nSUMME EUR 39,35\nKartenzahlung\nBeleg-Ir.: 7554\n"
    assert facts_of(text)[FactName.REFERENCE] == "7554"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Détail de la facture du 11/12/2022 N°55512345678", "55512345678"),
        ("Rechnung vom 3. Mai 2024 Nr. 4471", "4471"),
        ("INVOICE: NO. 0042", "0042"),
        ("Account Number 333 008755555 Branch 109", "333 008755555"),
    ],
)
def test_a_number_after_its_date_a_second_label_word_or_in_groups(line, expected):
    text = f"Harbour Traders Ltd\n{line}\nTotal 62,86 €\n"
    assert facts_of(text)[FactName.REFERENCE] == expected


def test_a_single_label_over_an_address_line_gives_no_number():
    text = "AnyShop Supplies\nINVOICE #\nCUSTOMER ID\n161 Harbour Road DUE DATE\nTotal: $147.05\n"
    assert FactName.REFERENCE not in facts_of(text)


def test_a_title_naming_its_kind_outweighs_a_section_naming_another():
    text = (
        "ACCOUNT STATEMENT\nJane Roe Statement Period 1 MAY 2021 to 31 MAY 2021\n"
        "Your opening account balance as at 1 MAY 2021 $50,000.00\n"
        "Your closing account balance as at 31 MAY 2021 $51,084.85\n"
        "Your insurance details\nInsurance cover amount $10,000.00\n"
        "Insurance premium paid $120.00\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.BANK_STATEMENT


def test_a_reference_the_label_points_to_may_run_on_in_its_line():
    text = (
        "Harbour Pension Office\nIf you call or write to us, please use this reference:\n"
        "QX7P2 and your account number\n23 April 2018\nDear Ms Roe\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "QX7P2"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Elektro Schmidt GmbH\nHerrn Max Muster\nRosenweg 2\n80333 München\n"
            "Für die Reparatur Ihrer Türklingel berechnen wir Ihnen:\nArbeitszeit 65,00 €\n"
            "Material 12,00 €\nGesamtbetrag 91,63 €\nZahlbar innerhalb von 14 Tagen ohne Abzug.\n",
            "invoice",
        ),
        (
            "Studio Tecnico Verdi\nP.IVA 01234567890\nSpett.le Rossi S.r.l.\n"
            "Documento n. 45/2024 del 12/03/2024\nPrestazione professionale 1.000,00\n"
            "Totale 1.220,00 €\n",
            "invoice",
        ),
        (
            "THE RED LION\n12 Church Lane\nTable 4 Server: Anna\n2 Fish & Chips 25.00\n"
            "1 Ale 4.50\nTOTAL 32.45\nCard 32.45\n",
            "receipt",
        ),
        (
            "Payment confirmation\nThank you for your payment\nAmount paid: €49.00\n"
            "Paid on: 12 March 2024\nMerchant: Bright Hosting Ltd\n",
            "receipt",
        ),
    ],
)
def test_a_bills_terms_a_tables_card_line_and_a_payments_confirmation(text, kind):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType(kind)


PROSE = (
    "The committee met on three evenings to hear what the residents of the valley had to "
    "say about the new bridge and the traffic it would bring into the old town centre.\n"
)


def test_running_text_about_a_bill_is_no_bill_and_a_servers_name_no_receipt():
    text = "Home About Blog Contact\nWhy the Energy Bill Rose\n" + PROSE * 6
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.ARTICLE
    text = "Harbour Mail\nInstallation Guide\nServer: mail.example.org\nPort: 993\n" + PROSE * 4
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.MANUAL


def test_a_series_code_and_its_number_in_groups_to_the_lines_end():
    text = "Bakkerij Zon B.V.\nFactuurnummer: F 2024 017\nTotaal te betalen € 27,25\n"
    assert facts_of(text)[FactName.REFERENCE] == "F 2024 017"


def test_a_title_under_the_issuers_name_counts_as_the_title():
    text = (
        "Harbour Super Fund\n# Account Statement\nStatement Period 1 MAY 2021 to 31 MAY 2021\n"
        "Your opening account balance $50,000.00\nYour closing account balance $51,084.85\n"
        "Your insurance details\nInsurance cover amount $10,000.00\n"
        "Insurance premium paid $120.00\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.BANK_STATEMENT


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        (
            "Sklep Lipa Sp. z o.o.\nFaktura VAT nr FV/2024/03/17\nRazem 123,00 zł\n",
            "invoice",
            "FV/2024/03/17",
        ),
        ("Kirana Stores\nCASH MEMO\nNo. 117\nRice 50.00\nTotal Rs. 50.00\n", "receipt", "117"),
        (
            "Sunrise Traders\nBILL OF SUPPLY\nBill of Supply No. BOS/24-25/118\nTotal 1,180.00\n",
            "invoice",
            "BOS/24-25/118",
        ),
    ],
)
def test_an_indian_bill_of_supply_a_cash_memo_and_a_polish_vat_invoice(text, kind, number):
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType(kind)
    assert facts[FactName.REFERENCE] == number


@pytest.mark.parametrize(
    "line",
    [
        "Beleg 4711",
        "Kassenbon 4711",
        "Transaction n° 4711",
        "N° de transaction : 4711",
        "Transactienummer 4711",
        "Bon nr: 4711",
        "N. scontrino 4711",
        "Nº Ticket: 4711",
        "Nº Operación 4711",
    ],
)
def test_a_till_receipts_number_in_more_spellings(line):
    text = f"Harbour Shop\nBrot 2,00\nMilch 1,00\nSUMME 3,00 EUR\n{line}\n"
    facts = facts_of(text)
    assert facts[FactName.REFERENCE] == "4711"


def test_an_invoices_own_number_over_a_transaction_id_printed_first():
    text = (
        "Invoice\nBright Hosting Ltd\nTransaction ID: TX-88120-A\nInvoice number: BH-2024-117\n"
        "Hosting 12 months £120.00\nTotal £120.00\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "BH-2024-117"


def test_a_scanned_boxs_edge_before_the_value_is_no_part_of_it():
    text = (
        "NORTHGATE\nINVOICE\nDelv. Date: |5/16/2024 Invoice Number: [3847193\n"
        "Purchase Order: |15931\nTotal Price: |293.52 GBP\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "3847193"


def test_a_label_ending_a_right_column_takes_the_number_ending_the_next_line():
    text = (
        "Acme Tools Ltd Invoice number\n12 High Street INV-0042\nLondon Date of issue\n"
        "EC1A 1BB 12 March 2024\nTotal £10.00\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "INV-0042"


@pytest.mark.parametrize(
    "address", ["London EC1A 1BB", "Portland OR 97205", "San Francisco, CA 94105"]
)
def test_an_address_ending_the_next_line_is_no_number(address):
    text = f"Acme Tools Inc Invoice number\n{address}\nTotal $10.00\n"
    assert FactName.REFERENCE not in facts_of(text)


def test_a_label_opening_the_left_column_takes_the_number_opening_the_next_line():
    text = "Acme Tools Ltd\nInvoice number Bill to\nINV-0042 Jane Doe\nTotal £10.00\n"
    assert facts_of(text)[FactName.REFERENCE] == "INV-0042"
    for address in ("75002 Paris", "221B Baker Street"):
        text = f"Acme Tools Ltd\nInvoice number Bill to\n{address}\nTotal £10.00\n"
        assert FactName.REFERENCE not in facts_of(text)


def test_the_issuers_name_above_a_block_of_labels_is_no_label():
    text = (
        "Northwind Tools Ltd\nInvoice No\nCustomer ID\nInvoice Date\nNT-88120\nC-1001\n"
        "19/2/2024\nTotal 180.00 GBP\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "NT-88120"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Rechnungs-Nr./Datum: 4711/12.03.2024", "4711"),
        ("Rechnungsnummer / -datum 4711 / 12.03.2024", "4711"),
        ("Invoice No./Date: INV-42 / 03/12/2024", "INV-42"),
    ],
)
def test_one_label_for_a_number_and_its_date(line, expected):
    text = f"Werkstatt Nord GmbH\n{line}\nGesamt 10,00 €\n"
    assert facts_of(text)[FactName.REFERENCE] == expected


QR_SLIP = (
    "Empfangsschein\nKonto / Zahlbar an\nCH44 3199 9123 0008 8901 2\nSchreinerei Holz AG\n"
    "Referenz\n21 00000 00003 13947 14300 09017\nZahlbar durch\nPia Muster\n"
    "Währung Betrag\nCHF{amount}\nAnnahmestelle\nZahlteil\n"
)


def test_a_swiss_qr_bills_payment_part_is_a_bill_with_its_reference():
    facts = facts_of(QR_SLIP.format(amount=" 1 949.75"))
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE
    assert facts[FactName.REFERENCE] == "21 00000 00003 13947 14300 09017"
    english = (
        "Receipt\nAccount / Payable to\nCH44 3199 9123 0008 8901 2\nSchreinerei Holz AG\n"
        "Currency Amount\nCHF 1 949.75\nAcceptance point\nPayment part\n"
    )
    assert facts_of(english)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_a_qr_slip_without_an_amount_is_a_form_to_fill_in():
    assert facts_of(QR_SLIP.format(amount=""))[FactName.DOCUMENT_TYPE] is DocumentType.FORM
