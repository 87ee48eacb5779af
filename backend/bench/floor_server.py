"""The floor: the least any server on our stack can do before answering an upload with 202.

`python -m bench.floor_server --port P --dsn DSN --dir D` serves `POST /upload` and does only
the durable work a 202 promises — nothing of ours (no auth, quota, type sniffing, jobs):

1. stream the multipart body through python-multipart's parser into memory, then write the
   file part to a file in a thread, fsync the file, rename it into place, fsync the directory;
2. insert one row (id, name, path, size) and commit, on the same PostgreSQL cluster as the API.

Same stack as the API so the comparison is fair: uvicorn with h11 on the same event loop
(uvloop when installed), Starlette, asyncpg, python-multipart, `asyncio.to_thread` for file I/O.
The upload benchmark (`upload_floor.py`) runs this beside the real API and reports the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import uvicorn
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SCHEMA = """
CREATE TABLE IF NOT EXISTS floor_uploads (
    id uuid PRIMARY KEY,
    filename text NOT NULL,
    file_path text NOT NULL,
    size bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
)
"""


class _Part:
    """The `file` field of the body, collected in memory (the API buffers up to 1 MB too)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.filename = ""
        self._field = b""
        self._headers: dict[bytes, bytes] = {}
        self._is_file = False

    def on_part_begin(self) -> None:
        self._headers, self._is_file = {}, False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        key = self._field.lower()
        self._headers[key] = self._headers.get(key, b"") + data[start:end]

    def on_header_end(self) -> None:
        self._field = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._is_file = params.get(b"name") == b"file"
        if self._is_file:
            self.filename = params.get(b"filename", b"").decode("utf-8", errors="replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._is_file:
            self.data += data[start:end]


def _store(directory: Path, name: str, data: bytes) -> Path:
    """Durable like the API's local storage: bytes fsynced, renamed, directory fsynced."""
    tmp = directory / f"{name}.part"
    target = directory / name
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def create_app(dsn: str, directory: Path) -> Starlette:
    state: dict[str, asyncpg.Pool] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(dsn, min_size=2, max_size=10)
        await pool.execute(SCHEMA)
        state["pool"] = pool
        yield
        await pool.close()

    async def upload(request: Request) -> JSONResponse:
        _, params = parse_options_header(request.headers.get("content-type", ""))
        part = _Part()
        parser = MultipartParser(params[b"boundary"], vars(_Callbacks(part)))  # type: ignore[arg-type]
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
        doc_id = uuid.uuid4()
        path = await asyncio.to_thread(_store, directory, doc_id.hex, bytes(part.data))
        async with state["pool"].acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO floor_uploads (id, filename, file_path, size) VALUES ($1, $2, $3, $4)",
                doc_id,
                part.filename,
                str(path),
                len(part.data),
            )
        return JSONResponse({"document_id": str(doc_id)}, status_code=202)

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[Route("/upload", upload, methods=["POST"]), Route("/health", health)],
        lifespan=lifespan,
    )


class _Callbacks:
    """python-multipart wants a dict of callables; these are the part's bound methods."""

    def __init__(self, part: _Part) -> None:
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
        ):
            setattr(self, name, getattr(part, name))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor_server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    uvicorn.run(
        create_app(args.dsn, args.dir),
        host="127.0.0.1",
        port=args.port,
        http="h11",  # as the API (it uses h11 for its header limits)
        log_level="warning",
        access_log=False,
        backlog=2048,
    )


if __name__ == "__main__":
    main()
