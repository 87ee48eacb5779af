"""The infrastructure a running API process holds, built once in the lifespan.

Settings, the two database pools, file storage, the engines and their worker pool, the change
feed and the token verifiers: nothing here runs work. The job pipeline (queue, dispatcher,
sweeper) is built from it (`app/pipeline/pipeline.py`) and this module imports nothing from
`app/pipeline/`. Background jobs receive the `Runtime` and document ids, never a request or
its connection: they outlive the request and open their own connections from the pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg

from app.auth import TokenVerifier
from app.auth.local import LocalTokens
from app.config import Settings
from app.loop_monitor import LoopLagMonitor
from app.metadata.base import MetadataAgent
from app.ocr.base import OcrEngine
from app.process_id import new_worker_id
from app.store.changes import ChangeFeed
from app.store.files import FileStorage
from app.workers import WorkerPool


@dataclass
class Runtime:
    settings: Settings
    pool: asyncpg.Pool  # requests: uploads, pages, searches
    job_pool: asyncpg.Pool  # the job pipeline (lower CPU priority on a local cluster)
    storage: FileStorage
    workers: WorkerPool
    ocr: OcrEngine
    metadata: MetadataAgent
    tokens: TokenVerifier
    feed: ChangeFeed
    local_tokens: LocalTokens | None = None  # only in local auth mode: mints tokens
    # This process as a lease owner (`app/process_id.py`).
    worker_id: str = field(default_factory=new_worker_id)
    loop_lag: LoopLagMonitor = field(default_factory=LoopLagMonitor)
