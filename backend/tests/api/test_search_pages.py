"""The page of a search hit when the text alone cannot tell: an empty first page, a page whose
own text holds the rule pages are joined with, a text longer than the searched part. The pages
come from the real `mistralai` SDK against the loopback fake of Mistral's OCR API, through the
real pipeline, so `ocr_results.pages` is what production stores."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from app.main import create_app
from app.store.search import HEADLINE_MAX_CHARS, PAGE_BREAK
from tests import files
from tests.conftest import make_settings, serve, sign_in, traversable_tmpdir, upload, wait_for
from tests.fakes.mistral_fake import MistralFake


def _page(index: int, markdown: str) -> dict:
    return {
        "index": index,
        "markdown": markdown,
        "images": [],
        "dimensions": {"dpi": 200, "height": 2200, "width": 1700},
        "tables": [],
    }


@pytest.fixture(scope="module")
def mistral() -> Iterator[MistralFake]:
    fake = MistralFake().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
async def mistral_client(pg_dsn: str, mistral: MistralFake) -> AsyncIterator[httpx.AsyncClient]:
    """An API that reads documents with Mistral (the fake), on the tests' database; no sweeper,
    so it never takes over another test's jobs."""
    data_dir = traversable_tmpdir("docstream-search-pages-")
    settings = make_settings(
        pg_dsn,
        data_dir,
        MISTRAL_API_KEY="test-key",
        MISTRAL_SERVER_URL=mistral.url,
        RECOVERY_INTERVAL_S=0,
    )
    with serve(create_app(settings)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield client
    shutil.rmtree(data_dir, ignore_errors=True)


async def _read(client: httpx.AsyncClient, mistral: MistralFake, user, pages: list[str]) -> str:
    """Upload a PDF of as many pages; Mistral answers with `pages` as their text."""
    mistral.pages = [_page(i, markdown) for i, markdown in enumerate(pages)]
    response = await upload(client, user, files.text_pdf([["x"]] * len(pages)), "scan.pdf")
    assert response.status_code == 202, response.text
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "ocr_complete" and doc["page_count"] == len(pages), doc
    return doc["id"]


async def _hit(client: httpx.AsyncClient, user, q: str, doc_id: str) -> dict:
    response = await client.get("/api/documents", headers=user.headers, params={"q": q})
    assert response.status_code == 200, response.text
    return {d["id"]: d for d in response.json()["documents"]}[doc_id]


async def test_the_page_is_right_when_the_text_alone_cannot_tell(mistral_client, mistral):
    user = await sign_in(mistral_client)
    # A blank first page: the joined text starts with the rule, stripped of its first newlines.
    blank_first = await _read(
        mistral_client, mistral, user, ["", "The cover letter.", "The gasket order form."]
    )
    # A page that draws the rule itself (Markdown's horizontal rule, between two paragraphs).
    ruled = await _read(
        mistral_client,
        mistral,
        user,
        [f"Terms above.{PAGE_BREAK}Terms below.", "Replace the valve yearly.", "Signatures."],
    )
    # Longer than the part of the text that is searched and cut into snippets.
    filler = "Routine inspection notes for the pumping station. " * 90
    long_pages = [f"Page {n}. {filler}" for n in range(1, 101)]
    long_pages[69] = f"Page 70. The flange torque is 40 Nm. {filler}"
    long_doc = await _read(mistral_client, mistral, user, long_pages)
    assert sum(len(p) for p in long_pages) > HEADLINE_MAX_CHARS  # the test's premise

    for q, doc_id, page, marked in [
        ("gasket", blank_first, 3, "gasket"),
        ("valve", ruled, 2, "valve"),
        # A word, not a phrase: PostgreSQL keeps word positions only up to 16,383, so a phrase
        # this deep (about 50,000 words in) is not found at all (docs/search.md).
        ("flange", long_doc, 70, "flange"),
        ("signatures", ruled, 3, "Signatures"),
    ]:
        hit = await _hit(mistral_client, user, q, doc_id)
        assert [p["text"] for p in hit["snippet"] if p["match"]] == [marked], (q, hit["snippet"])
        assert hit["snippet_page"] == page, q
