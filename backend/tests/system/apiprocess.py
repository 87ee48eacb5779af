"""Run the real API as a separate OS process (`python -m app`), to kill it like a crash would."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.store.local_postgres import LocalPostgres

BACKEND = Path(__file__).resolve().parents[2]


class ApiProcess:
    def __init__(self, data_dir: Path, port: int, **env: str) -> None:
        self.data_dir, self.port = data_dir, port
        self.url = f"http://127.0.0.1:{port}"
        from tests.conftest import PROVIDER_ENV

        inherited = {k: v for k, v in os.environ.items() if k not in PROVIDER_ENV}
        self.env = {
            **inherited,
            "DATA_DIR": str(data_dir),
            "API_PORT": str(port),
            "OMP_THREAD_LIMIT": "1",
            "LEASE_TTL_S": "3",
            "HEARTBEAT_INTERVAL_S": "1",
            "RECOVERY_INTERVAL_S": "1",
            "OCR_CONCURRENCY": "2",
            "SHUTDOWN_GRACE_S": "1",
            "LOG_LEVEL": "INFO",
            # A killed API cannot remove its temp files (multiprocessing's socket dir): keep
            # them in the data dir, which the test removes.
            "TMPDIR": str(data_dir / "tmp"),
            **env,
        }
        (data_dir / "tmp").mkdir(exist_ok=True)
        self.proc: subprocess.Popen | None = None
        self.logs: list[Path] = []

    def start(self, timeout: float = 60) -> None:
        log = self.data_dir / f"api-{self.port}-{len(self.logs)}.log"
        self.logs.append(log)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app"],
            cwd=BACKEND,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"API exited early:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"API did not become healthy:\n{log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the API and its OCR worker processes: nothing gets to clean up."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def terminate(self, timeout: float = 30) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def log_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.logs if p.exists())

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.terminate()


def remove_data_dir(data_dir: Path) -> None:
    """Stop the private cluster the API processes left running there, then delete it all."""
    cluster = LocalPostgres(data_dir)
    cluster.stop(force=True)  # whoever started it is gone
    shutil.rmtree(data_dir, ignore_errors=True)
