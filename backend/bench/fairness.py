"""How long another user's 1-page scan takes while one user's hostile work runs (`make bench`;
never in `make test`: timing on 2 shared cores is noisy).

Starts the real API (`python -m app`) with its own database, measures a 1-page scan on the idle
server, then again right after an attacker uploaded the nested-XObject PDF, a thin-tall page and
a 60-page blank scan, three rounds. Reports the worst ratio to the idle time (target: within
3×). The time is split into queued and reading from the document's own timeline.

    scripts/bench.sh --only fairness       (or: cd backend && uv run --frozen python -m bench.fairness)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import time
import uuid

import httpx

from bench.common import Row
from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess, remove_data_dir

ROUNDS = 3
TARGET_RATIO = 3.0


def _sign_in(url: str) -> dict[str, str]:
    r = httpx.post(f"{url}/api/auth/local-token", json={"email": f"b-{uuid.uuid4().hex[:6]}@x.io"})
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def _upload(url: str, headers: dict[str, str], content: bytes, name: str, mime: str) -> str:
    r = httpx.post(
        f"{url}/api/document/upload",
        headers=headers,
        files={"file": (name, content, mime)},
        timeout=60,
    )
    return r.json()["document_id"]


def _settle(url: str, headers: dict[str, str], doc_id: str, timeout: float = 900) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        doc = httpx.get(f"{url}/api/documents/{doc_id}", headers=headers).json()
        if doc["status"] in ("ocr_complete", "failed"):
            return doc
        time.sleep(0.1)
    raise TimeoutError(doc_id)


def _phases(url: str, headers: dict[str, str], doc_id: str) -> str:
    """Where the time went, from the document's own timeline: queued, then reading."""
    events = httpx.get(f"{url}/api/documents/{doc_id}/events", headers=headers).json()
    at = {e["event"]: dt.datetime.fromisoformat(e["at"]) for e in events}
    if not {"uploading", "processing", "ocr_complete"} <= at.keys():
        return "no timeline"
    queued = (at["processing"] - at["uploading"]).total_seconds()
    reading = (at["ocr_complete"] - at["processing"]).total_seconds()
    return f"queued {queued:.1f} s, reading {reading:.1f} s"


def _victim(url: str, headers: dict[str, str]) -> tuple[float, str]:
    # A fresh scan each time: the same bytes twice would be a duplicate, never OCRed.
    scan = files.scan_image(files.SCAN_LINES)
    started = time.monotonic()
    doc_id = _upload(url, headers, scan, "scan.png", "image/png")
    doc = _settle(url, headers, doc_id)
    assert doc["status"] == "ocr_complete", doc
    return time.monotonic() - started, _phases(url, headers, doc_id)


def run(rounds: int = ROUNDS) -> tuple[float, list[float]]:
    """The idle time (median of 3) and the victim's time in each hostile round, in seconds."""
    data = traversable_tmpdir("docstream-bench-fairness-")
    api = ApiProcess(
        data, free_port(), OCR_TASK_CPU_S="20", LEASE_TTL_S="30", RECOVERY_INTERVAL_S="3600"
    )
    api.start(120)
    try:
        attacker, victim = _sign_in(api.url), _sign_in(api.url)
        idle_runs = [_victim(api.url, victim) for _ in range(3)]
        idle = statistics.median(t for t, _ in idle_runs)
        log(f"victim's scan on an idle server: {idle:.1f} s (median of 3; {idle_runs[-1][1]})")
        busy_runs = []
        for round_ in range(1, rounds + 1):
            hostile = [
                _upload(
                    api.url, attacker, files.nested_xobject_pdf(), "nested.pdf", "application/pdf"
                ),
                _upload(api.url, attacker, files.thin_tall_pdf(), "thin.pdf", "application/pdf"),
                _upload(
                    api.url, attacker, files.text_pdf([[""]] * 60), "blank.pdf", "application/pdf"
                ),
            ]
            busy, phases = _victim(api.url, victim)
            busy_runs.append(busy)
            log(
                f"round {round_}: alongside hostile work {busy:.1f} s ({busy / idle:.1f}×; {phases})"
            )
            for doc_id in hostile:
                d = _settle(api.url, attacker, doc_id)
                log(f"  attacker {d['filename']}: {d['status']} {d['error_message'] or ''}")
        return idle, busy_runs
    finally:
        api.stop()
        remove_data_dir(data)


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


async def measure(quick: bool) -> list[Row]:
    idle, busy = await asyncio.to_thread(run, 1 if quick else ROUNDS)
    worst = max(busy)
    return [
        Row("fairness", "another user's 1-page scan, idle server", idle, "s"),
        Row(
            "fairness",
            "... beside hostile uploads (worst of rounds)",
            worst / idle,
            "×",
            target=TARGET_RATIO,
            note=f"{worst:.1f} s; rounds {', '.join(f'{b / idle:.1f}×' for b in busy)}",
        ),
    ]


if __name__ == "__main__":
    idle_s, busy_s = run()
    print(f"worst ratio {max(busy_s) / idle_s:.1f}× (target ≤ {TARGET_RATIO:.0f}×)")
