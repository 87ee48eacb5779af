"""List and search, export, metadata edits, duplicates kept.

Mounted before `documents.router`: `/documents/export` is not a document id.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from app.api.deps import CurrentUser, RuntimeDep
from app.api.errors import error_responses
from app.api.schemas import Document, DocumentList, ListedDocument, MetadataEdit, SnippetPart
from app.domain import DocumentStatus
from app.metadata.facts import DocumentType
from app.services import search as service
from app.store.search import Filters

router = APIRouter(prefix="/api", tags=["documents"])

Q = Annotated[
    str | None,
    Query(
        max_length=500,
        description=(
            'Full-text query, web-search syntax: words (all must match), "a phrase", `or`, `-word`'
        ),
    ),
]
StatusQ = Annotated[DocumentStatus | None, Query()]
TagQ = Annotated[str | None, Query(max_length=40, description="Only documents with this tag")]
FromQ = Annotated[dt.date | None, Query(alias="from", description="Uploaded on or after (UTC)")]
ToQ = Annotated[dt.date | None, Query(alias="to", description="Uploaded on or before (UTC)")]
TypeQ = Annotated[DocumentType | None, Query(description="Only documents of this type (a fact)")]
CorrespondentQ = Annotated[
    str | None,
    Query(max_length=200, description="Only documents from this sender (a fact; case ignored)"),
]
DateFromQ = Annotated[
    dt.date | None,
    Query(alias="date_from", description="Dated on or after (the document's own date, a fact)"),
]
DateToQ = Annotated[
    dt.date | None,
    Query(alias="date_to", description="Dated on or before (the document's own date, a fact)"),
]
SortQ = Annotated[
    Literal["relevance", "newest", "document_date"],
    Query(
        description="`relevance` (with a query; otherwise newest), `newest` (uploaded), or "
        "`document_date` (the document's own date, newest first; undated last)"
    ),
]


def _filters(
    q: str | None,
    status: DocumentStatus | None,
    tag: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    document_type: DocumentType | None = None,
    correspondent: str | None = None,
    dated_from: dt.date | None = None,
    dated_to: dt.date | None = None,
) -> Filters:
    return Filters(
        q=q,
        status=status.value if status else None,
        tag=tag,
        date_from=date_from,
        date_to=date_to,
        document_type=document_type.value if document_type else None,
        correspondent=correspondent,
        document_date_from=dated_from,
        document_date_to=dated_to,
    )


@router.get("/documents", response_model=DocumentList, responses=error_responses(400, 401))
async def list_documents(
    user: CurrentUser,
    rt: RuntimeDep,
    q: Q = None,
    status: StatusQ = None,
    tag: TagQ = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
    type: TypeQ = None,
    correspondent: CorrespondentQ = None,
    dated_from: DateFromQ = None,
    dated_to: DateToQ = None,
    sort: SortQ = "relevance",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> DocumentList:
    """Newest first, or by relevance to `q` with a highlighted snippet and the page it is on.
    Filters combine with `q`. `next_cursor` fetches the next page of the same query; null on the last one."""
    results, next_cursor, total = await service.find(
        rt,
        user,
        _filters(q, status, tag, date_from, date_to, type, correspondent, dated_from, dated_to),
        sort,
        limit,
        cursor,
    )
    docs = []
    for r in results:
        item = ListedDocument.model_validate(r.document, from_attributes=True)
        if r.snippet:
            item.snippet = [SnippetPart(text=s.text, match=s.match) for s in r.snippet]
        item.snippet_page = r.page
        docs.append(item)
    return DocumentList(documents=docs, next_cursor=next_cursor, total=total)


@router.get(
    "/documents/export",
    responses={
        200: {"content": {"text/csv": {}, "application/json": {}}},
        **error_responses(400, 401),
    },
    summary="The metadata of the current result set, as CSV or JSON",
)
async def export_documents(
    user: CurrentUser,
    rt: RuntimeDep,
    format: Literal["csv", "json"] = "csv",
    q: Q = None,
    status: StatusQ = None,
    tag: TagQ = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
    type: TypeQ = None,
    correspondent: CorrespondentQ = None,
    dated_from: DateFromQ = None,
    dated_to: DateToQ = None,
    sort: SortQ = "relevance",
) -> Response:
    pieces = service.export_pieces(
        rt,
        user,
        _filters(q, status, tag, date_from, date_to, type, correspondent, dated_from, dated_to),
        sort,
        format,
    )
    await anext(pieces)  # a refused filter answers 400 before the response starts
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return StreamingResponse(
        pieces,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="docstream-{stamp}.{format}"'},
    )


@router.patch(
    "/documents/{document_id}",
    response_model=Document,
    responses=error_responses(400, 401, 404, 422),
    summary="Correct the title, tags or summary; the fields sent are marked edited",
)
async def edit_document(
    document_id: str, body: MetadataEdit, user: CurrentUser, rt: RuntimeDep
) -> Document:
    doc = await service.update_metadata(rt, user, document_id, body.model_dump(exclude_unset=True))
    return Document.model_validate(doc, from_attributes=True)


@router.post(
    "/documents/{document_id}/keep",
    response_model=Document,
    responses=error_responses(401, 404),
    summary="Keep a duplicate upload as a document of its own (no longer flagged)",
)
async def keep_duplicate(document_id: str, user: CurrentUser, rt: RuntimeDep) -> Document:
    doc = await service.keep_duplicate(rt, user, document_id)
    return Document.model_validate(doc, from_attributes=True)


@router.get(
    "/documents/{document_id}/text",
    responses={
        200: {"content": {"text/markdown": {}, "text/plain": {}}},
        **error_responses(401, 404),
    },
    summary="Download the OCR text, as Markdown or plain text",
)
async def download_text(
    document_id: str,
    user: CurrentUser,
    rt: RuntimeDep,
    format: Literal["markdown", "text"] = "markdown",
) -> Response:
    doc, pieces = await service.ocr_text(rt, user, document_id, plain=format == "text")
    stem = (doc.display_name or doc.filename.rsplit(".", 1)[0]).strip() or "document"
    media, ext = ("text/markdown", "md") if format == "markdown" else ("text/plain", "txt")
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in " -_.") else "_" for c in stem)
    return StreamingResponse(
        pieces,
        media_type=f"{media}; charset=utf-8",
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}.{ext}\"; filename*=UTF-8''{quote(stem)}.{ext}"
            )
        },
    )
