"""Local OCR throughput, in-process: no API, no database, just the engine and its pool.

What is measured: `LocalOcrEngine.process` (the same call the OCR job makes) with a one-worker
`WorkerPool` (`OCR_CONCURRENCY=1`, i.e. one core) and `LocalFileStorage`, on
- a generated text-layer PDF (500 pages in full mode): pages per second, best of a few runs;
- a generated image-only PDF of dense A4 "scans" (6 pages): seconds per page.
The pool is warmed up first (forkserver start and imports are paid once per API process, not
per document). Progress callbacks are counted but do nothing, as the database write they stand
for is throttled to twice a second in the real job.

Why this way: the targets are about the engine on one core, so nothing else is in the loop.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.ocr.base import OcrInput, OcrResult
from app.ocr.local import LocalOcrEngine
from app.ocr.local_worker import init_worker
from app.store.files import LocalFileStorage
from app.workers import WorkerPool
from bench.common import Row
from bench.documents import scanned_pdf_pages, text_pdf_pages

TARGET_TEXT_PAGES_PER_S = 500.0
TARGET_SCAN_S_PER_PAGE = 1.5


@dataclass
class OcrMeasurement:
    text_pages: int
    text_pages_per_s: float
    text_model: str
    scanned_pages: int
    scanned_s_per_page: float
    scanned_model: str
    scanned_chars: int


async def _run(
    engine: LocalOcrEngine, storage: LocalFileStorage, name: str, content: bytes
) -> tuple[OcrResult, float]:
    (storage.root / name).write_bytes(content)

    async def progress(done: int, total: int) -> None:
        return None

    source = OcrInput(name, f"{name}.pdf", "application/pdf", len(content), name, storage)
    started = time.perf_counter()
    result = await engine.process(source, progress)
    return result, time.perf_counter() - started


async def run_ocr_bench(
    text_pages: int = 500, scanned_pages: int = 6, text_repeats: int = 3
) -> OcrMeasurement:
    """Measure both; `scanned_pages=0` skips the scan (the smoke test's fast path)."""
    root = Path(tempfile.mkdtemp(prefix="docstream-bench-ocr-"))
    workers: WorkerPool | None = None
    try:
        workers = WorkerPool(1, initializer=init_worker)
        settings = Settings(
            DATA_DIR=root,
            DATABASE_URL="postgresql://unused",  # type: ignore[call-arg]
            OCR_CONCURRENCY=1,
            MAX_PAGES=max(2000, text_pages),
        )
        engine = LocalOcrEngine(settings, workers)
        storage = LocalFileStorage(root / "files")
        await _run(engine, storage, "warmup", text_pdf_pages(2))

        text = text_pdf_pages(text_pages)
        best = float("inf")
        for i in range(text_repeats):
            result, seconds = await _run(engine, storage, f"text{i}", text)
            best = min(best, seconds)
        text_result = result

        scan_s, scan_model, scan_chars = 0.0, "-", 0
        if scanned_pages:
            scan_result, scan_s = await _run(
                engine, storage, "scan", scanned_pdf_pages(scanned_pages)
            )
            if scan_result.page_count != scanned_pages:
                raise RuntimeError(
                    f"scan: {scan_result.page_count} pages, expected {scanned_pages}"
                )
            scan_model, scan_chars = scan_result.model, len(scan_result.text)
        return OcrMeasurement(
            text_pages=text_result.page_count,
            text_pages_per_s=text_result.page_count / best,
            text_model=text_result.model,
            scanned_pages=scanned_pages,
            scanned_s_per_page=scan_s / scanned_pages if scanned_pages else 0.0,
            scanned_model=scan_model,
            scanned_chars=scan_chars,
        )
    finally:
        if workers is not None:
            workers.shutdown()
        shutil.rmtree(root, ignore_errors=True)


async def measure(quick: bool = False) -> list[Row]:
    m = await run_ocr_bench(
        text_pages=500, scanned_pages=2 if quick else 6, text_repeats=1 if quick else 3
    )
    return [
        Row(
            "ocr_text_pages_per_s",
            f"Local OCR, text-layer PDF ({m.text_pages} pages)",
            m.text_pages_per_s,
            "pages/s",
            target=TARGET_TEXT_PAGES_PER_S,
            better="higher",
            note=f"one worker process; model {m.text_model}; best of the runs",
        ),
        Row(
            "ocr_scan_s_per_page",
            f"Local OCR, scanned pages ({m.scanned_pages}, one core)",
            m.scanned_s_per_page,
            "s/page",
            target=TARGET_SCAN_S_PER_PAGE,
            note=f"dense A4 pages (~35 lines), rendered at OCR_DPI=200, Tesseract "
            f"OMP_THREAD_LIMIT=1; {m.scanned_chars} characters read",
        ),
    ]


if __name__ == "__main__":
    print(asyncio.run(run_ocr_bench(text_pages=50, scanned_pages=1, text_repeats=1)))
