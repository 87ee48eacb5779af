"""A private PostgreSQL cluster under DATA_DIR, for local mode and tests.

Uses the system's PostgreSQL binaries (15 or newer). The cluster listens on 127.0.0.1 only, on a
port chosen when it starts, with a generated password. A cluster left running by a crashed API
is reused; one left half-dead (stale postmaster.pid) is started again by `pg_ctl`.

Several processes may share one data dir (`make api` twice, `python -m app sweep` next to the
API, an API restarted after a crash). The rule: **the last process using the cluster stops
it.** Each user registers a file under `postgres/users/` (its pid and the pid's start time, so a
recycled pid does not count), under an exclusive lock on `postgres/lock`; `stop` removes the
caller's file and stops the cluster only when no live user is left. A user that crashed leaves a
file naming a dead process, which does not count, so the next clean exit still stops the cluster.

PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

MIN_MAJOR = 15
START_ATTEMPTS = 5


class PostgresNotAvailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """The newest installed PostgreSQL server binaries (Debian keeps them off PATH)."""
    candidates = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    if candidates and int(candidates[0].parent.name) >= MIN_MAJOR:
        return candidates[0]
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresNotAvailable(
        "PostgreSQL 15+ server binaries not found. Install them (Debian: apt-get install "
        "postgresql-15) or set DATABASE_URL to an existing database."
    )


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (None if gone or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    def __init__(self, data_dir: Path) -> None:
        self.base = data_dir / "postgres"
        self.pgdata = self.base / "data"
        self.logfile = self.base / "postgres.log"
        self.password_file = self.base / "password"
        self.bindir = find_bindir()
        self.users = self.base / "users"
        self.started_here = False
        self._user_file: Path | None = None
        self._run_as = "postgres" if os.geteuid() == 0 else None

    # --- helpers ---------------------------------------------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", self._run_as, "--", *cmd] if self._run_as else cmd

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._cmd(*args), capture_output=True, text=True, check=check, timeout=120
        )

    def _chown(self, path: Path) -> None:
        if self._run_as:
            pw = pwd.getpwnam(self._run_as)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    @property
    def password(self) -> str:
        return self.password_file.read_text().strip()

    def _postmaster(self) -> tuple[int, int] | None:
        """(pid, port) from postmaster.pid, or None when there is no readable lock file."""
        with contextlib.suppress(OSError, IndexError, ValueError):
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
            return int(lines[0]), int(lines[3])
        return None

    @staticmethod
    def _alive(pid: int) -> bool:
        """Running, and not a zombie: a SIGKILLed postmaster nobody reaped still 'exists'."""
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state not in ("Z", "X")

    @staticmethod
    def _accepts(port: int) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
        return False

    def _running_port(self) -> int | None:
        """The port of a live postmaster for this data dir that accepts connections, else None.

        A postmaster that is alive but not (yet) listening gets a few seconds: another process
        may be starting it right now.
        """
        found = self._postmaster()
        if found is None or not self._alive(found[0]):
            return None
        for _ in range(20):
            if self._accepts(found[1]):
                return found[1]
            if not self._alive(found[0]):
                return None
            time.sleep(0.25)
        return None

    def _clear_stale_lock(self) -> None:
        """A lock file naming a dead or zombie postmaster would make PostgreSQL refuse to start."""
        found = self._postmaster()
        if found is not None and not self._alive(found[0]):
            (self.pgdata / "postmaster.pid").unlink(missing_ok=True)
            log.warning("removed the lock file of a dead PostgreSQL (pid %s)", found[0])

    # --- who uses the cluster ----------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialises start, registration and stop across processes sharing this data dir."""
        self.base.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.base / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _live_users(self) -> list[Path]:
        """Registered users whose process still runs; files of dead ones are removed."""
        live = []
        for path in self.users.glob("*"):
            pid, _, started = path.name.partition("-")
            if pid.isdigit() and _start_time(int(pid)) == started.split("-", 1)[0]:
                live.append(path)
            else:
                path.unlink(missing_ok=True)
        return live

    def _register(self) -> None:
        self.users.mkdir(exist_ok=True)
        pid = os.getpid()
        path = self.users / f"{pid}-{_start_time(pid)}-{secrets.token_hex(4)}"
        path.touch()
        self._user_file = path

    # --- lifecycle -------------------------------------------------------------------------
    def init(self) -> None:
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o700)
        self._chown(self.base)
        self.password_file.write_text(secrets.token_urlsafe(24))
        self.password_file.chmod(0o600)
        self._chown(self.password_file)
        log.info("initialising PostgreSQL cluster in %s", self.pgdata)
        result = self._run(
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            "postgres",
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            f"--pwfile={self.password_file}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            check=False,
        )
        if result.returncode != 0:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            hint = ""
            if self._run_as and "Permission denied" in (result.stderr + result.stdout):
                hint = f" (the '{self._run_as}' user must be able to enter every parent of {self.base})"
            raise PostgresNotAvailable(f"initdb failed{hint}: {result.stderr.strip()[-500:]}")

    def start(self) -> str:
        """Start (or reuse) the cluster and register as one of its users; returns its URL."""
        with self._locked():
            port = self._start_locked()
            self._register()
        return f"postgresql://postgres:{self.password}@127.0.0.1:{port}/postgres"

    def _start_locked(self) -> int:
        self.init()
        port = self._running_port()
        if port is None:
            port = _free_port()
            # After a crash, orphaned backends may hold the old shared memory for a moment:
            # PostgreSQL refuses to start until they are gone, so try a few times.
            for attempt in range(START_ATTEMPTS):
                self._clear_stale_lock()
                result = self._run(
                    "pg_ctl",
                    "-D",
                    str(self.pgdata),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories= "
                    "-c max_connections=200 -c fsync=on",
                    "start",
                    check=False,
                )
                if result.returncode == 0:
                    break
                if attempt == START_ATTEMPTS - 1:
                    tail = (
                        self.logfile.read_text()[-800:] if self.logfile.exists() else result.stderr
                    )
                    raise PostgresNotAvailable(f"PostgreSQL did not start: {tail.strip()}")
                time.sleep(1)
            self.started_here = True
            log.info("PostgreSQL started on 127.0.0.1:%s", port)
        else:
            others = len(self._live_users())
            log.info(
                "reusing PostgreSQL already running on 127.0.0.1:%s (%d other process%s "
                "using it; the last one to exit stops it)",
                port,
                others,
                "" if others == 1 else "es",
            )
        return port

    def stop(self, force: bool = False) -> None:
        """Unregister; stop the cluster if no other live process uses it (the last one stops it).

        `force` stops it whoever still uses it (tests, and cleaning up after killed processes).
        """
        if self._user_file is None and not force:
            return
        with self._locked():
            if self._user_file is not None:
                self._user_file.unlink(missing_ok=True)
                self._user_file = None
            self.started_here = False
            others = len(self._live_users())
            if others and not force:
                log.info(
                    "PostgreSQL left running: %d other process%s still using it",
                    others,
                    "" if others == 1 else "es",
                )
                return
            if self._postmaster() is None:
                return
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", check=False)
            log.info("PostgreSQL stopped")
