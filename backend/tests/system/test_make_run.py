"""`make run` as a person uses it, in a terminal: the API is killed and comes back; Ctrl-C leaves
nothing, also when the output goes through `tee`; a taken API port is refused at once.

Runs the real `make run` (setup check, supervisor, API with its private PostgreSQL and OCR
workers, web app) on free ports with a fresh DATA_DIR, in a pseudo-terminal of its own: the
command leads a new session with the terminal as its controlling terminal, so Ctrl-C (the byte
0x03 typed into the terminal) reaches its foreground process group exactly as in a shell. SIGINT
is reset to its default in the child: a test run started as a background job inherits SIGINT
ignored, and then nothing would ever stop. The web app runs as `next dev` (WEB_MODE=dev) in its
own build directory: a production `next build` for a one-off API port would cost minutes and
replace the developer's build; supervision is the same either way.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from app.store.database import BACKGROUND_NICE
from app.store.local_postgres import LocalPostgres
from tests import files
from tests.conftest import free_port, traversable_tmpdir

REPO = Path(__file__).resolve().parents[3]
NOISE = re.compile(
    r"Traceback|KeyboardInterrupt|make: \*\*\*|Error 130|deprecat|Warning:", re.IGNORECASE
)
MAKE_RUN = "make --no-print-directory run"


def _terminal_session(sigint_ignored: bool = False) -> None:
    """In the child, before exec: lead a new session whose controlling terminal is the pty on
    stdin, with SIGINT as a shell's foreground job has it (default, unblocked), whatever this
    test process inherited; or, with `sigint_ignored`, as a script or a background job of a
    shell without job control leaves it (ignored)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN if sigint_ignored else signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class MakeRun:
    def __init__(
        self,
        data_dir: Path,
        log: Path,
        command: str = MAKE_RUN,
        api_port: int | None = None,
        sigint_ignored: bool = False,
        web_port: int | None = None,
    ) -> None:
        self.data_dir, self.log = data_dir, log
        self.api_port = api_port or free_port()
        self.web_port = web_port or free_port()
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
            INBOX_DIR=str(data_dir / "inbox"),
            TERM="dumb",
        )  # the API is killed: its temp files stay here
        (data_dir / "tmp").mkdir()
        self.env = env
        self._out = log.open("wb")
        self._terminal, child_end = pty.openpty()
        attrs = termios.tcgetattr(child_end)
        attrs[3] |= termios.ISIG  # Ctrl-C typed into the terminal becomes SIGINT
        termios.tcsetattr(child_end, termios.TCSANOW, attrs)
        self.proc = subprocess.Popen(
            ["bash", "-c", command] if command != MAKE_RUN else command.split(),
            cwd=REPO,
            env=env,
            stdin=child_end,
            stdout=child_end,
            stderr=child_end,
            start_new_session=True,
            preexec_fn=functools.partial(_terminal_session, sigint_ignored),
        )
        os.close(child_end)
        self._reader = threading.Thread(target=self._copy_terminal, daemon=True)
        self._reader.start()

    def _copy_terminal(self) -> None:
        """Everything written to the terminal goes to the log; reading it also keeps writers from
        blocking on a full terminal buffer."""
        while True:
            try:
                chunk = os.read(self._terminal, 65536)
            except OSError:  # EIO: every process holding the terminal has closed it
                return
            if not chunk:
                return
            self._out.write(chunk)
            self._out.flush()

    def exited(self, timeout: float) -> str:
        """Wait for the command to end and for the terminal to be read to its end (the copy
        runs behind: without this the last lines may not be in the log yet); its output."""
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=30)
        return self.output

    def ctrl_c(self) -> None:
        """Ctrl-C in the terminal: the line discipline sends SIGINT to its foreground group."""
        os.write(self._terminal, b"\x03")

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
        os.close(self._terminal)
        self._reader.join(10)
        self._out.close()

    def ports_free(self) -> bool:
        return not any(_port_taken(port) for port in (self.api_port, self.web_port))


def _port_taken(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@contextlib.contextmanager
def started_make_run(
    command: str = MAKE_RUN,
    api_port: int | None = None,
    sigint_ignored: bool = False,
    web_port: int | None = None,
) -> Iterator[MakeRun]:
    data_dir = traversable_tmpdir("docstream-run-")
    log = data_dir.parent / f"{data_dir.name}.log"
    run = MakeRun(data_dir, log, command, api_port, sigint_ignored, web_port)
    try:
        yield run
    finally:
        run.kill_everything()
        shutil.rmtree(REPO / "frontend" / ".next-system-test", ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
        run.log.unlink(missing_ok=True)


@pytest.fixture
def make_run() -> Iterator[MakeRun]:
    with started_make_run() as run:
        yield run


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
    # The watched folder is made and named, and the restarted API takes a file dropped there.
    inbox = make_run.data_dir / "inbox"
    assert f"files put in {inbox} become documents of me@localhost" in make_run.output
    (inbox / "dropped.pdf").write_bytes(files.bill_pdf())
    make_run.wait("the dropped file taken", lambda: any((inbox / ".done").glob("*/dropped.pdf")))
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
    make_run.ctrl_c()
    stopping = make_run.exited(timeout=120)[before_stop:]
    assert "run: stopping the API" in stopping
    # make itself dies by the SIGINT it received, like any interrupted program; the script it ran
    # exited 0, so make reports no error.
    assert make_run.proc.returncode in (0, -signal.SIGINT), make_run.output[-3000:]
    assert not NOISE.search(make_run.output), make_run.output[-6000:]

    deadline = time.monotonic() + 20
    while left := make_run.processes():
        assert time.monotonic() < deadline, f"left running after Ctrl-C: {left}"
        time.sleep(0.2)
    assert make_run.ports_free()


def test_ctrl_c_of_make_run_piped_into_tee_leaves_nothing_running(tmp_path: Path):
    """`make run 2>&1 | tee run.log`: Ctrl-C kills `tee` too, so everything make run writes
    while stopping goes into a closed pipe; it must stop everything all the same."""
    tee_log = tmp_path / "run.log"
    with started_make_run(f"{MAKE_RUN} 2>&1 | tee {tee_log}") as run:
        run.wait("healthy API", run.api_healthy)
        run.wait("web app", run.web_listening)
        assert {"postgres", "ocr worker", "node", "api"} <= _kinds(run.processes())
        assert "run: starting the API" in tee_log.read_text()

        run.ctrl_c()
        run.proc.wait(timeout=120)
        deadline = time.monotonic() + 90  # the API finishes its shutdown and stops the database
        while (left := run.processes()) or not run.ports_free():
            assert time.monotonic() < deadline, f"left running after Ctrl-C: {left}"
            time.sleep(0.2)


def test_ctrl_c_stops_make_run_started_with_sigint_ignored():
    """A script, or a background job of a shell without job control, starts `make run` with
    SIGINT ignored, and a shell cannot trap a signal ignored at entry: the Makefile gives the
    supervisor SIGINT back, so Ctrl-C (or `kill -INT`) still stops everything."""
    with started_make_run(sigint_ignored=True) as run:
        run.wait("healthy API", run.api_healthy)
        run.wait("web app", run.web_listening)
        run.ctrl_c()
        run.proc.wait(timeout=120)
        deadline = time.monotonic() + 90  # the API finishes its shutdown and stops the database
        while (left := run.processes()) or not run.ports_free():
            assert time.monotonic() < deadline, f"left running after Ctrl-C: {left}"
            time.sleep(0.2)


class _OtherServer(http.server.BaseHTTPRequestHandler):
    """Some other program on the API's port, answering every request with 200 (as another
    Docstream API's health check would)."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_: object) -> None:
        pass


def test_a_taken_api_port_stops_make_run_at_once_and_says_which_port():
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OtherServer)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    port = other.server_address[1]
    try:
        # The web app's port is the next one: the suggested API port must skip it.
        with started_make_run(api_port=port, web_port=port + 1) as run:
            # No API was ever started, so nothing is left to stop: make run ends within seconds
            # (the bound is generous only for a loaded machine; a restart loop takes minutes).
            output = run.exited(timeout=60)
            assert run.proc.returncode not in (0, -signal.SIGINT), output[-3000:]
            assert f"port {port} is already in use" in output, output
            suggested = re.search(r"API_PORT=(\d+) make run", output)
            assert suggested and int(suggested[1]) not in (port, port + 1), output
            assert "STOPPED UNEXPECTEDLY" not in output and "is back" not in output, output
            assert "run: starting the API" not in output, output
            assert not run.processes()
            assert not (run.data_dir / "postgres").exists()  # no database was started
    finally:
        other.shutdown()
        other.server_close()


def test_the_api_refuses_a_taken_port_before_it_starts_anything(tmp_path: Path):
    """`python -m app` itself (also under `make api`, and if the port is taken between run.sh's
    check and the API's start): a message naming the port and API_PORT, and the exit status
    run.sh never restarts, before a database is started (uvicorn binds only after start-up)."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VIRTUAL_ENV"))}
        env.update(API_PORT=str(port), DATA_DIR=str(tmp_path / "data"), TMPDIR=str(tmp_path))
        api = subprocess.run(
            ["uv", "run", "--frozen", "python", "-m", "app"],
            cwd=REPO / "backend",
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert api.returncode == 98, api.stderr[-3000:]
    assert f"port {port} is already in use" in api.stderr and "API_PORT" in api.stderr
    assert not (tmp_path / "data" / "postgres").exists()
