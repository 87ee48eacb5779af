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
# The parsed query ($2), as a sub-select: evaluated once per statement even in a generic plan
# (asyncpg prepares statements, and PostgreSQL may switch to a generic plan after five runs,
# where `websearch_to_tsquery($2)` would otherwise be parsed again for every row it ranks).
QUERY = f"(select websearch_to_tsquery('{CONFIG}', $2))"

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


def _where(f: Filters, params: list[object]) -> tuple[str, bool]:
    """The filter clauses over `s` (document_search, when q is given) and `d` (documents), and
    whether they read `d` at all. The caller sets params[0], the user id."""

    def p(value: object) -> str:
        params.append(value)
        return f"${len(params)}"

    clauses = [f"{'s' if f.q else 'd'}.user_id = {p(None)}"]
    if f.q:
        p(f.q)  # $2
        clauses.append(f"s.vector @@ {QUERY}")
    if f.status:
        clauses.append(f"d.status = {p(f.status)}")
    if f.tag:
        clauses.append(f"d.tags @> array[{p(f.tag)}::text]")
    if f.date_from:
        clauses.append(f"d.created_at >= {p(f.date_from)}::date")
    if f.date_to:
        clauses.append(f"d.created_at < {p(f.date_to)}::date + 1")
    return " and ".join(clauses), bool(f.status or f.tag or f.date_from or f.date_to)


def _from(f: Filters, uses_d: bool) -> str:
    if not f.q:
        return "documents d"
    if uses_d:
        return "document_search s join documents d on d.id = s.document_id"
    return "document_search s"


# Where a snippet is cut from: the first whole-word occurrence of a query word, found by one
# case-insensitive regular expression over the raw text (no lowercased copy of a long text).
# The words are the lexemes of the parsed query, so `or` and `-` stay syntax, not words; each is
# escaped (`''` in the tsquery's text is one quote). Lexemes are unaccented, so a word written
# with accents ("Café" for "cafe") is looked for again in the unaccented text, only when the
# raw text has no match (unaccent keeps positions close enough for a 1,200-character window;
# its dictionary is named, not looked up through search_path).
_PATTERN = (
    r"""select '(^|\W)(' || string_agg(regexp_replace(replace(w[1], '''''', ''''),
                                                      '([^[:alnum:]_])', '\\\1', 'g'), '|')
               || ')(\W|$)' as re
        from regexp_matches(websearch_to_tsquery('CONFIG', $2)::text,
                            '''((?:[^'']|'''')+)''', 'g') w"""
).replace("CONFIG", CONFIG)


def _statement(
    f: Filters, sort: Sort, limit: int, after: After | None, user_id: str, snippets: bool
) -> tuple[str, list[object]]:
    """The one statement behind a page: its rows, the total, and (with q) rank and snippet.

    `hits` holds every match as (id, created_at, rank) only: it is counted and cut to a page
    without reading `documents` (unless a filter needs it); only the page's rows are joined to
    documents and to the OCR text."""
    params: list[object] = []
    where, uses_d = _where(f, params)
    params[0] = user_id
    relevance = sort == "relevance" and bool(f.q)
    # Ranked on `rank_vector` (title, tags, summary, start of the text; kept in the row): a
    # match deep in a long document still finds it, but ranking never reads a full vector.
    if f.q:
        hit_cols = f"s.document_id as id, s.created_at, ts_rank(s.rank_vector, {QUERY}) as rank"
    else:
        hit_cols = "d.id, d.created_at, null::real as rank"
    if after is not None:
        params += [after.created_at, after.id]
        key = f"(created_at, id) < (${len(params) - 1}, ${len(params)}::uuid)"
        if relevance:
            params.append(after.rank)
            r = f"${len(params)}::real"
            key = f"(rank < {r} or (rank = {r} and {key}))"
    else:
        key = "true"
    order = (
        ["rank desc", "created_at desc", "id desc"] if relevance else ["created_at desc", "id desc"]
    )
    params.append(limit)
    # ts_headline parses all the text it is given, so it gets a window of the OCR text around
    # the first occurrence of a query word, not a whole 100-page document.
    if f.q and snippets:
        headline = (
            f"ts_headline('{CONFIG}', substr(ot.t, greatest(1, w.at - {WINDOW_BEFORE}), "
            f"{WINDOW_CHARS}), {QUERY}, '{HEADLINE_OPTIONS}')"
        )
        pattern = f", pattern as materialized ({_PATTERN})"
        # `offset 0`: the text is read from TOAST and decompressed once per row, not once for
        # the search and again for the snippet.
        window = f"""left join ocr_results o on o.document_id = d.id
                left join lateral (select left(o.text, {HEADLINE_MAX_CHARS}) as t offset 0) ot
                  on true
                left join lateral (
                  select coalesce(nullif(regexp_instr(ot.t, pat.re, 1, 1, 0, 'i'), 0),
                                  nullif(regexp_instr(extensions.unaccent(
                                           'extensions.unaccent'::regdictionary, ot.t),
                                         pat.re, 1, 1, 0, 'i'), 0),
                                  1) as at
                  from pattern pat) w on true"""
    else:
        headline, pattern, window = "null::text", "", ""
    # With q every match is ranked or sorted anyway, so `hits` is kept and counted. The plain
    # list is read in index order up to the page's end and counted on its own.
    if f.q:
        materialized, total = "materialized", "(select count(*) from hits)"
    else:
        materialized, total = (
            "not materialized",
            f"(select count(*) from documents d where {where})",
        )
    sql = f"""with hits as {materialized} (select {hit_cols} from {_from(f, uses_d)} where {where}),
                 page as (select * from hits where {key} order by {", ".join(order)}
                          limit ${len(params)}){pattern}
            select {ROW_COLUMNS_D}, page.rank, {total} as total,
                   {headline} as headline
            from page join documents d on d.id = page.id {window}
            where d.user_id = $1
            order by {", ".join("page." + o for o in order)}"""
    return sql, params


async def search(
    conn: Conn,
    user_id: str,
    f: Filters,
    sort: Sort,
    limit: int,
    after: After | None,
    *,
    snippets: bool = True,
) -> tuple[list[Hit], int]:
    """One page of the user's documents matching `f`, in `sort` order, after `after`, and how
    many match in all (counted by the same statement, over the same snapshot)."""
    sql, params = _statement(f, sort, limit, after, user_id, snippets)
    rows = await conn.fetch(sql, *params)
    if rows:
        total = int(rows[0]["total"])
    else:  # no row carries the total: nothing matches, or the cursor is past the last page
        total = await count(conn, user_id, f) if after is not None else 0
    return [Hit(to_document(r), r["rank"], r["headline"]) for r in rows], total


async def count(conn: Conn, user_id: str, f: Filters) -> int:
    params: list[object] = []
    where, uses_d = _where(f, params)
    params[0] = user_id
    sql = f"select count(*) from {_from(f, uses_d)} where {where}"
    return int(await conn.fetchval(sql, *params))


async def explain(conn: Conn, user_id: str, f: Filters, sort: Sort, limit: int) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the statement `search` runs, for the benchmark's report."""
    sql, params = _statement(f, sort, limit, None, user_id, snippets=True)
    rows = await conn.fetch(f"explain (analyze, buffers) {sql}", *params)
    return "\n".join(r[0] for r in rows)
