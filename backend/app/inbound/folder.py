"""The watched folder: files that appear under `INBOX_DIR` (subfolders too) become documents of
its owner, then move to `.done/<date>/`, or to `.refused/` with `<name>.reason.txt` beside them.

How a file is taken, and why:
- **Only when written**: a scanner writing over SMB, or a slow copy, shows a growing file.
  A file is taken once its size and modification time have not changed for `INBOX_SETTLE_S`
  (an empty one for longer: a client may create it first and write later), and is read again
  at the end: if it changed meanwhile it waits for the next pass. Temporary names (`.part`,
  `~$…`, dotfiles, `.tmp`, `.crdownload`) are never taken: they are renamed when done.
- **Woken by changes, never relying on them**: `watchfiles` (inotify; polling with
  `INBOX_POLLING`) wakes the loop, and the whole folder is looked at every `INBOX_RESCAN_S`
  anyway (a network mount written by another machine sends no notifications), and at start:
  files that arrived while the API was down are taken then.
- **One process**: the folder is worked by the API process holding the folder's advisory lock
  (`app/store/inbound.py`); others wait and take over when it dies (its connection closes).
- **No file lost, none twice**: a receipt (the file's path, size, time and hash, and the
  document id chosen for it) is recorded before the document; the file moves only after the
  document is committed. After a crash in between, the next pass finds the receipt and the
  document and only moves the file. A refusal (type, size, quota) moves it aside with the
  reason; a passing failure (database or storage down) leaves it to be tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from app.auth import AuthUser
from app.errors import DocstreamError, ServiceUnavailableError
from app.inbound.leader import while_leading
from app.ingest import ReceivedFile, read_local_file
from app.logs import Throttled, log_context
from app.pipeline.pipeline import Pipeline
from app.pipeline.runner import enqueue
from app.services.uploads import accept_upload
from app.store import documents
from app.store import inbound as store
from app.store.types import Connection

log = logging.getLogger(__name__)
throttled = Throttled(log, 60.0)

CHANNEL = "folder"
DONE = ".done"
REFUSED = ".refused"
TEMPORARY_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp")
EMPTY_SETTLE_S = 60.0  # an empty file may be filled later: wait longer before refusing it
RETRY_S = (5.0, 15.0, 60.0)  # after a passing failure (database or storage down)


def is_temporary(name: str) -> bool:
    """Names a file has while it is being written, or that are not documents at all."""
    lower = name.lower()
    return (
        name.startswith((".", "~$", "~"))
        or name.endswith("~")
        or lower.endswith(TEMPORARY_SUFFIXES)
        or lower.endswith(".reason.txt")
    )


Signature = tuple[int, int]  # size, mtime_ns


def scan(root: Path) -> dict[Path, Signature]:
    """Every candidate file under `root` (blocking: run in a thread). Dot-folders (`.done`,
    `.refused`, a client's own) are not entered."""
    found: dict[Path, Signature] = {}
    for directory, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if is_temporary(name):
                continue
            path = Path(directory, name)
            try:
                st = path.stat()
            except OSError:
                continue  # gone between the listing and the look
            if path.is_file():
                found[path] = (st.st_size, st.st_mtime_ns)
    return found


def unique_target(target: Path) -> Path:
    """`target`, or `name (2).pdf`, `name (3).pdf`, … when a file of that name is there."""
    candidate, n = target, 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem} ({n}){target.suffix}")
    return candidate


def move_into(source: Path, folder: Path, relative: Path) -> Path:
    target = unique_target(folder / relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return target


@dataclass
class _Seen:
    signature: Signature
    since: float  # when this signature was first seen
    retry_at: float = 0.0
    failures: int = 0


class FolderInbox:
    def __init__(self, pipeline: Pipeline, root: Path, owner: AuthUser) -> None:
        self.pipeline = pipeline
        self.rt = pipeline.rt
        self.root = root
        self.owner = owner
        self.settings = self.rt.settings
        self.tmp_dir = self.settings.data_dir / "tmp"
        self._seen: dict[Path, _Seen] = {}

    async def prepare(self) -> None:
        await asyncio.to_thread(self.root.mkdir, parents=True, exist_ok=True)

    async def run(self) -> None:
        """Work the folder whenever this process holds its lock; otherwise wait for it."""
        await while_leading(self.rt, store.FOLDER_LOCK, "watched folder", self._work)

    async def _work(self, conn: Connection) -> None:
        wake = asyncio.Event()
        watcher = asyncio.create_task(self._watch(wake), name="inbox-watch")
        try:
            while True:
                if not await store.holds_lock(conn, store.FOLDER_LOCK):
                    log.warning("lost the watched folder's lock; another process takes over")
                    return
                waiting = await self._pass()
                timeout = (
                    self.settings.inbox_settle_s / 2 if waiting else self.settings.inbox_rescan_s
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), timeout)
                wake.clear()
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    async def _watch(self, wake: asyncio.Event) -> None:
        """Wake the loop on any change under the folder (inotify, or polling); should the
        notifications fail (no inotify watches left), fall back to polling."""
        polling = self.settings.inbox_polling
        while True:
            try:
                async for _ in watchfiles.awatch(
                    self.root,
                    watch_filter=None,
                    recursive=True,
                    force_polling=polling,
                    debounce=200,
                    step=50,
                    ignore_permission_denied=True,
                ):
                    wake.set()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not polling:
                    log.warning("change notifications failed (%s); polling the folder instead", exc)
                polling = True
                await asyncio.sleep(self.settings.inbox_rescan_s)

    async def _pass(self) -> bool:
        """Look at the folder once and take the files that are done being written. True while
        some file is still settling (look again soon)."""
        files = await asyncio.to_thread(scan, self.root)
        now = time.monotonic()
        for gone in self._seen.keys() - files.keys():
            del self._seen[gone]
        waiting = False
        for path, signature in sorted(files.items()):
            seen = self._seen.get(path)
            if seen is None or seen.signature != signature:
                self._seen[path] = _Seen(signature, now)
                waiting = True
                continue
            settle = self.settings.inbox_settle_s if signature[0] else EMPTY_SETTLE_S
            if now - seen.since < settle or now < seen.retry_at:
                waiting = True
                continue
            try:
                done = await self._take(path, signature)
            except Exception as exc:
                seen.failures += 1
                seen.retry_at = time.monotonic() + RETRY_S[min(seen.failures, len(RETRY_S)) - 1]
                throttled.warning(
                    "take", "could not take %s yet (will try again): %s", path.name, exc
                )
                waiting = True
                continue
            if done:
                self._seen.pop(path, None)
            else:
                waiting = True
        return waiting

    async def _take(self, path: Path, signature: Signature) -> bool:
        """Make `path` a document (or refuse it). False when it changed while being read."""
        relative = path.relative_to(self.root)
        try:
            received = await asyncio.to_thread(
                read_local_file, path, path.name, self.tmp_dir, self.settings.max_upload_bytes
            )
        except FileNotFoundError:
            return True  # taken away meanwhile
        except DocstreamError as exc:  # too large, empty
            await self._refuse(path, relative, exc.detail)
            return True
        try:
            st = await asyncio.to_thread(path.stat)
            if (st.st_size, st.st_mtime_ns) != signature:
                await _discard(received)
                return False  # still being written after all
            key = f"{relative.as_posix()}\n{signature[0]}\n{signature[1]}\n{received.sha256}"
            document_id = await store.claim(self.rt.pool, CHANNEL, key, self.owner.id, uuid.uuid4())
            with log_context(document_id=document_id):
                if await documents.get(self.rt.pool, document_id) is not None:
                    # Committed before a crash (or by a process that lost the lock): finish.
                    await _discard(received)
                    await self._done(path, relative)
                    return True
                return await self._accept(path, relative, key, received, document_id)
        except BaseException:
            await _discard(received)
            raise

    async def _accept(
        self,
        path: Path,
        relative: Path,
        key: str,
        received: ReceivedFile,
        document_id: uuid.UUID,
    ) -> bool:
        dispatcher = self.pipeline.dispatcher
        try:
            _, job = await accept_upload(self.rt, dispatcher, self.owner, received, document_id)
        except ServiceUnavailableError:
            raise  # passing: the file stays, and is tried again
        except DocstreamError as exc:  # the type, the quota: what a person must act on
            await store.forget(self.rt.pool, CHANNEL, key)
            await self._refuse(path, relative, exc.detail)
            return True
        if job is not None:
            await enqueue(dispatcher, job)
        await self._done(path, relative)
        log.info("took %s from the watched folder", relative)
        return True

    async def _done(self, path: Path, relative: Path) -> None:
        folder = self.root / DONE / dt.date.today().isoformat()
        with contextlib.suppress(FileNotFoundError):
            await asyncio.to_thread(move_into, path, folder, relative)

    async def _refuse(self, path: Path, relative: Path, reason: str) -> None:
        def move() -> Path:
            target = move_into(path, self.root / REFUSED, relative)
            note = target.with_name(target.name + ".reason.txt")
            note.write_text(
                f"{relative} was not added to Docstream.\n\n{reason}\n\n"
                "Fix it and put the file back in the folder to try again.\n"
            )
            return target

        with contextlib.suppress(FileNotFoundError):
            await asyncio.to_thread(move)
        log.warning("refused %s from the watched folder: %s", relative, reason)


async def _discard(received: ReceivedFile) -> None:
    if received.data is None:
        await asyncio.to_thread(received.path.unlink, missing_ok=True)
