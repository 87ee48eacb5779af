"""The e-mail channel: a mailbox polled every `IMAP_POLL_S`; each new message's attachments
of accepted types become documents of `IMAP_OWNER`, with the message's subject, sender and date
kept on each (`public.document_sources`).

- **New** is "not yet handled": handled messages are moved to `IMAP_DONE_FOLDER` (made at
  the first poll if missing) or, without one, marked with the keyword `$Docstream` (and read). The
  search is for messages without that keyword in the watched folder, so a person reading a
  message first does not hide it.
- **Only after commit**: a message is moved (or marked) after all its documents are
  committed. Each attachment's receipt (Message-ID, its place, its hash, and the document id
  chosen for it) is recorded before its document: killed between the commit and the move, the
  next poll finds the documents and only moves the message.
- **Nothing usable**: a message without an attachment of an accepted type is left as it was
  (unread), and logged once per process.
- `imaplib` (standard library) is blocking: every call runs in a thread. One API process polls
  at a time (`app/inbound/leader.py`).
"""

from __future__ import annotations

import asyncio
import imaplib
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from app.auth import AuthUser
from app.errors import DocstreamError, ServiceUnavailableError
from app.inbound.leader import while_leading
from app.inbound.mail import MailMessage, parse_message
from app.ingest import received_from_bytes
from app.logs import Throttled, log_context
from app.pipeline.pipeline import Pipeline
from app.pipeline.runner import enqueue
from app.services.uploads import accept_upload
from app.store import documents
from app.store import inbound as store
from app.store.types import Connection

log = logging.getLogger(__name__)
throttled = Throttled(log, 300.0)
CHANNEL = "imap"
KEYWORD = "$Docstream"
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class ImapAddress:
    secure: bool
    host: str
    port: int
    user: str
    password: str = ""
    folder: str = "INBOX"

    def __repr__(self) -> str:  # never the password in a log line
        scheme = "imaps" if self.secure else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"


def parse_imap_url(url: str, password_file: str = "") -> ImapAddress:
    parts = urlsplit(url.strip())
    secure = parts.scheme == "imaps"
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise ValueError("IMAP_URL must look like imaps://user:password@host:993/INBOX")
    password = unquote(parts.password or "")
    if password_file:
        password = Path(password_file).read_text().strip()
    return ImapAddress(
        secure=secure,
        host=parts.hostname,
        port=parts.port or (993 if secure else 143),
        user=unquote(parts.username),
        password=password,
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Mailbox:
    """The few IMAP commands the channel uses, blocking (called through `asyncio.to_thread`)."""

    def __init__(self, address: ImapAddress) -> None:
        self.address = address
        self.conn: imaplib.IMAP4 | None = None
        self.caps: set[str] = set()

    def open(self) -> int:
        """Log in and select the watched folder; answers its UIDVALIDITY."""
        a = self.address
        cls = imaplib.IMAP4_SSL if a.secure else imaplib.IMAP4
        self.conn = cls(a.host, a.port, timeout=TIMEOUT_S)
        self.conn.login(a.user, a.password)
        typ, caps = self.conn.capability()  # after login: servers announce MOVE only then
        self.caps = set(caps[0].decode().upper().split()) if typ == "OK" and caps[0] else set()
        typ, _ = self.conn.select(_quoted(a.folder))
        if typ != "OK":
            raise ConnectionError(f"the folder {a.folder!r} cannot be opened")
        _, found = self.conn.response("UIDVALIDITY")
        value = found[0] if found else None
        return int(value) if isinstance(value, bytes) else 0

    def ensure_folder(self, name: str) -> None:
        assert self.conn is not None
        typ, listed = self.conn.list('""', _quoted(name))
        if typ == "OK" and any(item for item in listed if item):
            return
        typ, detail = self.conn.create(_quoted(name))
        if typ != "OK":
            raise ConnectionError(f"the folder {name!r} cannot be made: {detail!r}")

    def new_uids(self) -> list[int]:
        assert self.conn is not None
        typ, data = self.conn.uid("SEARCH", "UNKEYWORD", KEYWORD, "UNDELETED")
        if typ != "OK":
            raise ConnectionError(f"search failed: {data!r}")
        return [int(n) for n in (data[0] or b"").split()]

    def fetch(self, uid: int) -> bytes | None:
        """The whole message, without marking it read (`BODY.PEEK`)."""
        assert self.conn is not None
        typ, data = self.conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
        if typ != "OK":
            raise ConnectionError(f"fetch failed: {data!r}")
        for item in data:
            if isinstance(item, tuple) and re.search(rb"BODY\[\]", item[0]):
                return bytes(item[1])
        return None  # deleted meanwhile

    def finish(self, uid: int, done_folder: str) -> None:
        """Move the handled message to `done_folder`, or mark it handled (and read)."""
        assert self.conn is not None
        if not done_folder:
            typ, data = self.conn.uid("STORE", str(uid), "+FLAGS", f"({KEYWORD} \\Seen)")
        elif "MOVE" in self.caps:
            typ, data = self.conn.uid("MOVE", str(uid), _quoted(done_folder))
        else:
            typ, data = self.conn.uid("COPY", str(uid), _quoted(done_folder))
            if typ == "OK":
                typ, data = self.conn.uid("STORE", str(uid), "+FLAGS", "(\\Deleted)")
                if typ == "OK" and "UIDPLUS" in self.caps:  # only this message
                    typ, data = self.conn.uid("EXPUNGE", str(uid))
        if typ != "OK":
            raise ConnectionError(
                f"the message could not be moved to {done_folder!r} (it is kept, and its "
                f"documents; restart to make the folder again): {data!r}"
            )

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.logout()
            except Exception:
                self.conn.shutdown()
            self.conn = None


class ImapInbox:
    def __init__(self, pipeline: Pipeline, address: ImapAddress, owner: AuthUser) -> None:
        self.pipeline = pipeline
        self.rt = pipeline.rt
        self.address = address
        self.owner = owner
        self.settings = self.rt.settings
        self.done_folder = self.settings.imap_done_folder.strip()
        self._left: set[tuple[int, int]] = set()  # (UIDVALIDITY, UID) left as they were
        self._folder_made = False

    async def run(self) -> None:
        await while_leading(self.rt, store.IMAP_LOCK, "mailbox", self._work)

    async def _work(self, conn: Connection) -> None:
        while await store.holds_lock(conn, store.IMAP_LOCK):
            try:
                await self.poll()
            except (OSError, imaplib.IMAP4.error, ServiceUnavailableError) as exc:
                throttled.warning(
                    "poll", "the mailbox %r cannot be read now: %s", self.address, exc
                )
            await asyncio.sleep(self.settings.imap_poll_s)

    async def poll(self) -> int:
        """One look at the mailbox; answers how many messages were handled."""
        box = Mailbox(self.address)
        handled = 0
        try:
            validity = await asyncio.to_thread(box.open)
            if self.done_folder and not self._folder_made:
                await asyncio.to_thread(box.ensure_folder, self.done_folder)
                self._folder_made = True  # once per process: a folder someone removed stays so
            for uid in await asyncio.to_thread(box.new_uids):
                if (validity, uid) in self._left:
                    continue
                raw = await asyncio.to_thread(box.fetch, uid)
                if raw is None:
                    continue
                message = await asyncio.to_thread(parse_message, raw)
                if await self._take(message, f"{validity}:{uid}"):
                    await asyncio.to_thread(box.finish, uid, self.done_folder)
                    handled += 1
                else:
                    self._left.add((validity, uid))
        finally:
            await asyncio.to_thread(box.close)
        return handled

    async def _take(self, message: MailMessage, place: str) -> bool:
        """Every usable attachment a committed document; False when there was none."""
        src = message.source
        about = f"{src.subject or '(no subject)'!r} from {src.sender_address or 'unknown'}"
        if not message.attachments:
            skipped = f" (not documents: {', '.join(message.ignored)})" if message.ignored else ""
            log.info("the message %s has no attachment to keep; left unread%s", about, skipped)
            return False
        identity = src.message_id or f"uid:{place}"
        kept = 0
        for n, attachment in enumerate(message.attachments):
            try:
                received = await asyncio.to_thread(
                    received_from_bytes,
                    attachment.data,
                    attachment.filename,
                    self.settings.max_upload_bytes,
                )
            except DocstreamError as exc:
                log.warning(
                    "%s in the message %s was refused: %s", attachment.filename, about, exc.detail
                )
                continue
            key = f"{identity}\n{n}\n{received.sha256}"
            document_id = await store.claim(self.rt.pool, CHANNEL, key, self.owner.id, uuid.uuid4())
            with log_context(document_id=document_id):
                if await documents.get(self.rt.pool, document_id) is None:
                    dispatcher = self.pipeline.dispatcher
                    try:
                        _, job = await accept_upload(
                            self.rt, dispatcher, self.owner, received, document_id
                        )
                    except ServiceUnavailableError:
                        raise  # passing: the message stays, and is tried again
                    except DocstreamError as exc:
                        await store.forget(self.rt.pool, CHANNEL, key)
                        log.warning(
                            "%s in the message %s was refused: %s",
                            attachment.filename,
                            about,
                            exc.detail,
                        )
                        continue
                    if job is not None:
                        await enqueue(dispatcher, job)
                    log.info("took %s from the message %s", attachment.filename, about)
                await store.save_source(self.rt.pool, document_id, self.owner.id, src)
                kept += 1
        if not kept:
            log.info("nothing in the message %s could be kept; left unread", about)
        return kept > 0
