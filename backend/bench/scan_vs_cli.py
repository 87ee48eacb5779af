"""Scans: the project's OCR against Tesseract's own CLI, side by side on the same real pages.

Pages: the fullest page (most text in its text layer) of ten English documents of the facts corpus (`eval/facts/documents`:
articles, a contract, a form, invoices, manuals, a report), rendered at 200 dpi in grey and
bound into one image-only PDF, as a flatbed scanner's PDF would be (`eval.facts.variants`).

- CLI: each page (rendered from that PDF by pdfium at 200 dpi, so both read the very same
  pixels) as a PNG, `tesseract page.png stdout -l eng`, two processes at a time (2 cores), at
  the OCR workers' priority (nice 19).
- Project: `LocalOcrEngine.process` on the PDF with two worker processes
  (`OCR_CONCURRENCY=2`) and the default `OCR_LANGUAGES` (seven languages: every page's language
  is identified, a second pass only when it is not the first pass's), pool warmed first.

The pages go as two five-page documents; each is read by both in the order CLI, project,
project, CLI, so that load from elsewhere on the machine falls on both alike; the figure is
the ratio of their total times within the run. CER is the
edit distance to the page's own text layer (whitespace collapsed), over its length.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from app.config import Settings
from app.ocr.base import OcrInput
from app.ocr.local import LocalOcrEngine
from app.ocr.local_worker import init_worker
from app.store.files import LocalFileStorage
from app.workers import WorkerPool
from bench.common import Row
from eval.facts.variants import render_pages

DOCUMENTS = Path(__file__).resolve().parents[1] / "eval" / "facts" / "documents"
PAGES = (
    "en-article-sqlite-ethics-02",
    "en-article-sqlite-whentouse-01",
    "en-contract-sqlite-consortium-01",
    "en-form-irs-w9-01",
    "en-invoice-aubonmoulin-02",
    "en-invoice-cronus-01",
    "en-manual-debian-faq-01",
    "en-invoice-beispiel-04",
    "en-manual-mustang-02",
    "en-report-sqlite-testing-01",
)
DPI = 200
GROUP = 5  # pages per document
TARGET_RATIO = 1.0  # issue 22: at least the throughput of `tesseract` itself
MAX_CER_OVER_CLI = 0.5  # percentage points


def _norm(text: str) -> str:
    return " ".join(text.split())


def cer(text: str, reference: str) -> float:
    """Character error rate in percent: edits to turn `text` into `reference`, per character."""
    ref = _norm(reference)
    return 100.0 * Levenshtein.distance(_norm(text), ref) / max(1, len(ref))


@dataclass
class ScanComparison:
    pages: int
    cli_s: float
    project_s: float
    rounds: str  # each timed round, in the order run
    cli_cpu_s: float  # CPU seconds the tesseract processes used (both reads of each page)
    project_cpu_s: float  # CPU seconds the worker processes used (the same reads)
    cli_cer: float
    project_cer: float
    runner: str

    @property
    def ratio(self) -> float:
        """Project throughput over the CLI's: above 1.0 the project is faster."""
        return self.cli_s / self.project_s


def _pages() -> list[tuple[int, str]]:
    """Each document's fullest page: its index and its text layer (the CER reference)."""
    out = []
    for name in PAGES:
        pdf = pdfium.PdfDocument(str(DOCUMENTS / f"{name}.pdf"))
        try:
            texts = [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
        finally:
            pdf.close()
        best = max(range(len(texts)), key=lambda i: len(texts[i].strip()))
        out.append((best, texts[best]))
    return out


def _scan_pdf(root: Path, pages: list[tuple[int, str]]) -> tuple[bytes, list[Path]]:
    """The image-only PDF of the pages, and each page as the engine renders it, as PNG."""
    images = [
        render_pages(DOCUMENTS / f"{name}.pdf", DPI, grey=True)[index]
        for name, (index, _) in zip(PAGES, pages, strict=True)
    ]
    scan = root / "scan.pdf"
    images[0].save(scan, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    pdf = pdfium.PdfDocument(str(scan))
    pngs = []
    try:
        for i in range(len(pdf)):
            png = root / f"page{i}.png"
            pdf[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L").save(png)
            pngs.append(png)
    finally:
        pdf.close()
    return scan.read_bytes(), pngs


def _children_cpu_s() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _process_cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) the live processes `pids` have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _cli(pngs: list[Path]) -> tuple[list[str], float, float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(png: Path) -> str:
        # At the OCR workers' priority (nice 19, `init_worker`): on a machine busy with other
        # work a nice-0 CLI would take the CPU the workers yield, and the comparison would
        # measure the priorities, not the readers. (`nice` execs tesseract: no extra process.)
        done = subprocess.run(
            ["nice", "-n", "19", "tesseract", str(png), "stdout", "-l", "eng"],
            capture_output=True,
            check=True,
            env=env,
        )
        return done.stdout.decode()

    cpu = _children_cpu_s()
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        texts = list(pool.map(one, pngs))
    return texts, time.perf_counter() - started, _children_cpu_s() - cpu


async def _project(
    engine: LocalOcrEngine, storage: LocalFileStorage, name: str, content: bytes
) -> tuple[list[str], float]:
    (storage.root / name).write_bytes(content)

    async def progress(done: int, total: int) -> None:
        return None

    source = OcrInput(name, f"{name}.pdf", "application/pdf", len(content), name, storage)
    started = time.perf_counter()
    result = await engine.process(source, progress)
    seconds = time.perf_counter() - started
    return [p.markdown for p in result.pages], seconds


async def run_scan_vs_cli() -> ScanComparison:
    if shutil.which("tesseract") is None:
        raise RuntimeError("the tesseract CLI is needed for the comparison")
    root = Path(tempfile.mkdtemp(prefix="docstream-bench-scan-"))
    workers: WorkerPool | None = None
    try:
        pages = _pages()
        references = [text for _, text in pages]
        content, pngs = _scan_pdf(root, pages)
        workers = WorkerPool(2, spare=0, initializer=init_worker)
        settings = Settings(
            DATA_DIR=root,
            DATABASE_URL="postgresql://unused",  # type: ignore[call-arg]
            OCR_CONCURRENCY=2,
            OCR_PAGES_IN_FLIGHT=2,
        )
        engine = LocalOcrEngine(settings, workers)
        storage = LocalFileStorage(root / "files")
        # Warm-up: worker processes started and each one's Tesseract loaded, as in a running API.
        await _project(engine, storage, "warm", _scan_pdf_pages(content, range(2)))
        # Two documents of five pages; each read by both sides in the order CLI, project,
        # project, CLI, so that a burst of load from elsewhere falls on both alike.
        cli_s = project_s = cli_cpu = project_cpu = 0.0
        cli_texts: list[str] = []
        project_texts: list[str] = []
        rounds: list[str] = []
        for g, start in enumerate(range(0, len(pngs), GROUP)):
            part = range(start, min(start + GROUP, len(pngs)))
            document = _scan_pdf_pages(content, part)
            texts_a, cli_a, cpu_a = _cli([pngs[i] for i in part])
            before = _process_cpu_s(workers.worker_pids())
            ours_a, project_a = await _project(engine, storage, f"scan{g}a", document)
            _, project_b = await _project(engine, storage, f"scan{g}b", document)
            project_cpu += _process_cpu_s(workers.worker_pids()) - before
            _, cli_b, cpu_b = _cli([pngs[i] for i in part])
            cli_cpu += cpu_a + cpu_b
            cli_texts += texts_a
            project_texts += ours_a
            cli_s += cli_a + cli_b
            project_s += project_a + project_b
            rounds.append(f"{cli_a:.1f}/{project_a:.1f}/{project_b:.1f}/{cli_b:.1f}")
        n = len(references)
        return ScanComparison(
            pages=n,
            cli_s=cli_s,
            project_s=project_s,
            rounds="CLI/project/project/CLI seconds per 5-page document: " + ", ".join(rounds),
            cli_cpu_s=cli_cpu,
            project_cpu_s=project_cpu,
            cli_cer=sum(cer(t, r) for t, r in zip(cli_texts, references, strict=True)) / n,
            project_cer=sum(cer(t, r) for t, r in zip(project_texts, references, strict=True)) / n,
            runner=engine.runner or "?",
        )
    finally:
        if workers is not None:
            workers.shutdown()
        shutil.rmtree(root, ignore_errors=True)


def _scan_pdf_pages(content: bytes, pages: range) -> bytes:
    """Those pages of the scan PDF, as a PDF of their own."""
    src = pdfium.PdfDocument(content)
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, list(pages))
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        src.close()


async def measure(quick: bool = False) -> list[Row]:
    cmp = await run_scan_vs_cli()
    return [
        Row(
            "ocr_scan_vs_cli",
            f"Scans: project ÷ tesseract CLI throughput ({cmp.pages} real pages, 2 cores)",
            cmp.ratio,
            "×",
            target=TARGET_RATIO,
            better="higher",
            note=f"same 200-dpi pages, each read twice by both; {cmp.rounds}; {cmp.runner}",
        ),
        Row(
            "ocr_scan_cpu_vs_cli",
            "Scans: CPU seconds, tesseract CLI ÷ project (load-independent)",
            cmp.cli_cpu_s / max(cmp.project_cpu_s, 1e-9),
            "×",
            note=f"CPU used by the readers themselves (tesseract processes; the worker "
            f"processes): CLI {cmp.cli_cpu_s:.1f} s, project {cmp.project_cpu_s:.1f} s; other "
            "work on the machine slows both clocks but does not add CPU to either",
        ),
        Row(
            "ocr_scan_cer_over_cli",
            "Scans: project CER − tesseract CLI CER",
            cmp.project_cer - cmp.cli_cer,
            "points",
            target=MAX_CER_OVER_CLI,
            note=f"CER against each page's text layer: project {cmp.project_cer:.2f} %, "
            f"CLI {cmp.cli_cer:.2f} %",
        ),
    ]
