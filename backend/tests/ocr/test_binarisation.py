"""A page Tesseract reads with little confidence is read again binarised locally (Sauvola).

Made-up pages drawn with Pillow and read by the real Tesseract in this process
(`app.ocr.reading`, `app.ocr.tess`). A page lit very unevenly and read without preparation
(an image inside a text page is never prepared) loses most of its words to one Otsu
threshold; Sauvola's local threshold reads them. A page that reads well costs one pass, and
a second reading that Tesseract is not surer of is not kept.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from app.ocr import reading, tess
from app.ocr.reading import read_page
from tests.ocr.drawn import drawn_page, found

WORDS = [
    "invoice",
    "total",
    "amount",
    "number",
    "payment",
    "reference",
    "quantity",
    "delivery",
    "address",
    "customer",
    "balance",
    "account",
    "period",
    "service",
    "charges",
]


def page(
    font_size: int = 24, lines: int = 24, seed: int = 1, rules: bool = False
) -> tuple[Image.Image, list[str]]:
    """A page of made-up lines of this file's words (`drawn.drawn_page`)."""
    return drawn_page(WORDS, font_size, lines, seed, rules)


def lit_unevenly(image: Image.Image, dark: float) -> Image.Image:
    """The page lit from the right: its left edge at `dark` of the right edge's light."""
    ramp = Image.linear_gradient("L").rotate(90).resize(image.size)
    light = np.asarray(ramp, np.float32) / 255 * (1 - dark) + dark
    return Image.fromarray((np.asarray(image, np.float32) * light).astype(np.uint8))


def with_grey_bands(font_size: int = 24, grey: int = 110) -> tuple[Image.Image, list[str]]:
    """Every third line in white on a grey band (a table's header), the rest black on white,
    soft and JPEG as a scanner gives it: one Otsu threshold reads it all; Sauvola's local
    threshold loses the banded lines."""
    font = ImageFont.load_default(size=font_size)
    rng = random.Random(3)
    image = Image.new("L", (font_size * 40, font_size * 50), 255)
    draw = ImageDraw.Draw(image)
    written: list[str] = []
    for i in range(24):
        top = font_size * 3 + int(i * font_size * 1.9)
        words = [rng.choice(WORDS) for _ in range(5)]
        written += words
        ink = 0
        if i % 3 == 0:
            right = image.width - font_size * 2
            bottom = top + int(font_size * 1.4)
            draw.rectangle((font_size * 2, top - font_size // 3, right, bottom), fill=grey)
            ink = 255
        draw.text((font_size * 3, top), " ".join(words), font=font, fill=ink)
    buf = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(0.7)).save(buf, "JPEG", quality=80)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L"), written


def test_sauvola_reads_an_unevenly_lit_page_that_otsu_loses():
    """The binding's switch works: the same pixels, read both ways."""
    image, written = page()
    lit = lit_unevenly(image, 0.4)
    otsu = tess.recognise(lit, "eng", 0)
    local = tess.recognise(lit, "eng", 0, local=True)
    assert found(otsu[0], written) < 0.3
    assert found(local[0], written) >= 0.95
    assert local[2] > otsu[2] + reading.LOCAL_MARGIN


@pytest.mark.parametrize("dark", [0.4, 0.5])
def test_a_page_read_with_little_confidence_is_read_again_locally(monkeypatch, dark):
    image, written = page()
    lit = lit_unevenly(image, dark)
    again = read_page(lit, ("eng",), "eng", prepared=False)
    assert found(again.text, written) >= 0.95
    assert again.passes == 2
    monkeypatch.setattr(reading, "LOCAL_BELOW", 0.0)  # the step off: one Otsu pass
    once = read_page(lit, ("eng",), "eng", prepared=False)
    assert once.passes == 1
    assert found(once.text, written) < 0.3


def test_a_page_that_reads_well_costs_one_pass():
    image, written = page()
    reading_ = read_page(image, ("eng",), "eng")
    assert reading_.confidence >= reading.LOCAL_BELOW
    assert reading_.passes == 1
    assert found(reading_.text, written) >= 0.95


def test_a_second_reading_tesseract_is_not_surer_of_is_not_kept(monkeypatch):
    """On white words on grey bands Sauvola reads with about the same confidence as Otsu but
    loses the banded lines: within the margin, the first reading stays."""
    image, written = with_grey_bands()
    monkeypatch.setattr(reading, "LOCAL_BELOW", 101.0)  # every page read again
    result = read_page(image, ("eng",), "eng", prepared=False)
    assert result.passes == 2
    assert found(result.text, written) >= 0.95
    local = tess.recognise(image, "eng", 0, local=True)
    assert found(local[0], written) < 0.8


def test_a_surer_second_reading_that_reads_less_is_not_kept(monkeypatch):
    """A binarisation that blanks out the words Tesseract was unsure of is surer of what is
    left: more confidence with fewer letters is a worse reading, and the first one stays."""
    image, written = page()
    real = tess.recognise

    def blanking(img, language, page_no, local=False):
        found = real(img, language, page_no, local)
        if not local:
            return found._replace(confidence=70.0)  # unsure: read again
        half = " ".join(found.text.split()[: len(found.text.split()) // 2])
        return found._replace(text=half, confidence=95.0)  # half the words, far surer

    monkeypatch.setattr(tess, "recognise", blanking)
    result = read_page(image, ("eng",), "eng", prepared=False)
    assert result.passes == 2
    assert found(result.text, written) >= 0.95
