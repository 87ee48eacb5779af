"""Scans and phone photos of the corpus PDFs, made deterministically at eval time.

- `text`: the committed PDF as it is.
- `scan`: every page rendered at 200 dpi in grey (by pdfium, which the OCR engine already
  uses, as `pdftoppm -r 200 -gray` would), bound into one image-only PDF at 200 dpi, as a
  flatbed scanner's PDF would be.
- `photo`: every page rendered at 150 dpi in colour, then, with a random generator seeded from
  the document id (CRC-32, not Python's salted hash): placed on a darker desk, rotated 2-5
  degrees either way, pulled into a slight perspective, lit unevenly (a brighter corner, a
  darker side) and saved as JPEG at quality 80. One page: a .jpg; more: the JPEG pages in one
  PDF, as phone scanning apps produce.

The results go in a cache directory (not committed); a file already there is reused, and a
change of recipe changes `RECIPE` so old files are not.

    python -m eval.facts.variants [--cache DIR]    # makes every variant references.json asks for
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from eval.facts.corpus import document_path, load_references

RECIPE = "v1"
SCAN_DPI = 200
PHOTO_DPI = 150
JPEG_QUALITY = 80
# The same bytes on every run: PDF dates fixed, not the time of making.
FIXED_DATES = {"creationDate": time.gmtime(1767225600), "modDate": time.gmtime(1767225600)}
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "docstream-eval-facts-variants"


def seed_for(doc_id: str) -> int:
    return zlib.crc32(f"{RECIPE}:{doc_id}".encode())


def render_pages(pdf: Path, dpi: int, grey: bool) -> list[Image.Image]:
    """The PDF's pages as images at `dpi`, in grey or in colour."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for i in range(len(document)):
            page = document[i]
            image = page.render(scale=dpi / 72, grayscale=grey).to_pil()
            images.append(image.convert("L" if grey else "RGB"))
            page.close()
        return images
    finally:
        document.close()


def _perspective_coefficients(
    source: Sequence[tuple[float, float]], target: Sequence[tuple[float, float]]
) -> list[float]:
    """The 8 coefficients PIL's PERSPECTIVE transform needs to map `target` onto `source`."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return _solve(rows, rhs)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 x 8; no numpy needed)."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                factor = m[r][col] / m[col][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def photograph(page: Image.Image, rng: random.Random) -> Image.Image:
    """One page as a phone photo of it: desk margin, tilt, perspective, uneven light."""
    page = page.convert("RGB")
    w, h = page.size
    margin = int(0.06 * max(w, h))
    desk_tone = rng.randint(95, 140)
    desk = Image.new(
        "RGB", (w + 2 * margin, h + 2 * margin), (desk_tone, desk_tone - 8, desk_tone - 20)
    )
    desk.paste(page, (margin, margin))
    angle = rng.uniform(2.0, 5.0) * rng.choice((-1, 1))
    tilted = desk.rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=desk.getpixel((0, 0))
    )
    tw, th = tilted.size
    jitter = 0.025

    def corner(x: float, y: float) -> tuple[float, float]:
        return (x + rng.uniform(-jitter, jitter) * tw, y + rng.uniform(-jitter, jitter) * th)

    target = [(0.0, 0.0), (float(tw), 0.0), (float(tw), float(th)), (0.0, float(th))]
    source = [corner(*p) for p in target]
    warped = tilted.transform(
        (tw, th),
        Image.Transform.PERSPECTIVE,
        _perspective_coefficients(source, target),
        resample=Image.Resampling.BICUBIC,
        fillcolor=desk.getpixel((0, 0)),
    )
    # Uneven light: a horizontal gradient (one side darker) times a soft bright spot.
    dark, bright = rng.uniform(0.72, 0.85), rng.uniform(0.98, 1.05)
    left_dark = rng.random() < 0.5
    ramp = Image.linear_gradient("L").rotate(90 if left_dark else -90).resize((tw, th))
    light = ramp.point(lambda v: int(255 * (dark + (bright - dark) * v / 255) / 1.05))
    spot = Image.new("L", (tw, th), 0)
    cx, cy = rng.uniform(0.2, 0.8) * tw, rng.uniform(0.2, 0.8) * th
    r = 0.35 * max(tw, th)
    ImageDraw.Draw(spot).ellipse((cx - r, cy - r, cx + r, cy + r), fill=28)
    spot = spot.filter(ImageFilter.GaussianBlur(r / 3))
    light = ImageChops.add(light, spot)
    lit = ImageChops.multiply(warped, Image.merge("RGB", (light, light, light)))
    return lit.filter(ImageFilter.GaussianBlur(0.6))


def make_scan(pdf: Path, out: Path) -> Path:
    pages = render_pages(pdf, SCAN_DPI, grey=True)
    pages[0].save(
        out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=pages[1:], **FIXED_DATES
    )
    return out


def make_photo(pdf: Path, out_base: Path, doc_id: str) -> Path:
    rng = random.Random(seed_for(doc_id))
    pages = render_pages(pdf, PHOTO_DPI, grey=False)
    photos = [photograph(p, rng) for p in pages]
    if len(photos) == 1:
        out = out_base.with_name(out_base.name + ".jpg")
        photos[0].save(out, "JPEG", quality=JPEG_QUALITY)
        return out
    out = out_base.with_name(out_base.name + ".pdf")
    photos[0].save(
        out,
        "PDF",
        resolution=PHOTO_DPI,
        quality=JPEG_QUALITY,
        save_all=True,
        append_images=photos[1:],
        **FIXED_DATES,
    )
    return out


def variant_file(entry: Mapping[str, Any], variant: str, cache: Path = DEFAULT_CACHE) -> Path:
    """The file to feed the OCR engine for one document in one form; made once, then reused."""
    pdf = document_path(entry)
    if variant == "text":
        return pdf
    cache.mkdir(parents=True, exist_ok=True)
    base = cache / f"{entry['id']}.{variant}.{RECIPE}"
    if variant == "scan":
        out = cache / f"{base.name}.pdf"
        return out if out.exists() else make_scan(pdf, out)
    if variant == "photo":
        for existing in (cache / f"{base.name}.jpg", cache / f"{base.name}.pdf"):
            if existing.exists():
                return existing
        return make_photo(pdf, base, str(entry["id"]))
    raise ValueError(f"unknown variant {variant!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    for entry in load_references():
        for variant in entry["variants"]:
            if variant != "text":
                print(variant_file(entry, variant, args.cache))


if __name__ == "__main__":
    main()
