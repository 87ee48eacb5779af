"""A fake Anthropic Messages API for the Claude Code CLI that claude-agent-sdk spawns.

Point `ANTHROPIC_BASE_URL` at `fake.url`. The CLI sends `POST /v1/messages?beta=true` with
`"stream": true` and reads Anthropic's SSE events; it may also send a `HEAD` probe and side
requests without our tools (titles, quota checks). Those get a short text reply and do not consume
the script. The conversation requests (the ones offering our `mcp__...` tools) are answered from
`turns`, one scripted assistant turn per request, or with an error when `fail()` was called.

Scripted tool names are short (`read_ocr`); the fake maps them to the full name the CLI offered
(`mcp__<server>__read_ocr`), and records every request so tests can assert what was sent.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from tests.fakes._server import LoopbackServer, Reply, json_reply


@dataclass
class Text:
    text: str


@dataclass
class ToolUse:
    name: str  # short name, e.g. "save_metadata"
    input: dict[str, Any] = field(default_factory=dict)


Turn = list[Text | ToolUse]


class AnthropicFake:
    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.requests: list[dict[str, Any]] = []  # conversation requests (bodies), in order
        self.request_headers: list[dict[str, str]] = []  # their headers, lower-cased names
        self.side_requests: list[str] = []  # "METHOD path" of everything else
        self.error: tuple[int, str, str] | None = None
        self._ids = itertools.count(1)
        self._server = LoopbackServer(self._handle)

    # --- scripting -------------------------------------------------------------------------
    def script(self, *turns: Turn) -> None:
        """Answer the next conversation requests with these assistant turns, in order."""
        self.turns = list(turns)
        self.requests.clear()
        self.request_headers.clear()

    def fail(self, status: int, error_type: str, message: str) -> None:
        """Answer every conversation request with an Anthropic error body."""
        self.error = (status, error_type, message)

    def reset(self) -> None:
        self.turns, self.error = [], None
        self.requests.clear()
        self.request_headers.clear()
        self.side_requests.clear()

    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> AnthropicFake:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    # --- serving ---------------------------------------------------------------------------
    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if method != "POST" or not path.startswith("/v1/messages") or "count_tokens" in path:
            self.side_requests.append(f"{method} {path}")
            return json_reply(200, {"input_tokens": 1} if "count_tokens" in path else {})
        request = json.loads(body or b"{}")
        offered = [t.get("name", "") for t in request.get("tools") or []]
        if not any(name.startswith("mcp__") for name in offered):
            self.side_requests.append(f"{method} {path}")
            return self._message(request, [Text("ok")])
        self.requests.append(request)
        self.request_headers.append(headers)
        if self.error is not None:
            status, error_type, message = self.error
            return json_reply(
                status, {"type": "error", "error": {"type": error_type, "message": message}}
            )
        turn = (
            self.turns[len(self.requests) - 1]
            if len(self.requests) <= len(self.turns)
            else [Text("done")]
        )
        return self._message(request, self._resolve(turn, offered))

    @staticmethod
    def _resolve(turn: Turn, offered: list[str]) -> Turn:
        out: Turn = []
        for block in turn:
            if isinstance(block, ToolUse):
                full = next(
                    (n for n in offered if n == block.name or n.endswith("__" + block.name)),
                    block.name,
                )
                block = ToolUse(full, block.input)
            out.append(block)
        return out

    def _message(self, request: dict[str, Any], turn: Turn) -> Reply:
        msg_id = f"msg_fake_{next(self._ids)}"
        model = request.get("model", "claude-fake")
        stop_reason = "tool_use" if any(isinstance(b, ToolUse) for b in turn) else "end_turn"
        content = [
            {"type": "text", "text": b.text}
            if isinstance(b, Text)
            else {"type": "tool_use", "id": f"toolu_{msg_id}_{i}", "name": b.name, "input": b.input}
            for i, b in enumerate(turn)
        ]
        usage = {"input_tokens": 10, "output_tokens": 5}
        if not request.get("stream"):
            return json_reply(
                200,
                {
                    "id": msg_id,
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": content,
                    "stop_reason": stop_reason,
                    "stop_sequence": None,
                    "usage": usage,
                },
            )
        events: list[tuple[str, dict[str, Any]]] = [
            (
                "message_start",
                {
                    "message": {
                        "id": msg_id,
                        "type": "message",
                        "role": "assistant",
                        "model": model,
                        "content": [],
                        "stop_reason": None,
                        "stop_sequence": None,
                        "usage": {"input_tokens": 10, "output_tokens": 1},
                    }
                },
            )
        ]
        for index, block in enumerate(content):
            if block["type"] == "text":
                events.append(
                    (
                        "content_block_start",
                        {"index": index, "content_block": {"type": "text", "text": ""}},
                    )
                )
                events.append(
                    (
                        "content_block_delta",
                        {"index": index, "delta": {"type": "text_delta", "text": block["text"]}},
                    )
                )
            else:
                start = {**block, "input": {}}
                events.append(("content_block_start", {"index": index, "content_block": start}))
                events.append(
                    (
                        "content_block_delta",
                        {
                            "index": index,
                            "delta": {
                                "type": "input_json_delta",
                                "partial_json": json.dumps(block["input"]),
                            },
                        },
                    )
                )
            events.append(("content_block_stop", {"index": index}))
        events.append(
            (
                "message_delta",
                {
                    "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                    "usage": {"output_tokens": 5},
                },
            )
        )
        events.append(("message_stop", {}))
        sse = "".join(
            f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n"
            for name, data in events
        )
        return 200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}, sse.encode()
