"""Test harness: a real PostgreSQL, the real app over real HTTP, and a pipeline runtime.

- One private PostgreSQL cluster per test session (the same `LocalPostgres` the app uses),
  schema applied once. Tests are isolated by creating their own users, never by mocking.
- The API runs in uvicorn on a loopback port in a background thread, so an upload answers
  while background OCR runs, exactly as in production.
- `runtime` is a second, in-loop `Runtime` on the same database, for driving the pipeline
  directly (claim races, lease loss, recovery).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import asyncpg
import httpx
import pytest
import uvicorn

from app.config import Settings
from app.main import create_app, lifespan_pipeline
from app.pipeline.pipeline import Pipeline
from app.runtime import Runtime
from app.store.database import _init_connection, apply_schema
from app.store.local_postgres import LocalPostgres

if TYPE_CHECKING:
    from tests.fakes.cloud_tasks_emulator import CloudTasksEmulator

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# A developer's shell may carry real keys or a real database: tests never use them.
PROVIDER_ENV = (
    "DATABASE_URL",
    "MISTRAL_API_KEY",
    "MISTRAL_SERVER_URL",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "SUPABASE_URL",
    "SUPABASE_SERVICE_ROLE_KEY",
    "SUPABASE_JWT_SECRET",
    "OCR_PROVIDER",
    "METADATA_PROVIDER",
    "STORAGE_PROVIDER",
    "AUTH_PROVIDER",
    "DATA_DIR",
    "API_PORT",
    "TASK_DISPATCH",
    "GCP_PROJECT_ID",
    "TASKS_SERVICE_URL",
    "TASKS_SERVICE_ACCOUNT",
    "TASKS_AUTH",
    "CLOUD_TASKS_EMULATOR_HOST",
    "GOOGLE_APPLICATION_CREDENTIALS",
)
for _name in PROVIDER_ENV:
    os.environ.pop(_name, None)


def traversable_tmpdir(prefix: str) -> Path:
    """A temp dir the `postgres` OS user can enter (pytest's own are 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


_ports = random.SystemRandom()  # never reseeded by a test


def free_port() -> int:
    """A port free on loopback and on the IPv6 wildcard (Next.js listens on `::`), picked below
    the kernel's ephemeral range (32768–60999 here): a port from `bind(0)` is an ephemeral one,
    and on a busy machine an outgoing connection (or another `bind(0)`) took it before the
    server under test could listen there."""
    for _ in range(200):
        port = _ports.randint(20000, 32000)
        try:
            for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::")):
                with socket.socket(family) as probe:  # one at a time: `::` covers IPv4 too
                    probe.bind((host, port))
        except OSError:
            continue
        return port
    with socket.socket() as s:  # every try taken: fall back to the kernel's choice
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    root = traversable_tmpdir("docstream-pg-")
    cluster = LocalPostgres(root)
    dsn = cluster.start()

    async def migrate() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await apply_schema(conn)
        finally:
            await conn.close()

    asyncio.run(migrate())
    yield dsn
    cluster.stop()
    shutil.rmtree(root, ignore_errors=True)


def make_settings(dsn: str, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "DATA_DIR": data_dir,
        "DATABASE_URL": dsn,
        "MAX_UPLOAD_MB": 2,
        "RECOVERY_INTERVAL_S": 3600,
        "OCR_CONCURRENCY": 2,
        "TRANSIENT_RETRIES": 1,
        "LEASE_TTL_S": 30,
        "HEARTBEAT_INTERVAL_S": 5,
        "SHUTDOWN_GRACE_S": 5,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]  # never a stray .env


@dataclass
class LiveServer:
    url: str
    settings: Settings
    app: object

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[attr-defined]

    @property
    def pipeline(self) -> Pipeline:
        return self.app.state.pipeline  # type: ignore[attr-defined]


@contextlib.contextmanager
def serve(app: object, graceful_s: float = 2) -> Iterator[str]:
    """Run an ASGI app in uvicorn on a free loopback port, in a thread; yields its URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=graceful_s,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture(scope="session")
def cloud_tasks_emulator() -> Iterator[CloudTasksEmulator]:
    """One `gcloud-tasks-emulator` process for the session, on a free loopback port, with the
    queue `tests.fakes.cloud_tasks_emulator.queue_path()`; stopped (no process left) at the end.
    Tests that let tasks fail use `emulator.fresh_queue(name)`."""
    from tests.fakes.cloud_tasks_emulator import CloudTasksEmulator  # grpc: only when used

    with CloudTasksEmulator() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def live_server(pg_dsn: str) -> Iterator[LiveServer]:
    data_dir = traversable_tmpdir("docstream-api-")
    settings = make_settings(pg_dsn, data_dir, USAGE_LIMIT_PER_MONTH=1000)
    app = create_app(settings)
    with serve(app) as url:
        yield LiveServer(url, settings, app)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
async def client(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
async def db(pg_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=5, init=_init_connection)
    yield pool
    await pool.close()


@dataclass
class User:
    id: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def sign_in(client: httpx.AsyncClient, email: str | None = None) -> User:
    email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
    response = await client.post("/api/auth/local-token", json={"email": email})
    assert response.status_code == 200, response.text
    body = response.json()
    return User(id=body["user_id"], email=email, token=body["access_token"])


@pytest.fixture
async def user(client: httpx.AsyncClient) -> User:
    return await sign_in(client)


@pytest.fixture
async def other_user(client: httpx.AsyncClient) -> User:
    return await sign_in(client)


async def upload(
    client: httpx.AsyncClient,
    user: User,
    content: bytes,
    filename: str = "doc.pdf",
    mime: str = "application/pdf",
) -> httpx.Response:
    return await client.post(
        "/api/document/upload", headers=user.headers, files={"file": (filename, content, mime)}
    )


async def wait_for(
    client: httpx.AsyncClient,
    user: User,
    document_id: str,
    done: callable = lambda d: (
        (
            d["status"] in ("ocr_complete", "failed")
            and d["metadata_status"] in ("complete", "failed")
        )
        or d["status"] == "failed"
    ),
    timeout: float = 100,  # under pytest's 120 s limit: a cold worker pool on a busy machine took 37 s
) -> dict:
    """Poll the API until `done(document)` (tests may poll; the product does not)."""
    deadline = time.monotonic() + timeout
    while True:
        response = await client.get(f"/api/documents/{document_id}", headers=user.headers)
        assert response.status_code == 200, response.text
        doc = response.json()
        if done(doc):
            return doc
        if time.monotonic() > deadline:
            raise AssertionError(f"document did not settle in {timeout}s: {doc}")
        await asyncio.sleep(0.1)


@pytest.fixture(scope="session")
async def pipeline(pg_dsn: str) -> AsyncIterator[Pipeline]:
    """A runtime and its pipeline in the test's own event loop (no background sweeper loop)."""
    data_dir = traversable_tmpdir("docstream-rt-")
    settings = make_settings(pg_dsn, data_dir, RECOVERY_INTERVAL_S=0, LEASE_TTL_S=30)
    async with lifespan_pipeline(settings) as built:
        yield built
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def runtime(pipeline: Pipeline) -> Runtime:
    """The infrastructure of `pipeline` (pools, storage, engines)."""
    return pipeline.rt
