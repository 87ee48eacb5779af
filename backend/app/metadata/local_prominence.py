"""Which of the first page's lines the page prints large, from the OCR step's layout hints.

An issuer prints its name bigger than the body of its bill (a letterhead, a logo's text, a
till receipt's shop name), in every language and whatever words the page uses: a signal no
word list gives. The hints (`app.domain.LayoutHints`) carry page 1's lines with a size (font
points for a text layer, line-box pixels for a scan or a photo: only the ratio to the page's
own body size is read, so both units serve) and a position (`top`, a fraction of the page
height). The facts rules read plain text lines, which may differ from the layout's lines in
whitespace or markup (Markdown's `#` and `**`): a text line is matched to a layout line by
its words alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from app.domain import LayoutHints
from app.metadata.local_correspondent_names import names_a_kind

# A line stands out at this many times the page's median line size (the title rule's bar:
# `local_title.layout_candidates`)
PROMINENT = 1.15
# "Near the top": a letterhead stands in the page's upper part; a large amount or a section
# heading further down is not the sender's name
HEAD_TOP = 0.3
# A name's line is printed about as large as the head's largest text (a line box's height
# varies a little with its letters on a scan)
LARGEST_SHARE = 0.85
# Fewer lines than this give no body size to compare with
MIN_LINES = 4
# The layout's lines are short (a line of the page); longer text is never a name's line
_MAX_CHARS = 200


def words_of(text: str) -> str:
    """A line's words, folded: what a Markdown line and a layout line of the same text share
    ("# **ACME Tools**" and "ACME  Tools" are both "acme tools")."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


@dataclass(frozen=True)
class Prominence:
    """The first page's lines printed prominently near the top: each line's words (folded)
    and its size as a multiple of the page's median line size. Empty without layout hints,
    and then every answer is "not prominent" (the rules read the text as they always did)."""

    lines: tuple[tuple[str, float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.lines)

    def of_line(self, text: str, part: str | None = None) -> float:
        """How prominently the page prints a text line (its size over the body's; 0.0 when
        not prominent): a layout line of the same words, one holding the line, or one the
        line holds (two columns the text ran together), which then holds `part` (the name
        read from the line) when given."""
        words = words_of(text)
        if not words:
            return 0.0
        wanted = f" {words_of(part)} " if part is not None else None
        best = 0.0
        for laid, ratio in self.lines:
            if ratio <= best:
                continue
            holds_line = f" {words} " in f" {laid} "
            held = f" {laid} " in f" {words} " and (wanted is None or wanted in f" {laid} ")
            if holds_line or held:
                best = ratio
        return best


def prominence(layout: LayoutHints | None) -> Prominence:
    """The first page's lines printed large near its top, from the OCR step's hints: at least
    1.15 times the page's median line size, and about as large as the head's largest text
    that is not the kind's heading."""
    if layout is None:
        return Prominence()
    lines = [h for h in layout.lines if h.page == 0 and h.text.strip() and h.size > 0]
    if len(lines) < MIN_LINES:
        return Prominence()
    body = median(h.size for h in lines)
    head = [
        h
        for h in lines
        if h.size >= PROMINENT * body
        and h.top <= HEAD_TOP
        and words_of(h.text)
        and len(h.text) <= _MAX_CHARS
    ]
    # the head's largest text that is not the document's kind ("INVOICE" is often larger
    # than the letterhead) nor a crumb of a logo OCR read ("»", "IT"): the letterhead's size.
    # A recipient's block or a field printed a little larger than the body's fine print is
    # not printed large beside it
    largest = max(
        (
            h.size
            for h in head
            if not names_a_kind(h.text) and len(re.findall(r"[^\W\d_]", h.text)) >= 3
        ),
        default=0.0,
    )
    return Prominence(
        tuple(
            (words_of(h.text), round(h.size / body, 3))
            for h in head
            if h.size >= LARGEST_SHARE * largest
        )
    )
