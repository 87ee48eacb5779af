"""Text inside images on text pages: an invoice whose issuer block is a picture.

A PDF page with a text layer is read from that layer, without OCR; but a letterhead, a stamp
or a pasted screenshot on it is an image, and its words were lost (the sender unknown). Here,
an image object covering at least `MIN_SHARE` of such a page is read with Tesseract
(`app.ocr.reading`, straightened and in its language), and its text is put into the page's
text where the image stands: the layer's text above the image, then beside it, then the
image's, then the rest. An image that already has text-layer text over it (a searchable
scan's hidden OCR layer, a form's background) is not read again.

Plain functions of picklable values: they run in the OCR process pool.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from app.ocr.reading import PageReading, read_page
from app.ocr.text import has_text

MIN_SHARE = 0.10  # of the page's area: smaller images are logos and icons, rarely words
MIN_LAYER_CHARS = 16  # text-layer characters over an image that mean it is read already
READ_DPI = 200  # an image coarser than this is scaled up before reading
# A photo without words still gives Tesseract something to misread ("| ~ ."), with low
# confidence: below this the image's "text" is left out.
MIN_CONFIDENCE = 50.0


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points (y up)


def large_images(page: pdfium.PdfPage) -> list[tuple[Box, pdfium.PdfImage]]:
    """Image objects covering at least `MIN_SHARE` of the page, top first."""
    width, height = page.get_size()
    found = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        left, bottom = max(left, 0.0), max(bottom, 0.0)
        right, top = min(right, width), min(top, height)
        if right <= left or top <= bottom:
            continue
        if (right - left) * (top - bottom) >= MIN_SHARE * width * height:
            found.append(((left, bottom, right, top), obj))
    return sorted(found, key=lambda item: -item[0][3])


def has_unread_images(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> bool:
    """Whether the page holds a large image with no text-layer text over it."""
    return any(
        len(textpage.get_text_bounded(*box).strip()) < MIN_LAYER_CHARS
        for box, _ in large_images(page)
    )


def _image(obj: pdfium.PdfImage, box: Box) -> Image.Image:
    """The image as drawn on the page (masks and colour space applied), in grey, at least
    `READ_DPI` for its size on the page."""
    image = obj.get_bitmap(render=True).to_pil().convert("L")
    width_in = (box[2] - box[0]) / 72
    if width_in > 0 and image.width / width_in < READ_DPI:
        scale = READ_DPI * width_in / image.width
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
    return image


def read_with_images(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    languages: tuple[str, ...],
    first: str | None,
    index: int,
) -> tuple[str, list[PageReading]]:
    """The page's text with its images' text in reading order, and each image's reading."""
    width, height = page.get_size()
    pieces: list[str] = []
    readings: list[PageReading] = []
    cursor = height  # everything above this has been placed

    def layer(bottom: float, top: float) -> None:
        if top > bottom:
            pieces.append(textpage.get_text_bounded(0, bottom, width, top))

    for box, obj in large_images(page):
        _, bottom, _, top = box
        if len(textpage.get_text_bounded(*box).strip()) >= MIN_LAYER_CHARS:
            continue
        top = min(top, cursor)
        layer(top, cursor)  # above the image
        layer(bottom, top)  # beside it
        reading = read_page(_image(obj, box), languages, first, index, prepared=False)
        if reading.confidence >= MIN_CONFIDENCE and has_text(reading.text):
            readings.append(reading)
            pieces.append(reading.text)
        cursor = min(cursor, bottom)
    layer(0, cursor)
    return "\n\n".join(p.strip("\n") for p in pieces if p.strip()), readings
