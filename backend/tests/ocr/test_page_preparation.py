"""Page preparation (`app.ocr.prepare`): a phone photo or a coarse image made readable.

Made-up pages drawn with Pillow, then degraded as a phone camera does (a darker desk around
the page, a tilt, light falling off to one side, softness, JPEG), or drawn too small. Each
step is checked on its own, then Tesseract (real, in this process) must read the known words
after preparation and miss them without it. A clean page must pass through untouched.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from app.ocr import prepare, straighten, tess
from app.ocr.reading import read_page
from tests.ocr.drawn import drawn_page, found

WORDS = [
    "Rechnung",
    "Betrag",
    "Datum",
    "Kunde",
    "invoice",
    "total",
    "amount",
    "number",
    "Summe",
    "Steuer",
    "payment",
    "reference",
    "quantity",
    "delivery",
    "address",
    "customer",
    "Lieferung",
    "Zahlung",
    "balance",
]
LANGUAGES = ("eng", "deu")


def page(
    font_size: int = 28, lines: int = 24, seed: int = 1, rules: bool = False
) -> tuple[Image.Image, list[str]]:
    """A page of made-up lines of this file's words (`drawn.drawn_page`)."""
    return drawn_page(WORDS, font_size, lines, seed, rules)


def photographed(image: Image.Image, dark: float = 0.35, blur: float = 0.8) -> Image.Image:
    """The page as a phone sees it: on a darker desk, tilted 3°, lit from one side (the far
    side at `dark` of the near one), soft, JPEG."""
    margin = image.width // 12
    desk = Image.new("L", (image.width + 2 * margin, image.height + 2 * margin), 105)
    desk.paste(image, (margin, margin))
    tilted = desk.rotate(3.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=105)
    ramp = Image.linear_gradient("L").rotate(90).resize(tilted.size)
    light = np.asarray(ramp, np.float32) / 255 * (1 - dark) + dark
    lit = Image.fromarray((np.asarray(tilted, np.float32) * light).astype(np.uint8))
    buf = io.BytesIO()
    lit.filter(ImageFilter.GaussianBlur(blur)).save(buf, "JPEG", quality=75)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def unprepared(image: Image.Image) -> str:
    """What the engine read before preparation: the page straightened, then Tesseract."""
    upright = straighten.rotate(image, straighten.skew_angle(image))
    return tess.recognise(upright, "deu", 0)[0]


def test_a_clean_page_passes_through_untouched():
    clean, _ = page()
    cleaned = prepare.clean(clean)
    assert cleaned.image is clean
    assert not cleaned.flattened and not cleaned.cropped
    assert prepare.enlargement(clean) == 1.0


def test_the_desk_is_cropped_off_and_the_light_made_even():
    original, _ = page()
    photo = photographed(original)
    cleaned = prepare.clean(photo)
    assert cleaned.cropped and cleaned.flattened
    result = np.asarray(cleaned.image)
    assert result.shape[1] < photo.width and result.shape[0] < photo.height
    # Paper on the dark side and on the bright side: 100+ levels apart before, white after.
    before = np.asarray(photo)
    middle = slice(before.shape[0] // 3, 2 * before.shape[0] // 3)
    assert np.percentile(before[middle, 150:250], 90) < 120
    assert np.percentile(before[middle, -250:-150], 90) > 220
    middle = slice(result.shape[0] // 3, 2 * result.shape[0] // 3)
    assert np.percentile(result[middle, 100:200], 90) >= 240
    assert np.percentile(result[middle, -200:-100], 90) >= 240
    # No desk left in the corners (its edge reads as "|" and "l").
    for corner in (result[:20, :20], result[:20, -20:], result[-20:, :20], result[-20:, -20:]):
        assert corner.min() >= 200


def test_a_dark_area_inside_the_page_is_not_taken_for_the_desk():
    """A black header bar with white words (or a photo on the page) is not connected to the
    border through darkness: it is the page's own, kept as it is."""
    image, _ = page()
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 200, image.width - 100, 500), fill=10)
    draw.text((150, 300), "INVOICE", font=ImageFont.load_default(size=80), fill=255)
    cleaned = prepare.clean(image)
    assert not cleaned.cropped
    assert np.asarray(cleaned.image)[220:480, 120:140].mean() < 60


@pytest.mark.parametrize("font_size", [16, 28, 40])
def test_the_x_height_is_measured_from_the_text(font_size):
    image, _ = page(font_size)
    box = ImageFont.load_default(size=font_size).getbbox("x")
    measured = prepare.x_height(image)
    assert measured is not None
    assert abs(measured - (box[3] - box[1])) <= 0.35 * (box[3] - box[1])


def test_a_table_rules_do_not_count_as_lines_of_text():
    image, _ = page(28, rules=True)
    box = ImageFont.load_default(size=28).getbbox("x")
    measured = prepare.x_height(image)
    assert measured is not None and measured >= 0.65 * (box[3] - box[1])


def test_small_text_is_scaled_up_and_large_pages_stay_within_bounds():
    small, _ = page(9)
    scale = prepare.enlargement(small)
    assert 1.5 <= scale <= prepare.MAX_SCALE
    enlarged = prepare.enlarge(small)
    assert enlarged.size == (round(small.width * scale), round(small.height * scale))
    assert prepare.enlargement(page(28)[0]) == 1.0
    # A long strip of small text: never beyond MAX_SIDE.
    tall = Image.new("L", (small.width, 4900), 255)
    tall.paste(small, (0, 0))
    assert tall.height * prepare.enlargement(tall) <= prepare.MAX_SIDE


def test_an_empty_page_is_not_measured():
    blank = Image.new("L", (800, 1100), 255)
    assert prepare.x_height(blank) is None
    assert prepare.enlargement(blank) == 1.0
    assert prepare.clean(blank).image is blank


def test_a_phone_photo_is_read_after_preparation_and_not_before():
    original, written = page(24)
    photo = photographed(original)
    before = found(unprepared(photo), written)
    after = found(read_page(photo, LANGUAGES, "deu").text, written)
    assert after >= 0.9
    assert before < after - 0.2


def test_small_text_is_read_after_enlargement_and_not_before():
    original, written = page(9)
    before = found(unprepared(original), written)
    after = found(read_page(original, LANGUAGES, "deu").text, written)
    assert after >= 0.85
    assert before < after - 0.2


@pytest.mark.parametrize("size", [(1, 1), (3, 1000), (1000, 3), (50, 50), (5000, 2)])
@pytest.mark.parametrize("fill", [0, 128, 255])
def test_degenerate_images_pass_through(size, fill):
    """A dot, a line, a blank or black frame: nothing to measure, nothing done."""
    image = Image.new("L", size, fill)
    cleaned = prepare.clean(image)
    assert cleaned.image is image and not cleaned.flattened and not cleaned.cropped
    assert prepare.x_height(image) is None and prepare.enlargement(image) == 1.0


def test_a_page_too_large_to_prepare_is_read_as_it_is(monkeypatch, caplog):
    """Preparation is a help, not a condition: out of memory (the worker's budget), the page
    is read unprepared, and the log says so."""

    def no_memory(image: Image.Image) -> None:
        raise MemoryError

    monkeypatch.setattr(prepare, "clean", no_memory)
    monkeypatch.setattr(prepare, "enlarge", no_memory)
    original, written = page(28)
    with caplog.at_level("WARNING", logger="app.ocr.reading"):
        reading = read_page(original, LANGUAGES, "deu")
    assert found(reading.text, written) >= 0.9
    assert "read unprepared" in caplog.text and "read at its size" in caplog.text
