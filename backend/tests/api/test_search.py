"""Search: a word deep in a long document, web-search syntax, ranking, filters, paging, and
users kept apart. Everything through the real API over a real PostgreSQL."""

from __future__ import annotations

import datetime as dt

import httpx

from tests import files
from tests.conftest import User, upload, wait_for

FILLER = [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
]


async def _ready(
    client: httpx.AsyncClient, user: User, pages: list[list[str]], name: str = "doc.pdf"
) -> dict:
    response = await upload(client, user, files.text_pdf(pages), name)
    assert response.status_code == 202, response.text
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["status"] == "ocr_complete", doc
    return doc


async def _search(client: httpx.AsyncClient, user: User, **params: object) -> dict:
    response = await client.get("/api/documents", headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _ids(page: dict) -> list[str]:
    return [d["id"] for d in page["documents"]]


def _marked(doc: dict) -> list[str]:
    return [part["text"] for part in doc["snippet"] or [] if part["match"]]


async def test_a_word_only_on_page_30_of_36_is_found_with_a_snippet(client, user):
    pages = [[f"Page {n} of the annual maintenance manual.", *FILLER] for n in range(1, 37)]
    pages[29] = [
        "Page 30 of the annual maintenance manual.",
        "Replace the flux capacitor gasket every spring.",
    ]
    long_doc = await _ready(client, user, pages, "manual.pdf")
    await _ready(client, user, [["Another document about maintenance schedules."]], "other.pdf")

    found = await _search(client, user, q="gasket")
    assert _ids(found) == [long_doc["id"]] and found["total"] == 1
    snippet = "".join(part["text"] for part in found["documents"][0]["snippet"])
    assert "flux capacitor gasket" in snippet
    assert _marked(found["documents"][0]) == ["gasket"]
    assert found["documents"][0]["snippet_page"] == 30


async def test_the_snippet_finds_the_word_itself_not_a_longer_word_or_one_case(client, user):
    """Page 1 has only longer words that contain the query word; page 30 has the word itself,
    in capitals. The snippet comes from page 30 and marks the word."""
    pages = [[f"Page {n} of the plumbing handbook.", *FILLER] for n in range(1, 37)]
    pages[0] = ["Page 1 lists gaskets, gasketing tools and the gasketmaker.", *FILLER]
    pages[29] = ["Page 30 of the plumbing handbook.", "GASKET replacement comes every spring."]
    doc = await _ready(client, user, pages, "handbook.pdf")

    found = await _search(client, user, q="gasket or zeppelin")  # `or`: syntax, not a word
    assert _ids(found) == [doc["id"]]
    snippet = "".join(part["text"] for part in found["documents"][0]["snippet"])
    assert "replacement comes every spring" in snippet
    assert _marked(found["documents"][0]) == ["GASKET"]


async def test_an_accented_word_deep_in_the_text_gets_its_snippet_without_the_accent(client, user):
    pages = [[f"Page {n} of the travel diary.", *FILLER] for n in range(1, 37)]
    pages[29] = ["Page 30 of the travel diary.", "We met in Zürich, near the lake."]
    doc = await _ready(client, user, pages, "diary.pdf")

    found = await _search(client, user, q="zurich")
    assert _ids(found) == [doc["id"]]
    snippet = "".join(part["text"] for part in found["documents"][0]["snippet"])
    assert "near the lake" in snippet
    assert _marked(found["documents"][0]) == ["Zürich"]


async def test_quotes_or_and_minus_behave_like_a_web_search(client, user):
    blue = await _ready(client, user, [["The quarterly invoice for blue widgets."]], "a.pdf")
    swapped = await _ready(client, user, [["Widgets, blue ones: the quarterly report."]], "b.pdf")
    red = await _ready(client, user, [["The annual invoice for red gadgets."]], "c.pdf")

    assert set(_ids(await _search(client, user, q="blue widgets"))) == {blue["id"], swapped["id"]}
    assert _ids(await _search(client, user, q='"blue widgets"')) == [blue["id"]]
    assert _ids(await _search(client, user, q="invoice -red")) == [blue["id"]]
    assert set(_ids(await _search(client, user, q="gadgets or report"))) == {
        red["id"],
        swapped["id"],
    }
    # Accents do not matter, either way; punctuation alone finds nothing instead of failing.
    assert _ids(await _search(client, user, q="gädgets")) == [red["id"]]
    assert (await _search(client, user, q='- "" '))["total"] == 0
    assert (await _search(client, user, q="   "))["total"] == 3  # blank: the plain list


async def test_a_phrase_gets_its_snippet_and_page_not_the_first_of_its_words(client, user):
    """Issue 28: `"fatal error"` found the manual, but the snippet came from the first "error"
    (page 3), which ts_headline cannot mark for the phrase: nothing was marked, no page."""
    pages = [[f"Page {n} of the pump operating manual.", *FILLER] for n in range(1, 25)]
    pages[2] = ["Page 3 of the pump operating manual.", "An error light may blink at start."]
    pages[9] = ["Page 10 of the pump operating manual.", "Fatal flaws are rare in this design."]
    pages[21] = ["Page 22 of the pump operating manual.", "Fatal error.", "Call the service line."]
    manual = await _ready(client, user, pages, "pump-manual.pdf")
    other = await _ready(client, user, [["The error was fatal to the plan."]], "other.pdf")

    for q in ('"fatal error"', 'zeppelin or "fatal error"', '"Fatal  ERROR" pump'):
        found = await _search(client, user, q=q)
        assert _ids(found) == [manual["id"]], q
        hit = found["documents"][0]
        assert "Fatal error" in _marked(hit), (q, hit["snippet"])
        assert "error" not in _marked(hit) and "Fatal" not in _marked(hit), q  # whole phrase
        assert "Call the service line" in "".join(part["text"] for part in hit["snippet"])
        assert hit["snippet_page"] == 22, q
    assert _marked((await _search(client, user, q='"fatal error"'))["documents"][0]) == [
        "Fatal error"
    ]
    # Both words, apart: the first of them is what the snippet shows, with its page.
    both = await _search(client, user, q="fatal error")
    assert set(_ids(both)) == {manual["id"], other["id"]}
    by_id = {d["id"]: d for d in both["documents"]}
    assert by_id[other["id"]]["snippet_page"] == 1
    assert by_id[manual["id"]]["snippet_page"] == 3


async def test_an_excluded_word_is_never_the_snippet_nor_marked(client, user):
    """`restart or -problem` matches a text with both words (through `restart`): the snippet is
    cut around "Restart" on page 3, not around "problem" on page 1, which is not marked."""
    pages = [
        ["A problem with the pump is rare.", *FILLER],
        ["Page 2 of the notes.", *FILLER],
        ["Restart the pump after cleaning the valve.", *FILLER],
    ]
    doc = await _ready(client, user, pages, "valve-notes.pdf")
    await _ready(client, user, [["Nothing here mentions the zeppelin."]], "z.pdf")

    found = await _search(client, user, q="restart or -problem valve")
    hit = {d["id"]: d for d in found["documents"]}[doc["id"]]
    assert _marked(hit) == ["Restart", "valve"], hit["snippet"]
    assert hit["snippet_page"] == 3
    # Only exclusions: the documents without the word, and nothing in their text to show.
    only_not = await _search(client, user, q="-problem")
    assert doc["id"] not in _ids(only_not) and only_not["total"] == 1
    assert only_not["documents"][0]["snippet"] is None
    assert only_not["documents"][0]["snippet_page"] is None


async def test_title_matches_rank_above_body_matches(client, user):
    body = await _ready(
        client, user, [["Notes mentioning the harbour once, among other things."]], "body.pdf"
    )
    titled = await _ready(client, user, [["Unrelated text about gardens."]], "titled.pdf")
    edit = await client.patch(
        f"/api/documents/{titled['id']}",
        headers=user.headers,
        json={"display_name": "Harbour permit"},
    )
    assert edit.status_code == 200, edit.text
    ranked = await _search(client, user, q="harbour")
    assert _ids(ranked) == [titled["id"], body["id"]]
    # Found by its title alone: nothing marked in the text, so no page to open at.
    assert [d["snippet_page"] for d in ranked["documents"]] == [None, 1]
    newest = await _search(client, user, q="harbour", sort="newest")
    assert _ids(newest) == [titled["id"], body["id"]]  # uploaded last


async def test_filters_combine_with_the_query(client, user):
    a = await _ready(client, user, [["Electricity bill for March."]], "a.pdf")
    b = await _ready(client, user, [["Electricity bill for April."]], "b.pdf")
    await _ready(client, user, [["Water bill for April."]], "c.pdf")
    assert (
        await client.patch(
            f"/api/documents/{a['id']}",
            headers=user.headers,
            json={"tags": ["Shoebox Twelve", "home"]},
        )
    ).status_code == 200
    assert set(_ids(await _search(client, user, q="electricity"))) == {a["id"], b["id"]}
    assert _ids(await _search(client, user, q="electricity", tag="shoebox twelve")) == [a["id"]]
    assert _ids(await _search(client, user, tag="  SHOEBOX   twelve ")) == [a["id"]]
    assert (await _search(client, user, q="electricity", status="failed"))["total"] == 0
    today = dt.datetime.now(dt.UTC).date()
    assert (await _search(client, user, q="electricity", **{"from": str(today)}))["total"] == 2
    assert (await _search(client, user, q="electricity", to=str(today - dt.timedelta(days=1))))[
        "total"
    ] == 0
    bad = await client.get(
        "/api/documents",
        headers=user.headers,
        params={"from": str(today), "to": str(today - dt.timedelta(days=2))},
    )
    assert bad.status_code == 400 and "date" in bad.json()["detail"]


async def test_relevance_paging_reaches_every_match_once(client, user):
    ids = []
    for i in range(5):  # equal ranks: the cursor's (created_at, id) tiebreak keeps order stable
        ids.append(
            (await _ready(client, user, [[f"Receipt number {i} for parking."]], f"r{i}.pdf"))["id"]
        )
    await _ready(client, user, [["Parking parking parking permit."]], "top.pdf")
    seen: list[str] = []
    cursor = None
    first_cursor = None
    while True:
        params = {"q": "parking", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await _search(client, user, **params)
        assert page["total"] == 6
        seen += _ids(page)
        cursor = page["next_cursor"]
        first_cursor = first_cursor or cursor
        if cursor is None:
            break
    assert len(seen) == 6 and len(set(seen)) == 6
    assert seen[1:] == list(reversed(ids))  # the denser match first, then newest first
    # A relevance cursor does not continue a newest-first list: start again, clearly.
    mixed = await client.get(
        "/api/documents",
        headers=user.headers,
        params={"q": "parking", "sort": "newest", "cursor": first_cursor},
    )
    assert mixed.status_code == 400 and "cursor" in mixed.json()["detail"]


async def test_other_users_documents_are_never_found(client, user, other_user):
    mine = await _ready(client, user, [["Confidential zeppelin itinerary."]])
    theirs = await _ready(client, other_user, [["Confidential zeppelin itinerary, theirs."]])
    assert _ids(await _search(client, user, q="zeppelin")) == [mine["id"]]
    assert _ids(await _search(client, other_user, q="zeppelin")) == [theirs["id"]]
    export = await client.get(
        "/api/documents/export",
        headers=other_user.headers,
        params={"format": "json", "q": "zeppelin"},
    )
    assert [d["id"] for d in export.json()["documents"]] == [theirs["id"]]
