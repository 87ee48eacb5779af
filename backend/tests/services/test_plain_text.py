"""The OCR text as plain text (`services/search.py::markdown_to_text`): the Markdown marks go,
the words stay, and no text makes the conversion slow. Each pass of its rules is one C call
that holds the interpreter lock, so a slow one freezes the whole API process, not one request."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.services.search import TEXT_CHUNK_CHARS, markdown_to_text

BACKEND = Path(__file__).resolve().parents[2]

# Pieces of text that made the earlier rules backtrack: blanks (a PDF's text layer can draw
# thousands), empty lines, brackets and asterisks that never close, half-open links.
_HOSTILE = {
    "blanks": "' ' * n",
    "empty lines": "'\\n' * n",
    "blank lines": "' \\n' * (n // 2)",
    "tabs after a rule": "'---' + '\\t' * n + 'x'",
    "open brackets": "'[' * n",
    "open images": "'![' * (n // 2)",
    "half-open links": "'[a](' * (n // 4)",
    "italics never closed": "'*a ' * (n // 3)",
}


def test_every_hostile_piece_converts_in_linear_time():
    """All the pieces together convert in well under a second here (the earlier rules took
    30 s over the blanks alone and hours over the empty lines). Run in a child process, so a
    regression fails at the deadline instead of freezing the test run: a thread holding the
    interpreter lock in one C call cannot be waited for with a timeout."""
    script = (
        "from app.services.search import markdown_to_text\n"
        f"n = {TEXT_CHUNK_CHARS}\n"
        + "".join(f"markdown_to_text({expr})\n" for expr in _HOSTILE.values())
        + "print('converted')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=120,  # minutes of margin over the milliseconds it takes, for a loaded machine
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "converted"


def test_the_marks_go_and_the_words_stay():
    """Headings, links (a parenthesis in the address, a title), images, emphasis and table
    marks go; each table row stays a line (they ran into the paragraph before them)."""
    markdown = (
        "# Invoice 2024-118\n\n"
        'See [our terms](https://example.com/wiki/Terms_(2024) "Terms") and '
        "![logo](img-0.jpeg) *please* pay **now**, __by__ *1 May*.\n\n"
        "| Item | Qty |\n|:---|---:|\n| Widget | 2 |\n\n\n\n"
        "IBAN DE54 5004 **** **** 00\n"
    )
    lines = markdown_to_text(markdown).splitlines()
    assert lines[:3] == ["Invoice 2024-118", "", "See our terms and logo please pay now, by 1 May."]
    # A table's rows stay lines of their own, the rule under its header gone.
    assert [line.strip() for line in lines[3:] if line.strip()] == [
        "Item  Qty",
        "Widget  2",
        "IBAN DE54 5004 ** ** 00",
    ]


def test_unclosed_marks_are_kept_as_written():
    assert markdown_to_text("[not a link] (x) *not italic * a ** b") == (
        "[not a link] (x) *not italic * a ** b\n"
    )
