"""The OCR step's layout hints (`ocr_results.layout`), read by the local metadata engine.

Kept apart from `store/documents.py` so the metadata work needs no change there: one query,
one document, nothing else."""

from __future__ import annotations

import json
import uuid

from app.domain import LayoutHints
from app.store.documents import TEXT_SOURCE
from app.store.types import Conn


async def get_ocr_layout(conn: Conn, document_id: uuid.UUID) -> LayoutHints:
    """The layout hints of a document's OCR result; empty ones when there are none."""
    value = await conn.fetchval(
        f"select layout from ocr_results where document_id = {TEXT_SOURCE}", document_id
    )
    if isinstance(value, str):
        value = json.loads(value)
    return LayoutHints.from_json(value)
