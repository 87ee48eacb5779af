"""OCR engines. `build_ocr_engine` picks one from the settings."""

from __future__ import annotations

from app.config import Settings
from app.ocr.base import OcrEngine
from app.workers import WorkerPool


def build_ocr_engine(settings: Settings, workers: WorkerPool) -> OcrEngine:
    if settings.ocr_provider == "mistral":
        from app.ocr.mistral import MistralOcrEngine

        return MistralOcrEngine(settings)
    from app.ocr.local import LocalOcrEngine

    return LocalOcrEngine(settings, workers)
