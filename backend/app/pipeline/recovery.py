"""The recovery sweeper: no acknowledged upload is ever lost.

Runs in every API process (and once from `python -m app sweep`). It finds documents nobody is
working on — lease expired (the worker died) or released (graceful shutdown) — in batches locked
with `FOR UPDATE SKIP LOCKED`, so several processes can sweep at once without taking the same
row. Each is re-queued with backoff under a fresh lease, counting the attempt in `retry_count`
(a released lease is not counted: nothing went wrong), and marked `failed` with a clear message
once `MAX_RETRIES` re-queues have not helped. Metadata that never finished is recovered the same
way, without touching the OCR status.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from app.runtime import Runtime

log = logging.getLogger(__name__)
MAX_BATCHES_PER_RUN = 4
TIME_BUFFER_S = 5.0

STUCK = """
  select id, status, metadata_status, retry_count, metadata_retry_count,
         lease_token is not null as expired
  from documents
  where (status in ('uploading', 'processing')
         or (status = 'ocr_complete' and metadata_status in ('pending', 'generating')))
    and (lease_token is null or lease_expires_at < now())
  order by updated_at
  limit $1
  for update skip locked
"""


@dataclass
class SweepReport:
    requeued_ocr: list[str] = field(default_factory=list)
    requeued_metadata: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    finished_at: dt.datetime | None = None
    duration_ms: int = 0

    @property
    def total(self) -> int:
        return len(self.requeued_ocr) + len(self.requeued_metadata) + len(self.failed)


def requeue_delay(attempt: int) -> float:
    """Backoff between automatic attempts: 0 s for the first (a crash is not the file's
    fault), then 2, 4, 8 s … capped at a minute."""
    return 0.0 if attempt <= 1 else min(60.0, 2.0 ** (attempt - 1))


class RecoverySweeper:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.last: SweepReport | None = None
        self.runs = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="recovery-sweeper")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:  # the first sweep runs at start-up: a restarted process recovers at once
            try:
                await self.sweep_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("recovery sweep failed (will try again): %s", exc)
            await asyncio.sleep(self.rt.settings.recovery_interval_s)

    async def sweep_once(self) -> SweepReport:
        rt, s = self.rt, self.rt.settings
        from app.pipeline.metadata_job import run_metadata_background
        from app.pipeline.ocr_job import run_ocr_background

        report = SweepReport()
        started = time.monotonic()
        budget = max(1.0, s.recovery_interval_s - TIME_BUFFER_S)
        for _ in range(MAX_BATCHES_PER_RUN):
            if not rt.jobs.accepting or time.monotonic() - started > budget:
                break
            to_start: list[tuple[str, str, object, float]] = []
            async with rt.pool.acquire() as conn, conn.transaction():
                rows = await conn.fetch(STUCK, s.recovery_batch_size)
                for row in rows:
                    doc_id, ocr_stage = str(row["id"]), row["status"] != "ocr_complete"
                    count_key = "retry_count" if ocr_stage else "metadata_retry_count"
                    attempt = row[count_key] + (1 if row["expired"] else 0)
                    if attempt > s.max_retries:
                        await self._give_up(conn, doc_id, ocr_stage, row[count_key])
                        report.failed.append(doc_id)
                        continue
                    token = await conn.fetchval(
                        f"""update documents set {count_key} = $2, lease_owner = $3,
                                   lease_token = gen_random_uuid(),
                                   lease_expires_at = now() + make_interval(secs => $4),
                                   status = case when status = 'processing' then 'uploading'
                                                 else status end,
                                   metadata_status = case when status = 'ocr_complete'
                                                 then 'pending' else metadata_status end
                            where id = $1 returning lease_token""",
                        doc_id, attempt, rt.worker_id, s.lease_ttl_s,
                    )
                    kind = "ocr" if ocr_stage else "metadata"
                    to_start.append((doc_id, kind, token, requeue_delay(attempt)))
                    log.info("[%s] recovered (%s, %s lease, attempt %d/%d)", doc_id, kind,
                             "expired" if row["expired"] else "released", attempt, s.max_retries)
            # Start jobs only after the commit that makes their lease visible.
            for doc_id, kind, token, delay in to_start:
                if kind == "ocr":
                    rt.jobs.submit(lambda d=doc_id: run_ocr_background(rt, d), name=f"ocr-{doc_id}", delay=delay)
                    report.requeued_ocr.append(doc_id)
                else:
                    rt.jobs.submit(lambda d=doc_id, t=token: run_metadata_background(rt, d, t),
                                   name=f"metadata-{doc_id}", delay=delay)
                    report.requeued_metadata.append(doc_id)
            if len(rows) < s.recovery_batch_size:
                break
        report.duration_ms = int((time.monotonic() - started) * 1000)
        report.finished_at = dt.datetime.now(dt.UTC)
        self.last, self.runs = report, self.runs + 1
        if report.total:
            log.info("recovery sweep: %d OCR re-queued, %d metadata re-queued, %d failed in %d ms",
                     len(report.requeued_ocr), len(report.requeued_metadata), len(report.failed),
                     report.duration_ms)
        return report

    async def _give_up(self, conn, doc_id: str, ocr_stage: bool, retries: int) -> None:
        if ocr_stage:
            message = (f"Processing was interrupted {retries + 1} times (the server stopped while "
                       "reading this document). Press Retry to try again.")
            await conn.execute(
                """update documents set status = 'failed', error_message = $2, lease_owner = null,
                          lease_token = null, lease_expires_at = null where id = $1""",
                doc_id, message,
            )
        else:
            message = "Metadata generation was interrupted too many times. Press Regenerate to try again."
            await conn.execute(
                """update documents set metadata_status = 'failed', metadata_error = $2,
                          lease_owner = null, lease_token = null, lease_expires_at = null
                   where id = $1""",
                doc_id, message,
            )
        log.warning("[%s] gave up after %d automatic retries: %s", doc_id, retries, message)
