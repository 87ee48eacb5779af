"""No one user can take the service down: hostile files and hostile connections against the
real API process (`python -m app`), on loopback, with small budgets so it all stays quick.

Each test is what an attacker with an account (or just a socket) could do, and what everybody
else must still see: their documents processed, health answering, nothing left running.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import resource
import selectors
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess

CPU_BUDGET_S = 4
EVENT_STREAMS = 2
MAX_REQUESTS = 8
HEADER_TIMEOUT_S = 2
BODY_TIMEOUT_S = 2


@pytest.fixture(scope="module")
def api(pg_dsn: str) -> Iterator[ApiProcess]:
    data_dir = traversable_tmpdir("docstream-adversarial-")
    process = ApiProcess(
        data_dir,
        free_port(),
        DATABASE_URL=pg_dsn,
        OCR_TASK_CPU_S=str(CPU_BUDGET_S),
        OCR_TASK_TIMEOUT_S="120",
        OCR_TIMEOUT_S="300",
        LEASE_TTL_S="30",
        RECOVERY_INTERVAL_S="3600",
        EVENT_STREAMS_PER_USER=str(EVENT_STREAMS),
        HTTP_MAX_REQUESTS=str(MAX_REQUESTS),
        HTTP_HEADER_TIMEOUT_S=str(HEADER_TIMEOUT_S),
        HTTP_BODY_TIMEOUT_S=str(BODY_TIMEOUT_S),
    )
    # Started with the common soft limit of 1,024 open files: the API must raise it itself.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
    try:
        process.start()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        yield process
    finally:
        process.stop()
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


def sign_in(api: ApiProcess) -> dict[str, str]:
    r = httpx.post(
        f"{api.url}/api/auth/local-token", json={"email": f"adv-{uuid.uuid4().hex[:8]}@example.com"}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def upload(api: ApiProcess, headers: dict[str, str], content: bytes, name: str, mime: str) -> str:
    r = httpx.post(
        f"{api.url}/api/document/upload",
        headers=headers,
        files={"file": (name, content, mime)},
        timeout=30,
    )
    assert r.status_code == 202, r.text
    return r.json()["document_id"]


def settle(api: ApiProcess, headers: dict[str, str], doc_id: str, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        doc = httpx.get(f"{api.url}/api/documents/{doc_id}", headers=headers, timeout=10).json()
        if doc["status"] in ("ocr_complete", "failed"):
            return doc
        if time.monotonic() > deadline:
            raise AssertionError(f"{doc_id} did not settle in {timeout}s: {doc}")
        time.sleep(0.2)


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (workers are grandchildren, via the forkserver)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def event_at(api: ApiProcess, headers: dict[str, str], doc_id: str, event: str) -> dt.datetime:
    """When the document's timeline recorded `event` (the database's clock)."""
    timeline = httpx.get(f"{api.url}/api/documents/{doc_id}/events", headers=headers).json()
    return next(dt.datetime.fromisoformat(e["at"]) for e in timeline if e["event"] == event)


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def test_hostile_pdfs_fail_within_budget_and_another_users_scan_completes(api: ApiProcess) -> None:
    attacker, victim = sign_in(api), sign_in(api)
    before = set(descendants(api.proc.pid))
    # Two pages that each eat a whole CPU budget: one for each regular worker (OCR_CONCURRENCY=2).
    nested = [
        upload(api, attacker, files.nested_xobject_pdf(), f"nested-{i}.pdf", "application/pdf")
        for i in range(2)
    ]
    thin = upload(api, attacker, files.thin_tall_pdf(), "thin.pdf", "application/pdf")
    scan = upload(api, victim, files.scan_image(files.SCAN_LINES), "scan.png", "image/png")

    done = settle(api, victim, scan)
    assert done["status"] == "ocr_complete", done
    text = httpx.get(f"{api.url}/api/documents/{scan}", headers=victim).json()["ocr"]["text"]
    assert "Acme Widgets" in text

    for doc_id in nested:
        failed = settle(api, attacker, doc_id)
        assert failed["status"] == "failed"
        # Over the CPU budget (SIGXCPU) or, on a faster machine, the memory budget first.
        assert (
            f"more than the {CPU_BUDGET_S} seconds of processing time" in failed["error_message"]
            or "MB of memory" in failed["error_message"]
        ), failed["error_message"]
        # The other user did not wait for the attacker's budgets to run out: their page went
        # to the spare worker while both regular ones were busy with hostile pages.
        assert event_at(api, victim, scan, "ocr_complete") < event_at(
            api, attacker, doc_id, "failed"
        )
    thin_doc = settle(api, attacker, thin)
    assert thin_doc["status"] == "failed" and "too thin" in thin_doc["error_message"]

    # The runaway worker was killed (not abandoned) and replaced; nothing below the API has
    # spent more CPU than one task's budget allows.
    assert "replaced" in api.log_text()
    after = descendants(api.proc.pid)
    assert before - set(after), "the worker that ran the hostile page is still alive"
    runaway = {p: cpu_seconds(p) for p in after if cpu_seconds(p) > CPU_BUDGET_S * 3 + 5}
    assert not runaway, f"processes kept running: {runaway}"


def test_thumbnail_of_a_thin_tall_page_is_a_cached_422_in_little_memory(api: ApiProcess) -> None:
    user = sign_in(api)
    doc_id = upload(api, user, files.thin_tall_pdf(), "thin.pdf", "application/pdf")
    for _ in range(2):  # the second answer comes from the cached failure
        r = httpx.get(f"{api.url}/api/documents/{doc_id}/thumbnail", headers=user, timeout=60)
        assert r.status_code == 422, r.text
        assert "too thin" in r.json()["detail"]
    assert api.log_text().count(f"[{doc_id}] no thumbnail") == 1
    peaks = {p: peak_rss_mb(p) for p in descendants(api.proc.pid)}
    assert peaks and max(peaks.values()) < 300, peaks


def test_a_pdf_with_a_5000_level_page_tree_is_unsupported_content_and_its_thumbnail_422(
    api: ApiProcess,
) -> None:
    """Issue 27: it failed as `internal`, and its thumbnail answered 500 on every request."""
    headers = sign_in(api)
    doc_id = upload(api, headers, files.deep_page_tree_pdf(), "deep.pdf", "application/pdf")
    doc = settle(api, headers, doc_id)
    assert doc["status"] == "failed" and doc["error_code"] == "unsupported_content", doc
    assert "nested too deeply" in doc["error_message"]
    for _ in range(2):  # the first render, then the remembered answer
        thumb = httpx.get(f"{api.url}/api/documents/{doc_id}/thumbnail", headers=headers)
        assert thumb.status_code == 422, thumb.text
        assert "cannot be opened" in thumb.json()["detail"]


def test_a_tiff_with_a_huge_second_frame_fails_with_the_pixel_limit(api: ApiProcess) -> None:
    user = sign_in(api)
    tiff = files.multi_frame_tiff([(200, 100), (20_000, 20_000)])
    doc = settle(api, user, upload(api, user, tiff, "two.tiff", "image/tiff"))
    assert doc["status"] == "failed"
    assert doc["error_message"].startswith(
        "Page 2 of this image is 20000×20000 pixels; the limit is"
    )


def _raise_open_files(need: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, need), hard))


def test_half_open_connections_neither_exhaust_the_server_nor_stay_open(api: ApiProcess) -> None:
    _raise_open_files(4096)
    sockets: list[socket.socket] = []
    try:
        for _ in range(1100):  # from another address than the health check (per-address cap)
            s = socket.create_connection(
                ("127.0.0.1", api.port), timeout=10, source_address=("127.0.0.2", 0)
            )
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            sockets.append(s)
        health = httpx.get(f"{api.url}/api/health", timeout=10)
        assert health.status_code == 200, health.text

        # Every half-sent request is cut off by the server (EOF), not kept forever.
        selector = selectors.DefaultSelector()
        for s in sockets:
            s.setblocking(False)
            selector.register(s, selectors.EVENT_READ)
        open_ones = set(sockets)
        deadline = time.monotonic() + HEADER_TIMEOUT_S + 60
        while open_ones and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=1):
                sock = key.fileobj
                try:
                    data = sock.recv(4096)
                except ConnectionError:
                    data = b""
                if not data:
                    selector.unregister(sock)
                    open_ones.discard(sock)
        selector.close()
        assert not open_ones, f"{len(open_ones)} slow connections were never closed"
    finally:
        for s in sockets:
            s.close()
    assert "no complete request headers" in api.log_text()
    open_files = int(re.search(r"connections \(open files (\d+)\)", api.log_text()).group(1))
    assert open_files > 1100  # raised at start-up from the 1,024 it was started with


def test_a_slow_body_is_cut_off_with_408(api: ApiProcess) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=30) as s:
        s.sendall(
            b"POST /api/auth/local-token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email"'
        )
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408"), answer


def test_oversized_headers_and_json_bodies_are_refused(api: ApiProcess) -> None:
    big = httpx.post(
        f"{api.url}/api/auth/local-token", json={"email": "a@b.c", "pad": "x" * 200_000}
    )
    assert big.status_code == 413, big.text
    with socket.create_connection(("127.0.0.1", api.port), timeout=30) as s:
        s.sendall(
            b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"x" * 100_000 + b"\r\n\r\n"
        )
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 431"), answer


def test_requests_over_the_cap_get_503_with_retry_after_but_health_answers(api: ApiProcess) -> None:
    held = []
    try:
        for _ in range(MAX_REQUESTS):  # in flight: headers sent, body still to come
            s = socket.create_connection(("127.0.0.1", api.port), timeout=30)
            s.sendall(
                b"POST /api/auth/local-token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 50\r\n\r\n"
            )
            held.append(s)
        deadline = time.monotonic() + 10
        while True:
            busy = httpx.get(f"{api.url}/api/documents", timeout=10)
            if busy.status_code == 503 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert busy.status_code == 503 and busy.headers["retry-after"], busy.text
        # Health is never refused: it answers, and says the process is saturated.
        health = httpx.get(f"{api.url}/api/health", timeout=10)
        assert health.status_code == 503, health.text
        assert health.json()["status"] == "unavailable" and health.json()["database"] == "ok"
    finally:
        for s in held:
            s.close()


def test_one_user_holds_a_bounded_number_of_event_streams(api: ApiProcess) -> None:
    user = sign_in(api)
    token = user["Authorization"].split()[1]
    with httpx.Client(base_url=api.url, timeout=30) as client:
        streams = [
            client.stream("GET", "/api/documents/events", params={"access_token": token})
            for _ in range(EVENT_STREAMS)
        ]
        opened = [s.__enter__() for s in streams]
        try:
            assert all(r.status_code == 200 for r in opened)
            extra = client.get("/api/documents/events", headers=user)
            assert extra.status_code == 429 and extra.headers["retry-after"], extra.text
        finally:
            for s in streams:
                s.__exit__(None, None, None)
    # The token went through the query string; the access log must not keep it.
    deadline = time.monotonic() + 10
    while (
        "/api/documents/events?access_token=" not in api.log_text() and time.monotonic() < deadline
    ):
        time.sleep(0.1)
    assert "access_token=[redacted]" in api.log_text()
    assert token not in api.log_text()


def test_local_sign_in_with_a_foreign_host_is_refused(api: ApiProcess) -> None:
    r = httpx.post(
        f"{api.url}/api/auth/local-token",
        json={"email": "x@example.com"},
        headers={"Host": "evil.example"},
    )
    assert r.status_code == 400, r.text
    assert (
        httpx.post(
            f"{api.url}/api/auth/local-token",
            json={"email": "x@example.com"},
            headers={"Host": f"localhost:{api.port}"},
        ).status_code
        == 200
    )
