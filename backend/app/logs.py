"""Log context: the document, job and attempt a log line is about, without repeating them.

`log_context(document_id=…)` sets context variables for the block (and every task it starts);
`ContextFilter` puts them on each record, and the text format prefixes `[<document_id>] `.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator

_document_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("document_id", default=None)
_job: contextvars.ContextVar[str | None] = contextvars.ContextVar("job", default=None)
_attempt: contextvars.ContextVar[int | None] = contextvars.ContextVar("attempt", default=None)


@contextlib.contextmanager
def log_context(document_id: str | None = None, job: str | None = None,
                attempt: int | None = None) -> Iterator[None]:
    tokens = []
    for var, value in ((_document_id, document_id), (_job, job), (_attempt, attempt)):
        if value is not None:
            tokens.append((var, var.set(value)))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)  # type: ignore[attr-defined]


class ContextFilter(logging.Filter):
    """Adds `document_id`, `job`, `attempt` and the text `prefix` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        document_id = _document_id.get()
        record.document_id = document_id
        record.job = _job.get()
        record.attempt = _attempt.get()
        record.prefix = f"[{document_id}] " if document_id else ""
        return True
