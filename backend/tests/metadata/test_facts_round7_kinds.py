"""Issue 26, round 7's kinds (bank statements, payslips, letters from authorities, contracts,
filled tax forms): each rule on a short made-up text, in several languages."""

from __future__ import annotations

import datetime as dt

import pytest

from app.metadata.facts import DocumentType, FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts


def facts_of(text: str) -> dict[FactName, object]:
    pages = text.split("\n\n---\n\n")
    return {n: f.value for n, f in extract_facts(pages, detect_language(text)).items()}


# --- bank statements -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Riverside Savings Bank\nP.O. Box 77, Lakeview\nAccount Number: 5566778899\n"
        "Period: 01/03/2024 to 31/03/2024\n"
        "01/03/2024 Opening Balance 1,200.00\n05/03/2024 Card payment grocery 45.10 1,154.90\n"
        "12/03/2024 Salary 2,000.00 3,154.90\n31/03/2024 Closing Balance 3,154.90\n"
        "Total 3,154.90\n",
        "Nordhafen Sparkasse\nKontonummer 123456789\nAbrechnungszeitraum 01.02.2024 - 29.02.2024\n"
        "01.02.2024 Alter Kontostand 850,00 EUR\n03.02.2024 Miete 600,00-\n"
        "15.02.2024 Gehalt 2.100,00\n29.02.2024 Neuer Kontostand 2.350,00 EUR\n"
        "Summe 2.350,00 EUR\n",
    ],
)
def test_a_bank_statement_has_no_total_and_is_dated_at_its_periods_end(text: str) -> None:
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.BANK_STATEMENT
    assert FactName.TOTAL not in facts
    assert facts[FactName.DOCUMENT_DATE] in (dt.date(2024, 3, 31), dt.date(2024, 2, 29))


def test_a_consolidated_statement_with_an_account_summary_is_a_bank_statement() -> None:
    text = (
        "Page 1 of 3 04/05/2023\nHarbour Credit Union\nYour consolidated statement\n"
        "For 04/05/2023\nSummary of your accounts\nCHECKING 77001234 2,410.50\n"
        "Total checking accounts $2,410.50\nSAVINGS 77005678 8,000.00\n"
        "Total savings accounts $8,000.00\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.BANK_STATEMENT
    assert FactName.TOTAL not in facts


def test_an_invoice_with_a_billing_period_keeps_its_own_date() -> None:
    # the period rule only dates a document whose first date is its period
    text = (
        "Stadtwerke Beispielstadt GmbH\nRechnung Nr. 2024-0815 vom 12.04.2024\n"
        "Abrechnungszeitraum: 01.01.2024 - 31.03.2024\n"
        "Strom 300 kWh 96,00 EUR\nGrundpreis 30,00 EUR\nRechnungsbetrag 126,00 EUR\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2024, 4, 12)
    assert FactName.TOTAL in facts


def test_a_date_label_outweighs_a_period_named_above_it() -> None:
    text = (
        "Lakeside Water Ltd\nBilling period: 01/01/2024 to 31/03/2024\nDate: 05/04/2024\n"
        "Water 120 m3 180.00\nStanding charge 20.00\nAmount due 200.00 GBP\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_DATE] == dt.date(2024, 4, 5)


# --- payslips --------------------------------------------------------------------------------


def test_a_payslip_is_dated_on_its_pay_day_not_its_periods_start() -> None:
    text = (
        "Greenfield Council Payroll\nEarnings statement\nPay Begin Date: 03/01/2024\n"
        "Pay End Date: 03/15/2024\nAdvice Date: 03/22/2024\n"
        "Regular 80.00 2,400.00\nFederal tax 310.00\nGross pay 2,400.00\nNet pay 1,890.00\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.PAYSLIP
    assert facts[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 22)


# --- letters from authorities ----------------------------------------------------------------


def test_a_national_insurance_number_does_not_make_a_letter_an_insurance() -> None:
    text = (
        "Regional Benefits Office\n14 Mill Lane, Harton HT1 2AB\n3 June 2024\n"
        "Please quote reference BX44 and your National Insurance number\n"
        "Dear Mr Smith\n"
        "We have looked at your claim again. You need to keep paying National Insurance "
        "contributions until you reach the age we wrote about in our last letter.\n"
        "Your social insurance number stays the same.\nYours sincerely\nClaims Team\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.LETTER


def test_a_salutation_is_never_the_correspondent() -> None:
    text = (
        "2 May 2024\nDear Sir/Madam\n"
        "Thank you for writing to us about the registration of your power of attorney. "
        "We have received the form and will check it within four weeks.\n"
        "Yours faithfully\nRegistration Team\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.LETTER
    assert "Dear" not in str(facts.get(FactName.CORRESPONDENT, ""))


@pytest.mark.parametrize(
    ("closing", "sender"),
    [
        (
            "Yours faithfully,\nCaseworker\nOffice of the Land Registry\n",
            "Office of the Land Registry",
        ),
        ("Mit freundlichen Grüßen\nAmt für Wohnungswesen\n", "Amt für Wohnungswesen"),
        ("Yours sincerely,\nPriya Natarajan\n", "Priya Natarajan"),
    ],
)
def test_a_letter_without_a_letterhead_is_from_who_signs_it(closing: str, sender: str) -> None:
    text = (
        "Dear Sir/Madam\n"
        "We have received your application and the documents you sent with it. We will write "
        "to you again when we have made a decision about it.\n" + closing
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.LETTER
    assert facts[FactName.CORRESPONDENT] == sender


# --- contracts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "date"),
    [
        (
            'This Service Agreement is made as of this 3rd day of March, 2023 ("Effective '
            'Date") by and between Bluewater Analytics Inc., a Delaware corporation, and '
            "Kestrel Foods LLC.",
            dt.date(2023, 3, 3),
        ),
        (
            "This Agreement is entered into as of 1 July 2022 by and between Bluewater "
            "Analytics Inc. and Kestrel Foods LLC.",
            dt.date(2022, 7, 1),
        ),
    ],
)
def test_a_contract_names_its_first_party_and_its_effective_date(
    opening: str, date: dt.date
) -> None:
    text = "SERVICE AGREEMENT\n" + opening + "\n1. Services. The provider shall deliver.\n"
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.CONTRACT
    assert facts[FactName.DOCUMENT_DATE] == date
    assert str(facts[FactName.CORRESPONDENT]).startswith("Bluewater Analytics")


# --- filled tax forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    ["Form 1099-INT Interest Income", "Form W-2 Wage and Tax Statement", "Lohnsteuerbescheinigung"],
)
def test_a_filled_tax_form_is_a_tax_document(heading: str) -> None:
    text = (
        "PAYER'S name, street address\nMaple Street Savings\n"
        + heading
        + "\nRECIPIENT'S name\nJane Roe\n1 Interest income $ 412.08\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.TAX


@pytest.mark.parametrize(
    ("label", "payer", "street"),
    [
        ("PAYER'S name, street address, city or town, and ZIP", "Orchard Lane Bank", "44 Elm Road"),
        ("Employer's name, address, and ZIP code", "Hill, Stone and Partners", "900 Quarry Way"),
        ("Arbeitgeber (Name, Anschrift)", "Rheinufer Maschinenbau GmbH", "Hafenstraße 12"),
    ],
)
def test_a_filled_tax_form_is_from_its_payer_not_the_tax_office(
    label: str, payer: str, street: str
) -> None:
    text = (
        "CORRECTED\n" + label + "\n1a Total ordinary dividends\nOMB No. 1545-0110\n"
        "Dividends and\nDistributions\n" + payer + "\n" + street + "\nSpringfield, OR 97001\n"
        "Form 1099-DIV\nRECIPIENT'S name\nJohn Q. Public\n"
        "Department of the Treasury - Internal Revenue Service\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.TAX
    assert facts[FactName.CORRESPONDENT] == payer


@pytest.mark.parametrize(
    ("head", "bank"),
    [
        (
            "JANE DOE\n12 Oak Street\nHarbour Credit Union\nAccount summary\n",
            "Harbour Credit Union",
        ),
        ("MAX MUSTERMANN\nSparkasse Nordhafen\nKontoauszug\n", "Sparkasse Nordhafen"),
        ("Banca Popolare di Valtorta\nEstratto conto\nMARIO ROSSI\n", "Banca Popolare di Valtorta"),
        ("LAKEVIEW Bank Statement\nJohn Smith\nAccount summary\n", "LAKEVIEW Bank"),
    ],
)
def test_a_bank_statement_is_from_the_bank_it_names_not_its_account_holder(
    head: str, bank: str
) -> None:
    text = head + (
        "Period: 01.03.2024 - 31.03.2024\n01.03.2024 Opening Balance 1.200,00\n"
        "12.03.2024 Transfer 2.000,00 3.200,00\n31.03.2024 Closing Balance 3.200,00\n"
    )
    facts = facts_of(text)
    assert facts[FactName.DOCUMENT_TYPE] is DocumentType.BANK_STATEMENT
    assert facts[FactName.CORRESPONDENT] == bank
