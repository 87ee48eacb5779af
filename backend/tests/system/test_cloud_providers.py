"""The production engines through the real API process, configured by environment alone:
`MISTRAL_API_KEY` + `MISTRAL_SERVER_URL` and `ANTHROPIC_API_KEY` + `ANTHROPIC_BASE_URL` pointing
at loopback stand-ins, exactly as issue 3 asks of `make api`."""

from __future__ import annotations

import json

import httpx

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.fakes.anthropic_fake import AnthropicFake, Text, ToolUse
from tests.fakes.mistral_fake import MistralFake
from tests.system.apiprocess import ApiProcess, remove_data_dir
from tests.waiting import wait_until

FIRST = {
    "display_name": "Invoice 42 – ACME Corp",
    # Not "invoice": the document type is a fact, never a new tag (app.metadata.claude_facts).
    "tags": ["acme", "widgets"],
    "summary": "An invoice from ACME Corp for one widget.",
}
SECOND = {
    "display_name": "ACME Corp invoice 42 (9.99 EUR)",
    "tags": ["acme", "widgets", "hardware"],
    "summary": "ACME Corp bills 9.99 EUR for a widget.",
}


def sse_events(raw: str) -> list[tuple[str, dict]]:
    out = []
    for block in raw.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            out.append((fields["event"], json.loads(fields["data"])))
    return out


def test_uploads_run_through_mistral_and_the_claude_agent():
    mistral, anthropic = MistralFake().start(), AnthropicFake().start()
    data_dir = traversable_tmpdir("docstream-cloud-")
    api = ApiProcess(
        data_dir,
        free_port(),
        MISTRAL_API_KEY="test-mistral-key",
        MISTRAL_SERVER_URL=mistral.url,
        ANTHROPIC_API_KEY="test-anthropic-key",
        ANTHROPIC_BASE_URL=anthropic.url,
        LEASE_TTL_S="60",
        RECOVERY_INTERVAL_S="60",
    )
    try:
        mistral.then_status(503)  # a transient failure: retried with backoff inside the job
        anthropic.script([ToolUse("read_ocr")], [ToolUse("save_metadata", FIRST)], [Text("Saved.")])
        api.start()
        health = httpx.get(f"{api.url}/api/health").json()
        assert health["ocr_provider"] == "mistral" and health["metadata_provider"] == "claude"

        token = httpx.post(
            f"{api.url}/api/auth/local-token", json={"email": "cloud@example.com"}
        ).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        r = httpx.post(
            f"{api.url}/api/document/upload",
            headers=headers,
            files={"file": ("invoice.pdf", files.bill_pdf(), "application/pdf")},
        )
        assert r.status_code == 202
        doc_id = r.json()["document_id"]

        seen: dict = {}

        def settled() -> dict | None:
            seen.update(
                httpx.get(f"{api.url}/api/documents/{doc_id}", headers=headers, timeout=30).json()
            )
            done = seen["metadata_status"] in ("complete", "failed") or seen["status"] == "failed"
            return dict(seen) if done else None

        doc = wait_until(settled, 90, lambda: f"the document did not settle: {seen}", interval=0.2)
        assert doc["status"] == "ocr_complete", doc["error_message"]
        assert "# Invoice 42" in doc["ocr"]["text"] and "<table>" in doc["ocr"]["text"]
        assert doc["page_count"] == 2
        ocr_calls = [q for q in mistral.requests if q.path.startswith("/v1/ocr")]
        assert len(ocr_calls) == 2  # the 503, then the retry that succeeded
        assert (
            ocr_calls[-1]
            .body["document"]["document_url"]
            .startswith("data:application/pdf;base64,")
        )
        assert ocr_calls[-1].headers["authorization"] == "Bearer test-mistral-key"
        assert doc["metadata_status"] == "complete", api.log_text()[-3000:]
        assert doc["display_name"] == FIRST["display_name"] and doc["tags"] == FIRST["tags"]
        assert "retrying" in api.log_text()

        # Regenerate: the agent's steps arrive as SSE, then the new metadata.
        anthropic.script(
            [ToolUse("read_ocr")],
            [Text("Looking at the totals."), ToolUse("save_metadata", SECOND)],
            [Text("Done.")],
        )
        with httpx.stream(
            "POST",
            f"{api.url}/api/document/metadata",
            headers=headers,
            json={"document_id": doc_id},
            timeout=90,
        ) as response:
            assert response.status_code == 200
            events = sse_events(response.read().decode())
        kinds = [k for k, _ in events]
        assert kinds[-1] == "complete", events
        assert ("tool", {"tool": "read_ocr"}) in events and (
            "tool",
            {"tool": "save_metadata"},
        ) in events
        assert any(k == "text" and "totals" in d["text"] for k, d in events)
        assert events[-1][1]["metadata"]["display_name"] == SECOND["display_name"]
        after = httpx.get(f"{api.url}/api/documents/{doc_id}", headers=headers).json()
        assert after["display_name"] == SECOND["display_name"] and after["status"] == "ocr_complete"
    finally:
        api.stop()
        mistral.stop()
        anthropic.stop()
        remove_data_dir(data_dir)
