"""The endpoints Google calls in `TASK_DISPATCH=cloud_tasks` mode (mounted only then).

- `POST /api/tasks/process-document`: Cloud Tasks delivers one job `{document_id, kind}`. The
  answer is the queue's instruction: **200** = done with this task (succeeded, nothing to do,
  running elsewhere, handed back as a new task, or failed for good — retrying would not help),
  **503** = try again later (`Retry-After` when the engine said how long). A body that is not
  a task (malformed JSON, unknown kind) also answers 200, logged: the queue retries every
  other status, and no retry can make that body valid. Each delivery is timed against the
  task's dispatch deadline (`pipeline/budget.py`); its log line says how long it took. The document is marked failed on a transient error only when the
  queue's own retry count (`X-CloudTasks-TaskRetryCount`) has reached `MAX_RETRY_COUNT`, so the
  queue's attempts and the document's state agree.
- `POST /api/tasks/sweep`: Cloud Scheduler's periodic recovery pass; answers a summary.

Both accept only Google-signed OIDC tokens for `TASKS_SERVICE_ACCOUNT` (`app/auth/oidc.py`),
never a user's session token, unless `TASKS_AUTH=platform` (Cloud Run's IAM already checked).
"""

from __future__ import annotations

import logging
import math
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

from app.api.deps import PipelineDep, RuntimeDep
from app.api.errors import error_responses
from app.auth.oidc import GoogleOidcVerifier
from app.domain import JobKind
from app.logs import log_context
from app.pipeline import runner
from app.pipeline.budget import Budget
from app.pipeline.outcome import TaskOutcome
from app.pipeline.recovery import ON_DEMAND_BUDGET_S

log = logging.getLogger(__name__)

_bearer = HTTPBearer(
    auto_error=False, description="A Google-signed OIDC ID token (Cloud Tasks, Cloud Scheduler)."
)


async def require_task_caller(
    request: Request,
    rt: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let through only the queue and the scheduler (401 for anyone else)."""
    if rt.settings.tasks_auth == "platform":
        return  # Cloud Run's IAM (run.invoker) admitted the caller before we saw the request
    verifier: GoogleOidcVerifier = request.app.state.task_verifier
    await verifier.verify(credentials.credentials if credentials else None)


router = APIRouter(prefix="/api/tasks", tags=["tasks"], dependencies=[Depends(require_task_caller)])


class ProcessDocumentTask(BaseModel):
    document_id: uuid.UUID
    kind: JobKind
    # One page-range OCR run of a long document: its first page (0-based).
    page_start: int | None = Field(default=None, ge=0)


class TaskAnswer(BaseModel):
    document_id: uuid.UUID | None  # None: the body was not a task (dropped)
    kind: JobKind | None
    outcome: TaskOutcome
    detail: str = ""


class SweepSummary(BaseModel):
    found: int
    requeued: int
    failed: int
    deferred: int = 0  # found but not dispatched (queue unreachable, out of time): next sweep
    duration_ms: int


def _count(request: Request, header: str) -> int | None:
    value = request.headers.get(header)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@router.post(
    "/process-document",
    response_model=TaskAnswer,
    responses={503: {"model": TaskAnswer}, **error_responses(401)},
    openapi_extra={
        "requestBody": {
            "required": True,
            # Parsed by the handler itself: a bad body is dropped (200), not refused (422).
            "content": {
                "application/json": {
                    "schema": ProcessDocumentTask.model_json_schema(
                        ref_template="#/components/schemas/{model}"
                    )
                }
            },
        }
    },
)
async def process_document(request: Request, pipeline: PipelineDep) -> JSONResponse:
    rt = pipeline.rt
    # The delivery's clock starts now: everything after, slot waits included, counts.
    budget = Budget(rt.settings.cloud_tasks_dispatch_deadline_s, rt.settings.task_deadline_margin_s)
    retry_count = _count(request, "X-CloudTasks-TaskRetryCount")
    execution_count = _count(request, "X-CloudTasks-TaskExecutionCount")
    where = (
        f"task={request.headers.get('X-CloudTasks-TaskName', '-')} "
        f"queue={request.headers.get('X-CloudTasks-QueueName', '-')} "
        f"retry={retry_count if retry_count is not None else '-'} "
        f"execution={execution_count if execution_count is not None else '-'}"
    )
    try:
        body = ProcessDocumentTask.model_validate_json(await request.body())
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        log.warning(
            "task %s: not a task (%s); dropped, answered 200 so it is not retried", where, problems
        )
        answer = TaskAnswer(
            document_id=None,
            kind=None,
            outcome=TaskOutcome.SKIPPED,
            detail=f"not a task, dropped: {problems}",
        )
        return JSONResponse(answer.model_dump(mode="json"), status_code=200)
    document_id = body.document_id
    # Without the header (a manual call) this is not the last attempt: never fail early.
    final_attempt = retry_count is not None and retry_count >= rt.settings.max_retry_count

    with log_context(document_id=document_id, job=body.kind.value):
        result = await runner.run_task(
            rt,
            pipeline.queue,
            pipeline.dispatcher,
            body.kind,
            document_id,
            final_attempt=final_attempt,
            budget=budget,
            page_start=body.page_start,
        )
        for created in result.follow_ups:  # a long document's page ranges: a task each
            await runner.enqueue(pipeline.dispatcher, created, pool=rt.job_pool)
        took = f" [{budget.elapsed():.1f} s of {budget.deadline_s:.0f} s]"
        answer = TaskAnswer(
            document_id=document_id, kind=body.kind, outcome=result.outcome, detail=result.detail
        )
        if result.outcome is TaskOutcome.RETRY:
            headers = {}
            if result.retry_after_s is not None:
                headers["Retry-After"] = str(max(1, math.ceil(result.retry_after_s)))
            log.warning("%s: %s -> retry later (503): %s%s", body.kind, where, result.detail, took)
            return JSONResponse(answer.model_dump(mode="json"), status_code=503, headers=headers)
        log.info(
            "%s: %s%s -> %s%s%s",
            body.kind,
            where,
            " (final attempt)" if final_attempt else "",
            result.outcome,
            f": {result.detail}" if result.detail else "",
            took,
        )
        return JSONResponse(answer.model_dump(mode="json"), status_code=200)


@router.post("/sweep", response_model=SweepSummary, responses=error_responses(401))
async def sweep(pipeline: PipelineDep) -> SweepSummary:
    """One recovery pass (Cloud Scheduler, every 5 minutes): jobs whose lease expired and
    documents stuck without a live job are queued again or failed. Batches of
    `RECOVERY_BATCH_SIZE` under `SKIP LOCKED` row locks (replicas and overlapping calls never
    take the same row), until nothing is left or the time budget, well inside the Scheduler's
    attempt deadline, is spent; what is left waits for the next call."""
    report = await pipeline.sweeper.sweep_once(deadline_s=ON_DEMAND_BUDGET_S, max_batches=None)
    summary = SweepSummary.model_validate(report.summary())
    log.info(
        "sweep: found=%d requeued=%d failed=%d deferred=%d in %.0f ms",
        summary.found,
        summary.requeued,
        summary.failed,
        summary.deferred,
        summary.duration_ms,
    )
    return summary
