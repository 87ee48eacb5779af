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


def page_lines(pages: list[str]) -> list[Line]:
    out = []
    for p, page in enumerate(pages, start=1):
        for i, raw in enumerate(ln for ln in page.splitlines() if ln.strip()):
            out.append(Line(p, i, " ".join(raw.split())))
    return out


def after_label(line: Line, pattern: re.Pattern[str]) -> Iterator[tuple[str, int]]:
    """The text after each occurrence of a label on `line`, with the label's start."""
    for match in pattern.finditer(line.text):
        yield line.text[match.end() :], match.start()
