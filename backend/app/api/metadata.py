"""Regenerate: re-run the metadata agent and stream its steps as server-sent events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter

from app.api.deps import CurrentUser, PipelineDep
from app.api.errors import error_responses
from app.api.schemas import MetadataRequest, MetadataStreamEvent
from app.api.sse import SSE_HEADERS, EventStreamResponse, sse_event
from app.pipeline.metadata_job import MetadataRun
from app.services import documents as service

router = APIRouter(prefix="/api", tags=["metadata"])

STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: events status, tool, text, then complete or error",
        "model": MetadataStreamEvent,
    }
}


@router.post(
    "/document/metadata",
    response_class=EventStreamResponse,
    responses={**STREAM_DOC, **error_responses(401, 404, 409)},
)
async def regenerate_metadata(
    body: MetadataRequest, user: CurrentUser, pipeline: PipelineDep
) -> EventStreamResponse:
    rt = pipeline.rt
    job, doc = await service.claim_regenerate(rt, pipeline.dispatcher, user, body.document_id)
    # The run holds its job and finishes even if this client goes away.
    # Each Regenerate is a new run (attempt 2, 3 …): engines may offer their next-best answer.
    run = MetadataRun(
        rt,
        pipeline.queue,
        job,
        doc,
        retries=rt.settings.transient_retries,
        variant=job.attempt - 1,
        replace_edited=body.replace_edited,
    )

    async def stream() -> AsyncIterator[bytes]:
        async for event in run.events():
            yield sse_event(event.type, event.model_dump(exclude={"type"}, mode="json"))

    return EventStreamResponse(stream(), headers=SSE_HEADERS)
