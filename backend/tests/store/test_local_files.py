"""Local file storage (`app.store.files.LocalFileStorage`) when two writers store one key at
once, and when a write fails half-way.

Found under load: the OCR job stores a document's thumbnail right after its text is saved,
while the web page, seeing the text, asks for the thumbnail and renders it itself. Both wrote
the same staging file and the second rename found it gone: the request answered 410 "A stored
file is missing". Each write now stages under its own name.
"""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path

import pytest

from app.errors import InsufficientStorageError
from app.store import files
from app.store.files import LocalFileStorage


async def test_writers_of_one_key_at_once_all_succeed_and_one_whole_file_stays(tmp_path: Path):
    storage = LocalFileStorage(tmp_path)
    contents = [bytes([i]) * 200_000 for i in range(16)]
    await asyncio.gather(
        *(storage.save("user/doc/thumbnail.png", c, "image/png") for c in contents)
    )
    stored = await storage.read("user/doc/thumbnail.png")
    assert stored in contents  # one writer's whole file, never a mix
    assert sorted(p.name for p in (tmp_path / "user" / "doc").iterdir()) == ["thumbnail.png"]


async def test_a_write_that_fails_leaves_no_staged_file(tmp_path: Path, monkeypatch):
    storage = LocalFileStorage(tmp_path)
    await storage.save("user/doc/thumbnail.png", b"before", "image/png")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(InsufficientStorageError):
        await storage.save("user/doc/thumbnail.png", b"after", "image/png")
    monkeypatch.undo()
    assert await storage.read("user/doc/thumbnail.png") == b"before"
    assert sorted(p.name for p in (tmp_path / "user" / "doc").iterdir()) == ["thumbnail.png"]
