"""The domain's vocabulary: states, job kinds and the records that cross layers.

Store, pipeline and API all speak these types; none of them passes database records around.
The string values are the ones stored in PostgreSQL (check constraints in the migrations).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DocumentStatus(StrEnum):
    UPLOADING = "uploading"
    PROCESSING = "processing"
    OCR_COMPLETE = "ocr_complete"
    FAILED = "failed"


class MetadataStatus(StrEnum):
    PENDING = "pending"
    GENERATING = "generating"
    COMPLETE = "complete"
    FAILED = "failed"


class JobKind(StrEnum):
    OCR = "ocr"
    METADATA = "metadata"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


# What a browser may read of a document: the API's Document schema, the NOTIFY payload
# (`public.document_public_columns()`) and the column grants to `authenticated` are this list
# (tests/store/test_public_columns.py checks they agree). Never paths, hashes or bookkeeping.
DOCUMENT_PUBLIC_COLUMNS: tuple[str, ...] = (
    "id",
    "user_id",
    "filename",
    "mime_type",
    "file_size_bytes",
    "status",
    "page_count",
    "pages_done",
    "display_name",
    "tags",
    "summary",
    "metadata_status",
    "metadata_error",
    "error_code",
    "error_message",
    "retry_count",
    "created_at",
    "updated_at",
    "duplicate_of",
    "edited_fields",
    "no_text",
    "language",
    "facts",
)

# The metadata fields a person may edit (PATCH); `edited_fields` lists the ones they did.
EDITABLE_FIELDS: tuple[str, ...] = ("display_name", "tags", "summary")


@dataclass(frozen=True)
class Document:
    """A document row: the public columns, and the internal ones only the backend reads."""

    id: uuid.UUID
    user_id: uuid.UUID
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
    metadata_error: str | None
    error_code: str | None
    error_message: str | None
    retry_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    duplicate_of: uuid.UUID | None = None
    edited_fields: list[str] = field(default_factory=list)
    # The OCR found no text: no metadata is generated, the web app says "No text found".
    no_text: bool = False
    # ISO 639-1, detected from the text; the facts by name, each {value, page, quote,
    # confidence, source} (app/metadata/facts.py)
    language: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    # internal
    file_path: str = field(default="", repr=False)
    sha256: str = field(default="", repr=False)
    usage_counted: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class Job:
    """One run of one kind of work on a document, with the lease it holds (if any)."""

    id: uuid.UUID
    document_id: uuid.UUID
    kind: JobKind
    state: JobState
    attempt: int
    lease_owner: str | None
    lease_token: uuid.UUID | None


@dataclass(frozen=True)
class DocumentEvent:
    """One entry of a document's status timeline."""

    event: str
    attempt: int
    error_code: str | None
    message: str | None
    at: dt.datetime
