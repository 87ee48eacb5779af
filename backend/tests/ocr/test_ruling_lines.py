"""A page Tesseract takes for a picture (a frame around it, a table's grid) is read again with
its ruling lines taken off (`app.ocr.rules`, step 5 of `app.ocr.reading`).

Made-up pages drawn with Pillow, read by the real Tesseract in this process. The framed
table reproduces what two of the corpus's invoices showed: Tesseract's layout analysis
takes the frame for the edge of one picture covering the page and reads a fifth of the
table's cells; with the lines taken off it reads most of them.
"""

from __future__ import annotations

import random
import re

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from app.ocr import reading, rules, tess
from app.ocr.reading import read_page
from tests.ocr.drawn import drawn_page, found

ITEMS = ["lamp", "paper", "pencil", "printer", "window", "stapler", "folder"]


def framed_table(
    font_size: int = 22, rows: int = 8, seed: int = 1
) -> tuple[Image.Image, list[str]]:
    """A page with a frame around it and a table of `rows` rows in a grid (code, item,
    quantity, price), slightly soft as a scanned print; and the words in its cells."""
    rng = random.Random(seed)
    font = ImageFont.load_default(size=font_size)
    width, height = font_size * 44, font_size * 60
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle(
        (font_size, font_size, width - font_size, height - font_size), outline=0, width=3
    )
    draw.text((font_size * 3, font_size * 3), "Northwind Hardware", font=font, fill=0)
    columns = [font_size * 2, font_size * 12, font_size * 22, font_size * 32, width - font_size * 2]
    top, row_height = font_size * 10, int(font_size * 2.2)
    for r in range(rows + 1):
        y = top + r * row_height
        draw.line((columns[0], y, columns[-1], y), fill=0, width=2)
    for x in columns:
        draw.line((x, top, x, top + rows * row_height), fill=0, width=2)
    written: list[str] = []
    for r in range(rows):
        cells = [
            f"A{rng.randint(100, 999)}",
            rng.choice(ITEMS),
            str(rng.randint(1, 9)),
            f"{rng.randint(10, 99)},{rng.randint(10, 99)}",
        ]
        written += [w for cell in cells for w in re.findall(r"\w+", cell)]
        for c, text in enumerate(cells):
            xy = (columns[c] + font_size // 2, top + r * row_height + font_size // 3)
            draw.text(xy, text, font=font, fill=0)
    return image.filter(ImageFilter.GaussianBlur(0.8)), written


def test_a_framed_table_is_taken_for_a_picture_and_read_again_without_its_lines() -> None:
    image, written = framed_table()
    first = tess.recognise(image, "eng")
    assert first.pictured >= reading.PICTURED  # the frame made the page one picture
    assert found(first.text, written) < 0.4  # ...and most cells went unread

    page = read_page(image, ("eng",), prepared=False)

    assert page.passes == 2
    assert found(page.text, written) >= 0.7
    assert "Northwind" in page.text


def test_lines_are_taken_off_and_the_text_is_left() -> None:
    image, _ = framed_table()
    pixels = np.asarray(image)
    mask = rules.line_mask(pixels, 128)
    # the frame's and the grid's pixels are found: the frame's left edge, the top rule
    # (font size 22: the frame is drawn at x = 22, the table's first rule at y = 220)
    assert mask[500, 22:25].any()
    assert mask[219:223, 110:660].any(axis=0).all()
    # no pixel of the heading's letters (at 66, 66) is taken for a line
    assert not mask[60:100, 60:400].any()


def test_a_page_without_lines_is_left_as_it_is() -> None:
    image, _ = drawn_page(ITEMS, 24, lines=10)
    assert rules.unrule(image) is image
    blank = Image.new("L", (800, 1000), 255)
    assert rules.unrule(blank) is blank


def test_a_filled_band_is_not_a_line() -> None:
    """A black band with white words on it (a table's header on a 300-dpi page) is filled,
    not ruled: its pixels stay (but for a thin strip under a descender), so its words stay
    readable; the rule under it goes."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 300, 2330, 370), fill=0)
    font = ImageFont.load_default(size=40)
    draw.text((180, 312), "Description Quantity Amount", font=font, fill=255)
    draw.line((150, 600, 2330, 600), fill=0, width=3)
    mask = rules.line_mask(np.asarray(image), 128)
    # at most a notch where a letter's descender leaves a thin strip of the band
    assert mask[300:371, 150:2331].mean() < 0.001
    assert mask[600, 200:2300].all()
    band = rules.unrule(image).crop((150, 300, 2331, 371))
    assert "Quantity" in tess.recognise(band, "eng").text


def test_a_page_that_reads_well_is_read_once() -> None:
    """A page with a table's rule under each line but no frame: Tesseract reads it as text,
    takes nothing for a picture, and it costs one pass as before."""
    image, written = drawn_page(ITEMS, 24, lines=12, rules=True)
    first = tess.recognise(image, "eng")
    assert first.pictured < reading.PICTURED
    page = read_page(image, ("eng",), prepared=False)
    assert page.passes == 1
    assert found(page.text, written) >= 0.9


def test_no_memory_to_take_the_lines_off_reads_the_page_as_it_is(monkeypatch, caplog):
    """Taking the lines off is a help, not a condition: out of memory (the worker's budget),
    the first reading stands and the log says so."""

    def no_memory(image: Image.Image) -> None:
        raise MemoryError

    monkeypatch.setattr(rules, "unrule", no_memory)
    image, written = framed_table()
    with caplog.at_level("WARNING", logger="app.ocr.reading"):
        page = read_page(image, ("eng",), prepared=False)
    assert page.passes == 1
    assert "Northwind" in page.text
    assert found(page.text, written) < 0.4  # the first reading's: the cells stay unread
    assert "read with its ruling lines: no memory for it" in caplog.text
