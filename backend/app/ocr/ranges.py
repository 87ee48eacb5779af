"""A PDF split by pages, for an OCR service with per-call limits (Mistral: 1,000 pages, 50 MB).

pypdfium2 copies a range of pages into a new PDF (`import_pages`): the page objects and what
they use, so a range's bytes are roughly its share of the file. Called in a thread: it is
short, and holds only the one range it builds.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from app.errors import ErrorCode, PermanentError


def page_count(path: str, max_pages: int) -> int | None:
    """The PDF's page count; None when pdfium cannot open it (the service may still read it:
    it is then sent whole, as before, and the service's answer says what is wrong)."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count == 0:
        raise PermanentError("This PDF has no pages.")
    if count > max_pages:
        raise PermanentError(
            f"This PDF has {count} pages; the limit is {max_pages}. Split it and upload the parts.",
            ErrorCode.TOO_MANY_PAGES,
        )
    return count


def split(start: int, stop: int, size: int) -> list[tuple[int, int]]:
    """[start, stop) in consecutive ranges of at most `size` pages."""
    return [(i, min(i + size, stop)) for i in range(start, stop, max(1, size))]


def extract(path: str, start: int, stop: int) -> bytes:
    """Pages [start, stop) of the PDF at `path` as a PDF of their own."""
    src = pdfium.PdfDocument(path)
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, list(range(start, stop)))
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        src.close()
