"""Documents per hour through the Cloud Tasks path: N API replicas, one queue, one database.

`uv run --frozen python -m bench.cloud_replicas [--replicas 4] [--docs 24] [--kind text|scan]
[--dispatches 8]` starts a private PostgreSQL, the Cloud Tasks emulator and N real API
processes (`python -m app`, `TASK_DISPATCH=cloud_tasks`, local OCR and metadata engines),
uploads the documents (each upload creates its task before its 202), and then delivers the
queued tasks itself, `--dispatches` at a time, round-robin over the replicas, with the headers
Cloud Tasks sends: the emulator delivers the tasks of a queue one at a time, which would
measure the emulator, while Cloud Tasks delivers up to `--max-concurrent-dispatches` at once
across every instance. Each delivery runs OCR and metadata in the request, as in production.

Prints the documents per hour over all replicas and per replica, the median and slowest
delivery, and the peak of database connections in use. What it measures is this machine (its
cores shared with whatever else runs), so docs/deploy-cloud-run.md records the machine with the
figures. Not part of `make bench` or `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import statistics
import time
import uuid
from pathlib import Path

import asyncpg
import grpc
import httpx
from google.cloud.tasks_v2.services.cloud_tasks import CloudTasksClient
from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

from app.store.database import apply_schema
from app.store.local_postgres import LocalPostgres
from bench.documents import scanned_pdf_pages, text_pdf_pages
from tests.conftest import free_port, traversable_tmpdir
from tests.fakes.cloud_tasks_emulator import CloudTasksEmulator, queue_path
from tests.system.apiprocess import ApiProcess


def replica(data_dir: Path, dsn: str, emulator: CloudTasksEmulator, queue: str) -> ApiProcess:
    port = free_port()
    project, location, name = queue.split("/")[1::2]
    process = ApiProcess(
        data_dir,
        port,
        DATABASE_URL=dsn,
        TASK_DISPATCH="cloud_tasks",
        CLOUD_TASKS_EMULATOR_HOST=emulator.host,
        GCP_PROJECT_ID=project,
        GCP_LOCATION=location,
        CLOUD_TASKS_QUEUE=name,
        TASKS_SERVICE_URL=f"http://127.0.0.1:{port}",
        TASKS_AUTH="platform",
        OCR_CONCURRENCY="1",
        LEASE_TTL_S="60",
        HEARTBEAT_INTERVAL_S="15",
        LOG_LEVEL="WARNING",
        ACCESS_LOG="false",
    )
    del process.env["RECOVERY_INTERVAL_S"]
    return process


async def connections(dsn: str, peak: list[int], stop: asyncio.Event) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        while not stop.is_set():
            n = await conn.fetchval(
                "select count(*) from pg_stat_activity where datname = current_database()"
            )
            peak[0] = max(peak[0], int(n) - 1)  # not this one
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
    finally:
        await conn.close()


async def run(replicas: int, docs: int, kind: str, dispatches: int) -> None:
    root = traversable_tmpdir("docstream-replicas-")
    cluster = LocalPostgres(root / "pg")
    queue = queue_path(queue=f"bench-{uuid.uuid4().hex[:8]}")
    body = text_pdf_pages(5) if kind == "text" else scanned_pdf_pages(2)
    processes: list[ApiProcess] = []
    try:
        dsn = cluster.start()
        conn = await asyncpg.connect(dsn)
        try:
            await apply_schema(conn)
        finally:
            await conn.close()
        with CloudTasksEmulator(queues=[queue]) as emulator:
            with grpc.insecure_channel(emulator.host) as channel:
                CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel)).pause_queue(
                    name=queue
                )
            for _ in range(replicas):
                processes.append(replica(root, dsn, emulator, queue))
                await asyncio.to_thread(processes[-1].start)
            async with httpx.AsyncClient(timeout=900) as client:
                r = await client.post(
                    f"{processes[0].url}/api/auth/local-token", json={"email": "b@example.com"}
                )
                auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
                ids = []
                for i in range(docs):
                    up = await client.post(
                        f"{processes[i % replicas].url}/api/document/upload",
                        files={"file": (f"{kind}-{i}.pdf", body, "application/pdf")},
                        headers=auth,
                    )
                    assert up.status_code == 202, up.text
                    ids.append(up.json()["document_id"])

                took: list[float] = []
                slots = asyncio.Semaphore(dispatches)
                peak, stop = [0], asyncio.Event()
                watcher = asyncio.create_task(connections(dsn, peak, stop))

                async def deliver(i: int, doc_id: str) -> None:
                    async with slots:
                        started = time.monotonic()
                        answer = await client.post(
                            f"{processes[i % replicas].url}/api/tasks/process-document",
                            json={"document_id": doc_id, "kind": "ocr"},
                            headers={
                                "X-CloudTasks-TaskName": f"{doc_id}-ocr-1",
                                "X-CloudTasks-QueueName": queue.rsplit("/", 1)[1],
                                "X-CloudTasks-TaskRetryCount": "0",
                                "X-CloudTasks-TaskExecutionCount": "0",
                            },
                        )
                        assert answer.status_code == 200, answer.text
                        assert answer.json()["outcome"] == "succeeded", answer.text
                        took.append(time.monotonic() - started)

                t0 = time.monotonic()
                await asyncio.gather(*(deliver(i, d) for i, d in enumerate(ids)))
                elapsed = time.monotonic() - t0
                stop.set()
                await watcher
            per_hour = docs / elapsed * 3600
            print(
                f"{replicas} replica(s), {docs} {kind} documents, {dispatches} deliveries at "
                f"once: {elapsed:.1f} s, {per_hour:.0f} documents/hour "
                f"({per_hour / replicas:.0f} per replica); delivery median "
                f"{statistics.median(took):.1f} s, slowest {max(took):.1f} s; "
                f"peak database connections {peak[0]}"
            )
    finally:
        for process in processes:
            process.stop()
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cloud_replicas", description=__doc__)
    parser.add_argument("--replicas", type=int, default=4)
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--kind", choices=["text", "scan"], default="text")
    parser.add_argument("--dispatches", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(run(args.replicas, args.docs, args.kind, args.dispatches))


if __name__ == "__main__":
    main()
