"""The corpus of real documents and their reference values (references.json, README.md).

`load_references()` reads the entries; `stratified_split()` is how the one random split into
`tune` and `measure` halves was made (seeded, within each kind + language stratum). The split
is recorded in references.json and is never redrawn: a document added later gets its own
`split` by the same rule applied to its stratum, by hand.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REFERENCES = HERE / "references.json"
SPLIT_SEED = 20261207

FACT_NAMES = ("document_type", "correspondent", "document_date", "total", "reference", "due_date")
DOCUMENT_TYPES = (
    "invoice",
    "receipt",
    "bank_statement",
    "payslip",
    "tax",
    "insurance",
    "contract",
    "letter",
    "medical",
    "manual",
    "report",
    "article",
    "form",
    "other",
)
VARIANTS = ("text", "scan", "photo")
SPLITS = ("tune", "measure")


def load_references(path: Path = REFERENCES) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def document_path(entry: Mapping[str, Any]) -> Path:
    return HERE / str(entry["file"])


def select(entries: Iterable[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The entries of one split (`tune`, `measure`) or all of them (`all`)."""
    if split == "all":
        return list(entries)
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    return [e for e in entries if e["split"] == split]


def stratified_split(
    entries: Iterable[Mapping[str, Any]], seed: int = SPLIT_SEED
) -> dict[str, str]:
    """id -> `tune` | `measure`. Each kind + language stratum is shuffled with `seed` and dealt
    out alternately. A stratum with an odd count has one document over: it goes to the half that
    is short of that kind and that language so far (a seeded coin decides a tie), so every
    stratum, every kind and every language splits in two halves of the same size give or take
    one, and so does the whole."""
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in entries:
        strata[(str(e["kind"]), str(e["language"]))].append(str(e["id"]))
    rng = random.Random(seed)
    keys = sorted(strata)
    rng.shuffle(keys)
    # tune minus measure, per kind and per language
    kind_excess: dict[str, int] = defaultdict(int)
    lang_excess: dict[str, int] = defaultdict(int)
    split: dict[str, str] = {}
    for kind, lang in keys:
        ids = sorted(strata[(kind, lang)])
        rng.shuffle(ids)
        first = 0  # the half that gets ids[0], and so the one over
        if len(ids) % 2:
            lean = kind_excess[kind] + lang_excess[lang]
            first = rng.randrange(2) if lean == 0 else (1 if lean > 0 else 0)
            step = 1 if first == 0 else -1
            kind_excess[kind] += step
            lang_excess[lang] += step
        for i, doc_id in enumerate(ids):
            split[doc_id] = SPLITS[(first + i) % 2]
    return split
