"""The lines of a document's pages as the facts rules read them: page, position, text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    index: int  # line number on its page
    text: str


# The longest line the rules read whole. A label and its value, a table row, an address, a
# heading all fit many times over; a longer line is running text a text layer printed without
# breaks (a paragraph, a whole page with no newline, a base64 blob). The rules look at each
# label's rest of its line, so a line of a hundred thousand characters costs them time in the
# square of its length and hangs the worker: it is read in pieces of at most this length,
# each broken at a blank where it has one.
MAX_LINE_CHARS = 500


def page_lines(pages: list[str]) -> list[Line]:
    out = []
    for p, page in enumerate(pages, start=1):
        i = 0
        for raw in page.splitlines():
            for piece in _pieces(" ".join(raw.split())):
                out.append(Line(p, i, piece))
                i += 1
    return out


def _pieces(text: str) -> Iterator[str]:
    """`text` in pieces of at most MAX_LINE_CHARS, broken at the last blank before the limit
    (or at the limit in a run without one); a short line is its one piece."""
    while len(text) > MAX_LINE_CHARS:
        cut = text.rfind(" ", MAX_LINE_CHARS // 2, MAX_LINE_CHARS + 1)
        cut = cut if cut > 0 else MAX_LINE_CHARS
        yield text[:cut]
        text = text[cut:].lstrip()
    if text:
        yield text


def after_label(line: Line, pattern: re.Pattern[str]) -> Iterator[tuple[str, int]]:
    """The text after each occurrence of a label on `line`, with the label's start."""
    for match in pattern.finditer(line.text):
        yield line.text[match.end() :], match.start()
