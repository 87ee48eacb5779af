"""This process's name as a lease owner, and whether another owner on this host is dead.

A lease owner is `<host>:<pid>:<start>:<boot>:<pid namespace>:<nonce>`: unique per process
start (the nonce), and precise enough that a process on the same host can tell for certain
that the owner is gone. An API killed with SIGKILL leaves its jobs leased for up to
`LEASE_TTL_S`; the API restarted in its place (`make run` restarts it at once) sees that the
owner's pid no longer exists on this host, or is now another process (a different start time),
and takes those jobs over at once instead of leaving the document frozen until the lease lapses
(`RecoverySweeper`, `store/recovery.py::expire_leases_of`).

Only a verdict that cannot be wrong counts: an owner from another host, another boot, another
pid namespace (a container) or written in another format is never judged, and its lease simply
runs out as before. Without `/proc` (not Linux) nothing is judged at all.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or
    None when no such process exists; a zombie counts as gone."""
    stat = _read(_PROC / str(pid) / "stat")
    if stat is None:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # the name, in parentheses, may hold spaces
    if len(fields) < 20 or fields[0] in ("Z", "X"):
        return None
    return fields[19]


def _boot_id() -> str:
    return (_read(_PROC / "sys/kernel/random/boot_id") or "").strip().replace("-", "")[:12]


def _pid_namespace() -> str:
    try:
        link = os.readlink(_PROC / "self/ns/pid")  # "pid:[4026531836]"
    except OSError:
        return ""
    return "".join(ch for ch in link if ch.isdigit())


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int
    start: str
    boot: str
    namespace: str

    @classmethod
    def parse(cls, owner: str) -> Owner | None:
        parts = owner.rsplit(":", 5)
        if len(parts) != 6 or not parts[1].isdigit() or not all(parts[2:5]):
            return None  # an older format, or one written where /proc was missing
        return cls(parts[0], int(parts[1]), parts[2], parts[3], parts[4])


def new_worker_id() -> str:
    """Unique per process start, so a restarted process never mistakes old leases for its own."""
    pid = os.getpid()
    start = _start_ticks(pid) or ""
    return ":".join(
        [socket.gethostname(), str(pid), start, _boot_id(), _pid_namespace(), uuid.uuid4().hex[:8]]
    )


def host_prefix(worker_id: str) -> str:
    """What every lease owner of this host starts with (`<host>:`)."""
    return worker_id.rsplit(":", 5)[0] + ":"


def dead_owners(owners: Iterable[str], me: str) -> list[str]:
    """The owners among `owners` that are certainly dead processes of this host (same boot,
    same pid namespace): their pid is gone, or belongs to a process started at another time."""
    mine = Owner.parse(me)
    if mine is None:
        return []
    dead = []
    for owner in owners:
        theirs = Owner.parse(owner)
        if (
            owner == me
            or theirs is None
            or (theirs.host, theirs.boot, theirs.namespace)
            != (mine.host, mine.boot, mine.namespace)
        ):
            continue
        if _start_ticks(theirs.pid) != theirs.start:
            dead.append(owner)
    return dead
