"""`python -m eval.facts.run [--split measure|tune|all] [--engine local] [--corpus DIR]`.

The facts evaluation (docs/metadata-quality.md): each document of the corpus
(`references.json` beside this file) in each of its variants ("text" = the file as is; "scan"
and "photo" made by `variants.py`, or a 200-dpi grey scan when that module is absent) goes
through the real local OCR engine (`app/ocr`) and the local metadata engine; the predicted
facts, title, summary and tags are scored against the reference. Prints per-fact accuracy per
split, then every miss. OCR results are cached by file content (`--cache DIR`), so tuning the
rules does not redo the OCR.

Scoring follows the corpus contract: type exact; correspondent matched with case,
punctuation and legal forms ignored, or the core name contained either way; dates exact;
totals as decimals with the currency; references without spaces and case; a fact the
reference does not carry is a false positive; a title is acceptable when it names the type
and the correspondent or contains the document's own title; every quote must be on its page.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.config import Settings
from app.metadata.base import DocumentInfo
from app.metadata.facts import quote_on_page
from app.metadata.local import analyse
from app.metadata.local_text import PAGE_BREAK
from app.metadata.local_vocabulary import is_stop_tag
from app.ocr.base import OcrInput
from app.ocr.local import LocalOcrEngine
from app.pipeline.workers import WorkerPool
from app.store.files import LocalFileStorage
from eval.metadata.checks import summary_problems

HERE = Path(__file__).resolve().parent
FACTS = ("document_type", "correspondent", "document_date", "total", "reference", "due_date")
LEGAL = re.compile(
    r"\b(gmbh|co|kg|ag|ohg|ug|ev|ek|bv|nv|vof|sas|sarl|sa|snc|eurl|sasu|sl|srl|spa|ltd|"
    r"limited|llc|inc|incorporated|corp|corporation|plc|llp|lp|pty|ab|as|aps|oy|ag|ag)\b"
)
MIME = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}
MIME |= {".jpeg": "image/jpeg", ".tiff": "image/tiff", ".tif": "image/tiff"}


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.replace(".", ""))
    return " ".join(LEGAL.sub(" ", text).split())


def correspondent_ok(predicted: str, spellings: list[str]) -> bool:
    got = _name_key(predicted)
    if not got:
        return False
    for spelling in spellings:
        want = _name_key(spelling)
        if want and (got == want or want in got or got in want):
            return True
    return False


def fact_ok(name: str, predicted: Any, reference: Any) -> bool:
    if name == "document_type":
        return str(predicted) == str(reference)
    if name == "correspondent":
        return correspondent_ok(str(predicted), list(reference))
    if name in ("document_date", "due_date"):
        return str(predicted) == str(reference)
    if name == "total":
        try:  # "also": other amounts the reference accepts (before and after a deposit)
            accepted = [reference["amount"], *reference.get("also", [])]
            return predicted["currency"] == reference["currency"] and any(
                Decimal(str(predicted["amount"])) == Decimal(str(a)) for a in accepted
            )
        except (InvalidOperation, KeyError, TypeError):
            return False
    if name == "reference":
        got = re.sub(r"\s+", "", str(predicted)).casefold()
        return any(got == re.sub(r"\s+", "", str(r)).casefold() for r in reference)
    return False


def title_ok(title: str, entry: dict[str, Any], facts: dict[str, Any]) -> bool:
    own = (entry.get("title") or {}).get("own")
    norm = _name_key(title)
    if own and _name_key(own) and _name_key(own) in norm:
        return True
    ref = entry.get("facts", {})
    names_sender = "correspondent" in ref and any(
        _name_key(s) and _name_key(s) in norm for s in ref["correspondent"]
    )
    typed = str(facts.get("document_type", {}).get("value")) == ref.get("document_type")
    return names_sender and typed


def _cache_file(path: Path, cache: Path) -> tuple[Path, dict[str, Any] | None]:
    cached = cache / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:24]}.json"
    return cached, json.loads(cached.read_text()) if cached.exists() else None


async def ocr_pages(
    path: Path, engine: LocalOcrEngine, storage: LocalFileStorage, cache: Path
) -> tuple[list[str], dict[str, Any]]:
    cached, data = await asyncio.to_thread(_cache_file, path, cache)
    if data is not None:
        return data["pages"], data["layout"]
    target = storage.root / path.name
    await asyncio.to_thread(shutil.copy, path, target)

    async def progress(done: int, total: int) -> None:
        return None

    mime = MIME.get(path.suffix.lower(), "application/pdf")
    result = await engine.process(
        OcrInput(path.stem, path.name, mime, target.stat().st_size, path.name, storage), progress
    )
    pages = result.text.split(PAGE_BREAK)
    await asyncio.to_thread(
        cached.write_text, json.dumps({"pages": pages, "layout": result.layout or {}})
    )
    return pages, result.layout or {}


def variant_file(entry: dict[str, Any], variant: str, source: Path, work: Path) -> Path | None:
    if variant == "text":
        return source
    try:  # the corpus's own variant maker, when it is there
        from eval.facts import variants  # type: ignore[attr-defined]

        made: Path = variants.make_variant(source, variant, work)
        return made
    except (ImportError, AttributeError):
        if variant == "scan" and source.suffix.lower() == ".pdf":
            from eval.metadata.render import scan

            return scan(source, work)
        return None


def score(entry: dict[str, Any], pages: list[str], predicted: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"hits": {}, "false": [], "quotes_off": [], "problems": []}
    ref = entry.get("facts", {})
    facts = predicted["facts"]
    for name in FACTS:
        got = facts.get(name)
        if got is not None and not quote_on_page(got["quote"], pages, got["page"]):
            out["quotes_off"].append(name)
        if name in ref:
            out["hits"][name] = got is not None and fact_ok(name, got["value"], ref[name])
        elif got is not None:
            out["false"].append(name)
    out["title"] = title_ok(predicted["title"], entry, facts)
    out["problems"] = summary_problems(predicted["summary"])
    out["stop_tags"] = [t for t in predicted["tags"] if is_stop_tag(t, entry.get("language"))]
    return out


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.facts.run")
    parser.add_argument("--split", default="measure", choices=["measure", "tune", "all"])
    parser.add_argument("--engine", default="local", choices=["local"])
    parser.add_argument("--corpus", type=Path, default=HERE)
    parser.add_argument("--variants", default="text,scan,photo")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "facts-ocr")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    references = json.loads((args.corpus / "references.json").read_text(encoding="utf-8"))
    entries = [e for e in references if args.split == "all" or e["split"] == args.split]
    wanted = set(args.variants.split(","))
    args.cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="docstream-facts-"))
    pool = WorkerPool(2)
    rows: list[tuple[dict[str, Any], str, dict[str, Any], dict[str, Any]]] = []
    try:
        settings = Settings(
            _env_file=None, DATA_DIR=work / "data", DATABASE_URL="postgresql://unused"
        )  # type: ignore[call-arg]
        engine = LocalOcrEngine(settings, pool)
        storage = LocalFileStorage(work / "files")
        for entry in entries:
            source = args.corpus / entry["file"]
            for variant in entry.get("variants", ["text"]):
                if variant not in wanted:
                    continue
                path = variant_file(entry, variant, source, work)
                if path is None:
                    continue
                pages, layout = await ocr_pages(path, engine, storage, args.cache)
                info = DocumentInfo(entry["id"], source.name, MIME[source.suffix], len(pages))
                result = await asyncio.to_thread(analyse, PAGE_BREAK.join(pages), info, layout)
                predicted = {
                    "language": result.language,
                    "title": result.display_name,
                    "summary": result.summary,
                    "tags": result.tags,
                    "facts": result.facts_json(),
                }
                rows.append((entry, variant, predicted, score(entry, pages, predicted)))
    finally:
        pool.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return report(rows, args.verbose)


def report(
    rows: list[tuple[dict[str, Any], str, dict[str, Any], dict[str, Any]]], verbose: bool
) -> int:
    by_split: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for entry, variant, predicted, s in rows:
        split = entry["split"]
        for key in (split, f"{split}/{variant}"):
            for name, ok in s["hits"].items():
                by_split[key][name][0] += ok
                by_split[key][name][1] += 1
            by_split[key]["title"][0] += s["title"]
            by_split[key]["title"][1] += 1
            by_split[key]["false positives"][0] += len(s["false"])
            by_split[key]["quotes not on page"][0] += len(s["quotes_off"])
            by_split[key]["summary problems"][0] += bool(s["problems"])
            by_split[key]["stop-word tags"][0] += len(s["stop_tags"])
        misses = [n for n, ok in s["hits"].items() if not ok] + ["title"] * (not s["title"])
        if verbose or misses or s["false"] or s["problems"]:
            print(f"\n## {entry['id']} ({variant}) misses: {', '.join(misses) or '-'}")
            print(f"  title:   {predicted['title']}")
            print(f"  summary: {predicted['summary']}")
            print(f"  tags:    {', '.join(predicted['tags'])}  language {predicted['language']}")
            for name in FACTS:
                got = predicted["facts"].get(name)
                want = entry["facts"].get(name)
                if got or want:
                    mark = "ok" if s["hits"].get(name) else ("FALSE+" if want is None else "MISS")
                    shown = got and f"{got['value']} (p{got['page']}: «{got['quote'][:60]}»)"
                    print(f"  {name:14} {mark:6} got {shown}  want {want}")
            if s["problems"]:
                print(f"  summary problems: {s['problems']}")
    print("\n# Per-fact accuracy")
    for key in sorted(by_split):
        print(f"\n[{key}]")
        for name, (ok, n) in by_split[key].items():
            if n:
                print(f"  {name:20} {ok}/{n} = {100 * ok / n:.0f} %")
            else:
                print(f"  {name:20} {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
