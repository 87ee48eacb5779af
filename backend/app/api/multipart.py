"""The upload's multipart body, parsed as it arrives (python-multipart's streaming parser).

An oversized upload is refused with 413 as soon as it crosses the limit, without being
buffered; a small file stays in memory, a larger one goes to a temporary file under
`DATA_DIR/tmp`. HTTP only: what is received (`app.ingest.ReceivedFile`) goes to the upload
service (`app/services/uploads.py`).
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from python_multipart.multipart import MultipartParser, parse_options_header

from app.errors import BadRequestError, PayloadTooLargeError
from app.ingest import ReceivedFile

FLUSH_BYTES = 1 << 20
MAX_FILENAME = 255
FORM_OVERHEAD = 64 * 1024  # boundaries and part headers around the file


def display_filename(raw: str | None) -> str:
    """The client's name, kept for display only: no path, no control characters, bounded."""
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:MAX_FILENAME] or "document"


class _FilePart:
    """Collects the `file` field of a multipart body into a temporary file."""

    def __init__(self, tmp_dir: Path, limit: int) -> None:
        self.tmp_path = tmp_dir / f"{uuid.uuid4().hex}.part"
        self.limit = limit
        self.size = 0
        self.hash = hashlib.sha256()
        self.head = b""
        self.filename: str | None = None
        self.found = False
        self._buffer = bytearray()
        self._file: BinaryIO | None = None
        self._current_is_file = False
        self._header_field = b""
        self._headers: dict[bytes, bytes] = {}

    # python-multipart callbacks (synchronous; they only touch memory)
    def on_part_begin(self) -> None:
        self._headers = {}
        self._current_is_file = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        key = self._header_field.lower()
        self._headers[key] = self._headers.get(key, b"") + data[start:end]

    def on_header_end(self) -> None:
        self._header_field = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if params.get(b"name") == b"file" and not self.found:
            self.found = self._current_is_file = True
            raw = params.get(b"filename", b"")
            self.filename = raw.decode("utf-8", errors="replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self._current_is_file:
            return
        chunk = data[start:end]
        self.size += len(chunk)
        if self.size > self.limit:
            raise PayloadTooLargeError(
                f"The file is larger than the {self.limit // (1024 * 1024)} MB limit."
            )
        if len(self.head) < 2048:
            self.head += chunk[: 2048 - len(self.head)]
        self._buffer += chunk  # hashed in a thread (`finish`, `_write`): not on the event loop

    async def flush(self) -> None:
        """Write out the buffer once it holds `FLUSH_BYTES` (most uploads never get here)."""
        if len(self._buffer) < FLUSH_BYTES:
            return
        data, self._buffer = bytes(self._buffer), bytearray()
        await asyncio.to_thread(self._write, data, False)

    async def finish(self) -> bytes | None:
        """The whole file if it never left memory (most uploads: it is hashed in a thread, and
        storage writes it in one more trip); else the rest of the buffer, hashed and written,
        and the close, in one trip. Under load every trip waits to be scheduled: the upload
        makes few."""
        data, self._buffer = bytes(self._buffer), bytearray()
        if self._file is None:
            # SHA-256 of a few hundred KB holds the event loop for about a millisecond; in a
            # thread it runs beside it (hashlib releases the GIL for large inputs).
            await asyncio.to_thread(self.hash.update, data)
            return data
        await asyncio.to_thread(self._write, data, True)
        return None

    def _write(self, data: bytes, last: bool) -> None:
        self.hash.update(data)
        if self._file is None:
            self.tmp_path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.tmp_path, "wb")  # noqa: SIM115 - closed below or in close()
        self._file.write(data)
        if last:
            f, self._file = self._file, None
            f.close()

    async def close(self) -> None:
        if self._file is not None:
            f, self._file = self._file, None
            await asyncio.to_thread(f.close)

    def remove(self) -> None:
        self.tmp_path.unlink(missing_ok=True)


async def receive_file(
    body: AsyncIterator[bytes],
    content_type: str | None,
    content_length: str | None,
    tmp_dir: Path,
    limit: int,
) -> ReceivedFile:
    """Parse a multipart body with a `file` field into a temporary file (or raise a 4xx)."""
    if content_length and content_length.isdigit() and int(content_length) > limit + FORM_OVERHEAD:
        raise PayloadTooLargeError(
            f"The file is larger than the {limit // (1024 * 1024)} MB limit."
        )
    ctype, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise BadRequestError("Send the document as multipart/form-data with a field named 'file'.")
    part = _FilePart(tmp_dir, limit)
    callbacks = {
        name: getattr(part, name)
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
        )
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in body:
            try:
                parser.write(chunk)
            except PayloadTooLargeError:
                raise
            except Exception:
                raise BadRequestError("The upload is not valid multipart/form-data.") from None
            await part.flush()
        parser.finalize()
        in_memory = await part.finish()
    except BaseException:
        await part.close()
        part.remove()
        raise
    if not part.found:
        part.remove()
        raise BadRequestError("No file was sent; use the form field 'file'.")
    if part.size == 0:
        part.remove()
        raise BadRequestError("The file is empty.")
    return ReceivedFile(
        part.tmp_path,
        display_filename(part.filename),
        part.size,
        part.hash.hexdigest(),
        part.head,
        in_memory,
    )
