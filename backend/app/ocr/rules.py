"""Ruling lines (a table's grid, a box around an address, an underline) taken off a page
before Tesseract reads it.

Why: Tesseract's layout analysis takes a cell boxed in by lines for a picture, or the lines
for the edges of one big block, and drops what is inside. On the corpus's low-resolution
invoice screenshots it read the header and lost the whole item table and the totals box
("TOTAL LIQUIDO / IVA / VALOR" with none of their amounts); the same page with its lines
whitened reads every row and every amount. Removing a table's lines before OCR is the usual
remedy; here it is done with numpy in a few tens of milliseconds.

A ruling line is a run of dark pixels, across or down, at least `LENGTH` of the page's longer
side long and thin: no more than `THICK - 1` pixels across. A run's pixels that
also lie in a `THICK`×`THICK` square of dark pixels belong to something filled (a bold
heading's bar, a black band with white words on it) and are kept. Letters are neither that
long nor (within a word) that straight, so text is untouched; a page without ruling lines
is returned as it is, and reads exactly as before.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from app.ocr.prepare import otsu

# A line spans at least this share of the page's longer side, across or down: 5 % is about
# 15 mm of an A4 page, longer than any letter of body text and than the bar of a "T" up to
# about 40 points. (Measured on the longer side, a narrow till receipt's bold letters are not
# taken for lines.)
LENGTH = 0.05
# Lines are 1–6 pixels across on a 300-dpi page; a square of this side, all dark, is a
# filled area or a heavy letter stroke, not a line.
THICK = 9
# Fewer line pixels than this share of the page: nothing worth changing the image for.
MIN_SHARE = 0.0005


def _prefix(mask: np.ndarray) -> np.ndarray:
    """Row-wise prefix sums with a leading zero column: `sums[:, j]` counts `mask[:, :j]`."""
    sums = np.zeros((mask.shape[0], mask.shape[1] + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, dtype=np.int32, out=sums[:, 1:])
    return sums


def _erode(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """True where the `length` pixels from here on along `axis` are all set."""
    rows = mask if axis == 1 else mask.T
    result = np.zeros(rows.shape, dtype=bool)
    if length <= rows.shape[1]:
        sums = _prefix(rows)
        result[:, : rows.shape[1] - length + 1] = (sums[:, length:] - sums[:, :-length]) == length
    return result if axis == 1 else result.T


def _dilate(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """True where one of the `length` pixels up to here along `axis` is set."""
    rows = mask if axis == 1 else mask.T
    sums = _prefix(rows)
    result = sums[:, 1:] > 0
    if length < rows.shape[1]:
        result[:, length:] = (sums[:, length + 1 :] - sums[:, 1:-length]) > 0
    return result if axis == 1 else result.T


def _runs(dark: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The pixels lying in a run of at least `length` dark pixels along `axis`: an opening
    (erosion, then dilation) by a `length`-pixel segment."""
    return _dilate(_erode(dark, length, axis), length, axis)


def _filled(dark: np.ndarray, side: int) -> np.ndarray:
    """The pixels lying in a `side`×`side` square of dark pixels: an opening by a square,
    done as one along each axis (a square is separable)."""
    squares = _erode(_erode(dark, side, 1), side, 0)
    return _dilate(_dilate(squares, side, 1), side, 0)


def line_mask(pixels: np.ndarray, threshold: int) -> np.ndarray:
    """Where the page's ruling lines are (see the module doc); dark is `threshold` or less."""
    dark = pixels <= threshold
    if not dark.any():
        return dark
    length = max(2 * THICK, round(LENGTH * max(dark.shape)))
    across = _runs(dark, length, 1)
    down = _runs(dark, length, 0)
    lines = across | down
    if not lines.any():
        return lines
    return lines & ~_filled(dark, THICK)


def unrule(grey: Image.Image) -> Image.Image:
    """The page with its ruling lines painted over in the paper's grey; the page itself when
    it has (almost) none."""
    pixels = np.asarray(grey)
    counts = np.bincount(pixels.ravel(), minlength=256)
    threshold = otsu(counts)
    mask = line_mask(pixels, threshold)
    if np.count_nonzero(mask) < MIN_SHARE * mask.size:
        return grey
    paper = threshold + 1 + int(counts[threshold + 1 :].argmax()) if threshold < 255 else 255
    # a line's anti-aliased edge is lighter than the threshold: paint one pixel around it too
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    painted = pixels.copy()
    painted[grown] = paper
    return Image.fromarray(painted, mode="L")
