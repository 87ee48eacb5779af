"""Upload, retry, list, read, download, thumbnail, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from app.api.deps import CurrentUser, PipelineDep, RuntimeDep
from app.api.errors import error_responses
from app.api.multipart import receive_file
from app.api.schemas import (
    DocumentDetail,
    DocumentSourceInfo,
    OcrPageTurn,
    OcrText,
    TimelineEntry,
    UploadAccepted,
)
from app.domain import DocumentStatus, Job
from app.errors import PermanentError, StoredFileMissingError
from app.pipeline.pipeline import Pipeline
from app.pipeline.runner import enqueue
from app.services import documents as service
from app.services.uploads import accept_upload, check_quota
from app.store import documents as store
from app.store import inbound as inbound_store

router = APIRouter(prefix="/api", tags=["documents"])
ORIGINAL_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


async def dispatch(pipeline: Pipeline, job: Job, background: BackgroundTasks) -> None:
    """Hand a committed job on. A remote queue's task is created BEFORE the 202: on Cloud Run
    an instance has CPU only while it serves a request, so work after the response may stall
    until the next request, or never run. The create is bounded (`CLOUD_TASKS_TIMEOUT_S`); if
    it fails the 202 still goes out and the recovery sweep dispatches the job. In-process, the
    job starts after the response is sent (the answer does not wait for a worker)."""
    dispatcher = pipeline.dispatcher
    if dispatcher.remote:
        await enqueue(dispatcher, job, pool=pipeline.rt.job_pool)
    else:
        background.add_task(enqueue, dispatcher, job)


@router.post(
    "/document/upload",
    status_code=202,
    response_model=UploadAccepted,
    openapi_extra=UPLOAD_BODY,
    responses=error_responses(400, 401, 403, 413, 415, 503),
    summary="Upload a document; answers at once, OCR runs in the background",
)
async def upload(
    request: Request, user: CurrentUser, pipeline: PipelineDep, background: BackgroundTasks
) -> UploadAccepted:
    rt = pipeline.rt
    await check_quota(rt, user)  # a cheap early refusal, before the body is read
    received = await receive_file(
        request.stream(),
        request.headers.get("content-type"),
        request.headers.get("content-length"),
        rt.settings.data_dir / "tmp",  # made by the first write that needs it
        rt.settings.max_upload_bytes,
    )
    doc, job = await accept_upload(rt, pipeline.dispatcher, user, received)
    if job is not None:  # a duplicate needs no OCR (and metadata only if its original's is due)
        await dispatch(pipeline, job, background)
    return UploadAccepted(
        document_id=doc.id, filename=doc.filename, status=doc.status, duplicate_of=doc.duplicate_of
    )


@router.post(
    "/document/retry-ocr",
    status_code=202,
    response_model=UploadAccepted,
    responses=error_responses(401, 403, 404, 409, 422),
    summary="Process a failed (or abandoned) document again, or read it in a chosen language",
)
async def retry_ocr(
    document_id: Annotated[str, Form()],
    user: CurrentUser,
    pipeline: PipelineDep,
    background: BackgroundTasks,
    language: Annotated[
        str | None,
        Form(
            description="ISO 639-1 code (one of the config's `ocr_languages`): every scanned "
            "page is read again in it, a processed document too. Empty: detected per page."
        ),
    ] = None,
) -> UploadAccepted:
    doc, job = await service.retry(pipeline.rt, pipeline.dispatcher, user, document_id, language)
    await dispatch(pipeline, job, background)
    return UploadAccepted(document_id=doc.id, filename=doc.filename, status=doc.status)


DETAIL_TEXT_MAX_CHARS = 100_000


@router.get(
    "/documents/{document_id}", response_model=DocumentDetail, responses=error_responses(401, 404)
)
async def get_document(document_id: str, user: CurrentUser, rt: RuntimeDep) -> DocumentDetail:
    doc = await service.get_owned(rt, user, document_id)
    detail = DocumentDetail.model_validate(doc, from_attributes=True)
    if doc.status is DocumentStatus.OCR_COMPLETE:
        # An excerpt, never the whole text: the rest is downloaded (streamed) from `/text`.
        ocr = await store.get_ocr_excerpt(rt.pool, doc.id, DETAIL_TEXT_MAX_CHARS)
        if ocr is not None:
            turns = await store.get_page_turns(rt.pool, doc.id)
            detail.ocr = OcrText(
                text=ocr.text or "",
                page_count=ocr.page_count,
                total_chars=ocr.total_chars,
                pages=[OcrPageTurn.model_validate(t, from_attributes=True) for t in turns],
            )
    source = await inbound_store.source_of(rt.pool, user.id, doc.id)
    if source is not None:
        detail.source = DocumentSourceInfo.model_validate(source, from_attributes=True)
    return detail


@router.get(
    "/documents/{document_id}/events",
    response_model=list[TimelineEntry],
    responses=error_responses(401, 404),
    summary="The document's status timeline",
)
async def get_timeline(document_id: str, user: CurrentUser, rt: RuntimeDep) -> list[TimelineEntry]:
    events = await service.timeline(rt, user, document_id)
    return [TimelineEntry.model_validate(e, from_attributes=True) for e in events]


@router.get(
    "/documents/{document_id}/file",
    responses={
        200: {"content": {"application/octet-stream": {}}},
        **error_responses(401, 404, 410),
    },
)
async def get_file(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Response:
    doc = await service.get_owned(rt, user, document_id)
    url = await rt.storage.signed_url(doc.file_path, rt.settings.signed_url_ttl_s)
    if url:
        return RedirectResponse(url, status_code=307)
    async with rt.storage.local_file(doc.file_path) as path:
        # Served inline from our origin: never sniffed into HTML, and sandboxed (no scripts,
        # no same-origin access) should a polyglot file be opened directly.
        return FileResponse(
            path,
            media_type=doc.mime_type,
            filename=doc.filename,
            content_disposition_type="inline",
            headers=ORIGINAL_HEADERS,
        )


@router.get(
    "/documents/{document_id}/thumbnail",
    responses={200: {"content": {"image/png": {}}}, **error_responses(401, 404, 410, 422)},
)
async def get_thumbnail(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Response:
    try:
        png = await service.thumbnail(rt, user, document_id)
    except StoredFileMissingError:
        raise StoredFileMissingError("No preview: the stored file is missing.") from None
    except PermanentError as exc:  # an unreadable file; a storage outage stays a 503
        raise PermanentError(f"No preview: {exc.detail}") from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.delete("/documents/{document_id}", status_code=204, responses=error_responses(401, 404))
async def delete_document(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Response:
    await service.delete(rt, user, document_id)
    return Response(status_code=204)
