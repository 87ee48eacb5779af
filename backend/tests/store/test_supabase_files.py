"""SupabaseFileStorage through the real supabase-py client, against Storage faked with respx.

Asserts what supabase-py actually sends (URL, bucket and path, service-role auth headers,
multipart body) and how every failure mode is translated into the domain's errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx

from app.config import Settings
from app.errors import (
    ConflictError,
    PayloadTooLargeError,
    PermanentError,
    ServiceUnavailableError,
    StorageUnavailableError,
    StoredFileMissingError,
    TransientError,
    UnsupportedMediaTypeError,
    is_transient,
)
from app.store.supabase_files import SupabaseFileStorage

SUPABASE_URL = "https://project-ref.supabase.co"
STORAGE = f"{SUPABASE_URL}/storage/v1"
SERVICE_KEY = "service-role-key-for-tests"
PATH = "11111111-1111-4111-8111-111111111111/aaaaaaaa-0000-4000-8000-000000000001/scan.pdf"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        SUPABASE_URL=SUPABASE_URL,
        SUPABASE_SERVICE_ROLE_KEY=SERVICE_KEY,
        DATA_DIR=tmp_path,
    )


@pytest.fixture
async def storage(settings: Settings):
    store = SupabaseFileStorage(settings)
    yield store
    await store.aclose()


@pytest.fixture
def storage_api():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def upload_file(tmp_path: Path) -> Path:
    path = tmp_path / "upload.tmp"
    path.write_bytes(PDF)
    return path


def assert_service_auth(request: httpx.Request) -> None:
    assert request.headers["apikey"] == SERVICE_KEY
    assert request.headers["authorization"] == f"Bearer {SERVICE_KEY}"


def storage_error(status: str, error: str, message: str, http_status: int = 400) -> httpx.Response:
    """How Supabase Storage reports errors (often HTTP 400 with the real status in the body)."""
    return httpx.Response(
        http_status, json={"statusCode": status, "error": error, "message": message}
    )


# --- save ---------------------------------------------------------------------------------------
async def test_save_uploads_with_content_type_and_no_upsert(storage, storage_api, upload_file):
    route = storage_api.post(f"{STORAGE}/object/documents/{PATH}").respond(
        200, json={"Key": f"documents/{PATH}", "Id": "obj-1"}
    )

    await storage.save(PATH, upload_file, "application/pdf")

    assert route.call_count == 1
    request = route.calls.last.request
    assert_service_auth(request)
    assert request.headers["x-upsert"] == "false"
    assert request.headers["content-type"].startswith("multipart/form-data")
    body = request.content
    assert PDF in body
    assert b"Content-Type: application/pdf" in body
    assert b'filename="scan.pdf"' in body
    assert not upload_file.exists(), "the temporary upload is consumed once stored"


async def test_save_of_an_existing_path_is_a_conflict(storage, storage_api, upload_file):
    storage_api.post(f"{STORAGE}/object/documents/{PATH}").mock(
        return_value=storage_error("409", "Duplicate", "The resource already exists")
    )
    with pytest.raises(ConflictError):
        await storage.save(PATH, upload_file, "application/pdf")
    assert upload_file.exists(), "a failed upload leaves the source for the caller"


async def test_save_too_large_and_wrong_type(storage, storage_api, upload_file):
    route = storage_api.post(f"{STORAGE}/object/documents/{PATH}")
    route.mock(
        return_value=storage_error(
            "413", "Payload too large", "The object exceeded the maximum allowed size", 413
        )
    )
    with pytest.raises(PayloadTooLargeError):
        await storage.save(PATH, upload_file, "application/pdf")

    route.mock(
        return_value=storage_error(
            "415", "invalid_mime_type", "mime type text/plain is not supported"
        )
    )
    with pytest.raises(UnsupportedMediaTypeError):
        await storage.save(PATH, upload_file, "text/plain")


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(503, text="upstream connect error"),  # not even JSON
        httpx.Response(500, json={"statusCode": "500", "error": "internal", "message": "boom"}),
        httpx.Response(502, text="<html>Bad Gateway</html>"),
    ],
)
async def test_save_when_storage_fails_is_503_and_transient(
    storage, storage_api, upload_file, response
):
    storage_api.post(f"{STORAGE}/object/documents/{PATH}").mock(return_value=response)
    with pytest.raises(StorageUnavailableError) as caught:
        await storage.save(PATH, upload_file, "application/pdf")
    assert isinstance(caught.value, ServiceUnavailableError)
    assert caught.value.status_code == 503
    assert is_transient(caught.value)


async def test_save_rate_limited_keeps_retry_after(storage, storage_api, upload_file):
    storage_api.post(f"{STORAGE}/object/documents/{PATH}").mock(
        return_value=httpx.Response(
            429,
            headers={"Retry-After": "7"},
            json={"statusCode": "429", "error": "too_many_requests", "message": "slow down"},
        )
    )
    with pytest.raises(TransientError) as caught:
        await storage.save(PATH, upload_file, "application/pdf")
    assert caught.value.retry_after == 7


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
async def test_save_when_storage_is_unreachable(storage, storage_api, upload_file, error):
    storage_api.post(f"{STORAGE}/object/documents/{PATH}").mock(side_effect=error)
    with pytest.raises(StorageUnavailableError) as caught:
        await storage.save(PATH, upload_file, "application/pdf")
    assert "storage" in caught.value.detail.lower()


async def test_rejected_service_key_is_a_readable_permanent_error(
    storage, storage_api, upload_file
):
    storage_api.post(f"{STORAGE}/object/documents/{PATH}").mock(
        return_value=storage_error("403", "Unauthorized", "invalid signature", 403)
    )
    with pytest.raises(PermanentError) as caught:
        await storage.save(PATH, upload_file, "application/pdf")
    assert not is_transient(caught.value)
    assert "SUPABASE_SERVICE_ROLE_KEY" in caught.value.detail
    assert "invalid signature" in caught.value.detail


# --- signed_url -----------------------------------------------------------------------------------
async def test_signed_url_asks_for_the_expiry_and_returns_an_absolute_url(storage, storage_api):
    route = storage_api.post(f"{STORAGE}/object/sign/documents/{PATH}").respond(
        200, json={"signedURL": f"/object/sign/documents/{PATH}?token=signed-token"}
    )

    url = await storage.signed_url(PATH, 600)

    assert url == f"{STORAGE}/object/sign/documents/{PATH}?token=signed-token"
    request = route.calls.last.request
    assert_service_auth(request)
    assert json.loads(request.content) == {"expiresIn": "600"}


async def test_signed_url_for_a_missing_object(storage, storage_api):
    storage_api.post(f"{STORAGE}/object/sign/documents/{PATH}").mock(
        return_value=storage_error("404", "not_found", "Object not found")
    )
    with pytest.raises(StoredFileMissingError):
        await storage.signed_url(PATH, 600)


async def test_signed_url_when_storage_is_down(storage, storage_api):
    storage_api.post(f"{STORAGE}/object/sign/documents/{PATH}").mock(
        side_effect=httpx.ConnectError("refused")
    )
    with pytest.raises(StorageUnavailableError):
        await storage.signed_url(PATH, 600)


# --- delete ---------------------------------------------------------------------------------------
async def test_delete_removes_the_object_by_prefix(storage, storage_api):
    route = storage_api.delete(f"{STORAGE}/object/documents").respond(
        200, json=[{"name": PATH, "bucket_id": "documents"}]
    )

    await storage.delete(PATH)

    request = route.calls.last.request
    assert_service_auth(request)
    assert json.loads(request.content) == {"prefixes": [PATH]}


async def test_delete_of_a_missing_object_is_fine(storage, storage_api):
    route = storage_api.delete(f"{STORAGE}/object/documents")
    route.respond(200, json=[])  # what Storage answers for a missing key
    await storage.delete(PATH)
    route.mock(return_value=storage_error("404", "not_found", "Object not found"))
    await storage.delete(PATH)
    assert route.call_count == 2


async def test_delete_when_storage_fails(storage, storage_api):
    storage_api.delete(f"{STORAGE}/object/documents").mock(
        return_value=httpx.Response(500, json={"statusCode": "500", "error": "x", "message": "y"})
    )
    with pytest.raises(StorageUnavailableError):
        await storage.delete(PATH)


# --- read / local_file ---------------------------------------------------------------------------
async def test_read_downloads_the_object(storage, storage_api):
    route = storage_api.get(f"{STORAGE}/object/documents/{PATH}").respond(
        200, content=PDF, headers={"content-type": "application/pdf"}
    )
    assert await storage.read(PATH) == PDF
    assert_service_auth(route.calls.last.request)


async def test_read_missing_object(storage, storage_api):
    storage_api.get(f"{STORAGE}/object/documents/{PATH}").mock(
        return_value=storage_error("404", "not_found", "Object not found")
    )
    with pytest.raises(StoredFileMissingError):
        await storage.read(PATH)


async def test_local_file_is_a_temporary_download_removed_afterwards(storage, storage_api):
    storage_api.get(f"{STORAGE}/object/documents/{PATH}").respond(200, content=PDF)

    async with storage.local_file(PATH) as local:
        assert local.read_bytes() == PDF
        assert local.suffix == ".pdf"
        kept = local
    assert not kept.exists()


async def test_local_file_is_removed_even_when_the_reader_fails(storage, storage_api):
    storage_api.get(f"{STORAGE}/object/documents/{PATH}").respond(200, content=PDF)
    with pytest.raises(RuntimeError):
        async with storage.local_file(PATH) as local:
            kept = local
            raise RuntimeError("OCR engine crashed")
    assert not kept.exists()


async def test_local_file_when_storage_is_down(storage, storage_api):
    storage_api.get(f"{STORAGE}/object/documents/{PATH}").mock(
        return_value=httpx.Response(503, text="unavailable")
    )
    with pytest.raises(StorageUnavailableError):
        async with storage.local_file(PATH):
            pass


# --- configuration ------------------------------------------------------------------------------
async def test_other_bucket_from_settings(tmp_path, storage_api):
    settings = Settings(
        SUPABASE_URL=SUPABASE_URL,
        SUPABASE_SERVICE_ROLE_KEY=SERVICE_KEY,
        SUPABASE_STORAGE_BUCKET="scans",
        DATA_DIR=tmp_path,
    )
    store = await SupabaseFileStorage.create(settings)
    try:
        route = storage_api.get(f"{STORAGE}/object/scans/{PATH}").respond(200, content=b"x")
        assert await store.read(PATH) == b"x"
        assert route.called
    finally:
        await store.aclose()


def test_needs_url_and_service_key(tmp_path):
    settings = Settings(DATA_DIR=tmp_path)
    with pytest.raises(ValueError, match="SUPABASE_SERVICE_ROLE_KEY"):
        SupabaseFileStorage(settings)
