"""Logs a person can read: the document in context, JSON for production, quiet routine traffic."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from app.logs import AccessFilter, Throttled, build_handler, log_context
from tests.conftest import User

APP_DIR = Path(__file__).resolve().parents[1] / "app"
# A hand-written document prefix: "[%s] ..." or f"[{document_id}] ..." at the start of a string.
HAND_PREFIX = re.compile(r"""(?:f?["'])\[(?:%s|\{[^}]*\})\]\s""")


# Files the pipeline refactor (issue 9) converts to log_context; remove each when it is done.
def _capture(fmt: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    logger = logging.getLogger(f"tests.logs.{fmt}")
    logger.handlers = [build_handler(fmt, stream)]  # type: ignore[arg-type]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_no_module_writes_the_document_prefix_by_hand():
    offenders = sorted(
        str(path.relative_to(APP_DIR))
        for path in APP_DIR.rglob("*.py")
        if path.name != "logs.py" and HAND_PREFIX.search(path.read_text())  # logs.py adds it
    )
    assert offenders == [], (
        "use `with log_context(document_id=...)` instead of a hand-written '[%s] ' prefix"
    )


def test_text_lines_start_with_the_document_in_context():
    logger, stream = _capture("text")
    logger.info("before")
    with log_context(document_id="doc-1", job="ocr", attempt=2):
        logger.info("reading page %d", 3)
        with log_context(job="metadata"):  # the document stays from the outer context
            logger.warning("agent slow")
    logger.info("after")
    lines = stream.getvalue().splitlines()
    assert lines[0].endswith(": before")
    assert lines[1].endswith(": [doc-1] reading page 3")
    assert lines[2].endswith(": [doc-1] agent slow") and " WARNING " in lines[2]
    assert lines[3].endswith(": after")


def test_json_lines_carry_document_job_and_attempt_as_fields():
    logger, stream = _capture("json")
    with log_context(document_id="doc-2", job="ocr", attempt=1):
        try:
            raise ValueError("bad page")
        except ValueError:
            logger.exception("page failed")
    logger.info("idle")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "page failed" and first["level"] == "ERROR"
    assert (first["document_id"], first["job"], first["attempt"]) == ("doc-2", "ocr", 1)
    assert "ValueError: bad page" in first["exception"]
    assert (second["document_id"], second["job"], second["attempt"]) == (None, None, None)


async def test_context_follows_a_job_into_the_tasks_it_starts():
    logger, stream = _capture("text")

    async def step() -> None:
        await asyncio.sleep(0)
        logger.info("inside a task")

    with log_context(document_id="doc-3"):
        task = asyncio.create_task(step())
    logger.info("outside")
    await task
    lines = stream.getvalue().splitlines()
    assert any(line.endswith("[doc-3] inside a task") for line in lines)
    assert any(line.endswith(": outside") for line in lines)


def _access_record(method: str, path: str) -> logging.LogRecord:
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", method, path, "1.1", 200),
        None,
    )


def test_routine_requests_are_access_logged_at_debug_only():
    access = logging.getLogger("uvicorn.access")
    level = access.level
    quiet = AccessFilter()
    try:
        access.setLevel(logging.INFO)
        for method, path in (
            ("OPTIONS", "/api/documents"),
            ("GET", "/api/health"),
            ("GET", "/api/documents/abc/thumbnail?size=2"),
        ):
            assert not quiet.filter(_access_record(method, path)), (method, path)
        shown = _access_record("POST", "/api/document/upload")
        assert quiet.filter(shown) and shown.levelno == logging.INFO
        access.setLevel(logging.DEBUG)
        health = _access_record("GET", "/api/health")
        assert quiet.filter(health) and health.levelname == "DEBUG"
    finally:
        access.setLevel(level)


async def test_a_cancelled_upload_logs_exactly_one_line(
    client: httpx.AsyncClient, user: User, live_server, caplog
):
    """The client sends half the body and closes the connection: one INFO line, no traceback."""
    url = urlsplit(live_server.url)
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n" + b"x" * 50_000
    )
    head = (
        f"POST /api/document/upload HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: Bearer {user.token}\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {len(body) + 500_000}\r\n\r\n"
    ).encode()
    caplog.set_level(logging.INFO)
    caplog.clear()
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    writer.write(head + body)
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    del reader

    def gone() -> list[logging.LogRecord]:
        return [r for r in caplog.records if "went away" in r.getMessage()]

    deadline = asyncio.get_running_loop().time() + 30
    while not gone():
        assert asyncio.get_running_loop().time() < deadline, "the disconnect was never logged"
        await asyncio.sleep(0.05)
    # The request's task has no real I/O left: once another request has been answered, it is over.
    assert (await client.get("/api/health")).status_code == 200
    lines = [
        r
        for r in caplog.records
        if r.name != "uvicorn.access"
        and r.levelno >= logging.INFO
        and "health" not in r.getMessage()
    ]
    assert [r.getMessage() for r in lines] == [
        "POST /api/document/upload: the client went away before the request was complete"
    ]
    assert lines[0].levelno in (logging.INFO, logging.WARNING) and lines[0].exc_info is None


def test_a_storm_of_refusals_writes_one_line_then_a_count():
    logger, stream = _capture("text")
    quiet = Throttled(logger, interval_s=3600)
    for i in range(1000):
        quiet.warning("busy", "refused request %d", i)
    quiet.warning("other", "refused for another reason")
    assert stream.getvalue().count("refused request") == 1
    assert "refused for another reason" in stream.getvalue()

    eager = Throttled(logger, interval_s=0)  # every interval over at once: the count is told
    eager._last["busy"], eager._skipped["busy"] = 0.0, 41
    eager.warning("busy", "refused request %d", 1001)
    assert "refused request 1001 (and 41 more like it in the last" in stream.getvalue()
