"""The next document from a sender starts from how the person filed that sender before.

A person who corrected one Hetzner invoice's type to `invoice`, or tagged it `hosting`, wants
the next one filed the same way without doing it again. When the engine reads a correspondent
that folds to the correspondent of an earlier document whose type or tags a person set (case,
accents, punctuation and legal forms such as GmbH, B.V., Ltd do not count), the new document
gets that type and those tags first. The type stays the engine's fact (source `local`: the
person did not set it on this document), quoted where the sender's name was read, with a note
saying why. A fact a person set on this very document is untouched (the store keeps it).

Engine-independent: the pipeline applies it after any engine (`DatabaseMetadataTools`), so the
Claude agent's documents are filed the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain import FiledChoice
from app.metadata.facts import DocumentType, Fact, FactName, Facts, FactSource
from app.metadata.local import fact_sentence
from app.metadata.local_correspondent_known import fold_words
from app.metadata.local_fact_title import fact_title, type_word
from app.metadata.local_vocabulary import MAX_TAGS, fold


def fold_correspondent(name: str) -> str:
    """The key two spellings of one sender share: "ACME Widgets Ltd." = "Acme widgets"."""
    return " ".join(fold_words(name))


@dataclass(frozen=True)
class Filed:
    """Metadata after the person's earlier choices; `reason` says what was taken, or None."""

    facts: Facts
    tags: list[str]
    display_name: str
    summary: str
    reason: str | None = None


def _merge_tags(first: Iterable[str], then: Iterable[str]) -> list[str]:
    out: list[str] = []
    keys: set[str] = set()
    for tag in [*first, *then]:
        key = fold(tag)
        if key and key not in keys and len(out) < MAX_TAGS:
            keys.add(key)
            out.append(tag)
    return out


def apply_choices(
    facts: Facts,
    tags: list[str],
    display_name: str,
    summary: str,
    choices: Iterable[FiledChoice],
    language: str | None,
) -> Filed:
    """`facts`, `tags`, title and summary with the most recent matching choice applied (the
    title and the summary follow a changed type only when they were made from the facts)."""
    unchanged = Filed(facts, tags, display_name, summary)
    sender = facts.get(FactName.CORRESPONDENT)
    key = fold_correspondent(str(sender.value)) if sender is not None else ""
    if sender is None or not key:
        return unchanged
    kind: DocumentType | None = None
    person_tags: tuple[str, ...] | None = None
    for choice in choices:  # most recent first: the first of each kind wins
        if fold_correspondent(choice.correspondent) != key:
            continue
        if kind is None and choice.document_type:
            with contextlib.suppress(ValueError):
                kind = DocumentType(choice.document_type)
        if person_tags is None and choice.tags is not None:
            person_tags = choice.tags
    if kind is None and person_tags is None:
        return unchanged
    new_facts = dict(facts)
    reasons: list[str] = []
    current = facts.get(FactName.DOCUMENT_TYPE)
    if kind is not None and (current is None or current.value != kind):
        new_facts[FactName.DOCUMENT_TYPE] = Fact(
            kind,
            sender.page,
            sender.quote,
            0.9,
            FactSource.LOCAL,
            note=f"You filed {sender.value} as {kind.value.replace('_', ' ')} before",
        )
        reasons.append(f"type {kind.value}")
    if person_tags:
        reasons.append("tags " + ", ".join(person_tags))
    new_tags = _merge_tags(person_tags or (), tags)
    if fact_title(facts, language) == display_name:
        display_name = fact_title(new_facts, language) or display_name
    elif kind is not None and current is not None and isinstance(current.value, DocumentType):
        # a title of facts with more in it (a letter's subject): its kind's word follows
        prefix = f"{type_word(current.value, language)} – "
        if display_name.startswith(prefix):
            display_name = f"{type_word(kind, language)} – {display_name[len(prefix) :]}"
    old_sentence = fact_sentence(facts)
    if old_sentence and summary.startswith(old_sentence):
        summary = (fact_sentence(new_facts) or "") + summary[len(old_sentence) :]
    reason = f"as filed before for {sender.value}: " + "; ".join(reasons) if reasons else None
    return Filed(new_facts, new_tags or tags, display_name, summary, reason)
