"""Text hygiene and the layout hints the OCR step hands to the metadata step."""

from __future__ import annotations

import pytest

from app.ocr.base import OcrPage, OcrResult
from app.ocr.layout import tesseract_tsv
from app.ocr.local_worker import init_worker, markdown
from app.ocr.text import has_control_characters, tidy
from app.workers import WorkerPool
from tests import files
from tests.ocr.test_local import make_engine, run


@pytest.fixture(scope="module")
def workers():
    pool = WorkerPool(1, initializer=init_worker)
    yield pool
    pool.shutdown()


def test_pdfium_hyphenation_marks_are_joined_into_the_word():
    assert (
        tidy("structures man\x02agement and ELE\x02\nMENT") == "structures management and ELEMENT"
    )


def test_soft_hyphens_and_line_end_hyphens_join_the_word():
    assert tidy("manip\u00ad\nulation") == "manipulation"
    assert tidy("manip-\nulation of data") == "manipulation of data"
    assert tidy("Smith-\nJones") == "Smith-\nJones"  # a capital after the break: a real hyphen


def test_unicode_line_break_hyphens_join_the_word_in_any_alphabet():
    # OCR engines write U+2010 HYPHEN or U+2011, German typesetting "¬"; the halves may carry
    # accents or letters outside Latin-1.
    assert tidy("in\u2010\ncluding") == "including"
    assert tidy("Grund\u2011\n  gebühr") == "Grundgebühr"
    assert tidy("Stra\u00ac\nße") == "Straße"
    assert tidy("świę-\ntość") == "świętość"
    assert tidy("ré-\nsumé") == "résumé"
    assert tidy("Müller\u2010\nLüdenscheidt") == "Müller\u2010\nLüdenscheidt"  # a real hyphen


def test_ligatures_and_control_characters_are_normalised():
    cleaned = tidy("e\ufb03cient \ufb01le\x07 with\x00 bell")
    assert cleaned == "efficient file with bell" and not has_control_characters(cleaned)


def test_every_engines_page_text_is_tidied_before_it_is_stored():
    assert OcrPage(index=0, markdown="ELE\x02MENT \ufb02ow\x1b").markdown == "ELEMENT flow"
    # Mistral's markdown too: a hyphen at a line end inside a word is joined.
    assert OcrPage(index=0, markdown="the pages, in\u2010\ncluding photos").markdown == (
        "the pages, including photos"
    )


def test_a_paragraph_broken_into_source_lines_reads_as_one_paragraph():
    prose = (
        "This document describes the library that provides structure management and the "
        "encoding\nfunctions. It is free software and anybody can use, modify and "
        "redistribute it under the\nterms of its licence, which is included with the "
        "source code of every release that we make\navailable on the project site."
    )
    lines = [prose] * 5
    text = markdown("\n\n".join(lines))
    assert "encoding functions." in text and "under the terms" in text and "make available" in text


def test_short_form_lines_are_never_glued_together():
    form = "INVOICE\nAcme Widgets Ltd, 4 Harbour Road\nInvoice number: 12\nTotal due: 30.00 EUR"
    assert markdown(form) == form


def test_tesseract_tsv_gives_text_and_line_heights():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t500\t60\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t200\t60\t95\tAnnual\n"
        "5\t1\t1\t1\t1\t2\t220\t20\t200\t60\t95\tReport\n"
        "4\t1\t2\t1\t1\t0\t10\t200\t500\t25\t-1\t\n"
        "5\t1\t2\t1\t1\t1\t10\t200\t200\t25\t95\tBody\n"
    )
    text, hints = tesseract_tsv(tsv, image_height=1000)
    assert text == "Annual Report\n\nBody"
    assert hints[0] == {"text": "Annual Report", "size": 60, "top": 0.02, "page": 0}
    assert hints[1]["size"] == 25


async def test_a_text_pdf_carries_its_first_page_lines_with_font_sizes(workers):
    engine, storage = make_engine(workers)
    result, _ = await run(engine, storage, files.bill_pdf(), "application/pdf")
    lines = result.layout.lines
    assert [h.text for h in lines[:2]] == files.BILL_LINES[:2]
    assert lines[0].size == 14 and lines[0].top < 0.15
    assert result.layout.no_text is False


async def test_a_scan_carries_line_hints_from_tesseract(workers):
    engine, storage = make_engine(workers)
    result, _ = await run(engine, storage, files.scan_image(files.SCAN_LINES), "image/png")
    assert any("Acme" in h.text for h in result.layout.lines)
    assert all(h.size > 0 for h in result.layout.lines)


async def test_a_blank_page_is_flagged_as_having_no_text(workers):
    engine, storage = make_engine(workers)
    result, _ = await run(engine, storage, files.scan_image([]), "image/png")
    assert result.text == "" and result.layout.no_text is True
    assert result.no_text


def test_stray_marks_are_no_text_but_a_word_in_any_script_is():
    def no_text(*pages: str) -> bool:
        return OcrResult([OcrPage(i, p) for i, p in enumerate(pages)], model="any").no_text

    assert no_text("", " | ~ .\n-", "—")  # what Tesseract makes of specks on an empty page
    assert not no_text("", "Invoice 42")
    assert not no_text("東京都")  # not only Latin letters count
    assert not no_text("", "", "42")  # a page number alone is still text the OCR read
