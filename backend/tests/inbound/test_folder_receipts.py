"""The watched folder in-process, on the real database: a file whose document was committed but
which was not moved (the process died in between) is only moved on the next pass, never made
a second document; a refused file's receipt is forgotten, so putting it back tries again."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from app.auth import AuthUser
from app.inbound.folder import DONE, REFUSED, FolderInbox
from app.store import users
from tests import files


async def _inbox(pipeline, tmp_path: Path) -> tuple[FolderInbox, AuthUser]:
    email = f"folder-{uuid.uuid4().hex[:8]}@example.com"
    owner = AuthUser(id=await users.get_or_create_user(pipeline.rt.pool, email), email=email)
    inbox = FolderInbox(pipeline, tmp_path / "inbox", owner)
    await inbox.prepare()
    return inbox, owner


async def _count(db, owner: AuthUser) -> int:
    return await db.fetchval("select count(*) from documents where user_id = $1::uuid", owner.id)


async def test_a_file_committed_but_not_moved_is_moved_without_a_second_document(
    pipeline, db, tmp_path
):
    inbox, owner = await _inbox(pipeline, tmp_path)
    source = inbox.root / "bill.pdf"
    source.write_bytes(files.bill_pdf())
    stat = source.stat()
    assert await inbox._take(source, (stat.st_size, stat.st_mtime_ns))
    moved = next((inbox.root / DONE).rglob("bill.pdf"))
    assert await _count(db, owner) == 1

    # As if the move had never happened: the same file (bytes, size, time) back in place.
    os.replace(moved, source)
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert await inbox._take(source, (stat.st_size, stat.st_mtime_ns))
    assert not source.exists() and len(list((inbox.root / DONE).rglob("bill*.pdf"))) == 1
    assert await _count(db, owner) == 1


async def test_a_refused_file_put_back_is_tried_again(pipeline, db, tmp_path):
    inbox, owner = await _inbox(pipeline, tmp_path)
    source = inbox.root / "notes.pdf"
    source.write_bytes(b"plain text, not a PDF\n" * 10)
    stat = source.stat()
    assert await inbox._take(source, (stat.st_size, stat.st_mtime_ns))
    refused = inbox.root / REFUSED / "notes.pdf"
    assert refused.exists()
    assert "Unsupported file type" in (inbox.root / REFUSED / "notes.pdf.reason.txt").read_text()
    assert (
        await db.fetchval(
            "select count(*) from inbound_receipts where user_id = $1::uuid", owner.id
        )
        == 0
    )
    # Fixed and put back (same name): a document now.
    source.write_bytes(files.bill_pdf())
    stat = source.stat()
    assert await inbox._take(source, (stat.st_size, stat.st_mtime_ns))
    assert await _count(db, owner) == 1
