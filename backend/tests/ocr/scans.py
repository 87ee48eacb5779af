"""Real pages as scans, for the OCR tests: the facts corpus's PDFs (`eval/facts/documents`,
licences in `eval/facts/README.md`) rendered at 200 dpi in grey and bound into image-only PDFs,
as a flatbed scanner makes them; Tesseract's own CLI on the same pixels; and the character
error rate against the page's text layer."""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from rapidfuzz.distance import Levenshtein

from eval.facts.variants import render_pages

DOCUMENTS = Path(__file__).resolve().parents[2] / "eval" / "facts" / "documents"
DPI = 200


def page_image(document: str, index: int) -> Image.Image:
    return render_pages(DOCUMENTS / f"{document}.pdf", DPI, grey=True)[index]


def page_text(document: str, index: int) -> str:
    pdf = pdfium.PdfDocument(str(DOCUMENTS / f"{document}.pdf"))
    try:
        return pdf[index].get_textpage().get_text_bounded()
    finally:
        pdf.close()


def scan_pdf(image: Image.Image) -> bytes:
    """One image-only page at 200 dpi: what the engine renders from it is `rendered(...)`."""
    buf = io.BytesIO()
    image.convert("L").save(buf, "PDF", resolution=DPI)
    return buf.getvalue()


def rendered(pdf_bytes: bytes) -> Image.Image:
    """The page as the engine sees it (pdfium at 200 dpi): the CLI reads the same pixels."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return pdf[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def tesseract_cli(image: Image.Image, language: str) -> str:
    """`tesseract page.png stdout -l <language>`: what Tesseract alone makes of the page."""
    with tempfile.TemporaryDirectory(prefix="docstream-ocr-cli-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        done = subprocess.run(
            ["tesseract", str(png), "stdout", "-l", language],
            capture_output=True,
            check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    return done.stdout.decode()


def _norm(text: str) -> str:
    return " ".join(text.split())


def cer(text: str, reference: str) -> float:
    """Character error rate in percent (edits per reference character, whitespace collapsed)."""
    ref = _norm(reference)
    return 100.0 * Levenshtein.distance(_norm(text), ref) / max(1, len(ref))
