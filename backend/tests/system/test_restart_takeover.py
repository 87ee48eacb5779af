"""After `kill -9` of the API mid-OCR, the API restarted on the same host (as `make run`
restarts it) takes the dead process's jobs over at once: the document's pages carry on, and
it shows it is being recovered, instead of sitting frozen until the lease runs out.

The lease here lasts five minutes, so a document that carries on within the wait below can
only have been taken over because its owner was seen to be dead (`app/process_id.py`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess, remove_data_dir
from tests.waiting import wait_until

LEASE_TTL_S = 300
PAGES = 6


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = traversable_tmpdir("docstream-takeover-")
    yield path
    remove_data_dir(path)


def scanned_pages(n: int) -> bytes:
    """An n-page scan (images only: every page goes through Tesseract, one by one)."""
    pages = [
        Image.open(
            io.BytesIO(files.scan_image([f"Page {i + 1} of the report", *files.SCAN_LINES]))
        ).convert("RGB")
        for i in range(n)
    ]
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", resolution=150, save_all=True, append_images=pages[1:])
    return buf.getvalue()


# The waits inside bound this test; pytest's default 120 s would stop a run that is only slow
# (OCR at nice 19 gets a sliver of a core on a loaded machine: docs/architecture.md).
@pytest.mark.timeout(480)
def test_a_restarted_api_carries_on_with_the_killed_apis_document_at_once(data_dir):
    api = ApiProcess(
        data_dir,
        free_port(),
        LEASE_TTL_S=str(LEASE_TTL_S),
        OCR_CONCURRENCY="1",
        OCR_SPARE_WORKERS="0",
    )
    api.start()
    try:
        token = httpx.post(
            f"{api.url}/api/auth/local-token", json={"email": "takeover@example.com"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        response = httpx.post(
            f"{api.url}/api/document/upload",
            headers=headers,
            files={"file": ("report.pdf", scanned_pages(PAGES), "application/pdf")},
            timeout=60,
        )
        assert response.status_code == 202, response.text
        doc_id = response.json()["document_id"]

        def document() -> dict:
            r = httpx.get(f"{api.url}/api/documents/{doc_id}", headers=headers, timeout=30)
            assert r.status_code == 200, r.text
            return r.json()

        last: dict = {}

        def reading(after_restart: bool) -> bool:
            nonlocal last
            last = document()
            started = last["status"] == "processing" and (last["pages_done"] or 0) >= 1
            return started and (not after_restart or last["retry_count"] == 1)

        wait_until(lambda: reading(False), 120, lambda: f"OCR never got going: {last}")
        assert last["pages_done"] < PAGES, "the document was read before the API could be killed"
        api.kill()  # the API and its OCR workers, mid-document

        api.start()  # same host, same data dir: as `make run` brings it back
        # Taken over at once (well inside the 5-minute lease): the card shows the recovery
        # (back in the queue, one retry counted) and then pages moving again.
        wait_until(lambda: reading(True), 60, lambda: f"the document did not carry on: {last}")
        assert "taken over at once" in api.log_text()
        wait_until(
            lambda: document()["status"] == "ocr_complete", 300, "the document never finished"
        )
    finally:
        api.stop()
