"""The lines of a document's pages as the facts rules read them: page, position, text."""

from __future__ import annotations

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
