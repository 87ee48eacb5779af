"""Server-sent events framing, shared by the metadata stream and the live feed."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import StreamingResponse

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}


def sse_event(event: str, data: Any) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data, default=str, ensure_ascii=False)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def sse_comment(text: str) -> bytes:
    return f": {text}\n\n".encode()


class EventStreamResponse(StreamingResponse):
    """A `text/event-stream` response. As a route's `response_class` it makes OpenAPI list the
    event model under `text/event-stream`, so the web app's event types are generated too."""

    media_type = "text/event-stream"
