"""The local OCR engine on generated files: text layer, Tesseract, limits, bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from app.errors import PermanentError
from app.ocr import local_worker
from app.ocr.base import OcrInput
from app.ocr.local import LocalOcrEngine
from app.store.files import LocalFileStorage
from tests import files
from tests.conftest import make_settings, traversable_tmpdir

_ROOTS: list[Path] = []  # removed by tests/ocr/conftest.py when the package is done


def make_engine(workers, **overrides) -> tuple[LocalOcrEngine, LocalFileStorage]:
    root = traversable_tmpdir("docstream-ocr-")
    _ROOTS.append(root)
    settings = make_settings("postgresql://unused", root, **overrides)
    return LocalOcrEngine(settings, workers), LocalFileStorage(root / "files")


async def run(engine, storage, content: bytes, mime: str):
    (storage.root / "doc").write_bytes(content)
    progress: list[tuple[int, int]] = []

    async def record(done: int, total: int) -> None:
        progress.append((done, total))

    result = await engine.process(OcrInput("d", "f", mime, len(content), "doc", storage), record)
    return result, progress


async def test_text_layer_pages_are_read_without_ocr(workers):
    engine, storage = make_engine(workers)
    pdf = files.text_pdf(
        [["First page says hello to everybody here."], ["Second page says goodbye to everybody."]]
    )
    result, progress = await run(engine, storage, pdf, "application/pdf")
    assert result.model == "pdfium-text-layer" and result.page_count == 2
    assert "hello" in result.pages[0].markdown and "goodbye" in result.pages[1].markdown
    assert progress[-1] == (2, 2)
    assert "\n\n---\n\n" in result.text


async def test_pages_without_text_go_through_tesseract_with_progress(workers):
    engine, storage = make_engine(workers)
    result, progress = await run(
        engine, storage, files.scanned_pdf(files.SCAN_LINES), "application/pdf"
    )
    assert result.model == "tesseract"
    assert "Acme Widgets" in result.text
    assert progress[0] == (0, 1) and progress[-1] == (1, 1)


async def test_multi_page_tiff_is_read_frame_by_frame(workers):
    engine, storage = make_engine(workers)
    frames = [
        Image.open(io.BytesIO(files.scan_image([text])))
        for text in ("Alpha page one", "Bravo page two")
    ]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    result, _ = await run(engine, storage, buf.getvalue(), "image/tiff")
    assert result.page_count == 2
    assert "Alpha" in result.pages[0].markdown and "Bravo" in result.pages[1].markdown


async def test_too_many_pages_is_a_permanent_error(workers):
    engine, storage = make_engine(workers, MAX_PAGES=3)
    with pytest.raises(PermanentError, match="has 5 pages; the limit is 3"):
        await run(
            engine, storage, files.text_pdf([["page text long enough"]] * 5), "application/pdf"
        )


async def test_an_image_over_the_pixel_limit_is_refused_before_decoding(workers):
    engine, storage = make_engine(workers, MAX_IMAGE_PIXELS=1_000_000)
    big = Image.new("L", (3000, 3000), 255)
    buf = io.BytesIO()
    big.save(buf, format="PNG")
    with pytest.raises(PermanentError, match="too large|limit"):
        await run(engine, storage, buf.getvalue(), "image/png")


async def test_encrypted_and_corrupt_pdfs_say_so(workers):
    engine, storage = make_engine(workers)
    with pytest.raises(PermanentError, match="encrypted"):
        await run(engine, storage, files.encrypted_pdf(), "application/pdf")
    with pytest.raises(PermanentError, match="damaged"):
        await run(engine, storage, files.corrupt_pdf(), "application/pdf")
    with pytest.raises(PermanentError, match="damaged"):
        await run(engine, storage, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png")


class CountingWorkers:
    """The real worker pool, recording how many pages' text layer each call extracted."""

    def __init__(self, real) -> None:
        self.real = real
        self.text_layers: list[int] = []

    async def run(self, fn, *args, **kwargs):
        out = await self.real.run(fn, *args, **kwargs)
        if fn is local_worker.pdf_text_layer:
            self.text_layers.append(len(out.texts))
        return out


async def test_a_page_range_extracts_only_its_own_pages_text_layer(workers):
    """A long document's ranges each read their own pages: the text layer of a 600-page PDF
    is extracted once in all, not once per range (ten times over with ten ranges)."""
    counting = CountingWorkers(workers)
    engine, storage = make_engine(counting)
    pdf = files.mixed_pages_pdf("tstt", title="Quarterly Harbour Survey")
    (storage.root / "doc").write_bytes(pdf)

    async def progress(done: int, total: int) -> None:
        return None

    results = []
    for span in [(0, 2), (2, 4)]:
        source = OcrInput("d", "f", "application/pdf", len(pdf), "doc", storage, page_range=span)
        results.append(await engine.process(source, progress))
    assert counting.text_layers == [2, 2]  # each range its own two pages, four in all
    first, second = results
    assert [p.index for p in first.pages] == [0, 1] and [p.index for p in second.pages] == [2, 3]
    assert first.page_count == second.page_count == 4
    for page in [*first.pages, *second.pages]:
        assert files.PAGE_WORDS[page.index] in page.markdown.lower(), page.index
    assert first.model == "pdfium-text-layer+tesseract" and second.model == "pdfium-text-layer"
    # Page 1's line hints travel with page 1; the PDF's Title with every range.
    assert first.pages[0].layout_lines and first.pages[0].layout_lines[0]["page"] == 0
    assert first.layout.pdf_title == second.layout.pdf_title == "Quarterly Harbour Survey"
