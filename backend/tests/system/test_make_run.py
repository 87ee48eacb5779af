"""`make run` as a person uses it: the API is killed and comes back; Ctrl-C leaves nothing.

Runs the real `make run` (setup check, supervisor, API with its private PostgreSQL and OCR
workers, web app) on free ports with a fresh DATA_DIR. The web app runs as `next dev`
(WEB_MODE=dev) in its own build directory: a production `next build` for a one-off API port
would cost minutes and replace the developer's build; supervision is the same either way.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from app.store.database import BACKGROUND_NICE
from app.store.local_postgres import LocalPostgres
from tests.conftest import free_port, traversable_tmpdir

REPO = Path(__file__).resolve().parents[3]
NOISE = re.compile(
    r"Traceback|KeyboardInterrupt|make: \*\*\*|Error 130|deprecat|Warning:", re.IGNORECASE
)


class MakeRun:
    def __init__(self, data_dir: Path, log: Path) -> None:
        self.data_dir, self.log = data_dir, log
        self.api_port, self.web_port = free_port(), free_port()
        while self.web_port == self.api_port:
            self.web_port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VIRTUAL_ENV"))}
        env.update(
            DATA_DIR=str(data_dir),
            API_PORT=str(self.api_port),
            WEB_PORT=str(self.web_port),
            WEB_MODE="dev",
            NEXT_DIST_DIR=".next-system-test",
            OCR_CONCURRENCY="2",
            TMPDIR=str(data_dir / "tmp"),
            OCR_SPARE_WORKERS="1",
        )  # the API is killed: its temp files stay here
        (data_dir / "tmp").mkdir()
        self.env = env
        self._out = log.open("wb")
        # Its own session and process group, like a shell job: Ctrl-C signals the whole group.
        self.proc = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait(self, what: str, check: Callable[[], bool], timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if self.proc.poll() is not None and not check():
                raise AssertionError(
                    f"make run exited ({self.proc.returncode}) before {what}:\n"
                    f"{self.output[-4000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} after {timeout}s:\n{self.output[-4000:]}")
            time.sleep(0.2)

    def api_healthy(self) -> bool:
        try:
            return (
                httpx.get(f"http://127.0.0.1:{self.api_port}/api/health", timeout=2).status_code
                == 200
            )
        except httpx.HTTPError:
            return False

    def web_listening(self) -> bool:
        with socket.socket() as s:
            s.settimeout(1)
            return s.connect_ex(("127.0.0.1", self.web_port)) == 0

    def processes(self) -> dict[int, str]:
        """Every live process of this data dir: in its environment or on its command line."""
        found = {}
        marker = f"DATA_DIR={self.data_dir}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if (
                marker in environ.split(b"\0") or str(self.data_dir).encode() in cmdline
            ) and LocalPostgres._alive(int(entry.name)):
                found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace")[:160]
        return found

    def kill_everything(self) -> None:
        """Last resort for a failed test: nothing of this run may outlive it."""
        with_pg = LocalPostgres(self.data_dir)
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        with_pg.stop(force=True)
        self._out.close()


@pytest.fixture
def make_run() -> Iterator[MakeRun]:
    data_dir = traversable_tmpdir("docstream-run-")
    run = MakeRun(data_dir, data_dir.parent / f"{data_dir.name}.log")
    try:
        yield run
    finally:
        run.kill_everything()
        shutil.rmtree(REPO / "frontend" / ".next-system-test", ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
        run.log.unlink(missing_ok=True)


def _kinds(processes: dict[int, str]) -> set[str]:
    kinds = set()
    for cmd in processes.values():
        if "postgres" in cmd:
            kinds.add("postgres")
        if "forkserver" in cmd:
            kinds.add("ocr worker")
        if re.search(r"\bnext\b|node", cmd):
            kinds.add("node")
        if "-m app" in cmd:
            kinds.add("api")
    return kinds


def _client_sessions(postmaster: int) -> list[int]:
    """The postmaster's children serving a client (their title names the client's address)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            title = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == postmaster and "127.0.0.1(" in title:
            found.append(int(entry.name))
    return found


def test_make_run_restarts_a_killed_api_and_ctrl_c_leaves_nothing(make_run: MakeRun):
    make_run.wait("healthy API", make_run.api_healthy)
    make_run.wait("web app", make_run.web_listening)
    running = make_run.processes()
    assert {"postgres", "ocr worker", "node", "api"} <= _kinds(running), running
    # The web app runs on the Node the setup script pinned (no supabase-js deprecation warning).
    node = [pid for pid, cmd in running.items() if "next dev" in cmd]
    assert node and "/.tools/node-" in os.readlink(f"/proc/{node[0]}/exe"), running
    # The job pipeline's database sessions run behind the requests' (docs/architecture.md).
    postmaster = [pid for pid, cmd in running.items() if " -D " in cmd and "postgres" in cmd]
    assert len(postmaster) == 1, running
    base = os.getpriority(os.PRIO_PROCESS, postmaster[0])
    nices = {os.getpriority(os.PRIO_PROCESS, pid) for pid in _client_sessions(postmaster[0])}
    assert {base, max(base, BACKGROUND_NICE)} <= nices, nices

    # The API dies (the OOM killer, a crash): make run says so and brings it back.
    api = [pid for pid, cmd in running.items() if "python -m app" in cmd and "uv " not in cmd]
    assert len(api) == 1, running
    os.kill(api[0], signal.SIGKILL)
    make_run.wait(
        "message about the dead API", lambda: "THE API STOPPED UNEXPECTEDLY" in make_run.output
    )
    assert "killed by signal 9 (KILL)" in make_run.output
    make_run.wait(
        "restarted API", lambda: "the API is back" in make_run.output and make_run.api_healthy()
    )
    # The new API's forkserver and its workers (OCR_CONCURRENCY + the spare): the killed API's
    # workers died with it.
    workers_of_one_api = (
        1 + int(make_run.env["OCR_CONCURRENCY"]) + int(make_run.env["OCR_SPARE_WORKERS"])
    )
    make_run.wait(
        "the killed API's workers to exit",
        lambda: (
            len([c for c in make_run.processes().values() if "forkserver" in c])
            <= workers_of_one_api
        ),
    )

    # Ctrl-C in the terminal: SIGINT to the foreground process group.
    before_stop = len(make_run.output)
    os.killpg(make_run.proc.pid, signal.SIGINT)
    make_run.proc.wait(timeout=120)
    stopping = make_run.output[before_stop:]
    assert "run: stopping the API" in stopping
    # make itself dies by the SIGINT it received, like any interrupted program; the script it ran
    # exited 0, so make reports no error.
    assert make_run.proc.returncode in (0, -signal.SIGINT), make_run.output[-3000:]
    assert not NOISE.search(make_run.output), make_run.output[-6000:]

    deadline = time.monotonic() + 20
    while left := make_run.processes():
        assert time.monotonic() < deadline, f"left running after Ctrl-C: {left}"
        time.sleep(0.2)
