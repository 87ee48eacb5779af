"""What a snippet is cut around: the parsed query read back (`store.search.snippet_query`).

PostgreSQL parses every query here (`websearch_to_tsquery`), and every pattern and headline
query built from it is run by PostgreSQL too: the test is that they mean what they should for
the text a person typed, not that the Python builds a particular string."""

from __future__ import annotations

import re

import pytest

from app.ocr.base import OcrPage, OcrResult
from app.store.search import CONFIG, PAGE_BREAK
from app.store.search_snippets import snippet_query

LEXEME = re.compile(r"'((?:[^']|'')+)'")
UNACCENTED = "extensions.unaccent('extensions.unaccent'::regdictionary, $1)"


async def _parsed(db, q: str) -> str:
    return await db.fetchval(f"select websearch_to_tsquery('{CONFIG}', $1)::text", q)


async def _find(db, text: str, pattern: str | None) -> str | None:
    """What the search statement's regular expression finds in `text` (raw, else unaccented),
    as the text from there on: the start of the snippet's window."""
    if pattern is None:
        return None
    at = await db.fetchval(
        f"""select coalesce(nullif(regexp_instr($1, $2, 1, 1, 0, 'i'), 0),
                            nullif(regexp_instr({UNACCENTED}, $2, 1, 1, 0, 'i'), 0))""",
        text,
        pattern,
    )
    return None if at is None else text[at - 1 :]


async def _marked(db, text: str, headline: str) -> list[str]:
    marked = await db.fetchval(
        f"""select ts_headline('{CONFIG}', $1, $2::tsquery,
                               'StartSel=<<, StopSel=>>, HighlightAll=true')""",
        text,
        headline,
    )
    return [part.split(">>")[0] for part in marked.split("<<")[1:]]


@pytest.mark.parametrize(
    ("text", "q", "found"),
    [
        ("An error here. Then: Fatal error. Done.", '"fatal error"', "Fatal error. Done."),
        ("A fatal_error, then a FATAL\nERROR.", '"fatal error"', "fatal_error, then"),
        ("Write an e-mail to the e-mail address desk.", '"e-mail address"', "e-mail address desk"),
        ("See example.com/path today; example.com", '"example.com/path today"', "example.com/path"),
        ("Born 2020 or 2020-01-05 in Zürich.", '"2020-01-05 in zurich"', "2020-01-05 in Z"),
        ("Don't go, don't. Then: don't stop.", '"don\'t stop"', "don't stop."),
        ("Dear Mr O'Neil and Mr Neil", '"o\'neil"', "O'Neil and"),
        ("The gaskets, and then a Gasket.", "gasket", "Gasket."),
    ],
)
async def test_the_snippet_starts_at_the_phrase_or_word_the_query_asks_for(db, text, q, found):
    parsed = await _parsed(db, q)
    assert await db.fetchval(f"select to_tsvector('{CONFIG}', $1) @@ $2::tsquery", text, parsed)
    sq = snippet_query(parsed)
    assert sq is not None and sq.headline is not None
    located = await _find(db, text, sq.phrases or sq.words)
    assert located is not None and located.startswith(found), (q, sq, located)


async def test_excluded_words_are_neither_looked_for_nor_marked(db):
    text = "A problem with the pump. Restart the pump. No fatal error."
    for q, marked in [
        ("restart or -problem", ["Restart"]),
        ("pump -zeppelin", ["pump", "pump"]),
        ('restart -"fatal error"', ["Restart"]),
        ('-"fatal error" or restart', ["Restart"]),
    ]:
        sq = snippet_query(await _parsed(db, q))
        assert sq is not None and sq.headline is not None, q
        assert await _marked(db, text, sq.headline) == marked, q
        assert "problem" not in (sq.words or "") and "fatal" not in (sq.words or ""), q
    for q in ("-problem", '-"fatal error"', "- -"):
        assert snippet_query(await _parsed(db, q)) == snippet_query(""), q  # nothing to show


async def test_words_far_apart_are_each_marked_where_the_snippet_is(db):
    """The snippet is a window: it may hold one word of `fatal pump`, never both."""
    sq = snippet_query(await _parsed(db, "fatal pump"))
    assert sq is not None and sq.headline is not None
    assert await _marked(db, "Only the pump is here.", sq.headline) == ["pump"]
    # A phrase is still a phrase: its words elsewhere alone do not make it match.
    sq = snippet_query(await _parsed(db, '"fatal error" pump'))
    assert sq is not None and sq.headline is not None
    assert not await db.fetchval(
        f"select to_tsvector('{CONFIG}', 'an error, fatal') @@ $1::tsquery", sq.headline
    )


@pytest.mark.parametrize(
    "q",
    [
        "plain words",
        '"unterminated phrase',
        'a "" b',
        "or or or",
        "a or",
        "-",
        "--a",
        "a - b",
        "(a & b) | !c <-> d",
        "'quoted' \"it''s\"",
        "back\\slash \\'x",
        "ünïcödé ß straße",
        "东京 タワー",
        "x:* y:A",
        "e-mail@example.com http://x.org/a?b=c",
        '"a -b" -"c d" or e',
    ],
)
async def test_any_typed_query_gives_patterns_and_a_headline_postgresql_accepts(db, q):
    parsed = await _parsed(db, q)
    sq = snippet_query(parsed)
    assert sq is not None, parsed  # None would be a printed form this parser does not know
    if sq.headline is not None:
        # PostgreSQL reads it back, and it asks for nothing the query did not.
        again = await db.fetchval("select $1::tsquery::text", sq.headline)
        assert set(LEXEME.findall(again)) <= set(LEXEME.findall(parsed)), (parsed, again)
    for pattern in (sq.phrases, sq.words):
        if pattern is not None:
            await db.fetchval("select regexp_instr('text', $1, 1, 1, 0, 'i')", pattern)


def test_a_form_it_does_not_know_falls_back_instead_of_failing():
    assert snippet_query("'a' & ( 'b'") is None
    assert snippet_query("'a' ~ 'b'") is None
    assert snippet_query("") == snippet_query("   ")
    assert snippet_query("") is not None and snippet_query("").headline is None


def test_the_page_rule_is_the_one_the_ocr_text_is_joined_with():
    result = OcrResult([OcrPage(0, "one"), OcrPage(1, "two")], model="m")
    assert result.text == f"one{PAGE_BREAK}two"
