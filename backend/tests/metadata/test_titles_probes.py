"""Titles on layouts written for issue 26's wave 3: the recipient's form of address and the
name under it are never a title; a document of no known kind from a known sender is titled
by its sender and date. Every text here is made up."""

from __future__ import annotations

import pytest

from app.domain import LayoutHints
from app.metadata.base import DocumentInfo
from app.metadata.local import build_metadata
from app.metadata.local_fact_title import doubtful_sender
from app.metadata.local_title import title_candidates

INFO = DocumentInfo(id="d", filename="scan_0042.pdf", mime_type="application/pdf", page_count=1)


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ("Herrn", "Dr. Felix Hahn"),
        ("Madame", "Claire Moreau"),
        ("Spett.le", "Marco Conti"),
        ("De heer", "J. de Vries"),
    ],
)
def test_an_addressee_is_never_a_title(head: str, name: str) -> None:
    page = f"{head}\n{name}\nLindenweg 4\n60313 Frankfurt\nSome words of a first paragraph here.\n"
    found = title_candidates(page, set(), LayoutHints())
    assert head not in found and name not in found


@pytest.mark.parametrize("line", ["Herrn Dr. Felix Hahn", "Monsieur Paul Martin", "Mr A Patel"])
def test_an_addressee_with_the_name_on_one_line_is_never_a_title(line: str) -> None:
    assert line not in title_candidates(f"{line}\nHafenweg 9\n", set(), LayoutHints())


def test_a_title_starting_like_an_address_is_still_one() -> None:
    page = "Frau Holle und der Winter\nEin Märchen der Brüder Grimm, neu erzählt.\n"
    assert title_candidates(page, set(), LayoutHints())[0] == "Frau Holle und der Winter"


def test_a_document_of_no_known_kind_from_a_known_sender() -> None:
    text = (
        "Kanzlei Weber & Partner · Lindenstraße 4 · 60325 Frankfurt\nHerrn\nDr. Felix Hahn\n"
        "Goethestraße 10\n60313 Frankfurt\nFrankfurt, 02.04.2025\n"
        "Beratung Mietrecht 3,0 Std. à 250,00 € 750,00 €\n"
    )
    title = build_metadata(text, INFO)[0]
    assert title.startswith("Kanzlei Weber & Partner – ")
    assert "2025" in title


@pytest.mark.parametrize(
    ("name", "doubtful"), [("Belastingdienst", False), ("Steueramt", False), ("Rechnung", True)]
)
def test_an_office_named_by_its_kinds_word_may_carry_a_title(name: str, doubtful: bool) -> None:
    assert doubtful_sender(name) is doubtful
