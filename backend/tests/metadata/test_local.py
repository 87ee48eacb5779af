"""The local extractive metadata generator."""

from __future__ import annotations

from app.metadata.base import DocumentInfo
from app.metadata.local import LocalMetadataGenerator, build_metadata

INFO = DocumentInfo(id="d", filename="scan_0001.pdf", mime_type="application/pdf", page_count=1)


def test_a_bill_gets_kind_issuer_and_date_in_its_title():
    text = (
        "City Power Ltd\nElectricity Bill\nStatement date: 2026-03-14\nDear Customer,\n"
        "Your electricity usage this month was 412 kWh, higher than last year. Your electricity "
        "usage is billed at the winter rate.\nAmount due: 61.20 GBP\n"
    )
    name, tags, summary = build_metadata(text, INFO)
    assert name == "Invoice – City Power Ltd – 14 Mar 2026"
    assert 1 <= len(tags) <= 8 and "electricity" in " ".join(tags)
    assert not any(t.isdigit() for t in tags)
    assert summary.startswith("An invoice from City Power Ltd dated 14 Mar 2026, for GBP 61.20."), (
        summary
    )
    assert "Dear Customer" not in summary


def test_a_letter_without_a_known_kind_uses_its_heading():
    text = (
        "Annual Garden Club Newsletter\n\nThe garden club planted forty new roses along the "
        "river path this spring. Members of the garden club will meet again in June to plan "
        "the autumn planting of the river path.\n"
    )
    name, tags, summary = build_metadata(text, INFO)
    assert name == "Annual Garden Club Newsletter"
    assert "garden club" in tags and 3 <= len(tags) <= 8
    assert "forty new roses" in summary
    assert summary.count(".") <= 4


def test_no_text_falls_back_to_the_filename_and_says_so():
    for text in ("", "The OCR found no text in this document."):
        name, tags, summary = build_metadata(text, INFO)
        assert name == "Scan 0001"
        assert tags == ["no text found"] and summary.startswith("No text was found")


async def test_the_generator_uses_the_two_tools_like_the_agent():
    class Tools:
        saved = None

        async def read_ocr(self, page=None):
            return (
                "Invoice number 12\nAcme Widgets Ltd\nInvoice date 1 May 2026\n"
                "Total due: 120.00 EUR\n"
            )

        async def save_metadata(self, display_name, tags, summary, **_):
            self.saved = (display_name, tags, summary)

    tools = Tools()
    events = [e async for e in LocalMetadataGenerator().run(INFO, tools)]
    assert [e.tool for e in events if e.type == "tool"] == ["read_ocr", "save_metadata"]
    assert tools.saved[0] == "Invoice – Acme Widgets Ltd – 1 May 2026"


def test_a_form_like_invoice_summary_carries_its_total():
    text = (
        "Invoice 2026-117\nACME Corporation\nBilled to Ada Lovelace\nJanuary 2026\n"
        "Total due: 4200.00 EUR by 31 January 2026\nThank you\n"
    )
    name, _, summary = build_metadata(text, INFO)
    # "January 2026" has no day: no document date is guessed
    assert name == "Invoice – ACME Corporation"
    assert summary == (
        "An invoice from ACME Corporation (reference 2026-117), for EUR 4,200.00, due 31 Jan 2026."
    )


def test_a_summary_is_never_more_than_three_sentences():
    text = (
        "Total due: 120.00 EUR\n" + "The garden club planted forty new roses along the river "
        "path this spring, and members of the garden club water them weekly. " * 6
    )
    _, _, summary = build_metadata(text, INFO)
    assert 1 <= summary.count(". ") + 1 <= 3, summary
