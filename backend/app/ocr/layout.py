"""Layout hints for the metadata step: which lines of the first page stand out.

A person finds a document's title by looking: the biggest text near the top of the first page.
Plain text has lost that, so the OCR step records, for the first page, every line with its size
and vertical position — from pdfium's character boxes and font sizes for a text layer, from
Tesseract's TSV line boxes for a scan — plus the PDF's own Title. The result travels in
`OcrResult.layout` (stored in `ocr_results.layout`) to the local metadata engine.

Plain functions of picklable values: they run in the OCR process pool.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.ocr.text import tidy

MAX_LINES = 80  # the first page's lines; a title is never further down


def line(text: str, size: float, top: float, page: int = 0) -> dict[str, Any]:
    """One line hint: `size` in points (text layer) or pixels (scan), `top` as a fraction of
    the page height from its top edge, so 0.05 is "near the top"."""
    return {
        "text": text,
        "size": round(size, 2),
        "top": round(max(0.0, min(1.0, top)), 4),
        "page": page,
    }


def pdf_first_page_lines(pdf: pdfium.PdfDocument, page_index: int = 0) -> list[dict[str, Any]]:
    """Lines of one page of a text-layer PDF with their font size, top to bottom.

    pdfium gives characters in reading order with the line breaks it inferred; each line's
    size is the largest font size among its characters (a heading is one size throughout) and
    its position the top of its highest character."""
    page = pdf[page_index]
    try:
        _, height = page.get_size()
        textpage = page.get_textpage()
        try:
            out: list[dict[str, Any]] = []
            chars: list[str] = []
            size, top = 0.0, 0.0
            count = textpage.count_chars()
            for i in range(count + 1):
                code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i) if i < count else 10
                if code in (10, 13):
                    text = " ".join(tidy("".join(chars)).split())
                    if text and len(out) < MAX_LINES:
                        out.append(line(text, size, 1 - top / max(height, 1), page_index))
                    chars, size, top = [], 0.0, 0.0
                    continue
                chars.append(chr(code))
                if not chr(code).isspace():
                    size = max(size, float(pdfium_c.FPDFText_GetFontSize(textpage.raw, i)))
                    top = max(top, textpage.get_charbox(i)[3])
            return out
        finally:
            textpage.close()
    finally:
        page.close()


def pdf_title(pdf: pdfium.PdfDocument) -> str | None:
    """The Title of the PDF's document information, when it has one."""
    try:
        title = pdf.get_metadata_dict().get("Title") or ""
    except pdfium.PdfiumError:
        return None
    title = " ".join(tidy(title).split())
    return title or None


def pdf_layout(path: str) -> dict[str, Any]:
    """The layout hints of a PDF with a text layer on its first page; none when pdfium cannot
    give them (hints are a nicety: their absence must never fail the OCR)."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return {}
    try:
        try:
            lines = pdf_first_page_lines(pdf, 0)
        except pdfium.PdfiumError:
            lines = []
        return {"pdf_title": pdf_title(pdf), "lines": lines}
    finally:
        pdf.close()


def tesseract_tsv(tsv: str, image_height: int, page: int = 0) -> tuple[str, list[dict[str, Any]]]:
    """Text and line hints from Tesseract's TSV output.

    The text is rebuilt the way Tesseract's plain-text renderer writes it (words joined by
    spaces, a blank line between paragraphs), so asking for TSV costs no second OCR pass. A
    line's size is the height of its box in pixels."""
    rows = list(csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    words: dict[tuple[int, int, int], list[str]] = {}
    boxes: dict[tuple[int, int, int], tuple[int, int]] = {}  # line key -> (top, height)
    for row in rows[1:]:
        if len(row) < 12 or not row[0].isdigit():
            continue
        level, block, par, ln = int(row[0]), int(row[2]), int(row[3]), int(row[4])
        key = (block, par, ln)
        if level == 4:
            boxes[key] = (int(row[7]), int(row[9]))
        elif level == 5 and row[11].strip():
            words.setdefault(key, []).append(row[11].strip())
    out: list[str] = []
    hints: list[dict[str, Any]] = []
    previous: tuple[int, int] | None = None
    for key in sorted(words):
        if previous is not None and previous != key[:2]:
            out.append("")
        previous = key[:2]
        text = " ".join(words[key])
        out.append(text)
        top, height = boxes.get(key, (0, 0))
        if len(hints) < MAX_LINES:
            hints.append(line(tidy(text), height, top / max(image_height, 1), page))
    return "\n".join(out), hints
