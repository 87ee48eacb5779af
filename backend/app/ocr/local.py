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
from app.domain import EInvoice, LayoutHints
from app.errors import DocstreamError
from app.ocr import layout as layout_hints
from app.ocr import local_worker as worker
from app.ocr.base import MemoryPages, OcrInput, OcrPage, OcrResult, PageSink, ProgressCallback
from app.ocr.languages import ISO_TO_TESSERACT, iso
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

    def reading(self) -> str:
        return f"{self.name}:{'+'.join(self._settings.ocr_language_list)}:{self._settings.ocr_dpi}"

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        s = self._settings
        started = time.monotonic()
        key, group = str(source.document_id), source.user_id
        sink = pages if pages is not None else MemoryPages()
        stored = dict(sink.done)  # read by an earlier run: never read again

        def call(fn, *args):  # type: ignore[no-untyped-def]
            return self._workers.run(fn, *args, key=key, group=group)

        # A person's choice (Retry with a language) is the only language scans are read in.
        chosen = ISO_TO_TESSERACT.get(source.language or "")
        languages = (chosen,) if chosen else s.ocr_language_list
        readings: dict[int, PageReading] = {}

        def guess() -> str | None:
            """The pack most of the scanned text so far is in: tried first on later pages
            (pages of an earlier run count too, so a resumed run starts in their language)."""
            votes: Counter[str] = Counter()
            for r in readings.values():
                if r.language:
                    votes[r.language] += len(r.text)
            for p in stored.values():
                pack = ISO_TO_TESSERACT.get(p.language or "")
                if pack:
                    votes[pack] += len(p.markdown)
            return votes.most_common(1)[0][0] if votes else None

        async with source.storage.local_file(source.storage_path) as local_path:
            path = str(local_path)
            start, stop = source.page_range or (0, None)
            title: str | None = None
            e_invoice: EInvoice | None = None
            texts: dict[int, str | None]
            if source.mime_type == "application/pdf":
                # A page-range run extracts the text layer of its own pages only.
                text_layer = await call(
                    worker.pdf_text_layer, path, s.max_pages, s.ocr_max_chars_per_page, start, stop
                )
                count, texts = text_layer.count, text_layer.texts
                with_images, cut, title = text_layer.with_images, text_layer.cut, text_layer.title
                e_invoice = await _einvoice(call(worker.pdf_einvoice, path))
                model = "pdfium-text-layer"

                def make(i: int) -> Awaitable[Any]:
                    if texts[i] is not None:  # a text page holding a large image
                        return call(worker.pdf_page_with_images, path, i, languages, guess())
                    return call(worker.pdf_page_ocr, path, i, s.ocr_dpi, languages, guess())
            else:
                count = await call(worker.image_frame_count, path, s.max_image_pixels, s.max_pages)
                texts = dict.fromkeys(_span(start, stop, count))
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

            wanted = _span(start, stop, count)
            # Layout hints for the metadata step: from the text layer when page 1 has one,
            # else from Tesseract's pass over page 1 (`run_one` below, or the stored page 1).
            # The PDF's Title comes with every run, page 1 in it or not: whichever range of a
            # long document finishes last assembles its hints (`fan_out.fan_in`).
            layout: dict[str, Any] = {"pdf_title": title} if title else {}
            if texts.get(0) is not None:
                layout = await call(layout_hints.pdf_layout, path)
            if 0 in stored and stored[0].layout_lines is not None:
                layout["lines"] = stored[0].layout_lines
            if e_invoice is not None:
                layout["e_invoice"] = e_invoice.to_json()
            ocr_pages = {i for i, t in texts.items() if t is None} | set(with_images)
            todo = [i for i in wanted if i in ocr_pages and i not in stored]
            # Text-layer pages cost nothing to read: stored in one write, as checkpoints
            # (page 1 with its line hints, which the fan-in of a long document reads back).
            layer_pages = [
                _page(i, texts[i], None, truncated=i in cut)
                for i in wanted
                if i not in ocr_pages and i not in stored
            ]
            for page in layer_pages:
                if page.index == 0 and "lines" in layout:
                    page.layout_lines = layout["lines"]
            if layer_pages:
                await sink.save(layer_pages)
                stored.update((p.index, p) for p in layer_pages)
            done = len(wanted) - len(todo)
            await progress(done, count)
            if todo:
                model = (
                    "tesseract" if len(ocr_pages) == len(wanted) else "pdfium-text-layer+tesseract"
                )
                if not self.runner:
                    self.runner = await call(worker.runner)
                    log.info("Scanned pages are read by %s", self.runner)

            async def run_one(i: int) -> None:
                nonlocal done
                reading: PageReading = await make(i)
                readings[i] = reading
                page = _page(i, reading.text, reading)
                if i == 0 and (reading.hints or "lines" not in layout):
                    layout["lines"] = reading.hints
                    page.layout_lines = reading.hints
                await sink.save([page])
                stored[i] = page
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
            layer = "\n".join(t for i, t in texts.items() if t and i not in ocr_pages)
            scanned = sum(len(p.markdown) for i, p in stored.items() if i in ocr_pages)
            if len(layer) > scanned:
                language = await call(worker.detect_language, layer[:20000], languages) or language

        return OcrResult(
            # Already tidied by `local_worker.markdown`, in the worker.
            pages=[stored[i] for i in wanted],
            model=model,
            processing_time_ms=int((time.monotonic() - started) * 1000),
            usage_info={
                "pages_processed": count,
                "pages_ocr": len(ocr_pages),
                "pages_read_now": len(todo),
                "ocr_passes": sum(r.passes for r in readings.values()),
            },
            layout=LayoutHints.from_json(
                {**layout, "no_text": not any(p.markdown.strip() for p in stored.values())}
            ),
            language=source.language if chosen else iso(language),
            document_pages=count,
        )

    async def aclose(self) -> None:
        return None


async def _einvoice(reading: Awaitable[EInvoice | None]) -> EInvoice | None:
    """The PDF's e-invoice, or None when reading it failed: a hint for the metadata, never a
    reason to fail the pages (an attachment over the worker's budget costs that worker)."""
    try:
        return await reading
    except DocstreamError as exc:  # over a budget, a worker lost: the pages go on
        log.warning("e-invoice attachment not read: %s", exc.detail)
        return None


def _span(start: int, stop: int | None, count: int) -> range:
    """The pages a run reads: its range (all by default), within the file's pages."""
    return range(max(0, start), count if stop is None else min(count, stop))


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
