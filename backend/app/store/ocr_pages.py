"""Pages as checkpoints (`ocr_pages`): each page's OCR output, stored as soon as it is read.

A run reads only the pages missing here (read the same way: `reading`, the engine and its
languages), so a crash, a lost lease or a plain Retry never reads a finished page again. Every
write is conditional on the writing job's lease, like every other write of a job
(`store/jobs.py`). While a document is being read, `publish_partial` puts the pages read so far
into `ocr_results` (missing pages empty), which makes them searchable with the right page on a
hit before the last page is in; the final result replaces it (`jobs.complete_ocr`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from app.domain import Job
from app.ocr.base import PAGE_RULE, OcrPage
from app.store.types import Conn, Connection

PAGE_BREAK_SQL = r"E'\n\n---\n\n'"  # OcrResult.text's separator (app/ocr/base.py)


def _page(row: asyncpg.Record) -> OcrPage:
    return OcrPage(
        index=row["page_index"],
        markdown=row["markdown"],
        tables=[str(t) for t in row["tables_html"] or []],
        width=row["width"],
        height=row["height"],
        language=row["language"],
        orientation=row["orientation"],
        skew=row["skew"],
        truncated=row["truncated"],
        layout_lines=row["layout_lines"],
        tidied=True,  # tidied before it was stored
    )


async def load(conn: Conn, document_id: uuid.UUID, reading: str) -> dict[int, OcrPage]:
    """The document's stored pages read the way `reading` says, by 0-based index."""
    rows = await conn.fetch(
        """select page_index, markdown, tables_html, width, height, language, orientation, skew,
                  truncated, layout_lines
           from ocr_pages where document_id = $1 and reading = $2 order by page_index""",
        document_id,
        reading,
    )
    return {r["page_index"]: _page(r) for r in rows}


async def count(conn: Conn, document_id: uuid.UUID, reading: str, start: int, stop: int) -> int:
    """How many of pages [start, stop) are stored, read the way `reading` says."""
    return int(
        await conn.fetchval(
            """select count(*) from ocr_pages where document_id = $1 and reading = $2
                 and page_index >= $3 and page_index < $4""",
            document_id,
            reading,
            start,
            stop,
        )
    )


def _json(page: OcrPage) -> dict[str, Any]:
    return {
        "page_index": page.index,
        "markdown": page.markdown,
        "tables_html": list(page.tables),
        "width": page.width,
        "height": page.height,
        "language": page.language,
        "orientation": page.orientation,
        "skew": page.skew,
        "truncated": page.truncated,
        "layout_lines": page.layout_lines,
    }


async def save(conn: Conn, job: Job, pages: Sequence[OcrPage], *, model: str, reading: str) -> bool:
    """Store pages under the job's lease: False (nothing written) when the lease is lost.
    A page stored before is replaced; `reads` counts it when it was read the same way."""
    if not pages:
        return True
    status = await conn.execute(
        """insert into ocr_pages (document_id, page_index, user_id, markdown, tables_html, width,
                                  height, language, orientation, skew, truncated,
                                  layout_lines, model, reading, job_id)
           select j.document_id, p.page_index, d.user_id, p.markdown,
                  coalesce(p.tables_html, '[]'::jsonb), p.width, p.height, p.language,
                  coalesce(p.orientation, 0), coalesce(p.skew, 0),
                  coalesce(p.truncated, false), p.layout_lines, $3, $4, j.id
           from document_jobs j join documents d on d.id = j.document_id,
                jsonb_to_recordset($5::jsonb) as p(page_index int, markdown text,
                  tables_html jsonb, width int, height int, language text, orientation int,
                  skew real, truncated boolean, layout_lines jsonb)
           where j.id = $1 and j.lease_token = $2 and j.state = 'running'
           on conflict (document_id, page_index) do update set
             markdown = excluded.markdown, tables_html = excluded.tables_html,
             width = excluded.width, height = excluded.height, language = excluded.language,
             orientation = excluded.orientation, skew = excluded.skew,
             truncated = excluded.truncated,
             layout_lines = excluded.layout_lines, model = excluded.model,
             job_id = excluded.job_id,
             reads = case when ocr_pages.reading = excluded.reading then ocr_pages.reads + 1
                          else 1 end,
             reading = excluded.reading""",
        job.id,
        job.lease_token,
        model,
        reading,
        [_json(p) for p in pages],
    )
    return int(status.split()[-1]) > 0


async def forget(conn: Connection, document_id: uuid.UUID) -> None:
    """Drop every stored page: the next run reads the whole document again (a Retry that
    asks for it, e.g. with another language). Inside the transaction that creates that run."""
    await conn.execute("delete from ocr_pages where document_id = $1", document_id)


async def publish_partial(
    conn: Conn,
    job: Job,
    reading: str,
    page_count: int,
    *,
    max_chars_per_page: int,
    max_chars_per_document: int,
) -> bool:
    """Under the job's lease, while it runs: the pages read so far become the document's
    `ocr_results` (a page not read yet is empty), so search finds them, on the right page.
    Skipped once the document is no longer being read (the final result is never replaced).

    Within the text budget, like the final result (`OcrResult.apply_text_budget`; cut here
    in the database, without the search for a space): a stored page keeps what its engine
    read, and a few KB of PDF drawing the same words millions of times must not reach search,
    the agents and every copy (`content_of`) through the partial result either."""
    status = await conn.execute(
        f"""insert into ocr_results (document_id, user_id, text, pages, page_count, model,
                                     processing_time_ms)
            select j.document_id, d.user_id,
                   btrim(string_agg(c.md, {PAGE_BREAK_SQL} order by c.i), E' \\n'),
                   jsonb_agg(jsonb_build_object('index', c.i, 'markdown', c.md,
                                                'width', c.width, 'height', c.height)
                             order by c.i),
                   $4, 'partial', 0
            from document_jobs j join documents d on d.id = j.document_id
            cross join lateral (
              select x.i, x.width, x.height,
                     left(x.md, greatest(0, least($5::int, $6::int - ($4::int - 1) * $7::int
                          - coalesce(sum(length(left(x.md, $5::int))) over (
                              order by x.i rows between unbounded preceding and 1 preceding),
                            0)::int))) as md
              from (select n.i, p.width, p.height, btrim(coalesce(p.markdown, '')) as md
                    from generate_series(0, $4 - 1) as n(i)
                    left join ocr_pages p on p.document_id = j.document_id
                                         and p.page_index = n.i and p.reading = $3) x
            ) c
            where j.id = $1 and j.lease_token = $2 and j.state = 'running'
              and d.status = 'processing'
            group by j.document_id, d.user_id
            on conflict (document_id) do update set text = excluded.text,
              pages = excluded.pages, page_count = excluded.page_count, model = excluded.model
            where ocr_results.model = 'partial'""",
        job.id,
        job.lease_token,
        reading,
        page_count,
        max_chars_per_page,
        max_chars_per_document,
        len(PAGE_RULE),
    )
    return int(status.split()[-1]) > 0


async def record_progress(conn: Conn, job: Job, reading: str, total: int) -> bool:
    """A page-range run's progress: the document's stored pages, whichever run read them
    (ranges run in parallel; each writing its own count would make the card jump)."""
    status = await conn.execute(
        """update documents d set page_count = $4,
                  pages_done = (select count(*) from ocr_pages p
                                where p.document_id = d.id and p.reading = $3)
           from document_jobs j
           where j.id = $1 and j.lease_token = $2 and j.state = 'running'
             and d.id = j.document_id and d.status = 'processing'""",
        job.id,
        job.lease_token,
        reading,
        total,
    )
    return status != "UPDATE 0"


async def other_ocr_runs(conn: Connection, job: Job) -> int:
    """Inside the fan-in transaction (the document row locked by `jobs.lock_running`): how
    many other OCR runs of the document are unfinished. 0: this run is the last."""
    return int(
        await conn.fetchval(
            """select count(*) from document_jobs where document_id = $1 and kind = 'ocr'
                 and state in ('queued', 'running') and id <> $2""",
            job.document_id,
            job.id,
        )
    )


async def finish_run(conn: Connection, job: Job) -> None:
    """A page-range run that is not the last ends here (its pages are stored); the document
    stays `processing` until the last one assembles the result."""
    await conn.execute(
        """update document_jobs set state = 'succeeded', lease_owner = null, lease_token = null,
                  lease_expires_at = null, error_code = null, error_message = null,
                  finished_at = now()
           where id = $1""",
        job.id,
    )
