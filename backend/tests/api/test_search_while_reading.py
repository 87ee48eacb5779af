"""A long document is searchable while it is being read: the pages read so far are in the
index, with the right page on a hit, and the card counts the pages. Real API (in-process
server), real PostgreSQL, the real local engine on a 40-page scan whose pages 21-40 are held
(held, not raced: they are certainly not read yet while the test looks)."""

from __future__ import annotations

import pytest

from tests import files
from tests.conftest import upload, wait_for
from tests.pipeline.helpers import HeldPages, swapped
from tests.waiting import eventually

PAGES, HELD_FROM = 40, 20
LATER = 30  # page 31: held until the test lets the rest be read


# The waits inside bound this test; pytest's default 120 s would stop a run that is only slow
# (OCR at nice 19 gets a sliver of a core on a loaded machine: docs/architecture.md).
@pytest.mark.timeout(600)
async def test_a_word_on_page_3_is_found_on_page_3_while_later_pages_run(client, user, live_server):
    rt = live_server.runtime
    with swapped(rt, "ocr", HeldPages(rt.ocr, held_from=HELD_FROM)) as engine:
        try:
            response = await upload(client, user, files.scanned_pages_pdf(PAGES), "long.pdf")
            assert response.status_code == 202, response.text
            doc_id = response.json()["document_id"]

            async def hit() -> dict | None:
                r = await client.get(
                    "/api/documents", headers=user.headers, params={"q": files.PAGE_WORDS[2]}
                )
                assert r.status_code == 200, r.text
                return next((d for d in r.json()["documents"] if d["id"] == doc_id), None)

            found = await eventually(hit, 300, "the word on page 3 was not found while reading")
            assert found["snippet_page"] == 3, found
            assert files.PAGE_WORDS[2] in "".join(p["text"] for p in found["snippet"]).lower()
            # Still being read: pages 21-40 are held; the card says how far it got. The count is
            # written at most every half second (the trailing write follows a burst), so a search
            # that already finds page 3 may be a moment ahead of it: wait for the card, never
            # past the held pages.
            seen: dict = {}

            async def counted() -> bool:
                r = await client.get(f"/api/documents/{doc_id}", headers=user.headers)
                seen.update(r.json())
                assert seen["status"] == "processing", seen
                done = seen["pages_done"] or 0
                assert done <= HELD_FROM, seen
                return seen["page_count"] == PAGES and done >= 3

            await eventually(counted, 60, lambda: f"the card never counted page 3: {seen}")
            later = await client.get(
                "/api/documents", headers=user.headers, params={"q": files.PAGE_WORDS[LATER]}
            )
            assert doc_id not in [d["id"] for d in later.json()["documents"]]
        finally:
            engine.gate.set()
        doc = await wait_for(client, user, doc_id, timeout=300)
    assert doc["status"] == "ocr_complete" and doc["page_count"] == PAGES
    r = await client.get(
        "/api/documents", headers=user.headers, params={"q": files.PAGE_WORDS[LATER]}
    )
    assert [d["snippet_page"] for d in r.json()["documents"] if d["id"] == doc_id] == [LATER + 1]
