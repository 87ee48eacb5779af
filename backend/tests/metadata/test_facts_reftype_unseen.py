"""The document type and the reference on layouts met on no corpus document yet: a bill that
names no kind, a debit note, a payslip's words that end in "-abrechnung", receipts by other
names. Each rule on a short made-up text."""

from __future__ import annotations

import pytest

from app.metadata.facts import DocumentType, FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts


def facts_of(text: str) -> dict[FactName, object]:
    return {n: f.value for n, f in extract_facts([text], detect_language(text)).items()}


# --- type --------------------------------------------------------------------------------------


def test_an_amount_to_pay_and_a_number_to_quote_make_a_bill_with_no_kind_named():
    text = (
        "Brightline Mobile Inc.\n1 Main St, Austin, TX 78701\n\nBilling statement\n"
        "Account No. 99887766\nService period March 2024\nTotal amount due $45.00\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE
    assert facts[FactName.REFERENCE] == "99887766"


def test_a_total_without_a_number_or_a_to_pay_label_names_no_bill():
    # an amount to pay alone (no number to quote) stays without a kind
    text = "Oakridge Garden Club\n\nSpring meeting\nPlease bring a plate.\nAmount due $5.00\n"
    assert FactName.DOCUMENT_TYPE not in facts_of(text)


@pytest.mark.parametrize(
    "head",
    ["Debit Note", "Note de débit", "Nota de débito", "Nota di debito", "Debetnota"],
)
def test_a_debit_note_is_an_invoice(head: str):
    text = f"Northwind Traders Ltd\n\n{head}\nNo. DN-2024-44\nDate 03.04.2024\nTotal 500,00 €\n"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


@pytest.mark.parametrize("head", ["Entgeltabrechnung März 2024", "Verdienstabrechnung 03/2024"])
def test_a_german_payslips_abrechnung_is_no_invoice_and_its_personnel_number_no_reference(
    head: str,
):
    text = (
        f"Beispiel Werke GmbH\nIndustriestr. 3, 12345 Musterstadt\n\n{head}\n"
        "Personalnummer 00412\nBruttobezüge 3.000,00\nNettobezüge 2.000,00\n"
        "Auszahlungsbetrag 2.000,00 €\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.PAYSLIP
    assert FactName.REFERENCE not in facts


def test_a_utility_bills_abrechnung_stays_an_invoice():
    text = (
        "Stadtwerke Beispielstadt\n\nNebenkostenabrechnung 2023\nRechnungsnummer 4471-23\n"
        "Nachzahlung 119,00 €\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


@pytest.mark.parametrize(
    ("head", "total"),
    [("Zahlungsbeleg", "Betrag 12,00 EUR"), ("Quittance de loyer", "Montant 650,00 €")],
)
def test_a_payment_slip_and_a_rent_receipt_are_receipts(head: str, total: str):
    text = f"Beispiel Handel GmbH\n\n{head}\nDatum: 03.04.2024\n{total}\n"
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT


# --- reference ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Assicurazioni Alpina S.p.A.\nPolizza n. 98765432\nPremio annuo 312,00 €\n", "98765432"),
        ("Seguros Norte S.A.\nPóliza nº 4711-22\nPrima anual 312,00 €\n", "4711-22"),
        ("Verzekeringen Noord N.V.\nPolis nr. 55-12345\nPremie € 312,00\n", "55-12345"),
        (
            "Beispiel Handel GmbH\nRechnung\nRechnungs-ID: RE-2024-0042\nGesamt 119,00 €\n",
            "RE-2024-0042",
        ),
    ],
)
def test_policy_and_invoice_id_labels_in_more_languages(text: str, number: str):
    assert facts_of(text)[FactName.REFERENCE] == number


def test_a_receipts_hash_mark_before_a_number_that_opens_with_a_letter():
    text = "Juniper Coffee Co.\nReceipt #A1B2C3\nLatte 4.50\nTotal $4.50\nVisa ****1234\n"
    assert facts_of(text)[FactName.REFERENCE] == "A1B2C3"


def test_a_number_in_a_header_rows_column_is_never_joined_with_the_next_cell():
    text = (
        "Beispiel Handel GmbH\nMusterstraße 1, 12345 Musterstadt\nRechnung\n"
        "Rechnungsdatum Rechnungsnummer Kundennummer\n03.03.2024 4711 10022\n"
        "Gesamt 119,00 €\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "4711"


@pytest.mark.parametrize(
    "text",
    [
        "PIZZERIA VESUVIO\nVia Roma 1, Milano\nMARGHERITA 7,00\nACQUA 2,00\nTOTALE EURO 9,00\n"
        "CONTANTE 10,00\nRESTO 1,00\n",
        "BOULANGERIE DU PONT\n2 BAGUETTE 2,40\nCROISSANT 1,10\nTOTAL 3,50 EUR\nCB 3,50\n",
        "SUPERMERCADO LUNA S.A.\nPAN 1,20\nLECHE 0,95\nTOTAL (€) 2,15\nTARJETA BANCARIA 2,15\n",
        "BÄCKEREI KORN\n2x Brötchen 0,80\nSUMME EUR 3,30\nGEGEBEN BAR 5,00\nZURÜCK 1,70\n",
    ],
)
def test_a_tills_payment_line_makes_a_receipt_without_the_word(text: str):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT


@pytest.mark.parametrize(
    "text",
    [
        "NetCloud GmbH\nKundennummer: 4411\nLeistungszeitraum 01.03.2024 - 31.03.2024\n"
        "Server M 12,00\nMwSt 19 % 2,28\nGesamtbetrag 14,28 €\n",
        "Fournisseur Exemple SAS\nDate : 03/03/2024\nClient : Durand\nPrestation 100,00\n"
        "TVA 20% 20,00\nTotal TTC 120,00 €\nConditions de paiement : 30 jours\n",
        "Consultoría Pérez\nCliente: Ejemplo S.L.\nFecha: 03/03/2024\nServicios 1.000,00\n"
        "IVA 21% 210,00\nIRPF -15% -150,00\nTotal 1.060,00 €\n",
        "Studio Bianchi\nData: 03/03/2024\nCompenso 1.000,00\nIVA 22% 220,00\n"
        "Totale 1.220,00 €\nPagamento: bonifico entro 30 giorni\n",
        "Web Studio Ltd\nDate: 3 March 2024\nWebsite design £1,200.00\nTotal £1,200.00\n"
        "Payment terms: 14 days\n",
    ],
)
def test_a_bills_terms_make_an_invoice_without_the_word(text: str):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_a_doctors_private_bill_is_an_invoice():
    text = (
        "Dr. med. Klaus Beispiel\nPrivatliquidation\nPatient: Max Muster\n"
        "Behandlung am 03.03.2024\nBeratung 10,72\nUntersuchung 10,72\nSumme 21,44 €\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Acme Web Ltd\nInvoice Nurnber: INV-4711\nTotal £10.00\n", "INV-4711"),
        ("Beispiel GmbH\nRechnung\nRechnungsnumrner: 4711\nGesamt 119,00 €\n", "4711"),
        ("Acme Web Ltd\nInvoice N0. INV-4711\nTotal £10.00\n", "INV-4711"),
        ("Exemple SAS\nFacture N* F4711\nTotal TTC 10,00 €\n", "F4711"),
        ("Acme Web Ltd\nInvoice No.: *2024-17*\nTotal £10.00\n", "2024-17"),
    ],
)
def test_a_number_label_as_ocr_misreads_it(text: str, number: str):
    # rn read for m, a zero for the o of "No", an asterisk for the degree sign, a lone
    # emphasis mark around the value
    assert facts_of(text)[FactName.REFERENCE] == number


def test_a_hospitals_statement_with_an_amount_to_pay_is_its_bill():
    text = (
        "Riverside General Hospital\nPatient statement\nPatient name: John Doe\n"
        "Account number 445566\nDate of service 03/03/2024\nTotal charges $450.00\n"
        "Insurance payments -$300.00\nAmount due $150.00\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_a_discharge_summary_without_an_amount_stays_medical():
    text = (
        "Riverside General Hospital\nDischarge summary\nPatient name: John Doe\n"
        "Diagnosis: appendicitis\nMedication: none\nFollow-up with your GP in two weeks.\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.MEDICAL


@pytest.mark.parametrize(
    "text",
    [
        "Cabinet Exemple\nMadame Durand\n12 rue des Lilas\n75001 Paris\nParis, le 03/03/2024\n"
        "Madame,\nVeuillez trouver ci-dessous le détail de nos honoraires pour la mission.\n"
        "Honoraires 1.000,00 €\nTVA 20 % 200,00 €\nTotal TTC 1.200,00 €\n"
        "Nous vous prions d'agréer, Madame, nos salutations distinguées.\n",
        "Studio Legale Esempio\nEgregio Sig. Rossi,\ncon la presente Le trasmettiamo la "
        "parcella per l'attività svolta.\nOnorario 1.000,00\nIVA 22% 220,00\n"
        "Totale 1.220,00 €\nDistinti saluti\n",
    ],
)
def test_a_letter_that_charges_tax_at_a_rate_is_a_bill(text: str):
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.INVOICE


def test_a_letter_that_quotes_an_amount_without_tax_stays_a_letter():
    text = (
        "Riverside Housing Association\n3 March 2024\nDear Mr Jones,\n"
        "Your rent will change from 1 April 2024.\nNew weekly rent £120.00\n"
        "Please contact us if you have any questions.\nYours sincerely,\nJane Smith\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.LETTER


@pytest.mark.parametrize(
    ("line", "number"),
    [("SCONTRINO N. 42", "42"), ("Transactie 0042", "0042")],
)
def test_a_small_tills_receipt_number(line: str, number: str):
    text = f"BAR ESEMPIO\nCAFFE 1,20\nTOTALE EURO 1,20\nCONTANTE 2,00\nRESTO 0,80\n{line}\n"
    assert facts_of(text)[FactName.REFERENCE] == number


def test_a_two_digit_count_after_a_receipt_word_without_a_number_word_is_no_number():
    text = "BAR ESEMPIO\nCAFFE 1,20\nTOTALE EURO 1,20\nCONTANTE 2,00\nRESTO 0,80\nBon 12\n"
    assert FactName.REFERENCE not in facts_of(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (
            "Sparkasse Beispielstadt\nKontoauszug 3/2024\nKonto 1234567890\n"
            "Alter Kontostand 1.000,00\nNeuer Kontostand 960,05\n",
            "1234567890",
        ),
        (
            "Banque Exemple\nRELEVÉ DE COMPTE\nCompte n° 12345678901\nAncien solde 1.000,00\n"
            "Nouveau solde 915,50\n",
            "12345678901",
        ),
        (
            "Banca Esempio\nEstratto conto\nConto corrente n. 000123456789\n"
            "Saldo iniziale 1.000,00\nSaldo finale 915,50\n",
            "000123456789",
        ),
        (
            "Harbour Savings Bank\nSummary of your accounts\nCHECKING 008669178271 7,601.54\n"
            "Opening balance $7,000.00\nClosing balance $7,601.54\n",
            "008669178271",
        ),
        (
            "Card Services Inc.\nCredit Card Statement\nAccount ending in 4321\n"
            "New balance $500.00\nMinimum payment due $25.00\n",
            "4321",
        ),
    ],
)
def test_a_statements_account_number_by_the_short_labels_banks_print(text: str, number: str):
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.BANK_STATEMENT
    assert facts[FactName.REFERENCE] == number


def test_a_bills_bank_details_are_never_its_reference():
    text = (
        "Beispiel Handel GmbH\nRechnung\nGesamt 119,00 €\n"
        "Bankverbindung: Beispielbank, Konto 1234567890, BLZ 10020030\n"
    )
    assert FactName.REFERENCE not in facts_of(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "BANQUE EXEMPLE\nRELEVE DE COMPTE\nCompte n° 12345678901\n01/03 PRLV EAU 84,50\n"
            "02/03 CB EPICERIE 20,00\n",
            DocumentType.BANK_STATEMENT,
        ),
        ("EMPRESA EJEMPLO SL\nNOTA DE CREDITO\nNº NC-12\nTOTAL -12,10 €\n", DocumentType.INVOICE),
        (
            "CAFE DU COIN\nRECU\n2 CAFE 4,00\nTOTAL 4,00 €\nESPECES 5,00\nRENDU 1,00\n",
            DocumentType.RECEIPT,
        ),
    ],
)
def test_a_kinds_word_printed_without_its_accents(text: str, kind: DocumentType):
    facts = extract_facts([text], detect_language(text))
    assert facts[FactName.DOCUMENT_TYPE].value is kind
    # the quote stays the page's own text
    assert facts[FactName.DOCUMENT_TYPE].quote in text
