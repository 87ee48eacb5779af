"""The correspondent rules of the local engine (issue 26): who issued or sent a document, never
its recipient, and nothing when it names no sender. Every text here is made up."""

from __future__ import annotations

import re

import pytest

from app.metadata.choices import fold_correspondent
from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts
from app.metadata.local_words_names import LEGAL_FORM, LEGAL_FORM_WORDS, LEGAL_FORMS


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


def test_the_issuer_whose_web_domain_spells_its_name_over_an_unlabelled_addressee():
    text = (
        "Blauwal Consulting AG\nHafenweg 2\n20457 Hamburg\n"
        "Rechnung Nr. 2024-17\nRechnungsdatum: 03.04.2024\nLeistungszeitraum März 2024\n"
        "Beratung 1.000,00 EUR\nUmsatzsteuer 19 % 190,00 EUR\nGesamtbetrag 1.190,00 EUR\n"
        "Zahlbar innerhalb von 14 Tagen.\n"
        "Nordlicht Software GmbH\nDorfstr. 1, 24103 Kiel\nUSt-IdNr. DE123456789\n"
        "www.nordlicht-software.de"
    )
    assert sender_of(text) == "Nordlicht Software GmbH"


def test_a_street_with_a_compass_point_is_an_address_not_a_company():
    text = (
        "Harbor Tools\n1200 Maple Avenue SE\nPortland, OR 97201\nInvoice 7781\n"
        "Invoice date: March 3, 2024\nTotal due $120.00"
    )
    assert sender_of(text) == "Harbor Tools"


def test_a_till_receipt_names_the_shop_over_its_address_not_a_products_brand():
    text = (
        "8\n4711 1.129,00 b\nQBX\nFLUGDROHNE PRO\nSumme EUR 1.129,00\n* * Kundenbeleg * *\n"
        "Elektro Sonne Paderborn\nKamp 30-32\n33098 Paderborn\nKartenzahlung girocard\n"
        "Betrag EUR 1.129,00\nBeleg-Nr. 8059\nVielen Dank für Ihren Einkauf"
    )
    assert sender_of(text) == "Elektro Sonne Paderborn"


def test_a_till_receipt_names_the_shop_its_domain_spells():
    text = (
        "ZX#\n~~ FRISCH ~~\nFrischmarkt Berger\nLindenweg 4\n12345 Neustadt\n"
        "www.frischmarkt-berger.de\nÄpfel 2,30\nBrot 3,10\nSumme EUR 5,40\nBar 10,00\n"
        "Rückgeld 4,60\nVielen Dank für Ihren Einkauf"
    )
    assert sender_of(text) == "Frischmarkt Berger"


def test_an_article_is_from_the_public_body_that_heads_it_not_one_a_sentence_names():
    heading = (
        "Quarterly Water Review • March 2023 12\nRiver Flows in Dry Years\nJane Doe\n"
        "National Institute of Water Research, NIWR\n"
        "Rivers carried less water in 2022 than in any year of the decade before."
    )
    assert sender_of(heading) == "National Institute of Water Research"
    sentence = (
        "Quarterly Water Review\nRiver Flows in Dry Years\n"
        "This release of the Bureau of River Statistics shows that rivers carried less "
        "water in 2022 than in any year of the decade before."
    )
    assert sender_of(sentence) is None


def test_a_form_names_the_ministry_after_its_number():
    text = (
        "Form 77 Application for a Fishing Licence 2024 Ministry of Inland Waters—Licensing "
        "Office (12) Use only blue ink.\nYour name\nYour address\nSignature Date"
    )
    assert sender_of(text) == "Ministry of Inland Waters"


def test_a_manual_is_from_the_project_its_own_site_names_not_a_site_it_links_to():
    own = (
        "Quarkdb User Guide\nMaria Rossi\nhttp://www.quarkdb.org\n"
        "Quarkdb stores documents. This guide shows how to install Quarkdb on a server."
    )
    assert sender_of(own) == "Quarkdb"
    linked = (
        "Getting started\nThis chapter explains Linux. Read more about Linux on the Linux "
        "pages (https://www.linux.org/) and in the Linux handbook (https://www.linux.org/docs)."
    )
    assert sender_of(linked) is None


def test_a_two_column_header_read_column_by_column_maps_addresses_to_labels_in_order():
    # a scan's OCR reads the label column, then the values: the buyer's label came first here
    text = (
        "Rechnung Nr. 2024-5 vom 03.04.2024\nKäufer/Leistungsempfänger\nName:\nAnschrift:\n"
        "Verkäufer\nName:\nAnschrift:\nKranich Logistik GmbH\nHafenstraße 9\n"
        "DE 20457 Hamburg\nWeber Gartenbau GmbH\nLindenweg 4\nDE 12345 Neustadt\n"
        "Gartenpflege 100,00 EUR\nGesamtbetrag 119,00 EUR"
    )
    assert sender_of(text) == "Weber Gartenbau GmbH"


def test_a_sender_without_a_legal_form_in_a_two_column_header_is_its_name_lines():
    text = (
        "Rechnung Nr. R-17 vom 03.10.2024\nVerkäufer\nName:\nAnschrift:\n"
        "Käufer/Leistungsempfänger\nName:\nAnschrift:\nEUR\nPhysiotherapie\nAnna Berg\n"
        "Musterweg 12\nDE 12345 Neustadt\nLena Fuchs\nRosenstraße 3\nDE 12345 Neustadt\n"
        "Behandlung 26,00\nGesamtbetrag 260,00 EUR"
    )
    assert sender_of(text) == "Physiotherapie Anna Berg"


def test_two_columns_run_together_on_one_line_keep_the_name_left_of_the_recipients_label():
    with_forms = (
        "Kiran Textiles Pvt. Ltd. Bill to: Harbor Retail Inc.\n"
        "12 Mill Road, Surat 395003 45 Pier Street, Boston\nGSTIN 24ABCDE1234F1Z5\n"
        "Tax Invoice No. KT-2291\nInvoice date: 05/03/2024\nYour order: Harbor Retail Inc. PO 7781\n"
        "Total INR 59,000.00"
    )
    assert sender_of(with_forms) == "Kiran Textiles Pvt. Ltd."


def test_a_name_left_of_a_recipients_label_without_a_legal_form():
    without = (
        "Ospedale Civile di Spett.le\nCOMUNE DI BORGO\nVia Roma 1 VIA VERDI 2\n"
        "FATTURA N. 12 del 09/01/2024\nTotale documento: EUR 100,00"
    )
    assert sender_of(without) == "Ospedale Civile"


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (  # Italian FatturaPA: the buyer is the "cessionario", the seller the "cedente"
            "Cessionario/committente\nRossi Arredi S.r.l.\nP.IVA IT09876543210\n"
            "Cedente/prestatore\nVerdi Ricambi S.r.l.\nFattura N. 12 del 09/01/2024\n"
            "Totale documento: EUR 100,00",
            "Verdi Ricambi S.r.l.",
        ),
        (  # Spanish Facturae: "Receptor" and "Emisor"
            "Receptor\nAlba Obras S.L.\nNIF B87654321\nEmisor\nTaller Sur S.L.\n"
            "Factura nº 2024-7\nTotal factura 121,00 €",
            "Taller Sur S.L.",
        ),
        (  # French: the seller after "Émetteur", the buyer unlabelled above it
            "Maison Leroux SARL\nSIRET 987 654 321 00011\nÉmetteur\nAtelier Bleu SAS\n"
            "Facture n° F-2024-3\nTotal TTC 240,00 €",
            "Atelier Bleu SAS",
        ),
    ],
)
def test_the_sellers_and_buyers_labels_in_further_languages(text, issuer):
    assert sender_of(text) == issuer


def test_the_name_beside_an_indian_gstin_is_the_seller():
    text = (
        "Harbor Retail Inc.\n45 Pier Street, Boston\nTax Invoice No. KT-2291\n"
        "Kiran Textiles Pvt. Ltd.\nGSTIN 24ABCDE1234F1Z5\nInvoice date: 05/03/2024\n"
        "Total INR 59,000.00"
    )
    assert sender_of(text) == "Kiran Textiles Pvt. Ltd."


def test_an_article_is_from_the_body_its_authors_mail_domain_names_even_wrapped_after_the_at():
    text = (
        "Quarterly Review • May 2021 7\nFishing Jobs\nAnna Berg\n"
        "This release of NOAF projections is the second since 2019.\n"
        "Anna Berg is an economist at NOAF. Email: berg.anna@\nnoaf.gov.\n"
        "NOAF projects that fishing jobs will fall."
    )
    assert sender_of(text) == "NOAF"


def test_a_product_or_a_desk_is_not_a_public_body_but_an_office_of_something_is():
    product = (
        "Spreadsheet Basics\nMicrosoft Office\nCustomer Service\n"
        "This guide shows how to sum a column and how to sort a table by its second column."
    )
    assert sender_of(product) is None
    office = (
        "Spreadsheet Basics\nOffice of Digital Skills\n"
        "This guide shows how to sum a column and how to sort a table by its second column."
    )
    assert sender_of(office) == "Office of Digital Skills"


# --- the payee, the thanks, the heading beside the name, capitals, the payables desk --------


def test_the_payee_whom_cheques_are_payable_to_is_the_issuer_not_the_first_line():
    text = (
        "Maria Lopez\nAccount Number: 4410-2231\nStatement Date: March 3, 2025\n"
        "Amount Due: $84.20\nPlease pay by March 24, 2025\n"
        "Detach and return this portion. Make checks payable to Lakeside Water Works\n"
        "Maria Lopez\n18 Birch Lane\nSpringfield IL 62704"
    )
    assert sender_of(text) == "Lakeside Water Works"


def test_the_account_holder_of_the_payment_block_outweighs_the_customers_company():
    text = (
        "Rechnung Nr. 2025-031\nRechnungsdatum: 04.02.2025\n"
        "Kunde: Nordlicht Medien GmbH\nHafenweg 2\n24103 Kiel\n"
        "Webdesign Februar 1.200,00 EUR\nGesamtbetrag 1.428,00 EUR\n"
        "Bankverbindung: Sparkasse Kiel\nKontoinhaber: Pixelwerk Studio GmbH\n"
        "IBAN DE12 2105 0170 0000 1234 56"
    )
    assert sender_of(text) == "Pixelwerk Studio GmbH"


def test_a_bare_account_holder_does_not_displace_a_company_with_its_legal_form():
    # a direct debit names the customer's own account: a person's name is weaker evidence
    text = (
        "Kessel Heizungsbau GmbH\nRingstraße 4\n50667 Köln\nRechnung Nr. 88\n"
        "Rechnungsdatum: 01.03.2025\nGesamtbetrag 250,00 EUR\n"
        "Der Betrag wird abgebucht von: Kontoinhaber: Paul Winter"
    )
    assert sender_of(text) == "Kessel Heizungsbau GmbH"


def test_a_label_alone_names_the_beneficiary_on_the_next_line():
    text = (
        "Facture N° F-2025-12\nDate : 12/02/2025\nClient : Atelier Mirabeau\n"
        "8 rue des Lilas\n69003 Lyon\nPain de campagne 40 x 3,50 €\nTarte aux pommes 12 x 33,33 €\n"
        "Total TTC 540,00 €\nBénéficiaire\nBoulangerie Vernet\nIBAN FR76 3000 4000 0500 0012 3456 789"
    )
    assert sender_of(text) == "Boulangerie Vernet"


def test_a_receipt_names_the_business_it_thanks():
    text = (
        "Receipt\n14/05/2025 10:12\n2 x Latte 7.00\nTotal 7.00\n"
        "Thank you for shopping at Harbour Books!"
    )
    assert sender_of(text) == "Harbour Books"


def test_a_receipts_legal_line_after_its_thanks_outweighs_an_operator_named_earlier():
    text = (
        "Filiale 12\nBrotweg 3\n33100 Paderborn\nSumme 12,40\n"
        "Betreiber: Tankdienst Nord SE\nBar 20,00\n"
        "Vielen Dank für Ihren Einkauf!\nFrischmarkt GmbH & Co. KG, Lemgo\n02.03.2025 09:48"
    )
    assert sender_of(text) == "Frischmarkt GmbH & Co. KG"


def test_a_thanks_followed_by_a_farewell_names_nobody():
    text = (
        "Quittung\nFiliale 3\nSumme 5,20 EUR\nVielen Dank für Ihren Einkauf!\n"
        "Auf Wiedersehen\n02.03.2025"
    )
    assert sender_of(text) != "Auf Wiedersehen"


def test_the_letterhead_line_with_the_heading_beside_the_name_names_the_issuer():
    text = (
        "Greenfield Roofing & Gutters INVOICE\n88 Orchard Road, Tacoma, WA 98402\n"
        "BILL TO Invoice No: 1043\nSam Patel Invoice Date: 04/02/25\nTOTAL $980.00"
    )
    assert sender_of(text) == "Greenfield Roofing & Gutters"


@pytest.mark.parametrize(
    "name",
    ["SHREE GANESH TRADERS PRIVATE LIMITED", "KIRAN TEXTILES PVT. LTD.", "ORBITAL SYSTEMS INC."],
)
def test_a_legal_form_in_capitals_is_read_like_its_usual_spelling(name):
    text = (
        f"TAX INVOICE\nInvoice No: GST/24-25/118\nDate: 05/06/2024\n\n"
        f"Grand Total 11,800.00\nGSTIN: 27AAAAA0000A1Z5\nFor {name}\nAuthorised Signatory"
    )
    assert sender_of(text) == name
    assert fold_correspondent(name) in {"shree ganesh traders", "kiran textiles", "orbital systems"}


def test_the_customers_accounts_payable_desk_is_the_addressee():
    text = (
        "INVOICE\nBIGRETAIL LTD\nAccounts Payable\nPO Box 12\nLondon\n"
        "Invoice No 5521\nInvoice Date 03/03/2025\nTotal 180.00\n"
        "Payment details\nSWIFT ABCDGB2L\nBLUEWAVE CONSULTING LIMITED\nIBAN GB00 ABCD 1234 5678 9012 34"
    )
    assert sender_of(text) == "BLUEWAVE CONSULTING LIMITED"


def test_the_foots_legal_line_outweighs_an_unlabelled_addressee_at_the_top():
    # the letterhead is a logo: the issuer's name is only in its foot, beside its register
    text = (
        "Kranich Logistik GmbH\nLagerstraße 9\n28195 Bremen\n"
        "Rechnung Nr. 2025-77\nRechnungsdatum: 03.03.2025\nFracht 500,00 EUR\n"
        "Netto 500,00 EUR\nUSt 19 % 95,00 EUR\nGesamtbetrag 595,00 EUR\n"
        "Zahlbar ohne Abzug innerhalb von 14 Tagen.\n"
        "Seeblick Spedition GmbH · Amtsgericht Kiel HRB 4521 · USt-IdNr. DE123456789"
    )
    assert sender_of(text) == "Seeblick Spedition GmbH"


def test_an_account_name_outside_the_bank_details_is_the_customer():
    text = (
        "Bright Gas & Power\nBill date: 02/04/2025\nAccount Name: Olivia Grant\n"
        "Service address: 4 Elm Row\nYour bill\nTotal amount due $61.40\nDue by 25/04/2025"
    )
    assert sender_of(text) == "Bright Gas & Power"


def test_limited_in_a_shouted_sentence_is_not_a_legal_form():
    text = (
        "CORNER GROCER\nInvoice No. 5521\nInvoice date: 03/03/2025\nMILK CRATES 12.90\n"
        "Total due $12.90\nDOUBLE POINTS FOR A LIMITED TIME ONLY"
    )
    assert sender_of(text) == "CORNER GROCER"


def test_a_hospital_heading_its_bill_in_a_long_line_is_the_issuer():
    text = (
        "Saint Brigid Memorial Hospital of East Lothian\nName: Tom Baker\n"
        "Street Address: 4 Mill Lane\nInvoice No: 7781\nInvoice date: 04/03/2025\n"
        "Consultation 120.00\nTOTAL $120.00"
    )
    assert sender_of(text) == "Saint Brigid Memorial Hospital of East Lothian"


def test_the_receiver_and_consignee_of_a_gst_invoice_are_the_addressee():
    text = (
        "Deccan Packaging Pvt. Ltd.\nTAX INVOICE\nInvoice No: MH/118/24-25\n"
        "Details of Receiver (Billed to)\nPrakash Foods Private Limited\nPlot 7, MIDC\nPune 411019\n"
        "Consignee (Shipped to)\nPrakash Foods Private Limited\nPlot 7, MIDC\nPune 411019\n"
        "Corrugated boxes 1000 x 10.00\nCGST 9% 900.00\nSGST 9% 900.00\nGrand Total 11,800.00"
    )
    assert sender_of(text) == "Deccan Packaging Pvt. Ltd."


def test_a_receipt_from_a_business_without_a_legal_form_names_it():
    text = (
        "Receipt from Juniper Yoga Studio\nReceipt #2231-4410\nDate paid: March 4, 2025\n"
        "Class pass 10 x $12.00\nAmount paid $120.00"
    )
    assert sender_of(text) == "Juniper Yoga Studio"


def test_the_line_the_issuers_mail_domain_spells_beats_an_unlabelled_customer_company():
    text = (
        "Bright Labs\nbilling@brightlabs.io\nInvoice INV-2025-044\nDate of issue: March 3, 2025\n"
        "Northwind Traders Inc.\n500 Pine Street\nSeattle, WA 98101\n"
        "Design retainer $2,000.00\nAmount due $2,000.00"
    )
    assert sender_of(text) == "Bright Labs"
