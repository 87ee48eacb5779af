"""Made-up pages drawn with Pillow, for the OCR tests that degrade a page (uneven light, a
desk, small type) and count how many of its words Tesseract still reads."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont


def drawn_page(
    vocabulary: Sequence[str],
    font_size: int,
    lines: int = 24,
    seed: int = 1,
    rules: bool = False,
) -> tuple[Image.Image, list[str]]:
    """A white page of `lines` lines of five words drawn from `vocabulary`, and the words on
    it in order; with `rules`, a table's rule under every line."""
    font = ImageFont.load_default(size=font_size)
    rng = random.Random(seed)
    image = Image.new("L", (font_size * 40, int(font_size * (lines * 1.8 + 6))), 255)
    draw = ImageDraw.Draw(image)
    written: list[str] = []
    for i in range(lines):
        words = [rng.choice(vocabulary) for _ in range(5)]
        written += words
        top = font_size * 3 + int(i * font_size * 1.8)
        draw.text((font_size * 3, top), " ".join(words), font=font, fill=0)
        if rules:
            y = top + int(font_size * 1.5)
            draw.line((font_size * 2, y, image.width - font_size * 2, y), fill=0, width=2)
    return image, written


def found(text: str, written: list[str]) -> float:
    """The share of the written words read (each as often as it was written)."""
    read = re.findall(r"\w+", text)
    return sum(min(read.count(w), written.count(w)) for w in set(written)) / len(written)
