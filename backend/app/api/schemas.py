"""The API's request and response shapes (the OpenAPI schema the frontend types come from)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Literal

from pydantic import BaseModel, Field, RootModel, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from app.domain import DocumentStatus, MetadataStatus
from app.errors import ErrorCode
from app.metadata.base import MetadataEvent
from app.metadata.facts import DocumentType, FactName, person_fact_json
from app.ocr.text import tidy

# The error type of a validation message written for people: answered as it is (api/errors.py).
HUMAN_ERROR = "human"


_FACT_HINTS = {
    FactName.DOCUMENT_TYPE: "The type must be one of: " + ", ".join(t.value for t in DocumentType),
    FactName.CORRESPONDENT: "The sender must not be blank.",
    FactName.DOCUMENT_DATE: "The date must be a date such as 2026-03-14.",
    FactName.DUE_DATE: "The due date must be a date such as 2026-03-31.",
    FactName.TOTAL: "The total must be an amount and a currency, such as 12.50 EUR.",
    FactName.REFERENCE: "The reference must not be blank.",
}


class FactTotal(BaseModel):
    amount: str = Field(description='A decimal string, e.g. "1234.56"')
    currency: str = Field(description="ISO 4217, e.g. EUR")


class FactValue(BaseModel):
    """One fact with where it came from: `quote` is the exact text on `page` (1-based)."""

    value: str | FactTotal = Field(
        description="Dates ISO (YYYY-MM-DD); `total` is {amount, currency}; the type one of "
        "invoice, receipt, bank_statement, payslip, tax, insurance, contract, letter, medical, "
        "manual, report, article, form, other"
    )
    page: int | None = Field(description="1-based; null for a fact a person set")
    quote: str | None = Field(description="The words on `page`; null for a fact a person set")
    confidence: float
    source: Literal["local", "claude", "person"]
    note: str | None = Field(
        default=None,
        description="Why the value is this, when the quote alone does not say (e.g. a type "
        "taken from how you filed this sender before)",
    )


class DocumentFacts(BaseModel):
    """The facts a document carries; a fact not in the document is absent."""

    document_type: FactValue | None = None
    correspondent: FactValue | None = None
    document_date: FactValue | None = None
    total: FactValue | None = None
    reference: FactValue | None = None
    due_date: FactValue | None = None


class Document(BaseModel):
    """What a client sees of a document: `DOCUMENT_PUBLIC_COLUMNS`, less the owner's id."""

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
    metadata_error: str | None
    error_code: ErrorCode | None = Field(description="Why the document failed, for machines")
    error_message: str | None = Field(description="Why the document failed, for people")
    retry_count: int = Field(description="Automatic recoveries since the last upload or Retry")
    created_at: dt.datetime
    updated_at: dt.datetime
    duplicate_of: uuid.UUID | None = Field(
        description="The earlier upload with the same bytes; this one was not processed again"
    )
    edited_fields: list[str] = Field(description="Metadata fields a person edited")
    no_text: bool = Field(
        description="The OCR found no text on any page; no title, tags or summary were made up"
    )
    language: str | None = Field(default=None, description="ISO 639-1, detected from the text")
    facts: DocumentFacts = Field(default_factory=DocumentFacts)
    text_truncated: bool = Field(
        description="The text was cut at the text budget (characters per page and per document)"
    )


class OcrPageTurn(BaseModel):
    """How the OCR turned one page to read it upright. A viewer showing the original turns it
    the same way; the thumbnail is already turned."""

    index: int = Field(description="0-based page number")
    orientation: Literal[0, 90, 180, 270] = Field(
        description="Degrees counter-clockwise the page was turned first (scanned upside "
        "down: 180; its top at the right edge: 90)"
    )
    skew: float = Field(description="Then this many degrees counter-clockwise (a crooked scan)")
    language: str | None = Field(description="ISO 639-1, the page's language when identified")


class OcrText(BaseModel):
    text: str = Field(description="The start of the text (at most 100,000 characters)")
    page_count: int
    total_chars: int = Field(
        description="Length of the whole text; more than `text` holds: download it from /text"
    )
    pages: list[OcrPageTurn] = Field(
        default_factory=list, description="Each page's turn and language, in page order"
    )


class DocumentSourceInfo(BaseModel):
    """The e-mail a document came in (absent for an upload or a watched folder's file); the
    sender is a candidate for the document's correspondent."""

    channel: Literal["folder", "imap"]
    subject: str | None
    sender_name: str | None
    sender_address: str | None
    sent_at: dt.datetime | None


class DocumentDetail(Document):
    ocr: OcrText | None = None
    source: DocumentSourceInfo | None = None


class TimelineEntry(BaseModel):
    """One status change of a document, as recorded when it happened."""

    event: Literal[
        "uploading",
        "processing",
        "ocr_complete",
        "failed",
        "metadata_generating",
        "metadata_complete",
        "metadata_failed",
    ]
    attempt: int
    error_code: ErrorCode | None
    message: str | None
    at: dt.datetime


class SnippetPart(BaseModel):
    """A piece of a search snippet; `match` pieces are the words the query found. Plain text:
    clients mark the matches themselves and never render it as HTML."""

    text: str
    match: bool


class ListedDocument(Document):
    snippet: list[SnippetPart] | None = Field(
        default=None, description="Where the query matched in the OCR text (searches only)"
    )
    snippet_page: int | None = Field(
        default=None,
        ge=1,
        description=(
            "The page (1 = first) of the match the snippet shows; null without a query, or "
            "when nothing in the text is marked (only the title, tags or summary matched)"
        ),
    )


class DocumentList(BaseModel):
    documents: list[ListedDocument]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )
    total: int = Field(description="The caller's documents matching the query and filters")


# A lone UTF-16 surrogate ("\ud800" in JSON) is valid JSON but no text: it cannot be stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(v: str) -> str:
    if _SURROGATE.search(v):
        raise ValueError("contains an invalid character (a lone surrogate)")
    return v


class MetadataEdit(BaseModel):
    """A person's correction of the generated metadata; the fields sent are marked edited.
    Validated like generated metadata (tidied, bounded; tags lowercase and unique), except
    that tags may be emptied."""

    model_config = {"extra": "forbid"}

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    tags: list[str] | None = Field(default=None, max_length=10)
    summary: str | None = Field(default=None, min_length=1, max_length=2000)
    facts: dict[FactName, str | FactTotal | None] | None = Field(
        default=None,
        description="Facts a person corrects, by name: the value (dates YYYY-MM-DD, `total` "
        "{amount, currency}, `document_type` one of the types), or null to remove the fact. "
        "Stored with source `person`; a later generation never replaces them.",
    )

    @field_validator("facts")
    @classmethod
    def _facts(
        cls, facts: dict[FactName, str | FactTotal | None] | None
    ) -> dict[FactName, str | FactTotal | None]:
        if facts is None:
            raise ValueError("must not be null; send {} or the facts to change")
        for name, value in facts.items():
            raw = value.model_dump() if isinstance(value, FactTotal) else value
            try:
                if isinstance(raw, str):
                    _storable(raw)
                person_fact_json(name, raw)  # the service stores it; here only checked
            except ValueError:
                raise PydanticCustomError(HUMAN_ERROR, _FACT_HINTS[name]) from None
        return facts

    @field_validator("display_name", "summary")
    @classmethod
    def _text(cls, v: str | None, info: ValidationInfo) -> str:
        if v is None:
            raise ValueError("must not be null; send the field only to change it")
        v = _storable(v)
        if info.field_name == "summary":  # a person's paragraphs are kept
            lines = [" ".join(line.split()) for line in tidy(v).split("\n")]
            v = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        else:
            v = " ".join(tidy(v).split())
        if not v:
            raise ValueError("must not be blank")
        return v

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str] | None) -> list[str]:
        if tags is None:
            raise ValueError("must not be null; send [] to remove every tag")
        seen: list[str] = []
        for tag in tags:
            t = " ".join(tidy(_storable(str(tag))).split()).strip().lower()[:40]
            if t and t not in seen:
                seen.append(t)
        return seen


class UploadAccepted(BaseModel):
    document_id: uuid.UUID
    filename: str
    status: DocumentStatus
    duplicate_of: uuid.UUID | None = Field(
        default=None,
        description="Set when the same bytes were uploaded before: not processed again",
    )


class MetadataRequest(BaseModel):
    document_id: uuid.UUID
    replace_edited: bool = Field(
        default=False,
        description="Also replace fields a person edited (the web app asks first); "
        "otherwise edited fields are kept and only the others are regenerated",
    )


_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+")
BAD_EMAIL = "Enter an email address, such as name@example.com."


class LocalTokenRequest(BaseModel):
    email: str = Field(description="Compared and stored trimmed and in lower case")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        # No control characters (a NUL cannot be stored in PostgreSQL text: 422, not 500); the
        # answer is a sentence for people (`HUMAN_ERROR`), not the pattern it failed.
        v = v.strip()
        if not 3 <= len(v) <= 254 or not _EMAIL.fullmatch(v):
            raise PydanticCustomError(HUMAN_ERROR, BAD_EMAIL)
        return v.lower()


class LocalTokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    user_id: uuid.UUID
    email: str = Field(description="The account's email as stored (trimmed, lower case)")


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "down"]
    ocr_provider: str
    metadata_provider: str
    storage_provider: str
    auth_provider: str
    jobs_running: int = Field(
        description="OCR and metadata jobs in this process, queued or running"
    )
    event_loop_lag: dict = Field(
        description="p50/p99/max lag of this process's event loop over the last minute, ms"
    )
    recovery: dict


class AcceptedType(BaseModel):
    mime_type: str
    name: str = Field(description="What a person calls it, e.g. PDF")
    extensions: list[str]


class OcrLanguage(BaseModel):
    code: str = Field(description="ISO 639-1, e.g. de")
    name: str = Field(description="What a person calls it, e.g. German")


class ClientConfig(BaseModel):
    """The limits the web app checks and shows before a file is sent, served from the settings
    the API enforces, so raising a limit on the server raises it in the browser too."""

    max_upload_bytes: int
    accepted_types: list[AcceptedType]
    accepted_types_text: str = Field(
        description="The accepted types in words, e.g. 'PDF, PNG or TIFF'"
    )
    monthly_quota: int = Field(description="Documents a user may upload per calendar month")
    used_this_month: int
    max_attempts: int = Field(
        description="OCR attempts a document gets before it fails (1 + retries)"
    )
    ocr_languages: list[OcrLanguage] = Field(
        default_factory=list,
        description="The languages a person may choose for reading a document again",
    )


class MetadataStreamEvent(RootModel[MetadataEvent]):
    """One event of `POST /api/document/metadata`: the SSE `event:` is `type`, `data:` the rest."""


class ChangedRow(BaseModel):
    """A table row as the change feed ships it: Document's fields (all of them on INSERT and
    UPDATE) plus the owner's id."""

    id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_size_bytes: int | None = None
    status: DocumentStatus | None = None
    page_count: int | None = None
    pages_done: int | None = None
    display_name: str | None = None
    tags: list[str] | None = None
    summary: str | None = None
    metadata_status: MetadataStatus | None = None
    metadata_error: str | None = None
    error_code: ErrorCode | None = None
    error_message: str | None = None
    retry_count: int | None = None
    duplicate_of: uuid.UUID | None = None
    edited_fields: list[str] | None = None
    no_text: bool | None = None
    language: str | None = None
    facts: DocumentFacts | None = None
    text_truncated: bool | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class DocumentChangeEvent(BaseModel):
    """The `data:` of a `change` event on `GET /api/documents/events` (Supabase Realtime's
    postgres_changes shape). `new` is the row after the change ({} on DELETE); `old` carries at
    least `id` and `user_id` on DELETE."""

    eventType: Literal["INSERT", "UPDATE", "DELETE"]  # the wire name (camelCase, as Supabase)
    new: ChangedRow = Field(description="The row after the change; empty on DELETE")
    old: ChangedRow = Field(description="On DELETE at least id and user_id")


class ApiTokenCreate(BaseModel):
    name: str = Field(max_length=200, description="What the token is for, e.g. 'scanner'")


class ApiTokenInfo(BaseModel):
    """A personal API token as listed: never its secret."""

    id: uuid.UUID
    name: str
    hint: str = Field(description="The token's first characters, to tell tokens apart")
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class ApiTokenCreated(BaseModel):
    """The new token; `token` is the secret, shown this once (only its hash is kept)."""

    id: uuid.UUID
    name: str
    token: str
    created_at: dt.datetime
