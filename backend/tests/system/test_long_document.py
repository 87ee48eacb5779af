"""A long scan survives a SIGKILL of the API: the restarted process resumes where the killed one
stopped, and no finished page is read again. Real API processes on one data directory, the real
local engine, a 40-page scan; asserted from the job and page records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess, remove_data_dir
from tests.system.test_crash_recovery import connect, sign_in, wait_all_settled
from tests.waiting import wait_until

PAGES = 40
AT_KILL = 8  # pages stored before the kill: a fifth in, the rest still to read
IN_FLIGHT = 2  # OCR_PAGES_IN_FLIGHT: the pages of one document a kill can catch mid-read


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = traversable_tmpdir("docstream-long-")
    yield path
    remove_data_dir(path)


def pages_done(url: str, headers: dict[str, str], doc_id: str) -> int:
    doc = httpx.get(f"{url}/api/documents/{doc_id}", headers=headers, timeout=30).json()
    return int(doc["pages_done"] or 0) if doc["status"] == "processing" else 0


def upload_scan(url: str, headers: dict[str, str]) -> str:
    r = httpx.post(
        f"{url}/api/document/upload",
        headers=headers,
        files={"file": ("long.pdf", files.scanned_pages_pdf(PAGES), "application/pdf")},
        timeout=60,
    )
    assert r.status_code == 202, r.text
    return str(r.json()["document_id"])


# The waits inside bound this test; pytest's default 120 s would stop a run that is only slow
# (OCR at nice 19 gets a sliver of a core on a loaded machine: docs/architecture.md).
@pytest.mark.timeout(900)
async def test_sigkill_midway_through_a_40_page_scan_resumes_without_rereading(data_dir):
    api = ApiProcess(data_dir, free_port(), OCR_PAGES_IN_FLIGHT=str(IN_FLIGHT))
    api.start()
    try:
        headers = sign_in(api.url)
        doc_id = upload_scan(api.url, headers)
        wait_until(
            lambda: pages_done(api.url, headers, doc_id) >= AT_KILL,
            300,
            f"the scan did not get {AT_KILL} pages in",
        )
        api.kill()

        conn = await connect(data_dir)
        try:
            first_job = await conn.fetchval(
                "select id from document_jobs where document_id = $1 and kind = 'ocr' "
                "order by attempt limit 1",
                doc_id,
            )
            at_kill = await conn.fetchval(
                "select count(*) from ocr_pages where document_id = $1", doc_id
            )
        finally:
            await conn.close()
        assert AT_KILL <= at_kill < PAGES

        api.start()  # same data dir: the sweeper takes the dead process's run over
        [doc] = wait_all_settled(api.url, headers, [doc_id], timeout=600)
        assert doc["status"] == "ocr_complete" and doc["page_count"] == PAGES, doc
        assert doc["retry_count"] >= 1  # really interrupted and resumed
    finally:
        api.stop()

    conn = await connect(data_dir)
    try:
        pages = await conn.fetch(
            "select page_index, reads, job_id from ocr_pages where document_id = $1 "
            "order by page_index",
            doc_id,
        )
        runs = await conn.fetch(
            "select id, state from document_jobs where document_id = $1 and kind = 'ocr' "
            "order by attempt",
            doc_id,
        )
        usage = json.loads(
            await conn.fetchval("select usage_info from ocr_results where document_id = $1", doc_id)
        )
        text = await conn.fetchval("select text from ocr_results where document_id = $1", doc_id)
    finally:
        await conn.close()
    assert [p["page_index"] for p in pages] == list(range(PAGES))
    # No stored page was ever written twice; the pages stored before the kill are the first
    # run's, and the run that finished read only the rest.
    assert all(p["reads"] == 1 for p in pages), [p["reads"] for p in pages]
    by_first = sum(1 for p in pages if p["job_id"] == first_job)
    assert by_first == at_kill
    assert runs[0]["id"] == first_job and runs[-1]["state"] == "succeeded"
    # The run that finished read exactly the pages not stored at the kill: pages read twice
    # are only those in flight at the kill (read, never stored), at most IN_FLIGHT.
    assert usage["pages_read_now"] == PAGES - at_kill
    for i in range(PAGES):
        assert files.PAGE_WORDS[i] in text.lower(), f"page {i + 1} missing"
