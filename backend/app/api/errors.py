"""Domain errors → HTTP, in one place. Every error body is `{"detail": "<human readable>"}`."""

from __future__ import annotations

import errno
import logging
import socket

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.requests import ClientDisconnect

from app.api.schemas import HUMAN_ERROR
from app.errors import DocstreamError, is_database_fault

log = logging.getLogger(__name__)

# A database that is down or unreachable surfaces as one of these. Not every `OSError`: a
# full disk or a missing file is not a database outage (see `_os_error`).
DATABASE_DOWN = (
    ConnectionError,
    socket.gaierror,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
)
UNAVAILABLE = "The database is unavailable right now; please try again shortly."


class ErrorBody(BaseModel):
    detail: str


def error_responses(*codes: int) -> dict[int | str, dict]:
    """For route decorators, so the OpenAPI schema declares the errors a route answers."""
    return {code: {"model": ErrorBody} for code in codes}


def _validation_detail(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if errors and all(err.get("type") == HUMAN_ERROR for err in errors):
        return " ".join(dict.fromkeys(str(err["msg"]) for err in errors))  # already a sentence
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(
            str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form")
        )
        parts.append(
            f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", "invalid")
        )
    return "Invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DocstreamError)
    async def _domain(_: Request, exc: DocstreamError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        retry_after = getattr(exc, "retry_after", None)
        if exc.status_code in (429, 503, 507) and retry_after:
            headers = {"Retry-After": str(int(retry_after))}
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_detail(exc)}, status_code=422)

    @app.exception_handler(ClientDisconnect)
    async def _client_left(request: Request, _: ClientDisconnect) -> Response:
        # Routine (a closed tab, a cancelled upload, a dropped network): one line, no traceback.
        # Nobody reads the answer; 499 is the conventional "client closed request" status.
        log.info(
            "%s %s: the client went away before the request was complete",
            request.method,
            request.url.path,
        )
        return Response(status_code=499)

    for exc_type in DATABASE_DOWN:

        @app.exception_handler(exc_type)
        async def _database_down(request: Request, exc: Exception) -> JSONResponse:
            log.warning("%s %s: database unavailable: %r", request.method, request.url.path, exc)
            return JSONResponse(
                {"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "5"}
            )

    @app.exception_handler(OSError)
    async def _os_error(request: Request, exc: OSError) -> JSONResponse:
        """Other OS errors say what they are: storage full, file missing, or our fault."""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            log.error("%s %s: storage full: %r", request.method, request.url.path, exc)
            return JSONResponse(
                {"detail": "The server's storage is full; try again later."},
                status_code=507,
                headers={"Retry-After": "60"},
            )
        if exc.errno in (
            errno.EHOSTUNREACH,
            errno.ENETUNREACH,
            errno.ECONNREFUSED,
            errno.ETIMEDOUT,
        ):
            log.warning("%s %s: database unavailable: %r", request.method, request.url.path, exc)
            return JSONResponse(
                {"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "5"}
            )
        if isinstance(exc, FileNotFoundError):
            log.warning("%s %s: file missing: %r", request.method, request.url.path, exc)
            return JSONResponse({"detail": "A stored file is missing."}, status_code=410)
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse(
            {"detail": "Something went wrong on our side; please try again."}, status_code=500
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_database_fault(exc):  # terminated connection, restarting server, deadlock
            log.warning("%s %s: database unavailable: %r", request.method, request.url.path, exc)
            return JSONResponse(
                {"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "5"}
            )
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse(
            {"detail": "Something went wrong on our side; please try again."}, status_code=500
        )
