"""Concurrent readers of one URL, in a process of their own: `python -m tests.system.hammer`.

The system tests poll `/api/health` while other clients read big answers (a document's text,
exports). Readers as threads of the test process would share its interpreter lock with the
poller: decoding and parsing megabytes in those threads delays the poller's own request, and
the test would measure its own client instead of the server. In a process of their own they
load the server the same way and leave the poller alone.

Arguments: a JSON object {"url", "headers", "params", "concurrency", "check", "expect"}.
Each of `concurrency` threads sends the request again and again until stdin is closed, and
checks every answer: status 200 and, by `check`, at least `expect` characters ("chars"),
CSV lines ("csv_lines") or exactly `expect` JSON documents ("json_documents"). It prints
"reading" once the first answer is in (the load is on), and on exit one JSON line:
{"reads": n, "failures": [...]}.
"""

from __future__ import annotations

import json
import sys
import threading

import httpx


def _problem(response: httpx.Response, check: str, expect: int) -> str | None:
    """What is wrong with an answer, checked cheaply (every parse here is CPU the machine's
    two cores do not give the server)."""
    if response.status_code != 200:
        return f"{response.status_code} {response.text[:200]}"
    if check == "chars" and len(response.text) < expect:
        return f"{len(response.text)} characters"
    if check == "csv_lines" and (lines := response.content.count(b"\r\n")) < expect:
        return f"a CSV of {lines} lines"
    if check == "json_documents" and (docs := len(response.json()["documents"])) != expect:
        return f"{docs} documents in the JSON"
    return None


def main() -> None:
    spec = json.loads(sys.argv[1])
    stop = threading.Event()
    lock = threading.Lock()
    reads, failures = [0], []
    first = threading.Event()

    def read() -> None:
        with httpx.Client(timeout=240) as client:
            while not stop.is_set():
                try:
                    response = client.get(
                        spec["url"], headers=spec["headers"], params=spec["params"]
                    )
                    problem = _problem(response, spec["check"], spec["expect"])
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                with lock:
                    reads[0] += 1
                    if problem:
                        failures.append(problem)
                    if not first.is_set():
                        first.set()
                        print("reading", flush=True)

    threads = [threading.Thread(target=read) for _ in range(spec["concurrency"])]
    for t in threads:
        t.start()
    sys.stdin.read()  # until the test closes it (or dies: then stdin reaches its end too)
    stop.set()
    for t in threads:
        t.join()
    print(json.dumps({"reads": reads[0], "failures": failures[:20]}), flush=True)


if __name__ == "__main__":
    main()
