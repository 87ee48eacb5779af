"""CloudTasksDispatcher: the real google-cloud-tasks client against the real emulator.

The emulator delivers to a loopback receiver standing in for the API's handler, so these tests
see what the handler will see: path, JSON body, `X-CloudTasks-*` headers, redelivery on 503.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import grpc
import pytest
from google.cloud.tasks_v2.services.cloud_tasks import CloudTasksClient
from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

from app.config import Settings
from app.domain import Job, JobKind, JobState
from app.errors import TransientError
from app.pipeline.cloud_tasks import (
    HANDLER_PATH,
    CloudTasksDispatcher,
    build_client,
    task_id,
)
from tests.conftest import free_port
from tests.fakes.cloud_tasks_emulator import CloudTasksEmulator, TaskReceiver

SERVICE_ACCOUNT = "tasks-invoker@docstream-test.iam.gserviceaccount.com"


def job(kind: JobKind = JobKind.OCR, attempt: int = 1, doc: str | None = None) -> Job:
    """A queued, free job as the store hands it to a dispatcher after the commit."""
    return Job(
        id=uuid.uuid4(),
        document_id=uuid.UUID(doc) if doc else uuid.uuid4(),
        kind=kind,
        state=JobState.QUEUED,
        attempt=attempt,
        lease_owner=None,
        lease_token=None,
    )


@pytest.fixture
def receiver() -> Iterator[TaskReceiver]:
    with TaskReceiver() as r:
        yield r


@pytest.fixture
def queue(cloud_tasks_emulator: CloudTasksEmulator) -> Iterator[str]:
    with cloud_tasks_emulator.fresh_queue(f"q-{uuid.uuid4().hex[:12]}") as path:
        yield path


def emulator_settings(
    emulator: CloudTasksEmulator, queue: str, service_url: str, tmp_path: Path, **overrides: object
) -> Settings:
    values = emulator.settings(
        service_url,
        CLOUD_TASKS_QUEUE=queue.rsplit("/", 1)[1],
        TASKS_SERVICE_ACCOUNT=SERVICE_ACCOUNT,
        **overrides,
    )
    return Settings(_env_file=None, DATA_DIR=tmp_path, **values)  # type: ignore[arg-type]


@pytest.fixture
async def dispatcher(
    cloud_tasks_emulator: CloudTasksEmulator, queue: str, receiver: TaskReceiver, tmp_path: Path
) -> AsyncIterator[CloudTasksDispatcher]:
    settings = emulator_settings(cloud_tasks_emulator, queue, receiver.url, tmp_path)
    d = await CloudTasksDispatcher.open(settings)
    yield d
    await d.aclose()


async def test_a_task_reaches_the_handler_with_its_path_body_and_headers(
    dispatcher, receiver, queue
):
    doc = str(uuid.uuid4())
    assert dispatcher.new_job_owner() is None  # jobs are created free: any replica claims them
    await dispatcher.enqueue(job(JobKind.OCR, 1, doc))

    [delivery] = await asyncio.to_thread(receiver.wait_for, task_id(doc, "ocr", 1))
    assert delivery.path == HANDLER_PATH
    assert delivery.body == {"document_id": doc, "kind": "ocr"}
    assert delivery.headers["content-type"] == "application/json"
    assert delivery.headers["x-cloudtasks-queuename"].endswith(queue.rsplit("/", 1)[1])
    assert delivery.retry_count == 0
    assert delivery.headers["x-cloudtasks-taskexecutioncount"] == "0"


async def test_enqueuing_the_same_job_twice_is_success_and_runs_it_once(dispatcher, receiver):
    doc = str(uuid.uuid4())
    receiver.then_status(503)  # keeps the first task queued while the duplicate arrives
    await dispatcher.enqueue(job(JobKind.METADATA, 1, doc))
    await dispatcher.enqueue(job(JobKind.METADATA, 1, doc))  # ALREADY_EXISTS, still queued: ok
    await asyncio.to_thread(receiver.wait_for, task_id(doc, "metadata", 1), 2)
    await dispatcher.enqueue(job(JobKind.METADATA, 2, doc))  # a new attempt is a new task

    # The queue delivers in order: once attempt 2 has arrived, attempt 1 had its chance.
    await asyncio.to_thread(receiver.wait_for, task_id(doc, "metadata", 2))
    assert len(receiver.of(task_id(doc, "metadata", 1))) == 2  # the 503, then success
    assert not [d for d in receiver.deliveries if "-r" in d.task_id]  # no re-dispatch task


async def test_dispatching_a_job_whose_task_already_ran_creates_a_new_task(dispatcher, receiver):
    # E.g. all five attempts failed while the service was down, and the sweeper dispatches
    # the still-queued job again: its name is spent, ALREADY_EXISTS must not swallow it.
    doc = str(uuid.uuid4())
    await dispatcher.enqueue(job(JobKind.OCR, 1, doc))
    await asyncio.to_thread(receiver.wait_for, task_id(doc, "ocr", 1))

    await dispatcher.enqueue(job(JobKind.OCR, 1, doc))

    def redispatched() -> list:
        return [d for d in receiver.deliveries if d.task_id.startswith(f"{doc}-ocr-1-r")]

    await asyncio.to_thread(receiver.wait_until, lambda: redispatched(), "a re-dispatch")
    [again] = redispatched()
    assert again.body == {"document_id": doc, "kind": "ocr"}


async def test_a_hand_back_is_a_new_task_even_while_the_jobs_own_task_is_queued(
    dispatcher, receiver, cloud_tasks_emulator, queue
):
    # A delivery out of time hands its job back while its own task still exists (it is being
    # delivered): `enqueue` would find that name queued and create nothing; a hand-back must.
    doc = str(uuid.uuid4())
    with grpc.insecure_channel(cloud_tasks_emulator.host) as channel:
        admin = CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
        admin.pause_queue(name=queue)
        try:
            await dispatcher.enqueue(job(JobKind.METADATA, 1, doc))
            name = await dispatcher.hand_back(job(JobKind.METADATA, 1, doc))
            listed = sorted(t.name.rsplit("/", 1)[1] for t in admin.list_tasks(parent=queue))
        finally:
            admin.resume_queue(name=queue)
    assert name.rsplit("/", 1)[1] == listed[1] and listed[1].startswith(f"{doc}-metadata-1-h")
    assert listed[0] == f"{doc}-metadata-1"
    await asyncio.to_thread(receiver.wait_for, listed[1])
    assert receiver.of(listed[1])[0].body == {"document_id": doc, "kind": "metadata"}


async def test_a_503_is_redelivered_with_a_growing_retry_count(dispatcher, receiver):
    doc, later = str(uuid.uuid4()), str(uuid.uuid4())
    receiver.then_status(503, 503)
    await dispatcher.enqueue(job(JobKind.OCR, 1, doc))

    deliveries = await asyncio.to_thread(receiver.wait_for, task_id(doc, "ocr", 1), 3)
    assert [d.retry_count for d in deliveries] == [0, 1, 2]
    # Answered 200 the third time: the queue is done with it.
    await dispatcher.enqueue(job(JobKind.OCR, 1, later))
    await asyncio.to_thread(receiver.wait_for, task_id(later, "ocr", 1))
    assert len(receiver.of(task_id(doc, "ocr", 1))) == 3


async def test_a_task_failing_every_attempt_is_dropped_after_the_fifth(dispatcher, receiver):
    doc, later = str(uuid.uuid4()), str(uuid.uuid4())
    receiver.then_status(503, 503, 503, 503, 503)
    await dispatcher.enqueue(job(JobKind.OCR, 1, doc))

    deliveries = await asyncio.to_thread(receiver.wait_for, task_id(doc, "ocr", 1), 5)
    assert [d.retry_count for d in deliveries] == [0, 1, 2, 3, 4]  # 4 = MAX_RETRY_COUNT
    # The queue delivers in order: had the first task been kept, it would come before `later`.
    await dispatcher.enqueue(job(JobKind.OCR, 1, later))
    await asyncio.to_thread(receiver.wait_for, task_id(later, "ocr", 1))
    assert len(receiver.of(task_id(doc, "ocr", 1))) == 5


async def test_an_unreachable_queue_raises_a_transient_error(tmp_path, receiver):
    closed = f"127.0.0.1:{free_port()}"  # nothing listens there
    settings = Settings(
        _env_file=None,
        DATA_DIR=tmp_path,
        TASK_DISPATCH="cloud_tasks",
        GCP_PROJECT_ID="p",
        TASKS_SERVICE_URL=receiver.url,
        TASKS_AUTH="platform",
        CLOUD_TASKS_EMULATOR_HOST=closed,
        CLOUD_TASKS_TIMEOUT_S=1,
    )
    d = await CloudTasksDispatcher.open(settings)
    try:
        with pytest.raises(TransientError, match="task queue is unreachable"):
            async with asyncio.timeout(30):  # a hang guard, not a speed check
                await d.enqueue(job())
    finally:
        await d.aclose()


async def test_a_missing_queue_raises_a_transient_error(cloud_tasks_emulator, receiver, tmp_path):
    settings = emulator_settings(
        cloud_tasks_emulator,
        "projects/x/locations/y/queues/nope",
        receiver.url,
        tmp_path,
        CLOUD_TASKS_TIMEOUT_S=2,
    )
    d = await CloudTasksDispatcher.open(settings)
    try:
        with pytest.raises(TransientError, match="FAILED_PRECONDITION"):
            await d.enqueue(job())
    finally:
        await d.aclose()


async def test_without_google_credentials_start_up_fails_saying_what_to_set(tmp_path, monkeypatch):
    # A path that does not exist: google-auth stops there, before any metadata-server probe.
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    with pytest.raises(RuntimeError, match="needs Google credentials.*GOOGLE_APPLICATION_CRED"):
        await CloudTasksDispatcher.open(_settings(tmp_path))


# --- the task as Cloud Tasks stores it (what the emulator cannot show) -------------------------
def _settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        DATA_DIR=tmp_path,
        TASK_DISPATCH="cloud_tasks",
        GCP_PROJECT_ID="acme",
        TASKS_SERVICE_URL="https://api.example.com/",
        TASKS_SERVICE_ACCOUNT=SERVICE_ACCOUNT,
    )


async def test_the_task_carries_an_oidc_token_for_the_service_and_a_ten_minute_deadline(tmp_path):
    # A real client on a channel that is never used: building a task sends nothing.
    d = CloudTasksDispatcher(
        _settings(tmp_path),
        build_client(
            Settings(_env_file=None, DATA_DIR=tmp_path, CLOUD_TASKS_EMULATOR_HOST="127.0.0.1:9")
        ),
    )
    doc = str(uuid.uuid4())

    task = d.build_task(JobKind.OCR, doc, attempt=3)
    assert task.name == (
        f"projects/acme/locations/us-central1/queues/document-processing/tasks/{doc}-ocr-3"
    )
    assert task.http_request.url == "https://api.example.com/api/tasks/process-document"
    assert task.http_request.oidc_token.service_account_email == SERVICE_ACCOUNT
    assert task.http_request.oidc_token.audience == "https://api.example.com"
    assert task.dispatch_deadline == dt.timedelta(
        seconds=d._settings.cloud_tasks_dispatch_deadline_s
    )
    assert not task.schedule_time  # now

    # 90 s after the moment it was built (bracketed by two readings of the clock: no claim
    # about how long building takes).
    before = dt.datetime.now(dt.UTC)
    delayed = d.build_task(JobKind.OCR, doc, attempt=4, delay_s=90)
    after = dt.datetime.now(dt.UTC)
    when = delayed.schedule_time
    assert before + dt.timedelta(seconds=90) <= when <= after + dt.timedelta(seconds=90)
    await d.aclose()


def test_task_ids_are_deterministic_and_valid_for_any_document_id():
    doc = str(uuid.uuid4())
    assert task_id(doc, JobKind.OCR, 1) == task_id(doc, "ocr", 1) == f"{doc}-ocr-1"
    assert task_id(doc, "ocr", 1) != task_id(doc, "ocr", 2) != task_id(doc, "metadata", 2)
    odd = task_id("a/b c", "ocr", 1)
    assert odd == task_id("a/b c", "ocr", 1) and odd.isalnum() and len(odd) == 64
