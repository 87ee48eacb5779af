"""The one exception hierarchy of the domain.

Services and engines raise these; `app.api.errors` maps them to HTTP in one place. The pipeline
uses `is_transient` to decide between "retry with backoff" and "fail the document now".
"""

from __future__ import annotations


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


class NotFoundError(DocstreamError):
    status_code = 404


class ConflictError(DocstreamError):
    status_code = 409


class PayloadTooLargeError(DocstreamError):
    status_code = 413


class UnsupportedMediaTypeError(DocstreamError):
    status_code = 415


class ServiceUnavailableError(DocstreamError):
    """A dependency (database, storage) is down; the client may try again later."""

    status_code = 503


# --- processing errors (OCR, metadata, storage in the background) ---------------------------
class ProcessingError(DocstreamError):
    """Something went wrong while processing a document."""


class TransientError(ProcessingError):
    """Worth retrying: timeouts, 429, 5xx, connection errors.

    `retry_after` (seconds) is honoured by the backoff when the service said how long to wait.
    """

    status_code = 503

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PermanentError(ProcessingError):
    """Retrying will not help: corrupt or encrypted file, rejected key, too many pages."""

    status_code = 422


class StorageUnavailableError(ServiceUnavailableError, TransientError):
    """Supabase Storage is down or overloaded.

    Both at once on purpose: the API answers 503 (`ServiceUnavailableError`), and the pipeline's
    `is_transient` retries it with backoff (`TransientError`).
    """


class LeaseLostError(ProcessingError):
    """Another worker took the document over; this attempt must not write its results."""


def is_transient(exc: BaseException) -> bool:
    """The single classification every engine and the pipeline use."""
    if isinstance(exc, TransientError):
        return True
    if isinstance(exc, DocstreamError):
        return False
    # Timeouts and connection drops from any library we did not wrap are worth another try.
    return isinstance(exc, (TimeoutError, ConnectionError))
