"""`make eval-metadata`: the local metadata engine on the corpus, as text PDFs and as scans.

For each document: print it to PDF (Chromium), scan it at 200 dpi, run the real local OCR
engine on both and the local metadata engine on the result, and compare with the reference.
Prints every title, the tags and the summary; then title accuracy, keyword recall, every
summary with filler, a fragment or a repeat, and any control character left in stored text.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.metadata.base import DocumentInfo
from app.metadata.local import build_metadata
from app.ocr.base import OcrInput
from app.ocr.local import LocalOcrEngine
from app.ocr.local_worker import init_worker
from app.ocr.text import has_control_characters
from app.store.files import LocalFileStorage
from app.workers import WorkerPool
from eval.metadata.checks import keyword_hits, normalise, summary_problems
from eval.metadata.corpus import CORPUS, SYSTEM_DOCS
from eval.metadata.render import print_pdf, scan


@dataclass
class Case:
    name: str
    path: Path
    mime: str
    title: str
    keywords: list[str]
    expect_no_text: bool = False


@dataclass
class Outcome:
    case: Case
    title: str
    tags: list[str]
    summary: str
    control_chars: bool


async def evaluate(case: Case, engine: LocalOcrEngine, storage: LocalFileStorage) -> Outcome:
    target = storage.root / case.path.name
    shutil.copy(case.path, target)

    async def progress(done: int, total: int) -> None:
        return None

    result = await engine.process(
        OcrInput(
            case.name, case.path.name, case.mime, target.stat().st_size, case.path.name, storage
        ),
        progress,
    )
    info = DocumentInfo(
        id=case.name, filename=case.path.name, mime_type=case.mime, page_count=result.page_count
    )
    title, tags, summary = await asyncio.to_thread(build_metadata, result.text, info, result.layout)
    stored = result.text + "".join(p.markdown for p in result.pages)
    return Outcome(case, title, tags, summary, has_control_characters(stored))


def cases(work: Path, with_scans: bool) -> list[Case]:
    out: list[Case] = []
    for doc in CORPUS:
        pdf = print_pdf(doc, work)
        out.append(
            Case(
                f"{doc.slug} (pdf)",
                pdf,
                "application/pdf",
                doc.title,
                doc.keywords,
                doc.expect_no_text,
            )
        )
        if with_scans:
            out.append(
                Case(
                    f"{doc.slug} (scan)",
                    scan(pdf, work),
                    "image/tiff",
                    doc.title,
                    doc.keywords,
                    doc.expect_no_text,
                )
            )
    for path, title, keywords in SYSTEM_DOCS:
        if Path(path).exists():
            out.append(
                Case(f"{Path(path).name} (pdf)", Path(path), "application/pdf", title, keywords)
            )
            if with_scans:
                out.append(
                    Case(
                        f"{Path(path).name} (scan)",
                        scan(Path(path), work),
                        "image/tiff",
                        title,
                        keywords,
                    )
                )
        else:
            print(f"(not installed, skipped: {path})")
    return out


async def main(with_scans: bool = True) -> int:
    work = Path(tempfile.mkdtemp(prefix="docstream-eval-"))
    pool = WorkerPool(2, initializer=init_worker)
    try:
        settings = Settings(
            _env_file=None, DATA_DIR=work / "data", DATABASE_URL="postgresql://unused"
        )  # type: ignore[call-arg]
        engine = LocalOcrEngine(settings, pool)
        storage = LocalFileStorage(work / "files")
        outcomes = [await evaluate(c, engine, storage) for c in cases(work, with_scans)]
    finally:
        pool.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    titles_ok = keywords_hit = keywords_total = 0
    bad_summaries: list[str] = []
    for o in outcomes:
        if o.case.expect_no_text:
            ok = o.tags == ["no text found"] and o.summary.startswith("No text was found")
        else:
            ok = normalise(o.title) == normalise(o.case.title)
        titles_ok += ok
        hits = keyword_hits(o.case.keywords, o.tags)
        keywords_hit += hits
        keywords_total += len(o.case.keywords)
        problems = [] if o.case.expect_no_text else summary_problems(o.summary)
        if problems:
            bad_summaries.append(f"{o.case.name}: {', '.join(problems)}")
        print(
            f"\n## {o.case.name}  [{'ok' if ok else 'WRONG TITLE'}]"
            f"\n  title:    {o.title}\n  expected: {o.case.title}"
            f"\n  tags:     {', '.join(o.tags)}  ({hits}/{len(o.case.keywords)} expected keywords)"
            f"\n  summary:  {o.summary}"
        )
    n = len(outcomes)
    control = [o.case.name for o in outcomes if o.control_chars]
    print("\n# Results")
    print(f"title accuracy:   {titles_ok}/{n} = {100 * titles_ok / n:.0f} %")
    print(
        f"keyword recall:   {keywords_hit}/{keywords_total} = {100 * keywords_hit / max(keywords_total, 1):.0f} %"
    )
    print(f"bad summaries:    {len(bad_summaries)}" + "".join(f"\n  - {b}" for b in bad_summaries))
    print(
        f"control characters in stored text: {len(control)}"
        + "".join(f"\n  - {c}" for c in control)
    )
    passed = (
        titles_ok >= 0.9 * n
        and not bad_summaries
        and not control
        and keywords_hit >= 0.7 * keywords_total
    )
    print("PASS" if passed else "FAIL (targets: titles ≥ 90 %, keywords ≥ 70 %, no bad summary)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(with_scans="--no-scans" not in sys.argv)))
