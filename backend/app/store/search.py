"""SQL for finding documents: full-text search, filters, relevance or date order, export.

The index is `document_search` (one weighted tsvector per document, maintained by triggers;
see the migration `..._search.sql`). Queries go through `websearch_to_tsquery` with the
`public.docstream` configuration (`simple` + unaccent), so people can type quotes, `or` and
`-word`. Snippets (`ts_headline`, which re-parses the OCR text) are computed only for the
rows of the page, after the limit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from app.domain import Document
from app.store.documents import ROW_COLUMNS_D, to_document
from app.store.types import Conn

CONFIG = "public.docstream"
# Match delimiters in snippets: control characters, which OCR text hygiene never lets through,
# so they cannot be confused with the document's own text.
MARK_START, MARK_END = "\x02", "\x03"
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=28, MinWords=10, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
HEADLINE_MAX_CHARS = 400_000  # the same cap the index uses
WINDOW_BEFORE, WINDOW_CHARS = 300, 1_200  # the part of the text a snippet is cut from

Sort = Literal["relevance", "newest"]


@dataclass(frozen=True)
class Filters:
    """What narrows a list: a websearch query and exact filters, all combined with AND."""

    q: str | None = None
    status: str | None = None
    tag: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive


@dataclass(frozen=True)
class Hit:
    document: Document
    rank: float | None
    headline: str | None


@dataclass(frozen=True)
class After:
    """Keyset position: the last row seen. `rank` only in relevance order."""

    created_at: dt.datetime
    id: uuid.UUID
    rank: float | None = None


def _where(f: Filters, params: list[object]) -> str:
    """The filter clauses over `d` (documents) and `s` (document_search, when q is given)."""

    def p(value: object) -> str:
        params.append(value)
        return f"${len(params)}"

    clauses = [f"d.user_id = {p(None)}"]  # placeholder, set by the caller as params[0]
    if f.q:
        clauses.append(f"s.vector @@ websearch_to_tsquery('{CONFIG}', {p(f.q)})")
    if f.status:
        clauses.append(f"d.status = {p(f.status)}")
    if f.tag:
        clauses.append(f"d.tags @> array[{p(f.tag)}::text]")
    if f.date_from:
        clauses.append(f"d.created_at >= {p(f.date_from)}::date")
    if f.date_to:
        clauses.append(f"d.created_at < {p(f.date_to)}::date + 1")
    return " and ".join(clauses)


def _from(f: Filters) -> str:
    return "documents d join document_search s on s.document_id = d.id" if f.q else "documents d"


async def search(
    conn: Conn, user_id: str, f: Filters, sort: Sort, limit: int, after: After | None
) -> list[Hit]:
    """One page of the user's documents matching `f`, in `sort` order, after `after`."""
    params: list[object] = []
    where = _where(f, params)
    params[0] = user_id
    relevance = sort == "relevance" and bool(f.q)
    # Ranked on `rank_vector` (title, tags, summary, start of the text): a match deep in a long
    # document still finds it, but ranking never fetches a thousand full vectors.
    rank_expr = (
        f"ts_rank(s.rank_vector, websearch_to_tsquery('{CONFIG}', $2))" if f.q else "null::real"
    )
    if after is not None:
        params += [after.created_at, after.id]
        key = f"(created_at, id) < (${len(params) - 1}, ${len(params)}::uuid)"
        if relevance:
            params.append(after.rank)
            r = f"${len(params)}::real"
            key = f"(rank < {r} or (rank = {r} and {key}))"
    else:
        key = "true"
    order = "rank desc, created_at desc, id desc" if relevance else "created_at desc, id desc"
    params.append(limit)
    # ts_headline parses all the text it is given, so it gets a window of the OCR text around
    # the first occurrence of a query word (found by a plain substring search of the lowercased
    # text, far cheaper than parsing), not a whole 100-page document. A word that only matches
    # with its accents folded is not located this way: its snippet starts at the beginning.
    headline = (
        f"ts_headline('{CONFIG}', substr(o.text, greatest(1, w.at - {WINDOW_BEFORE}), "
        f"{WINDOW_CHARS}), websearch_to_tsquery('{CONFIG}', $2), '{HEADLINE_OPTIONS}')"
        if f.q
        else "null::text"
    )
    # `offset 0` keeps the lowercased text computed once per row, not once per query word.
    window = (
        f"""left join lateral (select lower(left(o.text, {HEADLINE_MAX_CHARS})) as t
                                     offset 0) lt on true
                  left join lateral (
                    select coalesce(min(nullif(strpos(lt.t, word), 0)), 1) as at
                    from unnest(tsvector_to_array(to_tsvector('{CONFIG}', $2))) word) w on true"""
        if f.q
        else ""
    )
    rows = await conn.fetch(
        f"""with hits as (select {ROW_COLUMNS_D}, {rank_expr} as rank from {_from(f)}
                          where {where}),
                 page as (select * from hits where {key} order by {order} limit ${len(params)})
            select page.*, {headline} as headline
            from page left join ocr_results o on o.document_id = page.id {window}
            order by {order}""",
        *params,
    )
    return [Hit(to_document(r), r["rank"], r["headline"]) for r in rows]


async def count(conn: Conn, user_id: str, f: Filters) -> int:
    params: list[object] = []
    where = _where(f, params)
    params[0] = user_id
    return int(await conn.fetchval(f"select count(*) from {_from(f)} where {where}", *params))


async def explain(conn: Conn, user_id: str, q: str) -> str:
    """The plan of the search's match step (for the benchmark's report)."""
    rows = await conn.fetch(
        f"""explain select d.id from documents d join document_search s on s.document_id = d.id
            where d.user_id = $1 and s.vector @@ websearch_to_tsquery('{CONFIG}', $2)""",
        user_id,
        q,
    )
    return "\n".join(r[0] for r in rows)
