"""Documents that come in by themselves: a watched folder (`folder.py`) and a mailbox (`imap.py`).

Every channel goes through the upload's own acceptance (`app/services/uploads.py::
accept_upload`: size, type sniffing, quota, duplicates, one durable record, then the job), and
none loses a file: a source is moved away only after its document is committed, and a refused
one is kept aside with the reason, never deleted. A channel runs in one API process at a time
(a database advisory lock), and records each source's document id before recording the
document (`public.inbound_receipts`), so a crash between the two never makes a second one.

This package depends inward (services, pipeline, store); nothing but `app/main.py` imports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from app.inbound.folder import FolderInbox
from app.inbound.imap import ImapInbox, parse_imap_url
from app.inbound.owner import resolve_owner
from app.pipeline.pipeline import Pipeline

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def open_inbound(pipeline: Pipeline) -> AsyncIterator[None]:
    """Start the channels the settings turn on; stop them (between two files) on the way out."""
    settings = pipeline.rt.settings
    tasks: list[asyncio.Task[None]] = []
    root = settings.inbox_path
    if root is not None:
        owner = await resolve_owner(pipeline.rt, settings.inbox_owner)
        inbox = FolderInbox(pipeline, root, owner)
        await inbox.prepare()
        log.info("watching %s for documents of %s", root, settings.inbox_owner)
        tasks.append(asyncio.create_task(inbox.run(), name="inbox-folder"))
    if settings.imap_url.strip():
        address = parse_imap_url(settings.imap_url, settings.imap_password_file)
        mail_owner = await resolve_owner(pipeline.rt, settings.imap_owner)
        mailbox = ImapInbox(pipeline, address, mail_owner)
        log.info(
            "polling %r every %gs for documents of %s",
            address,
            settings.imap_poll_s,
            settings.imap_owner,
        )
        tasks.append(asyncio.create_task(mailbox.run(), name="inbox-imap"))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
