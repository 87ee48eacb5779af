"""The API's request and response shapes (the OpenAPI schema the frontend types come from)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field

DocumentStatus = Literal["uploading", "processing", "ocr_complete", "failed"]
MetadataStatus = Literal["pending", "generating", "complete", "failed"]


class Document(BaseModel):
    id: uuid.UUID
    filename: str
    mime_type: str
    file_size_bytes: int
    status: DocumentStatus
    page_count: int | None
    pages_done: int
    display_name: str | None
    tags: list[str]
    summary: str | None
    metadata_status: MetadataStatus
    error_message: str | None
    retry_count: int
    created_at: dt.datetime
    updated_at: dt.datetime


class OcrText(BaseModel):
    text: str
    page_count: int


class DocumentDetail(Document):
    ocr: OcrText | None = None


class DocumentList(BaseModel):
    documents: list[Document]


class UploadAccepted(BaseModel):
    document_id: uuid.UUID
    filename: str
    status: DocumentStatus


class MetadataRequest(BaseModel):
    document_id: uuid.UUID


class LocalTokenRequest(BaseModel):
    # No control characters (a NUL cannot be stored in PostgreSQL text: 422, not 500).
    email: str = Field(min_length=3, max_length=254,
                       pattern=r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+$")


class LocalTokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    user_id: uuid.UUID


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "down"]
    ocr_provider: str
    metadata_provider: str
    storage_provider: str
    auth_provider: str
    jobs_running: int = Field(description="OCR and metadata jobs in this process, queued or running")
    event_loop_lag: dict = Field(description="p50/p99/max lag of this process's event loop over the last minute, ms")
    recovery: dict
