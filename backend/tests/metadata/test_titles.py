"""Titles on documents the rules were never tuned on: a letter's subject, a sender no title
should carry, an address line, a model number, a heading that names what the document is."""

from __future__ import annotations

import pytest

from app.domain import LayoutHints
from app.metadata.base import DocumentInfo
from app.metadata.local import build_metadata
from app.metadata.local_fact_title import document_heading, doubtful_sender
from app.metadata.local_title import looks_like_address, title_candidates

INFO = DocumentInfo(id="d", filename="scan_0042.pdf", mime_type="application/pdf", page_count=1)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Wasserverband Nordheide GmbH · Am Kanal 5 · 21255 Tostedt\nFrau\nErika Beispiel\n"
            "Birkenweg 9\n21255 Tostedt\nTostedt, 14. März 2025\n"
            "Betreff: Ihre neue Abschlagszahlung ab April\nSehr geehrte Frau Beispiel,\n"
            "mit diesem Schreiben informieren wir Sie über Ihre neue Abschlagszahlung.\n"
            "Mit freundlichen Grüßen\nWasserverband Nordheide GmbH\n",
            "Brief – Wasserverband Nordheide GmbH – Ihre neue Abschlagszahlung ab April – "
            "14. März 2025",
        ),
        (
            "Mutuelle des Vergers\n8 rue des Pommiers\n49000 Angers\nMonsieur Paul Martin\n"
            "3 allée des Tilleuls\n49100 Angers\nAngers, le 3 février 2025\n"
            "Objet : Changement de votre contrat santé\nMonsieur,\n"
            "Nous vous informons que les garanties de votre contrat évolueront au 1er avril.\n"
            "Nous vous prions d'agréer, Monsieur, nos salutations distinguées.\n",
            "Lettre – Mutuelle des Vergers – Changement de votre contrat santé – 3 févr. 2025",
        ),
        (
            "Comune di Poggiobello\nUfficio Anagrafe\nPiazza Grande 2\n12345 Poggiobello\n"
            "Gentile Sig.ra Anna Bianchi\nVia dei Mille 4\n12345 Poggiobello\n"
            "Poggiobello, 12 maggio 2024\nOggetto: Rinnovo della carta d'identità\n"
            "Gentile cittadina,\ncon la presente La informiamo che la Sua carta d'identità "
            "scade il prossimo mese.\nDistinti saluti\n",
            "Lettera – Comune di Poggiobello – Rinnovo della carta d'identità – 12 mag 2024",
        ),
    ],
)
def test_a_letters_subject_line_is_in_its_title(text: str, title: str) -> None:
    assert build_metadata(text, INFO)[0] == title


def test_a_letters_subject_names_it_when_its_sender_is_unknown() -> None:
    text = (
        "12 March 2024\nRe: Your allotment application\nDear Mr Example,\n"
        "Thank you for applying for an allotment plot. We will write to you again when a "
        "plot becomes free.\nYours sincerely,\nThe Allotments Officer\n"
    )
    name = build_metadata(text, INFO)[0]
    assert "Your allotment application" in name and "12 Mar 2024" in name


@pytest.mark.parametrize(
    "line",
    [
        "Lindenweg 4",
        "Hafenstraße 12 · 24103 Kiel",
        "12 rue des Lilas",
        "Via Roma 1",
        "Calle del Sol 5",
        "Rua das Flores 40 2864-022 Lisboa Portugal",
        "14 Elm Road",
        "1200 Ocean Avenue SE",
        "1234 AB Zuidveen",
        "Northfield NF1 2AB",
        "69003 Lyon",
    ],
)
def test_an_address_line_is_an_address(line: str) -> None:
    assert looks_like_address(line)


@pytest.mark.parametrize(
    "line",
    [
        "Annual Report 2023",
        "AquaPure 300",
        "Kaffeevollautomat CM 5000",
        "Form 1040 U.S. Individual Income Tax Return",
        "Rue du Commerce SAS",
        "Via Ferrata Guide",
        "Windows 10 Pro",
        "Rechnung 2024-0318 Kiel",
        "Street trees and summer heat in mid-sized European cities",
    ],
)
def test_a_title_or_a_name_is_not_an_address(line: str) -> None:
    assert not looks_like_address(line)


def test_an_address_line_is_never_the_title() -> None:
    text = "Rua das Flores 40 2864-022 Lisboa Portugal\nJardim Azul Lda\n" + (
        "Os nossos jardineiros cuidam do seu jardim todas as semanas do ano.\n"
    )
    assert build_metadata(text, INFO)[0] == "Jardim Azul Lda"


@pytest.mark.parametrize(
    ("name", "doubtful"),
    [
        ("and Birch, Maple & Company, Inc.", True),
        ("Birch, Maple &", True),
        ("Birch, Maple and", True),
        ("Azienda Ospedaliera di", True),
        ("Birch, Maple & Company", False),
        ("Marks and Spencer", False),
        ("Lindenweg 4", True),
        ("Ui", True),
        ("ee", True),
        ("12 34", True),
        ("BP", False),
        ("O2", False),
        ("3M", False),
        ("NOUS CONTACTER", True),
        ("Customer Service", True),
        ("Email Address Not Recorded", True),
        ("SELLER", True),
        ("Verkäufer", True),
        ("Rechnung", True),
        ("toom Baumarkt GmbH", False),
        ("Harbour Credit Union", False),
    ],
)
def test_a_sender_no_title_should_carry(name: str, doubtful: bool) -> None:
    assert doubtful_sender(name) is doubtful


def test_a_doubtful_sender_gives_way_to_the_kind_number_and_date() -> None:
    text = (
        "Invoice\nInvoice number: 2024-0318\nInvoice date: 3 May 2024\n"
        "and Birch, Maple & Company, Inc.\nBill to: Jane Example\n"
        "Consulting | 800.00\nTotal due: GBP 800.00\n"
    )
    name = build_metadata(text, INFO)[0]
    assert "and Birch" not in name and name.startswith("Invoice") and "3 May 2024" in name


@pytest.mark.parametrize(
    ("first_line", "title"),
    [("AquaPure 300", "AquaPure 300"), ("Kaffeevollautomat CM 5000", "Kaffeevollautomat CM 5000")],
)
def test_a_model_number_stays_in_the_title(first_line: str, title: str) -> None:
    text = f"{first_line}\nThe filter removes chlorine and lime from tap water in the kitchen.\n"
    assert title_candidates(text, set(), LayoutHints())[0] == title


def test_a_page_number_after_a_heading_still_goes() -> None:
    text = "Watering schedules for small gardens 12\nThe controller opens each valve in turn.\n"
    assert title_candidates(text, set(), LayoutHints())[0] == "Watering schedules for small gardens"


def test_a_name_over_its_kinds_line_makes_one_title() -> None:
    text = (
        "Riverside Rowing Club\nAnnual Report 2023\nThis year the club bought two new boats "
        "and trained forty new rowers on the river.\n"
    )
    assert build_metadata(text, INFO)[0] == "Riverside Rowing Club – Annual Report 2023"


@pytest.mark.parametrize(
    ("heading", "found"),
    [
        ("Booking Confirmation — ORIGINAL", "Booking Confirmation"),
        ("Payment Reminder", "Payment Reminder"),
        ("Auftragsbestätigung", "Auftragsbestätigung"),
        ("Avis d'échéance", "Avis d'échéance"),
        ("Confirmación de reserva", "Confirmación de reserva"),
        ("Your Order", None),
        ("Thank you for your order", None),
    ],
)
def test_a_heading_that_names_the_document(heading: str, found: str | None) -> None:
    assert document_heading(f"Acme\n{heading}\nSome more text follows here.") == found


def test_without_a_sender_a_heading_naming_the_document_is_the_title() -> None:
    text = (
        "Booking Confirmation — ORIGINAL\nContract No: 4711\nBooking date: 05-Dec-2018\n"
        "Vessel | Port | ETD\nNorthern Star | Rotterdam | 09-Dec-2018\n"
        "This agreement is subject to the terms and conditions of carriage.\n"
    )
    name = build_metadata(text, INFO)[0]
    assert name.startswith("Booking Confirmation"), name


def test_a_forms_number_alone_takes_its_name_from_the_lines_below() -> None:
    text = (
        "Form ZR-7\n(Rev. March 2024)\nDepartment of Parks\nApplication for a\n"
        "Community Garden Plot\nGo to the parks office for instructions.\n"
        "1 Name of the applicant. Write your full name on this line.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == (
        "Form ZR-7 Application for a Community Garden Plot"
    )


def test_a_periodicals_name_over_its_issue_is_not_the_articles_title() -> None:
    text = (
        "Quarterly Garden Review\nQuarterly / Vol. 12 / No. 3 March 4, 2024\n"
        "Soil Moisture and Tomato Yields in Raised Beds\n"
        "We measured soil moisture in forty raised beds over two summers and weighed the "
        "tomatoes each bed gave.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == (
        "Soil Moisture and Tomato Yields in Raised Beds"
    )


def test_a_title_wrapped_before_a_small_word_is_joined() -> None:
    text = (
        "Counting Birds in City Parks\nwith Volunteer Observers\nAda Example, Bo Sample\n"
        "Abstract\nVolunteers counted the birds of twelve parks every month for a year.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == (
        "Counting Birds in City Parks with Volunteer Observers"
    )


@pytest.mark.parametrize("kind_line", ["Manuale d'uso", "User Guide", "Gebruiksaanwijzing"])
def test_a_manuals_kind_phrase_gives_way_to_the_products_name(kind_line: str) -> None:
    text = (
        f"{kind_line}\nLavatrice LX 7\nLeggere attentamente il presente manuale prima di "
        "utilizzare l'apparecchio.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == "Lavatrice LX 7"


@pytest.mark.parametrize(
    ("heading", "salutation", "in_title"),
    [
        ("Your allotment plot renewal", "Dear Ms Example,", True),
        ("Votre nouvelle carte de bibliothèque", "Madame,", True),
        ("Ihre Anmeldung zum Sommerkurs", "Sehr geehrte Frau Beispiel,", True),
        ("Mr A Example", "Dear Mr Example,", False),  # the addressee, not a subject
        ("Greenfield Garden Club", "Dear Ms Example,", False),  # a name
    ],
)
def test_a_letters_heading_above_its_salutation_is_its_subject(
    heading: str, salutation: str, in_title: bool
) -> None:
    text = (
        "Riverside Allotment Society\n4 Mill Lane\nExampletown EX1 2AB\n12 March 2024\n"
        f"{heading}\n{salutation}\n"
        "Thank you for your letter. We have renewed your plot for another year and look "
        "forward to seeing you at the spring meeting.\nYours sincerely,\nThe Secretary\n"
    )
    name = build_metadata(text, INFO)[0]
    assert (f"– {heading} –" in name) is in_title, name


def test_a_columns_label_run_onto_the_heading_goes() -> None:
    text = (
        "Birchwood Garden Supplies DATE\nThe seeds you ordered are in the parcel with this note.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == "Birchwood Garden Supplies"


def test_a_kind_without_sender_date_or_number_is_named_with_its_heading() -> None:
    # the line where a sender would stand is a call to action: the kind and the heading under
    # it name the document
    text = (
        "Invoice\nNous contacter\nGarden Design Services\n"
        "Bill to: Jane Example\nConsulting | 800.00\nTotal due: GBP 800.00\n"
    )
    assert build_metadata(text, INFO)[0] == "Invoice – Garden Design Services"


def test_a_kind_alone_is_a_better_title_than_a_file_name_or_a_money_line() -> None:
    text = (
        "Invoice\nBirch, Maple &\nBill to: Jane Example\n"
        "Consulting | 800.00\nTotal due: GBP 800.00\n"
    )
    assert build_metadata(text, INFO)[0] == "Invoice"
    # nor is a call to action a title, when it stands where the sender would
    text = text.replace("Birch, Maple &", "Nous contacter")
    assert build_metadata(text, INFO)[0] == "Invoice"


def test_a_kind_with_only_its_number_is_named_by_both() -> None:
    text = (
        "Invoice\nInvoice number: 2024-0318\nBirch, Maple &\n"
        "Bill to: Jane Example\nConsulting | 800.00\nTotal due: GBP 800.00\n"
    )
    assert build_metadata(text, INFO)[0] == "Invoice 2024-0318"


@pytest.mark.parametrize(
    ("head", "language_text", "word"),
    [
        (
            "Gutschrift",
            "Der Betrag wird Ihrem Konto innerhalb von fünf Tagen gutgeschrieben.",
            "Gutschrift",
        ),
        (
            "Credit Note",
            "The amount will be refunded to your card within five days.",
            "Credit note",
        ),
        ("Avoir", "Le montant sera remboursé sur votre carte sous cinq jours ouvrés.", "Avoir"),
    ],
)
def test_a_credit_note_is_titled_as_one(head: str, language_text: str, word: str) -> None:
    text = (
        f"{head}\nNr.: GS-2024-015\nDatum: 22.04.2024\nDate: 22.04.2024\n"
        "Textilhaus Weber GmbH · Lindenstraße 9 · 50674 Köln\n"
        f"Pullover | -49,90 EUR\n{language_text}\n"
    )
    name, _, summary = build_metadata(text, INFO)
    assert name.startswith(f"{word} – "), name
    assert summary.startswith("A credit note"), summary


def test_an_invoice_is_not_a_credit_note_because_it_mentions_one() -> None:
    text = (
        "Rechnung\nRechnungsnummer: R-2024-7\nRechnungsdatum: 02.04.2024\n"
        "Textilhaus Weber GmbH · Lindenstraße 9 · 50674 Köln\nPullover | 49,90 EUR\n"
        "Gesamtbetrag 49,90 EUR\nEine Gutschrift erhalten Sie bei Rückgabe innerhalb von 14 Tagen.\n"
    )
    assert build_metadata(text, INFO)[0].startswith("Rechnung – ")


def test_a_numbered_section_heading_ranks_after_the_pages_own_heading() -> None:
    text = (
        "Home About Documentation Download\nWidgetlib Release 3.45.1 On 2024-01-30\n"
        "1. Changes in this release\nFix a bug in the query planner that gave a wrong answer.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == (
        "Widgetlib Release 3.45.1 On 2024-01-30"
    )


@pytest.mark.parametrize(
    "field",
    ["Data da Emissão: 12/03/2020", "Rechnungsdatum: 02.04.2024", "Invoice number: 2024-0318"],
)
def test_a_field_with_its_date_or_number_is_never_a_title(field: str) -> None:
    text = f"{field}\nGarden Design Services\nThe garden was planned and planted in spring.\n"
    assert title_candidates(text, set(), LayoutHints())[0] == "Garden Design Services"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("GARDEN MAINTENANCE AGREEMENT", "Garden Maintenance Agreement – Widget Labs Inc."),
        ("Mietvertrag für Gewerberäume", "Mietvertrag für Gewerberäume – Widget Labs Inc."),
    ],
)
def test_a_contracts_own_heading_names_it_in_the_title(heading: str, expected: str) -> None:
    text = (
        f"{heading}\nThis Agreement is entered into as of March 1, 2024 (the Effective Date) by "
        "and between Widget Labs Inc., a Delaware corporation, and Example Corp.\n"
        "1. Services. Widget Labs Inc. shall mow the lawns of Example Corp every week.\n"
    )
    assert build_metadata(text, INFO)[0].startswith(expected)


def test_the_body_that_issues_a_publication_is_not_its_title() -> None:
    text = (
        "Department of Parks\nGarden Permit Service\nCommunity Gardens and Allotments\n"
        "For use in planning the 2024 season\nEvery resident may apply for one plot.\n"
    )
    assert title_candidates(text, set(), LayoutHints())[0] == "Community Gardens and Allotments"


@pytest.mark.parametrize(
    "line", ["Thursday, August 6, 2020", "Lundi 3 mars 2025", "[Docket No. GP–2020–0686; Product"]
)
def test_a_date_with_its_weekday_or_a_cut_bracket_is_never_a_title(line: str) -> None:
    text = f"{line}\nCommunity Gardens and Allotments\nEvery resident may apply for one plot.\n"
    assert title_candidates(text, set(), LayoutHints())[0] == "Community Gardens and Allotments"


def test_an_insurers_letter_names_its_labelled_subject() -> None:
    text = (
        "Gartenschutz Versicherung AG\nPostfach 12 34\n80331 München\n"
        "München, 3. Januar 2025\nBetreff: Ihre Gewächshausversicherung 2025\n"
        "Sehr geehrte Frau Beispiel,\nIhre Versicherung verlängert sich um ein Jahr. Der "
        "Beitrag für 2025 beträgt 48,00 EUR und wird am 1. Februar 2025 abgebucht.\n"
        "Versicherungsschein Nr. GS-123456\n"
    )
    name = build_metadata(text, INFO)[0]
    assert name.startswith("Versicherung – Gartenschutz Versicherung AG – Ihre Gewächs"), name
