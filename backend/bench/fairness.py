"""How long another user's 1-page scan takes while one user's hostile work runs (`make bench`
style, never in `make test`: timing on 2 shared cores is noisy).

Starts the real API (`python -m app`) with its own database, measures a 1-page scan on the idle
server, then again right after an attacker uploaded the nested-XObject PDF, a thin-tall page and
a 60-page blank scan. Prints both times and their ratio (issue 10's target: within 3×).

    cd backend && uv run --frozen python -m bench.fairness
"""

from __future__ import annotations

import time
import uuid

import httpx

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess, remove_data_dir


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


def main() -> None:
    data = traversable_tmpdir("docstream-bench-fairness-")
    api = ApiProcess(
        data, free_port(), OCR_TASK_CPU_S="20", LEASE_TTL_S="30", RECOVERY_INTERVAL_S="3600"
    )
    api.start(120)
    try:
        attacker, victim = _sign_in(api.url), _sign_in(api.url)
        scan = files.scan_image(files.SCAN_LINES)
        started = time.monotonic()
        _settle(api.url, victim, _upload(api.url, victim, scan, "scan.png", "image/png"))
        idle = time.monotonic() - started
        hostile = [
            _upload(api.url, attacker, files.nested_xobject_pdf(), "nested.pdf", "application/pdf"),
            _upload(api.url, attacker, files.thin_tall_pdf(), "thin.pdf", "application/pdf"),
            _upload(api.url, attacker, files.text_pdf([[""]] * 60), "blank.pdf", "application/pdf"),
        ]
        started = time.monotonic()
        doc = _settle(api.url, victim, _upload(api.url, victim, scan, "scan.png", "image/png"))
        busy = time.monotonic() - started
        print(
            f"victim's scan: idle {idle:.1f} s, alongside hostile work {busy:.1f} s "
            f"({busy / idle:.1f}×), {doc['status']}"
        )
        for doc_id in hostile:
            d = _settle(api.url, attacker, doc_id)
            print(f"  attacker {d['filename']}: {d['status']} {d['error_message'] or ''}")
    finally:
        api.stop()
        remove_data_dir(data)


if __name__ == "__main__":
    main()
