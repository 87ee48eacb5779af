"""Logging for people and for machines: one setup, text or JSON, with the document in context.

Why a context and not hand-written prefixes: a job touches many modules (engines, stores,
retries); threading a document id through every call just to prefix log lines is noise and
easy to forget. `log_context(document_id=..., job=..., attempt=...)` sets context variables
(asyncio copies them into tasks it creates, so the value follows the job), and a filter on the
handler copies them onto every record:

- text (`LOG_FORMAT=text`, the default): `... app.ocr: [<document_id>] <message>`;
- JSON (`LOG_FORMAT=json`, for production): one object per line with `document_id`, `job`
  and `attempt` as fields, ready for a log index.

Refusals under attack are counted, not written one by one: `Throttled` writes the first
refusal of a kind, then at most one line per interval with how many were left out (thousands
of reconnecting sockets once wrote 25 MB of identical warnings in 30 s).

The access log is for people too: CORS preflights, thumbnails and health checks are routine
and numerous, so they are logged at DEBUG (`LOG_LEVEL=DEBUG` shows them; `ACCESS_LOG=false`
turns the access log off altogether).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal

_document_id: ContextVar[str | None] = ContextVar("log_document_id", default=None)
_job: ContextVar[str | None] = ContextVar("log_job", default=None)
_attempt: ContextVar[int | None] = ContextVar("log_attempt", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(doc_prefix)s%(message)s"
# Requests that happen constantly and tell an operator nothing: DEBUG, not INFO.
QUIET_PATH = re.compile(r"^/api/health\b|/thumbnail\b")


@contextlib.contextmanager
def log_context(
    document_id: uuid.UUID | str | None = None, job: str | None = None, attempt: int | None = None
) -> Iterator[None]:
    """Every record logged inside carries these values; `None` leaves an outer value in place."""
    resets: list[Callable[[], None]] = []
    if document_id is not None:
        doc_token = _document_id.set(str(document_id))
        resets.append(lambda: _document_id.reset(doc_token))
    if job is not None:
        job_token = _job.set(job)
        resets.append(lambda: _job.reset(job_token))
    if attempt is not None:
        attempt_token = _attempt.set(attempt)
        resets.append(lambda: _attempt.reset(attempt_token))
    try:
        yield
    finally:
        for reset in reversed(resets):
            reset()


class ContextFilter(logging.Filter):
    """Adds `document_id`, `job`, `attempt` (context, unless passed in `extra`) and `doc_prefix`."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in (("document_id", _document_id), ("job", _job), ("attempt", _attempt)):
            if getattr(record, name, None) is None:
                setattr(record, name, var.get())
        doc = record.document_id  # type: ignore[attr-defined]
        record.doc_prefix = f"[{doc}] " if doc else ""
        return True


class AccessFilter(logging.Filter):
    """uvicorn's access log: routine requests (OPTIONS, thumbnails, health) become DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple) or len(args) < 3:
            return True
        method, path = str(args[1]), str(args[2]).split("?", 1)[0]
        if method == "OPTIONS" or QUIET_PATH.search(path):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the context fields are always present (null when unset)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "document_id": getattr(record, "document_id", None),
            "job": getattr(record, "job", None),
            "attempt": getattr(record, "attempt", None),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def build_handler(fmt: Literal["text", "json"] = "text", stream: Any = None) -> logging.Handler:
    """A stream handler with the context filter and the chosen formatter."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    return handler


def setup_logging(level: str = "INFO", fmt: Literal["text", "json"] = "text") -> None:
    """Configure the root logger once for the process (replacing any handler already there)."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(build_handler(fmt))
    root.setLevel(level.upper())
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessFilter) for f in access.filters):
        access.addFilter(AccessFilter())


class Throttled:
    """At most one record per kind (`key`) per `interval_s`; the records left out are counted
    and the next one written says how many. Single-threaded (the event loop's) use."""

    def __init__(self, logger: logging.Logger, interval_s: float = 10.0) -> None:
        self.logger = logger
        self.interval_s = interval_s
        self._last: dict[str, float] = {}
        self._skipped: dict[str, int] = {}

    def log(self, level: int, key: str, msg: str, *args: object) -> None:
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self.interval_s:
            self._skipped[key] = self._skipped.get(key, 0) + 1
            return
        skipped = self._skipped.pop(key, 0)
        self._last[key] = now
        if skipped and last is not None:
            msg += " (and %d more like it in the last %.0f s)"
            args = (*args, skipped, now - last)
        self.logger.log(level, msg, *args)

    def warning(self, key: str, msg: str, *args: object) -> None:
        self.log(logging.WARNING, key, msg, *args)

    def info(self, key: str, msg: str, *args: object) -> None:
        self.log(logging.INFO, key, msg, *args)
