"""The watched folder with the real API process (`python -m app`): a file written slowly
becomes one document and moves to `.done/<date>/`; a text file named `.pdf` moves to
`.refused/` with its reason; files dropped while the API was down are taken at start; two API
processes on one database make one document per file."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess, remove_data_dir
from tests.waiting import wait_until

FOLDER_ENV = {"INBOX_SETTLE_S": "1.5", "INBOX_RESCAN_S": "2"}


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = traversable_tmpdir("docstream-inbox-")
    yield path
    remove_data_dir(path)


def _api(data_dir: Path, inbox: Path, owner: str, dsn: str) -> ApiProcess:
    return ApiProcess(
        data_dir,
        free_port(),
        DATABASE_URL=dsn,
        INBOX_DIR=str(inbox),
        INBOX_OWNER=owner,
        **FOLDER_ENV,
    )


def _documents(api: ApiProcess, owner: str) -> list[dict]:
    token = httpx.post(f"{api.url}/api/auth/local-token", json={"email": owner}).json()[
        "access_token"
    ]
    response = httpx.get(
        f"{api.url}/api/documents?limit=200", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return response.json()["documents"]


def _done(inbox: Path) -> list[Path]:
    return sorted(p for p in (inbox / ".done").rglob("*") if p.is_file())


def _pdf(n: int) -> bytes:
    return files.text_pdf([[f"Scanner page {n}", f"Reference INBOX-{n}-{uuid.uuid4().hex[:6]}"]])


def test_a_slow_copy_is_one_document_and_a_disguised_text_file_is_refused(data_dir, pg_dsn):
    inbox = data_dir / "inbox"
    owner = f"scanner-{uuid.uuid4().hex[:8]}@example.com"
    api = _api(data_dir, inbox, owner, pg_dsn)
    api.start()
    try:
        wait_until(inbox.is_dir, 30, "the API makes the inbox folder")
        # A temporary name a scanner or Office writes first is never taken.
        (inbox / "~$draft.pdf").write_bytes(_pdf(0))
        (inbox / "scan.pdf.part").write_bytes(_pdf(0))

        # ~3 MB in 64 KB pieces over 3 s: a PDF with padding after its end, as a slow scanner
        # or an SMB copy shows it, growing.
        content = _pdf(1) + b"\n%" + b"p" * (3 * 1024 * 1024) + b"\n"
        target = inbox / "office" / "2026" / "slow scan.pdf"
        target.parent.mkdir(parents=True)
        pieces = [content[i : i + 65536] for i in range(0, len(content), 65536)]
        with target.open("wb") as f:
            for piece in pieces:
                f.write(piece)
                f.flush()
                time.sleep(3 / len(pieces))

        (inbox / "notes.pdf").write_bytes(b"Just some notes, not a PDF at all.\n" * 20)

        today = dt.date.today().isoformat()
        moved = inbox / ".done" / today / "office" / "2026" / "slow scan.pdf"
        wait_until(moved.exists, 60, lambda: f"the file lands in .done: {_done(inbox)}")
        assert moved.read_bytes() == content and not target.exists()
        refused = inbox / ".refused" / "notes.pdf"
        reason = inbox / ".refused" / "notes.pdf.reason.txt"
        wait_until(reason.exists, 60, "the text file is refused with its reason")
        assert refused.exists() and not (inbox / "notes.pdf").exists()
        assert "Unsupported file type" in reason.read_text()
        assert "PDF" in reason.read_text()

        docs = _documents(api, owner)
        assert [(d["filename"], d["file_size_bytes"]) for d in docs] == [
            ("slow scan.pdf", len(content))
        ]
        # The temporary names were left alone.
        assert (inbox / "~$draft.pdf").exists() and (inbox / "scan.pdf.part").exists()
        # A finished .part renamed to its real name is taken.
        (inbox / "scan.pdf.part").rename(inbox / "scan.pdf")
        wait_until(lambda: (inbox / ".done" / today / "scan.pdf").exists(), 60, "the renamed scan")
        assert sorted(d["filename"] for d in _documents(api, owner)) == [
            "scan.pdf",
            "slow scan.pdf",
        ]
    finally:
        api.stop()


def test_files_dropped_while_down_are_taken_at_start_by_one_of_two_processes(data_dir, pg_dsn):
    inbox = data_dir / "inbox"
    owner = f"restart-{uuid.uuid4().hex[:8]}@example.com"
    first = _api(data_dir, inbox, owner, pg_dsn)
    first.start()
    first.stop()
    # Dropped while no API runs.
    contents = {f"batch-{n}.pdf": _pdf(n) for n in range(6)}
    for name, data in contents.items():
        (inbox / name).write_bytes(data)

    second = _api(data_dir, inbox, owner, pg_dsn)
    first.start()
    second.start()
    try:
        wait_until(
            lambda: len(_done(inbox)) >= len(contents),
            90,
            lambda: f"every dropped file is taken: {_done(inbox)}",
        )
        # More files while both processes watch.
        for n in range(6, 10):
            name = f"batch-{n}.pdf"
            contents[name] = _pdf(n)
            (inbox / name).write_bytes(contents[name])
        wait_until(
            lambda: len(_done(inbox)) >= len(contents),
            90,
            lambda: f"every file is taken: {_done(inbox)}",
        )
        done = _done(inbox)
        assert sorted(p.name for p in done) == sorted(contents)  # none twice ("name (2).pdf")
        docs = _documents(first, owner)
        assert sorted(d["filename"] for d in docs) == sorted(contents)
        assert [p.name for p in inbox.iterdir() if p.is_file()] == []
        logs = first.log_text() + second.log_text()
        assert logs.count("took batch-") == len(contents)
    finally:
        first.stop()
        second.stop()
