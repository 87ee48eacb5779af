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
    """id -> `tune` | `measure`: each kind + language stratum is shuffled with `seed` and dealt
    out alternately; which half gets a stratum's odd one out alternates from one stratum to the
    next (strata taken kind by kind, languages in seeded order), so each kind, and the whole,
    splits in two halves of the same size give or take one."""
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in entries:
        strata[(str(e["kind"]), str(e["language"]))].append(str(e["id"]))
    rng = random.Random(seed)
    keys: list[tuple[str, str]] = []
    for kind in sorted({k for k, _ in strata}):
        langs = sorted(lang for k, lang in strata if k == kind)
        rng.shuffle(langs)
        keys += [(kind, lang) for lang in langs]
    split: dict[str, str] = {}
    first = 0
    for key in keys:
        ids = sorted(strata[key])
        rng.shuffle(ids)
        for i, doc_id in enumerate(ids):
            split[doc_id] = SPLITS[(first + i) % 2]
        if len(ids) % 2:
            first = 1 - first
    return split
