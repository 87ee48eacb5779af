"""What the local metadata engine knows about lines and sentences.

The OCR text is the document's words in reading order, with everything a reader's eye skips:
running headers and footers, page numbers, table-of-contents dot leaders, code, OCR noise.
These rules say what to skip, so the title, summary and tags are built from the document's
real content. Plain functions, easy to pin one by one in tests.
"""

from __future__ import annotations

import re
from collections import Counter

from app.metadata.language import tag_stopwords

PAGE_BREAK = "\n\n---\n\n"  # how `OcrResult.text` joins pages

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = "|".join(m[:3] + r"[a-z]*" for m in MONTHS)
MONTH_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?("
    + _MONTH
    + r")\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"\b((?:19|20)\d{2})-(\d{2})-\d{2}\b|\b\d{1,2}[/.](\d{1,2})[/.]((?:19|20)\d{2})\b"
)

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)
_TRAILING_PAGE_NUMBER = re.compile(r"\s+(?:page\s*)?\d{1,4}$", re.IGNORECASE)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|(?:\s\.){3,}|_{4,}")
_NUMBERED_HEADING_WITH_PAGE = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|chapter\s+\d+:?)\s+\S.*\s\d{1,4}$", re.IGNORECASE
)
_CODE = re.compile(
    r"[{};]\s*$|^\s*(?:#include|#define|int |void |char |static |const |struct |"
    r"typedef |return\b)|(?<![a-z_])(?=[a-z_]*[a-z]_[a-z_])[a-z_]++\s*\(|->|==|!=|\w\[\d*\]|"
    r"^\s*[<$>]\s"
)  # a name with "_" before "(" and a word before "[": tried once a run, never at each letter
_URLISH = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
# Licence and copyright notices are on every manual's second page and say nothing about it.
_BOILERPLATE = re.compile(
    r"\b(?:permission is granted|copyright|all rights reserved|licen[cs]e[ds]?\b|"
    r"warranty|trademarks? of)",
    re.IGNORECASE,
)
_LEGAL_TERMS = re.compile(
    r"\b(?:Modified Version|Invariant Sections?|Cover Texts?|Secondary Sections?|"
    r"hereby|herein|thereof|pursuant|notwithstanding)\b"
)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]?\s+(?=[\"'‘“(]?[A-Z0-9])")
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*[^\W\d_]|[^\W\d_]")


def split_pages(text: str) -> list[str]:
    return [p for p in text.split(PAGE_BREAK)] if text else []


def lines_of(text: str) -> list[str]:
    """Non-empty lines without markdown decoration."""
    return [ln.strip(" \t#*|>") for ln in text.splitlines() if ln.strip(" \t#*|>-")]


def _shape(line: str) -> str:
    """A line with its numbers blanked: "Chapter 2: Setup 14" and "Chapter 2: Setup 15" (a
    running header with its page number) have the same shape."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def running_lines(pages: list[str], edge: int = 3) -> set[str]:
    """Shapes of lines that repeat at the top or bottom of several pages: running headers,
    footers, and "Page N of M". A line counts when it appears among the first or last `edge`
    lines of at least two pages (a chapter's header repeats only within that chapter)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = lines_of(page)
        counts.update({_shape(ln) for ln in lines[:edge] + lines[-edge:]})
    return {shape for shape, n in counts.items() if n >= 2}


def is_running(line: str, running: set[str]) -> bool:
    return _shape(line) in running


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def is_date_alone(line: str) -> bool:
    """A line that is only a date ("18 August 2022", "2026-03-14", "Date: 1 May 2026")."""
    rest = re.sub(r"^(?:date|dated|issued|updated)\s*:?\s*", "", line.strip(), flags=re.IGNORECASE)
    for pattern in (MONTH_DATE, NUMERIC_DATE):
        match = pattern.search(rest)
        if match and len(rest) - len(match.group(0)) <= 3:
            return True
    return False


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry: dot leaders, or a numbered heading ending in a page number."""
    stripped = line.strip()
    return bool(
        _DOT_LEADER.search(stripped)
        or _NUMBERED_HEADING_WITH_PAGE.match(stripped)
        or stripped.lower() in {"contents", "table of contents"}
    )


def is_code(line: str) -> bool:
    return bool(_CODE.search(line))


def letter_share(line: str) -> float:
    visible = [ch for ch in line if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) / len(visible) if visible else 0.0


def strip_page_number(line: str) -> str:
    """ "Chapter 4: Function reference 9" → "Chapter 4: Function reference"."""
    stripped = _TRAILING_PAGE_NUMBER.sub("", line.strip())
    return stripped if letter_share(stripped) > 0.5 else line.strip()


def is_noise(line: str, running: set[str]) -> bool:
    """Lines a reader's eye skips when looking for what a document is about."""
    return (
        is_running(line, running)
        or is_page_number(line)
        or is_date_alone(line)
        or is_toc_line(line)
        or is_code(line)
        or letter_share(line) < 0.5
    )


def content_lines(pages: list[str], running: set[str]) -> list[list[str]]:
    """Each page's lines without running headers, page numbers, TOC entries, code or noise.
    A page that is mostly licence text (a manual's GFDL appendix) contributes nothing."""
    out = []
    for page in pages:
        lines = [ln for ln in lines_of(page) if not is_noise(ln, running)]
        legal = sum(1 for ln in lines if _BOILERPLATE.search(ln) or _LEGAL_TERMS.search(ln))
        out.append([] if legal >= max(3, len(lines) // 5) else lines)
    return out


def is_fragment(sentence: str) -> bool:
    """True for text that is not a complete sentence a person would quote in a summary:
    code, API reference lines ("Returns: …"), dot leaders, lists of numbers, URLs, cut-offs."""
    s = sentence.strip()
    words = WORD.findall(s)
    if len(words) < 6 or len(words) > 60 or len(s) > 400:
        return True
    if not s[0].isupper() or not s.endswith((".", "!", "?")) or s.endswith(("...", "…", "etc.")):
        return True
    if re.match(
        r"^(returns?|parameters?|arguments?|input|output|example|see also|note|figure|"
        r"table|fig\.|description|synopsis|usage)\b\s*[:.]?",
        s,
        re.IGNORECASE,
    ):
        return True
    if ":" in s[:25] and not re.match(r"^[A-Z][a-z]+(?: [a-z]+)*:\s", s):
        return True  # "ASN1_SUCCESS: if ...", a definition list, not prose
    if _DOT_LEADER.search(s) or is_code(s) or _URLISH.search(s) or _BOILERPLATE.search(s):
        return True
    if s.count("(") != s.count(")") or s.count("[") != s.count("]"):
        return True
    if letter_share(s) < 0.75 or sum(ch.isdigit() for ch in s) > 0.12 * len(s):
        return True
    tokens = s.split()
    common = tag_stopwords(None)  # "een", "eee"-shaped but a word of its language
    oddities = sum(
        1
        for t in tokens
        if "_" in t
        or "*" in t
        or re.search(r"[a-z][A-Z]", t)
        or (is_junk_word(t) and t.lower().strip(".,;:!?") not in common)
    )
    return oddities > len(tokens) // 15


def is_boilerplate(line: str) -> bool:
    """Licence and copyright text: on every manual's second page, about none of them."""
    return bool(_BOILERPLATE.search(line))


def is_junk_word(token: str) -> bool:
    """OCR garbage such as "eee", "cece", "nnn": a word of at most two distinct letters, or
    three of the same letter in a row, or no vowel at all."""
    word = re.sub(r"[\W\d_]", "", token.lower())
    if len(word) < 3:
        return False
    return (
        len(set(word)) <= 2
        or bool(re.search(r"(.)\1\1", word))
        or not re.search(r"[aeiouyàáâäãåæèéêëìíîïòóôöõøœùúûüýÿ]", word)
    )


def paragraphs(lines: list[str], lists: bool = False) -> list[str]:
    """Running text: lines joined into paragraphs; a heading-like line (short, no closing
    punctuation) or a list item ends a paragraph instead of gluing itself to the next. List
    items are their own paragraphs only with `lists` (a bullet is not a summary sentence)."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.lower().startswith(("dear ", "to whom")):
            out.append([])
            continue
        if re.match(r"^(?:[-*•◦‣–]|\d{1,3}[.)])\s", line):
            out.append([line.lstrip("-*•◦‣– ").strip()] if lists else [])
            out.append([])
            continue
        if not line.endswith((".", "!", "?", ",", ";")) and (len(line) < 60 or _title_cased(line)):
            out.append([])  # a heading, however long ("Influenza Vaccination Coverage Among …")
            continue
        out[-1].append(line)
    return [" ".join(p) for p in out if p]


def _title_cased(line: str) -> bool:
    """A heading set in title case: four or more words, nearly every long one capitalised."""
    words = [w for w in WORD.findall(line) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


def sentences(paras: list[str]) -> list[str]:
    return [s.strip() for p in paras for s in SENTENCE_END.split(p) if s.strip()]
