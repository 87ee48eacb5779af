"""Tesseract for the OCR workers: in-process through `tesserocr`, the CLI only as a fallback.

Each worker process keeps one `PyTessBaseAPI` per language set, created on first use and kept
for the worker's life: the language model is loaded once per worker instead of once per page
(a new `tesseract` process per page spent a fifth of its time loading it). The rendered page
goes in as raw greyscale bytes (`SetImageBytes`), never encoded to a file. The CPU, memory and
wall-clock budgets are the pool's (`app.workers`): the library runs inside the worker,
so a page over its budget takes the worker with it, and the pool replaces it.

When the binding cannot be imported (a platform without the wheel), each page runs the
`tesseract` CLI as before; `RUNNER` says which one runs, and the engine logs it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from PIL import Image

from app.errors import PermanentError, TransientError
from app.ocr.layout import tesseract_tsv

# Before libtesseract loads: a build with OpenMP reads it once, at load time (the PyPI wheel
# has none, but a distribution's build may; on 2 shared cores OpenMP is 9x slower).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
try:
    import tesserocr
except ImportError as exc:  # pragma: no cover - only on platforms without the wheel
    tesserocr = None
    UNAVAILABLE = f"{type(exc).__name__}: {exc}"
else:
    UNAVAILABLE = ""

TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    "left\ttop\twidth\theight\tconf\ttext\n"
)
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
_APIS: dict[tuple[str, int], Any] = {}  # (languages, psm) -> PyTessBaseAPI, per worker
# Tesseract 5's binarisation (`thresholding_method`): one Otsu threshold for the whole page
# ("0", its default), or Sauvola's local threshold ("2", window and k at Tesseract's
# defaults), which follows uneven light and faint print (`local=True`).
_THRESHOLDING = {False: "0", True: "2"}


def tessdata() -> str:
    """Where the language packs are: TESSDATA_PREFIX, else Debian's (and others') place."""
    own = os.environ.get("TESSDATA_PREFIX")
    if own:
        return own
    for d in _TESSDATA_DIRS:
        if Path(d, "osd.traineddata").exists() or Path(d, "eng.traineddata").exists():
            return d
    return _TESSDATA_DIRS[0]


def runner() -> str:
    """ "in-process" (libtesseract through tesserocr) or "cli" (a `tesseract` per page)."""
    return "in-process" if tesserocr is not None else "cli"


def describe() -> str:
    """One line for the log: which Tesseract reads the pages, and why not the library."""
    if tesserocr is not None:
        version = tesserocr.tesseract_version().splitlines()[0]
        return f"Tesseract in-process ({version}, tesserocr {tesserocr.__version__})"
    return (
        f"Tesseract CLI, one process per page (the tesserocr binding is unavailable: {UNAVAILABLE})"
    )


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The packs installed (read once per worker: they change only with the machine)."""
    return frozenset(p.stem for p in Path(tessdata()).glob("*.traineddata"))


def _api(languages: str, psm: int) -> Any:
    api = _APIS.get((languages, psm))
    if api is None:
        try:
            api = tesserocr.PyTessBaseAPI(path=tessdata(), lang=languages, psm=psm)
        except RuntimeError:
            raise PermanentError(
                f"The server cannot read scans in {languages}: that language pack is not "
                "installed. Ask the administrator to install it, or choose another language."
            ) from None
        _APIS[(languages, psm)] = api
    return api


def _set_image(api: Any, image: Image.Image) -> None:
    grey = image if image.mode == "L" else image.convert("L")
    api.SetImageBytes(grey.tobytes(), grey.width, grey.height, 1, grey.width)


def _check_cli() -> None:
    if shutil.which("tesseract") is None:
        raise PermanentError("Tesseract is not installed on the server, so scans cannot be read.")


def _cli(image: Image.Image, args: list[str]) -> str:
    _check_cli()
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PPM")  # uncompressed PGM: Leptonica reads it as is
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "TESSDATA_PREFIX": tessdata()}
    # No wall-clock timeout of its own: at nice 19 on a busy machine a page may take minutes and
    # must not fail for it. A Tesseract that hangs is killed with its worker by the pool's task
    # limit, which does not count waits for a CPU (app/task_clock.py); its CPU time is bounded
    # by the worker's RLIMIT_CPU, which it inherits.
    result = subprocess.run(
        ["tesseract", "stdin", "stdout", *args],
        input=buf.getvalue(),
        capture_output=True,
        env=env,
    )
    if result.returncode != 0:
        raise TransientError(f"Tesseract failed: {result.stderr.decode(errors='replace')[-300:]}")
    return result.stdout.decode("utf-8", errors="replace")


class Recognised(NamedTuple):
    """One pass's reading of a page image."""

    text: str
    hints: list[dict[str, Any]]  # line hints (`app.ocr.layout`)
    confidence: float  # mean word confidence, 0–100
    # Tesseract found most of the text running top to bottom: a page on its side, which it
    # reads anyway (the caller then asks OSD which way it is turned).
    sideways: bool
    # The share of the page Tesseract's layout analysis took for pictures (0–1): a frame
    # drawn around the page or a table makes it take the text inside for one picture and
    # leave it unread (`app.ocr.rules`). 0 from the CLI, whose output does not say.
    pictured: float


# Tesseract's block types that hold a picture, not text (tesserocr.PT).
_PICTURES = frozenset({9, 10, 11})  # FLOWING_IMAGE, HEADING_IMAGE, PULLOUT_IMAGE


def recognise(image: Image.Image, languages: str, page: int = 0, local: bool = False) -> Recognised:
    """One pass with `languages` ("deu", or "eng+deu"), automatic page segmentation,
    binarised with one Otsu threshold or, `local`, Sauvola's local one (`Recognised`)."""
    sideways = False
    pictured = 0.0
    if tesserocr is not None:
        api = _api(languages, int(tesserocr.PSM.AUTO))
        api.SetVariable("thresholding_method", _THRESHOLDING[local])
        _set_image(api, image)
        try:
            tsv = TSV_HEADER + (api.GetTSVText(0) or "")
            sideways = _mostly_vertical(api)
            pictured = _pictured(api, image.width * image.height)
        except RuntimeError as exc:
            if "No text returned" not in str(exc):  # a blank page: nothing to read
                raise TransientError(f"Tesseract failed: {exc}") from None
            tsv = TSV_HEADER
        finally:
            api.Clear()
    else:
        binarise = ["-c", f"thresholding_method={_THRESHOLDING[local]}"]
        tsv = _cli(image, ["-l", languages, "--psm", "3", *binarise, "tsv"])
    text, hints = tesseract_tsv(tsv, image.height, page)
    return Recognised(text, hints, _mean_confidence(tsv), sideways, pictured)


def _pictured(api: Any, area: int) -> float:
    """The share of the page's area in blocks Tesseract took for pictures."""
    iterator = api.GetIterator()
    if iterator is None or area <= 0:
        return 0.0
    covered = 0
    for block in tesserocr.iterate_level(iterator, tesserocr.RIL.BLOCK):
        if block.BlockType() in _PICTURES:
            box = block.BoundingBox(tesserocr.RIL.BLOCK)
            if box:
                covered += (box[2] - box[0]) * (box[3] - box[1])
    return min(1.0, covered / area)


def _mostly_vertical(api: Any) -> bool:
    """Most of the recognised text (by length) is in blocks written top to bottom."""
    vertical = total = 0
    iterator = api.GetIterator()
    if iterator is None:
        return False
    for block in tesserocr.iterate_level(iterator, tesserocr.RIL.BLOCK):
        n = len(block.GetUTF8Text(tesserocr.RIL.BLOCK) or "")
        total += n
        if block.Orientation()[1] == tesserocr.WritingDirection.TOP_TO_BOTTOM:
            vertical += n
    return total > 0 and vertical > total / 2


def _mean_confidence(tsv: str) -> float:
    """Mean confidence of the words, weighted by length (a long word read well counts more
    than a stray mark read badly); 0 when there are none."""
    total = weight = 0.0
    for row in csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) >= 12 and row[0] == "5" and row[11].strip():
            try:
                conf = float(row[10])
            except ValueError:
                continue
            n = len(row[11].strip())
            total += max(conf, 0.0) * n
            weight += n
    return total / weight if weight else 0.0


_CLI_DEGREES = re.compile(r"Orientation in degrees:\s*(\d+)")
_CLI_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def orientation(image: Image.Image) -> tuple[int, float]:
    """Tesseract's OSD: the degrees (0, 90, 180, 270) to turn the page counter-clockwise to
    stand it upright, and the confidence (about 15 is sure). (0, 0.0) when OSD cannot tell
    (too little text), or when the `osd` pack is missing."""
    if "osd" not in installed_languages():
        return 0, 0.0
    if tesserocr is not None:
        api = _api("osd", int(tesserocr.PSM.OSD_ONLY))
        _set_image(api, image)
        try:
            found = api.DetectOrientationScript()
        except RuntimeError:
            found = None
        finally:
            api.Clear()
        if not found:
            return 0, 0.0
        return int(found["orient_deg"]) % 360, float(found["orient_conf"])
    try:
        out = _cli(image, ["--psm", "0", "-l", "osd"])
    except TransientError:
        return 0, 0.0  # "Too few characters": nothing to turn
    degrees, conf = _CLI_DEGREES.search(out), _CLI_CONF.search(out)
    if not degrees:
        return 0, 0.0
    return int(degrees.group(1)) % 360, float(conf.group(1)) if conf else 0.0
