"""Mistral OCR through the official `mistralai` SDK (which sends through `httpx2`).

One API call per document when it fits the service's per-call limits (`MISTRAL_MAX_PAGES`,
`MISTRAL_MAX_MB`): the file goes as a signed URL when the storage can make one (no upload
through us), else as a base64 `data:` URL. A bigger PDF, or one with pages already stored by an
earlier run, is split by pages with pypdfium2 (`ranges.py`) and sent one range at a time, each
range's pages stored as soon as they come back (checkpoints) and numbered in the document's
order: only one range's bytes are held at a time. Tables are requested as HTML; they are kept per page
and also put back inline where Mistral left a placeholder, so the markdown stays complete.

The engine never retries: the pipeline wraps `process` in `with_retries`, the one backoff policy.
Every failure becomes `TransientError` (429 with its Retry-After, 5xx, timeouts, connection
errors) or `PermanentError` (400, 401, 403, 413, 422...) with a message a user can act on.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import json
import logging
import time
from typing import Any

import httpx2
from mistralai.client import Mistral
from mistralai.client import errors as mistral_errors

from app.config import Settings
from app.errors import ErrorCode, PermanentError, ProcessingError, TransientError
from app.logs import log_context
from app.ocr import ranges
from app.ocr.base import MemoryPages, OcrInput, OcrPage, OcrResult, PageSink, ProgressCallback
from app.ocr.languages import document_language

log = logging.getLogger(__name__)


def parse_retry_after(headers: Any) -> float | None:
    """Seconds to wait from `retry-after-ms`, or `Retry-After` (seconds or an HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _service_message(body: str) -> str:
    """The service's own explanation from an error body, short, or "" when there is none."""
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return ""
    message: Any = (data.get("message") or data.get("detail")) if isinstance(data, dict) else None
    if isinstance(message, list):  # FastAPI-style 422: [{"loc": [...], "msg": "..."}]
        message = "; ".join(
            str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in message
        )
    elif isinstance(message, dict):
        message = message.get("detail") or message.get("message") or ""
    return " ".join(str(message or "").split())[:300]


def error_for_status(status: int, body: str, headers: Any) -> ProcessingError:
    """Map an HTTP error of the OCR API to our two error kinds."""
    reason = _service_message(body)
    suffix = f": {reason}" if reason else "."
    if status == 429:
        return TransientError(
            "The OCR service is rate limiting requests" + suffix,
            retry_after=parse_retry_after(headers),
        )
    if status >= 500 or status == 408:
        return TransientError(
            f"The OCR service is unavailable (HTTP {status})" + suffix,
            retry_after=parse_retry_after(headers),
        )
    if status == 401:
        # People read the message; the variable to fix is for whoever runs the server.
        log.error("Mistral answered HTTP 401: check MISTRAL_API_KEY")
        return PermanentError(
            "The OCR service refused this server's key. Whoever runs the server needs to "
            "check it; then press Retry."
        )
    if status == 403:
        return PermanentError(
            "The OCR service refused access with this API key (check its plan "
            "and permissions)" + suffix
        )
    if status == 413:
        return PermanentError("The file is too large for the OCR service.")
    if status == 422:
        return PermanentError("The OCR service could not process this document" + suffix)
    return PermanentError(f"The OCR service rejected the document (HTTP {status})" + suffix)


def _inline_tables(markdown: str, tables: dict[str, str]) -> str:
    """Replace Mistral's `[tbl-0.html](tbl-0.html)` placeholders with the tables themselves."""
    for table_id, html in tables.items():
        markdown = markdown.replace(f"[{table_id}]({table_id})", html)
    return markdown


def _to_page(page: Any) -> OcrPage:
    html_tables = {t.id: t.content for t in (page.tables or []) if t.format_ == "html"}
    dims = page.dimensions
    return OcrPage(
        index=page.index,
        markdown=_inline_tables(page.markdown or "", html_tables),
        tables=list(html_tables.values()),
        width=dims.width if dims else None,
        height=dims.height if dims else None,
    )


class MistralOcrEngine:
    """`OcrEngine` backed by Mistral OCR. `async_client` (an `httpx2.AsyncClient`) is for tests
    and proxies; by default the SDK makes and owns its own."""

    name = "mistral"

    def __init__(
        self, settings: Settings, *, async_client: httpx2.AsyncClient | None = None
    ) -> None:
        self._settings = settings
        self._timeout_s = settings.mistral_timeout_s
        # A long document's page-range runs (`pipeline/fan_out.py`) take one call's worth of
        # pages each: the service reads them in one answer, well inside a dispatch deadline.
        self.pages_per_run = settings.mistral_max_pages
        self._client = Mistral(
            api_key=settings.mistral_api_key,
            server_url=settings.mistral_server_url or None,  # None: the SDK's default endpoint
            async_client=async_client,
            retry_config=None,  # retries are ours alone (with_retries in the pipeline)
            timeout_ms=int(self._timeout_s * 1000),
        )

    async def _document(self, source: OcrInput) -> Any:  # the SDK accepts its TypedDicts as dicts
        """A signed URL when storage has one; else the bytes inline as a base64 data URL."""
        url = await source.storage.signed_url(source.storage_path, self._settings.signed_url_ttl_s)
        if url is None:
            data = await source.storage.read(source.storage_path)
            # Encoding tens of MB takes a while: keep it off the event loop.
            encoded = await asyncio.to_thread(base64.b64encode, data)
            url = f"data:{source.mime_type};base64,{encoded.decode('ascii')}"
        if source.mime_type == "application/pdf":
            return {"type": "document_url", "document_url": url, "document_name": source.filename}
        return {"type": "image_url", "image_url": url}

    def reading(self) -> str:
        return f"{self.name}:{self._settings.mistral_ocr_model}"

    async def _call(self, document: Any) -> tuple[list[OcrPage], str, dict[str, Any], int]:
        """One OCR request: its pages (numbered from 0), model, usage and duration in ms."""
        started = time.monotonic()
        try:
            # The SDK's timeout is per network operation; this bounds the whole call.
            async with asyncio.timeout(self._timeout_s + 5):
                response = await self._client.ocr.process_async(
                    model=self._settings.mistral_ocr_model,
                    document=document,
                    table_format="html",
                    # No images: their bounding boxes and crops are never used (the page's
                    # markdown is), and asking for them only makes the answer larger.
                    include_image_base64=False,
                    image_limit=0,
                    retries=None,
                )
        except mistral_errors.ResponseValidationError as exc:
            # The call was answered (and billed); sending it again would most likely pay for the
            # same unreadable answer. Not transient: the document fails, and Retry is the
            # person's choice (the message says so).
            log.error("mistral ocr: the SDK could not parse the answer: %s", exc)
            raise PermanentError(
                "The OCR service sent an answer we could not read. Press Retry to try once more; "
                "if it keeps happening, contact support.",
                code=ErrorCode.ENGINE_REJECTED,
            ) from None
        except mistral_errors.MistralError as exc:  # every HTTP error status, 422 included
            raise error_for_status(exc.status_code, exc.body, exc.headers) from None
        except (httpx2.TimeoutException, TimeoutError):
            raise TransientError(
                f"The OCR service did not answer within {self._timeout_s:g} s."
            ) from None
        except httpx2.TransportError as exc:
            raise TransientError(
                f"Could not reach the OCR service ({type(exc).__name__})."
            ) from None
        except mistral_errors.NoResponseError:
            raise TransientError("The OCR service sent no response.") from None
        usage = response.usage_info.model_dump(mode="json") if response.usage_info else {}
        elapsed_ms = int((time.monotonic() - started) * 1000)
        return [_to_page(p) for p in response.pages], response.model, usage, elapsed_ms

    async def process(
        self, source: OcrInput, progress: ProgressCallback, pages: PageSink | None = None
    ) -> OcrResult:
        sink = pages if pages is not None else MemoryPages()
        s = self._settings
        max_bytes = int(s.mistral_max_mb * 1024 * 1024)
        if source.mime_type == "application/pdf":
            return await self._in_ranges(source, progress, sink, max_bytes)
        return await self._whole(source, progress, sink)

    async def _whole(
        self, source: OcrInput, progress: ProgressCallback, sink: PageSink
    ) -> OcrResult:
        document = await self._document(source)
        read, model, usage, elapsed_ms = await self._call(document)
        with log_context(document_id=source.document_id):
            log.info("mistral ocr: %d pages in %d ms", len(read), elapsed_ms)
        await sink.save(read)
        await progress(len(read), len(read))
        return await self._result(read, model, usage, elapsed_ms)

    async def _in_ranges(
        self, source: OcrInput, progress: ProgressCallback, sink: PageSink, max_bytes: int
    ) -> OcrResult:
        """The PDF in page ranges within the per-call limits; ranges already stored skipped."""
        s = self._settings
        started = time.monotonic()
        model, calls = self._settings.mistral_ocr_model, 0
        async with source.storage.local_file(source.storage_path) as local_path:
            path = str(local_path)
            count = await asyncio.to_thread(ranges.page_count, path, s.max_pages)
            if count is None or (
                count <= s.mistral_max_pages
                and source.file_size_bytes <= max_bytes
                and source.page_range is None
                and not sink.done
            ):  # fits one call: sent whole, as a signed URL when the storage has one
                return await self._whole(source, progress, sink)
            start, stop = source.page_range or (0, count)
            stop = min(stop, count)
            done = sum(1 for i in range(count) if i in sink.done or not start <= i < stop)
            await progress(done, count)
            todo = [
                r
                for r in ranges.split(start, stop, s.mistral_max_pages)
                if any(i not in sink.done for i in range(*r))
            ]
            while todo:
                first, last = todo.pop(0)
                data = await asyncio.to_thread(ranges.extract, path, first, last)
                if len(data) > max_bytes:
                    if last - first == 1:
                        raise PermanentError(
                            f"Page {first + 1} alone is larger than the OCR service accepts "
                            f"({s.mistral_max_mb:g} MB). Re-scan it at a lower resolution."
                        )
                    middle = (first + last) // 2
                    todo[:0] = [(first, middle), (middle, last)]
                    continue
                encoded = await asyncio.to_thread(base64.b64encode, data)
                del data
                read, model, _usage, elapsed_ms = await self._call(
                    {
                        "type": "document_url",
                        "document_url": f"data:application/pdf;base64,{encoded.decode('ascii')}",
                        "document_name": f"{source.filename} (pages {first + 1}-{last})",
                    }
                )
                calls += 1
                for page in read:
                    page.index += first
                read = [p for p in read if first <= p.index < last]
                with log_context(document_id=source.document_id):
                    log.info("mistral ocr: pages %d-%d in %d ms", first + 1, last, elapsed_ms)
                await sink.save(read)
                done += len(read)
                await progress(done, count)
        stitched = [sink.done[i] for i in range(start, stop) if i in sink.done]
        elapsed_ms = int((time.monotonic() - started) * 1000)
        usage = {"pages_processed": count, "calls": calls}
        result = await self._result(stitched, model, usage, elapsed_ms)
        result.document_pages = count
        return result

    async def _result(
        self, read: list[OcrPage], model: str, usage: dict[str, Any], elapsed_ms: int
    ) -> OcrResult:
        result = OcrResult(pages=read, model=model, processing_time_ms=elapsed_ms, usage_info=usage)
        # The same identifier as the local engine, off the loop (its model loads on first use).
        result.language = await asyncio.to_thread(document_language, result.text)
        return result

    async def aclose(self) -> None:
        """Close the SDK's HTTP client (a supplied one is left to its owner)."""
        await self._client.__aexit__(None, None, None)
