"""How one page image is read: straightened, OCR'd, its language checked, read again if needed.

Per page, in the OCR worker:
0. a phone photo or a coarse image is prepared (`app.ocr.prepare`: desk cropped off, a page
   photographed in perspective warped back to a rectangle (`app.ocr.perspective`), light
   evened out, small text scaled up; each only when the image needs it);
1. skew from the page itself (`straighten.skew_angle`), undone before anything else;
2. a first pass in the language the document seems to be in (the engine passes the language
   of its earlier pages, else the first of `OCR_LANGUAGES`);
3. when that pass reads badly (low confidence, or no words) or finds the text running top to
   bottom, Tesseract's OSD: a page upside down or on its side is turned upright (and its skew
   measured again) and read again;
4. the language of the text is identified (`app.ocr.languages`); only when it is not the first
   pass's language is the page read a second time, in its own language;
5. when Tesseract took a large part of the page for pictures (a frame or a table's grid
   around text it then leaves unread), the page is read again with its ruling lines taken
   off (`app.ocr.rules`), and the reading holding more letters and digits kept;
6. when that reading is still unsure (mean word confidence below `LOCAL_BELOW`) and in the
   page's own language, it is read once more binarised by Sauvola's local threshold instead
   of Otsu's single one (faint thermal print, light that preparation did not even out), and
   that reading is kept when Tesseract is surer of it by more than `LOCAL_MARGIN` and it holds
   at least as many letters and digits (a reading that drops the unsure words is surer of
   the rest, not better).
An upright page in the expected language that reads well thus costs one pass plus a few
milliseconds; OSD (about a third of a pass) and the local binarisation (a pass) run only for
pages that need them, which keeps the in-process engine faster than the `tesseract` CLI on
ordinary scans (docs/benchmarks.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from app.errors import PermanentError
from app.ocr import languages as langs
from app.ocr import prepare, rules, straighten, tess
from app.ocr.text import has_text

log = logging.getLogger(__name__)

# A pass whose words are read with less confidence than this (0–100) may be a page on its
# side or upside down: an upright printed page reads at 85–95, an upside-down one below 50.
LOW_CONFIDENCE = 65.0
# OSD's confidence needed to turn a page ("15 is reasonably confident" per Tesseract; a
# sparse but clearly turned page gives 2–5).
MIN_ORIENTATION_CONFIDENCE = 1.5


@dataclass
class PageReading:
    text: str
    hints: list[dict[str, Any]] = field(default_factory=list)
    # The language identified in the text, as a Tesseract pack name ("deu"); None when there
    # was too little text to tell (the pass then used the document's or the first language).
    language: str | None = None
    # How the page was turned before it was read, counter-clockwise: `orientation` from OSD
    # (0, 90, 180, 270), then `skew` degrees. A viewer turns the page the same way to show it
    # upright.
    orientation: int = 0
    skew: float = 0.0
    confidence: float = 0.0
    passes: int = 1
    runner: str = ""
    sideways: bool = field(default=False, repr=False)  # Tesseract read it as vertical text
    pictured: float = field(default=0.0, repr=False)  # share taken for pictures (tess)


# A page read with less confidence than this (an uneven photo, faint thermal print, white
# words on a grey band) is read once more binarised locally (Sauvola) instead of with one
# threshold for the whole page (Otsu); the second reading is kept only when Tesseract is
# surer of it by more than `LOCAL_MARGIN` (its confidence moves about a point between two
# binarisations of a page that reads well either way).
LOCAL_BELOW = 90.0
LOCAL_MARGIN = 1.0
# A reading that took at least this share of the page for pictures is read once more with
# the page's ruling lines taken off (`app.ocr.rules`), and the reading holding more letters
# and digits kept. A frame around the page or a table's grid makes Tesseract take what is
# inside for one picture (88 % of a Portuguese invoice, 70 % of an American one, whose item
# tables and totals were not read); a letterhead's logo or a photo on a page is well under it.
PICTURED = 0.25
UNRULED_GAIN = 1.15


def _read_chars(reading: PageReading) -> int:
    """How many letters and digits a reading holds. A binarisation that blanks out the words
    Tesseract was unsure of raises its mean confidence by reading less: a second reading must
    hold at least as much text as the first to be kept (on the tune half's image receipts,
    Sauvola's "surer" readings had dropped a third to a half of their words)."""
    return sum(ch.isalnum() for ch in reading.text)


def _pass(image: Image.Image, language: str, page: int, local: bool = False) -> PageReading:
    found = tess.recognise(image, language, page, local)
    reading = PageReading(
        found.text, found.hints, language, confidence=found.confidence, runner=tess.runner()
    )
    reading.sideways, reading.pictured = found.sideways, found.pictured
    return reading


def _unchanged(image: Image.Image) -> Image.Image:
    return image


# Preparation is a help, never a condition: a page too large to prepare within the worker's
# memory budget is read as it is (as before preparation existed), not failed.
def _clean(grey: Image.Image) -> prepare.Cleaned:
    try:
        return prepare.clean(grey)
    except MemoryError:
        log.warning("page %sx%s read unprepared: no memory to prepare it", *grey.size)
        return prepare.Cleaned(grey)


def _helped(
    step: Callable[[Image.Image], Image.Image], page: Image.Image, skipped: str
) -> Image.Image:
    """`step(page)`, or the page as it is when the worker has no memory for the step."""
    try:
        return step(page)
    except MemoryError:
        log.warning("page %sx%s read %s: no memory for it", *page.size, skipped)
        return page


def _enlarge(upright: Image.Image) -> Image.Image:
    return _helped(prepare.enlarge, upright, "at its size")


def _unrule(upright: Image.Image) -> Image.Image:
    return _helped(rules.unrule, upright, "with its ruling lines")


def read_page(
    image: Image.Image,
    languages: tuple[str, ...],
    first: str | None = None,
    page: int = 0,
    *,
    prepared: bool = True,
) -> PageReading:
    """The page's text, read the right way up and in its own language (see the module doc).
    `languages` are the Tesseract packs OCR may use; `first` the one to try first.
    `prepared=False` skips `app.ocr.prepare` (an image inside a text page is a letterhead or
    a stamp, not a photographed page: no desk, no light to even out)."""
    installed = tess.installed_languages()
    languages = tuple(lang for lang in languages if lang in installed)
    if not languages:
        raise PermanentError(
            "The server has none of the language packs needed to read scans installed. Ask "
            "the administrator to install Tesseract's language packs."
        )
    first = first if first in languages else languages[0]
    grey = image if image.mode == "L" else image.convert("L")
    enlarge = _enlarge if prepared else _unchanged
    # A page warped out of perspective has had its turn undone with it: the skew reported
    # (what a thumbnail of the original turns it by) is that turn plus what is left of it.
    warp_turn = 0.0
    if prepared:
        cleaned = _clean(grey)
        grey, warp_turn = cleaned.image, cleaned.turned
    skew = straighten.skew_angle(grey)
    upright = enlarge(straighten.rotate(grey, skew))
    best = _pass(upright, first, page)
    best.skew = round(warp_turn + skew, 2)
    passes = 1
    if best.confidence < LOW_CONFIDENCE or not has_text(best.text) or best.sideways:
        turn, sure = tess.orientation(upright)
        if turn and sure >= MIN_ORIENTATION_CONFIDENCE:
            turned = straighten.rotate(grey, turn)
            again = straighten.skew_angle(turned)
            turned = enlarge(straighten.rotate(turned, again))
            retry = _pass(turned, first, page)
            passes += 1
            if retry.confidence > best.confidence or best.sideways:
                retry.orientation, retry.skew = turn, round(warp_turn + again, 2)
                best, upright = retry, turned
    # Identified among every language we know, read again only in the ones allowed: with
    # OCR_LANGUAGES=eng a German page is still called German, but read in English.
    detected = langs.detect(best.text, tuple(dict.fromkeys(languages + langs.DEFAULT_LANGUAGES)))
    if detected and detected != best.language and detected in languages:
        second = _pass(upright, detected, page)
        passes += 1
        second.orientation, second.skew = best.orientation, best.skew
        best = second
    if best.pictured >= PICTURED:
        unruled = _unrule(upright)
        if unruled is not upright:
            alt = _pass(unruled, best.language or first, page)
            passes += 1
            if _read_chars(alt) > UNRULED_GAIN * _read_chars(best):
                alt.orientation, alt.skew = best.orientation, best.skew
                best, upright = alt, unruled
    # Read in a language not its own (OCR_LANGUAGES or the person's choice rules its own
    # out), a page reads with little confidence for that alone: no binarisation mends it.
    own = detected is None or detected == best.language
    if best.confidence < LOCAL_BELOW and has_text(best.text) and own:
        alt = _pass(upright, best.language or first, page, local=True)
        passes += 1
        if alt.confidence > best.confidence + LOCAL_MARGIN and _read_chars(alt) >= _read_chars(
            best
        ):
            alt.orientation, alt.skew, alt.language = best.orientation, best.skew, best.language
            best = alt
    best.language = detected
    best.passes = passes
    return best
