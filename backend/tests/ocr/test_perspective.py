"""Perspective (`app.ocr.perspective`, called by `app.ocr.prepare.clean`): a page photographed
at an angle is warped back to a rectangle, only when it has four clear corners and is not a
rectangle already.

Made-up pages drawn with Pillow (`test_page_preparation.page`), put on a darker desk and
pulled into a perspective (the far edge shorter) as a phone held at an angle sees them; then
Tesseract (real, in this process) must read more of the known words with the warp than
without it. A clean page, a page only turned, and shapes that are no page pass untouched.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from app.ocr import perspective, prepare
from app.ocr.reading import read_page
from tests.ocr.test_page_preparation import LANGUAGES, found, page, photographed

DESK = 105


def _coefficients(source, target):
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return tuple(np.linalg.solve(np.array(rows, dtype=float), np.array(values)))


def in_perspective(image: Image.Image, pull: float, angle: float = 0.0) -> Image.Image:
    """The page on a desk, turned `angle` degrees and seen from below: its top edge `pull`
    of the frame's width shorter on each side than the bottom one, soft."""
    margin = image.width // 8
    desk = Image.new("L", (image.width + 2 * margin, image.height + 2 * margin), DESK)
    desk.paste(image, (margin, margin))
    if angle:
        desk = desk.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=DESK)
    w, h = desk.size
    target = [(0, 0), (w, 0), (w, h), (0, h)]
    source = [(-pull * w, 0), (w + pull * w, 0), (w, h), (0, h)]
    seen = desk.transform(
        (w, h),
        Image.Transform.PERSPECTIVE,
        _coefficients(source, target),
        resample=Image.Resampling.BICUBIC,
        fillcolor=DESK,
    )
    return seen.filter(ImageFilter.GaussianBlur(0.8))


def without_warp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perspective, "find_page", lambda page, factor: None)


def test_a_page_in_perspective_is_read_after_warping_and_not_before(monkeypatch):
    original, written = page(16, lines=30)
    photo = in_perspective(original, pull=0.4, angle=5.0)
    cleaned = prepare.clean(photo)
    assert cleaned.warped and cleaned.cropped
    # The page's proportions come back roughly: its height seen foreshortened cannot be told
    # exactly without the camera's focal length.
    ratio = cleaned.image.width / cleaned.image.height
    assert ratio == pytest.approx(original.width / original.height, rel=0.1)
    after = found(read_page(photo, LANGUAGES, "deu").text, written)
    without_warp(monkeypatch)
    before = found(read_page(photo, LANGUAGES, "deu").text, written)
    assert after >= 0.9
    assert before < after - 0.3


@pytest.mark.parametrize("angle", [-7.0, 0.0, 4.0])
def test_the_turn_undone_by_the_warp_is_reported_as_skew(angle):
    """The thumbnail turns the original by the page's skew: the warp's turn must be in it,
    in the same sense as the straightening's (about `-angle` for a page turned `angle`)."""
    original, _ = page(22, lines=24)
    photo = in_perspective(original, pull=0.15, angle=angle)
    cleaned = prepare.clean(photo)
    assert cleaned.warped
    assert cleaned.turned == pytest.approx(-angle, abs=1.5)
    reading = read_page(photo, LANGUAGES, "deu")
    assert reading.skew == pytest.approx(-angle, abs=1.5)
    assert reading.orientation == 0


def test_the_corners_are_found_where_the_page_is():
    """A white quadrilateral of known corners on a dark frame: found within a pixel or two."""
    corners = [(60.0, 40.0), (250.0, 55.0), (270.0, 380.0), (45.0, 360.0)]
    frame = Image.new("L", (320, 420), 0)
    ImageDraw.Draw(frame).polygon(corners, fill=255)
    quad = perspective.find_page(np.asarray(frame) > 127, factor=1)
    assert quad is not None and not quad.is_rectangle()
    for found_corner, drawn in zip(quad.corners, corners, strict=True):
        assert np.hypot(found_corner[0] - drawn[0], found_corner[1] - drawn[1]) <= 2.0
    # On a copy reduced 4 times, the corners are given on the full-size image.
    scaled = perspective.find_page(np.asarray(frame) > 127, factor=4)
    assert scaled is not None
    for big, small in zip(scaled.corners, quad.corners, strict=True):
        assert big == pytest.approx((small[0] * 4 + 1.5, small[1] * 4 + 1.5))


def test_a_page_only_turned_is_cropped_not_warped():
    """A rectangle turned 3° is straightened exactly by the skew (as before): no warp."""
    original, _ = page()
    cleaned = prepare.clean(photographed(original))
    assert cleaned.cropped and not cleaned.warped and cleaned.turned == 0.0


def test_a_clean_page_passes_through_untouched():
    clean, _ = page()
    cleaned = prepare.clean(clean)
    assert cleaned.image is clean and not cleaned.warped and cleaned.turned == 0.0


def _shape(draw_shape) -> np.ndarray:
    frame = Image.new("L", (320, 420), 0)
    draw_shape(ImageDraw.Draw(frame))
    return np.asarray(frame) > 127


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda d: d.ellipse((40, 40, 280, 380), fill=255), id="round"),
        pytest.param(lambda d: d.polygon([(160, 30), (290, 390), (30, 390)], fill=255), id="3"),
        pytest.param(
            lambda d: d.polygon([(40, 40), (280, 40), (280, 380), (160, 300), (40, 380)], fill=255),
            id="notch",
        ),
        pytest.param(lambda d: d.rectangle((0, 60, 250, 380), fill=255), id="cut-by-frame"),
        pytest.param(lambda d: d.rectangle((150, 150, 170, 175), fill=255), id="tiny"),
        pytest.param(
            lambda d: (
                d.rectangle((40, 40, 150, 380), fill=255),
                d.rectangle((170, 40, 280, 380), fill=255),
            ),
            id="two-pages",
        ),
        pytest.param(
            lambda d: d.polygon([(160, 20), (300, 210), (160, 400), (20, 210)], fill=255),
            id="turned-45",
        ),
        pytest.param(lambda d: None, id="empty"),
        pytest.param(lambda d: d.rectangle((0, 0, 320, 420), fill=255), id="full"),
    ],
)
def test_shapes_that_are_no_page_with_four_clear_corners_are_not_warped(shape):
    assert perspective.find_page(_shape(shape), factor=4) is None


@pytest.mark.parametrize("size", [(1, 1), (3, 1000), (1000, 3), (5, 5), (40, 30)])
def test_degenerate_masks_are_no_page(size):
    for value in (False, True):
        assert perspective.find_page(np.full(size[::-1], value), factor=1) is None


def test_the_warp_stays_within_its_bounds():
    """A quadrilateral reaching far past a small image: the output keeps to `MAX_GROWTH`
    times the input's pixels and `MAX_SIDE` a side."""
    image = Image.new("L", (400, 300), 255)
    quad = perspective.Quad(
        ((-3000.0, -2000.0), (9000.0, -2500.0), (8000.0, 9000.0), (0.0, 8000.0))
    )
    warped = perspective.warp(image, quad)
    assert max(warped.size) <= perspective.MAX_SIDE
    assert warped.width * warped.height <= perspective.MAX_GROWTH * 400 * 300 * 1.01


@pytest.mark.parametrize("step", ["find_page", "warp"])
@pytest.mark.parametrize("error", [np.linalg.LinAlgError, MemoryError, IndexError])
def test_a_failure_leaves_the_page_cropped_as_before_and_is_logged(
    monkeypatch, caplog, step, error
):
    def broken(*args: object) -> None:
        raise error("broken")

    original, _ = page(16, lines=30)
    photo = in_perspective(original, pull=0.4)
    monkeypatch.setattr(perspective, step, broken)
    with caplog.at_level("WARNING", logger="app.ocr.prepare"):
        cleaned = prepare.clean(photo)
    assert cleaned.cropped and cleaned.flattened and not cleaned.warped
    assert cleaned.turned == 0.0
    assert "perspective left as it is" in caplog.text
