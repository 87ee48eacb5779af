"""Text inside an image on a text PDF page is read too (issue 22).

An invoice printed by Chromium from HTML: the body is real text (a text layer), the issuer
block at the top is a picture. Before, the page was read from its text layer only and the
sender was unknown; now the picture is OCR'd and its words come first, where it stands.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess

from eval.metadata.render import chromium
from tests import files
from tests.conftest import traversable_tmpdir
from tests.ocr import scans
from tests.ocr.test_local import make_engine, run

BODY = (
    "Rechnung Nr. 2024-117. Sehr geehrte Damen und Herren, für die Lieferung vom 3. Mai "
    "berechnen wir Ihnen 40 Kartons Papierflieger zu je 18,50 Euro. Der Gesamtbetrag von "
    "740,00 Euro ist innerhalb von vierzehn Tagen ohne Abzug zu zahlen. Vielen Dank!"
)


def issuer_png() -> bytes:
    """The letterhead of a real invoice (the top quarter of the corpus's Kraxi invoice, at
    200 dpi): the issuer block, as a picture."""
    image = scans.page_image("de-invoice-kraxi-01", 0)
    image = image.crop((0, 0, image.width, image.height // 4))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def invoice_pdf() -> bytes:
    root = traversable_tmpdir("docstream-ocr-chromium-")
    try:
        logo = base64.b64encode(issuer_png()).decode()
        html = root / "invoice.html"
        html.write_text(
            '<!doctype html><html lang="de"><meta charset="utf-8"><body style="font: 12pt serif">'
            f'<img src="data:image/png;base64,{logo}" style="width: 17cm">'
            + "".join(f"<p>{BODY}</p>" for _ in range(3))
            + "</body></html>",
            encoding="utf-8",
        )
        pdf = root / "invoice.pdf"
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={root / 'profile'}",
                f"--print-to-pdf={pdf}",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=110,
        )
        return pdf.read_bytes()
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def test_the_issuer_block_drawn_as_an_image_is_read_in_reading_order(workers):
    engine, storage = make_engine(workers)
    result, _ = await run(engine, storage, invoice_pdf(), "application/pdf")
    text = " ".join(result.text.split())
    assert "Kraxi GmbH" in text and "Flugzeugallee 17" in text and "Papierfeld" in text
    assert text.index("Kraxi") < text.index("Rechnung Nr. 2024-117")  # where it stands
    assert text.count("Gesamtbetrag von 740,00 Euro") == 3  # the text layer, once
    assert result.usage_info["pages_ocr"] == 1 and result.language == "de"


async def test_a_text_page_without_large_images_is_not_ocrd(workers):
    engine, storage = make_engine(workers)
    pdf = files.text_pdf([["A page of plain text, long enough to be a text layer."]])
    result, _ = await run(engine, storage, pdf, "application/pdf")
    assert result.usage_info["pages_ocr"] == 0 and result.model == "pdfium-text-layer"
