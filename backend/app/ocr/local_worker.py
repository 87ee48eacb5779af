"""CPU-bound work of the local engine, run inside a process pool.

Everything here is a plain function of picklable arguments, so it can run in another process:
the API's event loop never renders a page or waits for Tesseract. Errors are raised as
`PermanentError` with a message a user can act on.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from app.domain import EInvoice
from app.errors import ErrorCode, PermanentError
from app.ocr.einvoice import embedded_invoice
from app.ocr.languages import DEFAULT_LANGUAGES, detect
from app.ocr.layout import pdf_title
from app.ocr.page_images import has_unread_images, read_with_images
from app.ocr.reading import PageReading, read_page
from app.ocr.tess import describe
from app.ocr.text import tidy

# A page whose text layer has fewer characters than this is treated as scanned.
MIN_TEXT_LAYER_CHARS = 16
MAX_RENDER_SIDE = 5000
# A thumbnail is at most THUMB_WIDTH wide, twice that tall, and this many pixels in all.
THUMB_WIDTH = 320
MAX_THUMB_PIXELS = THUMB_WIDTH * THUMB_WIDTH * 2


def init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract's OpenMP is 9x slower on 2 shared cores
    # Lowest priority (Tesseract inherits it): OCR may take every idle cycle, but the event
    # loop answering uploads and health checks comes first. At nice 10 a worker still got
    # about a tenth of the API's weight, and the upload p99 under a full OCR backlog paid for
    # it (docs/benchmarks.md, "Upload acknowledgement against the floor").
    os.nice(19 - os.nice(0))
    # Our own check in `_open_image` reads the header's size before anything is decoded and
    # says what to do; Pillow's guard would fire first with a vaguer message.
    Image.MAX_IMAGE_PIXELS = None


def markdown(text: str) -> str:
    """Tidy extracted text into markdown paragraphs: hyphenation joined, control characters
    gone, the source's hard line breaks inside a paragraph rejoined, at most one blank line."""
    lines = [line.strip() for line in tidy(text).splitlines()]
    return "\n".join(_reflow(lines)).strip()


_LIST_ITEM = re.compile(r"^(?:[-*•◦‣–]|\d{1,3}[.)]|\(?[a-z]\))\s")


def _reflow(lines: list[str]) -> list[str]:
    """Rejoin lines the typesetter (or the scanner) broke inside a paragraph.

    A line continues the previous one when it starts lower-case, or when the previous line is
    nearly full width (compared with the page's long lines) and did not end a sentence or
    introduce a list; a list item never continues anything. The result reads as paragraphs in
    the detail view instead of ragged source lines."""
    # The measure of a full line: the long lines of running text. Forms and lists (few long
    # lines) get none, so their short lines are never glued together.
    lengths = sorted(len(ln) for ln in lines if len(ln) >= 50)
    width = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 5 else 10**6
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        prev = out[-1] if out else ""
        continues = (
            bool(prev)
            and not _LIST_ITEM.match(line)
            and (
                (line[0].islower() and len(prev) >= 0.5 * width and prev[-1] not in ".:!?")
                or (len(prev) >= 0.85 * width and prev[-1] not in ".:;!?" and line[0].isalpha())
            )
        )
        if continues:
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def _open_pdf(path: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PermanentError(
                "This PDF is encrypted (password-protected). Remove the password and upload it again.",
                ErrorCode.ENCRYPTED_PDF,
            ) from None
        raise PermanentError(
            "This PDF is damaged or not a real PDF and cannot be read. Re-export or re-scan it "
            "and upload the new copy.",
            ErrorCode.CORRUPT_FILE,
        ) from None


def _load_page(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """Page `index`, or `unsupported_content` when the reader cannot load it (a page tree
    nested thousands of levels deep, a broken page object): the file's fault, said once,
    never an `internal` failure (nor a 500 for its thumbnail)."""
    try:
        return pdf[index]
    except pdfium.PdfiumError:
        raise PermanentError(
            f"Page {index + 1} of this PDF cannot be opened: its structure is damaged or nested "
            "too deeply. Re-export the PDF (print it to a new PDF) and upload that copy.",
            ErrorCode.UNSUPPORTED_CONTENT,
        ) from None


@dataclass(frozen=True)
class TextLayer:
    """What `pdf_text_layer` found, for the pages it was asked about."""

    count: int  # the PDF's pages, all of them
    texts: dict[int, str | None]  # each page asked about: its text layer, None if it needs OCR
    with_images: list[int]  # text pages that also hold a large image nothing has read
    cut: list[int]  # pages whose text was cut at the per-page text budget
    title: str | None  # the PDF's Title, when page 1 has a text layer (a layout hint)


def pdf_einvoice(path: str) -> EInvoice | None:
    """The invoice data the PDF carries as an XML attachment (`app.ocr.einvoice`). A call of
    its own: an attachment is a compressed stream that may unpack to gigabytes, and when one
    takes the worker over its memory or CPU budget, only this hint is lost, never the pages."""
    pdf = _open_pdf(path)
    try:
        return embedded_invoice(pdf)
    finally:
        pdf.close()


def pdf_text_layer(
    path: str, max_pages: int, max_chars: int, start: int = 0, stop: int | None = None
) -> TextLayer:
    """The page count, and each page of [start, stop) (all by default) with its text layer:
    None for pages that need OCR; the pages with a text layer that also hold a large image
    nothing has read (`app.ocr.page_images`); the pages whose text was cut at `max_chars` (the
    per-page text budget, applied here so that a page drawing the same words a million times
    is neither tidied nor sent back whole). A page-range run of a long document asks only for
    its own pages: ten ranges of a 600-page PDF must not each extract all 600 text layers."""
    pdf = _open_pdf(path)
    try:
        count = len(pdf)
        if count == 0:
            raise PermanentError("This PDF has no pages.")
        if count > max_pages:
            raise PermanentError(
                f"This PDF has {count} pages; the limit is {max_pages}. Split it and upload the parts.",
                ErrorCode.TOO_MANY_PAGES,
            )
        texts: dict[int, str | None] = {}
        with_images: list[int] = []
        cut: list[int] = []
        for i in range(max(0, start), count if stop is None else min(count, stop)):
            text, images = _page_text(pdf, i, with_images=True)
            if len(text) > max_chars:
                text = text[:max_chars]
                cut.append(i)
            texts[i] = markdown(text) if len(text.strip()) >= MIN_TEXT_LAYER_CHARS else None
            if images and texts[i] is not None:
                with_images.append(i)
        # The Title is a hint only beside page 1's text layer (as `layout.pdf_layout` gives
        # it): a range without page 1 looks at page 1's text alone, never its images.
        if 0 in texts:
            layer = texts[0] is not None
        else:
            layer = len(_page_text(pdf, 0, with_images=False)[0].strip()) >= MIN_TEXT_LAYER_CHARS
        return TextLayer(count, texts, with_images, cut, pdf_title(pdf) if layer else None)
    finally:
        pdf.close()


def _page_text(pdf: pdfium.PdfDocument, index: int, *, with_images: bool) -> tuple[str, bool]:
    """One page's text layer (line ends as newlines), and whether it also holds a large image
    nothing has read (looked for only when asked and the page has text)."""
    page = _load_page(pdf, index)
    images = False
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
        if with_images and len(text.strip()) >= MIN_TEXT_LAYER_CHARS:
            images = has_unread_images(page, textpage)
        textpage.close()
    except pdfium.PdfiumError:
        text = ""
    finally:
        page.close()
    return text, images


def _render_scale(
    width: float,
    height: float,
    wanted: float,
    max_w: float,
    max_h: float,
    max_pixels: float,
    what: str,
) -> float:
    """The scale that keeps a render within width, height AND total pixels; refuses a page
    that would come out less than a pixel wide or tall (a 1×14400 pt strip is not a page)."""
    width, height = max(width, 1e-3), max(height, 1e-3)
    scale = min(wanted, max_w / width, max_h / height, (max_pixels / (width * height)) ** 0.5)
    if width * scale < 1 or height * scale < 1:
        raise PermanentError(
            f"This page is {width:.0f}×{height:.0f} points, too thin to render {what}. "
            "Re-export the document with normal page sizes.",
            ErrorCode.UNSUPPORTED_CONTENT,
        )
    return scale


def _read(
    image: Image.Image, languages: tuple[str, ...], first: str | None, index: int
) -> PageReading:
    reading = read_page(image, languages, first, index)
    reading.text = markdown(reading.text)
    return reading


def pdf_page_ocr(
    path: str, index: int, dpi: int, languages: tuple[str, ...], first: str | None = None
) -> PageReading:
    """A scanned page read upright in its language (`app.ocr.reading`), text tidied."""
    pdf = _open_pdf(path)
    try:
        page = _load_page(pdf, index)
        width, height = page.get_size()
        scale = _render_scale(
            width,
            height,
            dpi / 72,
            MAX_RENDER_SIDE,
            MAX_RENDER_SIDE,
            MAX_RENDER_SIDE * MAX_RENDER_SIDE,
            "for reading",
        )
        image = page.render(scale=scale, grayscale=True).to_pil()
        page.close()
    finally:
        pdf.close()
    return _read(image, languages, first, index)


def pdf_page_with_images(
    path: str, index: int, languages: tuple[str, ...], first: str | None = None
) -> PageReading:
    """A text-layer page with its large images read too, in reading order (tidied)."""
    pdf = _open_pdf(path)
    try:
        page = _load_page(pdf, index)
        textpage = page.get_textpage()
        try:
            # The words in a letterhead are too few to tell their language; the page's own
            # text is the better guess for the first pass over its images.
            known = tuple(dict.fromkeys(languages + DEFAULT_LANGUAGES))
            layer = detect(textpage.get_text_bounded(), known)
            if layer in languages:
                first = layer
            text, readings = read_with_images(page, textpage, languages, first, index)
        finally:
            textpage.close()
            page.close()
    finally:
        pdf.close()
    reading = PageReading(markdown(text), passes=sum(r.passes for r in readings))
    reading.language = detect(text, known)
    return reading


def _open_image(path: str, max_pixels: int) -> Image.Image:
    try:
        image = Image.open(path)
    except (OSError, SyntaxError, ValueError):
        raise PermanentError(
            "This image is damaged or in an unsupported format and cannot be read."
        ) from None
    _check_pixels(image, max_pixels)
    return image


def _check_pixels(image: Image.Image, max_pixels: int, page: int | None = None) -> None:
    """Refuse from the header's size, before a pixel is decoded."""
    if image.width * image.height > max_pixels:
        where = f"Page {page + 1} of this image" if page else "This image"
        raise PermanentError(
            f"{where} is {image.width}×{image.height} pixels; the limit is {max_pixels:,} pixels. "
            "Scale it down and upload it again.",
            ErrorCode.IMAGE_TOO_LARGE,
        )


def image_frame_count(path: str, max_pixels: int, max_pages: int) -> int:
    """The number of frames, after checking every frame's size: a multi-frame TIFF must not
    hide a 400-megapixel second page behind a small first one. Seeking reads only headers."""
    image = _open_image(path, max_pixels)
    try:
        count = getattr(image, "n_frames", 1)
    except (OSError, EOFError, ValueError, SyntaxError):
        raise PermanentError(
            "This image is damaged and cannot be read.", ErrorCode.CORRUPT_FILE
        ) from None
    if count > max_pages:
        raise PermanentError(
            f"This image has {count} pages; the limit is {max_pages}.", ErrorCode.TOO_MANY_PAGES
        )
    for index in range(1, count):
        try:
            image.seek(index)
        except (OSError, EOFError, ValueError, SyntaxError):
            raise PermanentError(
                "This image is damaged and cannot be read.", ErrorCode.CORRUPT_FILE
            ) from None
        _check_pixels(image, max_pixels, index)
    return count


def image_frame_ocr(
    path: str, index: int, languages: tuple[str, ...], max_pixels: int, first: str | None = None
) -> PageReading:
    """An image frame read upright in its language (`app.ocr.reading`), text tidied."""
    image = _open_image(path, max_pixels)
    try:
        image.seek(index)
        _check_pixels(image, max_pixels, index)
        frame = image.copy()
        frame.load()
    except (OSError, EOFError, ValueError, SyntaxError):
        raise PermanentError("This image is damaged and cannot be read.") from None
    side = max(frame.size)
    if side > MAX_RENDER_SIDE:
        frame.thumbnail((MAX_RENDER_SIDE, MAX_RENDER_SIDE))
    return _read(frame, languages, first, index)


def thumbnail(
    path: str, mime_type: str, max_pixels: int, size: int = THUMB_WIDTH, turn: float = 0.0
) -> bytes:
    """A PNG of the first page: at most `size` wide, `2 × size` tall, and `MAX_THUMB_PIXELS`
    in all, whatever the page's shape (a 1×14400 pt page scaled by width alone is 4 GB).
    `turn`: degrees counter-clockwise the OCR turned the page to read it (a page scanned
    upside down: 180), so the thumbnail shows it upright too."""
    max_thumb = MAX_THUMB_PIXELS * (size / THUMB_WIDTH) ** 2
    if turn % 180 == 90:  # rendered on its side, then turned: fit the turned shape
        bound_w, bound_h = size * 2, size
    else:
        bound_w, bound_h = size, size * 2
    if mime_type == "application/pdf":
        pdf = _open_pdf(path)
        try:
            page = _load_page(pdf, 0)
            width, height = page.get_size()
            scale = _render_scale(
                width, height, float("inf"), bound_w, bound_h, max_thumb, "as a thumbnail"
            )
            image = page.render(scale=scale).to_pil()
            page.close()
        finally:
            pdf.close()
    else:
        source = next(ImageSequence.Iterator(_open_image(path, max_pixels)))
        _render_scale(
            source.width, source.height, 1.0, bound_w, bound_h, max_thumb, "as a thumbnail"
        )
        image = source.copy()
        image.thumbnail((bound_w, bound_h))
    image = image.convert("RGB")
    if turn % 360:
        image = image.rotate(
            turn,
            resample=Image.Resampling.NEAREST if turn % 90 == 0 else Image.Resampling.BICUBIC,
            expand=True,
            fillcolor=(255, 255, 255),
        )
        image.thumbnail((size, size * 2))  # a skewed page grows a little when turned
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """The language (Tesseract pack name) of a text layer, for the result."""
    return detect(text, languages)


def runner() -> str:
    """Which Tesseract this worker runs, for the engine's log line."""
    return describe()
