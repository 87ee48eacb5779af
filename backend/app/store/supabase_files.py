"""Supabase Storage behind the `FileStorage` interface (Supabase mode).

Server-side only: the client carries the service-role key, which bypasses Storage RLS, so it
must never reach a browser. Browsers get files through the API (a redirect to a short-lived
signed URL); the OCR service gets a signed URL too.

Everything goes through supabase-py's *async* client: no call here blocks the event loop. Local
disk work (reading the upload, writing a temporary download) runs in a thread.

Errors are translated once, here, into the domain's hierarchy:

- 5xx, 429, timeouts, connection failures -> `StorageUnavailableError` (HTTP 503 in the API,
  and transient for the pipeline, which retries it with backoff);
- object not found -> `StoredFileMissingError`, like `LocalFileStorage`;
- too large / type not allowed / already exists -> the matching request error (413/415/409);
- anything else (bad key, bucket missing) -> `PermanentError` with a readable detail.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NoReturn

import httpx
from storage3._async.file_api import AsyncBucketProxy
from storage3.exceptions import StorageApiError
from storage3.utils import StorageException
from supabase import AsyncClient, AsyncClientOptions, acreate_client

from app.config import Settings
from app.errors import (
    ConflictError,
    PayloadTooLargeError,
    PermanentError,
    StorageUnavailableError,
    StoredFileMissingError,
    UnsupportedMediaTypeError,
)
from app.store.files import MISSING

log = logging.getLogger(__name__)

# Uploads of up to 50 MiB over a slow uplink need more than httpx's 5 s default; connecting
# should still fail fast so a Storage outage turns into a 503 quickly.
DEFAULT_TIMEOUT = httpx.Timeout(120.0, connect=10.0)


def _status_of(exc: StorageApiError) -> int:
    """The real status: Storage often answers HTTP 400 with `"statusCode": "404"` in the body."""
    try:
        return int(exc.status)
    except (TypeError, ValueError):
        return 500


def _retry_after(exc: BaseException) -> float | None:
    """`Retry-After` of the HTTP response behind a storage3 error, when there is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, httpx.HTTPStatusError):
            value = seen.response.headers.get("retry-after")
            if not value:
                return None
            try:
                return max(0.0, float(value))
            except ValueError:
                parsed = email.utils.parsedate_to_datetime(value)
                return max(0.0, parsed.timestamp() - time.time()) if parsed else None
        seen = seen.__cause__ or seen.__context__
    return None


def _raise_mapped(exc: BaseException, action: str, path: str) -> NoReturn:
    """Translate a supabase-py/httpx failure into the domain's errors (see module docstring)."""
    if isinstance(exc, httpx.TimeoutException):
        raise StorageUnavailableError(f"File storage timed out while trying to {action}.") from exc
    if isinstance(exc, httpx.TransportError):
        raise StorageUnavailableError(
            f"File storage is unreachable; could not {action}. Try again shortly."
        ) from exc
    if isinstance(exc, StorageApiError):
        status = _status_of(exc)
        code = str(exc.code or "")
        message = str(exc.message or "")
        if status == 429 or status >= 500:
            raise StorageUnavailableError(
                f"File storage is unavailable ({status}); could not {action}.",
                retry_after=_retry_after(exc),
            ) from exc
        if status == 404 or code in {"not_found", "NoSuchKey"}:
            raise StoredFileMissingError(MISSING) from exc
        if status == 413 or code in {"EntityTooLarge", "Payload too large"}:
            raise PayloadTooLargeError(
                "The file is larger than the storage bucket allows."
            ) from exc
        if status == 415 or code == "invalid_mime_type":
            raise UnsupportedMediaTypeError(
                "The storage bucket does not accept this file type."
            ) from exc
        if status == 409 or code in {"Duplicate", "already_exists"}:
            raise ConflictError("A file already exists at this storage path.") from exc
        if status in (401, 403):
            raise PermanentError(
                "File storage refused the service credentials; check SUPABASE_SERVICE_ROLE_KEY "
                f"and the bucket ({status}: {message or code})."
            ) from exc
        raise PermanentError(
            f"File storage could not {action} ({status}: {message or code})."
        ) from exc
    if isinstance(exc, StorageException):
        raise PermanentError(f"File storage could not {action}: {exc}") from exc
    raise exc


class SupabaseFileStorage:
    """Files in one private Supabase Storage bucket; paths are `<user_id>/<document_id>/<name>`.

    The supabase-py client is created lazily on first use (construction needs no event loop,
    so the app can build this object in its settings wiring); call `aclose()` at shutdown.
    """

    name = "supabase"

    def __init__(
        self,
        settings: Settings,
        *,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if not settings.supabase_url or not settings.supabase_service_role_key:
            raise ValueError("Supabase Storage needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY")
        self._url = settings.supabase_url
        self._key = settings.supabase_service_role_key
        self.bucket = settings.supabase_storage_bucket
        self._http = http_client
        self._owns_http = http_client is None
        self._client: AsyncClient | None = None
        self._lock = asyncio.Lock()

    @classmethod
    async def create(cls, settings: Settings) -> SupabaseFileStorage:
        """Build and connect the client now (fail fast on a malformed URL or key)."""
        storage = cls(settings)
        await storage._get_client()
        return storage

    async def _get_client(self) -> AsyncClient:
        if self._client is None:
            async with self._lock:
                if self._client is None:
                    if self._http is None:
                        self._http = httpx.AsyncClient(
                            timeout=DEFAULT_TIMEOUT, follow_redirects=True
                        )
                    options = AsyncClientOptions(
                        auto_refresh_token=False,  # a service key is not a user session
                        persist_session=False,
                        httpx_client=self._http,
                    )
                    self._client = await acreate_client(self._url, self._key, options=options)
        return self._client

    async def _bucket(self) -> AsyncBucketProxy:
        return (await self._get_client()).storage.from_(self.bucket)

    async def aclose(self) -> None:
        """Close the HTTP connections this object opened (not an injected client)."""
        if self._http is not None and self._owns_http:
            await self._http.aclose()
        self._http = None
        self._client = None

    # --- FileStorage ---------------------------------------------------------------------------
    async def save(self, path: str, source: Path | bytes, content_type: str) -> None:
        # Read off the loop and hand bytes to httpx: given a file object, httpx would read it
        # synchronously inside the event loop while streaming the multipart body.
        data = source if isinstance(source, bytes) else await asyncio.to_thread(source.read_bytes)
        bucket = await self._bucket()
        try:
            await bucket.upload(
                path,
                data,
                {"content-type": content_type, "upsert": "false", "cache-control": "3600"},
            )
        except (httpx.HTTPError, StorageException) as exc:
            _raise_mapped(exc, "store the file", path)
        # The interface allows `source` to be consumed; drop the temp copy now that it is stored.
        if isinstance(source, Path):
            await asyncio.to_thread(source.unlink, missing_ok=True)

    async def delete(self, path: str) -> None:
        bucket = await self._bucket()
        try:
            # Storage answers 200 with an empty list for a missing object; a 404 (older
            # Storage versions, a missing bucket prefix) means the same: nothing to delete.
            await bucket.remove([path])
        except (httpx.HTTPError, StorageException) as exc:
            try:
                _raise_mapped(exc, "delete the file", path)
            except StoredFileMissingError:
                return

    async def read(self, path: str) -> bytes:
        bucket = await self._bucket()
        try:
            return await bucket.download(path)
        except (httpx.HTTPError, StorageException) as exc:
            _raise_mapped(exc, "read the file", path)

    @contextlib.asynccontextmanager
    async def local_file(self, path: str) -> AsyncIterator[Path]:
        """Download to a private temporary file for engines that need a path; removed after."""
        data = await self.read(path)
        suffix = Path(path).suffix[:10]

        def _write() -> Path:
            fd, name = tempfile.mkstemp(prefix="docstream-", suffix=suffix)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            return Path(name)

        local = await asyncio.to_thread(_write)
        try:
            yield local
        finally:
            await asyncio.to_thread(local.unlink, missing_ok=True)

    async def signed_url(self, path: str, expires_in: int) -> str | None:
        bucket = await self._bucket()
        try:
            result = await bucket.create_signed_url(path, expires_in)
        except (httpx.HTTPError, StorageException) as exc:
            _raise_mapped(exc, "sign a download link", path)
        url = result.get("signedURL") or result.get("signedUrl")
        if not url:
            raise PermanentError("File storage returned no signed URL.")
        return url
