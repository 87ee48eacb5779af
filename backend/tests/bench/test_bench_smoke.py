"""Smoke test of the in-process OCR benchmark (`make bench` itself is never part of `make test`).

Tiny inputs, no timing assertions: only that the module runs and counts pages right.
"""

from __future__ import annotations

import math

import pytest

from bench.ocr_throughput import run_ocr_bench


# OCR runs at nice 19: beside busy normal-priority work its one scanned page alone took 69 s
# (slow, not wrong: docs/architecture.md), so it gets room beyond pytest's default limit.
@pytest.mark.timeout(600)
async def test_ocr_benchmark_runs_on_tiny_inputs() -> None:
    m = await run_ocr_bench(text_pages=20, scanned_pages=1, text_repeats=1)
    assert m.text_pages == 20 and m.text_model == "pdfium-text-layer"
    assert m.text_pages_per_s > 0 and math.isfinite(m.text_pages_per_s)
    assert m.scanned_pages == 1 and m.scanned_model == "tesseract"
    assert m.scanned_s_per_page > 0 and math.isfinite(m.scanned_s_per_page)
    assert m.scanned_chars > 100  # Tesseract read the generated page
