"""Facts from an e-invoice's XML (`app.metadata.local_einvoice`): taken where a page prints
them, quoted from the line that does, over what the rules read; left to the rules where no
page prints them. Every text here is made up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.domain import EInvoice, LayoutHints
from app.metadata.facts import FactName, Total
from app.metadata.language import detect_language
from app.metadata.local_correspondent_known import SenderMemory
from app.metadata.local_einvoice import NOTE
from app.metadata.local_facts import extract_facts

PAGE = (
    "Kundenservice: Tischlerei Nord\n"
    "Rechnung\nKundennummer 88123\nHamburg, 02.11.2024 / 2024-0815\n"
    "Regal Eiche 1 Stk 121,00 €\nSumme netto 100,00 €\nUSt 19 % 21,00 €\n"
    "Zu zahlen: 121,00 €\nzahlbar bis 30. November 2024\n"
    "Tischlerei Nord GmbH · Hafenweg 3 · 20457 Hamburg · USt-IdNr. DE123456789"
)
XML = EInvoice(
    number="2024-0815",
    issued=dt.date(2024, 11, 2),
    seller="Tischlerei Nord GmbH",
    total=Decimal("121.00"),
    currency="EUR",
    due=dt.date(2024, 11, 30),
)


def facts(page: str, invoice: EInvoice | None, memory: SenderMemory | None = None):
    layout = LayoutHints(e_invoice=invoice)
    return extract_facts([page], detect_language(page), layout, memory)


def test_each_value_the_page_prints_is_taken_and_quoted_from_its_line():
    found = facts(PAGE, XML)
    assert found[FactName.REFERENCE].value == "2024-0815"
    assert found[FactName.REFERENCE].quote == "Hamburg, 02.11.2024 / 2024-0815"
    assert found[FactName.DOCUMENT_DATE].value == dt.date(2024, 11, 2)
    assert found[FactName.DUE_DATE].value == dt.date(2024, 11, 30)
    assert found[FactName.DUE_DATE].quote == "zahlbar bis 30. November 2024"
    assert found[FactName.CORRESPONDENT].value == "Tischlerei Nord GmbH"
    # the last line printing the amount: the amount to pay, not the item of the same price
    assert found[FactName.TOTAL].value == Total(Decimal("121.00"), "EUR")
    assert found[FactName.TOTAL].quote == "Zu zahlen: 121,00 €"
    assert all(
        f.confidence == 0.95 and f.page == 1 and f.note == NOTE
        for k, f in found.items()
        if k != FactName.DOCUMENT_TYPE
    )
    # what the rules read has no note: the page alone says it
    assert found[FactName.DOCUMENT_TYPE].note is None


def test_the_xml_wins_over_the_rules_reading():
    """The rules take the customer number for the reference here (the invoice's own number
    stands without a label); the XML says which number is the invoice's."""
    rules = facts(PAGE, None)
    assert rules[FactName.REFERENCE].value == "88123"
    assert facts(PAGE, XML)[FactName.REFERENCE].value == "2024-0815"


def test_a_value_no_page_prints_is_left_to_the_rules():
    other = EInvoice(
        number="A-999",
        issued=dt.date(2023, 1, 1),
        seller="Elsewhere Trading Ltd",
        total=Decimal("5.00"),
        currency="EUR",
    )
    assert facts(PAGE, other) == facts(PAGE, None)
    # a number printed only inside a longer one is not printed
    inside = EInvoice(number="2024-08")
    assert facts(PAGE, inside)[FactName.REFERENCE].value != "2024-08"


def test_a_sender_the_person_set_stays_theirs():
    memory = SenderMemory(senders=("Tischlerei Nord",))
    found = facts(PAGE, XML, memory)
    assert found[FactName.CORRESPONDENT].value == "Tischlerei Nord"
    assert found[FactName.REFERENCE].value == "2024-0815"  # the rest still from the XML


def test_a_credit_notes_total_is_negative_whether_or_not_its_page_prints_the_minus():
    page = PAGE.replace("Rechnung\n", "Gutschrift\n").replace(
        "Zu zahlen: 121,00 €", "Gutschriftsbetrag: 121,00 €"
    )
    credit = EInvoice(number="2024-0815", total=Decimal("-121.00"), currency="EUR")
    total = facts(page, credit)[FactName.TOTAL]
    assert total.value == Total(Decimal("-121.00"), "EUR")
    assert total.quote == "Gutschriftsbetrag: 121,00 €"
    minus = page.replace("Gutschriftsbetrag: 121,00 €", "Gutschriftsbetrag: -121,00 €")
    assert facts(minus, credit)[FactName.TOTAL].value == Total(Decimal("-121.00"), "EUR")
