"""Rules from round 11's fresh batch of documents (its tune half): a "Biller" block, a due
date asked for "d'ici le", a template's number of zeros, a number's label at a sentence's end
over a bank line. Every text here is made up for the rule it pins."""

from __future__ import annotations

import datetime as dt

from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts


def facts_of(text: str) -> dict[FactName, object]:
    found = extract_facts(text.split("\n\n---\n\n"), detect_language(text))
    return {name: fact.value for name, fact in found.items()}


def test_the_name_under_biller_is_the_sender_not_a_date_label():
    text = (
        "Invoice\nInvoice ID: 2024-06-03_2\nIssuing Date: 2024-06-03\nDelivery Date: 2024-06-01\n"
        "Biller\nMarta Kowalski\nIllustrator\nHarbour Lane 4, 2100 Seaview\nTax ID Number: SV998877\n"
        "Invoice Recipient\nNorthwind Books\nMarket Street 9, 2100 Seaview\n"
        "Items\n1 2024-05-28 Cover artwork 450.00\nTotal amount: 450.00 $\n"
        "Please transfer the money onto following bank account due to 2024-06-17:"
    )
    assert facts_of(text)[FactName.CORRESPONDENT] == "Marta Kowalski"


def test_a_french_bill_asking_to_pay_by_a_day_gives_its_due_date():
    text = (
        "Facture\nFacture N°: F-2024-031\nDate d'émission: 2024-05-02\nÉmetteur\nAtelier Brune\n"
        "12 rue des Lilas\n69001 Lyon\nTotal: 1 200,00 €\n"
        "Merci de régler d’ici le 2024-05-31 par virement au compte bancaire suivant:"
    )
    found = facts_of(text)
    assert found[FactName.DUE_DATE] == dt.date(2024, 5, 31)
    assert found[FactName.DOCUMENT_DATE] == dt.date(2024, 5, 2)


def test_a_templates_number_of_zeros_is_no_reference():
    text = (
        "FACTUUR\nVereniging De Linde vzw\nFactuurnummer Klantennummer Factuurdatum\n"
        "0000 0000 0000\nTotaal (incl. BTW) 120,00 EUR"
    )
    assert FactName.REFERENCE not in facts_of(text)
    numbered = text.replace("0000 0000 0000", "2024-117 K-0042 12.03.2024")
    assert facts_of(numbered)[FactName.REFERENCE] == "2024-117"


def test_a_bank_lines_last_digits_are_no_number_for_a_label_ending_the_line_above():
    text = (
        "FACTUUR\nVereniging De Linde vzw\nTotaal (incl. BTW) 120,00 EUR\n"
        "Gelieve te betalen op onderstaande rekening met vermelding van factuurnummer.\n"
        "IBAN BE35 7370 1880 7737\nBIC KREDBEBB"
    )
    assert FactName.REFERENCE not in facts_of(text)
