"""Lease owner names, and the verdict "this owner is a dead process of this host"."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from app.process_id import Owner, dead_owners, new_worker_id


def _named(me: str, *, pid: int | None = None, start: str | None = None, **other: str) -> str:
    parsed = Owner.parse(me)
    assert parsed is not None
    parts = {
        "host": parsed.host,
        "pid": str(pid if pid is not None else parsed.pid),
        "start": start if start is not None else parsed.start,
        "boot": parsed.boot,
        "namespace": parsed.namespace,
        **other,
    }
    return ":".join([*parts.values(), "abc123"])


def test_an_owner_names_this_process_uniquely_per_start():
    me, again = new_worker_id(), new_worker_id()
    assert me != again
    parsed = Owner.parse(me)
    assert parsed is not None and parsed.pid == os.getpid()
    assert dead_owners([me, again], me) == []  # this process, under either name, is alive


def test_a_pid_that_exited_or_was_reused_is_dead_and_nothing_else_is():
    me = new_worker_id()
    exited = subprocess.Popen(["true"])
    exited.wait()
    with subprocess.Popen(["sleep", "60"]) as sleeper:
        try:
            live = Owner.parse(new_worker_id())
            assert live is not None
            # The sleeper's real start time, read the way the owner name records it.
            start = Path(f"/proc/{sleeper.pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
            owners = {
                "exited": _named(me, pid=exited.pid),
                "reused": _named(me, pid=sleeper.pid, start=str(int(start) + 1)),
                "alive": _named(me, pid=sleeper.pid, start=start),
                "other host": _named(me, pid=exited.pid, host="another-host"),
                "other boot": _named(me, pid=exited.pid, boot="0123456789ab"),
                "other namespace": _named(me, pid=exited.pid, namespace="1"),
                "old format": f"{live.host}:{exited.pid}:1a2b3c4d",
            }
            dead = dead_owners(owners.values(), me)
            assert {k for k, v in owners.items() if v in dead} == {"exited", "reused"}
        finally:
            sleeper.kill()
