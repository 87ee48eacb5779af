"""File storage interface, and the local-directory implementation.

The upload streams into a temporary file first (`app/api/multipart.py`), so `save` takes a
finished file: local storage renames it into place (atomic), Supabase Storage uploads it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import re
import unicodedata
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

from app.errors import InsufficientStorageError, StoredFileMissingError

MISSING = "The stored file of this document is missing; upload it again."


class FileStorage(Protocol):
    name: str

    async def save(self, path: str, source: Path | bytes, content_type: str) -> None:
        """Store `source` durably at `path`: a file, or the bytes themselves (an upload small
        enough to stay in memory). On success a `source` file is gone (moved or removed): the
        caller need not clean it up; on failure it may still be there."""
        ...

    async def delete(self, path: str) -> None:
        """Remove; a missing file is not an error."""
        ...

    def local_file(self, path: str) -> contextlib.AbstractAsyncContextManager[Path]:
        """A local path to read the file from (a temporary download for remote storage)."""
        ...

    async def read(self, path: str) -> bytes: ...

    async def signed_url(self, path: str, expires_in: int) -> str | None:
        """A time-limited URL a third party can fetch, or None when the storage has none."""
        ...


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, max_length: int = 120) -> str:
    """A name fit for a storage key: ASCII, no path parts, no leading dots, bounded length.

    The original filename is kept in the database for display; this is only the key.
    """
    name = name.replace("\\", "/").split("/")[-1].replace("\x00", "")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("_", stem).strip("._-") or "file"
    ext = _UNSAFE.sub("", ext)[:10]
    stem = stem[: max_length - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


MISSING = "The stored file is missing; upload the document again."


class LocalFileStorage:
    """Files under one directory; paths are `<user_id>/<document_id>/<safe name>`."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.root.chmod(0o700)  # other users of the machine read nothing of it

    def _resolve(self, path: str) -> Path:
        full = (self.root / path).resolve()
        if not full.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage path escapes the root: {path!r}")
        return full

    async def save(self, path: str, source: Path | bytes, content_type: str) -> None:
        # Everything in one trip to a thread (the upload path's only one when the body was
        # small enough to stay in memory): under load each trip waits for the GIL.
        def _move() -> None:
            target = self._resolve(path)
            for directory in reversed(target.relative_to(self.root.resolve()).parents[:-1]):
                (self.root / directory).mkdir(mode=0o700, exist_ok=True)
            # After a 202 the file must survive a power cut: its bytes before the rename, and the
            # directory entry (the rename itself) after it.
            if isinstance(source, bytes):
                # Its own staging name per write: two writers of one key (a thumbnail stored
                # after OCR while a request renders it) must not rename each other's file.
                staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
                try:
                    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
                    with open(os.open(staged, flags, 0o600), "wb") as f:
                        f.write(source)
                        f.flush()
                        os.fsync(f.fileno())
                except BaseException:
                    staged.unlink(missing_ok=True)  # a full disk leaves no half file behind
                    raise
            else:
                staged = source
                with open(source, "rb") as f:
                    os.fchmod(f.fileno(), 0o600)
                    os.fsync(f.fileno())
            os.replace(staged, target)
            directory_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(directory_fd)
            finally:
                os.close(directory_fd)

        try:
            await asyncio.to_thread(_move)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise InsufficientStorageError(
                    "The server's storage is full, so the file could not be stored; "
                    "try again later."
                ) from None
            raise

    async def delete(self, path: str) -> None:
        target = self._resolve(path)

        def _remove() -> None:
            target.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                target.parent.rmdir()

        await asyncio.to_thread(_remove)

    @contextlib.asynccontextmanager
    async def local_file(self, path: str) -> AsyncIterator[Path]:
        target = self._resolve(path)
        if not await asyncio.to_thread(target.exists):
            raise StoredFileMissingError(MISSING)
        yield target

    async def read(self, path: str) -> bytes:
        try:
            return await asyncio.to_thread(self._resolve(path).read_bytes)
        except FileNotFoundError:
            raise StoredFileMissingError(MISSING) from None

    async def signed_url(self, path: str, expires_in: int) -> str | None:
        return None
