"""MistralOcrEngine through the real `mistralai` SDK against a loopback fake of the OCR API."""

from __future__ import annotations

import asyncio
import base64
import socket
from pathlib import Path

import pytest

from app.config import Settings
from app.errors import PermanentError, TransientError
from app.ocr.base import MemoryPages, OcrInput, OcrPage
from app.ocr.mistral import MistralOcrEngine, parse_retry_after
from app.pipeline.retry import with_retries
from app.store.files import LocalFileStorage
from tests import files
from tests.fakes.mistral_fake import TABLE_HTML, MistralFake

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class SigningStorage(LocalFileStorage):
    """Local storage that, like Supabase Storage, can hand out a signed URL."""

    async def signed_url(self, path: str, expires_in: int) -> str | None:
        return f"https://storage.example/signed/{path}?token=t0k&expires={expires_in}"


class Progress:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    async def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def settings_for(url: str, tmp_path: Path, **extra: object) -> Settings:
    return Settings(MISTRAL_API_KEY="test-key", MISTRAL_SERVER_URL=url, DATA_DIR=tmp_path, **extra)


async def stored(
    storage: LocalFileStorage, tmp_path: Path, name: str, data: bytes, mime: str
) -> OcrInput:
    src = tmp_path / f"upload-{name}"
    src.write_bytes(data)
    await storage.save(f"user/doc/{name}", src, mime)
    return OcrInput(
        document_id="doc",
        filename=name,
        mime_type=mime,
        file_size_bytes=len(data),
        storage_path=f"user/doc/{name}",
        storage=storage,
    )


async def test_pdf_is_sent_as_base64_data_url_and_pages_are_mapped(
    mistral: MistralFake, tmp_path: Path
) -> None:
    settings = settings_for(mistral.url, tmp_path, MISTRAL_OCR_MODEL="mistral-ocr-test")
    engine = MistralOcrEngine(settings)
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "invoice.pdf", PDF_BYTES, "application/pdf"
    )
    progress = Progress()
    try:
        result = await engine.process(source, progress)
    finally:
        await engine.aclose()

    [request] = mistral.requests
    assert (request.method, request.path) == ("POST", "/v1/ocr")
    assert request.headers["authorization"] == "Bearer test-key"
    assert request.body["model"] == "mistral-ocr-test"
    assert request.body["table_format"] == "html"
    # No extracted images (their bounding boxes and crops are never used): none asked for.
    assert request.body["image_limit"] == 0 and request.body["include_image_base64"] is False
    document = request.body["document"]
    assert document["type"] == "document_url"
    assert document["document_name"] == "invoice.pdf"
    prefix = "data:application/pdf;base64,"
    assert document["document_url"].startswith(prefix)
    assert base64.b64decode(document["document_url"][len(prefix) :]) == PDF_BYTES

    assert result.page_count == 2
    assert result.model == "mistral-ocr-2505"
    first, second = result.pages
    assert (first.index, first.width, first.height) == (0, 1700, 2200)
    assert first.tables == [TABLE_HTML]
    assert (
        TABLE_HTML in first.markdown and "[tbl-0.html]" not in first.markdown
    )  # placeholder inlined
    assert second.markdown == "Total: 9.99 EUR" and second.tables == []
    assert result.usage_info["pages_processed"] == 2
    assert result.processing_time_ms >= 0
    assert "ACME Corp" in result.text and result.tables_html == [TABLE_HTML]
    assert progress.calls == [(2, 2)]


async def test_image_is_sent_as_image_url_data_url(mistral: MistralFake, tmp_path: Path) -> None:
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "scan.png", PNG_BYTES, "image/png"
    )
    result = await engine.process(source, Progress())
    await engine.aclose()

    document = mistral.requests[0].body["document"]
    assert document["type"] == "image_url"
    assert document["image_url"] == "data:image/png;base64," + base64.b64encode(PNG_BYTES).decode()
    assert mistral.requests[0].body["model"] == "mistral-ocr-latest"  # the default
    assert result.page_count == 1


@pytest.mark.parametrize(
    ("name", "mime", "kind"),
    [
        ("scan.png", "image/png", "image_url"),
        ("report.pdf", "application/pdf", "document_url"),
    ],
)
async def test_signed_url_is_preferred_over_inline_bytes(
    mistral: MistralFake, tmp_path: Path, name: str, mime: str, kind: str
) -> None:
    settings = settings_for(mistral.url, tmp_path, SIGNED_URL_TTL_S=321)
    engine = MistralOcrEngine(settings)
    source = await stored(SigningStorage(tmp_path / "files"), tmp_path, name, PDF_BYTES, mime)
    await engine.process(source, Progress())
    await engine.aclose()

    document = mistral.requests[0].body["document"]
    assert document["type"] == kind
    assert document[kind] == f"https://storage.example/signed/user/doc/{name}?token=t0k&expires=321"


@pytest.mark.parametrize("status", [429, 503])
async def test_transient_failure_is_retried_by_with_retries(
    mistral: MistralFake, tmp_path: Path, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    mistral.then_status(status, headers={"Retry-After": "0.3"})
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "a.pdf", PDF_BYTES, "application/pdf"
    )
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def recorded_sleep(delay: float, *args: object) -> object:
        waits.append(delay)
        return await real_sleep(delay, *args)

    monkeypatch.setattr(asyncio, "sleep", recorded_sleep)
    result = await with_retries(
        lambda: engine.process(source, Progress()), attempts=3, base_delay=0.001
    )
    monkeypatch.undo()
    await engine.aclose()

    assert len(mistral.requests) == 2  # no hidden SDK retries: exactly ours
    assert result.page_count == 2
    # The server's Retry-After was honoured over the tiny backoff: the wait asked for, not a
    # clock reading.
    assert max(waits) >= 0.3


async def test_rate_limit_carries_retry_after(mistral: MistralFake, tmp_path: Path) -> None:
    mistral.then_status(429, {"message": "Requests rate limit exceeded"}, {"Retry-After": "7"})
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "a.pdf", PDF_BYTES, "application/pdf"
    )
    with pytest.raises(TransientError) as caught:
        await engine.process(source, Progress())
    await engine.aclose()
    assert caught.value.retry_after == 7
    assert (
        "rate limiting" in caught.value.detail
        and "Requests rate limit exceeded" in caught.value.detail
    )


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            401,
            {"message": "Unauthorized", "request_id": "x"},
            "The OCR service refused this server's key. Whoever runs the server needs to "
            "check it; then press Retry.",
        ),
        (
            400,
            {"object": "error", "message": "Document could not be parsed"},
            "The OCR service rejected the document (HTTP 400): Document could not be parsed",
        ),
        (413, {"message": "too big"}, "The file is too large for the OCR service."),
        (
            422,
            {"detail": [{"loc": ["body", "document"], "msg": "Field required", "type": "missing"}]},
            "The OCR service could not process this document: Field required",
        ),
    ],
)
async def test_permanent_failure_is_not_retried(
    mistral: MistralFake, tmp_path: Path, status: int, body: dict, expected: str
) -> None:
    mistral.then_status(status, body)
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "a.pdf", PDF_BYTES, "application/pdf"
    )
    with pytest.raises(PermanentError) as caught:
        await with_retries(lambda: engine.process(source, Progress()), attempts=3, base_delay=0.001)
    await engine.aclose()
    assert caught.value.detail == expected
    assert "Traceback" not in caught.value.detail and "test-key" not in caught.value.detail
    assert len(mistral.requests) == 1


async def test_an_answer_the_sdk_cannot_parse_fails_once_without_paying_again(
    mistral: MistralFake, tmp_path: Path
) -> None:
    # A 200 whose body is not an OCR response: the call was made (and billed); a retry would
    # pay again for the same unreadable answer.
    mistral.then_status(200, {"pages": "not a list", "model": 7})
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "a.pdf", PDF_BYTES, "application/pdf"
    )
    try:
        with pytest.raises(PermanentError) as caught:
            await with_retries(
                lambda: engine.process(source, Progress()), attempts=3, base_delay=0.001
            )
    finally:
        await engine.aclose()
    assert "could not read" in caught.value.detail and "Retry" in caught.value.detail
    assert len(mistral.requests) == 1


async def test_slow_service_times_out_as_transient(mistral: MistralFake, tmp_path: Path) -> None:
    # The service answers only when the test releases it, so only our own timeout can end the
    # call: no stopwatch needed to tell a timeout from a slow success.
    mistral.hold()
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path, MISTRAL_TIMEOUT_S=0.3))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "a.pdf", PDF_BYTES, "application/pdf"
    )
    try:
        with pytest.raises(TransientError, match=r"did not answer within 0\.3 s"):
            await engine.process(source, Progress())
    finally:
        mistral.release()
        await engine.aclose()


async def test_unreachable_service_is_transient(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    engine = MistralOcrEngine(settings_for(f"http://127.0.0.1:{port}", tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "a.pdf", PDF_BYTES, "application/pdf"
    )
    with pytest.raises(TransientError, match="Could not reach the OCR service"):
        await engine.process(source, Progress())
    await engine.aclose()


def test_retry_after_parsing() -> None:
    assert parse_retry_after({"retry-after": "12"}) == 12
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0  # in the past
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None


async def test_the_documents_language_is_identified_and_hyphen_breaks_joined(
    mistral: MistralFake, tmp_path: Path
) -> None:
    """Mistral OCR does not say which language a page is in: the local identifier does, as
    for the local engine; its line-break hyphens are joined like every engine's."""
    mistral.pages = [
        {
            "index": 0,
            "markdown": "Madame, Monsieur,\n\nNous vous prions de trouver ci-joint la facture "
            "du mois de mai, y com\u2010\npris les frais de livraison. Le prélèvement aura "
            "lieu le 15 juin sur votre compte bancaire.",
            "images": [],
            "dimensions": {"dpi": 200, "height": 2200, "width": 1700},
            "tables": [],
        }
    ]
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path))
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "lettre.pdf", PDF_BYTES, "application/pdf"
    )
    result = await engine.process(source, Progress())
    await engine.aclose()
    assert result.language == "fr"
    assert "y compris les frais" in " ".join(result.text.split())


def numbered_pdf(n: int) -> bytes:
    return files.text_pdf([[f"This is page {i + 1} of the long report."] for i in range(n)])


async def test_a_pdf_over_the_page_limit_is_sent_in_ranges_and_stitched_in_order(
    mistral: MistralFake, tmp_path: Path
) -> None:
    """The fake refuses a PDF of more than 3 pages (as the service refuses > 1,000): an
    8-page PDF goes as 3 + 3 + 2 pages, and the pages come back numbered in the document."""
    mistral.read_pdfs(max_pages=3)
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path, MISTRAL_MAX_PAGES=3))
    source = await stored(
        LocalFileStorage(tmp_path / "files"),
        tmp_path,
        "long.pdf",
        numbered_pdf(8),
        "application/pdf",
    )
    sink = MemoryPages()
    progress = Progress()
    try:
        result = await engine.process(source, progress, sink)
    finally:
        await engine.aclose()
    assert mistral.pages_sent == [3, 3, 2]
    assert [p.index for p in result.pages] == list(range(8)) and result.page_count == 8
    for i, page in enumerate(result.pages):
        assert f"page {i + 1} of" in page.markdown, page.markdown
    assert sorted(sink.done) == list(range(8))  # every range stored as it came back
    assert progress.calls[-1] == (8, 8)


async def test_ranges_already_stored_are_not_sent_again(mistral: MistralFake, tmp_path: Path):
    mistral.read_pdfs(max_pages=3)
    engine = MistralOcrEngine(settings_for(mistral.url, tmp_path, MISTRAL_MAX_PAGES=3))
    source = await stored(
        LocalFileStorage(tmp_path / "files"),
        tmp_path,
        "resume.pdf",
        numbered_pdf(7),
        "application/pdf",
    )
    sink = MemoryPages()
    await sink.save([OcrPage(index=i, markdown=f"Stored page {i + 1}.") for i in range(3)])
    try:
        result = await engine.process(source, Progress(), sink)
    finally:
        await engine.aclose()
    assert mistral.pages_sent == [3, 1]  # pages 4-6, then 7: never pages 1-3 again
    assert [p.markdown for p in result.pages][:3] == [f"Stored page {i}." for i in (1, 2, 3)]
    assert "page 7 of" in result.pages[6].markdown


async def test_a_range_over_the_size_limit_is_halved(mistral: MistralFake, tmp_path: Path):
    mistral.read_pdfs(max_pages=10)
    data = numbered_pdf(4)
    # Smaller than the whole file, larger than half of it: each 4-page call is halved.
    limit_mb = (len(data) * 0.8) / (1024 * 1024)
    engine = MistralOcrEngine(
        settings_for(mistral.url, tmp_path, MISTRAL_MAX_PAGES=10, MISTRAL_MAX_MB=limit_mb)
    )
    source = await stored(
        LocalFileStorage(tmp_path / "files"), tmp_path, "big.pdf", data, "application/pdf"
    )
    try:
        result = await engine.process(source, Progress())
    finally:
        await engine.aclose()
    assert sum(mistral.pages_sent) == 4 and max(mistral.pages_sent) < 4
    assert [p.index for p in result.pages] == [0, 1, 2, 3]
