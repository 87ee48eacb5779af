"""What the evaluation (and the unit tests) call a bad summary or a wrong title."""

from __future__ import annotations

import re

from app.metadata.local_text import SENTENCE_END, is_fragment

FILLER = re.compile(
    r"^(?:an? (?:document|report|file|page)\.|this is an? (?:document|file)\.)", re.IGNORECASE
)


def normalise(text: str) -> str:
    """Case and punctuation do not matter when a title is compared with its reference."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def summary_problems(summary: str) -> list[str]:
    problems = []
    sentences = [s.strip() for s in SENTENCE_END.split(summary) if s.strip()]
    if FILLER.search(summary) or any(FILLER.fullmatch(s) for s in sentences):
        problems.append("filler")
    keys = [normalise(s) for s in sentences]
    if len(set(keys)) < len(keys):
        problems.append("repeated sentence")
    if summary.endswith(("…", "...")) or not summary.rstrip().endswith((".", "!", "?")):
        problems.append("cut off")
    for s in sentences:
        # The engine's own fact lines ("Total due: 301.20 GBP.") are allowed in form summaries.
        if is_fragment(s) and not re.match(
            r"^(?:an? |no text|total|amount|payment|due|balance|subtotal)", s, re.IGNORECASE
        ):
            problems.append(f"fragment: {s[:60]!r}")
    return problems


def keyword_hits(expected: list[str], tags: list[str]) -> int:
    """An expected keyword counts when it is a tag or a word sequence inside one."""
    joined = [f" {normalise(t)} " for t in tags]
    return sum(any(f" {normalise(k)} " in t for t in joined) for k in expected)
