"""Perspective: a page photographed at an angle, warped back to a rectangle.

A phone held not quite parallel to the page sees it as a trapezoid: the lines near the far
edge are shorter and closer together than those near the camera, and no single rotation makes
them all level. Tesseract then reads the far side's small, slanted letters badly (a corpus
page photographed in a stronger perspective read at 3.2 % CER against 0.4 % upright).

The page's outline comes from the desk detection of `app.ocr.prepare` (the desk's mask on
the ~320-pixel-wide copy: the page is what the desk does not cover). From that mask:

1. the four corners, roughly: the page pixels furthest towards each corner of the image
   (largest and smallest x + y and x − y; right while the page is turned less than 45°);
2. the four edges, exactly: the mask's boundary pixels are assigned to the nearest side of
   that rough quadrilateral (the fifth of each side nearest a corner left out: corners are
   rounded by blur and by the desk's growth), and a straight line is fitted to each (total
   least squares); the corners are the lines' intersections, to a fraction of a small pixel;
3. the quadrilateral must be a page with four clear corners: every edge straight (its
   points within `MAX_EDGE_RMS` of the line), the mask filling the quadrilateral
   (`MIN_FILL` .. `MAX_FILL`: a curled page, a torn receipt, a page cut by the frame or
   something else bright on the desk fail here), convex, its corners in the frame (or cut off
   by at most `OUTSIDE` of it; the frame's own border is no edge of the page: a side lying
   along it has no points to fit), turned less than `MAX_TURN`;
4. a rectangle already (every corner within `MAX_ANGLE` of a right angle, opposite sides
   within `MAX_SIDE_RATIO`: a page only turned, which `app.ocr.straighten` undoes exactly) is
   left alone; anything else is warped (Pillow's perspective transform, bicubic) onto a
   rectangle as wide as its longer horizontal side and as high as its longer vertical one, so
   the far side's letters are enlarged, not the near side's shrunk.

The warp also undoes the page's turn: `Quad.turn` is that turn (degrees counter-clockwise, as
`straighten.skew_angle`), which the reading adds to the page's `skew` so that the thumbnail
and the viewer, which only turn the original, still show it upright.

Cost: the fitting works on the small copy's few thousand boundary pixels (milliseconds); the
warp is one pass over the full-size page in C, its output no larger than `MAX_SIDE` a side
nor `MAX_GROWTH` times the input's pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

MIN_PAGE_SIDE = 40.0  # small-copy pixels: a smaller "page" is too coarse to fit edges to
MIN_EDGE_POINTS = 20
CORNER_SHARE = 0.2  # of each side, the points nearest either corner are left out of its fit
MAX_EDGE_RMS = 1.0  # small-copy pixels: a straight edge, blurred, stays within a pixel
MIN_FILL, MAX_FILL = 0.96, 1.04  # the page mask's area over the quadrilateral's
BORDER = 2  # small-copy pixels: a smaller image has no page on a desk
OUTSIDE = 0.03  # of the frame's size: how far past it a corner cut off by the frame may lie
MAX_TURN = 30.0  # degrees: beyond this the rough corners are unreliable
MAX_ANGLE = 1.0  # degrees from a right angle at every corner ...
MAX_SIDE_RATIO = 1.015  # ... and opposite sides within 1.5 %: already a rectangle
MAX_SIDE = 5000  # as `prepare.MAX_SIDE`
MAX_GROWTH = 1.5  # the warped page has at most this many times the input's pixels


@dataclass(frozen=True)
class Quad:
    """A page's four corners on the full-size image, (x, y) each: top-left, top-right,
    bottom-right, bottom-left."""

    corners: tuple[tuple[float, float], ...]

    def _points(self) -> np.ndarray:
        return np.asarray(self.corners, dtype=np.float64)

    def sides(self) -> tuple[float, float, float, float]:
        """Lengths of the top, right, bottom and left sides."""
        p = self._points()
        top, right, bottom, left = (float(np.hypot(*(p[(i + 1) % 4] - p[i]))) for i in range(4))
        return top, right, bottom, left

    def turn(self) -> float:
        """Degrees the page is turned, counter-clockwise to undo it (as
        `straighten.skew_angle`): the mean slope of its top and bottom sides."""
        p = self._points()
        top = math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0])
        bottom = math.atan2(p[2][1] - p[3][1], p[2][0] - p[3][0])
        return round(math.degrees((top + bottom) / 2), 2)

    def corner_angles(self) -> list[float]:
        """The interior angle at each corner, degrees."""
        p = self._points()
        angles = []
        for i in range(4):
            a, b = p[i - 1] - p[i], p[(i + 1) % 4] - p[i]
            cos = float(np.dot(a, b) / max(np.hypot(*a) * np.hypot(*b), 1e-9))
            angles.append(math.degrees(math.acos(max(-1.0, min(1.0, cos)))))
        return angles

    def is_rectangle(self) -> bool:
        """Already a rectangle, within `MAX_ANGLE` and `MAX_SIDE_RATIO` (a turned page)."""
        top, right, bottom, left = self.sides()
        square = all(abs(a - 90.0) <= MAX_ANGLE for a in self.corner_angles())
        return (
            square
            and max(top, bottom) <= MAX_SIDE_RATIO * min(top, bottom)
            and max(left, right) <= MAX_SIDE_RATIO * min(left, right)
        )

    def target_size(self) -> tuple[int, int]:
        top, right, bottom, left = self.sides()
        return round(max(top, bottom)), round(max(left, right))


def _boundary(mask: np.ndarray) -> np.ndarray:
    """The (x, y) of the mask's pixels with a neighbour outside it."""
    image = Image.fromarray(mask.astype(np.uint8) * 255)
    inner = np.asarray(image.filter(ImageFilter.MinFilter(3))) > 0
    ys, xs = np.nonzero(mask & ~inner)
    return np.stack([xs, ys], axis=1).astype(np.float64)


def _segment_distance(
    points: np.ndarray, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each point's distance to the segment a–b, and where along it (0..1) it falls."""
    d = b - a
    t = np.clip(((points - a) @ d) / max(float(d @ d), 1e-9), 0.0, 1.0)
    return np.hypot(*(points - (a + t[:, None] * d)).T), t


def _fit_line(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, float] | None:
    """A point on the line, its unit normal and the points' RMS distance from it."""
    if len(points) < MIN_EDGE_POINTS:
        return None
    centre = points.mean(axis=0)
    _, _, vt = np.linalg.svd(points - centre, full_matrices=False)
    normal = vt[1]
    rms = float(np.sqrt(np.mean(((points - centre) @ normal) ** 2)))
    return centre, normal, rms


def _intersect(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """Where two lines (point, normal) cross: n·x = n·p for both."""
    normals = np.stack([first[1], second[1]])
    offsets = np.array([first[1] @ first[0], second[1] @ second[0]])
    return np.linalg.solve(normals, offsets)


def _area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def _convex(points: np.ndarray) -> bool:
    crosses = []
    for i in range(4):
        a, b, c = points[i], points[(i + 1) % 4], points[(i + 2) % 4]
        crosses.append(float(np.cross(b - a, c - b)))
    return all(c > 0 for c in crosses) or all(c < 0 for c in crosses)


def find_page(page: np.ndarray, factor: int) -> Quad | None:
    """The page's corners on the full-size image, from `page` (True where the small copy,
    reduced `factor` times, shows the page, not the desk), or None when it is not a page with
    four clear corners (steps 1 to 3 of the module doc)."""
    height, width = page.shape
    if height <= 2 * BORDER or width <= 2 * BORDER or not page.any():
        return None
    ys, xs = np.nonzero(page)
    total, diff = xs + ys, xs - ys
    rough = np.array(
        [
            (xs[np.argmin(total)], ys[np.argmin(total)]),
            (xs[np.argmax(diff)], ys[np.argmax(diff)]),
            (xs[np.argmax(total)], ys[np.argmax(total)]),
            (xs[np.argmin(diff)], ys[np.argmin(diff)]),
        ],
        dtype=np.float64,
    )
    if min(np.hypot(*(rough[(i + 1) % 4] - rough[i])) for i in range(4)) < MIN_PAGE_SIDE:
        return None
    points = _boundary(page)
    distances, along = zip(
        *(_segment_distance(points, rough[i], rough[(i + 1) % 4]) for i in range(4)),
        strict=True,
    )
    nearest = np.argmin(np.stack(distances), axis=0)
    lines = []
    for i in range(4):
        t = along[i]
        chosen = (nearest == i) & (t > CORNER_SHARE) & (t < 1 - CORNER_SHARE)
        fitted = _fit_line(points[chosen])
        if fitted is None or fitted[2] > MAX_EDGE_RMS:
            return None
        lines.append((fitted[0], fitted[1]))
    corners = np.stack([_intersect(lines[i - 1], lines[i]) for i in range(4)])
    if not _convex(corners):
        return None
    # A corner may lie a little past the frame (cut off by a few pixels; the fill below
    # bounds how much of the page is missing), not far.
    slack = OUTSIDE * np.array([width, height])
    if (corners < -slack).any() or (corners > np.array([width, height]) + slack).any():
        return None
    # The mask counts whole pixels whose centres lie up to half a pixel outside the line
    # through the boundary pixels' centres: half the perimeter more than the polygon's area.
    perimeter = sum(float(np.hypot(*(corners[(i + 1) % 4] - corners[i]))) for i in range(4))
    fill = float(page.sum()) / max(_area(corners) + perimeter / 2, 1.0)
    if not MIN_FILL <= fill <= MAX_FILL:
        return None
    # A small pixel's centre on the full-size image.
    full = corners * factor + (factor - 1) / 2
    quad = Quad(tuple((float(x), float(y)) for x, y in full))
    if abs(quad.turn()) > MAX_TURN:
        return None
    return quad


def _coefficients(source: np.ndarray, size: tuple[int, int]) -> tuple[float, ...]:
    """Pillow's PERSPECTIVE data: for each output pixel (x, y) of a `size` rectangle, the
    input point ((a x + b y + c) / (g x + h y + 1), (d x + e y + f) / (g x + h y + 1)) on the
    quadrilateral `source`."""
    w, h = size
    target = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    solved = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(values))
    return tuple(float(c) for c in solved)


def warp(image: Image.Image, quad: Quad) -> Image.Image:
    """The page inside `quad` on `image`, warped onto an upright rectangle (step 4), paper
    white where the quadrilateral reaches past the image."""
    w, h = quad.target_size()
    scale = min(
        1.0,
        MAX_SIDE / max(w, h, 1),
        math.sqrt(MAX_GROWTH * image.width * image.height / max(w * h, 1)),
    )
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # Pixel centres: the corners given are centres; Pillow maps pixel edges.
    source = np.asarray(quad.corners, dtype=np.float64) + 0.5
    fill = 255 if image.mode == "L" else (255,) * len(image.getbands())
    return image.transform(
        size,
        Image.Transform.PERSPECTIVE,
        _coefficients(source, size),
        resample=Image.Resampling.BICUBIC,
        fillcolor=fill,
    )
