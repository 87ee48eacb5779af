"""Which language a page is in, and Tesseract's names for the languages we read.

Detection is py3langid (BSD-3-Clause; its model ships inside the package, the same library the
metadata step uses), restricted to the languages OCR may use: a short, form-like page (an
invoice is mostly numbers) is then never called Latin or Malay. Languages are ISO 639-1 codes
outside this module ("de"), Tesseract's pack names inside the OCR workers ("deu").
"""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

# Tesseract pack name -> ISO 639-1. The packs scripts/setup.sh installs.
TESSERACT_TO_ISO = {
    "eng": "en",
    "deu": "de",
    "fra": "fr",
    "nld": "nl",
    "spa": "es",
    "ita": "it",
    "por": "pt",
}
ISO_TO_TESSERACT = {iso: pack for pack, iso in TESSERACT_TO_ISO.items()}
# What people call them (the web app's "Read again in …" choice, the 422's list).
NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "nl": "Dutch",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
}
DEFAULT_LANGUAGES = tuple(TESSERACT_TO_ISO)

# Fewer letters than this and the guess is a coin toss: the first pass's language stays.
MIN_LETTERS = 40
_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    ident.set_languages([TESSERACT_TO_ISO[lang] for lang in languages])
    return ident


def detect(text: str, languages: tuple[str, ...]) -> str | None:
    """The Tesseract pack (one of `languages`) that `text` is written in, or None when there
    is too little text to tell or the identifier is unsure."""
    known = tuple(lang for lang in languages if lang in TESSERACT_TO_ISO)
    if not known:
        return None
    if len(known) == 1:
        return known[0]
    sample = " ".join(_WORD.findall(text[:20000]))
    if sum(len(w) for w in sample.split()) < MIN_LETTERS:
        return None
    iso, probability = _identifier(known).classify(sample)
    return ISO_TO_TESSERACT[str(iso)] if probability >= 0.5 else None


def iso(pack: str | None) -> str | None:
    """ISO 639-1 code of a Tesseract pack name ("deu" -> "de")."""
    return TESSERACT_TO_ISO.get(pack or "")


def document_language(text: str) -> str | None:
    """ISO 639-1 code of the language a whole document's text is in, among the seven we know
    (for an engine that does not say, such as Mistral OCR); None when unsure."""
    return iso(detect(text, DEFAULT_LANGUAGES))


def choosable(packs: tuple[str, ...]) -> tuple[str, ...]:
    """ISO 639-1 codes a person may choose for reading (Retry with a language): the packs of
    `OCR_LANGUAGES` we have a name and a code for, in that order."""
    return tuple(TESSERACT_TO_ISO[p] for p in packs if p in TESSERACT_TO_ISO)
