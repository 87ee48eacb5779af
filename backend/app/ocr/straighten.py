"""Straight pages: the skew of a scan or photo, measured from the page itself.

A page photographed at 4° confuses Tesseract's page segmentation: whole blocks are dropped
(issue 22 lost about 40 % of a page). The skew is found by the classic projection method: turn
a small, binarised copy of the page through candidate angles and keep the one whose row
profile is sharpest (text lines then fall into rows of ink separated by rows of paper). A
dozen-line numpy function on a ~500-pixel-wide copy costs a few hundredths of a second, far less than
the OCR pass it rescues, so it runs on every page. Orientation (a page upside down or on its
side) is Tesseract's OSD, in `app.ocr.reading`.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

MAX_SKEW = 10.0  # degrees either way; beyond that a page is a photo of something else
WIDTH = 500  # pixels of the measuring copy: about 60 dpi for an A4 page, lines still apart
MIN_SKEW = 0.3  # below this a rotation blurs more than it straightens
MIN_GAIN = 1.05  # a sharper profile by less than 5 % is noise, not skew


def _profile_sharpness(ink: Image.Image, angle: float) -> float:
    rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32)
    sums = rows.sum(axis=1)
    return float(np.square(np.diff(sums)).sum())


def _ink(image: Image.Image) -> Image.Image:
    """A small copy with ink 255 and paper 0 (Otsu's threshold: photos are not black on
    white), so rotating it fills the corners with paper."""
    grey = image.convert("L")
    if grey.width > WIDTH:
        grey = grey.reduce(max(1, grey.width // WIDTH))  # box filter: fast, and enough here
    pixels = np.asarray(grey, dtype=np.uint8)
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(counts)
    mean = np.cumsum(counts * levels)
    total, total_mean = weight[-1], mean[-1]
    between = (total_mean * weight - mean * total) ** 2 / np.maximum(weight * (total - weight), 1)
    threshold = int(np.argmax(between))
    return Image.fromarray(np.where(pixels <= threshold, 255, 0).astype(np.uint8))


def skew_angle(image: Image.Image) -> float:
    """Degrees to turn the page counter-clockwise (PIL's sense) so its lines are level; 0.0
    when it is level already or has no lines to measure."""
    ink = _ink(image)
    if not np.asarray(ink).any():
        return 0.0
    level = _profile_sharpness(ink, 0.0)
    best, best_score = 0.0, level
    for step, span in ((1.0, MAX_SKEW), (0.2, 0.8)):
        centre = best
        for i in range(-round(span / step), round(span / step) + 1):
            angle = round(centre + i * step, 2)
            if abs(angle) > MAX_SKEW or angle == best:
                continue
            score = _profile_sharpness(ink, angle)
            if score > best_score:
                best, best_score = angle, score
    if abs(best) < MIN_SKEW or best_score < level * MIN_GAIN:
        return 0.0
    return best


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    """The page turned counter-clockwise by `degrees`, grown to keep its corners, with paper
    (white) where there was none."""
    if not degrees:
        return image
    resample = Image.Resampling.NEAREST if degrees % 90 == 0 else Image.Resampling.BICUBIC
    return image.rotate(degrees, resample=resample, expand=True, fillcolor=255)
