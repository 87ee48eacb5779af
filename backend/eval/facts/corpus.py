"""The corpus of real documents and their reference values (references.json, README.md).

`load_references()` reads the entries; `stratified_split()` is how the one random split into
`tune` and `measure` halves was made (seeded, within each kind + language stratum). The split
is recorded in references.json and is never redrawn.

The first 61 documents were split with `SPLIT_SEED`; 15 of their `measure` half had been in the
half the rules were first tuned on (`tuned_on: true`). The documents added in a later round
carry `"round"` (6, 7, 8, 9, 11) and the `batch` they were committed in; each batch was split once by the
same rule with `round_seed(round, batch)`, so a batch's split never changes when a later batch
arrives (the engine's tuner merges them as they come). `select(entries, "unseen")` is what no rule was ever
tuned on: the `measure` half without the `tuned_on` ones.
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
SELECTIONS = ("tune", "measure", "unseen", "all")


def round_seed(round_no: int, batch: int) -> int:
    """The seed a later round's batch was split with (the base seed, the round, the batch)."""
    return SPLIT_SEED * 1000 + round_no * 10 + batch


def load_references(path: Path = REFERENCES) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def document_path(entry: Mapping[str, Any]) -> Path:
    return HERE / str(entry["file"])


def select(entries: Iterable[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The entries of one split (`tune`, `measure`), the never-tuned-on part of `measure`
    (`unseen`), or all of them (`all`)."""
    if split == "all":
        return list(entries)
    if split == "unseen":
        return [e for e in entries if e["split"] == "measure" and not e.get("tuned_on")]
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    return [e for e in entries if e["split"] == split]


def select_round(
    entries: Iterable[dict[str, Any]], round_no: int | None, batch: int | None = None
) -> list[dict[str, Any]]:
    """The entries added in one later round (and, given `batch`, in one of its batches), so a
    fresh batch can be measured on its own before anyone tunes on it. `None` keeps them all."""
    if round_no is None:
        if batch is not None:
            raise ValueError("a batch is only meaningful within a round")
        return list(entries)
    return [
        e
        for e in entries
        if e.get("round") == round_no and (batch is None or e.get("batch") == batch)
    ]


def original_entries(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first 61 documents (split together with `SPLIT_SEED`)."""
    return [e for e in entries if "round" not in e]


def round_batches(entries: Iterable[dict[str, Any]]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """A later round's documents by (round, batch), each group split on its own."""
    groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        if "round" in e:
            groups[(int(e["round"]), int(e["batch"]))].append(e)
    return dict(groups)


def stratified_split(
    entries: Iterable[Mapping[str, Any]], seed: int = SPLIT_SEED
) -> dict[str, str]:
    """id -> `tune` | `measure`. Each kind + language stratum is shuffled with `seed` and dealt
    out alternately. A stratum with an odd count has one document over: it goes to the half that
    is short of that kind and that language so far (a seeded coin decides a tie), so every
    stratum, every kind and every language splits in two halves of the same size give or take
    one. The whole is balanced only as far as that allows: within one for the first 61
    documents, within one per kind in a later batch (round 6's third batch is 12 / 9)."""
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
