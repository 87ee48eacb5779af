"""Everything a running API process holds, built once in the lifespan.

Background jobs receive the `Runtime` and document ids, never a request or its connection
: they outlive the request and open their own connections from the pool.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import asyncpg

from app.auth import TokenVerifier
from app.config import Settings
from app.loop_monitor import LoopLagMonitor
from app.metadata.base import MetadataAgent
from app.ocr.base import OcrEngine
from app.store.changes import ChangeFeed
from app.store.files import FileStorage
from app.workers import WorkerPool

if TYPE_CHECKING:
    from app.auth.local import LocalTokens
    from app.pipeline.dispatch import Dispatcher
    from app.pipeline.jobs import JobQueue
    from app.pipeline.recovery import RecoverySweeper


def new_worker_id() -> str:
    """Unique per process start, so a restarted process never mistakes old leases for its own."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Runtime:
    settings: Settings
    pool: asyncpg.Pool  # requests: uploads, pages, searches
    job_pool: asyncpg.Pool  # the job pipeline (lower CPU priority on a local cluster)
    dsn: str
    storage: FileStorage
    workers: WorkerPool
    ocr: OcrEngine
    metadata: MetadataAgent
    tokens: TokenVerifier
    feed: ChangeFeed
    local_tokens: LocalTokens | None = None  # only in local auth mode: mints tokens
    worker_id: str = field(default_factory=new_worker_id)
    loop_lag: LoopLagMonitor = field(default_factory=LoopLagMonitor)
    jobs: JobQueue = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    sweeper: RecoverySweeper = field(init=False)
