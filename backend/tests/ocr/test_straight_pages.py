"""Crooked and upside-down scans are straightened before they are read (issue 22).

A page scanned 4° askew, and one fed upside down, must read within 2 points of CER of the same
page upright, and the result says how the page was turned (for the viewer and thumbnail).
Real page, real Tesseract, real worker processes.
"""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from app.ocr import local_worker, straighten
from eval.facts.variants import photograph, render_pages
from tests.conftest import traversable_tmpdir
from tests.ocr import scans
from tests.ocr.test_local import make_engine, run

DOCUMENT, PAGE = "en-manual-debian-faq-02", 0


@pytest.fixture(scope="module")
def upright() -> Image.Image:
    return scans.page_image(DOCUMENT, PAGE)


async def read(workers, image: Image.Image):
    engine, storage = make_engine(workers)
    result, _ = await run(engine, storage, scans.scan_pdf(image), "application/pdf")
    return result


@pytest.mark.parametrize("degrees", [4.0, -4.0])
async def test_a_page_scanned_at_4_degrees_reads_like_the_upright_one(workers, upright, degrees):
    reference = scans.page_text(DOCUMENT, PAGE)
    straight = await read(workers, upright)
    askew = await read(
        workers,
        upright.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255),
    )
    assert scans.cer(askew.text, reference) <= scans.cer(straight.text, reference) + 2.0
    page = askew.pages[0]
    assert page.orientation == 0 and abs(page.skew + degrees) <= 0.5  # turned back
    assert straight.pages[0].skew == 0.0


@pytest.mark.parametrize("degrees", [4.0, -4.0])
def test_the_thumbnail_of_a_crooked_page_is_turned_level(upright, degrees):
    """The thumbnail is rendered turned by the page's stored turn (orientation + skew, here the
    skew straightening measured): its lines come out level, not 4° askew. (An upside-down
    scan's thumbnail: tests/api/test_ocr_pages.py, through the pipeline.)"""
    root = traversable_tmpdir("docstream-ocr-thumb-")
    path = root / "crooked.pdf"
    crooked = upright.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    path.write_bytes(scans.scan_pdf(crooked))
    try:
        as_scanned = local_worker.thumbnail(str(path), "application/pdf", 10**9)
        turned = local_worker.thumbnail(str(path), "application/pdf", 10**9, turn=-degrees)
    finally:
        path.unlink()
        root.rmdir()
    assert straighten.skew_angle(Image.open(io.BytesIO(as_scanned))) == -degrees
    shown = Image.open(io.BytesIO(turned))
    assert straighten.skew_angle(shown) == 0.0 and shown.width <= 320


async def test_an_upside_down_page_is_turned_and_read(workers, upright):
    reference = scans.page_text(DOCUMENT, PAGE)
    straight = await read(workers, upright)
    flipped = await read(workers, upright.rotate(180))
    assert scans.cer(flipped.text, reference) <= scans.cer(straight.text, reference) + 2.0
    assert flipped.pages[0].orientation == 180 and straight.pages[0].orientation == 0


@pytest.mark.parametrize("turned", [90, -90])
async def test_a_page_on_its_side_is_turned_and_read(workers, upright, turned):
    """Turned counter-clockwise (90) or clockwise (-90): turned back the other way."""
    reference = scans.page_text(DOCUMENT, PAGE)
    straight = await read(workers, upright)
    sideways = await read(workers, upright.rotate(turned, expand=True))
    assert scans.cer(sideways.text, reference) <= scans.cer(straight.text, reference) + 2.0
    assert sideways.pages[0].orientation == (-turned) % 360


async def test_a_phone_photo_of_the_page_reads_like_the_upright_scan(workers, upright):
    """The corpus's phone-photo recipe (`eval.facts.variants.photograph`: on a desk, tilted
    about 5°, a slight perspective, uneven light), as a JPEG. Tesseract alone lost nearly all
    of this one (CER 91 %)."""
    page = render_pages(scans.DOCUMENTS / f"{DOCUMENT}.pdf", 150, grey=False)[PAGE]
    photo = photograph(page, random.Random(1))
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", quality=80)
    engine, storage = make_engine(workers)
    result, _ = await run(engine, storage, buf.getvalue(), "image/jpeg")
    straight = await read(workers, upright)
    reference = scans.page_text(DOCUMENT, PAGE)
    assert scans.cer(result.text, reference) <= scans.cer(straight.text, reference) + 2.0
    assert abs(result.pages[0].skew) >= 2.0
