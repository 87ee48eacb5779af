"""Plain functions the OCR tests run inside real worker processes (importable there)."""

from __future__ import annotations

import os

from app.ocr import tess


def loaded_apis() -> list[tuple[str, int, int]]:
    """The Tesseract instances this worker holds: (languages, page mode, object id)."""
    return sorted((langs, psm, id(api)) for (langs, psm), api in tess._APIS.items())


def pid() -> int:
    return os.getpid()
