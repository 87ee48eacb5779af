"""The local metadata engine on hostile or merely huge text: it runs on every uploaded
document, in a worker process, and a rule whose regular expression backtracks (a run of blanks,
digits or letters it tries at every position) or that rereads a line's rest for every label on
it takes time in the square or cube of the input's length while holding the interpreter lock.
Each family of inputs runs in a child process with a deadline: a regression fails the test at
the deadline instead of freezing the test run (a thread holding the lock in one C call cannot
be waited for with a timeout). The deadline counts the child's CPU time (a profiling timer),
not the clock's: on a machine busy with other work the same analysis takes three times as
long by the clock and exactly as long in CPU time, so the test fails on a slow rule, never on
a busy machine."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.metadata.local import MAX_TEXT_CHARS
from app.metadata.local_lines import MAX_LINE_CHARS

BACKEND = Path(__file__).resolve().parents[2]

# Twice what the pipeline hands the engine at most (metadata_job.MAX_TOOL_TEXT, 60,000), within
# what the engine reads (MAX_TEXT_CHARS): the size of each input below, unless the input is
# about size itself. At this size a rule whose cost grows with the square of a line's length
# takes a minute where a linear one takes a second.
N = 120_000

# Each input takes about a second of CPU here (the largest two or three). The deadline is this
# many CPU seconds for each input: a margin of ten and more for a slower machine, far below the
# minutes to hours a rule whose cost grows with the square or cube of the input takes.
SECONDS_PER_INPUT = 20

# The child arms a profiling timer (CPU time, `ITIMER_PROF`) before each input; its SIGPROF
# raises TimeoutError, which the regular expression engine answers between steps.
_CPU_DEADLINE = (
    "import signal\ndef late(*_):\n    raise TimeoutError\nsignal.signal(signal.SIGPROF, late)\n"
)


def _run_child(script: str, inputs: int = 1) -> subprocess.CompletedProcess[str]:
    """Run `script` in a child process. The wall-clock timeout is only the backstop for a call
    that never returns to the interpreter: generous, since a loaded machine may give the child
    a fraction of a core."""
    return subprocess.run(
        [sys.executable, "-c", _CPU_DEADLINE + script],
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=600 + 10 * SECONDS_PER_INPUT * inputs,
        check=False,
    )


def _arm(seconds: int) -> str:
    return f"signal.setitimer(signal.ITIMER_PROF, {seconds})\n"


_DISARM = "signal.setitimer(signal.ITIMER_PROF, 0)\n"

# A bill's first lines, so the facts rules (which look for a sender, a number, a date) engage.
_HEAD = "'Acme GmbH\\nRechnung Nr. 2024-118\\nDatum: 12.03.2024\\n'"

# Python expressions over n (the size) and HEAD, evaluated in the child.
_FAMILIES: dict[str, dict[str, str]] = {
    # one line of one character or a short unit repeated: what a text layer or OCR draws as
    # rules, leaders, filler, a barcode's digits or an embedded blob
    "runs of one character": {
        "blanks": "HEAD + ' ' * n + 'x'",
        "dot leaders": "HEAD + 'Total' + '.' * n + ' 12,50'",
        "digits": "HEAD + '1' * n",
        "commas": "HEAD + ',' * n",
        "pipes": "HEAD + '|' * n",
        "dashes": "HEAD + '-' * n",
        "capitals": "HEAD + 'A' * n",
        "small letters": "HEAD + 'a' * n",
        "colons": "HEAD + ':' * n",
        "hashes": "HEAD + '#' * n",
        "asterisks": "HEAD + '*' * n",
        "tabs": "HEAD + '\\t' * n + 'x'",
    },
    "runs of a short unit": {
        "letters and digits (a blob)": "HEAD + 'a1' * (n // 2)",
        "digits and blanks": "HEAD + '1 ' * (n // 2)",
        "digits and commas": "HEAD + '1,' * (n // 2)",
        "digits and dots": "HEAD + '1.' * (n // 2)",
        "digits and slashes": "HEAD + '1/' * (n // 2)",
        "digits and dashes": "HEAD + '1-' * (n // 2)",
        "pipes and blanks": "HEAD + '| ' * (n // 2)",
        "dashes and blanks": "HEAD + '- ' * (n // 2)",
        "words with hyphens": "HEAD + 'a-' * (n // 2)",
        "web addresses": "HEAD + 'www.' * (n // 4)",
        "mail addresses": "HEAD + 'a@b' * (n // 3)",
        "capitals and blanks": "HEAD + 'ACME ' * (n // 5)",
        "legal forms": "HEAD + 'Acme GmbH, ' * (n // 11)",
    },
    # a label repeated: every rule that reads the rest of a label's line
    "ten thousand labels": {
        "total on one line": "HEAD + 'Total: ' * 10_000",
        "total lines": "HEAD + 'Total: 12,50 €\\n' * 10_000",
        "invoice number on one line": "HEAD + 'Invoice No ' * 10_000",
        "invoice number lines": "HEAD + 'Invoice No\\n' * 10_000",
        "Rechnung Nr. on one line": "HEAD + 'Rechnung Nr. ' * 10_000",
        "date labels": "HEAD + 'Date: ' * 10_000",
        "due date labels": "HEAD + 'Due date ' * 10_000",
        "dates": "HEAD + '12.03.2024 ' * 10_000",
        "amounts": "HEAD + 'Total 12,50 € ' * (n // 14)",
    },
    # big documents of ordinary shape
    "large text": {
        "a line of 200,000 characters": "'Invoice total due amount payable ' * (200_000 // 33)",
        "200,000 characters without a newline": (
            "'Acme GmbH Rechnung Nr. 2024-118 vom 12.03.2024 Gesamtbetrag 119,00 EUR '"
            " * (200_000 // 72)"
        ),
        "50,000 lines": "HEAD + ''.join(f'Line {i} some words here 1,00\\n' for i in range(50_000))",
        "50,000 short lines": "HEAD + 'a\\n' * 50_000",
        "a Markdown table of 2,000 rows": (
            "HEAD + '| Item | Qty | Price | Amount |\\n|---|---|---|---|\\n' + ''.join("
            "f'| Widget {i} | 2 | 12,50 € | 25,00 € |\\n' for i in range(2000))"
            " + '| **Total** | | | **25.000,00 €** |\\n'"
        ),
        "2,000 pages": "'\\n\\n---\\n\\n'.join([HEAD + 'Total 1,00 €'] * 2000)",
    },
}


@pytest.mark.parametrize("family", list(_FAMILIES))
def test_hostile_text_is_analysed_in_time(family: str):
    """Every input of the family is analysed within its deadline; on a timeout, the input
    being analysed is named (the child says each one it starts)."""
    inputs = _FAMILIES[family]
    script = (
        "from app.metadata.base import DocumentInfo\n"
        "from app.metadata.local import analyse\n"
        "info = DocumentInfo(id='d', filename='x.pdf', mime_type='application/pdf', "
        "page_count=1)\n"
        f"n = {N}\n"
        f"HEAD = {_HEAD}\n"
        # each input its own deadline in CPU seconds; the parent's timeout is the backstop
        + "".join(
            f"print({name!r}, flush=True)\ntext = {expr}\n"
            f"{_arm(SECONDS_PER_INPUT)}analyse(text, info)\n{_DISARM}"
            for name, expr in inputs.items()
        )
        + "print('analysed')\n"
    )
    try:
        done = _run_child(script, len(inputs))
    except subprocess.TimeoutExpired as expired:
        started = (expired.stdout or b"").decode().strip().splitlines()
        pytest.fail(f"{family}: still analysing {started[-1] if started else 'the first input'!r}")
    started = done.stdout.strip().splitlines()
    if "TimeoutError" in done.stderr:
        pytest.fail(f"{family}: {started[-1]!r} took over {SECONDS_PER_INPUT} s of CPU")
    assert done.returncode == 0, done.stderr
    assert started[-1] == "analysed"


def test_the_guards_bound_what_the_rules_read():
    """The engine reads at most MAX_TEXT_CHARS, and its facts rules lines of at most
    MAX_LINE_CHARS, broken at a blank; a text of ordinary lines is read as it is."""
    from app.metadata.local_lines import page_lines

    words = "word " * 300  # 1,500 characters on one line
    lines = page_lines([words + "\nTotal: 12,50 €\n\n  \nDatum: 12.03.2024"])
    assert all(len(line.text) <= MAX_LINE_CHARS for line in lines)
    assert " ".join(line.text for line in lines[:-2]) == words.strip()
    assert [line.text for line in lines[-2:]] == ["Total: 12,50 €", "Datum: 12.03.2024"]
    assert [line.index for line in lines] == list(range(len(lines)))
    assert [line.text for line in page_lines(["x" * 1200])] == ["x" * 500, "x" * 500, "x" * 200]
    assert MAX_TEXT_CHARS >= 60_000  # the pipeline's whole sample (MAX_TOOL_TEXT) is read


# Patterns that were tried at every character of a long run and backtracked through it, each
# with the run that made it slow (time in the square or cube of the run's length: a second to
# minutes at these sizes) and a line of the kind it is for, which it must still find.
_PATTERNS = {
    "a company's name": (
        "app.metadata.local_words_names",
        "ENTITY",
        "'a1' * 5_000",
        "Rechnung von Acme Tools GmbH",
    ),
    "a line of prose": (
        "app.metadata.local_type",
        "_SENTENCE_LINE",
        "'.' * 200_000",
        "one two three four five six seven eight",
    ),
    "a sentence's end": (
        "app.metadata.local_dates",
        "_SENTENCE_END",
        "'a' * 200_000",
        "as agreed in the contract. Total",
    ),
    "a line of code": ("app.metadata.local_text", "_CODE", "'1' * 200_000", "x = my_func (1)"),
    # the three below are matched at a label's end (`match`): a run of blanks there was shared
    # out between their three `\s*` in every way
    "a number in groups": (
        "app.metadata.local_reference",
        "_GROUPED_VALUE",
        "' ' * 200_000",
        " Nr. 37 2017 vom 01.05.2017",
        "match",
    ),
    "a number after its series code": (
        "app.metadata.local_reference",
        "_SERIES_VALUE",
        "' ' * 200_000",
        " n.º FT 2023/118",
        "match",
    ),
    "a short number ending its line": (
        "app.metadata.local_reference",
        "_SHORT_NUMBER",
        "' ' * 200_000 + ':'",
        " # 7",
        "match",
    ),
}


@pytest.mark.parametrize("name", list(_PATTERNS))
def test_a_pattern_reads_a_long_run_in_linear_time(name: str):
    module, pattern, run, line, *how = _PATTERNS[name]
    method = how[0] if how else "search"
    script = (
        f"from {module} import {pattern} as p\n"
        f"assert p.{method}({line!r})\n"
        f"{_arm(SECONDS_PER_INPUT)}assert not p.{method}({run})\n{_DISARM}"
        "print('read')\n"
    )
    done = _run_child(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "read"


# Rules that read a line's start or its whole again for each label on it, each with a call on
# a line far longer than the line guard lets through (time in the square of its length before:
# minutes) and what it must still answer on an ordinary line.
_READS = {
    # a letterhead line's trailing field label, searched at every start of a line of labels
    "a field label ending a letterhead line": (
        "from app.metadata.local_correspondent_head import _without_field_label as f",
        "f('DATE ' * 40_000 + 'x')",
        "f('Acme Roofing Invoice #') == 'Acme Roofing'",
    ),
    # an amount's word before each of 20,000 due-date labels on one line
    "an amount's word before a date label": (
        "from app.metadata.local_dates import amount_word_before as f",
        "[f(t, k) for t in ['Due date ' * 20_000] for k in range(0, len(t), 9)]",
        "f('Balance  Due', 9) and not f('Subtotal Due', 9)",
    ),
}


@pytest.mark.parametrize("name", list(_READS))
def test_a_rule_reads_a_long_line_in_linear_time(name: str):
    imported, long_call, ordinary = _READS[name]
    script = (
        f"{imported}\n{_arm(SECONDS_PER_INPUT)}{long_call}\n{_DISARM}"
        f"assert {ordinary}\nprint('read')\n"
    )
    done = _run_child(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "read"


def test_the_total_rules_find_a_lines_amounts_once(monkeypatch: pytest.MonkeyPatch):
    """Every total label on a line asks for the line's amounts, and so do the labels of the
    lines around it: each line's amounts are found once (they were parsed again for each
    label, time in the square of a line's labels)."""
    from collections import Counter

    from app.metadata import local_total, local_total_labels
    from app.metadata.local_lines import Line

    calls: Counter[str] = Counter()
    find_amounts = local_total_labels.find_amounts

    def counted(text: str):
        calls[text] += 1
        return find_amounts(text)

    monkeypatch.setattr(local_total_labels, "find_amounts", counted)
    local_total_labels.amounts_in.cache_clear()
    # three labels over their amount (a header row read as one line): each label reads its
    # line and the next
    rows = ["Acme GmbH", "Total Amount Total Amount Total Amount", "Danke 12,50 €", "Bye"]
    lines = [Line(1, i, text) for i, text in enumerate(rows)]
    found = local_total.detect_total(lines, "EUR")
    assert found is not None and found[1].amount == Decimal("12.50")
    assert calls and max(calls.values()) == 1
    local_total_labels.amounts_in.cache_clear()
