"""The senders a person already filed: found again on a new document, they name its sender.

A real inbox holds the same senders month after month (the energy company, the phone
company, the landlord). Once a person has corrected a document's sender, the next document
that prints that name where a sender's name stands is from them, whatever the rules would
have read there (a logo the OCR garbled, a layout no rule knows). This is how a person's
correction teaches the engine without any model: the pipeline hands the engine the senders
the person set on their other documents (`MetadataTools.read_senders`), and this module looks
for them.

Where a name counts: in the first page's head (its first lines) or foot (its last lines),
never in the recipient's address block, only as most of a line's field (a letterhead's name,
not a word of a heading: "Widgetlib Consortium Agreement"; never a field's value after a label
other than a sender's: "Invoice for: Northwind Hardware"), and never on a line that also carries an
amount or a date (a statement's or a card bill's transaction row, "12.03. HETZNER ONLINE 12,90", names a
merchant the account paid, not the sender). Names compare folded as the person's earlier
choices do (`choices.fold_correspondent`: case, accents, punctuation and legal forms do not
count), word by word, and a long word may differ by one letter, as OCR misreads one, or a
space OCR put in or left out ("Kauf land"). The
person's spelling is the value; the page's line is the quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain import SenderCorrection
from app.metadata.language import find_amounts, find_dates
from app.metadata.local_correspondent_layout import recipient_lines
from app.metadata.local_lines import Line
from app.metadata.local_words_correspondent import FROM_LABEL
from app.metadata.local_words_names import LEGAL_FORM_WORDS

# How many lines from the top and from the bottom of the first page a sender's name may
# stand in: a letterhead, a receipt's shop block, a bill's legal foot.
HEAD_LINES = 12
FOOT_LINES = 8
# A name of fewer letters than this ("ING", "BP", "O2") is too short to find by itself:
# it is a syllable of too many other words and codes.
MIN_LETTERS = 4
# A word this long may differ by one letter (an OCR misreading: "Baumarkl" for "Baumarkt").
FUZZY_WORD = 6


def fold_words(text: str) -> list[str]:
    """The words two spellings of one name share: case, accents, punctuation and legal forms
    ("GmbH", "B.V.", "Ltd") left out, as `choices.fold_correspondent` folds them."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\b(\w)\.(?=\w\.)", r"\1", text).replace(".", "")
    return [w for w in re.split(r"[\W_]+", text) if w and w not in LEGAL_FORM_WORDS]


def _one_apart(a: str, b: str) -> bool:
    """Whether two words differ by one substituted, added or dropped letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _same_word(printed: str, known: str) -> bool:
    return printed == known or (len(known) >= FUZZY_WORD and _one_apart(printed, known))


def _spells(line_words: list[str], name_words: list[str]) -> bool:
    n = len(name_words)
    return any(
        all(_same_word(line_words[i + k], name_words[k]) for k in range(n))
        for i in range(len(line_words) - n + 1)
    )


def _findable(name_words: list[str]) -> bool:
    return sum(len(w) for w in name_words if not w.isdigit()) >= MIN_LETTERS


# Where a line breaks into fields: a letterhead's or a foot's separators ("Name | Street |
# Town", "Name · Tel …", "Name, Street 4"), or a wide gap between two columns.
_FIELD_BREAK = re.compile(r"\s*[|·•–—,;]\s*|\s{3,}")


def _stands_alone(text: str, name_words: list[str]) -> bool:
    """Whether the name is most of one field of the line: a letterhead's name, not a word of
    a heading or a sentence ("Widgetlib Consortium Agreement" names a product, not its sender),
    and not a field's value after a label other than a sender's ("Invoice for: Northwind Hardware",
    "Kunde: …"; "Verkäufer: …" is one)."""
    label, colon, value = text.partition(":")
    if (
        colon
        and not FROM_LABEL.match(f"{label.strip()}:")
        and _spells(fold_words(value), name_words)
        and not _spells(fold_words(label), name_words)
    ):
        return False
    for field in _FIELD_BREAK.split(text):
        field_words = fold_words(field)
        if field_words and _spells(field_words, name_words):
            return 2 * len(name_words) >= len(field_words)
        if _split_name(field_words, name_words):
            return True
    return False


def _split_name(field_words: list[str], name_words: list[str]) -> bool:
    """A field that is the name with a space OCR put in or left out ("Kauf land" for
    "Kaufland", "Stadtwerke" for "Stadt Werke"): the same letters, a long enough name."""
    squashed = "".join(name_words)
    return (
        len(squashed) >= FUZZY_WORD
        and bool(field_words)
        and "".join(field_words) == squashed
        and field_words != name_words
    )


def _transaction_row(text: str) -> bool:
    """A line with an amount or a date beside the name: a row of payments, not a sender."""
    return bool(find_amounts(text) or find_dates(text))


@dataclass(frozen=True)
class SenderMemory:
    """What a person's corrections of senders say about the next document: `senders`, the
    names they set (most recent first), and `not_senders`, names the engine had read that the
    person replaced with another (often the person's own name or company, printed on every
    document addressed to them). A correction that only respells the name ("ACME LTD" to
    "Acme") says nothing against it."""

    senders: tuple[str, ...] = ()
    not_senders: tuple[str, ...] = ()

    @classmethod
    def remember(cls, corrections: Sequence[SenderCorrection]) -> SenderMemory:
        senders = tuple(dict.fromkeys(c.sender.strip() for c in corrections if c.sender))
        known = [fold_words(name) for name in senders]
        rejected = []
        for c in corrections:
            words = fold_words(c.replaced or "")
            if not words or not _findable(words):
                continue
            if any(_overlap(words, other) for other in known):
                continue  # a respelling of a name the person set, on this or another document
            rejected.append(str(c.replaced).strip())
        return cls(senders, tuple(dict.fromkeys(rejected)))

    def is_not_sender(self, name: str) -> bool:
        words = fold_words(name)
        return bool(words) and any(_overlap(words, fold_words(other)) for other in self.not_senders)

    def names_not_sender(self, text: str) -> bool:
        """Whether a line prints one of the names the person said is not a sender."""
        line_words = fold_words(text)
        return any(_spells(line_words, fold_words(other)) for other in self.not_senders)


def _overlap(a: list[str], b: list[str]) -> bool:
    """One name's words run inside the other's ("acme" in "acme widgets")."""
    return _contains(a, b) or _contains(b, a)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def known_sender(lines: list[Line], known: Sequence[str]) -> tuple[str, Line, float] | None:
    """The sender the person filed before whose name the first page prints in its head or its
    foot, as the person spelled it, with the line it stands on. The most specific name (the
    most words) wins, then the higher line; None when none is there."""
    names = [(name, fold_words(name)) for name in dict.fromkeys(n.strip() for n in known if n)]
    names = [(name, words) for name, words in names if words and _findable(words)]
    if not names:
        return None
    first_page = [ln for ln in lines if ln.page == 1]
    zone = first_page[:HEAD_LINES] + [
        ln for ln in first_page[-FOOT_LINES:] if ln not in first_page[:HEAD_LINES]
    ]
    recipient = recipient_lines(lines)
    best: tuple[int, int, str, Line] | None = None
    for ln in zone:
        if (ln.page, ln.index) in recipient:
            continue
        line_words = fold_words(ln.text)
        if not line_words:
            continue
        squashed = "".join(line_words)
        for name, words in names:
            # the line's words first (cheap), then where the name stands on it
            if not (_spells(line_words, words) or "".join(words) in squashed):
                continue
            if not _stands_alone(ln.text, words) or _transaction_row(ln.text):
                continue
            rank = (len(words), -ln.index)
            if best is None or rank > (best[0], best[1]):
                best = (rank[0], rank[1], name, ln)
    if best is None:
        return None
    return best[2], best[3], 0.9
