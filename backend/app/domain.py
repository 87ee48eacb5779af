"""The domain's vocabulary: states, job kinds and the records that cross layers.

Store, pipeline and API all speak these types; none of them passes database records around.
The string values are the ones stored in PostgreSQL (check constraints in the migrations).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
    "text_truncated",
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
    # The OCR text was cut at the text budget (settings OCR_MAX_CHARS_PER_PAGE / _PER_DOCUMENT).
    text_truncated: bool = False
    # internal
    # The document whose file and OCR result this one uses (a duplicate), None: its own.
    content_of: uuid.UUID | None = field(default=None, repr=False)
    file_path: str = field(default="", repr=False)
    sha256: str = field(default="", repr=False)
    usage_counted: bool = field(default=False, repr=False)
    # The language a person chose for reading the scans (Retry with a language), ISO 639-1;
    # None: each page's language is detected.
    ocr_language: str | None = field(default=None, repr=False)


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
    # A long document's OCR is split into page ranges [start, stop), each its own run;
    # None: the whole document (or, for metadata, always).
    page_range: tuple[int, int] | None = None


@dataclass(frozen=True)
class LayoutLine:
    """One line of the first page: `size` in points (text layer) or pixels (scan), `top` as a
    fraction of the page height from its top edge (0.05 is "near the top")."""

    text: str
    size: float
    top: float = 0.0
    page: int = 0


@dataclass(frozen=True)
class EInvoice:
    """What an electronic invoice embedded in the PDF states (ZUGFeRD, Factur-X or XRechnung:
    the invoice's data as XML, attached to the PDF that shows it; `app/ocr/einvoice.py`).
    The seller wrote these values for machines to read: the metadata engine takes each one
    it finds printed on the pages (`app/metadata/local_einvoice.py`)."""

    number: str | None = None
    issued: dt.date | None = None
    seller: str | None = None
    total: Decimal | None = None  # to pay (after any prepayment), else paid; tax included
    currency: str | None = None  # ISO 4217
    due: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued": self.issued.isoformat() if self.issued else None,
            "seller": self.seller,
            "total": str(self.total) if self.total is not None else None,
            "currency": self.currency,
            "due": self.due.isoformat() if self.due else None,
        }

    @classmethod
    def from_json(cls, value: object) -> EInvoice | None:
        """From the stored JSON; None for anything that is not one (a hint, never a failure)."""
        if not isinstance(value, dict):
            return None

        def text(key: str) -> str | None:
            item = value.get(key)
            return item if isinstance(item, str) and item.strip() else None

        def day(key: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(text(key) or "")
            except ValueError:
                return None

        try:
            total = Decimal(text("total") or "")
        except InvalidOperation:
            total = None
        return cls(
            text("number"), day("issued"), text("seller"), total, text("currency"), day("due")
        )


@dataclass(frozen=True)
class LayoutHints:
    """What the OCR step saw of the first page's layout (`app/ocr/layout.py`), for the local
    metadata engine's title: lines with their sizes, the PDF's own Title, and whether any text
    was found. Stored as JSON in `ocr_results.layout` (`to_json` / `from_json`, at the store)."""

    lines: tuple[LayoutLine, ...] = ()
    pdf_title: str | None = None
    no_text: bool = False
    e_invoice: EInvoice | None = None  # the PDF carries its invoice's data as XML

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf_title": self.pdf_title,
            "lines": [
                {"text": h.text, "size": h.size, "top": h.top, "page": h.page} for h in self.lines
            ],
            "no_text": self.no_text,
            "e_invoice": self.e_invoice.to_json() if self.e_invoice else None,
        }

    @classmethod
    def from_json(cls, value: object) -> LayoutHints:
        """From the stored JSON (or the OCR workers' plain values); anything malformed is left
        out: hints are a nicety, never a reason to fail."""
        if not isinstance(value, dict):
            return cls()
        lines = []
        for raw in value.get("lines") or ():
            try:
                lines.append(
                    LayoutLine(
                        text=str(raw["text"]),
                        size=float(raw["size"]),
                        top=float(raw.get("top", 0.0)),
                        page=int(raw.get("page", 0)),
                    )
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        title = value.get("pdf_title")
        return cls(
            tuple(lines),
            title if isinstance(title, str) else None,
            bool(value.get("no_text")),
            EInvoice.from_json(value.get("e_invoice")),
        )


@dataclass(frozen=True)
class PageTurn:
    """How the OCR turned one page to read it upright, counter-clockwise (PIL's sense):
    `orientation` (0, 90, 180, 270, from Tesseract's OSD) first, then `skew` degrees; and the
    page's language (ISO 639-1) when identified. Stored with the page in `ocr_results.pages`;
    the thumbnail is rendered turned, a viewer turns the original."""

    index: int
    orientation: int = 0
    skew: float = 0.0
    language: str | None = None

    @property
    def degrees(self) -> float:
        return self.orientation + self.skew


@dataclass(frozen=True)
class OcrExcerpt:
    """What a metadata agent reads of the OCR text: at most a bounded number of characters
    (of the whole text, or of one page), and how much there is."""

    text: str | None
    total_chars: int
    page_count: int


@dataclass(frozen=True)
class FiledChoice:
    """How a person filed another document from a correspondent: the type they set (a
    `document_type` fact of source person) and the tags they wrote (`tags` edited), either
    None when they set no such thing. The next document from that correspondent starts from
    these (`app/metadata/choices.py`)."""

    correspondent: str
    document_type: str | None
    tags: tuple[str, ...] | None


@dataclass(frozen=True)
class SenderCorrection:
    """A sender a person set on another document (`sender`; None when they removed it) and
    the name the engine had read there before (`replaced`; None when there was none): the
    next document is read knowing both (`app/metadata/local_correspondent_known.py`)."""

    sender: str | None
    replaced: str | None


@dataclass(frozen=True)
class DocumentEvent:
    """One entry of a document's status timeline."""

    event: str
    attempt: int
    error_code: str | None
    message: str | None
    at: dt.datetime


@dataclass(frozen=True)
class ApiToken:
    """A personal API token as its owner sees it in the list: never the secret (only its
    hash is stored), a hint of its first characters to tell tokens apart."""

    id: uuid.UUID
    name: str
    hint: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class InboundChannel(StrEnum):
    FOLDER = "folder"
    IMAP = "imap"


@dataclass(frozen=True)
class DocumentSource:
    """The e-mail a document came in: kept on the document, shown on its page."""

    channel: InboundChannel
    subject: str | None
    sender_name: str | None
    sender_address: str | None
    sent_at: dt.datetime | None
    message_id: str | None = None
