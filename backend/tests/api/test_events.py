"""GET /api/documents/events: the caller's changes, live, and nobody else's."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests import files
from tests.conftest import User, upload


async def collect_changes(
    client: httpx.AsyncClient, user: User, ready: asyncio.Event, out: list[dict], until: callable
) -> None:
    async with client.stream("GET", "/api/documents/events", headers=user.headers) as response:
        assert response.status_code == 200
        event = None
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                event = line[7:]
                if event == "ready":
                    ready.set()
            elif line.startswith("data: ") and event == "change":
                out.append(json.loads(line[6:]))
                if until(out):
                    return


# The feed is followed until the metadata step completes: OCR and the local metadata engine at
# nice 19. Beside three busy loops, as the first document of the session (cold workers), that
# took over 60 s once; the wait is for the event, bounded generously, and so is the test.
@pytest.mark.timeout(360)
async def test_feed_delivers_uploading_processing_ocr_complete(client, user, other_user):
    mine: list[dict] = []
    theirs: list[dict] = []
    ready_mine, ready_theirs = asyncio.Event(), asyncio.Event()

    def complete(events: list[dict]) -> bool:
        return any(e["new"].get("metadata_status") == "complete" for e in events)

    def saw_barrier(events: list[dict]) -> bool:  # the other user's own upload, made last
        return any(e["new"].get("filename") == "barrier.pdf" for e in events)

    watcher = asyncio.create_task(collect_changes(client, user, ready_mine, mine, complete))
    spy = asyncio.create_task(
        collect_changes(client, other_user, ready_theirs, theirs, saw_barrier)
    )
    await asyncio.wait_for(asyncio.gather(ready_mine.wait(), ready_theirs.wait()), 30)

    doc_id = (await upload(client, user, files.bill_pdf(), "live.pdf")).json()["document_id"]
    await asyncio.wait_for(watcher, 300)
    # The feed delivers in commit order: once the other user sees a change made after all of
    # ours, anything of ours that leaked to them would already be in `theirs`. No guessed pause.
    await upload(client, other_user, files.corrupt_pdf(), "barrier.pdf")
    await asyncio.wait_for(spy, 60)

    statuses = [e["new"]["status"] for e in mine if e["new"].get("id") == doc_id]
    deduped = [s for i, s in enumerate(statuses) if i == 0 or statuses[i - 1] != s]
    assert deduped[:3] == ["uploading", "processing", "ocr_complete"]
    assert mine[0]["eventType"] == "INSERT" and mine[1]["eventType"] == "UPDATE"
    assert all(e["new"].get("user_id") == user.id for e in mine)
    assert "file_path" not in mine[0]["new"] and "lease_token" not in mine[0]["new"]
    assert {(e["new"].get("user_id"), e["new"].get("filename")) for e in theirs} == {
        (other_user.id, "barrier.pdf")
    }  # their own document, nothing of ours


async def test_feed_accepts_the_token_as_a_query_parameter(client, user):
    async with client.stream("GET", f"/api/documents/events?access_token={user.token}") as response:
        assert response.status_code == 200
        lines: list[str] = []
        async for line in response.aiter_lines():
            lines.append(line)
            if line.startswith("data:"):
                break
    # The stream opens with its reconnect delay, then `ready`, for the token's own user.
    assert lines[:3] == ["retry: 2000", "", "event: ready"], lines
    assert json.loads(lines[3].removeprefix("data: ")) == {"user_id": user.id}
    assert (await client.get("/api/documents/events")).status_code == 401
