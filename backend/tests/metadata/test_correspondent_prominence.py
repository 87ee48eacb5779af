"""The correspondent from what the first page prints large: an issuer prints its name bigger
than the body (a letterhead, a shop's name over its till receipt), in any language, which the
OCR step's layout hints tell (`LayoutHints`: page 1's lines with a size, in points for a text
layer, in pixels of line height for a scan). Every example is made up; each states what the
text alone answers, so the test fails if the layout stops counting."""

from __future__ import annotations

from app.domain import LayoutHints, LayoutLine
from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_facts import extract_facts
from app.metadata.local_prominence import Prominence, prominence, words_of


def hints(text: str, sizes: dict[str, float], body: float) -> LayoutHints:
    """The text's lines as the OCR step lays them out: the sizes given, the body size else,
    top to bottom over the upper part of the page."""
    rows = [row for row in text.splitlines() if row.strip()]
    return LayoutHints(
        lines=tuple(
            LayoutLine(row, sizes.get(row, body), top=0.03 + 0.02 * i, page=0)
            for i, row in enumerate(rows)
        )
    )


def correspondent(text: str, layout: LayoutHints | None = None) -> object:
    facts = extract_facts([text], detect_language(text), layout)
    fact = facts.get(FactName.CORRESPONDENT)
    return fact.value if fact is not None else None


# An English invoice with no legal form anywhere, read from a window envelope's layout: the
# customer's address first in the text, the letterhead (printed large) after it
EN_INVOICE = """Jane Whitaker
4 Elm Grove
Leeds LS6 2AB
Brightwater Studio
12 Quay Street
Bristol BS1 4DJ
INVOICE
Invoice number: 2024-117
Invoice date: 3 March 2024
Brand design workshop 1,200.00
Total due GBP 1,200.00
"""


def test_a_letterhead_printed_large_under_the_customers_address():
    assert correspondent(EN_INVOICE) == "Jane Whitaker"  # the text alone
    layout = hints(EN_INVOICE, {"Brightwater Studio": 20, "INVOICE": 24}, body=10)
    assert correspondent(EN_INVOICE, layout) == "Brightwater Studio"


# A German invoice read from a window envelope's layout: the customer's address comes first in
# the text, the issuer's letterhead (both with a legal form) after it
DE_INVOICE = """Nordlicht Handel AG
Kaiserstraße 9
60311 Frankfurt
Holzbau Berger GmbH
Sägewerkweg 2
79100 Freiburg
Rechnung Nr. 2024-88
Rechnungsdatum: 14.02.2024
Dachstuhl Reparatur 3.400,00 €
Gesamtbetrag 3.400,00 €
"""


def test_a_legal_name_printed_large_outweighs_one_at_the_top():
    assert correspondent(DE_INVOICE) == "Nordlicht Handel AG"
    layout = hints(DE_INVOICE, {"Holzbau Berger GmbH": 16}, body=10)
    assert correspondent(DE_INVOICE, layout) == "Holzbau Berger GmbH"


# A French invoice whose largest line is its kind: "FACTURE" printed large is the type, the
# shop's name printed large under the customer's address the issuer
FR_INVOICE = """FACTURE
Claire Dubois
8 avenue Foch
75008 Paris
Boulangerie Le Fournil
3 rue des Lilas
69003 Lyon
Facture n° F-2024-12
Date : 12/03/2024
Total TTC : 240,00 €
"""


def test_a_kinds_word_printed_largest_is_never_the_name():
    assert correspondent(FR_INVOICE) == "Claire Dubois"
    layout = hints(FR_INVOICE, {"FACTURE": 30, "Boulangerie Le Fournil": 18}, body=10)
    assert correspondent(FR_INVOICE, layout) == "Boulangerie Le Fournil"
    # only the kind's word printed large: no name is taken from the layout
    assert correspondent(FR_INVOICE, hints(FR_INVOICE, {"FACTURE": 30}, body=10)) == (
        "Claire Dubois"
    )


# A German till receipt with no legal form anywhere: a greeting heads it, the shop's name is
# printed large under it
DE_RECEIPT = """Herzlich Willkommen
BÄCKEREI SONNENKORN
Kassenbon
2 Roggenbrötchen 0,90
1 Kaffee 2,40
SUMME EUR 3,30
Bar 5,00
"""


def test_a_shop_name_printed_large_on_a_receipt_with_no_legal_form():
    assert correspondent(DE_RECEIPT) == "Herzlich Willkommen"
    layout = hints(DE_RECEIPT, {"BÄCKEREI SONNENKORN": 22}, body=10)
    assert correspondent(DE_RECEIPT, layout) == "BÄCKEREI SONNENKORN"


# An English receipt as a scan's OCR reads it: sizes are line-box heights in pixels, the shop's
# logo line a large one among the body's
EN_SCAN = """Fresh Every Morning
PINECONE DELI
Sandwich 6.50
Soup 4.25
TOTAL 10.75
CARD 10.75
"""


def test_a_scans_pixel_heights_tell_the_large_name_too():
    assert correspondent(EN_SCAN) == "Fresh Every Morning"
    pixels = {"PINECONE DELI": 64, "Sandwich 6.50": 29, "TOTAL 10.75": 31}
    layout = hints(EN_SCAN, pixels, body=28)
    assert correspondent(EN_SCAN, layout) == "PINECONE DELI"


def test_the_recipients_block_a_date_or_an_amount_printed_large_is_not_a_name():
    text = """Fresh Every Morning
Bill to:
Oakridge Partners
14 March 2024
Total 10.75
"""
    layout = hints(text, {"Oakridge Partners": 20, "14 March 2024": 22, "Total 10.75": 24}, body=10)
    assert correspondent(text, layout) == correspondent(text) == "Fresh Every Morning"


def test_a_line_far_down_the_page_is_not_the_letterhead():
    low = LayoutHints(
        lines=tuple(
            LayoutLine(row, 22 if row == "PINECONE DELI" else 10, top=0.5 + 0.05 * i)
            for i, row in enumerate(EN_SCAN.splitlines())
        )
    )
    assert not prominence(low)
    assert correspondent(EN_SCAN, low) == "Fresh Every Morning"


def test_without_layout_hints_the_text_alone_decides():
    for text in (EN_INVOICE, DE_INVOICE, FR_INVOICE, DE_RECEIPT, EN_SCAN):
        pages, language = [text], detect_language(text)
        alone = extract_facts(pages, language)
        assert extract_facts(pages, language, None) == alone
        assert extract_facts(pages, language, LayoutHints()) == alone
        # too few lines to tell a body's size
        few = LayoutHints(lines=(LayoutLine("PINECONE DELI", 40), LayoutLine("x", 10)))
        assert extract_facts(pages, language, few) == alone


def test_a_markdown_line_matches_its_layout_line_by_its_words():
    assert words_of("# **ACME  Tools**") == words_of("ACME Tools") == "acme tools"
    laid = Prominence((("acme tools", 2.0), ("invoice 2024 7", 3.0)))
    assert laid.of_line("## ACME Tools") == 2.0
    assert laid.of_line("Acme") == 2.0  # a part of a line printed large
    assert laid.of_line("Tools Invoice") == 0.0  # two lines' words, neither line's
    # a text line holding two columns: prominent only for the part the large line holds
    assert laid.of_line("ACME Tools   Customer No 5", "ACME Tools") == 2.0
    assert laid.of_line("ACME Tools   Customer No 5", "Customer No 5") == 0.0
    assert not Prominence()


def test_a_block_a_little_larger_than_the_fine_print_is_not_printed_large():
    # the body's median is a table's fine print; the customer's block is set a little larger,
    # the letterhead far larger, the kind's heading largest of all
    sizes = {"Holzbau Berger GmbH": 16, "Rechnung Nr. 2024-88": 24}
    sizes |= {row: 11 for row in ("Nordlicht Handel AG", "Kaiserstraße 9", "60311 Frankfurt")}
    laid = prominence(hints(DE_INVOICE, sizes, body=8))
    assert laid.of_line("Holzbau Berger GmbH") > 1.5
    assert laid.of_line("Nordlicht Handel AG") == 0.0  # 1.16 times the body, not large
    assert correspondent(DE_INVOICE, hints(DE_INVOICE, sizes, body=8)) == "Holzbau Berger GmbH"
