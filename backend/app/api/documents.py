"""Upload, retry, list, read, download, thumbnail, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from app.api.deps import CurrentUser, RuntimeDep
from app.api.errors import error_responses
from app.api.schemas import Document, DocumentDetail, DocumentList, OcrText, UploadAccepted
from app.errors import PermanentError, StoredFileMissingError
from app.pipeline.ocr_job import run_ocr_background
from app.runtime import Runtime
from app.services import documents as service
from app.services.uploads import accept_upload
from app.store import documents as store

router = APIRouter(prefix="/api", tags=["documents"])
ORIGINAL_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}},
        }}},
    }
}


async def _queue_ocr(rt: Runtime, document_id: str) -> None:
    rt.jobs.submit(lambda: run_ocr_background(rt, document_id), name=f"ocr-{document_id}")


@router.post(
    "/document/upload", status_code=202, response_model=UploadAccepted, openapi_extra=UPLOAD_BODY,
    responses=error_responses(400, 401, 403, 413, 415, 503),
    summary="Upload a document; answers at once, OCR runs in the background",
)
async def upload(request: Request, user: CurrentUser, rt: RuntimeDep,
                 background: BackgroundTasks) -> UploadAccepted:
    row = await accept_upload(rt, user, request.stream(), request.headers.get("content-type"),
                              request.headers.get("content-length"))
    # Runs after the 202 is sent; the queue owns the job from there on.
    background.add_task(_queue_ocr, rt, str(row["id"]))
    return UploadAccepted(document_id=row["id"], filename=row["filename"], status=row["status"])


@router.post(
    "/document/retry-ocr", status_code=202, response_model=UploadAccepted,
    responses=error_responses(401, 404, 409),
    summary="Process a failed document again",
)
async def retry_ocr(document_id: Annotated[str, Form()], user: CurrentUser, rt: RuntimeDep,
                    background: BackgroundTasks) -> UploadAccepted:
    row = await service.retry(rt, user, document_id)
    background.add_task(_queue_ocr, rt, str(row["id"]))
    return UploadAccepted(document_id=row["id"], filename=row["filename"], status=row["status"])


@router.get("/documents", response_model=DocumentList, responses=error_responses(401))
async def list_documents(user: CurrentUser, rt: RuntimeDep,
                         limit: Annotated[int, Query(ge=1, le=200)] = 50,
                         offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> DocumentList:
    rows = await store.list_for_user(rt.pool, user.id, limit, offset)
    return DocumentList(documents=[Document.model_validate(dict(r)) for r in rows])


@router.get("/documents/{document_id}", response_model=DocumentDetail,
            responses=error_responses(401, 404))
async def get_document(document_id: str, user: CurrentUser, rt: RuntimeDep) -> DocumentDetail:
    row = await service.get_owned(rt, user, document_id)
    detail = DocumentDetail.model_validate(dict(row))
    if row["status"] == "ocr_complete":
        ocr = await store.get_ocr_result(rt.pool, str(row["id"]))
        if ocr is not None:
            detail.ocr = OcrText(text=ocr["text"], page_count=ocr["page_count"])
    return detail


@router.get("/documents/{document_id}/file", responses={
    200: {"content": {"application/octet-stream": {}}}, **error_responses(401, 404)})
async def get_file(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Response:
    row = await service.get_owned(rt, user, document_id)
    url = await rt.storage.signed_url(row["file_path"], rt.settings.signed_url_ttl_s)
    if url:
        return RedirectResponse(url, status_code=307)
    async with rt.storage.local_file(row["file_path"]) as path:
        # Served inline from our origin: never sniffed into HTML, and sandboxed (no scripts,
        # no same-origin access) should a polyglot file be opened directly.
        return FileResponse(path, media_type=row["mime_type"], filename=row["filename"],
                            content_disposition_type="inline", headers=ORIGINAL_HEADERS)


@router.get("/documents/{document_id}/thumbnail", responses={
    200: {"content": {"image/png": {}}}, **error_responses(401, 404, 422)})
async def get_thumbnail(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Response:
    try:
        png = await service.thumbnail(rt, user, document_id)
    except StoredFileMissingError:
        raise
    except PermanentError as exc:  # an unreadable file; a storage outage stays a 503
        raise PermanentError(f"No preview: {exc.detail}") from None
    except FileNotFoundError:
        raise PermanentError("No preview: the stored file is missing.") from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.delete("/documents/{document_id}", status_code=204, responses=error_responses(401, 404))
async def delete_document(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Response:
    await service.delete(rt, user, document_id)
    return Response(status_code=204)


