"""The local OCR engine: pypdfium2's text layer, Tesseract for scans and images.

No keys, no network. Pages are worked on in a process pool (`app.workers`) so the
event loop stays free; text-layer pages cost almost nothing, scanned ones go to Tesseract one
page per task. A document has at most `OCR_PAGES_IN_FLIGHT` pages submitted at a time, and the
pool takes turns between documents (the document id is the task key), so a long document
shares the workers with everybody else's instead of queueing ahead of them.

Each scanned page is read upright and in its own language (`app.ocr.reading`); the language
found on a document's earlier pages is tried first on its later ones, so a German document
costs a second pass on its first pages only. The result carries each page's language and
turn, and the document's language.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable
from typing import Any

from app.config import Settings
from app.domain import LayoutHints
from app.ocr import layout as layout_hints
from app.ocr import local_worker as worker
from app.ocr.base import OcrInput, OcrPage, OcrResult, ProgressCallback
from app.ocr.languages import iso
from app.ocr.reading import PageReading
from app.workers import WorkerPool

log = logging.getLogger(__name__)


class LocalOcrEngine:
    name = "local"

    def __init__(self, settings: Settings, workers: WorkerPool) -> None:
        self._settings = settings
        self._workers = workers
        # Which Tesseract the workers run ("Tesseract in-process (…)"), once a scan was read.
        self.runner = ""

    async def process(self, source: OcrInput, progress: ProgressCallback) -> OcrResult:
        s = self._settings
        started = time.monotonic()
        key, group = str(source.document_id), source.user_id

        def call(fn, *args):  # type: ignore[no-untyped-def]
            return self._workers.run(fn, *args, key=key, group=group)

        languages = s.ocr_language_list
        readings: dict[int, PageReading] = {}

        def guess() -> str | None:
            """The pack most of the scanned text so far is in: tried first on later pages."""
            votes: Counter[str] = Counter()
            for r in readings.values():
                if r.language:
                    votes[r.language] += len(r.text)
            return votes.most_common(1)[0][0] if votes else None

        async with source.storage.local_file(source.storage_path) as local_path:
            path = str(local_path)
            if source.mime_type == "application/pdf":
                count, texts, with_images, cut = await call(
                    worker.pdf_text_layer, path, s.max_pages, s.ocr_max_chars_per_page
                )
                model = "pdfium-text-layer"

                def make(i: int) -> Awaitable[Any]:
                    if texts[i] is not None:  # a text page holding a large image
                        return call(worker.pdf_page_with_images, path, i, languages, guess())
                    return call(worker.pdf_page_ocr, path, i, s.ocr_dpi, languages, guess())
            else:
                count = await call(worker.image_frame_count, path, s.max_image_pixels, s.max_pages)
                texts = [None] * count
                with_images, cut = [], []
                model = "tesseract"

                def make(i: int) -> Awaitable[Any]:
                    return call(
                        worker.image_frame_ocr,
                        path,
                        i,
                        languages,
                        s.max_image_pixels,
                        guess(),
                    )

            # Layout hints for the metadata step: from the text layer when page 1 has one,
            # else from Tesseract's pass over page 1 (`run_one` below).
            layout: dict[str, Any] = {}
            if texts and texts[0] is not None:
                layout = await call(layout_hints.pdf_layout, path)
            pages: list[str | None] = list(texts)
            todo = [i for i, t in enumerate(texts) if t is None or i in set(with_images)]
            done = count - len(todo)
            await progress(done, count)
            if todo:
                model = "tesseract" if len(todo) == count else "pdfium-text-layer+tesseract"
                if not self.runner:
                    self.runner = await call(worker.runner)
                    log.info("Scanned pages are read by %s", self.runner)

            async def run_one(i: int) -> None:
                nonlocal done
                reading: PageReading = await make(i)
                readings[i] = reading
                pages[i] = reading.text
                if i == 0 and (reading.hints or "lines" not in layout):
                    layout["lines"] = reading.hints
                done += 1
                await progress(done, count)

            slots = asyncio.Semaphore(max(1, s.ocr_pages_in_flight))

            async def bounded(i: int) -> None:
                async with slots:
                    await run_one(i)

            # One coroutine per page, but at most `slots` of them hold a pool task: the pool's
            # queue holds a few pages of each document, never a whole 2,000-page file.
            tasks = [asyncio.ensure_future(bounded(i)) for i in todo]
            try:
                await asyncio.gather(*tasks)
            finally:
                for t in tasks:
                    t.cancel()

            language = guess()
            layer = "\n".join(t for i, t in enumerate(texts) if t and i not in readings)
            if len(layer) > sum(len(r.text) for r in readings.values()):
                language = await call(worker.detect_language, layer[:20000], languages) or language

        return OcrResult(
            # Already tidied by `local_worker.markdown`, in the worker.
            pages=[
                _page(i, t, readings.get(i), truncated=i in cut and i not in readings)
                for i, t in enumerate(pages)
            ],
            model=model,
            processing_time_ms=int((time.monotonic() - started) * 1000),
            usage_info={
                "pages_processed": count,
                "pages_ocr": len(todo),
                "ocr_passes": sum(r.passes for r in readings.values()),
            },
            layout=LayoutHints.from_json(
                {**layout, "no_text": not any((t or "").strip() for t in pages)}
            ),
            language=iso(language),
        )

    async def aclose(self) -> None:
        return None


def _page(
    index: int, text: str | None, reading: PageReading | None, *, truncated: bool = False
) -> OcrPage:
    if reading is None:
        return OcrPage(index=index, markdown=text or "", tidied=True, truncated=truncated)
    return OcrPage(
        index=index,
        markdown=text or "",
        tidied=True,
        language=iso(reading.language),
        orientation=reading.orientation,
        skew=reading.skew,
    )
