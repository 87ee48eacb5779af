"""The title from what the first page prints large (`local_title.layout_candidates`): the
OCR step's layout hints rank headings by size, but only where a title stands and only among
lines a title can be. Made-up pages; sizes in points (a text layer) or pixels (a scan)."""

from __future__ import annotations

import pytest

from app.domain import LayoutHints, LayoutLine
from app.metadata.local_title import layout_candidates, title_candidates


def _hints(*lines: tuple[str, float, float]) -> LayoutHints:
    return LayoutHints(lines=tuple(LayoutLine(text, size, top) for text, size, top in lines))


BODY = [
    ("This guide explains how the plant rota works for every volunteer.", 10, 0.30),
    ("Each volunteer waters the beds on the day the rota gives them.", 10, 0.33),
    ("Tools are kept in the shed and returned after use.", 10, 0.36),
]


def _page(hints: LayoutHints) -> str:
    return "\n".join(h.text for h in hints.lines)


def test_the_largest_heading_at_the_top_is_the_title() -> None:
    hints = _hints(("Community garden", 10, 0.04), ("Watering Rota 2025", 22, 0.1), *BODY)
    assert title_candidates(_page(hints), set(), hints)[0] == "Watering Rota 2025"


@pytest.mark.parametrize(
    "large_line",
    ["TOTAL NET", "Espèces", "BEZAHLT", "Signature: Date"],
)
def test_a_line_printed_large_in_the_lower_half_is_not_the_title(large_line: str) -> None:
    hints = _hints(("Café du Marché", 12, 0.05), *BODY, (large_line, 30, 0.78))
    headings, later = layout_candidates(hints.lines, set())
    assert large_line not in headings + later
    assert title_candidates(_page(hints), set(), hints)[0] == "Café du Marché"


def test_a_numbered_sections_heading_ranks_after_the_documents_own() -> None:
    # a photo's perspective makes the first section's heading print larger than the title
    hints = _hints(
        ("Code of Conduct", 40, 0.12),
        ("1. History", 48, 0.2),
        *BODY,
    )
    headings, later = layout_candidates(hints.lines, set())
    assert headings == ["Code of Conduct"] and later == ["1. History"]
    assert title_candidates(_page(hints), set(), hints)[0] == "Code of Conduct"


@pytest.mark.parametrize(
    "crumbs",
    [
        "(PA) a",  # a scan's crumbs: no word of three letters
        "w QOLite Choose any three",  # a logo read as letters, a lone small letter first
        "Signature: Date",  # two field labels
        "Name: Datum:",
        "2 x Tea 3.50 7.00",  # an item row: two prices
        "Kaffee Crema 3,50",  # an item row: its price at the end
    ],
)
def test_crumbs_labels_and_item_rows_are_never_titles(crumbs: str) -> None:
    hints = _hints((crumbs, 30, 0.08), ("Plant Rota", 20, 0.15), *BODY)
    assert title_candidates(_page(hints), set(), hints)[0] == "Plant Rota"


@pytest.mark.parametrize("title", ["Python 3.12 Release Notes", "Widgetlib Release 3.45.1"])
def test_a_version_number_is_no_price(title: str) -> None:
    hints = _hints((title, 24, 0.08), *BODY)
    assert title_candidates(_page(hints), set(), hints)[0] == title


def test_a_markdown_headings_marks_run_into_it_go() -> None:
    hints = _hints(("##Benutzerhandbuch Gartenpumpe GP 40", 24, 0.08), *BODY)
    assert title_candidates(_page(hints), set(), hints)[0] == "Benutzerhandbuch Gartenpumpe GP 40"


def test_scan_pixel_heights_rank_the_same_way() -> None:
    hints = _hints(
        ("Mairie de Sainte-Colombe", 40, 0.05),
        ("Avis de passage", 70, 0.12),
        ("Le relevé des compteurs aura lieu le mardi matin dans votre rue.", 34, 0.3),
        ("Merci de laisser l'accès au compteur libre ce jour-là.", 35, 0.33),
        ("Le service des eaux reste à votre disposition.", 34, 0.36),
        ("TOTAL", 90, 0.85),
    )
    assert title_candidates(_page(hints), set(), hints)[0] == "Avis de passage"
