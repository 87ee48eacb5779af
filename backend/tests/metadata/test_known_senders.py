"""The senders a person already filed name a new document's sender when its head or foot
prints one (`local_correspondent_known`). Made-up documents in several languages."""

from __future__ import annotations

import pytest

from app.domain import SenderCorrection
from app.metadata.choices import fold_correspondent
from app.metadata.facts import FactName
from app.metadata.local_correspondent_known import SenderMemory, known_sender
from app.metadata.local_facts import extract_facts
from app.metadata.local_lines import page_lines

# An energy bill whose sender prints no legal form while the customer's company does: the rules
# alone take the customer (`test_without_them_the_rules_read_the_customer` pins that), so a
# known sender has something to mend.
BILL_DE = """STADTWERKE LINDENAU
Kundenservice: Postfach 12 34, 04177 Leipzig
Müller Haustechnik GmbH
Gartenweg 3
04179 Leipzig
Rechnung
Rechnungsnummer: 2026-0042
Rechnungsdatum: 03.02.2026
Strom Januar 2026
Gesamtbetrag: 84,20 EUR"""


def _sender(text: str, known: list[str], language: str = "de") -> tuple[str, str] | None:
    memory = SenderMemory(senders=tuple(known))
    fact = extract_facts(text.split("\n\n---\n\n"), language, None, memory).get(
        FactName.CORRESPONDENT
    )
    return None if fact is None else (str(fact.value), fact.quote or "")


def test_without_them_the_rules_read_the_customer() -> None:
    assert _sender(BILL_DE, []) == ("Müller Haustechnik GmbH", "Müller Haustechnik GmbH")


def test_a_known_sender_in_the_head_is_the_sender_spelled_the_persons_way() -> None:
    assert _sender(BILL_DE, ["Energie Nord AG", "Stadtwerke Lindenau"]) == (
        "Stadtwerke Lindenau",
        "STADTWERKE LINDENAU",
    )


@pytest.mark.parametrize(
    ("text", "known", "language", "expected"),
    [
        # French: the shop's name over its address, a legal-form name of the customer below
        (
            "boulangerie des tilleuls\n12 rue des Tilleuls\n69003 Lyon\nClient : Dupont SARL\n"
            "Facture n° 118\nDate : 04/03/2026\nTotal TTC : 42,00 €",
            ["Boulangerie des Tilleuls"],
            "fr",
            "Boulangerie des Tilleuls",
        ),
        # Dutch: the sender only in the foot, under the payment lines
        (
            "Factuur\nFactuurnummer: F-2026-9\nFactuurdatum: 2 maart 2026\nJansen Bouw B.V.\n"
            "Dakgoot vervangen\nTotaal: 350,00 EUR\nBetalen binnen 14 dagen\n"
            "Schildersbedrijf De Kwast | Kerkstraat 4 | Utrecht | KvK 1234",
            ["Schildersbedrijf De Kwast"],
            "nl",
            "Schildersbedrijf De Kwast",
        ),
        # Spanish: legal forms and accents do not count
        (
            "CLÍNICA DENTAL SOLÉ S.L.\nFactura 2026/14\nFecha: 05/03/2026\nTotal: 90,00 €",
            ["Clinica Dental Sole"],
            "es",
            "Clinica Dental Sole",
        ),
    ],
)
def test_known_senders_in_other_languages(
    text: str, known: list[str], language: str, expected: str
) -> None:
    found = _sender(text, known, language)
    assert found is not None and found[0] == expected


def test_an_ocr_misreading_of_one_letter_in_a_long_word_still_matches() -> None:
    text = BILL_DE.replace("STADTWERKE LINDENAU", "STADTWERKE LINDENAIJ")  # U read as IJ
    # two letters apart: not the same word, so the rules' reading stands
    assert _sender(text, ["Stadtwerke Lindenau"]) == _sender(text, [])
    text = BILL_DE.replace("STADTWERKE LINDENAU", "STADTWERKF LINDENAU")
    assert _sender(text, ["Stadtwerke Lindenau"]) == ("Stadtwerke Lindenau", "STADTWERKF LINDENAU")


def test_a_short_word_must_match_exactly() -> None:
    lines = page_lines(["Tcom Baumarkt\nKassenbon 4711\nSumme 12,00 EUR"])
    assert known_sender(lines, ["Toom Baumarkt"]) is None  # "toom" is too short to misread
    assert known_sender(lines, ["Tcom Baumarkt"]) is not None


def test_a_known_name_in_the_recipients_block_is_not_the_sender() -> None:
    # the person's own business, set as the sender of a document it once sent, is the
    # addressee of this one
    text = "Rechnung\nRechnungsempfänger:\nMüller Haustechnik GmbH\nGartenweg 3\n04179 Leipzig"
    assert known_sender(page_lines([text]), ["Müller Haustechnik"]) is None


def test_a_statements_payment_row_names_a_merchant_not_the_sender() -> None:
    text = (
        "Kontoauszug 3/2026\nGirokonto 1234567890\n03.03.2026 STADTWERKE LINDENAU -84,20\n"
        "04.03.2026 Gehalt 2.400,00"
    )
    assert known_sender(page_lines([text]), ["Stadtwerke Lindenau"]) is None


def test_a_name_in_the_middle_of_the_page_is_not_the_sender() -> None:
    body = [f"Line {n} of the terms and conditions of this contract." for n in range(30)]
    body.insert(15, "Stadtwerke Lindenau")
    assert known_sender(page_lines(["\n".join(body)]), ["Stadtwerke Lindenau"]) is None


def test_a_name_too_short_to_find_is_never_looked_for() -> None:
    assert known_sender(page_lines(["O2\nRechnung\nSumme 20,00 EUR"]), ["O2", "ING"]) is None


def test_the_most_specific_name_wins() -> None:
    lines = page_lines(["ACME ENERGY SERVICES LTD\nInvoice 55\nTotal 10.00 GBP"])
    found = known_sender(lines, ["Acme", "Acme Energy Services Ltd"])
    assert found is not None and found[0] == "Acme Energy Services Ltd"


def test_names_fold_as_the_persons_earlier_choices_do() -> None:
    assert fold_correspondent("ACME Widgets Ltd.") == fold_correspondent("Acme widgets")
    assert fold_correspondent("Clínica Dental Solé S.L.") == "clinica dental sole"


@pytest.mark.parametrize(
    ("printed", "known"),
    [
        ("KAUF LAND", "Kaufland"),
        ("Stadt Werke Lindenau", "Stadtwerke Lindenau"),
        ("Stadtwerke Lindenau", "Stadtwerke Lin Denau"),
    ],
)
def test_a_space_ocr_put_in_or_left_out_still_matches(printed: str, known: str) -> None:
    lines = page_lines([f"{printed}\nKassenbon 4711\nSumme 12,00 EUR"])
    found = known_sender(lines, [known])
    assert found is not None and found[0] == known


def test_the_same_letters_must_make_the_whole_field() -> None:
    lines = page_lines(["Kaufland Filiale Nord\nKassenbon 4711\nSumme 12,00 EUR"])
    assert known_sender(lines, ["Kauf Land Filiale Nord GmbH Zentrale"]) is None


def test_a_name_the_person_replaced_is_not_taken_for_the_sender() -> None:
    """The customer's company the rules took on one bill, corrected by the person: on the
    next document (another sender's, addressed to the same company) the page is read as if
    that name were not printed."""
    other = BILL_DE.replace("STADTWERKE LINDENAU", "GARTENBAU KLEE").replace("Strom", "Hecke")
    assert _sender(other, []) == ("Müller Haustechnik GmbH", "Müller Haustechnik GmbH")
    memory = SenderMemory.remember(
        [SenderCorrection("Stadtwerke Lindenau", "Müller Haustechnik GmbH")]
    )
    assert memory.not_senders == ("Müller Haustechnik GmbH",)
    fact = extract_facts([other], "de", None, memory)[FactName.CORRESPONDENT]
    assert (fact.value, fact.quote) == ("GARTENBAU KLEE", "GARTENBAU KLEE")


def test_a_respelling_says_nothing_against_a_name() -> None:
    memory = SenderMemory.remember(
        [
            SenderCorrection("Acme Widgets", "ACME WIDGETS LTD"),  # the same sender, respelled
            SenderCorrection("Northwind", "Northwind Traders Inc."),
            SenderCorrection(None, "Jane Roe"),  # removed: the engine's reading was no sender
            SenderCorrection("Contoso", None),  # set where the engine had read none
        ]
    )
    assert memory.senders == ("Acme Widgets", "Northwind", "Contoso")
    assert memory.not_senders == ("Jane Roe",)
    assert memory.is_not_sender("JANE ROE") and not memory.is_not_sender("Acme Widgets Ltd")
