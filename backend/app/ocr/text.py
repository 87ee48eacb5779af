"""Text hygiene shared by every OCR engine and by the metadata it feeds.

PDF text layers and OCR carry typesetting debris a reader should never see: pdfium reports a
hyphen the typesetter inserted at a line end as U+0002 ("manip\\x02ulation"), PDFs use soft
hyphens and ligature glyphs ("ﬁ"), and control characters slip through from broken encodings.
They render as boxes and break search and copy-paste, so they are removed before anything is
stored (`OcrPage` calls `tidy`) and before metadata is saved.
"""

from __future__ import annotations

import re

# A hyphenation mark (pdfium's U+0002, a soft hyphen) possibly followed by the line break it
# stands for: the two halves are one word.
_MARKED_BREAK = re.compile(r"[\x02\u00ad][ \t]*(?:\r?\n[ \t]*)?")
# A hyphen at a line end between two lower-case letters of any alphabet: "manip-\nulation",
# "in\u2010\ncluding" (OCR engines and typesetters write U+2010 HYPHEN or U+2011; German scans
# also "¬"). Compound words broken at their own hyphen ("well-\nknown") lose it; a rare cost
# next to split words everywhere.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011\u00ac][ \t]*\r?\n[ \t]*(?=[^\W\d_])")
# Every C0/C1 control character except tab and newline, plus the Unicode non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]")


def tidy(text: str) -> str:
    """Join hyphenated words, normalise ligatures, drop control characters.

    Idempotent, and it keeps line structure (one line in, one line out, except the joined
    hyphen breaks), so it is safe on markdown from any engine.
    """
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = _MARKED_BREAK.sub("", text)
    text = _HYPHEN_BREAK.sub(_join_hyphen_break, text)
    text = _LIGATURE.sub(lambda m: _LIGATURES[m.group(0)], text)
    return _CONTROL.sub("", text)


def _join_hyphen_break(m: re.Match[str]) -> str:
    before, after = m.string[m.start() - 1], m.string[m.end()]
    return "" if before.islower() and after.islower() else m.group(0)


# Two letters or digits in a row, in any script. A scan of an empty page gives nothing, or stray
# marks ("|", "~", "."), never a word.
_WORD = re.compile(r"[^\W_]{2}")


def has_text(text: str) -> bool:
    """Whether OCR found any text at all (a blank page or a photo of nothing has none)."""
    return _WORD.search(text) is not None


def has_control_characters(text: str) -> bool:
    """True when `text` still holds something `tidy` removes (for tests and the evaluation)."""
    return bool(_CONTROL.search(text) or "\u00ad" in text or _LIGATURE.search(text))
