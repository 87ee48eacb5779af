"""The document type and the reference number, each rule on a short made-up text."""

from __future__ import annotations

import pytest

from app.metadata.base import DocumentInfo
from app.metadata.facts import DocumentType, FactName
from app.metadata.language import detect_language
from app.metadata.local import build_metadata
from app.metadata.local_facts import extract_facts
from app.metadata.local_reference import ocr_digits

INFO = DocumentInfo(id="d", filename="scan_0042.pdf", mime_type="application/pdf", page_count=1)


def facts_of(text: str) -> dict[FactName, object]:
    pages = text.split("\n\n---\n\n")
    return {n: f.value for n, f in extract_facts(pages, detect_language(text)).items()}


PROSE = (
    "The committee met on three evenings to hear what the residents of the valley had to "
    "say about the new bridge and the traffic it would bring into the old town centre.\n"
)


# --- document type ---------------------------------------------------------------------------


def test_a_periodicals_issue_header_makes_an_article():
    text = (
        "Quarterly Garden Review • Spring 2023 14\nWhy Hedges Matter\nMaria Lindqvist\n" + PROSE * 6
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.ARTICLE
    text = "Harbour Notes / 3 May 2019 / Vol. 12\nTides of the North Sea\n" + PROSE * 6
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.ARTICLE


def test_a_report_cited_in_the_text_does_not_make_the_document_a_report():
    text = (
        "Bridges of the Valley\n"
        + PROSE * 4
        + "the findings are discussed in the report of the committee and in the\n"
        + "Regional Traffic Report, dated May 2019, which the council published.\n"
        + PROSE * 2
    )
    assert facts_of(text).get(FactName.DOCUMENT_TYPE) is not DocumentType.REPORT


def test_an_executive_summary_makes_a_report():
    text = "How the Bridge Was Tested\n1.1 Executive Summary\n" + PROSE * 5
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.REPORT


def test_a_printed_web_page_of_running_text_is_an_article():
    text = "Home About Blog Downloads Support Contact\nOn Keeping Bees\n" + PROSE * 6
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.ARTICLE


def test_running_text_that_names_no_kind_is_other_and_a_short_scrap_is_untyped():
    assert facts_of("The Old Bridge\n" + PROSE * 6)[FactName.DOCUMENT_TYPE] is DocumentType.OTHER
    assert FactName.DOCUMENT_TYPE not in facts_of("SPREVES\ngocerrrnt")


def test_an_official_journals_rules_are_other_not_an_article():
    text = (
        "Official Journal / Vol. 31, No. 7 / Proposed Rules\n"
        "Proposed Rules\n"
        "12 CFR Part 7\n"
        "Noise Limits for Harbour Cranes\n" + PROSE * 6
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.OTHER


def test_blank_signature_fields_make_a_form_over_a_contract_named_in_its_prose():
    text = (
        "Permission to Reprint Photographs\n"
        + PROSE * 3
        + "I agree never to sell the prints nor to use them in a way that would breach a "
        "contract I have made with the photographer or anyone else.\n"
        "Signature: Date:\n"
        "Name (printed):\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.FORM


def test_a_till_receipt_without_a_readable_total_is_a_receipt_by_its_prices_and_cash():
    text = (
        "Backstube Nord\nHauptstr. 3\n"
        "ROGGENBROT 3,20\nBREZEL 0,89\nBREZEL 0,89\nKAFFEE 2,40\n"
        "U ZAHL N EURO\nBARGELD 10,00\nZURÜCK\nVielen Dank für Ihren Einkauf!\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT


def test_a_card_slips_words_make_a_receipt():
    text = (
        "Baumarkt Ost\nSUMME EUR 12,99\n** Kundenbeleg **\nDebit Mastercard\n"
        "Betrag EUR 12,99\nZahlung erfolgt\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.RECEIPT


# --- reference -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Inv # 55-2031", "55-2031"),
        ("Bill No: BL/7781", "BL/7781"),
        ("Rg.-Nr. 2024-118", "2024-118"),
        ("Rechnungs-Nr.: R-88812", "R-88812"),
        ("N° de facture : FC-20931", "FC-20931"),
        ("Factuurnummer 2023.0415", "2023.0415"),
        ("Numero fattura: 118/A", "118/A"),
        ("Nº factura: A-2291", "A-2291"),
        ("Nota Fiscal Nº 000.118.442", "000.118.442"),
        ("Fatura n.º 2023/118", "2023/118"),
        ("Tax Invoice INV/2023-24/0012", "INV/2023-24/0012"),
        ("Booking reference: KX7Q2M9", "KX7Q2M9"),
        ("Buchungsnummer 4471-2209", "4471-2209"),
        ("Docket No. ABC-2021-0042", "ABC-2021-0042"),
        ("Aktenzeichen: IV-118/22", "IV-118/22"),
        ("Order ID 7781-2290-11", "7781-2290-11"),
    ],
)
def test_reference_labels_in_many_forms_and_languages(line, expected):
    text = f"Lindenhof Supplies Ltd\n{line}\nTotal due EUR 118.00\n"
    assert facts_of(text).get(FactName.REFERENCE) == expected


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("FATO1", "FAT01"),
        ("TESTO1002F", "TEST01002F"),
        ("INV-O0012", "INV-00012"),
        ("2O23-118", "2023-118"),
        ("10O", "100"),
        ("PO1234", "PO1234"),  # a purchase order's prefix keeps its O
        ("R0005532486", "R0005532486"),
    ],
)
def test_zeros_read_as_the_letter_o_are_put_back(read, meant):
    assert ocr_digits(read) == meant


def test_a_reference_read_with_ocr_noise_is_repaired():
    text = "Ferreteria Sol SL\nFACTURA N?2 SERO1005F\nTotal factura: 1.815,00 €\n"
    assert facts_of(text)[FactName.REFERENCE] == "SER01005F"


def test_labels_stacked_above_their_values_pair_up_in_order():
    text = "Marchand Bois SARL\nFACTURE N° :\nDate :\nFB-77120\n12/03/2024\nTotal TTC 240,00 €\n"
    assert facts_of(text)[FactName.REFERENCE] == "FB-77120"


def test_a_tables_header_gives_the_value_in_its_column():
    text = (
        "Getränke Markt\nSUMME EUR 7,40\nBAR EUR 10,00\n"
        "Datum Uhrzeit Filiale Kasse Bon\n12.02.21 17:05 0042 003 6631\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "6631"


def test_a_number_written_in_groups_before_its_date():
    text = "Studio Verdi\nFATTURA N. 12 2023 del 03/04/2023\nTotale documento: EUR 400,00\n"
    assert facts_of(text)[FactName.REFERENCE] == "12 2023"


def test_a_number_broken_at_the_lines_end_is_joined():
    text = "Harbour Authority\nsee the file under Docket No. HBR-2021—\n0042; or write to us.\n"
    assert facts_of(text)[FactName.REFERENCE] == "HBR-2021-0042"


def test_another_documents_number_and_a_form_named_in_a_sentence_are_not_the_reference():
    text = "Marchand Bois SARL\nN° de facture associée : FB-70001\nTotal TTC 240,00 €\nAvoir\n"
    assert facts_of(text).get(FactName.REFERENCE) != "FB-70001"
    text = "Form 7120 Garden Permit\nAttach the plan from Form 8831 if you have one.\n"
    assert facts_of(text)[FactName.REFERENCE] == "7120"


def test_the_receipts_own_number_over_the_card_slips():
    text = "Buchladen Mitte\nSUMME 19,90\nBeleg-Nr. 5521\nKartenzahlung\nBonNr: 00417\n"
    assert facts_of(text)[FactName.REFERENCE] == "00417"


# --- the document's own title ----------------------------------------------------------------


def test_a_title_wrapped_before_its_last_words_is_joined():
    text = "Kapitel 3\nDen Garten im Winter schützen und\npflegen\n" + PROSE * 4
    assert build_metadata(text, INFO)[0] == "Den Garten im Winter schützen und pflegen"
    text = "Request for\nGarden Allotment\n" + PROSE * 4
    assert build_metadata(text, INFO)[0] == "Request for Garden Allotment"


def test_a_periodicals_running_header_and_a_journals_label_are_never_the_title():
    text = (
        "Supplement\n"
        "41 Harbour Notes / March 3, 2019 / Vol. 12\n"
        "Tides and Storms of the North Sea, 2018\n" + PROSE * 4
    )
    assert build_metadata(text, INFO)[0] == "Tides and Storms of the North Sea, 2018"
    text = "Quarterly Garden Review • Spring 2023 14\nWhy Hedges Matter\n" + PROSE * 4
    assert build_metadata(text, INFO)[0] == "Why Hedges Matter"


def test_the_first_line_of_a_paragraph_is_not_a_title():
    text = (
        "This part of the Harbour Gazette\n"
        "contains the notices of the harbour master to the ship owners of the town.\n"
        "Mooring Fees for Small Boats\n" + PROSE * 4
    )
    assert build_metadata(text, INFO)[0] == "Mooring Fees for Small Boats"


def test_a_kinds_word_alone_is_not_a_title():
    text = "Form\nGarden Allotment Application\n" + PROSE * 4
    assert build_metadata(text, INFO)[0] == "Garden Allotment Application"


def test_a_header_row_of_several_labels_gives_the_rows_one_number():
    text = (
        "Northwind Tools Ltd\nInvoice Number Invoice Date Due Date\n"
        "NT-40021 12/03/2024 12/04/2024\nTotal due $ 118.00\n"
    )
    assert facts_of(text)[FactName.REFERENCE] == "NT-40021"
    # a heading that only names the kind is no number's label
    text = "Northwind Tools Ltd\nInvoice Details\nWidget A-40 in blue\nTotal due $ 118.00\n"
    assert FactName.REFERENCE not in facts_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FACTURA\nNúmero: 2023/118\nTotal factura: 121,00 €\n", "2023/118"),
        ("Invoice No ......... 55120\nTotal due $ 40.00\n", "55120"),
        ("Kasse 2 Bon 4471 Bed. 03\nSUMME EUR 7,40\n", "4471"),
        ("Documento commerciale n. 1184-0032\nTOTALE EURO 7,40\n", "1184-0032"),
        ("Bill of Supply No. BOS/24-25/118\nTotal ₹ 1,180.00\n", "BOS/24-25/118"),
    ],
)
def test_bare_number_labels_dot_leaders_and_till_numbers(text, expected):
    assert facts_of("Harbour Shop\n" + text)[FactName.REFERENCE] == expected


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "Form 7120 Garden Allotment Application 2024 Town of Lindenfeld (03) Office Use Only",
            "Form 7120 Garden Allotment Application",
        ),
        (
            "Formular A3 (Stand 2024) Antrag auf Wohngeld für Mieter 2024 Stadtverwaltung",
            "Formular A3 Antrag auf Wohngeld für Mieter",
        ),
    ],
)
def test_a_forms_heading_line_gives_its_number_and_name(line, title):
    text = f"{line}\nFiling Status\nCheck only one box.\n" + PROSE * 2
    assert build_metadata(text, INFO)[0] == title


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Fatura-Recibo n.º FR 2023/118", "FR 2023/118"),
        ("Factura simplificada n.º A 2024-17", "A 2024-17"),
        ("Rechnung RE 2024-118 vom 03.04.2024", "RE 2024-118"),
        ("Invoice No: 20l8-0042", "2018-0042"),
    ],
)
def test_a_number_after_its_series_code_and_ocr_ones(line, expected):
    text = f"Casa do Pão Lda\n{line}\nTotal a pagar 12,40 €\n"
    assert facts_of(text)[FactName.REFERENCE] == expected


def test_an_untyped_texts_summary_is_its_own_sentences_not_a_document_dated():
    text = "The Old Bridge\n3 March 2021\n" + PROSE * 6
    _, _, summary = build_metadata(text, INFO)
    assert not summary.startswith("A document") and "residents of the valley" in summary


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Unser Zeichen: LS-4471/24", "LS-4471/24"),
        ("Employee ID: E-20931", "E-20931"),
        ("Mitgliedsnummer 0044712", "0044712"),
        ("N° adhérent : 7781209", "7781209"),
    ],
)
def test_a_letters_or_a_members_number_when_there_is_no_invoice_number(line, expected):
    text = f"Verein Lindenhof e.V.\n{line}\nSehr geehrte Frau Berg,\n" + PROSE
    assert facts_of(text)[FactName.REFERENCE] == expected


def test_a_line_read_twice_as_one_sentence_is_not_summarised():
    text = (
        "Rechnung\nWerkstatt Nord GmbH\nRechnungsnummer R-1001\nGesamtbetrag 120,00 €\n"
        "Ort: Bad Homburg v. d. H. Ort: Bad Homburg v. d. H.\n"
    )
    _, _, summary = build_metadata(text, INFO)
    assert "Ort:" not in summary


def test_running_text_in_narrow_columns_is_running_text():
    column = (
        "the harbour master asked the owners of\n"
        "the small boats to move them before the\n"
        "storm, and most of them did so in time\n"
    )
    assert facts_of("Storm Night\n" + column * 4)[FactName.DOCUMENT_TYPE] is DocumentType.OTHER


def test_a_file_name_after_a_type_word_is_no_reference_and_an_issue_number_no_periodical():
    text = "Sources\nThe invoice_EN16931.pdf sample of the factur-x project.\n" + PROSE * 6
    facts = facts_of(text)
    assert FactName.REFERENCE not in facts
    text = "Bridge Works\nAs issue 26 asks, the bridge opens at six.\n" + PROSE * 6
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is not DocumentType.ARTICLE


def test_lines_to_write_on_and_a_document_naming_itself_make_a_form():
    text = (
        "Town of Lindenfeld\nApplication for a Boat Mooring\n"
        "Use this form to apply for a mooring for a boat registered at your home address in "
        "the town, for one season at a time.\n"
        "Full name: ______________\nAddress: ______________\nBoat registration: ________\n"
    )
    assert facts_of(text)[FactName.DOCUMENT_TYPE] is DocumentType.FORM
