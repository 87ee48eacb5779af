"""Scans of real German, French and Dutch pages are read in their own language.

Before issue 22 only English was installed and used: "Grundgebühr" came out as "Grundgebiihr"
and searches for the right spelling missed the document. Each page here is a 200-dpi grey scan
of a real document; the engine (real worker processes, real Tesseract) must name its language,
keep its accented letters and read it within one point of CER of `tesseract -l <language>`.
"""

from __future__ import annotations

import re

import pytest

from tests.ocr import scans
from tests.ocr.test_local import make_engine, run

CASES = [
    # document, page, ISO 639-1, Tesseract pack
    ("de-insurance-mvm-01", 0, "de", "deu"),
    ("fr-manual-debian-faq-01", 1, "fr", "fra"),
    ("nl-manual-debian-faq-01", 1, "nl", "nld"),
]
ACCENTED = re.compile(r"\w*[à-öø-ÿß]\w*")


@pytest.mark.parametrize(("document", "index", "iso", "pack"), CASES)
async def test_a_scan_is_read_in_its_own_language(workers, document, index, iso, pack):
    engine, storage = make_engine(workers)
    pdf = scans.scan_pdf(scans.page_image(document, index))
    result, _ = await run(engine, storage, pdf, "application/pdf")

    reference = scans.page_text(document, index)
    ours = scans.cer(result.text, reference)
    tesseract = scans.cer(scans.tesseract_cli(scans.rendered(pdf), pack), reference)
    assert ours <= tesseract + 1.0, (
        f"CER {ours:.2f} % against tesseract -l {pack} {tesseract:.2f} %"
    )

    assert result.language == iso and result.pages[0].language == iso
    # Accented words of the page survive: "Grundgebühr", "Übersetzung", "éléments".
    wanted = set(ACCENTED.findall(reference))
    found = wanted & set(ACCENTED.findall(result.text))
    assert wanted and len(found) >= 0.8 * len(wanted), sorted(wanted - found)


async def test_a_page_in_the_first_language_is_read_once(workers):
    """English pages (the first of OCR_LANGUAGES) cost one pass, not one per language."""
    engine, storage = make_engine(workers)
    pdf = scans.scan_pdf(scans.page_image("en-manual-debian-faq-01", 1))
    result, _ = await run(engine, storage, pdf, "application/pdf")
    assert result.language == "en"
    assert result.usage_info["ocr_passes"] == 1
    assert "Debian" in result.text


async def test_only_the_configured_languages_are_used(workers):
    """With OCR_LANGUAGES=eng a German page is read in English only (one pass, nothing else
    loaded), and still called German."""
    engine, storage = make_engine(workers, OCR_LANGUAGES="eng")
    pdf = scans.scan_pdf(scans.page_image("de-insurance-mvm-01", 0))
    result, _ = await run(engine, storage, pdf, "application/pdf")
    assert result.language == "de" and result.usage_info["ocr_passes"] == 1
