"""The one exception hierarchy of the domain.

Services and engines raise these; `app.api.errors` maps them to HTTP in one place. The pipeline
uses `is_transient` to decide between "retry with backoff" and "fail the document now".
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Why a document or job failed, for machines (the web app, alerts, tests). The human
    sentence travels beside it as `detail` / `error_message`."""

    CORRUPT_FILE = "corrupt_file"
    ENCRYPTED_PDF = "encrypted_pdf"
    TOO_MANY_PAGES = "too_many_pages"
    IMAGE_TOO_LARGE = "image_too_large"
    UNSUPPORTED_CONTENT = "unsupported_content"
    FILE_MISSING = "file_missing"
    ENGINE_UNAVAILABLE = "engine_unavailable"
    ENGINE_REJECTED = "engine_rejected"
    RESOURCE_LIMIT = "resource_limit"
    TIMEOUT = "timeout"
    RETRIES_EXHAUSTED = "retries_exhausted"
    DISPATCH_FAILED = "dispatch_failed"  # the task queue never delivered the job
    INTERRUPTED = "interrupted"
    SUPERSEDED = "superseded"
    INTERNAL = "internal"


class DocstreamError(Exception):
    """Base of every error we raise on purpose. `detail` is safe to show a user."""

    status_code: int = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# --- request errors (the client can fix them) ------------------------------------------------
class BadRequestError(DocstreamError):
    status_code = 400


class UnauthorizedError(DocstreamError):
    status_code = 401


class QuotaExceededError(DocstreamError):
    status_code = 403


class ForbiddenError(DocstreamError):
    status_code = 403


class TooManyRequestsError(DocstreamError):
    """Over a per-user cap; `retry_after` seconds is sent as `Retry-After`."""

    status_code = 429

    def __init__(self, detail: str, retry_after: int = 30) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class NotFoundError(DocstreamError):
    status_code = 404


class ConflictError(DocstreamError):
    status_code = 409


class InvalidValueError(DocstreamError):
    """A well-formed request asking for something this server does not offer (a language it
    does not read): 422, with the choices in the detail."""

    status_code = 422


class PayloadTooLargeError(DocstreamError):
    status_code = 413


class UnsupportedMediaTypeError(DocstreamError):
    status_code = 415


class ServiceUnavailableError(DocstreamError):
    """A dependency (database, storage) is down; the client may try again later."""

    status_code = 503


class InsufficientStorageError(ServiceUnavailableError):
    """The disk (or bucket) is full: 507, with a message about storage, not the database."""

    status_code = 507


# --- processing errors (OCR, metadata, storage in the background) ---------------------------
class ProcessingError(DocstreamError):
    """Something went wrong while processing a document. `code` says what, for machines."""

    default_code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, detail: str, code: ErrorCode | None = None) -> None:
        super().__init__(detail)
        self.code = code or self.default_code


class TransientError(ProcessingError):
    """Worth retrying: timeouts, 429, 5xx, connection errors.

    `retry_after` (seconds) is honoured by the backoff when the service said how long to wait.
    """

    status_code = 503
    default_code = ErrorCode.ENGINE_UNAVAILABLE

    def __init__(
        self, detail: str, retry_after: float | None = None, code: ErrorCode | None = None
    ) -> None:
        super().__init__(detail, code)
        self.retry_after = retry_after


class DispatchError(TransientError):
    """The task queue did not take a job's task. `cause` says why in words for people (kept
    on the job for the `dispatch_failed` message if no delivery ever comes)."""

    def __init__(self, detail: str, cause: str) -> None:
        super().__init__(detail, code=ErrorCode.ENGINE_UNAVAILABLE)
        self.cause = cause


class PermanentError(ProcessingError):
    """Retrying will not help: corrupt or encrypted file, rejected key, too many pages."""

    status_code = 422
    default_code = ErrorCode.CORRUPT_FILE


class StorageUnavailableError(ServiceUnavailableError, TransientError):
    """Supabase Storage is down or overloaded.

    Both at once on purpose: the API answers 503 (`ServiceUnavailableError`), and the pipeline's
    `is_transient` retries it with backoff (`TransientError`).
    """


class StoredFileMissingError(PermanentError):
    """The row exists but its stored file does not: raised by storage at its boundary, so
    nobody mistakes a missing object for a database outage. 410: it will not come back."""

    status_code = 410
    default_code = ErrorCode.FILE_MISSING


class LeaseLostError(ProcessingError):
    """Another worker took the document over; this attempt must not write its results."""


# SQLSTATE classes of a database fault that passes: 08 connection exception, 40 transaction
# rollback (serialization failure, deadlock), 53 insufficient resources (too many
# connections), 57P operator intervention (connection terminated, server shutting down or
# starting), 58 system error. Not 57014 (a statement cancelled by its timeout: that query is
# too slow, and will be again).
_FAULT_SQLSTATES = ("08", "40", "53", "57P", "58")
# asyncpg's errors for a connection lost mid-query carry no SQLSTATE; a query sent as the
# server's termination notice arrives meets "another operation is in progress"
# (InternalClientError), seen in tests/pipeline/test_database_faults.py.
_FAULT_NAMES = frozenset(
    {"ConnectionDoesNotExistError", "ConnectionRejectionError", "InternalClientError"}
)
# When the termination notice is read before the next query is sent, asyncpg has already
# marked the connection closed and raises a plain InterfaceError("... connection is closed"):
# the same fault seen a moment later (a busy machine makes this order common). Other
# InterfaceErrors are misuse, bugs that must stay `internal`, so only this message counts.
_CLOSED_CONNECTION = "connection is closed"


def is_database_fault(exc: BaseException) -> bool:
    """The database (not the query, not the file) failed, and may answer next time: a job is
    handed back rather than failed, and a request answers 503 rather than 500. Recognised by
    SQLSTATE, so this module need not import the driver."""
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state.startswith(_FAULT_SQLSTATES):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & _FAULT_NAMES:
        return True
    return "InterfaceError" in names and str(exc).endswith(_CLOSED_CONNECTION)


def is_transient(exc: BaseException) -> bool:
    """The single classification every engine and the pipeline use."""
    if isinstance(exc, TransientError):
        return True
    if isinstance(exc, DocstreamError):
        return False
    # Timeouts and connection drops from any library we did not wrap are worth another try,
    # and so is a database fault.
    return isinstance(exc, (TimeoutError, ConnectionError)) or is_database_fault(exc)


def error_code(exc: BaseException) -> ErrorCode:
    """The machine-readable code for any failure of a job."""
    if isinstance(exc, ProcessingError):
        return exc.code
    if isinstance(exc, TimeoutError):
        return ErrorCode.TIMEOUT
    if isinstance(exc, FileNotFoundError):
        return ErrorCode.FILE_MISSING
    return ErrorCode.ENGINE_UNAVAILABLE if is_transient(exc) else ErrorCode.INTERNAL
