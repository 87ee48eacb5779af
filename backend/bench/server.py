"""The real API as a subprocess (`python -m app`), on a fresh data dir and a free port.

Each API benchmark gets its own process and database, so one benchmark's background OCR
backlog never leaks into the next one's numbers. Stopping is SIGTERM (the app stops the
PostgreSQL cluster it started); if that fails the cluster is stopped here, and we check that no
postgres process for the data dir is left before removing it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

BACKEND = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ApiServer:
    """`async with ApiServer() as api:` → a running API at `api.url`, removed afterwards."""

    def __init__(self, **env: str) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="docstream-bench-"))
        self.data_dir.chmod(0o755)  # PostgreSQL runs as `postgres` and must enter it
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "api.log"
        self.extra_env = env
        self.proc: subprocess.Popen[bytes] | None = None

    async def __aenter__(self) -> Self:
        self.start()
        try:
            await self._wait_ready(timeout=90)
        except BaseException:
            self.stop()
            raise
        return self

    def start(self) -> None:
        env = {
            **os.environ,
            "DATA_DIR": str(self.data_dir),
            "API_PORT": str(self.port),
            "API_HOST": "127.0.0.1",
            "DATABASE_URL": "",
            "OMP_THREAD_LIMIT": "1",
            # Local everything, whatever a developer's backend/.env says.
            "OCR_PROVIDER": "local",
            "METADATA_PROVIDER": "local",
            "STORAGE_PROVIDER": "local",
            "AUTH_PROVIDER": "local",
            "SUPABASE_URL": "",
            "MISTRAL_API_KEY": "",
            "ANTHROPIC_API_KEY": "",
            # The monthly quota (1000) would refuse a long upload run; the rest is defaults.
            "USAGE_LIMIT_PER_MONTH": "1000000",
            "SHUTDOWN_GRACE_S": "2",
            # One bench client stands in for many users and addresses: the per-user cap of
            # requests in flight and the per-address connection cap would refuse its bursts.
            "HTTP_MAX_REQUESTS_PER_USER": "256",
            "HTTP_MAX_CONNECTIONS_PER_IP": "0",
            **self.extra_env,
        }
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app"],
                cwd=BACKEND,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            while time.monotonic() < deadline:
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"the API exited at start-up:\n{self.log_tail()}")
                try:
                    if (await client.get("/api/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"the API was not healthy within {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    async def sign_in(self, client: httpx.AsyncClient, email: str) -> dict[str, str]:
        """Local sign-in; returns the Authorization header for `email`."""
        r = await client.post(f"{self.url}/api/auth/local-token", json={"email": email})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def dsn(self) -> str:
        """The API's private cluster: password file, and the port from postmaster.pid line 4."""
        pg = self.data_dir / "postgres"
        password = (pg / "password").read_text().strip()
        port = int((pg / "data" / "postmaster.pid").read_text().splitlines()[3])
        return f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        """SIGTERM the API, wait; then make sure its cluster is down and remove the data dir."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if postgres_pids(self.data_dir):
            from app.store.local_postgres import LocalPostgres

            cluster = LocalPostgres(self.data_dir)
            cluster.stop(force=True)
        left = postgres_pids(self.data_dir)
        if left:
            raise RuntimeError(f"postgres still running for {self.data_dir}: pids {left}")
        shutil.rmtree(self.data_dir, ignore_errors=True)


def postgres_pids(data_dir: Path) -> list[int]:
    """Postmaster processes whose command line names this data dir."""
    needle = str(data_dir).encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"postgres" in cmdline and needle in cmdline:
            pids.append(int(entry.name))
    return pids
