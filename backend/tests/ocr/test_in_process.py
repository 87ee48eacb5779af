"""Tesseract runs inside the worker processes (issue 22), under the same budgets as before.

The model is loaded once per worker and language set, not once per page; a page over its CPU
or wall-clock budget still takes its worker down (the library is in the worker now, not a
child process) and the pool replaces it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ErrorCode, PermanentError, TransientError
from app.ocr import local_worker as worker
from app.ocr.local_worker import init_worker
from app.workers import Budget, WorkerPool
from tests.conftest import traversable_tmpdir
from tests.ocr import scans
from tests.ocr import worker_tasks as tasks
from tests.ocr.test_local import make_engine, run

LANGUAGES = ("eng", "deu", "fra", "nld", "spa", "ita", "por")


@pytest.fixture(scope="module")
def scan_file():
    """A dense real page as a 200-dpi image-only PDF on disk, as a worker reads it."""
    root = traversable_tmpdir("docstream-ocr-inproc-")
    path = root / "scan.pdf"
    path.write_bytes(scans.scan_pdf(scans.page_image("en-manual-debian-faq-02", 0)))
    yield str(path)
    path.unlink()
    Path(root).rmdir()


async def test_scans_are_read_in_process_and_the_engine_says_so(workers, caplog):
    engine, storage = make_engine(workers)
    caplog.set_level("INFO", logger="app.ocr.local")
    pdf = scans.scan_pdf(scans.page_image("en-manual-debian-faq-01", 1))
    result, _ = await run(engine, storage, pdf, "application/pdf")
    assert "Debian" in result.text
    assert engine.runner.startswith("Tesseract in-process")
    assert any("read by Tesseract in-process" in r.getMessage() for r in caplog.records)


async def test_each_worker_loads_a_language_once_and_keeps_it(scan_file):
    pool = WorkerPool(1, spare=0, initializer=init_worker)
    try:
        first = await pool.run(worker.pdf_page_ocr, scan_file, 0, 200, LANGUAGES, None)
        held = await pool.run(tasks.loaded_apis)
        second = await pool.run(worker.pdf_page_ocr, scan_file, 0, 200, LANGUAGES, None)
        assert await pool.run(tasks.loaded_apis) == held  # the same instances, nothing new
        assert [langs for langs, _, _ in held] == ["eng"]  # an English page: English only
        assert first.text == second.text and "Debian" in first.text
    finally:
        pool.shutdown()


async def test_a_page_over_its_cpu_budget_kills_the_worker_and_it_is_replaced(scan_file):
    # One CPU second cannot read a dense page at 400 dpi in-process.
    pool = WorkerPool(
        1, Budget(cpu_s=1, memory_mb=2048, timeout_s=600), spare=0, initializer=init_worker
    )
    try:
        before = await pool.run(tasks.pid)
        # The worker reads with the library loaded in itself (no `tesseract` child to kill).
        assert (await pool.run(worker.runner)).startswith("Tesseract in-process")
        with pytest.raises(PermanentError) as failed:
            await pool.run(worker.pdf_page_ocr, scan_file, 0, 400, LANGUAGES, None)
        assert failed.value.code == ErrorCode.RESOURCE_LIMIT
        assert pool.replaced == 1
        assert await pool.run(tasks.pid) != before  # a fresh worker takes the next task
    finally:
        pool.shutdown()


async def test_a_page_past_its_wall_clock_budget_kills_the_worker_and_it_is_replaced(scan_file):
    pool = WorkerPool(1, spare=0, initializer=init_worker)
    try:
        before = await pool.run(tasks.pid)
        assert (await pool.run(worker.runner)).startswith("Tesseract in-process")
        with pytest.raises(TransientError) as failed:
            await pool.run(
                worker.pdf_page_ocr,
                scan_file,
                0,
                400,
                LANGUAGES,
                None,
                budget=Budget(cpu_s=600, memory_mb=2048, timeout_s=1),
            )
        assert failed.value.code == ErrorCode.TIMEOUT
        assert pool.replaced == 1
        assert await pool.run(tasks.pid) != before
    finally:
        pool.shutdown()
