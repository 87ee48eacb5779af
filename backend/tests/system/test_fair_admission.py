"""No client takes every slot: slow bodies without a token, one user's or one address's many
requests and connections, against the real API process (`python -m app`) on loopback.

Attackers and victims are told apart the way the server tells them apart: by address (the
attacker's sockets are bound to 127.0.0.2 or 127.0.0.3, everybody else uses 127.0.0.1) and by
user. Every loop is bounded; every wait is for a condition.
"""

from __future__ import annotations

import collections
import resource
import selectors
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.system.apiprocess import ApiProcess
from tests.waiting import wait_until

MAX_REQUESTS = 24
PER_USER = 4
PER_IP = 4
BODY_DEADLINE_S = 3
MIN_RATE_BPS = 1000
CONNECTIONS_PER_IP = 400
EVENT_STREAMS = 3
ATTACKER, FLOODER, VICTIM = "127.0.0.2", "127.0.0.3", "127.0.0.1"
NOWHERE = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def api(pg_dsn: str) -> Iterator[ApiProcess]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    data_dir = traversable_tmpdir("docstream-fair-")
    process = ApiProcess(
        data_dir,
        free_port(),
        DATABASE_URL=pg_dsn,
        RECOVERY_INTERVAL_S="3600",
        HTTP_MAX_REQUESTS=str(MAX_REQUESTS),
        HTTP_MAX_REQUESTS_PER_USER=str(PER_USER),
        HTTP_MAX_REQUESTS_PER_IP=str(PER_IP),
        HTTP_BODY_TIMEOUT_S="2",
        HTTP_BODY_DEADLINE_S=str(BODY_DEADLINE_S),
        HTTP_BODY_MIN_RATE_BPS=str(MIN_RATE_BPS),
        HTTP_HEADER_TIMEOUT_S="60",
        HTTP_MAX_CONNECTIONS="1500",
        HTTP_MAX_CONNECTIONS_PER_IP=str(CONNECTIONS_PER_IP),
        HTTP_MAX_EVENT_STREAMS=str(EVENT_STREAMS),
    )
    process.start()
    try:
        yield process
    finally:
        process.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def sign_in(api: ApiProcess) -> dict[str, str]:
    r = httpx.post(
        f"{api.url}/api/auth/local-token",
        json={"email": f"fair-{uuid.uuid4().hex[:8]}@example.com"},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def connect(api: ApiProcess, source: str) -> socket.socket:
    s = socket.socket()
    s.settimeout(10)
    s.bind((source, 0))
    s.connect(("127.0.0.1", api.port))
    return s


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


class Trickle(threading.Thread):
    """Keeps one socket per request head open, sending its body `chunk` bytes every `every`
    seconds; a socket the server answers or closes is reopened until `stop()`. Records every
    status answered."""

    def __init__(
        self, api: ApiProcess, source: str, heads: list[bytes], chunk: int, every: float
    ) -> None:
        super().__init__(daemon=True)
        self.api, self.source, self.heads = api, source, heads
        self.chunk, self.every = chunk, every
        self.sockets: list[socket.socket | None] = [None] * len(heads)
        self.answers: collections.Counter[int] = collections.Counter()
        self.rounds = 0
        self._halt = threading.Event()
        self._reopen = True

    def _open(self, i: int) -> None:
        s = connect(self.api, self.source)
        s.sendall(self.heads[i])
        s.setblocking(False)
        self.sockets[i] = s

    def _step(self, i: int) -> None:
        s = self.sockets[i]
        if s is None:
            if self._reopen:
                self._open(i)
            return
        try:
            answer = s.recv(4096)
        except BlockingIOError:
            try:
                s.send(b"x" * self.chunk)
                return
            except (BlockingIOError, ConnectionError):
                return
        except ConnectionError:
            answer = b""
        if answer:
            self.answers[status_of(answer)] += 1
        s.close()
        self.sockets[i] = None

    def run(self) -> None:
        while not self._halt.is_set():
            for i in range(len(self.heads)):
                self._step(i)
            self.rounds += 1
            self._halt.wait(self.every)

    def open_count(self) -> int:
        return sum(s is not None for s in self.sockets)

    def stop_reopening(self) -> None:
        self._reopen = False

    def stop(self) -> None:
        self._halt.set()
        if self.ident is not None:  # started
            self.join(timeout=30)
        for s in self.sockets:
            if s is not None:
                s.close()


def head(method: str, path: str, length: int, headers: dict[str, str] | None = None) -> bytes:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def test_slow_bodies_without_a_token_neither_starve_others_nor_stay_open(api: ApiProcess) -> None:
    victims = [sign_in(api) for _ in range(2)]
    docs = []
    for user in victims:
        r = httpx.post(
            f"{api.url}/api/document/upload",
            headers=user,
            files={"file": ("bill.pdf", files.bill_pdf(), "application/pdf")},
            timeout=30,
        )
        assert r.status_code == 202, r.text
        docs.append(r.json()["document_id"])
    routes = [
        ("PATCH", f"/api/documents/{NOWHERE}"),
        ("POST", "/api/document/retry-ocr"),
        ("POST", "/api/document/metadata"),
        ("POST", "/api/auth/local-token"),
    ]
    heads = [head(*routes[i % 4], 50_000) for i in range(300)]
    attack = Trickle(api, ATTACKER, heads, chunk=1, every=1.0)  # a byte a second each
    attack.start()
    try:
        wait_until(lambda: attack.rounds >= 2, 60, "the attacker's sockets did not open")
        outcomes: collections.Counter[int] = collections.Counter()
        with httpx.Client(base_url=api.url, timeout=30) as client:
            for i in range(200):
                user, doc = victims[i % 2], docs[i % 2]
                kind = i % 4
                if kind == 0:
                    r = client.get("/api/documents", headers=user)
                elif kind == 1:
                    r = client.get(f"/api/documents/{doc}", headers=user)
                elif kind == 2:
                    r = client.patch(
                        f"/api/documents/{doc}", headers=user, json={"display_name": f"v{i}"}
                    )
                else:
                    r = client.get("/api/config", headers=user)
                outcomes[r.status_code] += 1
        ok = sum(n for status, n in outcomes.items() if 200 <= status < 300)
        assert ok >= 0.99 * sum(outcomes.values()), outcomes
        attack.stop_reopening()
        # The sockets still open (the sign-ins admitted under the per-address cap) are cut
        # by the server: none is left once the body deadline has passed.
        wait_until(
            lambda: attack.open_count() == 0,
            BODY_DEADLINE_S + 30,
            lambda: f"{attack.open_count()} slow sockets were never cut off",
        )
    finally:
        attack.stop()
    assert attack.answers[401] > 0, attack.answers  # no token: refused before any body
    assert attack.answers[408] > 0, attack.answers  # admitted sign-ins: cut off
    assert attack.answers[429] > 0, attack.answers  # sign-ins over the per-address cap
    assert set(attack.answers) <= {401, 408, 429}, attack.answers
    log = api.log_text()
    assert "cut off POST /api/auth/local-token from 127.0.0.2" in log
    # Hundreds of refusals, a few lines: the rest are counted in a summary.
    refusals = [line for line in log.splitlines() if "refused POST" in line and ATTACKER in line]
    assert 0 < len(refusals) <= 10, refusals[:20]


def test_one_users_requests_and_a_full_server_are_refused_and_health_says_so(
    api: ApiProcess,
) -> None:
    users = [sign_in(api) for _ in range(MAX_REQUESTS // PER_USER + 1)]

    def hold(user: dict[str, str]) -> list[bytes]:
        # Bodies sent at twice the minimum rate: admitted and kept, never cut off.
        return [head("PATCH", f"/api/documents/{NOWHERE}", 60_000, user)] * PER_USER

    first = Trickle(api, VICTIM, hold(users[0]), chunk=500, every=0.25)
    rest = Trickle(api, VICTIM, [h for u in users[1:-1] for h in hold(u)], chunk=500, every=0.25)
    first.start()
    try:
        wait_until(
            lambda: httpx.get(f"{api.url}/api/documents", headers=users[0]).status_code == 429,
            30,
            "a user over the per-user cap was not refused",
        )
        extra = httpx.get(f"{api.url}/api/documents", headers=users[0])
        assert extra.status_code == 429 and extra.headers["retry-after"], extra.text
        assert httpx.get(f"{api.url}/api/documents", headers=users[-1]).status_code == 200
        assert httpx.get(f"{api.url}/api/health").status_code == 200

        rest.start()
        wait_until(
            lambda: httpx.get(f"{api.url}/api/documents", headers=users[-1]).status_code == 503,
            30,
            "a full server did not refuse a new request",
        )
        health = httpx.get(f"{api.url}/api/health")
        assert health.status_code == 503, health.text
        assert health.json()["status"] == "unavailable" and health.json()["database"] == "ok"
    finally:
        first.stop()
        rest.stop()
    wait_until(
        lambda: httpx.get(f"{api.url}/api/health").status_code == 200,
        30,
        "health did not recover once the slots were free",
    )
    # The holders kept the minimum rate: none of them was cut off.
    assert 408 not in first.answers and 408 not in rest.answers, (first.answers, rest.answers)


def test_one_address_cannot_take_every_connection(api: ApiProcess) -> None:
    sockets: list[socket.socket] = []
    refused: list[socket.socket] = []
    selector = selectors.DefaultSelector()
    try:
        for _ in range(CONNECTIONS_PER_IP + 300):
            s = connect(api, FLOODER)
            sockets.append(s)
            selector.register(s, selectors.EVENT_READ)

        def answered() -> bool:
            for key, _ in selector.select(timeout=0.5):
                selector.unregister(key.fileobj)
                if status_of(key.fileobj.recv(4096)) == 429:
                    refused.append(key.fileobj)
            return len(refused) >= 300

        wait_until(answered, 30, lambda: f"{len(refused)} connections over the cap refused")
        answered()  # one more look: the first 400 are still open, unanswered
        assert len(refused) == 300, len(refused)
        assert httpx.get(f"{api.url}/api/health").status_code == 200
        assert httpx.get(f"{api.url}/api/documents", headers=sign_in(api)).status_code == 200
    finally:
        selector.close()
        for s in sockets:
            s.close()
    lines = [line for line in api.log_text().splitlines() if "connection from 127.0.0.3" in line]
    assert 0 < len(lines) <= 3, lines[:10]


def test_tokens_come_only_from_the_header_or_the_streams_exact_parameter_and_are_not_logged(
    api: ApiProcess,
) -> None:
    user = sign_in(api)
    token = user["Authorization"].split()[1]
    with httpx.Client(base_url=api.url, timeout=10) as client:
        with client.stream("GET", f"/api/documents/events?access%5Ftoken={token}") as r:
            assert r.status_code == 401
        listed = client.get(f"/api/documents?access_token={token}&%61ccess_token={token}")
        assert listed.status_code == 401, listed.text
        with client.stream("GET", f"/api/documents/events?access_token={token}") as r:
            assert r.status_code == 200
    marker = f"/api/documents?{uuid.uuid4().hex}=1"
    httpx.get(f"{api.url}{marker}", headers=user)
    wait_until(lambda: marker in api.log_text(), 10, "the access log did not catch up")
    log = api.log_text()
    assert "access%5Ftoken=[redacted]" in log and "%61ccess_token=[redacted]" in log
    assert token not in log


def test_event_streams_in_all_are_capped_so_requests_keep_their_connections(
    api: ApiProcess,
) -> None:
    users = [sign_in(api) for _ in range(2)]  # each under the per-user stream cap
    with httpx.Client(base_url=api.url, timeout=10) as client:
        streams = [
            client.stream("GET", "/api/documents/events", headers=users[i % 2])
            for i in range(EVENT_STREAMS)
        ]
        opened = [s.__enter__() for s in streams]
        try:
            assert [r.status_code for r in opened] == [200] * EVENT_STREAMS
            with client.stream("GET", "/api/documents/events", headers=users[1]) as extra:
                assert extra.status_code == 503 and extra.headers["retry-after"]
            assert client.get("/api/documents", headers=users[1]).status_code == 200
            assert client.get("/api/health").status_code == 200
        finally:
            for s in streams:
                s.__exit__(None, None, None)

    def opens() -> bool:  # the closed streams gave their places back
        url = f"{api.url}/api/documents/events"
        with httpx.stream("GET", url, headers=users[0], timeout=10) as again:
            return again.status_code == 200

    wait_until(opens, 30, "a stream closed by its client kept its place")
