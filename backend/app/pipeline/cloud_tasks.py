"""`CloudTasksDispatcher`: every job becomes one HTTP task on a Google Cloud Tasks queue.

Google then calls `POST {TASKS_SERVICE_URL}/api/tasks/process-document` (`app/api/tasks.py`)
with an OIDC token, on whichever replica its load balancer picks, and redelivers with backoff
while the handler answers 5xx. The work therefore survives the process that accepted the upload.

- **Idempotent by name.** A task's name is derived from (document, kind, attempt), so enqueuing
  the same job twice — a retry of a create whose answer was lost, the sweeper racing the upload,
  two replicas — makes Cloud Tasks answer ALREADY_EXISTS, which counts as success while that
  task is still queued. That is also why the create may be retried safely.
- **A finished name is not a queued job.** Cloud Tasks keeps a name reserved for about an hour
  after its task ran or was dropped (all attempts failed, e.g. while the service was down).
  When the sweeper dispatches such a job again, ALREADY_EXISTS would silently lose it; so on
  ALREADY_EXISTS the dispatcher asks whether the task still exists, and if not creates a
  re-dispatch `<name>-r<minute>` (two sweepers in the same minute still deduplicate).
- **Bounded.** One enqueue, retries included, takes at most `CLOUD_TASKS_TIMEOUT_S`. When the
  queue cannot be reached it raises `TransientError`: the job's row is already committed, so
  the caller logs it once and the recovery sweep enqueues it later. Nothing acknowledged is lost.
- **Emulator.** With `CLOUD_TASKS_EMULATOR_HOST` the real client talks plain gRPC to that
  address without Google credentials (tests, local runs).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import re
import time
import uuid

import grpc
from google.api_core import exceptions as gexc
from google.api_core.retry import AsyncRetry, if_exception_type
from google.cloud import tasks_v2
from google.cloud.tasks_v2.services.cloud_tasks import CloudTasksAsyncClient
from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcAsyncIOTransport
from google.protobuf import duration_pb2, timestamp_pb2

from app.config import Settings
from app.domain import Job, JobKind
from app.errors import DispatchError, ErrorCode, TransientError
from app.logs import log_context

log = logging.getLogger(__name__)

HANDLER_PATH = "/api/tasks/process-document"
_TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,500}")
# Worth another try within the enqueue's time budget; anything else (permission denied, queue
# not found, bad request) will not get better in a second and goes straight to the sweeper.
_RETRYABLE = if_exception_type(
    gexc.ServiceUnavailable,
    gexc.DeadlineExceeded,
    gexc.InternalServerError,
    gexc.ResourceExhausted,
    gexc.Aborted,
    gexc.Unknown,
)


def task_id(
    document_id: uuid.UUID,
    kind: JobKind | str,
    attempt: int,
    redispatch: int | None = None,
    handback: str | None = None,
    page_start: int | None = None,
) -> str:
    """The deterministic task id of one job: readable when the parts allow it, else a hash.
    `handback`: the suffix of a task a delivery out of time made for the rest of its job.
    `page_start`: one page-range run of a split document (each range is its own job and task;
    Cloud Tasks keeps a name for about an hour, so two ranges must never share one).

    The document id leads, so ids are spread over the key space (Cloud Tasks asks for that:
    sequential prefixes such as timestamps slow it down).
    """
    readable = f"{document_id}-{kind}-{attempt}"
    if page_start is not None:
        readable += f"-p{page_start}"
    if redispatch is not None:
        readable += f"-r{redispatch}"
    if handback is not None:
        readable += f"-h{handback}"
    if _TASK_ID.fullmatch(readable):
        return readable
    return hashlib.sha256(readable.encode()).hexdigest()


def build_client(settings: Settings, credentials: object | None = None) -> CloudTasksAsyncClient:
    """The real async client: plain gRPC to the emulator, or Google with `credentials`.

    Must run on the event loop that will use it (grpc.aio channels belong to one loop).
    """
    if settings.cloud_tasks_emulator_host:
        channel = grpc.aio.insecure_channel(settings.cloud_tasks_emulator_host)
        return CloudTasksAsyncClient(transport=CloudTasksGrpcAsyncIOTransport(channel=channel))
    return CloudTasksAsyncClient(credentials=credentials)  # type: ignore[arg-type]


class CloudTasksDispatcher:
    """`Dispatcher` over Cloud Tasks. Build with `await CloudTasksDispatcher.open(settings)`."""

    def __init__(self, settings: Settings, client: CloudTasksAsyncClient) -> None:
        self._settings = settings
        self._client = client
        self.queue_path = settings.cloud_tasks_queue_path
        self.handler_url = settings.tasks_service_url + HANDLER_PATH
        self._budget_s = settings.cloud_tasks_timeout_s

    @classmethod
    async def open(cls, settings: Settings) -> CloudTasksDispatcher:
        """Find Google credentials (Application Default Credentials) off the event loop — on
        Cloud Run that asks the metadata server, a blocking HTTP call — then build the client.
        Missing credentials fail here, at start-up, not on the first upload."""
        credentials = None
        if not settings.cloud_tasks_emulator_host:
            import google.auth
            from google.auth.exceptions import DefaultCredentialsError

            try:
                credentials, _ = await asyncio.to_thread(
                    google.auth.default, scopes=["https://www.googleapis.com/auth/cloud-platform"]
                )
            except DefaultCredentialsError as exc:
                raise RuntimeError(
                    "TASK_DISPATCH=cloud_tasks needs Google credentials to create tasks: on Cloud "
                    "Run, the service's own account; elsewhere GOOGLE_APPLICATION_CREDENTIALS or "
                    f"`gcloud auth application-default login` ({exc})"
                ) from None
        return cls(settings, build_client(settings, credentials))

    remote = True

    def new_job_owner(self) -> str | None:
        """Jobs are created free: whichever replica the task reaches claims the job."""
        return None

    def task_name(
        self,
        kind: JobKind | str,
        document_id: uuid.UUID,
        attempt: int,
        redispatch: int | None = None,
        handback: str | None = None,
        page_start: int | None = None,
    ) -> str:
        name = task_id(document_id, kind, attempt, redispatch, handback, page_start)
        return f"{self.queue_path}/tasks/{name}"

    def build_task(
        self,
        kind: JobKind | str,
        document_id: uuid.UUID,
        *,
        attempt: int,
        delay_s: float = 0.0,
        redispatch: int | None = None,
        handback: str | None = None,
        page_start: int | None = None,
    ) -> tasks_v2.Task:
        """The task exactly as Cloud Tasks will store it (exposed for tests and logs). A
        long document's page-range run names its first page (`page_start`)."""
        body: dict[str, object] = {"document_id": str(document_id), "kind": str(kind)}
        if page_start is not None:
            body["page_start"] = page_start
        request = tasks_v2.HttpRequest(
            url=self.handler_url,
            http_method=tasks_v2.HttpMethod.POST,
            headers={"Content-Type": "application/json"},
            body=json.dumps(body).encode(),
        )
        if self._settings.tasks_service_account:
            # Google signs an ID token as this account for the handler (and for Cloud Run's
            # IAM check). The emulator ignores it; without an account (emulator only) none.
            request.oidc_token = tasks_v2.OidcToken(
                service_account_email=self._settings.tasks_service_account,
                audience=self._settings.tasks_service_url,
            )
        task = tasks_v2.Task(
            name=self.task_name(kind, document_id, attempt, redispatch, handback, page_start),
            http_request=request,
            # How long Cloud Tasks waits for the handler before counting the attempt failed
            # and delivering again; the handler keeps each delivery inside it
            # (`pipeline/budget.py`). Cloud Run's request timeout must be at least this.
            dispatch_deadline=duration_pb2.Duration(
                seconds=int(self._settings.cloud_tasks_dispatch_deadline_s)
            ),
        )
        if delay_s > 0:
            when = timestamp_pb2.Timestamp()
            when.FromDatetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay_s))
            task.schedule_time = when
        return task

    async def enqueue(self, job: Job, *, delay_s: float = 0.0) -> bool:
        """Create the job's task (after the commit that made the job visible); True when its
        task was already waiting in the queue. Raises `DispatchError` (transient) when the
        queue cannot take it within the budget: the job row is durable and the sweeper
        dispatches it again."""
        _, waiting = await self._create_or_find(
            job.kind, job.document_id, attempt=job.attempt, delay_s=delay_s, page_start=_first(job)
        )
        return waiting

    async def create(
        self,
        kind: JobKind,
        document_id: uuid.UUID,
        *,
        attempt: int,
        delay_s: float = 0.0,
        page_start: int | None = None,
    ) -> str:
        """Create the task of (document, kind, attempt); returns its name. An already queued
        task with that name is success; a spent one gets a re-dispatch task."""
        name, _ = await self._create_or_find(
            kind, document_id, attempt=attempt, delay_s=delay_s, page_start=page_start
        )
        return name

    async def _create_or_find(
        self,
        kind: JobKind,
        document_id: uuid.UUID,
        *,
        attempt: int,
        delay_s: float,
        page_start: int | None = None,
    ) -> tuple[str, bool]:
        with log_context(document_id=document_id, job=str(kind), attempt=attempt):
            try:
                # The outer timeout bounds everything, DNS and channel set-up included.
                async with asyncio.timeout(self._budget_s + 1):
                    task = self.build_task(
                        kind, document_id, attempt=attempt, delay_s=delay_s, page_start=page_start
                    )
                    if await self._create(task):
                        return task.name, False
                    if await self._still_queued(task.name):
                        return task.name, True
                    # The name is spent (its task ran or was dropped): a new one for this
                    # re-dispatch, the same for every replica sweeping within this minute.
                    task = self.build_task(
                        kind,
                        document_id,
                        attempt=attempt,
                        delay_s=delay_s,
                        redispatch=int(time.time() // 60),
                        page_start=page_start,
                    )
                    if not await self._create(task):
                        log.info("re-dispatch task %s already queued", task.name)
                        return task.name, True
                    return task.name, False
            except (gexc.GoogleAPIError, grpc.RpcError, TimeoutError, OSError) as exc:
                reason = _describe(exc)
                # Debug only: the caller logs the failure once, with what happens next.
                log.debug("could not enqueue on %s: %s", self.queue_path, reason)
                raise DispatchError(
                    f"The task queue is unreachable ({reason}); the document "
                    "will be queued again shortly.",
                    cause=_cause(exc),
                ) from exc

    async def hand_back(self, job: Job) -> str:
        """A new task for a free queued job whose delivery ran out of time. Its name is new
        (`-h<random>`): the task being delivered still holds the job's own name. Only the one
        delivery that ran out hands back, so nothing needs deduplicating; a create retried
        after a lost answer meets its own name (ALREADY_EXISTS: done)."""
        with log_context(document_id=job.document_id, job=str(job.kind), attempt=job.attempt):
            task = self.build_task(
                job.kind,
                job.document_id,
                attempt=job.attempt,
                handback=uuid.uuid4().hex[:8],
                page_start=_first(job),
            )
            try:
                async with asyncio.timeout(self._budget_s + 1):
                    await self._create(task)
            except (gexc.GoogleAPIError, grpc.RpcError, TimeoutError, OSError) as exc:
                raise TransientError(
                    f"The task queue did not take the job back ({_describe(exc)}).",
                    code=ErrorCode.ENGINE_UNAVAILABLE,
                ) from exc
            return task.name

    async def _create(self, task: tasks_v2.Task) -> bool:
        """True when created now, False when the name already exists (queued or spent)."""
        retry = AsyncRetry(
            predicate=_RETRYABLE, initial=0.2, maximum=2.0, multiplier=2.0, timeout=self._budget_s
        )
        try:
            await self._client.create_task(
                parent=self.queue_path, task=task, retry=retry, timeout=self._budget_s
            )
        except gexc.AlreadyExists:
            return False
        log.info("queued task %s", task.name)
        return True

    async def _still_queued(self, name: str) -> bool:
        """Whether the task of this name is still waiting or running. Needs `cloudtasks.tasks.get`
        (roles/cloudtasks.viewer); without it, re-dispatch: a duplicate delivery is a no-op,
        a lost job is not."""
        try:
            await self._client.get_task(name=name, timeout=self._budget_s)
        except gexc.NotFound:
            return False
        except gexc.PermissionDenied as exc:
            log.warning(
                "cannot look up task %s (%s); dispatching it again. Grant the API's "
                "account roles/cloudtasks.viewer",
                name,
                exc.message,
            )
            return False
        log.info("task %s already queued", name)
        return True

    async def aclose(self) -> None:
        await self._client.transport.close()


def _cause(exc: BaseException) -> str:
    """Why the queue did not take a task, in words for the person whose document waits."""
    if isinstance(exc, gexc.RetryError) and exc.cause is not None:
        return _cause(exc.cause)
    if isinstance(exc, (gexc.PermissionDenied, gexc.Unauthenticated)):
        return "the processing queue refused it (permission denied)"
    if isinstance(exc, gexc.NotFound):
        return "the processing queue does not exist"
    if isinstance(exc, gexc.InvalidArgument | gexc.FailedPrecondition):
        return "the processing queue rejected the request"
    return "the processing queue could not be reached"


def _describe(exc: BaseException) -> str:
    """One line for logs and `detail`: the gRPC status and message, never a stack trace."""
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, gexc.RetryError) and exc.cause is not None:
        return f"gave up retrying: {_describe(exc.cause)}"
    if isinstance(exc, gexc.GoogleAPICallError):
        return f"{exc.grpc_status_code.name if exc.grpc_status_code else exc.code}: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


def _first(job: Job) -> int | None:
    """The first page of a page-range run (its task's body and name say which range)."""
    return job.page_range[0] if job.page_range else None
