"""A long scan through the real API: a 300-page image-only PDF of real pages, end to end, next
to Tesseract's own CLI on the same pages with two processes; and the peak memory meanwhile.

Pages: every page of the English documents of the facts corpus (`eval/facts/documents`),
rendered at 200 dpi in grey and bound into one image-only PDF, repeated in order until there
are `PAGES` (300; 40 with --quick). The PDF is built one page at a time (pypdfium2
`import_pages`), never holding every image.

- Project: `python -m app` (its own database), `OCR_CONCURRENCY=2`, default languages; the
  scan uploaded and timed from the 202 to `ocr_complete` (pages stored as they are read, the
  document split into page ranges of `OCR_RANGE_PAGES`, docs/architecture.md). Peak RSS of
  the API and its workers sampled meanwhile (`bench.memory.RssSampler`).
- CLI: each page rendered from that PDF by pdfium at 200 dpi as a PNG, `tesseract page.png
  stdout -l eng`, two processes at a time (2 cores), one page rendered at a time.

The project identifies every page's language among seven and reads the English pages once;
the CLI reads English only: it is the floor, not a like-for-like product.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pypdfium2 as pdfium

from bench.common import Row
from bench.memory import RssSampler
from bench.server import ApiServer
from eval.facts.variants import render_pages

DOCUMENTS = Path(__file__).resolve().parents[1] / "eval" / "facts" / "documents"
DPI = 200
PAGES, QUICK_PAGES = 300, 40


def build_scan(path: Path, pages: int) -> None:
    """The image-only PDF, one page at a time: render, save as a one-page PDF, import."""
    sources = sorted(DOCUMENTS.glob("en-*.pdf"))
    out = pdfium.PdfDocument.new()
    try:
        while len(out) < pages:
            for source in sources:
                for image in render_pages(source, DPI, grey=True):
                    if len(out) >= pages:
                        break
                    buf = io.BytesIO()
                    image.save(buf, "PDF", resolution=DPI)
                    one = pdfium.PdfDocument(buf.getvalue())
                    out.import_pages(one)
                    one.close()
        out.save(str(path))
    finally:
        out.close()


def cli_seconds(scan: Path, root: Path) -> float:
    """`tesseract` on every page, two at a time; each page rendered just before it is read."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    pdf = pdfium.PdfDocument(str(scan))
    count = len(pdf)
    pdf.close()

    rendering = threading.Lock()  # pdfium is not thread-safe: one render at a time

    def one(i: int) -> None:
        png = root / f"cli-{i}.png"
        with rendering:
            doc = pdfium.PdfDocument(str(scan))
            try:
                doc[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L").save(png)
            finally:
                doc.close()
        subprocess.run(
            ["tesseract", str(png), "stdout", "-l", "eng"], capture_output=True, check=True, env=env
        )
        png.unlink()

    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, range(count)))
    return time.perf_counter() - started


async def project_seconds(scan: Path) -> tuple[float, RssSampler, dict]:
    # 300 pages of 200-dpi grey JPEG are ~105 MB, over the default 50 MB upload limit: a
    # deployment that takes long scans raises MAX_UPLOAD_MB, as this run does.
    size_mb = scan.stat().st_size / (1024 * 1024)
    async with ApiServer(
        OCR_CONCURRENCY="2", OCR_TIMEOUT_S="600", MAX_UPLOAD_MB=str(max(50, int(size_mb) + 10))
    ) as api:
        sampler = RssSampler(api.pid, interval_s=0.5)
        sampler.start()
        try:
            async with httpx.AsyncClient(base_url=api.url, timeout=120) as client:
                headers = await api.sign_in(client, "long@example.com")
                with scan.open("rb") as f:
                    r = await client.post(
                        "/api/document/upload",
                        headers=headers,
                        files={"file": ("long-scan.pdf", f, "application/pdf")},
                    )
                r.raise_for_status()
                doc_id = r.json()["document_id"]
                started = time.perf_counter()
                while True:
                    doc = (await client.get(f"/api/documents/{doc_id}", headers=headers)).json()
                    if doc["status"] in ("ocr_complete", "failed"):
                        break
                    await asyncio.sleep(1)
                seconds = time.perf_counter() - started
        finally:
            await sampler.stop()
        if doc["status"] != "ocr_complete":
            raise RuntimeError(f"the long scan failed: {doc['error_message']}")
        return seconds, sampler, doc


async def measure(quick: bool = False) -> list[Row]:
    if shutil.which("tesseract") is None:
        raise RuntimeError("the tesseract CLI is needed for the comparison")
    pages = QUICK_PAGES if quick else PAGES
    root = Path(tempfile.mkdtemp(prefix="docstream-bench-long-"))
    try:
        scan = root / "long-scan.pdf"
        await asyncio.to_thread(build_scan, scan, pages)
        project_s, sampler, doc = await project_seconds(scan)
        cli_s = await asyncio.to_thread(cli_seconds, scan, root)
        mb = scan.stat().st_size / 1e6
        return [
            Row(
                "long_scan_project_s",
                f"Long scan through the API ({pages} real pages, 200 dpi, {mb:.0f} MB)",
                project_s,
                "s",
                note=f"upload 202 to ocr_complete; {doc['page_count']} pages; "
                f"{project_s / pages:.2f} s/page; two OCR workers",
            ),
            Row(
                "long_scan_cli_s",
                f"tesseract CLI, same {pages} pages, two processes",
                cli_s,
                "s",
                note=f"{cli_s / pages:.2f} s/page; -l eng only; ratio project/CLI "
                f"{project_s / cli_s:.2f}",
            ),
            *sampler.rows(f"{pages}-page scan"),
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    for row in asyncio.run(measure(quick=True)):
        print(row)
