"""What an upload is, before it is stored: the received file, and its type sniffed from its
bytes (never from the name or the header the client sent).

`ACCEPTED_TYPES` is the one list of accepted types: `GET /api/config` serves it to the web app
(dropzone, browser-side checks, the text beside them) and a test holds the storage bucket's
`allowed_mime_types` to it.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.errors import BadRequestError, PayloadTooLargeError


@dataclass
class ReceivedFile:
    path: Path  # the temporary file, when the body outgrew memory (`data` is None then)
    filename: str
    size: int
    sha256: str
    head: bytes
    data: bytes | None = None  # the whole file, when it fit in `FLUSH_BYTES`

    @property
    def content(self) -> Path | bytes:
        return self.path if self.data is None else self.data


# Recognised by their first bytes, never by the name the client sent.
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
]
# The accepted types, their usual extensions and a name a person knows them by. The one list:
# `GET /api/config` serves it to the web app (dropzone, browser-side checks, the text beside
# them) and a test holds the storage bucket's `allowed_mime_types` to it.
ACCEPTED_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF", (".pdf",)),
    "image/png": ("PNG", (".png",)),
    "image/jpeg": ("JPEG", (".jpg", ".jpeg")),
    "image/webp": ("WebP", (".webp",)),
    "image/tiff": ("TIFF", (".tif", ".tiff")),
}
_names = [name for name, _ in ACCEPTED_TYPES.values()]
SUPPORTED_TYPES = ", ".join(_names[:-1]) + " or " + _names[-1]


def sniff_mime_type(head: bytes) -> str | None:
    """The supported type these leading bytes belong to, or None. PDFs may have up to 1 KiB of
    junk before the header (readers accept it), so `%PDF-` is looked for there too."""
    for magic, offset, mime in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    return None


def read_local_file(source: Path, filename: str, tmp_dir: Path, limit: int) -> ReceivedFile:
    """A file already on this machine (a watched folder's) as an upload: hashed, and copied
    into memory when small or into a temporary file under `tmp_dir` (acceptance consumes it;
    the source stays where it is until its document is committed). Blocking: run in a thread.
    Raises `PayloadTooLargeError` over `limit` and `BadRequestError` for an empty file, in the
    words the upload uses."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    buffer = bytearray()
    tmp_path = tmp_dir / f"inbound-{uuid.uuid4().hex}"
    out = None
    try:
        with source.open("rb") as f:
            while chunk := f.read(IN_MEMORY_BYTES):
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLargeError(
                        f"The file is larger than the {limit // (1024 * 1024)} MB limit."
                    )
                digest.update(chunk)
                if len(head) < 2048:
                    head += chunk[: 2048 - len(head)]
                if out is None and len(buffer) + len(chunk) <= IN_MEMORY_BYTES:
                    buffer += chunk
                    continue
                if out is None:
                    tmp_dir.mkdir(parents=True, exist_ok=True)
                    out = tmp_path.open("wb")
                    out.write(buffer)
                    buffer = bytearray()
                out.write(chunk)
        if size == 0:
            raise BadRequestError("The file is empty.")
    except BaseException:
        if out is not None:
            out.close()
        tmp_path.unlink(missing_ok=True)
        raise
    if out is not None:
        out.close()
        return ReceivedFile(tmp_path, filename, size, digest.hexdigest(), head)
    return ReceivedFile(tmp_path, filename, size, digest.hexdigest(), head, bytes(buffer))


IN_MEMORY_BYTES = 1 << 20  # like the upload's FLUSH_BYTES: most scans stay in memory


def received_from_bytes(data: bytes, filename: str, limit: int) -> ReceivedFile:
    """Bytes already in memory (a mail attachment) as an upload, checked like one. Hashing a
    large attachment takes a while: run in a thread."""
    if len(data) > limit:
        raise PayloadTooLargeError(
            f"The file is larger than the {limit // (1024 * 1024)} MB limit."
        )
    if not data:
        raise BadRequestError("The file is empty.")
    return ReceivedFile(
        Path(), filename, len(data), hashlib.sha256(data).hexdigest(), data[:2048], data
    )
