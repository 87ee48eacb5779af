"""The facts evaluation: real documents (references.json) through the real OCR engine and a
metadata engine, scored by score.py, per fact and per split. `make eval-metadata` runs it on
the `measure` half.

    python -m eval.facts.run [--split measure|unseen|tune|all] [--engine local|claude]
                             [--variants text,scan,photo] [--only DOCUMENT_ID ...]
                             [--round N [--batch B]] [--aggregates-only] [--inbox]

`--engine local` (the default): `predict(pages)` is the local engine
(`app.metadata.local.analyse`): language, title, tags, summary and the facts, each with its
page and quote. Only the `measure` half is reported in docs/metadata-quality.md; the rules were
tuned on `tune`. `unseen` is the part of `measure` no rule was ever tuned on (the first
corpus's 15 never-tuned documents and the measure halves of rounds 6 and 7); a `measure` or `all` run reports
that part again in its own block, "never tuned on".

`--engine claude`: the real Claude agent against the loopback Anthropic fake, which answers
from the reference facts with quotes found in the text plus one deliberately wrong quote per
document (`claude_engine.py`). It proves the contract (facts stored with page and quote, a
quote not on its page dropped) and exits non-zero if it does not hold; its accuracy says how
often a reference value is written as such in the text, not how good a model is. Text
variant by default.

`--round N` (with `--batch B`) keeps only the documents a later round (batch) added, so a fresh
batch is measured on its own, before anyone tunes on it; `--aggregates-only` prints the tables
without the per-document lines (what a `measure` run may show: its documents stay unseen).

`--inbox`: the documents arrive in corpus order in one person's inbox, who corrects every
sender the engine did not read right; each later document is read knowing the corrections
so far (the names set, and the names the engine had read instead), as the pipeline hands them
to the engine (`read_senders`). It measures how
far a person's corrections carry to the next document from the same sender.

OCR results are kept in the variants cache by file content and by the OCR engine's own code
(`--cache`), so a second run only re-runs the metadata engine, and a change to the OCR (a new
page preparation, say) reads every page again instead of scoring yesterday's text.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import app.ocr
from app.config import Settings
from app.domain import LayoutHints, SenderCorrection
from app.metadata.base import DocumentInfo
from app.metadata.local import analyse
from app.metadata.local_correspondent_known import SenderMemory
from app.ocr.base import OcrInput
from app.ocr.local import LocalOcrEngine
from app.store.files import LocalFileStorage
from app.workers import WorkerPool
from eval.facts.claude_engine import predict_claude
from eval.facts.corpus import FACT_NAMES, SELECTIONS, load_references, select, select_round
from eval.facts.score import DocScore, score_document, summarise
from eval.facts.variants import DEFAULT_CACHE, variant_file
from tests.fakes.anthropic_fake import AnthropicFake

MIME = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}


def predict(
    pages: list[str],
    document_id: str = "eval",
    layout: LayoutHints | None = None,
    senders: SenderMemory | None = None,
) -> dict[str, Any]:
    """The metadata engine's answer for one document's OCR pages and the OCR step's layout
    hints, as the pipeline hands them to it (see score.score_document)."""
    text = "\n\n---\n\n".join(p.strip() for p in pages)
    info = DocumentInfo(
        id=document_id,
        filename=f"{document_id}.pdf",
        mime_type="application/pdf",
        page_count=len(pages),
    )
    result = analyse(text, info, layout, 0, (), senders)
    return {
        "language": result.language,
        "title": result.display_name,
        "summary": result.summary,
        "tags": result.tags,
        "facts": result.facts_json(),
    }


def stopwords_for(language: str) -> set[str]:
    """The stop words of a language, from stopwordsiso when the environment has it."""
    try:
        import stopwordsiso
    except ImportError:
        return set()
    words: set[str] = stopwordsiso.stopwords(language)
    return words


@functools.cache
def ocr_code_digest() -> str:
    """A digest of the OCR engine's source (`app/ocr/*.py`): part of every cache key, so an
    OCR result read by other code is never reused."""
    digest = hashlib.sha256()
    for source in sorted(Path(app.ocr.__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Reading:
    """What the OCR step hands the metadata engine: each page's text, and the first page's
    layout with the PDF's Title (the pipeline's `LayoutHints`)."""

    pages: list[str]
    layout: LayoutHints


# The cached reading's format: a change of what is kept changes the key, so an old entry
# (pages without their layout) is read again, never taken for a reading without a layout.
CACHE_FORMAT = b"pages+layout"


def _cached(path: Path, cache: Path) -> tuple[Path, Reading | None]:
    """The OCR result of a file with these bytes, read by this OCR code, from an earlier run."""
    key = CACHE_FORMAT + ocr_code_digest().encode() + path.read_bytes()
    stored = cache / "ocr" / f"{hashlib.sha256(key).hexdigest()[:24]}.json"
    if not stored.exists():
        return stored, None
    saved = json.loads(stored.read_text())
    return stored, Reading(list(saved["pages"]), LayoutHints.from_json(saved["layout"]))


async def ocr_pages(
    path: Path, engine: LocalOcrEngine, storage: LocalFileStorage, cache: Path
) -> Reading:
    stored, reading = await asyncio.to_thread(_cached, path, cache)
    if reading is not None:
        return reading
    target = storage.root / path.name
    await asyncio.to_thread(shutil.copy, path, target)

    async def progress(done: int, total: int) -> None:
        return None

    result = await engine.process(
        OcrInput(
            path.stem, path.name, MIME[path.suffix], target.stat().st_size, path.name, storage
        ),
        progress,
    )
    pages = [p.markdown for p in sorted(result.pages, key=lambda p: p.index)]
    saved = {"pages": pages, "layout": result.layout.to_json()}
    await asyncio.to_thread(stored.parent.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(stored.write_text, json.dumps(saved))
    return Reading(pages, result.layout)


def report(label: str, scores: list[DocScore]) -> None:
    s = summarise(scores)
    print(f"\n# {label}: {s.documents} documents")
    for name in FACT_NAMES:
        t = s.facts[name]
        acc = "n/a" if t.accuracy is None else f"{100 * t.accuracy:.0f} %"
        print(
            f"  {name:14} {t.correct:3}/{t.carried:<3} = {acc:>5}   wrong {t.wrong}, missed {t.missed},"
            f" false positives {t.false_positives}"
        )
    print(f"  titles acceptable      {s.titles_ok}/{s.documents}")
    print(f"  language right         {s.language_ok}/{s.language_checked}")
    print(f"  summaries with problems {s.summaries_with_problems}")
    checked = "" if stopwords_for("en") else " (not checked: stopwordsiso is not installed)"
    print(f"  documents with stop-word tags {s.documents_with_stopword_tags}{checked}")
    print(f"  quotes not on their page {s.quotes_not_found}")


@dataclass
class Evaluation:
    """Scores per variant; for the Claude engine, the contract's counts too."""

    scores: dict[str, list[DocScore]]
    bad_quotes_sent: int = 0
    bad_quotes_stored: list[str] = field(default_factory=list)

    def contract_holds(self) -> bool:
        """Every deliberately wrong quote dropped, every stored quote on its page."""
        misquoted = sum(summarise(s).quotes_not_found for s in self.scores.values() if s)
        return not self.bad_quotes_stored and misquoted == 0


def _claude_settings(work: Path, fake_url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        DATA_DIR=work / "data",
        DATABASE_URL="postgresql://unused",
        ANTHROPIC_API_KEY="eval-fake-key",
        ANTHROPIC_BASE_URL=fake_url,
        CLAUDE_MODEL="claude-eval-fake",
    )


def chosen(
    entries: list[dict[str, Any]],
    split: str,
    only: list[str],
    round_no: int | None = None,
    batch: int | None = None,
) -> list[dict[str, Any]]:
    """The entries a run evaluates: one selection, narrowed to a round (batch) and to `only`."""
    picked = select_round(select(entries, split), round_no, batch)
    return [e for e in picked if e["id"] in only] if only else picked


async def evaluate(
    split: str,
    variants: list[str],
    cache: Path,
    only: list[str],
    engine: str = "local",
    round_no: int | None = None,
    batch: int | None = None,
    quiet: bool = False,
    inbox: bool = False,
) -> Evaluation:
    """Every chosen document through the OCR and the engine, scored. With `inbox`, the
    documents arrive one after another into one person's inbox, who corrects every sender the
    engine did not read right: each later document is read knowing the senders corrected so
    far (the names set and the names they replaced, most recent first), as the pipeline's
    `read_senders` gives them."""
    entries = chosen(load_references(), split, only, round_no, batch)
    corrected: dict[str, list[SenderCorrection]] = {v: [] for v in variants}
    work = Path(tempfile.mkdtemp(prefix="docstream-eval-facts-"))
    pool = WorkerPool(2)
    result = Evaluation({v: [] for v in variants})
    fake = AnthropicFake().start() if engine == "claude" else None
    try:
        settings = Settings(
            _env_file=None, DATA_DIR=work / "data", DATABASE_URL="postgresql://unused"
        )  # type: ignore[call-arg]
        ocr = LocalOcrEngine(settings, pool)
        storage = LocalFileStorage(work / "files")
        for entry in entries:
            for variant in variants:
                if variant not in entry["variants"]:
                    continue
                source = variant_file(entry, variant, cache)
                reading = await ocr_pages(source, ocr, storage, cache)
                pages = reading.pages
                note = ""
                if fake is not None:
                    run = await predict_claude(fake, _claude_settings(work, fake.url), entry, pages)
                    predicted = run.predicted
                    result.bad_quotes_sent += 1
                    if run.bad.stored:
                        result.bad_quotes_stored.append(f"{entry['id']} {run.bad.name}")
                    note = (
                        f" wrong quote ({run.bad.name}) {'STORED' if run.bad.stored else 'dropped'}"
                    )
                else:
                    memory = SenderMemory.remember(corrected[variant]) if inbox else None
                    predicted = await asyncio.to_thread(
                        predict, pages, str(entry["id"]), reading.layout, memory
                    )
                score = score_document(entry, predicted, pages, stopwords_for(entry["language"]))
                spellings = entry["facts"].get("correspondent")
                sender = score.facts.get("correspondent")
                if inbox and spellings and sender is not None and sender.outcome != "correct":
                    # the person corrects it: the name set, the name the engine had read
                    read = predicted["facts"].get("correspondent") or {}
                    correction = SenderCorrection(str(spellings[0]), read.get("value"))
                    corrected[variant].insert(0, correction)
                result.scores[variant].append(score)
                wrong = [
                    f.name for f in score.facts.values() if f.outcome not in ("correct", "absent")
                ]
                if not quiet:
                    print(
                        f"{entry['id']} [{variant}] title={predicted['title']!r}"
                        f" not right: {wrong}" + note
                    )
    finally:
        if fake is not None:
            fake.stop()
        pool.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return result


async def main(
    split: str,
    variants: list[str],
    cache: Path,
    only: list[str],
    engine: str = "local",
    round_no: int | None = None,
    batch: int | None = None,
    quiet: bool = False,
    inbox: bool = False,
) -> int:
    result = await evaluate(split, variants, cache, only, engine, round_no, batch, quiet, inbox)
    label = split if round_no is None else f"{split} / round {round_no}"
    if inbox:
        label += " / inbox"
    if batch is not None:
        label += f" batch {batch}"
    entries = load_references()
    unseen = {str(e["id"]) for e in select(entries, "unseen")}
    for variant, variant_scores in result.scores.items():
        if variant_scores:
            report(f"{label} / {variant} / {engine}", variant_scores)
            never_tuned = never_tuned_on(variant_scores, unseen)
            if split != "unseen" and never_tuned:
                report(f"{label} / {variant} / {engine} / never tuned on", never_tuned)
    if engine != "claude":
        return 0
    print(
        f"\n# the Claude contract: {result.bad_quotes_sent} deliberately wrong quotes sent, "
        f"{len(result.bad_quotes_stored)} stored"
    )
    for stored in result.bad_quotes_stored:
        print(f"  stored although misquoted: {stored}")
    print("  holds" if result.contract_holds() else "  BROKEN")
    return 0 if result.contract_holds() else 1


def never_tuned_on(scores: list[DocScore], unseen: set[str]) -> list[DocScore]:
    """The scores of the documents no rule was ever tuned on (corpus.select(..., "unseen"))."""
    return [s for s in scores if s.id in unseen]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="measure", choices=list(SELECTIONS))
    parser.add_argument("--engine", default="local", choices=["local", "claude"])
    parser.add_argument("--variants", default=None, help="default: text,scan,photo (claude: text)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", action="append", default=[], help="a document id (repeatable)")
    parser.add_argument("--round", type=int, default=None, help="only a later round's documents")
    parser.add_argument("--batch", type=int, default=None, help="only one batch of --round")
    parser.add_argument(
        "--aggregates-only", action="store_true", help="the tables, no per-document lines"
    )
    parser.add_argument(
        "--inbox",
        action="store_true",
        help="one person's inbox: each sender the engine misreads is corrected, later "
        "documents are read knowing the corrected senders",
    )
    args = parser.parse_args()
    if args.batch is not None and args.round is None:
        parser.error("--batch needs --round")
    variants = args.variants or ("text" if args.engine == "claude" else "text,scan,photo")
    sys.exit(
        asyncio.run(
            main(
                args.split,
                variants.split(","),
                args.cache,
                args.only,
                args.engine,
                args.round,
                args.batch,
                args.aggregates_only,
                args.inbox,
            )
        )
    )
