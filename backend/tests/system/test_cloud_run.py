"""Cloud Run's rules for the Cloud Tasks path (issue 24), with real API processes, the real
google-cloud-tasks client and the `gcloud-tasks-emulator` (see test_cloud_tasks_mode.py for
the helpers and the set-up):

- an instance has CPU only while it serves a request: the task exists before the 202 (the
  API is frozen with SIGSTOP the moment its 202 arrives, as CPU throttling would);
- Cloud Tasks delivers at least once: two deliveries of one task at the same time, on one
  replica or two, run the job once;
- a delivery lives inside its dispatch deadline: a step that would not fit is handed back as
  a new task, and the document still completes;
- a queue that refuses every task: the upload is acknowledged, then fails `dispatch_failed`
  with words that name the cause.

The emulator delivers one task of a queue at a time, so concurrent deliveries are sent here
straight to the handler, with the headers the queue would send.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from tests import files
from tests.conftest import traversable_tmpdir
from tests.fakes.cloud_tasks_emulator import CloudTasksEmulator, queue_path
from tests.fakes.mistral_fake import MistralFake
from tests.system.test_cloud_tasks_mode import (
    Api,
    cloud_process,
    fresh_database,
    ocr_calls,
    query,
    queue_admin,
    signed_in,
    wait_until,
)


@dataclass
class Setup:
    apis: list[Api]
    mistral: MistralFake
    dsn: str
    queue: str


@contextlib.asynccontextmanager
async def cloud_apis(
    pg_dsn: str,
    emulator: CloudTasksEmulator,
    *,
    replicas: int = 1,
    queue: str | None = None,
    **env: str,
) -> AsyncIterator[Setup]:
    """`replicas` API processes on one database and one queue (a fresh one unless given)."""
    data_dir = traversable_tmpdir("docstream-cloud-run-")
    mistral = MistralFake().start()
    email = f"run-{uuid.uuid4().hex[:8]}@example.com"
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        stack.callback(mistral.stop)
        dsn = await stack.enter_async_context(fresh_database(pg_dsn))
        if queue is None:
            queue = stack.enter_context(emulator.fresh_queue(f"run-{uuid.uuid4().hex[:8]}"))
        apis = []
        for _ in range(replicas):  # one after the other: the first migrates the database
            process = cloud_process(data_dir, dsn, emulator.host, queue, mistral, **env)
            stack.callback(process.stop)
            await asyncio.to_thread(process.start)
            apis.append(await stack.enter_async_context(signed_in(process, queue, email)))
        yield Setup(apis, mistral, dsn, queue)


def deliver(api: Api, doc_id: str, kind: str = "ocr", retry: int = 0) -> asyncio.Task:
    """One delivery of the document's task straight to `api`'s handler, as the queue sends it."""

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(base_url=api.url, timeout=120) as client:
            return await client.post(
                "/api/tasks/process-document",
                json={"document_id": doc_id, "kind": kind},
                headers={
                    "X-CloudTasks-TaskName": f"{doc_id}-{kind}-1",
                    "X-CloudTasks-QueueName": api.queue.rsplit("/", 1)[1],
                    "X-CloudTasks-TaskRetryCount": str(retry),
                    "X-CloudTasks-TaskExecutionCount": str(retry),
                },
            )

    return asyncio.create_task(post())


def task_names(emulator: CloudTasksEmulator, queue: str) -> list[str]:
    with queue_admin(emulator) as admin:
        return [t.name.rsplit("/", 1)[1] for t in admin.list_tasks(parent=queue)]


# --- 1. the task exists before the 202 ----------------------------------------------------------
async def frozen_at_202(
    api: Api, emulator: CloudTasksEmulator, queue: str, path: str, **request: object
) -> tuple[list[str], str]:
    """POST `path`; the moment its status line arrives, SIGSTOP the API (as Cloud Run throttles
    the CPU of an instance serving no request) and list the queue (paused: the task stays
    listed). Returns the task names seen then, and the answer's body."""
    pid = api.process.proc.pid  # type: ignore[union-attr]
    with queue_admin(emulator) as admin:
        admin.pause_queue(name=queue)
    stopped = False
    try:
        async with api.client.stream("POST", path, **request) as response:  # type: ignore[arg-type]
            os.kill(pid, signal.SIGSTOP)
            stopped = True
            assert response.status_code == 202
            names = await asyncio.to_thread(task_names, emulator, queue)
            os.kill(pid, signal.SIGCONT)
            stopped = False
            body = (await response.aread()).decode()
    finally:
        if stopped:
            os.kill(pid, signal.SIGCONT)
        with queue_admin(emulator) as admin:
            admin.resume_queue(name=queue)
    return names, body


async def test_the_task_is_in_the_queue_when_the_202_arrives_even_if_the_api_freezes_then(
    pg_dsn, cloud_tasks_emulator
):
    async with cloud_apis(pg_dsn, cloud_tasks_emulator) as setup:
        [api] = setup.apis
        names, body = await frozen_at_202(
            api,
            cloud_tasks_emulator,
            setup.queue,
            "/api/document/upload",
            files={"file": ("invoice.pdf", files.bill_pdf(), "application/pdf")},
        )
        doc_id = re.search(r'"document_id":"([0-9a-f-]{36})"', body).group(1)  # type: ignore[union-attr]
        assert names == [f"{doc_id}-ocr-1"]
        doc = await api.settled(doc_id)
        assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc

        # Retry too: a document the OCR service refused, tried again by its owner.
        setup.mistral.then_status(400)
        failed_id = await api.upload("refused.pdf")
        assert (await api.settled(failed_id))["status"] == "failed"
        names, _ = await frozen_at_202(
            api,
            cloud_tasks_emulator,
            setup.queue,
            "/api/document/retry-ocr",
            data={"document_id": failed_id},
        )
        assert f"{failed_id}-ocr-2" in names, names
        doc = await api.settled(failed_id)
        assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc


# --- 2. at most one run of a job at a time ----------------------------------------------------
@pytest.mark.parametrize("replicas", [1, 2])
async def test_two_deliveries_of_one_task_at_once_run_the_job_once(
    pg_dsn, cloud_tasks_emulator, replicas
):
    async with cloud_apis(pg_dsn, cloud_tasks_emulator, replicas=replicas) as setup:
        first, second = setup.apis[0], setup.apis[-1]
        mistral = setup.mistral
        with queue_admin(cloud_tasks_emulator) as admin:
            admin.pause_queue(name=setup.queue)  # only the deliveries this test sends
            try:
                doc_id = await first.upload()
                gate = mistral.block_next()
                one = deliver(first, doc_id)

                async def held() -> bool:
                    return gate in mistral.blocked

                await wait_until(held, "the first delivery's OCR call in progress")
                # The same task again (at-least-once delivery, or a deadline passed) while
                # the first run is in its paid OCR call: it must leave that run alone.
                two = await deliver(second, doc_id)
                assert two.status_code == 200, two.text
                assert two.json()["outcome"] == "skipped"
                assert "already running" in two.json()["detail"]
                assert not one.done() and gate in mistral.blocked  # answered without waiting
                gate.set()
                answer = await one
                assert answer.status_code == 200 and answer.json()["outcome"] == "succeeded"
            finally:
                gate.set()
                admin.purge_queue(name=setup.queue)
                admin.resume_queue(name=setup.queue)

        doc = await first.settled(doc_id)
        assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
        assert ocr_calls(mistral) == 1
        [results] = await query(
            setup.dsn,
            "select count(*) as n from ocr_results where document_id = $1",
            uuid.UUID(doc_id),
        )
        assert results["n"] == 1
        [usage] = await query(setup.dsn, "select documents_processed, pages_processed from usage")
        assert (usage["documents_processed"], usage["pages_processed"]) == (1, 2)
        [runs] = await query(
            setup.dsn,
            "select count(*) as n from document_jobs where document_id = $1 and kind = 'ocr'",
            uuid.UUID(doc_id),
        )
        assert runs["n"] == 1  # one run, never restarted or superseded
        await second.logged(rf"\[{doc_id}\] ocr job already running under a live lease")


# --- 3. a deadline budget per delivery --------------------------------------------------------
DEADLINE_S = 60


async def test_a_step_that_would_not_fit_in_the_deadline_is_handed_back_and_still_completes(
    pg_dsn, cloud_tasks_emulator
):
    # Margin: CLOUD_TASKS_TIMEOUT_S + 5 = 7 s. Metadata (45 s) fits only within the first 8 s
    # of a delivery; OCR (30 s) within the first 23 s.
    async with cloud_apis(
        pg_dsn,
        cloud_tasks_emulator,
        CLOUD_TASKS_DISPATCH_DEADLINE_S=str(DEADLINE_S),
        CLOUD_TASKS_TIMEOUT_S="2",
        OCR_TIMEOUT_S="30",
        METADATA_TIMEOUT_S="45",
    ) as setup:
        [api] = setup.apis
        gate = setup.mistral.block_next()
        doc_id = await api.upload()

        async def held() -> bool:
            return gate in setup.mistral.blocked

        await wait_until(held, "the OCR call in progress")
        await asyncio.sleep(10)  # the OCR takes 10 s: too long for metadata in this delivery
        gate.set()

        doc = await api.settled(doc_id)
        assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
        await api.logged(
            rf"\[{doc_id}\] metadata job handed back after [\d.]+ s of {DEADLINE_S} s "
            r"\(too little time left\): continues as \S+/tasks/"
            rf"{doc_id}-metadata-1-h[0-9a-f]+"
        )
        await api.logged(rf"\[{doc_id}\] ocr: task={doc_id}-ocr-1 .* -> handed_back")
        await api.logged(
            rf"\[{doc_id}\] metadata: task={doc_id}-metadata-1-h[0-9a-f]+ .* -> succeeded"
        )
        # Every delivery ended inside its dispatch deadline, by its own log line.
        took = [
            float(t)
            for t in re.findall(
                rf"\[{doc_id}\] \w+: task=.* \[([\d.]+) s of {DEADLINE_S} s\]", api.log()
            )
        ]
        assert len(took) == 2 and all(t < DEADLINE_S for t in took), took
        assert ocr_calls(setup.mistral) == 1


# --- 4. undeliverable tasks fail visibly ------------------------------------------------------
async def test_a_queue_that_refuses_every_task_fails_the_upload_with_dispatch_failed(pg_dsn):
    queue = queue_path(queue=f"denied-{uuid.uuid4().hex[:8]}")
    with CloudTasksEmulator(queues=[queue], deny_creates=True) as denying:
        async with cloud_apis(
            pg_dsn,
            denying,
            queue=queue,
            CLOUD_TASKS_TIMEOUT_S="2",
            STUCK_JOB_THRESHOLD_S="1",
            RECOVERY_INTERVAL_S="1",  # the in-process sweep stands in for Cloud Scheduler
        ) as setup:
            [api] = setup.apis
            doc_id = await api.upload()  # acknowledged: the row is durable, whatever the queue
            assert (await api.document(doc_id))["status"] == "uploading"
            doc = await api.settled(doc_id, timeout_s=90)
            assert doc["status"] == "failed" and doc["error_code"] == "dispatch_failed", doc
            message = doc["error_message"]
            assert "permission denied" in message and "not with your file" in message
            assert "Retry" in message and "TASKS_" not in message
            # Each sweep's re-send counted: the upload's own try, then MAX_RETRY_COUNT (2).
            assert "after 3 tries" in message
            line = await api.logged(rf"\[{doc_id}\] dispatch_failed: .*")
            for what in (queue, "roles/cloudtasks.enqueuer", "roles/run.invoker", "audience"):
                assert what in line.group(0)
            assert "Traceback" not in api.log()
            assert ocr_calls(setup.mistral) == 0
