"""Page preparation: a phone photo (or a coarse image) made into what Tesseract reads well.

A phone photo of a page differs from a scan in ways that cost Tesseract words: the light
falls off across the page (its single global threshold then turns one side's paper grey and
the other side's thin strokes white), the page lies on a darker desk (whose edge reads as
"|" and "l" and confuses the page segmentation), and the text can be small. Each step below is decided from the
image itself, so a clean scan or a rendered text page passes through untouched (and costs
only the measurement on a small copy, about 0.05 s of CPU; a photo about 0.16 s):

1. the background: the page's paper brightness everywhere, from a small copy whose ink is
   removed by a maximum filter (paper is the brightest thing near any point) and blurred;
2. the desk: grown from the border's dark pixels over gentle changes of brightness only, so
   it stops at the page's edge (a page's own dark areas, a photo on it or a black table
   header, are not reached and are kept); when there is one, the image is cropped to the page
   and what is left of the desk painted paper-white; a page photographed in perspective (four
   clear corners, not a rectangle) is warped back to a rectangle instead of cropped
   (`app.ocr.perspective`, after step 3; its turn goes into the page's skew);
3. uneven light: when the paper's brightness varies by more than `UNEVEN` across the page (or
   there was a desk), each pixel is divided by the background (flat paper, ink kept in
   proportion) and the contrast stretched;
4. small text: the height of text lines is measured from runs of inked rows in narrow
   vertical strips; when the lowercase letters come out below `MIN_X_HEIGHT` pixels, the page
   is scaled up (Lanczos) towards `TARGET_X_HEIGHT`, within `MAX_SIDE`. Only text really too
   small: a 150-dpi photo of an A4 page (x-height about 11) read worse scaled up 2.5× (the
   facts corpus's photos, docs/ocr.md), a 5-pixel x-height reads twice as well.

Skew is measured afterwards on the prepared page (`app.ocr.straighten`, in `app.ocr.reading`);
binarisation is left to Tesseract (its Otsu threshold is right once the light is flat).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from app.ocr import perspective

log = logging.getLogger(__name__)

# Width of the copy the background and the line heights are measured on: ink is thinner than a
# pixel there, paper and desk are not.
SMALL_WIDTH = 320
# The background is the brightest pixel within BACKGROUND_PASSES × (BACKGROUND_FILTER - 1) / 2
# pixels of the small copy (about ±45 pixels of a 150-dpi photo of an A4 page): wider than a
# table's dark header band, whose white words would otherwise be "flattened" away.
BACKGROUND_FILTER = 7
BACKGROUND_PASSES = 3
# Paper whose brightness varies by more than this ratio (95th over 5th percentile) is lit
# unevenly; a scanner's light varies by a few percent.
UNEVEN = 1.12
# The desk is at least this much darker than the paper, and covers at least this share of the
# image's border ring.
DESK_CONTRAST = 1.35
DESK_BORDER_SHARE = 0.5
DESK_STEP = 1.25  # brightness changing by more than this within 3×3 pixels: an edge
MAX_DESK_SHARE = 0.85  # more "desk" than this is no page on a desk
DESK_GROWTH = 7  # pixels of the small copy the desk is grown by before it is painted white
# Paper is up to this much darker than the brightest paper near it (grain, JPEG noise): after
# the division it is white, not a faint texture Tesseract could read as specks. At 0.9 the
# faint edges of thin strokes went white too (a photo in perspective: CER 3.3 % -> 10.7 %).
PAPER = 0.95
# Lowercase letters lower than this (pixels) are scaled up to the target. A 200-dpi scan of
# 10-point text has them at about 14, a 150-dpi photo at 10-11 (both read no better scaled).
MIN_X_HEIGHT = 8.0
TARGET_X_HEIGHT = 16.0
MAX_SCALE = 3.0
BAND_ROWS = 256  # rows of a full-size image divided at a time (memory)
MAX_SIDE = 5000  # as the worker's renders (`local_worker.MAX_RENDER_SIDE`)
# A text line's inked rows (ascenders to descenders) span about this many x-heights.
LINE_TO_X_HEIGHT = 1.4
STRIPS = 16  # vertical strips the line heights are measured in (columns, tilt)
MAX_LINE_INK = 0.6  # share of a text line's pixels that are ink is well below this
MIN_LINES = 8  # fewer measured lines than this: no basis to scale


@dataclass(frozen=True)
class Cleaned:
    """The page with flat light and no desk (grey), and what was done to it."""

    image: Image.Image
    flattened: bool = False
    cropped: bool = False
    # The page was photographed in perspective and warped onto a rectangle; that also undid
    # its turn, `turned` degrees counter-clockwise (`perspective.Quad.turn`), which the
    # reading adds to the page's skew.
    warped: bool = False
    turned: float = 0.0


def _otsu(pixels: np.ndarray) -> int:
    """Otsu's threshold: the grey level that best splits the pixels into two classes."""
    return otsu(np.bincount(pixels.ravel(), minlength=256))


def otsu(histogram: np.ndarray) -> int:
    """Otsu's threshold of a 256-level histogram (`app.ocr.rules` also takes the paper's grey
    from the same histogram)."""
    counts = histogram.astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(counts)
    mean = np.cumsum(counts * levels)
    total, total_mean = weight[-1], mean[-1]
    between = (total_mean * weight - mean * total) ** 2 / np.maximum(weight * (total - weight), 1)
    return int(np.argmax(between))


def _background(grey: Image.Image) -> tuple[Image.Image, Image.Image, int]:
    """A small copy, the paper's brightness on it, and the copy's reduction factor."""
    factor = max(1, grey.width // SMALL_WIDTH)
    small = grey.reduce(factor) if factor > 1 else grey.copy()
    paper = small
    for _ in range(BACKGROUND_PASSES):  # a wide maximum, as passes of a narrow one
        paper = paper.filter(ImageFilter.MaxFilter(BACKGROUND_FILTER))
    return small, paper.filter(ImageFilter.GaussianBlur(BACKGROUND_FILTER / 3)), factor


def _grow_from_border(small: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """The desk grown from `seed` (dark border pixels) to every pixel reachable without
    crossing an edge (4-neighbours): across the desk, however the light falls on it, but not
    over the page's edge. An edge pixel is one whose 3×3 neighbourhood's brightest pixel is
    `DESK_STEP` times its darkest: the blurred rim of a tilted page is a ramp along the page
    that a step-by-step test alone would climb."""
    image = Image.fromarray(small)
    high = np.asarray(image.filter(ImageFilter.MaxFilter(3)), dtype=np.float32)
    low = np.asarray(image.filter(ImageFilter.MinFilter(3)), dtype=np.float32)
    open_ = high <= DESK_STEP * (low + 1.0)
    desk = seed & open_
    for _ in range(sum(small.shape)):
        grown = desk.copy()
        grown[1:, :] |= desk[:-1, :]
        grown[:-1, :] |= desk[1:, :]
        grown[:, 1:] |= desk[:, :-1]
        grown[:, :-1] |= desk[:, 1:]
        grown &= open_
        if np.array_equal(grown, desk):
            break
        desk = grown
    return desk


def _dilate(mask: np.ndarray, pixels: int) -> np.ndarray:
    image = Image.fromarray(mask.astype(np.uint8) * 255)
    return np.asarray(image.filter(ImageFilter.MaxFilter(2 * pixels + 1))) > 0


def _desk(small: np.ndarray) -> np.ndarray | None:
    """Where the small copy shows desk, not paper (see the module doc), or None.

    The desk is grown from the border's dark pixels (darker than the brightest paper by
    `DESK_CONTRAST`) over gentle changes of light only, so a page lit unevenly is not taken
    for desk on its dark side. It must cover `DESK_BORDER_SHARE` of the border ring, leave
    most of the image to the page, and meet the page at an edge: the paper just inside is
    `DESK_CONTRAST` brighter than the desk just outside."""
    small = np.asarray(Image.fromarray(small).filter(ImageFilter.MedianFilter(3)))
    bright = float(np.percentile(small, 90))
    ring = np.zeros(small.shape, dtype=bool)
    ring[0, :] = ring[-1, :] = ring[:, 0] = ring[:, -1] = True
    seed = ring & (small <= bright / DESK_CONTRAST)
    if seed.sum() < DESK_BORDER_SHARE * ring.sum():
        return None
    desk = _grow_from_border(small, seed)
    if not desk[ring].mean() >= DESK_BORDER_SHARE or desk.mean() > MAX_DESK_SHARE:
        return None
    # The paper within a few pixels of the desk (its brighter part: a page may have a dark rim
    # of its own, a receipt its shadow) against the desk just outside.
    inside = _dilate(desk, 6) & ~_dilate(desk, 1)
    outside = desk & _dilate(~desk, 3) & ~_dilate(~desk, 1)
    if not inside.any() or not outside.any():
        return None
    paper, dark = np.percentile(small[inside], 75), np.median(small[outside])
    if paper < DESK_CONTRAST * max(float(dark), 1.0):
        return None
    return desk


def x_height(grey: Image.Image) -> float | None:
    """The height of lowercase letters in pixels, from the line heights of a binarised copy:
    in each of `STRIPS` vertical strips, the runs of rows holding ink (a text line from its
    ascenders to its descenders). None when too few lines were found to tell."""
    pixels = np.asarray(grey, dtype=np.uint8)
    ink = pixels <= _otsu(pixels)
    if ink.mean() > 0.5:  # white on black, or nothing to tell
        return None
    height, width = ink.shape
    step = max(1, width // STRIPS)
    runs: list[int] = []
    for left in range(0, width - step + 1, step):
        counts = ink[:, left : left + step].sum(axis=1)
        rows = counts >= 2  # one stray pixel is noise
        edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
        for start, stop in zip(edges[::2], edges[1::2], strict=True):
            # A rule or a table's border is a run of nearly solid rows, not letters.
            solid = counts[start:stop].sum() > MAX_LINE_INK * (stop - start) * step
            if 3 <= stop - start <= height // 10 and not solid:
                runs.append(int(stop - start))
    if len(runs) < MIN_LINES:
        return None
    return float(np.median(runs)) / LINE_TO_X_HEIGHT


def clean(grey: Image.Image) -> Cleaned:
    """The page with the desk cropped off and the light made even, when it needs either (steps
    1 to 3 of the module doc); `grey` is mode "L". Full-size work is done on bytes and in
    bands of `BAND_ROWS` rows, so a 25-megapixel frame needs tens of megabytes, not hundreds."""
    small, background, factor = _background(grey)
    bg = np.asarray(background, dtype=np.float32)
    desk = _desk(np.asarray(small, dtype=np.uint8))
    paper_values = bg[~desk] if desk is not None else bg.ravel()
    low, high = np.percentile(paper_values, [5, 95])
    if desk is None and high <= UNEVEN * max(float(low), 1.0):
        return Cleaned(grey)
    box = (0, 0, grey.width, grey.height)
    quad = _quadrilateral(desk, factor) if desk is not None else None
    if desk is not None:
        rows, cols = np.flatnonzero((~desk).any(axis=1)), np.flatnonzero((~desk).any(axis=0))
        box = (
            int(cols[0]) * factor,
            int(rows[0]) * factor,
            min(grey.width, (int(cols[-1]) + 1) * factor),
            min(grey.height, (int(rows[-1]) + 1) * factor),
        )
    page = np.asarray(grey, dtype=np.uint8)
    light = np.asarray(background.resize(grey.size, Image.Resampling.BILINEAR))
    if desk is not None:
        # The desk, grown a little (the page's edge, soft in the small copy, and its shadow),
        # is painted paper-white.
        grown = Image.fromarray(desk.astype(np.uint8) * 255).filter(
            ImageFilter.MaxFilter(DESK_GROWTH)
        )
        off_page = np.asarray(grown.resize(grey.size, Image.Resampling.NEAREST)) > 0
    flat = np.empty_like(page)
    for top in range(0, page.shape[0], BAND_ROWS):
        band = slice(top, top + BAND_ROWS)
        paper = np.maximum(light[band].astype(np.float32) * PAPER, 1.0)
        values = np.clip(page[band].astype(np.float32) * 255.0 / paper, 0, 255)
        if desk is not None:
            values[off_page[band]] = 255
        flat[band] = values.astype(np.uint8)
    image = ImageOps.autocontrast(Image.fromarray(flat), cutoff=(0.5, 0))
    if quad is not None:
        warped = _warp(image, quad)
        if warped is not None:
            return Cleaned(warped, flattened=True, cropped=True, warped=True, turned=quad.turn())
    if desk is not None:
        image = image.crop(box)
    return Cleaned(image, flattened=True, cropped=desk is not None)


# Perspective is a help, never a condition: whatever goes wrong finding or warping the page
# (a singular fit, no memory, a shape no rule foresaw), it is cropped as it was before
# perspective was corrected, and the reason logged.
def _quadrilateral(desk: np.ndarray, factor: int) -> perspective.Quad | None:
    """The page's corners when it has four clear ones and is not a rectangle already (a page
    only turned is straightened as before), else None."""
    try:
        quad = perspective.find_page(~desk, factor)
    except Exception as error:
        log.warning("page corners not found, perspective left as it is: %r", error)
        return None
    return None if quad is None or quad.is_rectangle() else quad


def _warp(image: Image.Image, quad: perspective.Quad) -> Image.Image | None:
    try:
        return perspective.warp(image, quad)
    except Exception as error:
        log.warning("page %sx%s not warped, perspective left as it is: %r", *image.size, error)
        return None


def enlargement(upright: Image.Image) -> float:
    """How much to scale a straightened page up so its lowercase letters are
    `TARGET_X_HEIGHT` pixels high: 1.0 when they are `MIN_X_HEIGHT` or more already, or
    cannot be measured (step 4 of the module doc)."""
    measured = x_height(upright)
    if measured is None or measured >= MIN_X_HEIGHT:
        return 1.0
    scale = min(MAX_SCALE, TARGET_X_HEIGHT / max(measured, 1.0), MAX_SIDE / max(upright.size))
    return scale if scale > 1.05 else 1.0


def enlarge(upright: Image.Image) -> Image.Image:
    """The straightened page scaled up by `enlargement` (itself when that is 1)."""
    scale = enlargement(upright)
    if scale == 1.0:
        return upright
    size = (round(upright.width * scale), round(upright.height * scale))
    return upright.resize(size, Image.Resampling.LANCZOS)
