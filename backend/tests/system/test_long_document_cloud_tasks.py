"""A long scan in `TASK_DISPATCH=cloud_tasks` mode: its OCR becomes page-range tasks that two
replicas run, every page is read once, and the metadata job runs once even when a range task is
delivered twice. Two real API processes, the real google-cloud-tasks client against the
emulator, the real local engine on a 40-page scan (four ranges of ten pages).

The emulator delivers each task to the URL it names, and it cannot load-balance: so both
replicas name one URL, a round-robin balancer in front of them (as Cloud Run's is), which also
delivers the first range task a second time, to the other replica, as an at-least-once queue
may."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import shutil
import threading
import uuid

import httpx
import pytest

from tests import files
from tests.conftest import traversable_tmpdir
from tests.fakes._server import LoopbackServer, Reply
from tests.fakes.mistral_fake import MistralFake
from tests.system.test_cloud_tasks_mode import (
    cloud_process,
    fresh_database,
    query,
    signed_in,
    wait_until,
)

PAGES, RANGE = 40, 10


class Balancer:
    """Round-robin over the replicas; the first delivery of a page-range task with
    `page_start == duplicate_start` is also sent to the next replica, after it was answered."""

    def __init__(self, duplicate_start: int) -> None:
        self.backends: list[str] = []
        self._next = itertools.count()
        self._duplicate_start = duplicate_start
        self.duplicated: list[int] = []
        self._lock = threading.Lock()
        self._server = LoopbackServer(self._handle)

    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> Balancer:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def _forward(self, backend: str, method: str, path: str, headers: dict, body: bytes) -> Reply:
        keep = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}
        r = httpx.request(method, backend + path, headers=keep, content=body, timeout=600)
        return r.status_code, {"Content-Type": r.headers.get("content-type", "")}, r.content

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        n = next(self._next)
        backend = self.backends[n % len(self.backends)]
        reply = self._forward(backend, method, path, headers, body)
        try:
            start = json.loads(body).get("page_start")
        except ValueError:
            start = None
        with self._lock:
            again = start == self._duplicate_start and start not in self.duplicated
            if again:
                self.duplicated.append(start)
        if again:  # the same task once more, to the other replica
            other = self.backends[(n + 1) % len(self.backends)]
            self._forward(other, method, path, headers, body)
        return reply


@pytest.mark.timeout(900)
async def test_a_long_scan_is_read_in_range_tasks_on_two_replicas(pg_dsn, cloud_tasks_emulator):
    data_dir = traversable_tmpdir("docstream-cloud-long-")
    mistral = MistralFake().start()  # unused: OCR is local here; cloud_process wants one
    balancer = Balancer(duplicate_start=RANGE).start()
    email = f"long-{uuid.uuid4().hex[:8]}@example.com"
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        stack.callback(mistral.stop)
        stack.callback(balancer.stop)
        dsn = await stack.enter_async_context(fresh_database(pg_dsn))
        queue = stack.enter_context(
            cloud_tasks_emulator.fresh_queue(f"long-{uuid.uuid4().hex[:8]}")
        )
        replicas = [
            cloud_process(
                data_dir,
                dsn,
                cloud_tasks_emulator.host,
                queue,
                mistral,
                OCR_PROVIDER="local",
                OCR_RANGE_PAGES=str(RANGE),
                LEASE_TTL_S="20",
            )
            for _ in range(2)
        ]
        for process in replicas:
            process.env["TASKS_SERVICE_URL"] = balancer.url
            stack.callback(process.stop)
        for process in replicas:  # one after the other: the first migrates the database
            await asyncio.to_thread(process.start)
        balancer.backends = [p.url for p in replicas]
        api = await stack.enter_async_context(signed_in(replicas[0], queue, email))

        r = await api.client.post(
            "/api/document/upload",
            files={"file": ("long.pdf", files.scanned_pages_pdf(PAGES), "application/pdf")},
        )
        assert r.status_code == 202, r.text
        doc_id = r.json()["document_id"]
        doc = await api.settled(doc_id, timeout_s=700)
        assert doc["status"] == "ocr_complete" and doc["metadata_status"] == "complete", doc
        assert doc["page_count"] == PAGES

        runs = await query(
            dsn,
            "select kind, state, page_start, page_stop, attempt from document_jobs "
            "where document_id = $1 order by kind desc, attempt",
            uuid.UUID(doc_id),
        )
        ranges = [(r["page_start"], r["page_stop"]) for r in runs if r["page_start"] is not None]
        assert ranges == [(0, 10), (10, 20), (20, 30), (30, 40)]
        assert all(r["state"] == "succeeded" for r in runs)
        assert sum(1 for r in runs if r["kind"] == "metadata") == 1  # queued once
        pages = await query(
            dsn,
            "select page_index, reads from ocr_pages where document_id = $1 order by page_index",
            uuid.UUID(doc_id),
        )
        assert [p["page_index"] for p in pages] == list(range(PAGES))
        assert all(p["reads"] == 1 for p in pages)  # every page once, the duplicate included
        assert balancer.duplicated == [RANGE]

        # Range tasks (attempts 2-5 of the document's OCR) ran on both replicas.
        pattern = rf"\[{doc_id}\] ocr: task={doc_id}-ocr-([2-9])-p\d+ \S+ \S+ \S+ -> succeeded"

        async def ranges_logged() -> list[set[str]] | None:
            found = [set(re.findall(pattern, p.log_text())) for p in replicas]
            return found if len(found[0] | found[1]) == 4 else None

        per_replica = await wait_until(ranges_logged, "every range task answered", 30)
        assert all(per_replica), per_replica  # type: ignore[union-attr]
        # The metadata job ran once, in one process.
        logs = "".join(p.log_text() for p in replicas)
        assert len(re.findall(rf"\[{doc_id}\] metadata complete", logs)) == 1, logs[-4000:]
