"""A real IMAP server for the e-mail channel's tests: Dovecot (Debian's `dovecot-imapd`), started
by the test on a loopback port with a configuration of its own in a temp dir, one passwd-file
user, plain IMAP without TLS (loopback only), and stopped (nothing left) at the end.

Run as root (as in CI containers) it serves mail as the `dovecot` system user, which owns the
mail directory; otherwise everything runs as the current user.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import free_port, traversable_tmpdir

DOVECOT = "/usr/sbin/dovecot"


class Dovecot:
    def __init__(self, user: str = "scanner", password: str = "s3cret-pass") -> None:
        self.user, self.password = user, password
        self.port = free_port()
        self.root = traversable_tmpdir("docstream-dovecot-")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"imap://{self.user}:{self.password}@127.0.0.1:{self.port}/INBOX"

    def _config(self) -> Path:
        if os.geteuid() == 0:
            mail_user = "dovecot"
            internal = "dovecot"
        else:
            mail_user = internal = pwd.getpwuid(os.getuid()).pw_name
        entry = pwd.getpwnam(mail_user)
        group = grp.getgrgid(entry.pw_gid).gr_name
        home = self.root / "home"
        for sub in ("run", "state", "home"):
            (self.root / sub).mkdir()
        os.chown(home, entry.pw_uid, entry.pw_gid)
        passwd = self.root / "passwd"
        passwd.write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        conf = self.root / "dovecot.conf"
        conf.write_text(
            f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {internal}
first_valid_uid = {entry.pw_uid}
last_valid_uid = {entry.pw_uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={entry.pw_uid} gid={entry.pw_gid} home={home}/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
protocol imap {{
  imap_idle_notify_interval = 2 mins
}}
"""
        )
        return conf

    def start(self) -> None:
        conf = self._config()
        self.proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with self.client():
                    return
            except (OSError, imaplib.IMAP4.error):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    log = self.root / "dovecot.log"
                    raise RuntimeError(
                        "Dovecot did not start: "
                        + (self.proc.stderr.read().decode() if self.proc.stderr else "")
                        + (log.read_text() if log.exists() else "")
                    ) from None
                time.sleep(0.1)

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        conn.login(self.user, self.password)
        return conn

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
