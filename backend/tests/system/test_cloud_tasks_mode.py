"""`TASK_DISPATCH=cloud_tasks` end to end: the real API process (`python -m app`), the real
google-cloud-tasks client, and the `gcloud-tasks-emulator` delivering each task over HTTP to
`POST /api/tasks/process-document` with its `X-CloudTasks-*` headers.

OCR is the Mistral fake (scriptable: 503, 422, a request held open), metadata the local engine;
the emulator sends no OIDC token, so the processes run with `TASKS_AUTH=platform` (the OIDC
check has its own tests). Each test gets a database of its own in the session's PostgreSQL
cluster and a queue of its own in the session's emulator. Like production, these processes do
not sweep on a timer (the cloud_tasks default): where a sweep is needed the test calls
`POST /api/tasks/sweep`, as Cloud Scheduler would — except the queue-outage test, which turns
the in-process sweeper on to cover that configuration too.

The emulator delivers the tasks of one queue one at a time, so two processes here share the
work but never run at the same instant; what the scale-out test checks is that they share it
correctly (each document processed once, nothing lost when one of them is killed).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import grpc
import httpx
import pytest
from google.cloud.tasks_v2.services.cloud_tasks import CloudTasksClient
from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.fakes.cloud_tasks_emulator import CloudTasksEmulator, queue_path
from tests.fakes.mistral_fake import MistralFake
from tests.system.apiprocess import ApiProcess

MAX_RETRY_COUNT = 2  # the third delivery (retry count 2) is the final attempt
STUCK_S = 8  # STUCK_JOB_THRESHOLD_S of the shared process: room to see a sweep find nothing


# --- helpers ---------------------------------------------------------------------------------
async def wait_until(
    check: Callable[[], Awaitable[object]], what: str, timeout_s: float = 60, every_s: float = 0.2
) -> object:
    """Poll `check()` until it returns something truthy; fail naming `what` at the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout_s}s (last: {result!r})")
        await asyncio.sleep(every_s)


def settled(doc: dict) -> bool:
    return doc["status"] == "failed" or (
        doc["status"] == "ocr_complete" and doc["metadata_status"] in ("complete", "failed")
    )


@dataclass
class Api:
    """One `python -m app` in cloud_tasks mode, and a signed-in user's HTTP client."""

    process: ApiProcess
    client: httpx.AsyncClient
    queue: str

    @property
    def url(self) -> str:
        return self.process.url

    def log(self) -> str:
        return self.process.log_text()

    async def upload(self, name: str = "invoice.pdf") -> str:
        r = await self.client.post(
            "/api/document/upload", files={"file": (name, files.bill_pdf(), "application/pdf")}
        )
        assert r.status_code == 202, r.text
        return r.json()["document_id"]

    async def document(self, doc_id: str) -> dict:
        r = await self.client.get(f"/api/documents/{doc_id}")
        assert r.status_code == 200, r.text
        return r.json()

    async def settled(self, doc_id: str, timeout_s: float = 60) -> dict:
        async def check() -> dict | None:
            doc = await self.document(doc_id)
            return doc if settled(doc) else None

        return await wait_until(check, f"document {doc_id} settled", timeout_s)  # type: ignore[return-value]

    async def logged(self, pattern: str, timeout_s: float = 30) -> re.Match[str]:
        """The first log line matching `pattern` (lines are written as the handler answers,
        which may be just after the document's final state became visible)."""

        async def check() -> re.Match[str] | None:
            return re.search(pattern, self.log())

        return await wait_until(check, f"log line /{pattern}/", timeout_s)  # type: ignore[return-value]

    async def sweep(self) -> dict:
        r = await self.client.post("/api/tasks/sweep")
        assert r.status_code == 200, r.text
        return r.json()


def cloud_process(
    data_dir: Path, dsn: str, emulator_host: str, queue: str, mistral: MistralFake, **env: str
) -> ApiProcess:
    """An API process whose tasks go to `queue` and come back to itself: its own URL is its
    TASKS_SERVICE_URL (in production that is the load balancer's, shared by every replica)."""
    port = free_port()
    project, location, name = queue.split("/")[1::2]
    process = ApiProcess(
        data_dir,
        port,
        DATABASE_URL=dsn,
        MISTRAL_API_KEY="test-mistral-key",
        MISTRAL_SERVER_URL=mistral.url,
        TASK_DISPATCH="cloud_tasks",
        CLOUD_TASKS_EMULATOR_HOST=emulator_host,
        GCP_PROJECT_ID=project,
        GCP_LOCATION=location,
        CLOUD_TASKS_QUEUE=name,
        TASKS_SERVICE_URL=f"http://127.0.0.1:{port}",
        TASKS_AUTH="platform",
        **{"MAX_RETRY_COUNT": str(MAX_RETRY_COUNT), **env},
    )
    if "RECOVERY_INTERVAL_S" not in env:
        del process.env["RECOVERY_INTERVAL_S"]  # the cloud_tasks default: Cloud Scheduler sweeps
    return process


@contextlib.asynccontextmanager
async def signed_in(process: ApiProcess, queue: str, email: str) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=process.url, timeout=30) as client:
        r = await client.post("/api/auth/local-token", json={"email": email})
        assert r.status_code == 200, r.text
        client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        yield Api(process, client, queue)


@contextlib.asynccontextmanager
async def fresh_database(pg_dsn: str) -> AsyncIterator[str]:
    """A database of its own in the session's cluster (the API process migrates it at start):
    sweeps and counts see only this test's documents."""
    name = f"cloud_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(pg_dsn)
    try:
        await conn.execute(f'create database "{name}"')
    finally:
        await conn.close()
    try:
        yield f"{pg_dsn.rsplit('/', 1)[0]}/{name}"
    finally:
        conn = await asyncpg.connect(pg_dsn)
        try:
            await conn.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await conn.close()


async def query(dsn: str, sql: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


@contextlib.contextmanager
def queue_admin(emulator: CloudTasksEmulator) -> Iterator[CloudTasksClient]:
    with grpc.insecure_channel(emulator.host) as channel:
        yield CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))


def ocr_calls(mistral: MistralFake) -> int:
    return sum(1 for r in mistral.requests if r.path.startswith("/v1/ocr"))


def delivery(doc_id: str, retry: int, answer: str, *, task: str | None = None) -> str:
    """The handler's log line for one delivery of a document's OCR task."""
    task = task or f"{doc_id}-ocr-1"
    return (
        rf"\[{doc_id}\] ocr: task={re.escape(task)} queue=\S+ retry={retry} "
        rf"execution={retry}(?: \(final attempt\))? -> {answer}"
    )


# --- one process: the task's life ------------------------------------------------------------
@dataclass
class Shared:
    api: Api
    mistral: MistralFake
    dsn: str
    emulator: CloudTasksEmulator


@pytest.fixture(scope="module")
async def shared(pg_dsn: str, cloud_tasks_emulator: CloudTasksEmulator) -> AsyncIterator[Shared]:
    """One API process in cloud_tasks mode for the tests that each follow one document."""
    data_dir = traversable_tmpdir("docstream-cloud-tasks-")
    mistral = MistralFake().start()
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        stack.callback(mistral.stop)
        dsn = await stack.enter_async_context(fresh_database(pg_dsn))
        queue = stack.enter_context(cloud_tasks_emulator.fresh_queue(f"one-{uuid.uuid4().hex[:8]}"))
        process = cloud_process(
            data_dir,
            dsn,
            cloud_tasks_emulator.host,
            queue,
            mistral,
            STUCK_JOB_THRESHOLD_S=str(STUCK_S),
        )
        stack.callback(process.stop)
        await asyncio.to_thread(process.start)
        api = await stack.enter_async_context(signed_in(process, queue, "tasks@example.com"))
        yield Shared(api, mistral, dsn, cloud_tasks_emulator)


async def test_an_upload_becomes_a_task_that_the_handler_runs_to_the_end(shared):
    api = shared.api
    doc_id = await api.upload()
    doc = await api.settled(doc_id)
    assert doc["status"] == "ocr_complete", doc["error_message"]
    assert doc["metadata_status"] == "complete", doc["metadata_error"]
    assert doc["display_name"] and doc["page_count"] == 2
    assert "# Invoice 42" in doc["ocr"]["text"]
    # Created by the upload once its row was committed, delivered by the queue to the handler,
    # which ran OCR and then metadata inside the request and answered 200.
    await api.logged(rf"\[{doc_id}\] queued task {re.escape(api.queue)}/tasks/{doc_id}-ocr-1")
    await api.logged(delivery(doc_id, 0, "succeeded"))


async def test_a_503_from_the_ocr_service_is_redelivered_by_the_queue_until_it_works(shared):
    api, mistral = shared.api, shared.mistral
    before = ocr_calls(mistral)
    mistral.then_status(503).then_status(503)
    doc_id = await api.upload()
    doc = await api.settled(doc_id)
    assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
    assert doc["error_code"] is None and doc["retry_count"] == 0
    # No retry inside the request: each 503 is the handler's answer, and the queue redelivers
    # with its retry count growing (what the handler reads to decide the final attempt).
    await api.logged(delivery(doc_id, 0, r"retry later \(503\)"))
    await api.logged(delivery(doc_id, 1, r"retry later \(503\)"))
    await api.logged(delivery(doc_id, 2, "succeeded"))
    assert ocr_calls(mistral) - before == 3


async def test_a_permanent_error_answers_200_and_fails_the_document_at_once(shared):
    api, mistral = shared.api, shared.mistral
    before = ocr_calls(mistral)
    mistral.then_status(400)  # e.g. a document the service will never read
    doc_id = await api.upload()
    doc = await api.settled(doc_id)
    assert doc["status"] == "failed", api.log()[-5000:]
    assert "rejected the document" in doc["error_message"]
    assert doc["error_code"] != "retries_exhausted"
    await api.logged(delivery(doc_id, 0, "failed"))  # 200: the queue does not try again
    assert ocr_calls(mistral) - before == 1


async def test_a_transient_error_on_the_final_attempt_fails_with_retries_exhausted(shared):
    api, mistral = shared.api, shared.mistral
    before = ocr_calls(mistral)
    for _ in range(MAX_RETRY_COUNT + 1):
        mistral.then_status(503)
    doc_id = await api.upload()
    doc = await api.settled(doc_id)
    assert doc["status"] == "failed" and doc["error_code"] == "retries_exhausted", doc
    assert "try" in doc["error_message"].lower()  # says what to do: Retry in a while
    for retry in range(MAX_RETRY_COUNT):
        await api.logged(delivery(doc_id, retry, r"retry later \(503\)"))
    final = await api.logged(delivery(doc_id, MAX_RETRY_COUNT, "failed"))
    assert "(final attempt)" in final.group(0)
    assert ocr_calls(mistral) - before == MAX_RETRY_COUNT + 1


async def test_the_sweep_endpoint_gives_a_document_left_without_a_job_a_new_task(shared):
    api, dsn = shared.api, shared.dsn
    # A document `uploading` whose job row is gone (e.g. accepted before jobs existed, or
    # restored from a backup) and whose task never ran: nothing will ever deliver it.
    with queue_admin(shared.emulator) as admin:
        admin.pause_queue(name=api.queue)
        try:
            doc_id = await api.upload()
            await api.logged(rf"\[{doc_id}\] queued task ")
            await query(dsn, "delete from document_jobs where document_id = $1", uuid.UUID(doc_id))
            admin.purge_queue(name=api.queue)
        finally:
            admin.resume_queue(name=api.queue)

    first = await api.sweep()  # Cloud Scheduler's call, before STUCK_JOB_THRESHOLD_S passed
    assert (first["found"], first["requeued"]) == (0, 0), first
    assert (await api.document(doc_id))["status"] == "uploading"

    async def recovered() -> dict | None:
        summary = await api.sweep()
        return summary if summary["found"] else None

    summary = await wait_until(
        recovered, "a sweep that finds the document", STUCK_S + 30, every_s=0.5
    )
    assert summary["found"] == summary["requeued"] == 1, summary  # type: ignore[index]
    assert summary["failed"] == summary["deferred"] == 0, summary  # type: ignore[index]
    doc = await api.settled(doc_id)
    assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
    # Its first task's name was spent (purged), so the new job got a re-dispatch name.
    await api.logged(rf"\[{doc_id}\] queued task \S+/tasks/{doc_id}-ocr-1-r\d+")
    await api.logged(
        rf"\[{doc_id}\] ocr: task={doc_id}-ocr-1-r\d+ \S+ retry=0 execution=0 "
        "-> succeeded"
    )


# --- the queue down at upload time -----------------------------------------------------------
async def test_an_upload_while_the_queue_is_unreachable_is_accepted_and_completes_once_it_is_back(
    pg_dsn,
):
    port = free_port()  # where the queue will be: nothing listens there yet
    queue = queue_path(queue=f"outage-{uuid.uuid4().hex[:8]}")
    emulator = CloudTasksEmulator(queues=[queue], port=port)
    data_dir = traversable_tmpdir("docstream-cloud-outage-")
    mistral = MistralFake().start()
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        stack.callback(mistral.stop)
        stack.callback(emulator.stop)
        dsn = await stack.enter_async_context(fresh_database(pg_dsn))
        # This one also sweeps in-process (the option for instances with CPU between requests).
        process = cloud_process(
            data_dir,
            dsn,
            f"127.0.0.1:{port}",
            queue,
            mistral,
            CLOUD_TASKS_TIMEOUT_S="2",
            STUCK_JOB_THRESHOLD_S="2",
            RECOVERY_INTERVAL_S="1",
            # An outage shorter than MAX_RETRY_COUNT re-sends: with a 2 s threshold the default
            # here would fail the upload `dispatch_failed` (tests/system/test_cloud_run.py).
            MAX_RETRY_COUNT="1000",
        )
        stack.callback(process.stop)
        await asyncio.to_thread(process.start)
        api = await stack.enter_async_context(signed_in(process, queue, "outage@example.com"))

        doc_id = await api.upload()  # 202: the row is committed, whatever the queue does
        await api.logged(
            rf"\[{doc_id}\] could not dispatch the job now; the recovery sweeper "
            r"will: The task queue is unreachable"
        )
        assert (await api.document(doc_id))["status"] == "uploading"
        # Past STUCK_JOB_THRESHOLD_S the sweeper finds the job, cannot dispatch it either, and
        # leaves it queued for its next pass (one line per pass, not one per job).
        await api.logged(r"recovery sweep: 1 job\(s\) not dispatched \(")

        await asyncio.to_thread(emulator.start)
        doc = await api.settled(doc_id, timeout_s=90)
        assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
        assert doc["retry_count"] == 0  # a job that waited is not a failed attempt
        await api.logged(delivery(doc_id, 0, "succeeded"))
        # The upload said so once; the sweeps that found the queue still down said so once
        # per pass, without the document's stack of retries.
        assert len(re.findall(rf"\[{doc_id}\] could not dispatch", api.log())) == 1
        assert "Traceback" not in api.log()


# --- scale-out: two processes, one queue, one database ----------------------------------------
BATCH = 50


async def held_request_of(process: ApiProcess, mistral: MistralFake, dsn: str) -> str:
    """Hold OCR answers one at a time until the request held is `process`'s; return its
    document. The queue delivers one task at a time, so the OCR job `running` while a request
    is held is that request's."""
    gate = mistral.block_next()
    while True:

        async def held(gate: object = gate) -> bool:
            return gate in mistral.blocked

        await wait_until(held, "an OCR request held", 60, every_s=0.05)
        [job] = await query(
            dsn,
            "select document_id, lease_owner from document_jobs "
            "where kind = 'ocr' and state = 'running'",
        )
        if f":{process.proc.pid}:" in job["lease_owner"]:  # worker ids are host:pid:random
            return str(job["document_id"])
        # The other process's: arm the next hold, then let this one go.
        gate, released = mistral.block_next(), gate
        released.set()


@pytest.mark.timeout(420)
async def test_two_processes_share_fifty_uploads_and_a_sigkill_of_one_loses_nothing(
    pg_dsn, cloud_tasks_emulator
):
    """Each process's tasks point at itself (its own TASKS_SERVICE_URL): two replicas behind
    one queue, which the emulator cannot load-balance. Uploads alternate between them."""
    data_dir = traversable_tmpdir("docstream-cloud-scale-")
    mistral = MistralFake().start()
    email = f"scale-{uuid.uuid4().hex[:8]}@example.com"
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        stack.callback(mistral.stop)
        dsn = await stack.enter_async_context(fresh_database(pg_dsn))
        queue = stack.enter_context(
            cloud_tasks_emulator.fresh_queue(f"scale-{uuid.uuid4().hex[:8]}")
        )
        # Short enough for a test, long enough that a busy machine's late heartbeat (every
        # second) never lets a live process's lease lapse: only the killed one's do.
        first, second = (
            cloud_process(
                data_dir,
                dsn,
                cloud_tasks_emulator.host,
                queue,
                mistral,
                LEASE_TTL_S="8",
                STUCK_JOB_THRESHOLD_S="3",
            )
            for _ in range(2)
        )
        stack.callback(second.stop)
        stack.callback(first.stop)
        for process in (first, second):  # one after the other: the first migrates the database
            await asyncio.to_thread(process.start)
        a = await stack.enter_async_context(signed_in(first, queue, email))
        b = await stack.enter_async_context(signed_in(second, queue, email))

        t0 = time.monotonic()
        ids = []
        for i in range(BATCH // 2):
            ids += [await a.upload(f"a-{i}.pdf"), await b.upload(f"b-{i}.pdf")]
        t_uploaded = time.monotonic()

        async def count_settled() -> int:
            [row] = await query(
                dsn,
                "select count(*) from documents where id = any($1::uuid[]) "
                "and status = 'ocr_complete' and metadata_status = 'complete'",
                ids,
            )
            return row["count"]

        await wait_until(lambda: _at_least(count_settled, 10), "10 documents processed", 120)
        # Kill the first process in the middle of a request: its OCR call is held open.
        victim = await held_request_of(first, mistral, dsn)
        done_before_kill = await count_settled()
        first.kill()
        t_killed = time.monotonic()
        for gate in list(mistral.blocked):
            gate.set()

        # Its tasks now fail to connect; the queue gives up on them after five attempts. Cloud
        # Scheduler's sweep on the survivor takes over the interrupted job once its lease has
        # expired, and gives the dropped tasks' jobs new tasks.
        last_sweep = 0.0
        sweeps: list[dict] = []

        async def all_settled() -> bool:
            nonlocal last_sweep
            if time.monotonic() - last_sweep >= 2:
                sweeps.append(await b.sweep())
                last_sweep = time.monotonic()
            return await count_settled() == BATCH

        await wait_until(all_settled, f"all {BATCH} documents processed", 240, every_s=0.5)
        t_done = time.monotonic()
        print(
            f"\nscale-out: {BATCH} uploads in {t_uploaded - t0:.1f}s; {done_before_kill} done "
            f"when the first process was killed at {t_killed - t0:.1f}s; all done at "
            f"{t_done - t0:.1f}s ({t_done - t_killed:.1f}s after the kill, "
            f"{len(sweeps)} sweeps: {sweeps})"
        )

        docs = (await b.client.get("/api/documents", params={"limit": 200})).json()["documents"]
        docs = [d for d in docs if d["id"] in ids]
        assert len(docs) == BATCH
        assert all(
            d["status"] == "ocr_complete"
            and d["metadata_status"] == "complete"
            and d["display_name"]
            for d in docs
        )
        by_id = {d["id"]: d for d in docs}
        assert by_id[victim]["retry_count"] == 1  # the interrupted run, counted once
        assert sum(d["retry_count"] for d in docs) == 1

        # Exactly once: one result per document, usage counted once per document...
        [row] = await query(
            dsn,
            "select count(*) as n, count(distinct document_id) as docs "
            "from ocr_results where document_id = any($1::uuid[])",
            ids,
        )
        assert (row["n"], row["docs"]) == (BATCH, BATCH)
        [usage] = await query(
            dsn,
            "select documents_processed, pages_processed from usage u "
            "join auth.users a on a.id = u.user_id where a.email = $1",
            email,
        )
        assert (usage["documents_processed"], usage["pages_processed"]) == (BATCH, 2 * BATCH)
        # ...and one completed OCR run per document, by whichever process ran it.
        per_process = [
            Counter(re.findall(r"\[([0-9a-f-]{36})\] OCR complete", p.log_text()))
            for p in (first, second)
        ]
        assert all(per_process[0][i] + per_process[1][i] == 1 for i in ids), per_process
        assert per_process[0].total() > 0 and per_process[1].total() > 0  # both took a share
        assert per_process[0][victim] == 0 and per_process[1][victim] == 1
        [interrupted] = await query(
            dsn,
            "select count(*) from document_jobs where document_id = $1 and kind = 'ocr' "
            "and error_code = 'interrupted'",
            uuid.UUID(victim),
        )
        assert interrupted["count"] == 1


async def _at_least(count: Callable[[], Awaitable[int]], n: int) -> bool:
    return await count() >= n
