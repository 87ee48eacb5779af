"""The correspondent on common bill layouts (issue 26, round 10): the issuer's bank, a return
address, two columns run together, a thank-you, a payment instruction, a letter's signature,
the issuer's own domain. Every text here is made up."""

from __future__ import annotations

import pytest

from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_correspondent_layout import mend_label
from app.metadata.local_correspondent_names import mend_words, trim_lead_in
from app.metadata.local_facts import extract_facts


def sender_of(text: str) -> object:
    pages = text.split("\n\n---\n\n")
    fact = extract_facts(pages, detect_language(text)).get(FactName.CORRESPONDENT)
    return None if fact is None else fact.value


def test_the_bank_named_in_the_payment_details_is_not_the_issuer():
    text = (
        "Dachdeckerei Falk GmbH\nRingstraße 8\n04109 Leipzig\n"
        "Herrn\nOtto Brandt\nAm See 2\n04229 Leipzig\n"
        "Rechnung\nRechnungs-Nr.: 2025-031\nRechnungsdatum: 12.02.2025\n"
        "Dachreparatur 800,00 €\nUSt. 19 % 152,00 €\nRechnungsbetrag 952,00 €\n"
        "Bankverbindung: Nordbank AG · IBAN DE12 3456 7890 1234 5678 90 · BIC NORDDEFF\n"
        "Geschäftsführer: Uwe Falk · Amtsgericht Leipzig HRB 1234 · USt-IdNr. DE111222333"
    )
    assert sender_of(text) == "Dachdeckerei Falk GmbH"


def test_a_bank_over_a_sort_code_leaves_the_letterhead_name():
    text = (
        "Pip's Window Cleaning\n07700 900111\nINVOICE\n"
        "To: Mr R Lane, 4 Ash Row, Derby DE1 1AA\nDate: 03/03/2025\nInvoice no: 77\n"
        "Windows and gutters £60.00\nTotal £60.00\n"
        "Bank: Shire Bank plc\nSort code 11-22-33 Account 87654321\nAccount name: P Jones"
    )
    assert sender_of(text) == "Pip's Window Cleaning"


def test_a_return_address_that_starts_with_a_street_names_no_sender():
    text = (
        "Praxis Dr. med. Ina Roth\nKinderärztin\nLindenplatz 4 · 79098 Freiburg\n"
        "Frau\nEva Kern\nBachweg 1\n79100 Freiburg\n"
        "Rechnung\nRechnungsnummer: 25-118\nRechnungsdatum: 04.03.2025\n"
        "Rechnungsbetrag 42,00 €\nKontoinhaber: Dr. Ina Roth\nIBAN DE11 2222 3333 4444 5555 66"
    )
    assert sender_of(text) == "Praxis Dr. med. Ina Roth"


def test_a_spanish_sole_shareholder_company_is_a_legal_entity():
    text = (
        "ondaverde\nFactura\nNº de factura: OV-2025-0012\nFecha de emisión: 02/05/2025\n"
        "Titular: Lucía Pérez Gil\nTotal a pagar 29,90 €\n"
        "Ondaverde Comunicaciones, S.A.U. CIF A87654321. Registro Mercantil de Sevilla"
    )
    assert sender_of(text) == "Ondaverde Comunicaciones, S.A.U."


def test_a_french_company_named_after_its_legal_form():
    text = (
        "SARL Menuiserie Bonnet\n3 rue du Four, 38000 Grenoble\nFacture n° 2025-14\n"
        "Date de facture : 07/04/2025\nClient : M. Paul Girard\nTotal TTC 540,00 €"
    )
    assert sender_of(text) == "SARL Menuiserie Bonnet"


def test_from_and_to_on_one_line_keeps_the_sender():
    text = (
        "INVOICE\nFrom: Quillfeather Editing To: Brook & Vale LLP\n"
        "9 Mill Street 1 Temple Row\nInvoice no. QE-118\nInvoice date 5 May 2025\n"
        "Copy editing £900.00\nTotal £900.00"
    )
    assert sender_of(text) == "Quillfeather Editing"


def test_two_address_columns_under_two_labels_are_told_apart():
    recipient_first = (
        "Rechnungsempfänger: Lieferant:\nWeber Holz GmbH Berg Metall GmbH\n"
        "Ahornweg 2 Industriestr. 7\n12345 Ahorn 54321 Berg\n"
        "Rechnung Nr. 2025-9\nRechnungsdatum 03.06.2025\nGesamtbetrag 1.190,00 €"
    )
    assert sender_of(recipient_first) == "Berg Metall GmbH"
    seller_first = recipient_first.replace(
        "Rechnungsempfänger: Lieferant:", "Lieferant: Rechnungsempfänger:"
    ).replace("Weber Holz GmbH Berg Metall GmbH", "Berg Metall GmbH Weber Holz GmbH")
    assert sender_of(seller_first) == "Berg Metall GmbH"


def test_a_receipt_thanks_its_shop_for_a_visit():
    text = (
        "Table 2\n1 Latte 3.80\n1 Muffin 2.90\nSubtotal 6.70\nTotal 6.70\n"
        "MASTERCARD ****9876 6.70\n05/02/2025 10:41 AM\nThank you for visiting Lark Coffee House!"
    )
    assert sender_of(text) == "Lark Coffee House"


def test_whom_payment_is_remitted_to_beats_the_customers_company():
    text = (
        "Oakfield Dental Inc.\nAccounts Payable\n12 Bay Rd\nTampa, FL 33602\nINVOICE\n"
        "Invoice # 4410\nDate 03/14/2025\nGloves x20 boxes 180.00\nTOTAL DUE $180.00\n"
        "Please remit payment to:\nBayline Medical Supply\nPO Box 77\nAtlanta, GA 30302"
    )
    assert sender_of(text) == "Bayline Medical Supply"


def test_the_business_a_bill_thanks_beats_an_unlabelled_addressee():
    text = (
        "Wrenfield Signs\nBramley Homes Ltd\n2 King Street\nBath BA1 1HE\n"
        "Invoice 301\nDate: 04/03/2025\nShop sign £250.00\nTotal £250.00\n"
        "Thank you for your business with Wrenfield Signs"
    )
    assert sender_of(text) == "Wrenfield Signs"


def test_pay_to_the_order_of_on_a_cheque_names_its_payee_not_the_issuer():
    text = (
        "Cedar Ridge Analytics LLC\n40 Elm St, Boise, ID 83702\n"
        "Pay to the order of: Laura Finch\nCheck No. 1180\nDate 05/30/2025\nAmount $2,410.00"
    )
    assert sender_of(text) == "Cedar Ridge Analytics LLC"


def test_a_letter_to_a_titled_addressee_is_from_the_name_under_the_signatorys_role():
    text = (
        "Mr Owen Hale\n3 Birch Lane\nYork YO1 2AB\n12 June 2025\nYour account 55012\n"
        "Dear Mr Hale,\nWe have received your meter reading and updated your account.\n"
        "Kind regards,\nAmy Stone\nBilling Team Leader\nDalesway Energy"
    )
    assert sender_of(text) == "Dalesway Energy"


def test_the_part_of_a_one_line_foot_the_issuers_domain_spells():
    text = (
        "Rechnung\nRechnungsnummer: WH-2231\nRechnungsdatum: 01.08.2025\n"
        "Herrn\nJan Vogt\nTalweg 3\n50667 Köln\nWebspace S 08/2025 3,99 €\nGesamtbetrag 3,99 €\n"
        "Datenhafen Süd · Kaistraße 4 · 68159 Mannheim · www.datenhafen-sued.de · "
        "USt-IdNr. DE222333444"
    )
    assert sender_of(text) == "Datenhafen Süd"


def test_a_domain_printed_alone_spells_the_issuer_over_an_unlabelled_addressee():
    text = (
        "Glasswing Studio\nglasswingstudio.com\nNorthway Foods Ltd\n8 Mill Lane\nLeeds LS1 4AP\n"
        "Invoice 88\nDate: 02/02/2025\nPackaging design £1,200.00\nTotal £1,200.00"
    )
    assert sender_of(text) == "Glasswing Studio"


def test_a_company_the_page_backs_beats_an_unlabelled_addressee_at_the_top():
    # the window address first (the logo is a picture), the issuer only in the foot
    english = (
        "Kingsmoor Estates Ltd\n12 Abbey Road\nBath BA1 2AA\nINVOICE\nInvoice no: HF-0091\n"
        "Date: 19/06/2025\nHedge cutting £300.00\nVAT 20% £60.00\nTotal £360.00\n"
        "Hollyfield Gardeners Ltd\nUnit 5, Mill Yard\nBath BA2 3CC\nCompany No. 12093847"
    )
    assert sender_of(english) == "Hollyfield Gardeners Ltd"
    french = (
        "SARL Fromagerie Aubert\n4 rue Haute\n21000 Dijon\nFacture N° 2025-77\n"
        "Date : 15/05/2025\nTotal TTC 384,00 €\nGarage Perrin SAS\nZA Sud, 21160 Marsannay\n"
        "SIRET 812 000 222 00015"
    )
    assert sender_of(french) == "Garage Perrin SAS"


def test_the_logo_at_the_head_names_the_company_of_a_foot_printed_as_a_column():
    text = (
        "KESSEL\nHaustechnik\nLindner Wohnbau GmbH\nMarktstr. 4\n80331 München\n"
        "Rechnung Nr. 25-031\nDatum: 08.05.2025\nHeizungswartung 400,00 €\n"
        "Rechnungsbetrag 476,00 €\nKessel Haustechnik GmbH\nIsarweg 10\n80469 München\n"
        "Geschäftsführer: Lena Kessel\nHRB 99123, AG München"
    )
    assert sender_of(text) == "Kessel Haustechnik GmbH"


def test_a_register_number_before_a_legal_form_look_alike_is_no_name():
    text = (
        "Rechnung Nr. 25-12\nDatum: 02.02.2025\nGesamtbetrag 119,00 €\n"
        "Registergericht\nHRB 77123, AG Kassel"
    )
    assert sender_of(text) != "HRB 77123, AG"


def test_the_recipients_block_ends_at_the_first_line_no_address_holds():
    text = (
        "Fatura n.º FT 2025/118\nData de emissão: 05-04-2025\nCliente: Rui Matos\n"
        "Total a pagar: 48,10 €\nMar Azul - Comercialização de Energia, S.A. · NIPC 509000111"
    )
    assert sender_of(text) == "Mar Azul - Comercialização de Energia, S.A."


def test_a_receipts_name_under_ocr_crumbs_and_between_rules():
    crumbs = (
        "ZX#\nCAFE MIRA\nTel 0123 45678\nKassenbon\nCappuccino 3,20\nSUMME EUR 3,20\n"
        "BAR 5,00\nRückgeld 1,80\n12.03.2025 10:14\nVielen Dank für Ihren Einkauf"
    )
    assert sender_of(crumbs) == "CAFE MIRA"
    misread = (
        ". bIO LADEN WIESENGRUND\nFeldweg 1\n29221 Celle\nÄpfel 2,40\nSumme 2,40\n"
        "Bar 2,40\nKartenzahlung\n15.04.2025"
    )
    assert sender_of(misread) == "bIO LADEN WIESENGRUND"


def test_a_document_of_no_known_kind_with_an_amount_is_read_as_a_bill():
    # nothing names its kind, but it states what was paid: its head is its sender's
    text = (
        "*** WEINHAUS BERGER ***\nInh. P. Berger\nMühlweg 2 - 35037 Marburg\n"
        "Riesling 9,90\nSUMME 9,90\nEC 9,90\n03.05.2025 16:20"
    )
    assert sender_of(text) == "WEINHAUS BERGER"


@pytest.mark.parametrize(
    ("label", "customer"),
    [
        ("Billing Address", "Oakmere Hotels Ltd"),
        ("Customer details:", "Oakmere Hotels Ltd"),
        ("Adresse de livraison", "Restaurant Le Zinc SAS"),
        ("Dati cliente", "Edilnord S.p.A."),
        ("Datos del cliente", "Hostal Miramar S.L."),
        ("Exmo(s). Sr(s).", "Hotel Mar Azul, S.A."),
        ("Debiteur", "Kantoorpark Zuid B.V."),
        ("z. Hd. Herrn Becker", "Hotel Seeblick GmbH"),
    ],
)
def test_an_address_blocks_own_heading_marks_the_recipient(label, customer):
    text = (
        f"Tallow & Reed\n{label}\n{customer}\nHarbour Road 4\n1000 Lakeside\n"
        "Invoice 2025-41\nInvoice date 02/05/2025\nTotal 576.00 EUR"
    )
    assert sender_of(text) == "Tallow & Reed"


@pytest.mark.parametrize(
    ("found", "name"),
    [
        ("INVOICE Lindqvist Traders Ltd", "Lindqvist Traders Ltd"),
        ("Bitte überweisen an Falkner Tools GmbH", "Falkner Tools GmbH"),
        ("Powered by Quillpay Payments Ltd", "Quillpay Payments Ltd"),
        ("Page 1 of 2 Orrin Ltd", "Orrin Ltd"),
        ("Facture Dupuis Frères SARL", "Dupuis Frères SARL"),
        ("Ihre Nordsee Versicherung AG", "Nordsee Versicherung AG"),
        ("Your supplier Brightgrid Energy Ltd", "Brightgrid Energy Ltd"),
        # the name's own words stay
        ("Bank of Lakeview Corp", "Bank of Lakeview Corp"),
        ("Hale, Moss & Company, Inc.", "Hale, Moss & Company, Inc."),
        ("Studio 54 Ltd", "Studio 54 Ltd"),
        ("1&1 Hosting AG", "1&1 Hosting AG"),
        ("toom Heimwerk GmbH", "toom Heimwerk GmbH"),
        ("eKontor GmbH", "eKontor GmbH"),
    ],
)
def test_a_company_name_without_the_words_that_lead_into_it(found, name):
    assert trim_lead_in(found, "en") == name


def test_the_issuers_name_is_given_without_the_lines_heading():
    text = (
        "INVOICE Lindqvist Traders Ltd\n8 Mill Road, Leeds LS1 1AA\nBill to: Carrow Foods\n"
        "Invoice no. 448\nInvoice date 3 March 2025\nTotal £120.00"
    )
    assert sender_of(text) == "Lindqvist Traders Ltd"


@pytest.mark.parametrize(
    ("closing", "name"),
    [
        ("Ihr Wolkenmarkt-Team", "Wolkenmarkt"),
        ("Your Brightgrid team", "Brightgrid"),
        ("L'équipe Azur Énergie", "Azur Énergie"),
        ("Il team di Luce Chiara", "Luce Chiara"),
    ],
)
def test_the_team_that_signs_a_bill_is_its_sender(closing, name):
    # the page's only company is the customer at the top, unlabelled
    text = (
        "Harwick Holdings Ltd\n2 Queen Street\nBath BA1 1HE\nInvoice 77\nDate: 03/03/2025\n"
        f"Total 80.00 EUR\n{closing}"
    )
    assert sender_of(text) == name


def test_a_bill_that_names_its_sender_only_in_its_own_mail_address():
    text = (
        "Order confirmation and invoice\nOrder #PP-1182\nOrder date: 7 July 2025\nShip to:\n"
        "Liam Turner\n18 Oak Close\nCardiff CF10 1AA\nUSB-C cable £9.98\nTotal paid £9.98\n"
        "Questions? Contact us at help@quaywise.co.uk"
    )
    assert sender_of(text) == "quaywise"


@pytest.mark.parametrize(
    "head",
    [
        "Mira Falk Keramik, Am Markt 3, 01067 Dresden",
        "Mira Falk Keramik - Am Markt 3 - 01067 Dresden",
        "Abs.: Mira Falk Keramik, Am Markt 3, 01067 Dresden",
    ],
)
def test_a_return_address_with_commas_or_dashes_names_the_sender(head):
    text = (
        f"{head}\nHerrn\nMax Kurz\nWeg 3\n12345 Berlin\nRechnung Nr. 2025-3\n"
        "Datum: 03.03.2025\nVasen 450,00 €\nGesamtbetrag 450,00 €"
    )
    assert sender_of(text) == "Mira Falk Keramik"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Receipt\nMerchant: Sunny Side Bakery\nDate: 03/04/2025\nTotal $12.50\nVISA ****1234",
            "Sunny Side Bakery",
        ),
        (
            "Kundenbeleg\nHändler: Blumen Rose\nBetrag EUR 12,50\nKartenzahlung\n03.04.2025 10:12",
            "Blumen Rose",
        ),
        (
            "Thanks for riding with Zipline Cabs\nTotal $18.42\nTrip fare $14.90\n"
            "04/10/2025 8:31 AM",
            "Zipline Cabs",
        ),
    ],
)
def test_a_card_slip_or_a_rides_receipt_names_the_business_paid(text, name):
    assert sender_of(text) == name


def test_a_company_whose_initials_read_as_a_title_is_no_addressee():
    text = (
        "MS Immobilien GmbH\nHafenweg 2\n20457 Hamburg\nRechnung Nr. 2025-8\n"
        "Rechnungsdatum: 02.03.2025\nGesamtbetrag 119,00 EUR"
    )
    assert sender_of(text) == "MS Immobilien GmbH"


def test_legal_forms_in_capitals():
    assert sender_of("BRENNER PAPIER GMBH & CO. KG\nRechnung Nr. 7\nGesamtbetrag 10,00 EUR") == (
        "BRENNER PAPIER GMBH & CO. KG"
    )
    assert sender_of("VERDI RICAMBI S.P.A.\nFattura n. 7\nTotale documento 10,00 EUR") == (
        "VERDI RICAMBI S.P.A."
    )


def test_a_form_like_bill_names_its_seller_under_the_sellers_section():
    text = (
        "Übersicht\nInformationen zum Käufer\nName: Eva Lind\nOrt: Neustadt\n"
        "Informationen zum Verkäufer\nFirmenname: Lindgrün Gartenbau Ländercode: DE\n"
        "Ort: Altstadt\nRechnungsdaten\nRechnungsnummer: 55\nRechnungsdatum: 22.11.2025\n"
        "Gesamtsumme brutto 10,00"
    )
    assert sender_of(text) == "Lindgrün Gartenbau"


def test_a_medical_note_is_from_its_provider_not_its_patient():
    text = (
        "Attending Provider Notes\nProvider: Dr Lena Ortiz, MD\nPatient: John Roe\n"
        "Patient reports pain in the left knee since two weeks."
    )
    assert sender_of(text) == "Dr Lena Ortiz, MD"


def test_a_swiss_qr_bills_payer_is_the_recipient():
    text = (
        "Rechnung\nRechnungsnummer 2025-118\nDatum 23.04.2025\nTotal CHF 1'756.05\n\n---\n\n"
        "Empfangsschein\nKonto / Zahlbar an\nCH48 0900 0000 8575 7337 2\nFelsbach Technik AG\n"
        "Allmendweg 30\n4528 Zuchwil\nZahlbar durch\nGraubach Mechanik AG\nAlte Fabrik 3A\n"
        "8400 Winterthur\nWährung Betrag\nCHF 1 756.05"
    )
    assert sender_of(text) == "Felsbach Technik AG"


def test_an_email_field_is_no_name():
    text = (
        "ACCOUNT STATEMENT\nJane Roe Statement Period 1 MAY 2025 to 31 MAY 2025\n"
        "100 Main Street, Anytown\nEmail Address Not Recorded\nYour closing balance $1,000.00"
    )
    assert sender_of(text) != "Email Address Not Recorded"


def test_whom_a_swiss_qr_bill_is_payable_to_beats_an_unlabelled_customer():
    text = (
        "Graubach Mechanik AG\nAlte Fabrik 3A\n8400 Winterthur\nRechnung\n"
        "Rechnungsnummer 2025-118\nDatum 23.04.2025\nTotal CHF 1'756.05\n"
        "Konto / Zahlbar an\nCH48 0900 0000 8575 7337 2\nFelsbach Technik AG\nAllmendweg 30\n"
        "4528 Zuchwil"
    )
    assert sender_of(text) == "Felsbach Technik AG"


def test_a_buyers_section_ends_where_its_fields_end():
    text = (
        "Datos del cliente\nHostal Brisa S.L.\nPaseo Marítimo 4\n03001 Alicante\n"
        "FACTURA 2025-0077\nFecha: 03/06/2025\nReforma baño 2.500,00\nTotal 3.025,00 €\n"
        "Reformas Olmo S.L. · CIF B03123456 · C/ Mayor 1, 03002 Alicante"
    )
    assert sender_of(text) == "Reformas Olmo S.L."


def test_a_letterhead_line_with_a_merged_columns_label_keeps_the_name():
    text = (
        "Birchwood Garden Supply DATE\nINVOICE #\n161 Ridge Road\nPhone: (555)-555-0101\n"
        "Bill To:\nLiu Jie\n28 Maple Court\nFuture Diary Cards $18.34\nTotal: $18.34"
    )
    assert sender_of(text) == "Birchwood Garden Supply"


@pytest.mark.parametrize("logo", ["QUILLON", "QuillOn"])
def test_a_logos_word_before_its_slogan(logo):
    text = (
        f"{logo} Innovation drives progress\nINVOICE\nCustomer: Sharp Consulting Leeds\n"
        "Invoice Number: 3847193\nTotal Price: 293.52"
    )
    assert sender_of(text) == logo


def test_a_statement_heading_its_page_over_a_bank_named_in_a_sentence():
    text = (
        "Page 1 of 5 03/02/2025\nBrightwater Financial Group\nALEX ROSS\n"
        "640 Graham Mills, Kenview, NJ 79419\nYour consolidated statement\n"
        "Example Bank, Member FDIC. To learn more, visit our site or call us any time today.\n"
        "Summary of your accounts\nCHECKING 001570525057 3,366.44\nSAVINGS 187052508736 17,874.97"
    )
    assert sender_of(text) == "Brightwater Financial Group"


def test_a_statement_is_from_the_bank_its_head_names():
    text = (
        "Harbour Credit Union\nStatement of account\nALEX ROSS\n640 Graham Mills\n"
        "Summary of your accounts\nCHECKING 001570525057 3,366.44"
    )
    assert sender_of(text) == "Harbour Credit Union"


def test_a_logo_read_letter_by_letter_is_left_off_the_name():
    assert trim_lead_in("OÖ M N IA Felsbach Technik AG") == "Felsbach Technik AG"
    assert trim_lead_in("A B C Trading Ltd") == "A B C Trading Ltd"
    assert trim_lead_in("LG Electronics Inc.") == "LG Electronics Inc."


def test_a_bare_web_address_with_a_path_is_the_documents_own():
    text = (
        "Insurance Policy | Page 1\nMr Joe Roe\n73 Regal Way\nLeeds\n3rd June 2025\n"
        "Policy number GB2025671\nManage your account\nQuillsure.com/my-account\n"
        "Hello Mr Roe,\nWelcome to Quillsure car insurance.\nYour Quillsure documents are online.\n"
        "Thanks,\nJim Taylor"
    )
    assert sender_of(text) == "Quillsure"


def test_the_shop_signing_under_a_receipts_thank_you():
    text = (
        "Kassenbon\nÄpfel 2,40\nBrot 3,10\nSUMME EUR 5,50\nBAR 10,00\nRückgeld 4,50\n"
        "12.03.2025 10:14\nVielen Dank für Ihren Einkauf!\nIhr Bioladen Sonnenschein"
    )
    assert sender_of(text) == "Bioladen Sonnenschein"


def test_a_receipt_printed_in_capitals_keeps_its_legal_forms():
    text = (
        "RECHNUNG\nVERKAUFT VON FLUSS HANDEL EU S.À R.L.\nRECHNUNGSDATUM 12.03.2025\n"
        "ZAHLBETRAG 23,99 €"
    )
    assert sender_of(text) == "FLUSS HANDEL EU S.À R.L."
    text = (
        "FATURA FT A/245\nDATA: 12-04-2025\nTOTAL 4.920,00 €\nCONSTRUÇÕES LIMA, LDA · NIF 509123456"
    )
    assert sender_of(text) == "CONSTRUÇÕES LIMA, LDA"


def test_a_heading_that_joins_two_kinds_is_no_name():
    text = (
        "ORDER CONFIRMATION AND INVOICE\nORDER #PP-1182\nSHIP TO:\nLIAM TURNER\n18 OAK CLOSE\n"
        "TOTAL PAID £9.98\nQUESTIONS? CONTACT US AT HELP@QUAYWISE.CO.UK"
    )
    assert sender_of(text) != "ORDER CONFIRMATION AND"


@pytest.mark.parametrize(
    "head",
    [
        "ORIGINAL FOR RECIPIENT",
        "Customer Copy",
        "MERCHANT COPY",
        "Copie client",
        "Welcome",
        "Cash Memo",
        "Your Order",
        "Payment Receipt",
        "Thank you",
    ],
)
def test_a_documents_furniture_over_the_name_is_no_name(head):
    text = (
        f"{head}\nBrightside Tiles\n4 Mill Road\nPune 411001\nInvoice No: 55\n"
        "Date: 03/03/2025\nTotal Rs 5,000.00"
    )
    assert sender_of(text) == "Brightside Tiles"


@pytest.mark.parametrize(
    "foot",
    [
        "Payment processed by Quickpay Payments Europe Ltd.",
        "Powered by Shopwell Inc.",
        "Versand mit Paketblitz GmbH",
        "Livré par Colirapide SA",
    ],
)
def test_a_service_the_bill_was_paid_or_shipped_through_is_not_its_issuer(foot):
    text = (
        "Juniper & Moss\n12 Lane Street\nBristol BS1 1AA\nInvoice #1044\nDate: 04/05/2025\n"
        f"Bill to: Ann Lee\nCandle set £24.00\nTotal £24.00\n{foot}"
    )
    assert sender_of(text) == "Juniper & Moss"


@pytest.mark.parametrize(
    "label",
    ["Bill-to party", "Sold-To", "Invoiced to", "Factuur aan", "Fatturato a", "Facturado a"],
)
def test_further_spellings_of_billed_to_mark_the_recipient(label):
    text = (
        f"Tallow & Reed\n{label}\nOakmere Hotels Ltd\nHarbour Road 4\n1000 Lakeside\n"
        "Invoice 2025-41\nInvoice date 02/05/2025\nTotal 576.00 EUR"
    )
    assert sender_of(text) == "Tallow & Reed"


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ("WELCOME TO PINE HILL MARKET", "PINE HILL MARKET"),
        ("Willkommen bei Bäckerei Sonnenkorn!", "Bäckerei Sonnenkorn"),
        ("Bienvenue chez Fromagerie Lenoir", "Fromagerie Lenoir"),
    ],
)
def test_a_receipt_that_welcomes_its_customer_names_its_shop(head, name):
    text = f"{head}\nStore 0042\nBread 2.79\nTOTAL 2.79\nVISA 2.79\n05/12/25 18:44"
    assert sender_of(text) == name


def test_a_titled_name_in_a_bills_signature_is_no_addressee():
    text = (
        "INVOICE\nInvoice no: 118\nInvoice date: 2 May 2025\nBill to: Carrow Foods\n"
        "Consulting, April 2025 £900.00\nVAT 20% £180.00\nTotal due £1,080.00\n"
        "Payment within 30 days by bank transfer.\nSort code 11-22-33\nAccount 12345678\n"
        "Please quote the invoice number.\nLate payments incur interest.\n"
        "Questions about this invoice are welcome.\nWe value your business.\n"
        "Signed\nMr John Hale\nManaging Director\nHale & Rowe Ltd, Company No. 09876543"
    )
    assert sender_of(text) == "Hale & Rowe Ltd"


def test_payment_words_well_before_a_name_do_not_make_it_a_third_party():
    text = (
        "Invoice #1044\nDate: 04/05/2025\nBill to: Ann Lee\nCandle set £24.00\nTotal £24.00\n"
        "Payments by bank transfer to Juniper Moss Ltd"
    )
    assert sender_of(text) == "Juniper Moss Ltd"


def test_a_name_ending_in_a_field_word_keeps_it():
    text = (
        "Smart Data\n14 Riverside Way\nBath BA1 1AA\nBill To:\nOakridge Academy\n"
        "Invoice No: 118\nDate: 8 May 2025\nTotal £1,440.00"
    )
    assert sender_of(text) == "Smart Data"


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "Harbour Light Guesthouse\n12 Quay Street\nPortree IV51 9DE\n\nBooking confirmation\n"
            "Guest: Anna Berg\nArrival 3 June 2025\nDeparture 5 June 2025",
            "Harbour Light Guesthouse",
        ),
        (
            "Tischlerei Brandt\nLindenweg 4\n34117 Kassel\n\nTerminbestätigung\n"
            "Sehr geehrte Frau Kurz,\nwir bestätigen Ihren Termin am 12.05.2025.",
            "Tischlerei Brandt",
        ),
        (
            "Birch & Rowan Delightful Garden Tea Room\n9 Elm St. Salem, MA 01970\n\n"
            "Event confirmation\nParty of 12 on 4 July 2025",
            "Birch & Rowan Delightful Garden Tea Room",
        ),
    ],
)
def test_a_name_over_its_postal_address_heads_a_document_of_no_known_kind(text, sender):
    assert sender_of(text) == sender


def test_an_article_without_an_address_at_its_head_names_no_sender_from_it():
    text = (
        "The history of the lighthouse\nLighthouses have guided ships for centuries.\n"
        "The first ones were fires lit on hills above the harbour."
    )
    assert sender_of(text) is None


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "Receipt\n\n(Pine Cafe) 88 N Oak Street,\nChicago, IL 60610, USA\nMarch 2, 2024\n"
            "Latte $4.50\nBagel $3.00\nTotal $7.50\nCard ****1234",
            "Pine Cafe",
        ),
        (
            "Order receipt\nRosie's Tacos 1200 W Main St\nAustin, TX 78701\n2 Tacos $8.00\n"
            "Total $8.00\nThank you!",
            "Rosie's Tacos",
        ),
        (
            "Maple Ridge Dental 400 Elm Avenue, Dayton, OH 45402\n\nAppointment reminder\n"
            "Patient: Tom Hale\nYour next visit is on 14 May 2025",
            "Maple Ridge Dental",
        ),
    ],
)
def test_a_name_run_into_its_street_on_one_line_is_cut_before_the_number(text, sender):
    assert sender_of(text) == sender


@pytest.mark.parametrize("label", ["Bi|l To", "Bil1 To:", "Sh1p to:"])
def test_a_recipient_label_misread_by_ocr_still_marks_the_recipient(label):
    text = (
        f"{label}\nNorthwind Traders Ltd\n5 Harbour Road\nLeeds LS1 4AB\nINVOICE\n"
        "Invoice no: 1043\nBlue Fern Studio Ltd, 2 Mill Lane, York YO1 7AA\nTotal due GBP 400.00"
    )
    assert sender_of(text) == "Blue Fern Studio Ltd"


def test_mending_a_label_leaves_numbers_and_the_rest_of_the_line_alone():
    assert mend_label("Bil1 To: Acme 100 Ltd") == "Bill To: Acme 100 Ltd"
    assert mend_label("1043 Main Street") == "1043 Main Street"
    assert mend_label("Invoice 2024-01") == "Invoice 2024-01"


def test_a_house_number_and_a_short_street_kind_is_a_street_not_a_shop():
    text = (
        "i. ,\n' FRESH MART '\n120 Queen St W\nToronto ON M5H 2N2\nMilk 4.29\nBread 3.49\n"
        "TOTAL 7.78\nVISA 7.78"
    )
    assert sender_of(text) == "FRESH MART"


def test_a_receipt_name_in_lower_case_over_its_address_is_the_shop():
    text = (
        "m a\nle petit bistrot\n12 rue Cler\n75007 Paris\nTotal 23,50 €\nCB 23,50\n"
        "Merci de votre visite"
    )
    assert sender_of(text) == "le petit bistrot"


@pytest.mark.parametrize(
    ("closing", "shop"),
    [
        ("Thank y0u for shopping at Fresh Mart!", "Fresh Mart"),
        ("Merci de v0tre visite chez Boulangerie Paul", "Boulangerie Paul"),
    ],
)
def test_a_thank_you_misread_by_ocr_still_names_the_shop(closing, shop):
    text = f"#~ .\nx!! 4\nMilk 4.29\nBread 3.49\nTOTAL 7.78\nVISA 7.78\n{closing}"
    assert sender_of(text) == shop


def test_mending_ocr_words_keeps_the_line_s_length_and_its_numbers():
    assert mend_words("Thank y0u f0r 2 items at Shop 24") == "Thank you for 2 items at Shop 24"
    assert len(mend_words("Bi|l To: 7-Eleven")) == len("Bi|l To: 7-Eleven")


def test_a_bill_named_nowhere_but_under_its_closing_is_from_who_signs_it():
    text = (
        "Rechnung 12\nDatum: 03.03.2025\nAn: Kim Lee\nGartenarbeit 120,00 €\n"
        "Gesamt 120,00 €\nMit freundlichen Grüßen\nMaria Sommer"
    )
    assert sender_of(text) == "Maria Sommer"


def test_a_name_over_its_address_under_the_heading_lines_is_the_issuer():
    text = (
        "INVOICE\nPage 1 of 1\n# 2025-044\nDate: 03/03/2025\nBlue Heron Carpentry\n"
        "14 Mill Road\nNorwich NR2 3QT\nTo: Kim Lee\nShelves £300.00\nTotal £300.00"
    )
    assert sender_of(text) == "Blue Heron Carpentry"


@pytest.mark.parametrize(
    "closing", ["Your Support Team", "Ihr Kundenservice-Team", "The billing team"]
)
def test_a_team_named_by_what_it_does_is_nobodys_name(closing):
    # "Support" is no sender: the letterhead's company stays
    text = (
        "Harwick Holdings Ltd\n2 Queen Street\nBath BA1 1HE\nInvoice 77\nDate: 03/03/2025\n"
        f"Total 80.00 EUR\n{closing}"
    )
    assert sender_of(text) not in {"Support", "Kundenservice", "billing"}


def test_a_common_word_in_capitals_before_a_phrase_is_no_logo():
    text = (
        "FROM the desk of the Headmaster\nDear parents,\nThe school trip costs 20.00 EUR.\n"
        "Kind regards,\nAnna Berg\nHeadmaster"
    )
    assert sender_of(text) != "FROM"


def test_two_letter_abbreviations_before_a_legal_form_are_the_name():
    assert trim_lead_in("BT IT Services Ltd") == "BT IT Services Ltd"
    assert trim_lead_in("AB ID Systems GmbH") == "AB ID Systems GmbH"
