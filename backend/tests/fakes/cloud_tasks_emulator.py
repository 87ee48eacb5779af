"""The Cloud Tasks emulator (`gcloud-tasks-emulator`, PyPI) in a subprocess, for the real client.

It implements the Cloud Tasks gRPC API and dispatches HTTP tasks to their URL with the
`X-CloudTasks-*` headers, redelivering on 4xx/5xx with a growing retry count. Run as a module
(`python -m tests.fakes.cloud_tasks_emulator start -p PORT -d QUEUE`, the emulator's own
command line) it differs from the stock command in two ways, both towards the real service:

- the gRPC port listens on 127.0.0.1 only (the stock server binds every interface);
- a task name can be created once: a second create answers ALREADY_EXISTS, as Cloud Tasks does
  (the stock emulator would deliver both), so duplicate enqueues behave as in production;
- `GetTask` answers (the stock emulator does not implement it): found while the task is queued
  or being delivered, NOT_FOUND once it ran or was dropped.

`CloudTasksEmulator(deny_creates=True)` is a queue whose every CreateTask answers
PERMISSION_DENIED, as Cloud Tasks does when the caller lacks `cloudtasks.tasks.create`.

What it still does not do: send OIDC tokens (run the handler with TASKS_AUTH=platform), honour
`dispatch_deadline`, back off between retries, or deliver tasks of one queue concurrently.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import grpc
from google.cloud import tasks_v2
from google.cloud.tasks_v2.services.cloud_tasks import CloudTasksClient
from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

from tests.fakes._server import LoopbackServer, Reply, json_reply

BACKEND_DIR = Path(__file__).resolve().parents[2]
PROJECT, LOCATION, QUEUE = "docstream-test", "us-central1", "document-processing"
DENY_CREATES_ENV = "DOCSTREAM_TEST_EMULATOR_DENY_CREATES"


def queue_path(project: str = PROJECT, location: str = LOCATION, queue: str = QUEUE) -> str:
    return f"projects/{project}/locations/{location}/queues/{queue}"


class CloudTasksEmulator:
    """Starts the emulator on a free loopback port; `stop()` leaves no process behind."""

    def __init__(
        self,
        queues: list[str] | None = None,
        port: int | None = None,
        max_retries: int = 4,
        *,
        deny_creates: bool = False,
    ) -> None:
        self.queues = queues or [queue_path()]
        self.deny_creates = deny_creates
        self.port = port or _free_port()
        # Like the production queue (max attempts 5): a task that keeps failing is dropped
        # after its fifth delivery (retry count 4) instead of spinning forever.
        self.max_retries = max_retries
        self._proc: subprocess.Popen[bytes] | None = None
        # Kept open for the subprocess's lifetime; closed and removed by stop().
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="cloud-tasks-emulator-", suffix=".log", delete=False
        )

    @property
    def host(self) -> str:
        """`host:port`, the value of CLOUD_TASKS_EMULATOR_HOST."""
        return f"127.0.0.1:{self.port}"

    def settings(self, service_url: str, **overrides: object) -> dict[str, object]:
        """Settings overrides that send this process's tasks to the emulator's first queue."""
        project, location, queue = self.queues[0].split("/")[1::2]
        return {
            "TASK_DISPATCH": "cloud_tasks",
            "CLOUD_TASKS_EMULATOR_HOST": self.host,
            "GCP_PROJECT_ID": project,
            "GCP_LOCATION": location,
            "CLOUD_TASKS_QUEUE": queue,
            "TASKS_SERVICE_URL": service_url,
            "TASKS_AUTH": "platform",
            **overrides,
        }

    def start(self, timeout_s: float = 60) -> CloudTasksEmulator:
        args = [
            sys.executable,
            "-m",
            "tests.fakes.cloud_tasks_emulator",
            "start",
            "-p",
            str(self.port),
            "-r",
            str(self.max_retries),
            "-q",
        ]
        for queue in self.queues:
            args += ["-d", queue]
        self._proc = subprocess.Popen(
            args,
            cwd=BACKEND_DIR,
            env={**os.environ, DENY_CREATES_ENV: "1" if self.deny_creates else ""},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        with grpc.insecure_channel(self.host) as channel:
            while True:
                if self._proc.poll() is not None:
                    raise RuntimeError(f"the Cloud Tasks emulator exited: {self.output()}")
                try:
                    grpc.channel_ready_future(channel).result(timeout=0.5)
                    return self
                except grpc.FutureTimeoutError:
                    if time.monotonic() > deadline:
                        self.stop()
                        raise RuntimeError(
                            f"the Cloud Tasks emulator did not answer on "
                            f"{self.host} in {timeout_s}s: {self.output()}"
                        ) from None

    def stop(self) -> None:
        """SIGTERM (the emulator has no handler: the process ends at once), then SIGKILL."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self._log.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._log.name)

    @contextlib.contextmanager
    def fresh_queue(self, name: str) -> Iterator[str]:
        """A queue of its own for one test (the emulator retries a failing task forever, so a
        shared queue would carry one test's leftovers into the next); deleted afterwards."""
        path = queue_path(queue=name)
        with grpc.insecure_channel(self.host) as channel:
            client = CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
            client.create_queue(
                parent=path.rsplit("/queues/", 1)[0], queue=tasks_v2.Queue(name=path), timeout=10
            )
            try:
                yield path
            finally:
                client.delete_queue(name=path, timeout=10)

    def output(self) -> str:
        """The emulator's log so far (its last lines), for failure messages."""
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-4000:]

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass(frozen=True)
class Delivery:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def task_id(self) -> str:
        return self.headers.get("x-cloudtasks-taskname", "")

    @property
    def retry_count(self) -> int:
        return int(self.headers.get("x-cloudtasks-taskretrycount", "-1"))


class TaskReceiver:
    """A loopback HTTP endpoint standing in for the API's task handler: records every delivery
    and answers the scripted statuses in order (then 200)."""

    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []
        self._statuses: list[int] = []
        self._changed = threading.Condition()
        self._server = LoopbackServer(self._handle)

    @property
    def url(self) -> str:
        return self._server.url

    def then_status(self, *statuses: int) -> TaskReceiver:
        with self._changed:
            self._statuses.extend(statuses)
        return self

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        with self._changed:
            self.deliveries.append(Delivery(path, headers, json.loads(body or b"{}")))
            status = self._statuses.pop(0) if self._statuses else 200
            self._changed.notify_all()
        return json_reply(status, {"status": status}, {"Retry-After": "1"} if status == 503 else {})

    def of(self, task_id: str) -> list[Delivery]:
        with self._changed:
            return [d for d in self.deliveries if d.task_id == task_id]

    def wait_for(self, task_id: str, count: int = 1, timeout_s: float = 60) -> list[Delivery]:
        """Block until `task_id` has been delivered `count` times (call via asyncio.to_thread)."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.of(task_id)) >= count, timeout_s):
                raise AssertionError(
                    f"task {task_id} not delivered {count} times in "
                    f"{timeout_s}s; got {self.deliveries}"
                )
            return self.of(task_id)

    def wait_until(self, condition: Callable[[], object], what: str, timeout_s: float = 60) -> None:
        """Block until `condition()` holds for the deliveries (call via asyncio.to_thread)."""
        with self._changed:
            if not self._changed.wait_for(condition, timeout_s):
                raise AssertionError(f"no {what} in {timeout_s}s; got {self.deliveries}")

    def __enter__(self) -> Self:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _main() -> None:
    """The emulator's own command line, bound to loopback and refusing duplicate names."""
    from gcloud_tasks_emulator import __main__ as cli
    from gcloud_tasks_emulator import server
    from google.api_core.exceptions import (
        AlreadyExists,
        GoogleAPICallError,
        NotFound,
        PermissionDenied,
    )

    deny_creates = bool(os.environ.get(DENY_CREATES_ENV))

    class NamedOnceQueueState(server.QueueState):
        """Task names as Cloud Tasks treats them: created once (later creates answer
        ALREADY_EXISTS, even after the task ran), and `GetTask` finds a task while it is
        queued or being delivered, not after."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._names: set[str] = set()
            self._in_flight: set[str] = set()
            self._names_lock = threading.Lock()

        def create_task(self, queue, task):  # type: ignore[no-untyped-def]
            if deny_creates:  # what Cloud Tasks answers a caller without the IAM role
                raise PermissionDenied(
                    f"The principal lacks IAM permission cloudtasks.tasks.create for {queue}"
                )
            if task.name:
                with self._names_lock:
                    if task.name in self._names:
                        raise AlreadyExists(f"Requested entity already exists: {task.name}")
                    self._names.add(task.name)
            return super().create_task(queue, task)

        def submit_task(self, task_name, force_run=False):  # type: ignore[no-untyped-def]
            with self._names_lock:
                self._in_flight.add(task_name)
            try:
                return super().submit_task(task_name, force_run)
            finally:
                with self._names_lock:
                    self._in_flight.discard(task_name)

        def get_task(self, name: str):  # type: ignore[no-untyped-def]
            queue = name.rsplit("/tasks/", 1)[0]
            with self._names_lock:
                if name in self._in_flight:
                    return server.Task(name=name)
            for task in list(self._queue_tasks.get(queue, [])):
                if task.name == name:
                    return task
            raise NotFound(f"Task does not exist: {name}")

    class Greeter(server.Greeter):
        def GetTask(self, request, context):  # type: ignore[no-untyped-def]
            try:
                return self._state.get_task(request.name)
            except GoogleAPICallError as err:
                context.abort(err.grpc_status_code, err.message)

    class LoopbackAPIThread(server.APIThread):
        def run(self) -> None:  # the stock run(), with 127.0.0.1 instead of [::]
            from concurrent import futures

            from gcloud_tasks_emulator.cloudtasks_pb2_grpc import (
                add_CloudTasksServicer_to_server,
            )

            self._httpd = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
            add_CloudTasksServicer_to_server(Greeter(self._state), self._httpd)
            self._httpd.add_insecure_port(f"127.0.0.1:{self._port}")
            self._httpd.start()
            self._is_running.set()
            while self._is_running.is_set():
                time.sleep(server._LOOP_SLEEP_TIME)

    server.QueueState = NamedOnceQueueState  # type: ignore[misc]
    server.APIThread = LoopbackAPIThread  # type: ignore[misc]
    cli.main()


if __name__ == "__main__":
    _main()
