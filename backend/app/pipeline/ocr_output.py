"""An `OcrResult` as the row `store/jobs.py::complete_ocr` saves: the one place its JSON shape
(`ocr_results.pages`) is built from the typed pages, for a whole-document run and for the
fan-in of a long document's page ranges alike."""

from __future__ import annotations

from app.config import Settings
from app.domain import Document
from app.ocr.base import OcrResult
from app.store import jobs as job_store


def output(
    result: OcrResult, settings: Settings, chosen_language: str | None = None
) -> job_store.OcrOutput:
    """The row to save, within the text budget (`OCR_MAX_CHARS_PER_PAGE` and
    `_PER_DOCUMENT`): a few KB of PDF can draw the same words millions of times, and every
    read of the document would pay for them. A page cut is marked, and so is the document.
    `chosen_language`: the document's `ocr_language` (a person's Retry with a language), which
    wins over what the pages seemed to be in; here so a whole run and a fan-in agree."""
    result.apply_text_budget(settings.ocr_max_chars_per_page, settings.ocr_max_chars_per_document)
    return job_store.OcrOutput(
        text=result.text,
        pages=[
            {
                "index": p.index,
                "markdown": p.markdown,
                "width": p.width,
                "height": p.height,
                # How the page was turned to be read: the thumbnail and viewer show it upright.
                "orientation": p.orientation,
                "skew": p.skew,
                "language": p.language,
            }
            for p in result.pages
        ],
        tables_html=result.tables_html,
        page_count=result.page_count,
        model=result.model,
        processing_time_ms=result.processing_time_ms,
        usage_info=result.usage_info,
        layout=result.layout,
        no_text=result.no_text,
        language=chosen_language or result.language,
        text_truncated=result.text_truncated,
    )


def page_reading(engine_reading: str, doc: Document) -> str:
    """How a run of `doc` reads its pages, the key its stored pages (`ocr_pages`) are kept
    under: the engine's way, and the language a person chose (Retry with a language). A page
    read in a chosen language is not what a run that finds each page's language reads, nor
    the other way round: a plain Retry after a chosen-language run reads the pages again."""
    return f"{engine_reading}|{doc.ocr_language}" if doc.ocr_language else engine_reading
