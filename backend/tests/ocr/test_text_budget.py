"""The text budget (`OcrResult.apply_text_budget`): per page, per document, flagged."""

from __future__ import annotations

from app.ocr.base import OcrPage, OcrResult


def _result(*texts: str) -> OcrResult:
    return OcrResult(pages=[OcrPage(index=i, markdown=t) for i, t in enumerate(texts)], model="t")


def test_pages_over_the_page_budget_are_cut_at_a_word_and_flagged() -> None:
    result = _result("word " * 1000, "short page")
    assert result.apply_text_budget(per_page=1000, per_document=100_000) is True
    assert len(result.pages[0].markdown) <= 1000 and result.pages[0].markdown.endswith("word")
    assert result.pages[0].truncated and not result.pages[1].truncated
    assert result.pages[1].markdown == "short page"


def test_the_whole_text_stays_within_the_document_budget_rules_included() -> None:
    result = _result(*["x" * 900] * 30)
    assert result.apply_text_budget(per_page=1000, per_document=5000) is True
    assert len(result.text) <= 5000
    assert result.text.count("---") == 29  # every page keeps its place
    assert result.pages[-1].markdown == "" and result.pages[-1].truncated


def test_text_within_budget_is_untouched() -> None:
    result = _result("a page", "another page")
    text = result.text
    assert result.apply_text_budget(per_page=1000, per_document=5000) is False
    assert result.text == text and not result.text_truncated
