"""A private PostgreSQL cluster under DATA_DIR, for local mode and tests.

Uses the system's PostgreSQL binaries (15 or newer). The cluster listens on 127.0.0.1 only, on a
port chosen when it starts, with a generated password. A cluster left running by a crashed API
is reused; one left half-dead (stale postmaster.pid) is started again by `pg_ctl`. Only the
process that started the cluster stops it, so several API processes can share one data dir.

PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pwd
import secrets
import shutil
import socket
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

MIN_MAJOR = 15


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
        self.started_here = False
        self._run_as = "postgres" if os.geteuid() == 0 else None

    # --- helpers ---------------------------------------------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", self._run_as, "--", *cmd] if self._run_as else cmd

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._cmd(*args), capture_output=True, text=True, check=check, timeout=120)

    def _chown(self, path: Path) -> None:
        if self._run_as:
            pw = pwd.getpwnam(self._run_as)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    @property
    def password(self) -> str:
        return self.password_file.read_text().strip()

    def _running_port(self) -> int | None:
        """The port of a live postmaster for this data dir, else None."""
        if not (self.pgdata / "postmaster.pid").exists():
            return None
        if self._run("pg_ctl", "-D", str(self.pgdata), "status", check=False).returncode != 0:
            return None
        with contextlib.suppress(OSError, IndexError, ValueError):
            return int((self.pgdata / "postmaster.pid").read_text().splitlines()[3])
        return None

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
            "initdb", "-D", str(self.pgdata), "-U", "postgres", "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256", f"--pwfile={self.password_file}", "-E", "UTF8",
            "--locale=C.UTF-8", check=False,
        )
        if result.returncode != 0:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            hint = ""
            if self._run_as and "Permission denied" in (result.stderr + result.stdout):
                hint = f" (the '{self._run_as}' user must be able to enter every parent of {self.base})"
            raise PostgresNotAvailable(f"initdb failed{hint}: {result.stderr.strip()[-500:]}")

    def start(self) -> str:
        """Start (or reuse) the cluster; returns its connection URL."""
        self.init()
        port = self._running_port()
        if port is None:
            port = _free_port()
            result = self._run(
                "pg_ctl", "-D", str(self.pgdata), "-l", str(self.logfile), "-w", "-t", "60",
                "-o", f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories= "
                "-c max_connections=200 -c fsync=on",
                "start", check=False,
            )
            if result.returncode != 0:
                tail = self.logfile.read_text()[-800:] if self.logfile.exists() else result.stderr
                raise PostgresNotAvailable(f"PostgreSQL did not start: {tail.strip()}")
            self.started_here = True
            log.info("PostgreSQL started on 127.0.0.1:%s", port)
        else:
            log.info("reusing PostgreSQL already running on 127.0.0.1:%s", port)
        return f"postgresql://postgres:{self.password}@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        if self.started_here:
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", check=False)
            self.started_here = False
            log.info("PostgreSQL stopped")
