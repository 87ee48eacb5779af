"""The task endpoints: who may call them, and how a job's result becomes the queue's instruction.

The app is the real `create_app` in `cloud_tasks` mode, called in-process; the job runner is a
stand-in (`run_task` is issue 9's seam; the end-to-end runs with the emulator and a real
database live in the system tests), so what is checked here is the HTTP contract Cloud Tasks
relies on: 200 = done, 503 (+ Retry-After) = try again, and the final-attempt decision.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from app.auth.local import LocalTokens
from app.config import Settings
from app.domain import JobKind
from app.logs import ContextFilter
from app.main import create_app
from app.pipeline import runner
from app.pipeline.budget import Budget
from app.pipeline.outcome import TaskOutcome, TaskResult
from app.pipeline.recovery import ON_DEMAND_BUDGET_S
from tests.fakes.google_oidc import ACCOUNT, AUDIENCE, FakeGoogleCerts, GoogleKey

TASK_HEADERS = {
    "X-CloudTasks-TaskName": "abc-ocr-1",
    "X-CloudTasks-QueueName": "document-processing",
    "X-CloudTasks-TaskExecutionCount": "0",
}


@dataclass
class FakeRunner:
    """Replaces `runner.run_task`: records each call, answers the scripted result."""

    result: TaskResult = field(default_factory=lambda: TaskResult(TaskOutcome.SUCCEEDED))
    calls: list[dict[str, Any]] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)

    async def __call__(
        self,
        rt: object,
        queue: object,
        dispatcher: object,
        kind: JobKind,
        document_id: uuid.UUID,
        *,
        final_attempt: bool,
        budget: Budget,
        page_start: int | None = None,
    ) -> TaskResult:
        self.calls.append(
            {"kind": kind, "document_id": document_id, "final_attempt": final_attempt}
        )
        self.budgets.append(budget)
        return self.result


class FakeSweepReport:
    def summary(self) -> dict[str, object]:
        return {"found": 4, "requeued": 2, "failed": 1, "deferred": 1, "duration_ms": 12}


class FakeSweeper:
    def __init__(self) -> None:
        self.runs = 0

    async def sweep_once(self, **limits: object) -> FakeSweepReport:
        self.runs += 1
        self.limits = limits
        return FakeSweepReport()


@pytest.fixture(scope="module")
def key() -> GoogleKey:
    return GoogleKey("kid-tasks")


@pytest.fixture(scope="module")
def certs(key: GoogleKey) -> Iterator[FakeGoogleCerts]:
    with FakeGoogleCerts() as fake:
        fake.published[key.kid] = key.cert_pem
        yield fake


@pytest.fixture
def run_task(monkeypatch: pytest.MonkeyPatch) -> FakeRunner:
    fake = FakeRunner()
    monkeypatch.setattr(runner, "run_task", fake)
    return fake


def cloud_settings(tmp_path: Path, certs: FakeGoogleCerts, **overrides: object) -> Settings:
    return Settings(
        _env_file=None,
        DATA_DIR=tmp_path,
        TASK_DISPATCH="cloud_tasks",  # type: ignore[arg-type]
        GCP_PROJECT_ID="acme-docs",
        TASKS_SERVICE_URL=AUDIENCE,
        TASKS_SERVICE_ACCOUNT=ACCOUNT,
        TASKS_OIDC_CERTS_URL=certs.url,
        **overrides,
    )


@contextlib.asynccontextmanager
async def api(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, FakeSweeper]]:
    """The real app, in-process, with a stand-in runtime and pipeline (settings and sweeper
    only)."""
    app = create_app(settings)
    sweeper = FakeSweeper()
    app.state.runtime = SimpleNamespace(settings=settings)
    app.state.pipeline = SimpleNamespace(
        rt=app.state.runtime, queue=None, dispatcher=None, sweeper=sweeper
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://localhost"
    ) as client:  # an allowed Host
        yield client, sweeper


@pytest.fixture
async def platform(tmp_path, certs) -> AsyncIterator[httpx.AsyncClient]:
    async with api(cloud_settings(tmp_path, certs, TASKS_AUTH="platform")) as (client, _):
        yield client


def job(kind: str = "ocr") -> tuple[str, dict[str, str]]:
    doc = str(uuid.uuid4())
    return doc, {"document_id": doc, "kind": kind}


# --- the answer Cloud Tasks acts on ------------------------------------------------------------
@pytest.mark.parametrize(
    "outcome", [TaskOutcome.SUCCEEDED, TaskOutcome.SKIPPED, TaskOutcome.FAILED]
)
async def test_done_skipped_and_failed_for_good_answer_200_so_the_queue_stops(
    platform, run_task, outcome
):
    run_task.result = TaskResult(outcome, detail="why")
    doc, body = job("metadata")
    response = await platform.post(
        "/api/tasks/process-document",
        json=body,
        headers={**TASK_HEADERS, "X-CloudTasks-TaskRetryCount": "0"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "document_id": doc,
        "kind": "metadata",
        "outcome": outcome,
        "detail": "why",
    }
    assert run_task.calls == [
        {"kind": JobKind.METADATA, "document_id": uuid.UUID(doc), "final_attempt": False}
    ]


async def test_a_transient_failure_answers_503_with_retry_after_so_the_queue_retries(
    platform, run_task
):
    run_task.result = TaskResult(TaskOutcome.RETRY, retry_after_s=7.2, detail="Mistral 503")
    _, body = job()
    response = await platform.post(
        "/api/tasks/process-document",
        json=body,
        headers={**TASK_HEADERS, "X-CloudTasks-TaskRetryCount": "1"},
    )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "8"
    assert response.json()["outcome"] == "retry"

    run_task.result = TaskResult(TaskOutcome.RETRY)  # no hint from the engine
    response = await platform.post("/api/tasks/process-document", json=body)
    assert response.status_code == 503 and "retry-after" not in response.headers


@pytest.mark.parametrize(
    "retry_count, final",
    [
        (None, False),
        ("0", False),
        ("3", False),
        ("4", True),
        ("9", True),
        ("garbage", False),
    ],
)
async def test_only_the_queues_last_attempt_may_mark_the_document_failed(
    platform, run_task, retry_count, final
):
    _, body = job()
    headers = dict(TASK_HEADERS)
    if retry_count is not None:
        headers["X-CloudTasks-TaskRetryCount"] = retry_count
    response = await platform.post("/api/tasks/process-document", json=body, headers=headers)
    assert response.status_code == 200
    assert run_task.calls[-1]["final_attempt"] is final  # MAX_RETRY_COUNT defaults to 4


async def test_the_log_line_names_the_document_task_queue_and_counts(platform, run_task, caplog):
    doc, body = job()
    caplog.handler.addFilter(ContextFilter())
    with caplog.at_level(logging.INFO, logger="app.api.tasks"):
        await platform.post(
            "/api/tasks/process-document",
            json=body,
            headers={**TASK_HEADERS, "X-CloudTasks-TaskRetryCount": "2"},
        )
    [record] = [r for r in caplog.records if r.name == "app.api.tasks"]
    assert record.doc_prefix == f"[{doc}] "  # type: ignore[attr-defined]
    line = record.getMessage()
    for part in (
        "ocr:",
        "task=abc-ocr-1",
        "queue=document-processing",
        "retry=2",
        "execution=0",
        "succeeded",
        "s of 900 s]",  # the time the delivery took, against its dispatch deadline
    ):
        assert part in line
    assert [b.deadline_s for b in run_task.budgets] == [900]


@pytest.mark.parametrize(
    "body",
    [
        {"document_id": "not-a-uuid", "kind": "ocr"},
        {"document_id": str(uuid.uuid4()), "kind": "thumbnail"},
        {"kind": "ocr"},
    ],
)
async def test_a_malformed_task_is_dropped_with_a_200_and_a_log_line_so_the_queue_stops(
    platform, run_task, body, caplog
):
    # Cloud Tasks retries every non-2xx answer (a 422 included) until its attempts run out;
    # no retry can make this body a task, so it is dropped at once, and said so in the log.
    with caplog.at_level(logging.WARNING, logger="app.api.tasks"):
        response = await platform.post(
            "/api/tasks/process-document", json=body, headers=TASK_HEADERS
        )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["outcome"] == "skipped" and answer["detail"].startswith("not a task, dropped")
    assert run_task.calls == []
    [line] = [r.getMessage() for r in caplog.records if r.name == "app.api.tasks"]
    assert "task=abc-ocr-1" in line and "not a task" in line and "dropped" in line


async def test_a_body_that_is_not_json_is_dropped_too(platform, run_task):
    response = await platform.post(
        "/api/tasks/process-document",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["outcome"] == "skipped"
    assert run_task.calls == []


async def test_the_sweep_answers_its_summary(tmp_path, certs):
    async with api(cloud_settings(tmp_path, certs, TASKS_AUTH="platform")) as (client, sweeper):
        response = await client.post("/api/tasks/sweep")
    assert response.status_code == 200
    assert response.json() == {
        "found": 4,
        "requeued": 2,
        "failed": 1,
        "deferred": 1,
        "duration_ms": 12,
    }
    assert sweeper.runs == 1
    # A Scheduler call takes batches until none is left, within a budget short of its deadline.
    assert sweeper.limits == {"deadline_s": ON_DEMAND_BUDGET_S, "max_batches": None}


# --- who may call -----------------------------------------------------------------------------
async def test_with_oidc_only_google_tokens_for_our_account_get_in(tmp_path, certs, key, run_task):
    user_jwt = LocalTokens("a-local-secret-of-sufficient-length-0123456789").mint(
        str(uuid.uuid4()), "someone@example.com"
    )
    async with api(cloud_settings(tmp_path, certs)) as (client, sweeper):
        for path in ("/api/tasks/process-document", "/api/tasks/sweep"):
            _, body = job()
            refused = [
                await client.post(path, json=body),
                await client.post(path, json=body, headers={"Authorization": f"Bearer {user_jwt}"}),
                await client.post(
                    path,
                    json=body,
                    headers={
                        "Authorization": f"Bearer {key.sign(audience='https://other.run.app')}"
                    },
                ),
                await client.post(
                    path,
                    json=body,
                    headers={"Authorization": f"Bearer {key.sign(email='me@gmail.com')}"},
                ),
            ]
            assert [r.status_code for r in refused] == [401, 401, 401, 401], path
            ok = await client.post(
                path, json=body, headers={"Authorization": f"Bearer {key.sign()}"}
            )
            assert ok.status_code == 200, ok.text
    assert len(run_task.calls) == 1 and sweeper.runs == 1


async def test_the_task_routes_do_not_exist_in_the_default_mode(tmp_path, run_task):
    settings = Settings(_env_file=None, DATA_DIR=tmp_path)
    async with api(settings) as (client, sweeper):
        for path in ("/api/tasks/process-document", "/api/tasks/sweep"):
            response = await client.post(path, json=job()[1])
            assert response.status_code == 404
        schema = (await client.get("/openapi.json")).json()
    assert not [p for p in schema["paths"] if p.startswith("/api/tasks")]
    assert run_task.calls == [] and sweeper.runs == 0
