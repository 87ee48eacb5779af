"""SQL for finding documents: full-text search, filters, relevance or date order, export.

The index is `document_search` (one weighted tsvector per document, maintained by triggers;
see the migration `..._search.sql`). Queries go through `websearch_to_tsquery` with the
`public.docstream` configuration (`simple` + unaccent), so people can type quotes, `or` and
`-word`. Snippets (`ts_headline`, which re-parses the OCR text) are computed only for the
rows of the page, after the limit, around the first occurrence of a phrase or word of the
query (`search_snippets.SnippetQuery`), with the page it is on.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

import asyncpg

from app import cpu_lane
from app.domain import Document
from app.store.documents import ROW_COLUMNS_D, to_document
from app.store.search_snippets import SnippetQuery, snippet_query
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

Sort = Literal["relevance", "newest", "document_date"]
# The document's own date (a fact) as a sort key: undated documents last, as on this day.
UNDATED = dt.date(1, 1, 1)
_DATED = "coalesce((d.facts -> 'document_date' ->> 'value')::date, '0001-01-01'::date)"


@dataclass(frozen=True)
class Filters:
    """What narrows a list: a websearch query and exact filters, all combined with AND."""

    q: str | None = None
    status: str | None = None
    tag: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    document_type: str | None = None  # the `document_type` fact
    correspondent: str | None = None  # the `correspondent` fact, ignoring case
    document_date_from: dt.date | None = None  # the `document_date` fact, inclusive
    document_date_to: dt.date | None = None


@dataclass(frozen=True)
class Hit:
    document: Document
    rank: float | None
    headline: str | None
    page: int | None = None  # the page (1 = first) of what the snippet is cut around


@dataclass(frozen=True)
class After:
    """Keyset position: the last row seen. `rank` only in relevance order."""

    created_at: dt.datetime
    id: uuid.UUID
    rank: float | None = None
    dated: dt.date | None = None  # only in document_date order


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
    # A fact a person removed has a null value: it matches nothing.
    if f.document_type:
        clauses.append(f"d.facts -> 'document_type' ->> 'value' = {p(f.document_type)}")
    if f.correspondent:
        clauses.append(
            f"lower(d.facts -> 'correspondent' ->> 'value') = lower({p(f.correspondent)})"
        )
    document_date = "(d.facts -> 'document_date' ->> 'value')::date"
    if f.document_date_from:
        clauses.append(f"{document_date} >= {p(f.document_date_from)}::date")
    if f.document_date_to:
        clauses.append(f"{document_date} <= {p(f.document_date_to)}::date")
    narrowed = (
        f.status
        or f.tag
        or f.date_from
        or f.date_to
        or f.document_type
        or f.correspondent
        or f.document_date_from
        or f.document_date_to
    )
    return " and ".join(clauses), bool(narrowed)


def _from(f: Filters, uses_d: bool) -> str:
    if not f.q:
        return "documents d"
    if uses_d:
        return "document_search s join documents d on d.id = s.document_id"
    return "document_search s"


# Pages: `OcrResult.text` (app/ocr/base.py) is the pages' text joined by this rule, then
# stripped. The page of a hit is the number of rules before it, plus one, when the text holds
# exactly page_count - 1 of them. Otherwise (a page's own text has the rule, a first page is
# empty, or the text is longer than HEADLINE_MAX_CHARS) it is counted from the stored pages'
# lengths, which reads their JSON too: only then.
PAGE_BREAK = "\n\n---\n\n"
_BREAK_SQL = "E'" + PAGE_BREAK.replace("\n", "\\n") + "'"
_SPACES_SQL = (
    "E'" + "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace()) + "'"
)
# Rules are counted in bytes (the rule is ASCII): `octet_length` need not walk the characters,
# and of a stored text it reads only the size.
_PREFIX = "left(ot.t, w.at - 1)"
_RULES_BEFORE_HIT = (
    f"(octet_length({_PREFIX}) - octet_length(replace({_PREFIX}, {_BREAK_SQL}, '')))"
    f" / {len(PAGE_BREAK)}"
)
_PAGE_OF_HIT = f"""case
    when w.at is null then null
    when o.page_count = 1 then 1
    when octet_length(ot.t) = octet_length(o.text) and o.page_count - 1
         = (octet_length(ot.t) - octet_length(replace(ot.t, {_BREAK_SQL}, ''))) / {len(PAGE_BREAK)}
      then 1 + {_RULES_BEFORE_HIT}
    when jsonb_array_length(o.pages) = o.page_count then (
      select coalesce(min(x.n), o.page_count)::int
      from (select p.n, sum(length(btrim(p.e ->> 'markdown', {_SPACES_SQL})) + {len(PAGE_BREAK)})
                          over (order by p.n) as page_end
            from jsonb_array_elements(o.pages) with ordinality p(e, n)) x
      where x.page_end > w.at - 1 + case when btrim(o.pages -> 0 ->> 'markdown', {_SPACES_SQL}) = ''
                                         then {len(PAGE_BREAK) - len(PAGE_BREAK.lstrip())} else 0 end)
    else least(o.page_count, 1 + {_RULES_BEFORE_HIT})
  end"""
_UNACCENTED = "extensions.unaccent('extensions.unaccent'::regdictionary, ot.t)"


def _snippet_sql(sq: SnippetQuery | None, params: list[object]) -> tuple[str, str, str]:
    """The snippet, the page it is cut from, and the joins they need.

    ts_headline parses all the text it is given, so it gets a window of the OCR text around
    the first occurrence of a phrase of the query, else of a word, not a whole 100-page
    document. Each is looked for in the raw text, then (only when absent) in the unaccented
    text: a lexeme is unaccented, so "Zürich" is found for 'zurich' only there (unaccent keeps
    positions close enough for a 1,200-character window; its dictionary is named, not looked up
    through search_path)."""

    def p(value: object) -> str:
        params.append(value)
        return f"${len(params)}"

    # `offset 0`: the text is read from TOAST and decompressed once per row, not once for the
    # search and again for the snippet.
    text = f"""left join ocr_results o on o.document_id = coalesce(d.content_of, d.id)
                left join lateral (select left(o.text, {HEADLINE_MAX_CHARS}) as t offset 0) ot
                  on true"""
    if sq is None:  # the parsed query was not understood: the whole query, from the start
        headline = (
            f"ts_headline('{CONFIG}', left(ot.t, {WINDOW_CHARS}), {QUERY}, '{HEADLINE_OPTIONS}')"
        )
        return headline, "null::int", text
    if sq.headline is None:  # only exclusions (`-word`): nothing in the text to show
        return "null::text", "null::int", ""
    finds = []
    for pattern in (sq.phrases, sq.words):
        if pattern:
            re_param = p(pattern)
            finds += [
                f"nullif(regexp_instr(ot.t, {re_param}, 1, 1, 0, 'i'), 0)",
                f"nullif(regexp_instr({_UNACCENTED}, {re_param}, 1, 1, 0, 'i'), 0)",
            ]
    at = f"coalesce({', '.join(finds)})" if finds else "null::int"
    # `offset 0` again: `w.at` is used five times below, and an inlined lateral would run the
    # regular expressions over the text for each use.
    window = f"""{text}
                left join lateral (select {at} as at offset 0) w on true"""
    # A sub-select, like QUERY: parsed once per statement.
    query = f"(select {p(sq.headline)}::tsquery)"
    headline = (
        f"ts_headline('{CONFIG}', substr(ot.t, greatest(1, coalesce(w.at, 1) - {WINDOW_BEFORE}), "
        f"{WINDOW_CHARS}), {query}, '{HEADLINE_OPTIONS}')"
    )
    return headline, _PAGE_OF_HIT, window


def _statement(
    f: Filters,
    sort: Sort,
    limit: int,
    after: After | None,
    user_id: str,
    snippets: bool,
    sq: SnippetQuery | None = None,
    counted: bool = True,
) -> tuple[str, list[object]]:
    """The one statement behind a page: its rows, the total, and (with q) rank and snippet.

    `hits` holds every match as (id, created_at, rank) only: it is counted and cut to a page
    without reading `documents` (unless a filter needs it); only the page's rows are joined to
    documents and to the OCR text."""
    params: list[object] = []
    where, uses_d = _where(f, params)
    params[0] = user_id
    relevance = sort == "relevance" and bool(f.q)
    by_date = sort == "document_date"
    uses_d = uses_d or by_date
    # Ranked on `rank_vector` (title, tags, summary, start of the text; kept in the row): a
    # match deep in a long document still finds it, but ranking never reads a full vector.
    if f.q:
        hit_cols = f"s.document_id as id, s.created_at, ts_rank(s.rank_vector, {QUERY}) as rank"
    else:
        hit_cols = "d.id, d.created_at, null::real as rank"
    hit_cols += f", {_DATED} as dated" if by_date else ", null::date as dated"
    if after is not None:
        params += [after.created_at, after.id]
        key = f"(created_at, id) < (${len(params) - 1}, ${len(params)}::uuid)"
        if by_date:
            params.append(after.dated or UNDATED)
            key = f"(dated, created_at, id) < (${len(params)}::date, ${len(params) - 2}, ${len(params) - 1}::uuid)"
        elif relevance:
            params.append(after.rank)
            r = f"${len(params)}::real"
            key = f"(rank < {r} or (rank = {r} and {key}))"
    else:
        key = "true"
    if by_date:
        order = ["dated desc", "created_at desc", "id desc"]
    elif relevance:
        order = ["rank desc", "created_at desc", "id desc"]
    else:
        order = ["created_at desc", "id desc"]
    params.append(limit)
    limit_param = f"${len(params)}"
    if f.q and snippets:
        headline, page_of_hit, window = _snippet_sql(sq, params)
    else:
        headline, page_of_hit, window = "null::text", "null::int", ""
    # With q every match is ranked or sorted anyway, so `hits` is kept and counted. The plain
    # list is read in index order up to the page's end and counted on its own.
    if not counted:
        materialized, total = "not materialized", "null::bigint"
    elif f.q:
        materialized, total = "materialized", "(select count(*) from hits)"
    else:
        materialized, total = (
            "not materialized",
            f"(select count(*) from documents d where {where})",
        )
    sql = f"""with hits as {materialized} (select {hit_cols} from {_from(f, uses_d)} where {where}),
                 page as (select * from hits where {key} order by {", ".join(order)}
                          limit {limit_param})
            select {ROW_COLUMNS_D}, page.rank, {total} as total,
                   {headline} as headline, {page_of_hit} as snippet_page
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
    counted: bool = True,
) -> tuple[list[Hit], int]:
    """One page of the user's documents matching `f`, in `sort` order, after `after`, and how
    many match in all (counted by the same statement, over the same snapshot). Not
    `counted`: the total is 0 and not worked out (an export reads a hundred pages; counting
    every match again for each cost the database more than the pages did)."""
    sq = await _read_back(conn, f.q) if f.q and snippets else None
    sql, params = _statement(f, sort, limit, after, user_id, snippets, sq, counted)
    rows = await conn.fetch(sql, *params)
    if not counted:
        total = 0
    elif rows:
        total = int(rows[0]["total"])
    else:  # no row carries the total: nothing matches, or the cursor is past the last page
        total = await count(conn, user_id, f) if after is not None else 0
    if len(rows) >= OFF_LOOP_ROWS:
        return await cpu_lane.run(_hits, rows), total
    return _hits(rows), total


# Rows become documents in the CPU lane (`app/cpu_lane.py`) from this many on: an export
# reads 100 at a time, and eight exports at once spent a third of the event loop's time
# building them. A list page (50) is built where it is read: the hop would cost more.
OFF_LOOP_ROWS = 100


def _hits(rows: list[asyncpg.Record]) -> list[Hit]:
    return [Hit(to_document(r), r["rank"], r["headline"], r["snippet_page"]) for r in rows]


async def _read_back(conn: Conn, q: str) -> SnippetQuery | None:
    """The query as PostgreSQL parsed it (its words are the index's words), for the snippet."""
    parsed = await conn.fetchval(f"select websearch_to_tsquery('{CONFIG}', $1)::text", q)
    return snippet_query(parsed or "")


async def count(conn: Conn, user_id: str, f: Filters) -> int:
    params: list[object] = []
    where, uses_d = _where(f, params)
    params[0] = user_id
    sql = f"select count(*) from {_from(f, uses_d)} where {where}"
    return int(await conn.fetchval(sql, *params))


async def explain(conn: Conn, user_id: str, f: Filters, sort: Sort, limit: int) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the statement `search` runs, for the benchmark's report."""
    sq = await _read_back(conn, f.q) if f.q else None
    sql, params = _statement(f, sort, limit, None, user_id, True, sq)
    rows = await conn.fetch(f"explain (analyze, buffers) {sql}", *params)
    return "\n".join(r[0] for r in rows)
