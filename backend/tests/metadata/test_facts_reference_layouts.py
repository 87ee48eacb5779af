"""The reference where OCR or the layout hides it (round 11): a number label's N misread, a
till's header row over a row OCR split, a frame read around a header row, a form's footer, a
logo's crumb after a label's colon. Every text here is made up for the rule it pins."""

from __future__ import annotations

import pytest

from app.metadata.local_lines import page_lines
from app.metadata.local_reference import detect_reference


def reference_of(text: str) -> str | None:
    found = detect_reference(page_lines(text.split("\n\n---\n\n")))
    return None if found is None else found[1]


# --- a number label's N as OCR reads it -------------------------------------------------------


@pytest.mark.parametrize("label", ["Bonlr:", "BonIr:", "Bon1r:", "Bon-Ir.", "Belegir"])
def test_a_receipt_numbers_nr_read_with_an_l_or_i_is_its_label(label):
    text = f"BÄCKEREI KORN\nMarktplatz 2\nBROT 3,20\nSUMME EUR 3,20\nKasse: 2 {label} 4711"
    expected = None if label == "Belegir" else "4711"  # a lower-case i is a letter, not an N
    assert reference_of(text) == expected


def test_a_word_ending_in_ir_or_lr_before_a_number_is_no_label():
    assert reference_of("Elixir 500 ml 4,99\nSUMME 4,99") is None


# --- a till's header row over a row OCR split ---------------------------------------------------


def test_a_value_is_counted_from_the_time_column_when_ocr_split_a_cell_before_it():
    # the date "12.03.2024" read as "l2 O3. 2024": the row has two words more than its header
    text = (
        "GARTENMARKT GMBH\nSUMME EUR 12,00\n"
        "Datum Zeit BonNr Kasse Filiale\nl2 O3. 2024 09:41 8123 007 0042"
    )
    assert reference_of(text) == "8123"


def test_a_row_with_two_times_aligns_nothing():
    # which time is the header's column cannot be told: no cell is counted from either
    text = (
        "GARTENMARKT GMBH\nSUMME EUR 12,00\n"
        "Datum Zeit BonNr Kasse Filiale\nl2 O3. 2024 09:41 8123 007 10:02"
    )
    assert reference_of(text) is None


# --- a frame read around a header row ------------------------------------------------------------


def test_a_header_row_in_a_scanned_frame_is_a_row_of_words_not_a_markdown_table():
    # the frame's strokes read as "|" and as an "I" after the last cell; a cell of three words
    text = (
        "NORDWIND SRL\nFattura\n"
        "| Codice Cliente Termini di Pagamento Data Documento Numero Documento |\n"
        "| C-7781 | 30 GG FM 14-03-2024 88124 I\nTotale 50,00€"
    )
    assert reference_of(text) == "88124"


def test_a_markdown_tables_cells_are_still_read_as_cells():
    text = "| Numero Documento | Data |\n|---|---|\n| 88124 | 14-03-2024 |\nTotale 50,00€"
    assert reference_of(text) == "88124"


# --- a form's footer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("footer", "number"),
    [
        ("Keep a copy for your records. Cat. No. 55512K Form 7702 (2023)", "7702"),
        ("For Privacy Act Notice, see instructions. Form W-12 (Rev. 3-2022) Page 2", "W-12"),
    ],
)
def test_a_forms_footer_names_the_form_when_its_heading_was_not_read(footer, number):
    # the heading's large number lost by OCR ("0 2"): the footer still names the form
    text = f"Form\n0 2 Widget Licensing Board\nName of applicant\nSignature Date\n{footer}"
    assert reference_of(text) == number


def test_a_form_named_in_a_sentence_is_not_this_forms_number():
    text = "Application for a permit\nName Signature Date\nAttach Form 7702 if you rent the plot."
    assert reference_of(text) is None


# --- a crumb after a label's colon -------------------------------------------------------------


def test_a_crumb_ocr_read_after_a_labels_colon_leaves_the_value_on_the_next_line():
    text = (
        "When you write to us, please quote this reference: ax\nKT77Q and your date of birth\n"
        "Widget Licensing Board\n4 April 2024\nDear Ms Rowe"
    )
    assert reference_of(text) == "KT77Q"


def test_a_word_after_a_labels_colon_is_not_a_crumb():
    # "none" is what the label says: the line under it is another field's, not its value
    text = "Your reference: none\nKT77Q and your date of birth\nDear Ms Rowe"
    assert reference_of(text) is None


# --- bare labels whose values a text layer prints elsewhere ---------------------------------------

_APART = (
    "RECHNUNG Nr.:\nDatum:\nWidgetwerk GmbH\nLindenweg 4\n12345 Musterstadt\n"
    "Bestellnummer: B-55120\nPos Menge Preis\n1 Schrauben 2 4,00\nSumme 8,00 EUR\n"
    "Kunde\n{value}\n{date}\nMax Mustermann\nHauptstr. 9"
)


def test_a_bare_invoice_number_label_takes_the_pages_number_and_date_pair():
    # the order's number is labelled beside its value; the invoice's own is printed apart
    assert reference_of(_APART.format(value="RE2024-0815", date="12.03.2024")) == "RE2024-0815"


def test_a_number_and_date_pair_inside_a_column_of_values_is_no_orphan():
    text = _APART.format(value="RE2024-0815\n12.03.2024\nRE2024-0816", date="13.03.2024")
    assert reference_of(text) == "B-55120"


def test_without_a_bare_date_label_the_pair_is_not_the_labels():
    text = _APART.replace("Datum:\n", "").format(value="RE2024-0815", date="12.03.2024")
    assert reference_of(text) == "B-55120"


# --- more spellings of an invoice's or a receipt's number -----------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Quittung Nr. 3317",  # a small business's handwritten-style receipt
        "Quittungsnummer: 3317",
        "Rechnungs Nr. 3317",  # the compound written apart
        "Número de documento: 3317",
        "Fra. nº 3317",  # Spanish "factura" abbreviated
        "Fact. n° 3317",  # French "facture" abbreviated
        "Fact n° 3317",
    ],
)
def test_more_spellings_of_a_bills_own_number(line):
    text = f"Werkstatt Sonnleitner\n{line}\nDatum: 04.04.2024\nSumme 40,00 EUR"
    assert reference_of(text) == "3317"


# --- a header row with the customer's number beside the document's ------------------------------


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Date N° client N° facture", "02/05/2024 CL-0093 F2024-0412"),
        ("N° client N° facture Date", "CL-0093 F2024-0412 02/05/2024"),
        ("Fecha Nº cliente Nº factura", "02/05/2024 CL-0093 F2024-0412"),
        ("Data Cod. cliente N. fattura", "02/05/2024 CL-0093 F2024-0412"),
    ],
)
def test_a_header_rows_invoice_number_wins_over_the_customers_number(header, row):
    # "N° facture" is a number's label, not the kind's word alone over a row of other words
    text = f"Atelier Brise SARL\n{header}\n{row}\nTotal 84,00 €"
    assert reference_of(text) == "F2024-0412"


# --- a label alone over a value that opens a line of other words -----------------------------------


def test_a_number_label_alone_takes_the_number_opening_the_next_line():
    # the other column's label was left out: the line under holds the number and a name
    text = "Harbour Supplies Ltd\nInvoice Number\nHS-20931 Priya Natarajan\nTotal £40.00"
    assert reference_of(text) == "HS-20931"


def test_a_kinds_word_alone_over_a_line_is_no_label_of_its_first_word():
    text = "Harbour Supplies Ltd\nINVOICE\nHS-20931 Priya Natarajan\nTotal £40.00"
    assert reference_of(text) is None


def test_a_street_number_opening_the_next_line_is_no_number():
    text = "Harbour Supplies Ltd\nInvoice Number\n221B Baker Street\nTotal £40.00"
    assert reference_of(text) is None
