"""Benchmark inputs, generated in code (nothing binary in the repository).

- `text_pdf_of_size`: a PDF with a real text layer, grown page by page to about the size
  asked for (the upload benchmark's "1 MB PDF").
- `text_pdf_pages`: a text-layer PDF with an exact page count (OCR throughput).
- `report_pdf`: a long text-layer report (36 pages, ~260 KB) of varied prose with section
  headings and page numbers: what a person uploads most, and what the upload-vs-floor runs send.
- `scanned_pdf_pages`: image-only pages, like a real scan of a letter: A4 at 150 dpi, about 35
  lines of body text each. Deliberately denser than the test suite's 3-line "scan", because
  Tesseract's time grows with the text on the page and the target is about real documents.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont

from tests.files import styled_pdf, text_pdf

WORDS = (
    "invoice",
    "account",
    "total",
    "payment",
    "amount",
    "balance",
    "statement",
    "period",
    "customer",
    "service",
    "electricity",
    "water",
    "insurance",
    "policy",
    "premium",
    "contract",
    "renewal",
    "notice",
    "reference",
    "number",
    "date",
    "due",
    "paid",
    "received",
    "thank",
    "you",
    "please",
    "contact",
    "office",
    "address",
    "street",
    "city",
)


def _line(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _page_lines(rng: random.Random, lines: int = 36, words: int = 12) -> list[str]:
    return [f"{n + 1:02d} {_line(rng, words)}" for n in range(lines)]


def text_pdf_pages(pages: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return text_pdf([_page_lines(rng) for _ in range(pages)])


def text_pdf_of_size(target_bytes: int = 1 << 20, seed: int = 2) -> bytes:
    """A text-layer PDF of about `target_bytes` (within one page's worth, ~3 KB)."""
    rng = random.Random(seed)
    probe = len(text_pdf([_page_lines(rng)] * 10)) / 10
    pages = [_page_lines(rng) for _ in range(max(1, int(target_bytes / probe)))]
    data = text_pdf(pages)
    while len(data) < target_bytes:
        pages.append(_page_lines(rng))
        data = text_pdf(pages)
    return data


SUBJECTS = (
    "The committee",
    "Our finance team",
    "The tenant",
    "Each household",
    "The contractor",
    "The regional office",
    "This report",
    "The auditor",
    "Most customers",
    "The council",
    "The insurer",
    "Every department",
    "The landlord",
    "The project board",
    "Our engineers",
)
VERBS = (
    "reviewed",
    "approved",
    "estimated",
    "questioned",
    "recorded",
    "reported",
    "confirmed",
    "postponed",
    "compared",
    "measured",
    "recommended",
    "rejected",
    "summarised",
    "renewed",
)
OBJECTS = (
    "the quarterly maintenance budget",
    "the revised heating contract",
    "water consumption",
    "the insurance premium for the building",
    "late payments from the previous period",
    "the annual energy statement",
    "repairs to the north stairwell",
    "the tenancy agreement",
    "staff travel expenses",
    "the cost of replacing the windows",
    "the parking allocation",
    "the audit of supplier invoices",
    "the schedule for the roof inspection",
)
TAILS = (
    "before the end of the financial year",
    "after a long discussion at the March meeting",
    "with a margin of about four per cent",
    "in line with the recommendations of 2025",
    "although two members asked for more detail",
    "and the figures are in the appendix",
    "pending a second quotation from another supplier",
    "as required by the lease",
)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def report_pdf(pages: int = 36, lines_per_page: int = 48, seed: int = 4) -> bytes:
    """A long report with a real text layer: a heading per page, 8 pt body lines of prose
    (about 105 characters each, cut at a word), a page number. 36 pages make about 260 KB."""
    rng = random.Random(seed)
    out = []
    for n in range(pages):
        body = []
        while len(body) < lines_per_page:
            line = _sentence(rng)
            while len(line) < 112:
                line += " " + _sentence(rng)
            body.append((8, line[:112].rsplit(" ", 1)[0]))
        out.append([(14, f"Section {n + 1}: Annual building report"), *body, (8, str(n + 1))])
    return styled_pdf(out)


def scanned_page(rng: random.Random, size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    """One grey 'scan' of a dense page: A4 at 150 dpi, ~35 lines of 10-word sentences."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    y = 90
    while y < size[1] - 110:
        draw.text((90, y), _line(rng, 10), fill=0, font=font)
        y += 45
    return image


def scanned_pdf_pages(pages: int, seed: int = 3) -> bytes:
    """An image-only PDF (no text layer), so every page goes through Tesseract."""
    rng = random.Random(seed)
    images = [scanned_page(rng).convert("RGB") for _ in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()
