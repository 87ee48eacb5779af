"""Summaries and tags on letters and bills in the languages read by default: no salutation or
closing formula, no month, address or copy mark as a tag."""

from __future__ import annotations

import pytest

from app.metadata.base import DocumentInfo
from app.metadata.local import build_metadata
from app.metadata.local_summary import is_letter_formula, without_salutation
from app.metadata.local_tags import item_tags, keyphrases
from app.metadata.local_text import is_fragment
from eval.facts.score import summary_problems

INFO = DocumentInfo(id="d", filename="scan_0007.pdf", mime_type="application/pdf", page_count=1)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Gentile contribuente, con la presente La informiamo che il saldo è dovuto.",
            "Con la presente La informiamo che il saldo è dovuto.",
        ),
        (
            "Madame, nous vous informons que vos conditions évoluent en avril.",
            "Nous vous informons que vos conditions évoluent en avril.",
        ),
        (
            "Geachte heer Jansen, wij hebben uw aanvraag goed ontvangen.",
            "Wij hebben uw aanvraag goed ontvangen.",
        ),
        ("Dear Ms Example, thank you for your letter of May.", "Thank you for your letter of May."),
        ("The meter was read on 3 May.", "The meter was read on 3 May."),
    ],
)
def test_a_salutation_glued_to_the_first_sentence_goes(sentence: str, expected: str) -> None:
    assert without_salutation(sentence) == expected


@pytest.mark.parametrize(
    ("line", "formula"),
    [
        ("Sehr geehrte Frau Beispiel,", True),
        ("Mit freundlichen Grüßen", True),
        ("Met vriendelijke groet,", True),
        ("Distinti saluti", True),
        ("Atentamente,", True),
        ("Yours sincerely,", True),
        ("Dear customers, the shop closes early on Friday.", False),
        ("Regional heat pump subsidies", False),
    ],
)
def test_a_letters_formula_lines(line: str, formula: bool) -> None:
    assert is_letter_formula(line) is formula


def test_a_letters_summary_never_opens_with_its_salutation_nor_quotes_its_closing() -> None:
    text = (
        "Caisse des Tilleuls\nLyon, le 3 février 2025\nObjet : Vos nouveaux tarifs\n"
        "Madame,\nNous vous informons que les tarifs de votre compte évolueront à compter du "
        "1er avril 2025.\nNous vous prions d'agréer, Madame, l'expression de nos salutations "
        "distinguées.\n"
    )
    summary = build_metadata(text, INFO)[2]
    assert "Nous vous informons que les tarifs" in summary
    assert "Madame, Nous" not in summary and "agréer" not in summary


def test_a_dutch_sentence_with_its_article_is_not_a_fragment() -> None:
    # "een" looks like OCR junk (two letters) but is the Dutch article
    assert not is_fragment("Wij nemen binnen acht weken een besluit over uw aanvraag.")
    assert is_fragment("Wij nemen eee binnen acht weken nnn besluit over uw aanvraag.")


@pytest.mark.parametrize("month", ["maart", "avril", "junio", "settembre", "Dezember", "janeiro"])
def test_a_month_in_any_language_is_never_a_tag(month: str) -> None:
    lines = [f"The {month} garden fair", f"Plants for the {month} garden fair"] * 2
    assert not any(month.lower() in tag.split() for tag in keyphrases(lines, language="en"))


def test_an_elided_article_is_not_part_of_a_tag() -> None:
    lines = ["Il bilancio dell'anno e il bilancio dell'anno scorso"] * 2
    tags = keyphrases(lines, language="it")
    assert tags and not any("'" in tag or "’" in tag for tag in tags)


def test_a_copy_mark_is_never_a_tag() -> None:
    lines = ["Booking Confirmation — ORIGINAL", "Container booking — ORIGINAL copy"] * 2
    assert not any(
        {"original", "copy"} & set(tag.split()) for tag in keyphrases(lines, language="en")
    )


def test_an_address_and_a_place_with_its_date_make_no_tag() -> None:
    text = (
        "Wasserverband Nordheide GmbH\nHafenstraße 12 · 24103 Tostedt\nTostedt, 14. März 2025\n"
        "Betreff: Ihre Abschlagszahlung\nSehr geehrte Frau Beispiel,\n"
        "wir passen Ihre monatliche Abschlagszahlung an den Wasserverbrauch des letzten Jahres "
        "an. Die neue Abschlagszahlung gilt ab April.\nMit freundlichen Grüßen\n"
    )
    tags = build_metadata(text, INFO)[1]
    assert "abschlagszahlung" in tags
    assert not {"tostedt", "hafenstraße", "sehr", "geehrte", "grüßen"} & set(tags)


def test_a_doubtful_sender_is_not_in_the_summary_either() -> None:
    text = (
        "Invoice\nInvoice number: 2024-0318\nInvoice date: 3 May 2024\n"
        "Birch, Maple &\nBill to: Jane Example\n"
        "Consulting | 800.00\nTotal due: GBP 800.00\n"
    )
    summary = build_metadata(text, INFO)[2]
    assert summary.startswith("An invoice dated 3 May 2024") and "Birch" not in summary


def test_a_long_heading_in_title_case_is_not_glued_to_the_next_sentence() -> None:
    text = (
        "Weekly Garden Notes\nSoil Moisture and Tomato Yields in Raised Beds Across Three Summers\n"
        "Raised beds that were watered at dawn gave a third more tomatoes than beds watered "
        "at noon. Mulch kept the soil moist for two more days.\n"
    )
    summary = build_metadata(text, INFO)[2]
    assert "Summers Raised" not in summary and "Raised beds that were watered" in summary


@pytest.mark.parametrize(
    "lines",
    [
        ["Summe netto 49,00 €", "Summe netto und Gesamtbetrag"] * 2,
        ["Base imponible 120,00", "Precio unitario y base imponible"] * 2,
        ["Totale documento 109,80", "Totale documento e importo"] * 2,
    ],
)
def test_a_bills_column_heads_and_sum_labels_are_never_tags(lines: list[str]) -> None:
    furniture = {"summe", "netto", "gesamtbetrag", "base", "imponible", "precio", "unitario"}
    furniture |= {"totale", "documento", "importo"}
    assert not any(set(tag.split()) & furniture for tag in keyphrases(lines, language="de"))


@pytest.mark.parametrize(
    ("row", "tag"),
    [
        ("1 | Webhosting Pro (März 2024) | 12,90 €", "webhosting pro"),
        ("Manutenzione caldaia | 90,00", "manutenzione caldaia"),
        ("Garden Design Services 10,00 150,00 1.500,00", "garden design services"),
    ],
)
def test_a_bills_item_row_names_what_it_is_for(row: str, tag: str) -> None:
    assert item_tags([row], language="en") == [tag]


@pytest.mark.parametrize(
    "row",
    [
        "Gegeben Mastercard 12,50",
        "Summe 13,78",
        "Rechnungsbetrag 15,35 €",
        "Date | Amount",
        "Pro | 1 | 12,00",
    ],
)
def test_a_payment_or_sum_line_is_no_item(row: str) -> None:
    assert item_tags([row], language="de") == []


def test_a_short_invoice_is_tagged_by_what_it_bills() -> None:
    text = (
        "Serverhaus Nord GmbH – Kaiserstraße 5 – 20095 Hamburg\nRechnung Nr. 2024-55120\n"
        "Datum: 01.03.2024\nPos. | Beschreibung | Betrag\n1 | Webhosting Pro (März 2024) | 12,90 €\n"
        "Nettobetrag 12,90 €\nRechnungsbetrag 15,35 €\n"
    )
    assert "webhosting pro" in build_metadata(text, INFO)[1]


@pytest.mark.parametrize(
    "line",
    [
        "If you have any questions about this invoice, please contact our team on 0800 000 000.",
        "Bei Rückfragen wenden Sie sich bitte an unseren Kundenservice unter 0800 000 000.",
        "Pour toute question concernant cette facture, contactez notre service client.",
        "Please remit payment within 14 days of the invoice date to the account below.",
    ],
)
def test_whom_to_ask_is_never_a_bills_summary(line: str) -> None:
    text = (
        "Brightwave Energy Ltd\nInvoice number: BE-2024-1101\nInvoice date: 3 May 2024\n"
        f"Electricity supply April 2024 | 84.20\nTotal due: GBP 84.20\n{line}\n"
    )
    summary = build_metadata(text, INFO)[2]
    assert line[:20] not in summary and not summary_problems(summary), summary
