"""Issue 27, round two: one user's cheap requests must not cost the server much more than they
look. Against the real API process (`python -m app`) on loopback:

- re-uploads of the same file share its stored file and OCR result (no disk amplification);
- a small PDF drawing the same text many times is stored within the text budget, says so,
  and reading its text does not stall anybody (health answers quickly meanwhile);
- one user's backlog of slow scans does not hold another user's one-page scan (fair OCR
  admission).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import BACKEND, ApiProcess

PER_PAGE = 20_000
PER_DOCUMENT = 200_000


def _start(pg_dsn: str, prefix: str, **env: str) -> Iterator[ApiProcess]:
    data_dir = traversable_tmpdir(prefix)
    process = ApiProcess(
        data_dir,
        free_port(),
        DATABASE_URL=pg_dsn,
        LEASE_TTL_S="30",
        RECOVERY_INTERVAL_S="3600",
        **env,
    )
    try:
        process.start()
        yield process
    finally:
        process.stop()
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def api(pg_dsn: str) -> Iterator[ApiProcess]:
    yield from _start(
        pg_dsn,
        "docstream-amplification-",
        OCR_MAX_CHARS_PER_PAGE=str(PER_PAGE),
        OCR_MAX_CHARS_PER_DOCUMENT=str(PER_DOCUMENT),
    )


def sign_in(api: ApiProcess) -> dict[str, str]:
    r = httpx.post(
        f"{api.url}/api/auth/local-token", json={"email": f"amp-{uuid.uuid4().hex[:8]}@example.com"}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def upload(api: ApiProcess, headers: dict[str, str], content: bytes, name: str, mime: str) -> dict:
    r = httpx.post(
        f"{api.url}/api/document/upload",
        headers=headers,
        files={"file": (name, content, mime)},
        timeout=60,
    )
    assert r.status_code == 202, r.text
    return r.json()


def settle(
    api: ApiProcess, headers: dict[str, str], doc_id: str, timeout: float = 300, poll: float = 0.2
) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        doc = httpx.get(f"{api.url}/api/documents/{doc_id}", headers=headers, timeout=30).json()
        if doc["status"] in ("ocr_complete", "failed"):
            return doc
        if time.monotonic() > deadline:
            raise AssertionError(f"{doc_id} did not settle in {timeout}s: {doc}")
        time.sleep(poll)


def _files_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _database_bytes(dsn: str) -> int:
    async def size() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("checkpoint")  # pending writes reach the relation files
            return int(await conn.fetchval("select pg_database_size(current_database())"))
        finally:
            await conn.close()

    return asyncio.run(size())


def test_ten_re_uploads_of_a_3_mb_pdf_add_less_than_one_copy(api: ApiProcess, pg_dsn: str) -> None:
    headers = sign_in(api)
    content = files.padded_pdf(["Annual report of the allotment society, 2026."], 3 * 1024**2)
    first = upload(api, headers, content, "report.pdf", "application/pdf")
    assert settle(api, headers, first["document_id"])["status"] == "ocr_complete"
    thumb = httpx.get(f"{api.url}/api/documents/{first['document_id']}/thumbnail", headers=headers)
    assert thumb.status_code == 200
    storage = api.data_dir / "files"
    before = _files_bytes(storage) + _database_bytes(pg_dsn)
    copies = [
        upload(api, headers, content, f"report ({i}).pdf", "application/pdf") for i in range(10)
    ]
    assert all(c["duplicate_of"] == first["document_id"] for c in copies)
    for c in copies:  # each is readable at once, from the shared content
        doc = settle(api, headers, c["document_id"])
        assert "allotment society" in doc["ocr"]["text"]
    grown = _files_bytes(storage) + _database_bytes(pg_dsn) - before
    print(f"10 re-uploads of {len(content)} bytes grew files + database by {grown} bytes")
    assert grown < len(content)


@pytest.mark.timeout(300)
def test_a_text_amplifying_pdf_is_cut_to_the_budget_and_reading_it_stalls_nobody(
    api: ApiProcess,
) -> None:
    headers = sign_in(api)
    content = files.repeated_text_pdf()
    assert len(content) < 64 * 1024  # a few KB that draw ~1.8 million characters
    doc = settle(
        api, headers, upload(api, headers, content, "amp.pdf", "application/pdf")["document_id"]
    )
    assert doc["status"] == "ocr_complete", doc
    assert doc["text_truncated"] is True
    assert doc["ocr"]["total_chars"] <= PER_DOCUMENT
    assert len(doc["ocr"]["text"]) <= 100_000  # the detail embeds an excerpt only
    url = f"{api.url}/api/documents/{doc['id']}/text"
    whole = httpx.get(url, headers=headers, params={"format": "markdown"}, timeout=60)
    assert whole.status_code == 200
    assert PER_DOCUMENT // 2 < len(whole.text) <= PER_DOCUMENT + 1
    assert all(len(page) <= PER_PAGE for page in whole.text.split("\n\n---\n\n"))

    deadline = time.monotonic() + 150  # let the metadata run (worker pool) finish first
    while doc["metadata_status"] not in ("complete", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        doc = httpx.get(f"{api.url}/api/documents/{doc['id']}", headers=headers).json()
    quiet_p99 = _p99(_health_latencies(api, 100))
    # Four readers at once (plain text: the conversion runs too), reading again and again in a
    # process of their own (`_load`) while health is polled.
    spec = {
        "url": url,
        "headers": headers,
        "params": {"format": "text"},
        "concurrency": 4,
        "check": "chars",
        "expect": PER_DOCUMENT // 4,
    }
    with _load(spec) as readers:
        latencies = _health_latencies(api, HEALTH_POLLS)
    assert readers["reads"] >= 4 and not readers["failures"], readers
    p99 = _p99(latencies)
    print(
        f"health during 4 concurrent text reads ({readers['reads']} reads): {len(latencies)} "
        f"polls, median {latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms (quiet p99 {quiet_p99 * 1000:.0f} ms)"
    )
    assert p99 < HEALTH_P99_S  # issue 27's line; before the fix one read held the loop for seconds


def _user_id(headers: dict[str, str]) -> str:
    import base64

    payload = headers["Authorization"].split()[1].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]


@pytest.mark.timeout(300)
def test_eight_exports_of_ten_thousand_rows_at_once_do_not_stall_health(
    api: ApiProcess, pg_dsn: str
) -> None:
    headers = sign_in(api)
    user_id = _user_id(headers)

    async def fill() -> None:
        conn = await asyncpg.connect(pg_dsn)
        try:
            await conn.execute(
                """insert into documents (user_id, filename, file_path, mime_type,
                                          file_size_bytes, sha256, status, page_count, tags,
                                          summary)
                   select $1::uuid, 'row-' || i || '.pdf', $1::text || '/x/row.pdf', 'application/pdf',
                          1000 + i, md5(i::text) || md5($1::text), 'ocr_complete', 1,
                          array['export', 'row'], 'A summary, with "quotes" and a comma.'
                   from generate_series(1, 10000) i""",
                uuid.UUID(user_id),
            )
        finally:
            await conn.close()

    asyncio.run(fill())
    # The API reads the 10,000 rows' change notifications in one burst (seconds on a loaded
    # machine; uploads never come 10,000 in one statement): it is over once health answers.
    _health_latencies(api, 1)
    quiet_p99 = _p99(_health_latencies(api, 100))
    url = f"{api.url}/api/documents/export"
    csv = {"params": {"format": "csv"}, "check": "csv_lines", "expect": 10_001}
    json_ = {"params": {"format": "json"}, "check": "json_documents", "expect": 10_000}
    common = {"url": url, "headers": headers, "concurrency": 4}
    # Eight exports at once, again and again (half CSV, half JSON), while health is polled.
    with _load({**common, **csv}) as csvs, _load({**common, **json_}) as jsons:
        latencies = _health_latencies(api, HEALTH_POLLS)
    for exports in (csvs, jsons):
        assert exports["reads"] >= 4 and not exports["failures"], exports
    p99 = _p99(latencies)
    lag = httpx.get(f"{api.url}/api/health").json()["event_loop_lag"]  # the last minute's
    print(
        f"health during 8 exports of 10,000 rows ({csvs['reads']} CSV, {jsons['reads']} JSON): "
        f"{len(latencies)} polls, p99 {p99 * 1000:.0f} ms (quiet p99 {quiet_p99 * 1000:.0f} ms), "
        f"max {max(latencies) * 1000:.0f} ms; event-loop lag p99 {lag['p99_ms']} ms, "
        f"max {lag['max_ms']} ms"
    )
    # Issue 27: eight exports stalled health for 3.6 s. It promises no figure for exports, and
    # the text reads' flat 100 ms is not one they keep on a loaded 2-core machine: measured at
    # load 8 to 9, p99 99, 101 and 132 ms (quiet p99 39, 9, 49 ms): eight 6 MB answers at once
    # take the CPU the poller and the server need. What they may add to health's p99 is held
    # to 100 ms (with the lane and the switch interval alone it was 265 ms over a quiet 6 ms).
    assert p99 < HEALTH_P99_S + quiet_p99


# Health's p99 while one user's big reads run (issue 27's line for the text reads), over
# enough polls that the p99 is the sixth-slowest answer, not the maximum.
HEALTH_P99_S = 0.100
HEALTH_POLLS = 500


@contextmanager
def _load(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Concurrent readers (`tests/system/hammer.py`, a process of their own) reading for the
    body of the `with`; once it ends they stop, and their summary ({"reads", "failures"}) is
    filled in. The readers are running (an answer is in) before the body starts."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.system.hammer", json.dumps(spec)],
        cwd=BACKEND,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    summary: dict[str, Any] = {}
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "reading", "the readers got no answer"
        yield summary
    finally:
        try:
            out, _ = process.communicate(input="", timeout=300)  # closing stdin stops them
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    summary.update(json.loads(out.strip().splitlines()[-1]))


def _health_latencies(api: ApiProcess, polls: int) -> list[float]:
    found = []
    with httpx.Client(timeout=30) as c:
        for _ in range(polls):
            started = time.perf_counter()
            assert c.get(f"{api.url}/api/health").status_code == 200
            found.append(time.perf_counter() - started)
            time.sleep(0.01)
    return sorted(found)


def _p99(latencies: list[float]) -> float:
    return sorted(latencies)[min(len(latencies) - 1, int(len(latencies) * 0.99))]


@pytest.fixture(scope="module")
def fair_api(pg_dsn: str) -> Iterator[ApiProcess]:
    yield from _start(
        pg_dsn, "docstream-fair-ocr-", OCR_DOCUMENTS_IN_FLIGHT="2", OCR_CONCURRENCY="2"
    )


def _time_to_complete(api: ApiProcess, headers: dict[str, str], content: bytes) -> float:
    started = time.monotonic()
    doc = upload(api, headers, content, "scan.png", "image/png")
    done = settle(api, headers, doc["document_id"], poll=0.05)
    assert done["status"] == "ocr_complete", done
    return time.monotonic() - started


def _page(label: str) -> bytes:
    """A one-page A4 scan at 200 dpi with 22 lines of text."""
    lines = [f"Parking permit renewal ({label}), line {n}: signed and dated." for n in range(22)]
    return files.scan_image(lines, size=(1700, 2200))


@pytest.mark.timeout(400)
def test_one_users_backlog_of_slow_scans_does_not_hold_another_users_first_page(
    fair_api: ApiProcess,
) -> None:
    api = fair_api
    other = sign_in(api)
    _time_to_complete(api, other, _page("warming up the workers"))
    # Medians of three on each side, of a full page (a few tenths of a second of a line alone
    # is mostly fixed costs and a neighbour's jitter; a page is what a person scans).
    idle = statistics.median(_time_to_complete(api, other, _page(f"idle {i}")) for i in range(3))

    heavy = sign_in(api)
    tiffs = files.scanned_tiffs(["Minutes of the meeting", "of the allotment society"], 300, 8)
    backlog = [
        upload(api, heavy, tiff, f"minutes-{i}.tiff", "image/tiff")["document_id"]
        for i, tiff in enumerate(tiffs)
    ]
    # The backlog holds every OCR slot (and has more waiting) before the other user uploads.
    deadline = time.monotonic() + 120
    while True:
        statuses = [
            httpx.get(f"{api.url}/api/documents/{d}", headers=heavy).json()["status"]
            for d in backlog
        ]
        if statuses.count("processing") >= 2:
            break
        assert time.monotonic() < deadline, statuses
        time.sleep(0.1)
    busy = statistics.median(_time_to_complete(api, other, _page(f"busy {i}")) for i in range(3))
    statuses = [
        httpx.get(f"{api.url}/api/documents/{d}", headers=heavy).json()["status"] for d in backlog
    ]
    # 2,400 pages of backlog would keep the workers busy for an hour: deleting the documents
    # ends their runs (each stops at its next page, its job gone).
    for d in backlog:
        assert httpx.delete(f"{api.url}/api/documents/{d}", headers=heavy).status_code == 204
    print(f"one-page scan: {idle:.2f}s idle, {busy:.2f}s behind 8 x 300-frame TIFFs ({statuses})")
    assert "uploading" in statuses  # the backlog was still waiting: the scan did not wait for it
    assert busy < 3 * idle
