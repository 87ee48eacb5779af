"""Print the corpus to real PDFs with Chromium, and scan them at 200 dpi.

Chromium lays the text out with real fonts, so the PDFs have the text layer, font sizes and
positions of documents people actually export; the scans are the PDFs' pages rendered to
grey-scale images, read back by Tesseract like any scan.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium

from eval.metadata.corpus import Doc

CSS = """
@page { size: A4; margin: 0 }
body { margin: 0; font-family: 'DejaVu Serif', serif; font-size: 11pt; color: #111 }
.page { position: relative; box-sizing: border-box; height: 296mm; padding: 22mm 24mm;
        page-break-after: always; overflow: hidden }
.page:last-child { page-break-after: auto }
.header { font-size: 9pt; color: #444; border-bottom: 1px solid #999; margin-bottom: 8mm }
.footer { position: absolute; bottom: 12mm; left: 0; right: 0; text-align: center; font-size: 9pt }
h1 { font-size: 24pt; margin: 10mm 0 4mm } h2 { font-size: 15pt; margin: 6mm 0 3mm }
.small { font-size: 10pt; margin: 1mm 0 } .toc { font-family: monospace; margin: 1mm 0 }
li { margin: 1mm 0 } p { line-height: 1.35; margin: 0 0 3mm; text-align: justify; hyphens: auto }
"""


def to_html(doc: Doc) -> str:
    pages = []
    for number, blocks in enumerate(doc.pages, 1):
        parts = []
        if doc.header and number > 1:
            parts.append(
                f'<div class="header">{html.escape(doc.header.format(chapter=number - 1))}</div>'
            )
        for kind, text in blocks:
            t = html.escape(text)
            if kind in ("h1", "h2"):
                parts.append(f"<{kind}>{t}</{kind}>")
            elif kind == "li":
                parts.append(f"<ul><li>{t}</li></ul>")
            elif kind in ("small", "toc"):
                parts.append(f'<div class="{kind}">{t}</div>')
            else:
                parts.append(f"<p>{t}</p>")
        if doc.footer_numbers:
            parts.append(f'<div class="footer">{number}</div>')
        pages.append(f'<div class="page">{"".join(parts)}</div>')
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{doc.slug}</title>'
        f"<style>{CSS}{doc.extra_css}</style></head><body>{''.join(pages)}</body></html>"
    )


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise SystemExit("Chromium is needed to print the corpus (apt-get install chromium).")


def print_pdf(doc: Doc, out_dir: Path) -> Path:
    source = out_dir / f"{doc.slug}.html"
    target = out_dir / f"{doc.slug}.pdf"
    source.write_text(to_html(doc), encoding="utf-8")
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={out_dir / 'chromium-profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target


def scan(pdf_path: Path, out_dir: Path, dpi: int = 200, max_pages: int = 2) -> Path:
    """A multi-page TIFF 'scan' of the first pages, grey-scale at `dpi`."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        images = []
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        pdf.close()
    target = out_dir / f"{pdf_path.stem}-scan.tiff"
    images[0].save(
        target, save_all=True, append_images=images[1:], compression="tiff_lzw", dpi=(dpi, dpi)
    )
    return target
