"""accept_upload when storage or the database fails: no 202, no orphan file, no orphan row.

The file is stored while the row is recorded (the two disk waits overlap): these tests also
pin that the 202 waits for both, and that whichever fails, the other is undone."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.api import multipart as multipart_api
from app.auth import AuthUser
from app.errors import QuotaExceededError, ServiceUnavailableError
from app.services import uploads
from app.services.uploads import accept_upload, check_quota
from tests import files
from tests.pipeline.helpers import create_user


def multipart(content: bytes, filename: str = "doc.pdf") -> tuple[list[bytes], str]:
    body = (
        b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="'
        + filename.encode()
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + content
        + b"\r\n--b0undary--\r\n"
    )
    return [
        body[i : i + 1000] for i in range(0, len(body), 1000)
    ], "multipart/form-data; boundary=b0undary"


async def stream(chunks: list[bytes]):
    for chunk in chunks:
        yield chunk


async def accept(runtime, pipeline, user: AuthUser, chunks: list[bytes], ctype: str):
    """What the upload handler does: the early quota check, the body received, then the
    service."""
    await check_quota(runtime, user)
    received = await multipart_api.receive_file(
        stream(chunks),
        ctype,
        None,
        runtime.settings.data_dir / "tmp",
        runtime.settings.max_upload_bytes,
    )
    return await accept_upload(runtime, pipeline.dispatcher, user, received)


class BrokenStorage:
    name = "broken"

    def __init__(self, inner) -> None:
        self.inner = inner

    async def save(self, path: str, source: Path, content_type: str) -> None:
        raise OSError("disk on fire")

    def __getattr__(self, name):
        return getattr(self.inner, name)


@contextmanager
def storage(rt, replacement):
    real, rt.storage = rt.storage, replacement
    try:
        yield
    finally:
        rt.storage = real


def stored_files(rt) -> list[Path]:
    return [p for p in rt.storage.root.rglob("*") if p.is_file()]


async def test_storage_failure_is_503_and_records_nothing(runtime, db, pipeline):
    user = AuthUser(id=await create_user(db))
    chunks, ctype = multipart(files.bill_pdf())
    with (
        storage(runtime, BrokenStorage(runtime.storage)),
        pytest.raises(ServiceUnavailableError) as caught,
    ):
        await accept(runtime, pipeline, user, chunks, ctype)
    assert "could not be stored" in caught.value.detail
    assert await db.fetchval("select count(*) from documents where user_id = $1", user.id) == 0
    assert not list((runtime.settings.data_dir / "tmp").glob("*.part"))


class StorageFailingLate:
    """Storage that fails only after the record has committed: the row must be taken back."""

    name = "late"

    def __init__(self, inner, db, user_id: str) -> None:
        self.inner, self.db, self.user_id = inner, db, user_id
        self.saw_row = False

    async def save(self, path: str, source, content_type: str) -> None:
        for _ in range(200):
            if await self.db.fetchval(
                "select count(*) from documents where user_id = $1", self.user_id
            ):
                self.saw_row = True
                break
            await asyncio.sleep(0.01)
        raise OSError("disk on fire")

    def __getattr__(self, name):
        return getattr(self.inner, name)


async def test_a_file_that_fails_to_store_after_its_row_committed_takes_the_row_back(
    runtime, db, pipeline
):
    user = AuthUser(id=await create_user(db))
    late = StorageFailingLate(runtime.storage, db, user.id)
    chunks, ctype = multipart(files.bill_pdf())
    with storage(runtime, late), pytest.raises(ServiceUnavailableError) as caught:
        await accept(runtime, pipeline, user, chunks, ctype)
    assert late.saw_row  # the row was committed while the file was being stored
    assert "could not be stored" in caught.value.detail
    assert await db.fetchval("select count(*) from documents where user_id = $1", user.id) == 0
    assert (
        await db.fetchval(
            "select count(*) from document_jobs j join documents d on d.id = j.document_id"
            " where d.user_id = $1",
            user.id,
        )
        == 0
    )


async def test_a_row_that_cannot_be_taken_back_is_left_to_fail_as_file_missing(
    runtime, db, monkeypatch, caplog, pipeline
):
    """Storage failed and so did the delete: the row stays `uploading` with its OCR job leased
    to this process and never dispatched, so recovery runs it once the lease is out, and the
    document fails with file_missing (what the OCR job does with a missing file is tested in
    tests/pipeline). The upload itself is still refused."""
    user = AuthUser(id=await create_user(db))

    async def delete_fails(*_args):
        raise ConnectionError("database gone")

    monkeypatch.setattr(uploads.documents, "delete_for_user", delete_fails)
    chunks, ctype = multipart(files.bill_pdf())
    with (
        storage(runtime, StorageFailingLate(runtime.storage, db, user.id)),
        pytest.raises(ServiceUnavailableError),
    ):
        await accept(runtime, pipeline, user, chunks, ctype)
    assert "its row could not be removed" in caplog.text
    row = await db.fetchrow(
        "select d.id, d.status, j.lease_owner from documents d"
        " join document_jobs j on j.document_id = d.id where d.user_id = $1",
        user.id,
    )
    assert row["status"] == "uploading" and row["lease_owner"] == runtime.worker_id
    await db.execute("delete from documents where id = $1", row["id"])


class SlowStorage:
    """Real storage that takes its time: the acknowledgement must still wait for it."""

    name = "slow"

    def __init__(self, inner) -> None:
        self.inner = inner

    async def save(self, path: str, source, content_type: str) -> None:
        await asyncio.sleep(0.3)
        await self.inner.save(path, source, content_type)

    def __getattr__(self, name):
        return getattr(self.inner, name)


async def test_the_upload_returns_only_once_its_file_is_stored(runtime, db, pipeline):
    user = AuthUser(id=await create_user(db))
    content = files.bill_pdf()
    chunks, ctype = multipart(content)
    with storage(runtime, SlowStorage(runtime.storage)):
        doc, _job = await accept(runtime, pipeline, user, chunks, ctype)
    path = await db.fetchval("select file_path from documents where id = $1", doc.id)
    assert (runtime.storage.root / path).read_bytes() == content
    await db.execute("delete from documents where id = $1", doc.id)


async def test_failed_insert_removes_the_stored_file(runtime, db, pipeline):
    # A user id with no auth.users row: the insert violates the foreign key, after the file
    # has been stored. The file must not stay behind.
    # Only the ghost's own files are looked at: other tests' background jobs may be adding
    # thumbnails elsewhere in the same storage meanwhile.
    ghost = AuthUser(id=str(uuid.uuid4()))
    chunks, ctype = multipart(files.bill_pdf())
    with pytest.raises(ServiceUnavailableError) as caught:
        await accept(runtime, pipeline, ghost, chunks, ctype)
    assert "could not be recorded" in caught.value.detail
    assert not (runtime.storage.root / ghost.id).exists() or not stored_files_of(runtime, ghost.id)


async def test_a_good_upload_is_stored_and_recorded_before_returning(runtime, db, pipeline):
    user = AuthUser(id=await create_user(db))
    content = files.bill_pdf()
    chunks, ctype = multipart(content, "../../evil name.pdf")
    doc, job = await accept(runtime, pipeline, user, chunks, ctype)
    assert doc.status == "uploading" and doc.filename == "evil name.pdf"
    assert job.kind == "ocr" and job.state == "queued" and job.document_id == doc.id
    path = await db.fetchval("select file_path from documents where id = $1", doc.id)
    assert path == f"{user.id}/{doc.id}/evil_name.pdf"
    assert (runtime.storage.root / path).read_bytes() == content
    await db.execute("delete from documents where id = $1", doc.id)


async def test_an_insert_that_committed_but_reported_an_error_is_acknowledged(
    runtime, db, monkeypatch, pipeline
):
    """The connection broke after the commit: the upload is real and must not be deleted."""
    user = AuthUser(id=await create_user(db))
    real = uploads._record

    async def committed_then_lost(*args, **kwargs):
        await real(*args, **kwargs)
        raise ConnectionError("connection lost while reading the commit's answer")

    monkeypatch.setattr(uploads, "_record", committed_then_lost)
    chunks, ctype = multipart(files.bill_pdf())
    doc, job = await accept(runtime, pipeline, user, chunks, ctype)
    path = await db.fetchval("select file_path from documents where id = $1", doc.id)
    assert (runtime.storage.root / path).exists()
    assert job.document_id == doc.id
    await db.execute("delete from documents where id = $1", doc.id)


async def test_concurrent_uploads_take_exactly_the_slots_left(runtime, db, pipeline):
    user = AuthUser(id=await create_user(db))
    limit, runtime.settings.usage_limit_per_month = runtime.settings.usage_limit_per_month, 5
    try:

        async def one() -> object:
            chunks, ctype = multipart(files.bill_pdf())
            try:
                return await accept(runtime, pipeline, user, chunks, ctype)
            except QuotaExceededError as exc:
                return exc

        outcomes = await asyncio.gather(*(one() for _ in range(20)))
    finally:
        runtime.settings.usage_limit_per_month = limit
    accepted = [o for o in outcomes if not isinstance(o, QuotaExceededError)]
    assert len(accepted) == 5
    assert await db.fetchval("select count(*) from documents where user_id = $1", user.id) == 5
    stored = list((runtime.storage.root / user.id).rglob("*.pdf"))
    assert len(stored) == 5  # the refused ones left no file behind
    await db.execute("delete from documents where user_id = $1", user.id)


async def test_a_user_who_reaches_the_limit_meanwhile_is_refused_at_the_record(
    runtime, db, pipeline
):
    """The early check remembers "under the limit" for a while; the slot reservation with the
    commit is what enforces the limit, so the upload after the last slot is still a 403 and
    leaves neither a row nor a file."""
    user = AuthUser(id=await create_user(db))
    limit, runtime.settings.usage_limit_per_month = runtime.settings.usage_limit_per_month, 1
    try:
        chunks, ctype = multipart(files.bill_pdf())
        await accept(runtime, pipeline, user, chunks, ctype)  # the early check: under
        chunks, ctype = multipart(files.policy_pdf())
        with pytest.raises(QuotaExceededError):
            await accept(runtime, pipeline, user, chunks, ctype)
    finally:
        runtime.settings.usage_limit_per_month = limit
    assert await db.fetchval("select count(*) from documents where user_id = $1", user.id) == 1
    assert len(stored_files_of(runtime, user.id)) == 1
    await db.execute("delete from documents where user_id = $1", user.id)


async def test_a_body_larger_than_the_memory_buffer_is_stored_whole(
    runtime, db, monkeypatch, pipeline
):
    """Small uploads never touch a temporary file; larger ones spill to one. Both are stored
    byte for byte, and no temporary file is left."""
    monkeypatch.setattr(multipart_api, "FLUSH_BYTES", 4096)
    user = AuthUser(id=await create_user(db))
    content = files.bill_pdf() + b"%" + b"x" * 20_000 + b"\n"
    chunks, ctype = multipart(content, "big.pdf")
    doc, _ = await accept(runtime, pipeline, user, chunks, ctype)
    assert (runtime.storage.root / doc.file_path).read_bytes() == content
    assert not list((runtime.settings.data_dir / "tmp").glob("*.part"))
    await db.execute("delete from documents where user_id = $1", user.id)


def stored_files_of(rt, user_id: str) -> list[Path]:
    return [p for p in (rt.storage.root / user_id).rglob("*") if p.is_file()]


async def test_an_original_deleted_while_its_duplicate_is_recorded_makes_a_new_upload(
    runtime, db, monkeypatch, pipeline
):
    """The record finds a processed original of the same bytes, but it is deleted before the
    duplicate is written: the upload is recorded as a new one (an OCR job, a quota slot)."""
    user = AuthUser(id=await create_user(db))
    content = files.bill_pdf()
    chunks, ctype = multipart(content, "first.pdf")
    first, _ = await accept(runtime, pipeline, user, chunks, ctype)
    await db.execute("update documents set status = 'ocr_complete' where id = $1", first.id)
    real = uploads.upload_store.find_original

    async def deleted_first(conn, user_id, sha256):
        await db.execute("delete from documents where id = $1", first.id)
        return await real(conn, user_id, sha256)

    monkeypatch.setattr(uploads.upload_store, "find_original", deleted_first)
    chunks, ctype = multipart(content, "again.pdf")
    doc, job = await accept(runtime, pipeline, user, chunks, ctype)
    assert doc.duplicate_of is None and job is not None and job.kind == "ocr"
    assert await db.fetchval("select count(*) from documents where user_id = $1", user.id) == 1
    await db.execute("delete from documents where user_id = $1", user.id)
