"""More totals as invoices and till receipts print them: an amount paid in parentheses, a
restaurant bill's total with its tip, a credit note's own total label, a subtotal's word split
in two, a till's short card words, and a US address without its comma. Every text here is
made up for the rule it pins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.metadata.facts import FactName, Total
from app.metadata.language import date_order, detect_language
from app.metadata.local_currency import fallback_currency
from app.metadata.local_facts import extract_facts


def facts_of(text: str) -> dict[FactName, object]:
    found = extract_facts(text.split("\n\n---\n\n"), detect_language(text))
    return {name: fact.value for name, fact in found.items()}


def total_of(text: str) -> Total | None:
    return facts_of(text).get(FactName.TOTAL)  # type: ignore[return-value]


def test_an_amount_paid_in_parentheses_is_what_was_paid_not_a_refund():
    text = (
        "INVOICE\nSkyline Hosting Inc.\nInvoice Date: Feb 3, 2024\n"
        "VPS plan $24.00\nSubtotal $24.00\nTotal $24.00\n"
        "Amount Paid ($24.00)\nBalance Due $0.00"
    )
    assert total_of(text) == Total(Decimal("24.00"), "USD")
    german = "Rechnung\nNetzwerk Süd GmbH\nGesamtbetrag 24,00 €\nBezahlt -24,00 €\nOffen 0,00 €"
    assert total_of(german) == Total(Decimal("24.00"), "EUR")


def test_a_credit_notes_paid_back_amount_stays_negative():
    text = "CREDIT NOTE\nSkyline Hosting Inc.\nRefund VPS plan $24.00\nAmount Paid ($24.00)"
    assert total_of(text) == Total(Decimal("-24.00"), "USD")


@pytest.mark.parametrize(
    ("total_line", "tip_line", "with_tip"),
    [
        ("Total $29.40", "Tip $5.00", "Total with tip $34.40"),
        ("Summe 29,40 €", "Trinkgeld 5,00 €", "Gesamt inkl. Trinkgeld 34,40 €"),
        ("Total 29,40 €", "Pourboire 5,00 €", "Total avec pourboire 34,40 €"),
        ("Total 29,40 €", "Propina 5,00 €", "Total con propina 34,40 €"),
        ("Totaal € 29,40", "Fooi € 5,00", "Totaal met fooi € 34,40"),
    ],
)
def test_a_restaurant_bills_total_with_the_tip_is_what_was_paid(total_line, tip_line, with_tip):
    # the total before the tip is net + tax, which the arithmetic alone would favour
    text = (
        f"Trattoria Lume\nTisch 4 22.03.2024 20:14\nPasta 18,00\nWein 9,00\n"
        f"Subtotal 27,00\nTax 2,40\n{total_line}\n{tip_line}\n{with_tip}"
    )
    total = total_of(text)
    assert total is not None and total.amount == Decimal("34.40")


@pytest.mark.parametrize(
    ("heading", "label", "amount"),
    [
        ("Gutschrift", "Gutschriftsbetrag 35,70 €", "35.70"),  # printed sign: self-billing
        ("CREDIT NOTE", "Total credit £35.70", "-35.70"),
        ("AVOIR", "Montant de l'avoir 35,70 €", "-35.70"),
        ("Nota di credito", "Totale nota di credito 35,70 €", "-35.70"),
        ("Creditnota", "Creditbedrag € 35,70", "-35.70"),
    ],
)
def test_a_credit_notes_own_total_label(heading, label, amount):
    text = f"{heading}\nElektro Nord\nNr. 2024-3\nDatum: 10.04.2024\nKabel 30,00\nVAT 5,70\n{label}"
    total = total_of(text)
    assert total is not None and total.amount == Decimal(amount)


def test_a_subtotal_split_in_two_words_is_no_total():
    # "SUB TOTAL" is the items' sum; the total is cash handed over less the change
    text = (
        "Dollar Corner\nITEM A 1.00\nITEM B 2.00\nSUB TOTAL 3.00\nSALES TAX 0.25\n"
        "BALANCE 3.25\nCASH $5.00\nCHANGE 1.75"
    )
    assert total_of(text) == Total(Decimal("3.25"), "USD")


@pytest.mark.parametrize("card", ["EC 5,00 EUR", "CB 5,00 EUR", "PINNEN 5,00 EUR"])
def test_a_tills_short_card_word_says_what_was_paid(card):
    # the total's label is lost; the card line says what was paid
    text = f"Bioladen\nApfel 1,20\nBirne 1,50\nSaft 2,30\n~~~~ 5,00\n{card}\n03.04.2024 15:10"
    assert total_of(text) == Total(Decimal("5.00"), "EUR")


def test_a_us_address_without_its_comma_says_dollars_and_month_first():
    text = (
        "CORNER DRUGS\n1200 MAIN ST\nCHICAGO IL 60601\nSHAMPOO 5.99\nVITAMINS 12.49\n"
        "SUBTOTAL 18.48\nTAX 1.89\nTOTAL 20.37\nVISA 20.37\n03/07/2024 4:22 PM"
    )
    assert fallback_currency(text, "en") == "USD"
    assert date_order("en", text) == "MDY"
    found = facts_of(text)
    assert found[FactName.TOTAL] == Total(Decimal("20.37"), "USD")
    assert found[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 7)
    # a word in capitals before two capitals and five digits elsewhere is no US address
    assert fallback_currency("Kunde Nr 12345\nLOT IN 12345 Stück", "en") is None


@pytest.mark.parametrize(
    ("debit_line", "due"),
    [
        ("Fecha de cargo: 20/03/2024", dt.date(2024, 3, 20)),
        (
            "Wij schrijven dit bedrag op of rond 20 maart 2024 af van uw rekening.",
            dt.date(2024, 3, 20),
        ),
        ("The amount will be debited from your account on 20/03/2024.", dt.date(2024, 3, 20)),
        ("Data de débito: 20/03/2024", dt.date(2024, 3, 20)),
    ],
)
def test_a_direct_debits_day_is_the_due_date(debit_line, due):
    text = f"Energia Sol S.A.\nFactura FE-1\nFecha: 05/03/2024\nTotal 67,42 €\n{debit_line}"
    found = facts_of(text)
    assert found[FactName.DUE_DATE] == due
    assert found[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "date_line", ["7 mars 2024 12:31", "07 MRZ 2024 12:31", "07 marzo 2024 ore 12:31"]
)
def test_a_month_name_on_a_short_receipt_taken_for_english(date_line):
    # too few words to tell the language: the month's name is read in the language it is in
    text = f"SHOP XYZ\nBread 1.20\nTOTAL EUR 1.20\nCARD EUR 1.20\n{date_line}"
    assert facts_of(text)[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 7)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Total Fr. 80.–", Total(Decimal("80.00"), "CHF")),
        ("Total SFr. 80.-", Total(Decimal("80.00"), "CHF")),
        ("Gesamtbetrag 80,– €", Total(Decimal("80.00"), "EUR")),
        ("Gesamtbetrag 80,-- EUR", Total(Decimal("80.00"), "EUR")),
    ],
)
def test_a_whole_amount_with_a_dash_for_its_cents(line, expected):
    text = f"Velo Service Meier\nQuittung\nDatum 12.03.2024\nReparatur\n{line}"
    assert total_of(text) == expected


def test_fr_before_a_date_or_a_name_is_no_currency():
    from app.metadata.language import find_amounts

    assert find_amounts("Termin Fr. 12.03.2024") == []
    assert [a.currency for a in find_amounts("Fr. Müller 12,50 €")] == ["EUR"]


@pytest.mark.parametrize(
    "balance", ["Balance to pay £900.00", "Outstanding balance £900.00", "Noch zu zahlen 900,00 £"]
)
def test_the_balance_left_after_a_deposit_is_the_amount_to_pay(balance):
    text = "Anna Photography\nInvoice 2024-3\nDate: 12 March 2024\nPackage £1,200.00\n"
    text += f"Less deposit paid -£300.00\n{balance}"
    assert total_of(text) == Total(Decimal("900.00"), "GBP")


@pytest.mark.parametrize(
    ("header", "row", "gross"),
    [
        ("Imponibile IVA Totale", "100,00 22,00 122,00", "122.00"),
        ("| Net | VAT | Gross |", "| 100.00 | 20.00 | 120.00 |", "120.00"),
        ("Taux HT TVA TTC", "20 % 100,00 20,00 120,00", "120.00"),
    ],
)
def test_a_tax_summary_tables_gross_when_no_line_names_a_total(header, row, gross):
    text = (
        f"Kappa Solutions\nInvoice 88\nDate 12/03/2024\n{header}\n{row}\n"
        "IBAN IT60X0542811101000000123456"
    )
    assert total_of(text) == Total(Decimal(gross), "EUR")
    # a row that does not add up is no tax table's
    wrong = text.replace(row, row.replace("0,00 2", "0,00 9").replace("0.00 | 2", "0.00 | 9"))
    assert total_of(wrong) is None


def test_a_tax_summary_table_of_one_row_a_rate_adds_its_rows_grosses():
    """A till's tax table prints one row per rate; with no total label left (OCR misread
    it), the amount paid is the rows' grosses added up, not the first row's."""
    text = (
        "Markthalle Süd\nBrot 2,40 A\nWein 6,90 B\nKäse 3,10 A\nXU ZAHLN EUR 12,40\n"
        "Satz Netto MwSt Brutto\nA 7,00% 5,14 0,36 5,50\nB 19,00% 5,80 1,10 6,90\n"
        "Vielen Dank für Ihren Einkauf"
    )
    assert total_of(text) == Total(Decimal("12.40"), "EUR")
    # a totals row under the rates' rows is that sum already: never added to it
    summed = text.replace("Vielen Dank", "10,94 1,46 12,40\nVielen Dank")
    assert total_of(summed) == Total(Decimal("12.40"), "EUR")


def test_a_uk_vat_number_without_its_prefix_says_pounds():
    text = "Corner Café\nVAT No 123 4567 89\nCoffee 2.50\nTotal 2.50\nCard 2.50\n07/03/2024 08:12"
    assert fallback_currency(text, "en") == "GBP"
    assert total_of(text) == Total(Decimal("2.50"), "GBP")
    # other digit groups are no UK VAT number
    assert fallback_currency("Corner Café\nVAT No 12 345 678\nTotal 2.50", "en") is None


@pytest.mark.parametrize(
    ("heading", "order_label", "issue_label"),
    [
        ("Fatura\nEmpresa Exemplo Lda.", "Data de encomenda", "Data da fatura"),
        ("Fatura\nEmpresa Exemplo Lda.", "Data de entrega", "Data de emissão"),
        ("Factura\nEmpresa Ejemplo S.L.", "Fecha de pedido", "Fecha de expedición"),
        ("Factura\nEmpresa Ejemplo S.L.", "Fecha de entrega", "Fecha emisión"),
        ("Fattura\nDitta Esempio S.r.l.", "Data ordine", "Data documento"),
        ("Invoice\nExample Ltd", "Ship date", "Date"),
    ],
)
def test_the_issue_date_over_an_order_or_delivery_date_above_it(heading, order_label, issue_label):
    text = f"{heading}\n{order_label}: 01/03/2024\n{issue_label}: 05/03/2024\nTotal 100,00 €"
    assert facts_of(text)[FactName.DOCUMENT_DATE] == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Payment deadline"),
        ("fr", "Payable le"),
        ("nl", "Betalen vóór"),
        ("pt", "Pagar até"),
    ],
)
def test_more_due_labels(language, label):
    text = f"Invoice\nAcme Ltd\nDate: 05/03/2024\nTotal 120,00 €\n{label}: 04/04/2024"
    found = extract_facts([text], language)
    assert found[FactName.DUE_DATE].value == dt.date(2024, 4, 4)


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Amount to pay"), ("pt", "Total (IVA incluído)")]
)
def test_more_total_labels(language, label):
    text = (
        "Acme Ltd\nDate: 05/03/2024\nItem A 60,00 €\nItem B 40,00 €\nSubtotal 100,00 €\n"
        f"VAT 20% 20,00 €\n{label} 120,00 €"
    )
    found = extract_facts([text], language)
    assert found[FactName.TOTAL].value == Total(Decimal("120.00"), "EUR")


def test_a_portuguese_totals_box_ending_in_valor_gives_the_total():
    """ "Valor" is Portuguese and Spanish for "amount", as "Betrag", "montant" and "bedrag"
    are: the last line of a totals box whose first label OCR ran together."""
    text = (
        "PAPELARIA AVENIDA LDA.\nFATURA\nData da Emissão: 04/05/2021\n"
        "Código Descrição QT. Preço Unitário IVA Valor\n"
        "P100 Cadernos 4 2,50€ 0,00€ 10,00€\nP200 Canetas 10 0,80€ 0,00€ 8,00€\n"
        "TOTALLIQUIDO 18,00€\nIVA 4,14€\nVALOR 22,14€\nObrigado pela preferência"
    )
    assert total_of(text) == Total(Decimal("22.14"), "EUR")


@pytest.mark.parametrize(
    "line",
    [
        "Gesamt inkl. 19,00% MwSt 119,00 €",
        "Gesamtbetrag (19,00 % MwSt.) 119,00 €",
        "Total (incl. 19.00% VAT) €119.00",
    ],
)
def test_a_tax_rate_with_decimals_inside_a_total_label_is_no_amount(line):
    """A rate printed with its decimals ("19,00%") parses like an amount; on a total's line
    it stood first after the label and was taken for the total."""
    text = f"Lindenhof Werkstatt GmbH\nRechnung 2024-17\nReparatur 100,00 €\n{line}"
    assert total_of(text) == Total(Decimal("119.00"), "EUR")


@pytest.mark.parametrize(
    "other",
    [
        "Total Qty 250.00",
        "Total weight 250.50 kg",
        "Gesamt Stunden 250,00",
        "Total savings £250.00",
        "Total paid to date £2,500.00",
        "Year to date total £2,500.00",
    ],
)
def test_a_total_of_something_other_than_the_bills_money_is_no_total(other):
    """A total of a quantity, a weight, hours or savings, or a running total of the year,
    outweighed the bill's total by its size."""
    text = f"Acme Ltd\nInvoice 7\nDate 01/02/2024\nConsulting £100.00\nTotal £100.00\n{other}"
    assert total_of(text) == Total(Decimal("100.00"), "GBP")


def test_a_count_of_items_before_the_word_is_a_receipts_total():
    text = "Corner Shop\nVAT No 123 4567 89\nMilk £1.20\nBread £1.30\nTOTAL (2 items) £2.50"
    assert total_of(text) == Total(Decimal("2.50"), "GBP")
