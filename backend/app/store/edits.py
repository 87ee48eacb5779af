"""SQL for a document's metadata: a person's edits, and what the metadata job generates.

An edit writes the field and marks it in `edited_fields` in one statement, so the metadata
job (`save_metadata` below), which skips marked fields, can never slip in between.
"""

from __future__ import annotations

import uuid
from typing import Any

from app.domain import Document, FiledChoice, Job, SenderCorrection
from app.store.documents import ROW_COLUMNS, to_document
from app.store.types import Conn


async def update_metadata(
    conn: Conn, user_id: str, document_id: uuid.UUID, changes: dict[str, Any]
) -> Document | None:
    """Set the given fields (keys among EDITABLE_FIELDS) and mark them edited; `facts`, if
    given, maps fact names to their stored person form (`person_fact_json`), merged over the
    stored facts (a fact's source `person` is its mark). `None` when the document is not the
    user's."""
    marked = sorted(k for k in changes if k != "facts")
    row = await conn.fetchrow(
        f"""update documents set
              display_name = case when $3::boolean then $4::text else display_name end,
              tags = case when $5::boolean then $6::text[] else tags end,
              summary = case when $7::boolean then $8::text else summary end,
              edited_fields = array(select distinct f from unnest(edited_fields || $9::text[]) f
                                    order by f),
              facts = facts || coalesce($10::jsonb, '{{}}'::jsonb)
                -- the sender the engine had read, kept beside the person's: a name the
                -- person said is not the sender is not taken for it on the next document
                -- (the first such name stays through the person's later corrections)
                || case when $10::jsonb ? 'correspondent'
                          and (case when facts->'correspondent'->>'source' = 'person'
                                    then facts->'correspondent'->>'replaced'
                                    else facts->'correspondent'->>'value' end) is not null
                        then jsonb_build_object('correspondent', ($10::jsonb->'correspondent')
                               || jsonb_build_object('replaced',
                                    case when facts->'correspondent'->>'source' = 'person'
                                         then facts->'correspondent'->'replaced'
                                         else facts->'correspondent'->'value' end))
                        else '{{}}'::jsonb end
            where id = $1 and user_id = $2 returning {ROW_COLUMNS}""",
        document_id,
        user_id,
        "display_name" in changes,
        changes.get("display_name"),
        "tags" in changes,
        changes.get("tags"),
        "summary" in changes,
        changes.get("summary"),
        marked,
        changes.get("facts"),
    )
    return None if row is None else to_document(row)


async def keep_duplicate(conn: Conn, user_id: str, document_id: uuid.UUID) -> Document | None:
    """The person keeps the duplicate as a document of its own: it is no longer flagged."""
    row = await conn.fetchrow(
        f"""update documents set duplicate_of = null where id = $1 and user_id = $2
            returning {ROW_COLUMNS}""",
        document_id,
        user_id,
    )
    return None if row is None else to_document(row)


async def save_metadata(
    conn: Conn,
    job: Job,
    display_name: str,
    tags: list[str],
    summary: str | None,
    *,
    replace_edited: bool = False,
    facts: dict[str, dict[str, Any]] | None = None,
    language: str | None = None,
) -> tuple[str | None, list[str], str | None] | None:
    """Write generated metadata while the lease holds. A field a person edited
    (`edited_fields`) is kept as they wrote it, unless they asked Regenerate to replace their
    edits (`replace_edited`), which then also clears the marks. With `facts` (their stored
    JSON form) the facts and `language` are written too: the generated facts replace the
    generated ones, and a fact a person set (source `person`) is always kept, whatever
    `replace_edited` says. Without `facts`, facts and language are left as they are. The
    language the OCR stored is refined, never cleared (a None keeps it), and a language the
    person chose for reading (`ocr_language`) is kept.
    Returns what is now stored (title, tags, summary: kept edits included), or None when the
    lease was lost."""
    row = await conn.fetchrow(
        """update documents d set
         display_name = case when $6 or not 'display_name' = any(d.edited_fields)
                             then $3 else d.display_name end,
         tags = case when $6 or not 'tags' = any(d.edited_fields) then $4 else d.tags end,
         summary = case when $6 or not 'summary' = any(d.edited_fields)
                        then $5 else d.summary end,
         edited_fields = case when $6 then '{}'::text[] else d.edited_fields end,
         facts = case when $7::jsonb is null then d.facts
                      else $7::jsonb || coalesce(
                        (select jsonb_object_agg(e.key, e.value)
                           from jsonb_each(coalesce(d.facts, '{}'::jsonb)) e
                          where e.value->>'source' = 'person'),
                        '{}'::jsonb) end,
         language = case when $7::jsonb is null then d.language
                         else coalesce(d.ocr_language, $8::text, d.language) end
       from document_jobs j
       where j.id = $1 and j.lease_token = $2 and j.state = 'running' and d.id = j.document_id
       returning d.display_name, d.tags, d.summary""",
        job.id,
        job.lease_token,
        display_name,
        tags,
        summary,
        replace_edited,
        facts,
        language,
    )
    if row is None:
        return None
    return row["display_name"], list(row["tags"] or []), row["summary"]


async def user_tags(conn: Conn, document_id: uuid.UUID, limit: int = 500) -> list[str]:
    """The tags the owner of `document_id` uses on their other documents, most used first:
    the vocabulary a new document's tags are chosen from."""
    rows = await conn.fetch(
        """select t.tag from documents d
             join documents o on o.user_id = d.user_id and o.id <> d.id
             cross join lateral unnest(o.tags) as t(tag)
            where d.id = $1
            group by t.tag order by count(*) desc, t.tag limit $2""",
        document_id,
        limit,
    )
    return [r["tag"] for r in rows]


async def sender_corrections(
    conn: Conn, document_id: uuid.UUID, limit: int = 500
) -> list[SenderCorrection]:
    """The senders a person set (a `correspondent` fact of source `person`) on the owner's
    other documents, each with the name the engine had read there before the person replaced
    it, the most recently changed first: a new document is read knowing them
    (`local_correspondent_known`)."""
    rows = await conn.fetch(
        """select o.facts->'correspondent'->>'value' as sender,
                  o.facts->'correspondent'->>'replaced' as replaced
             from documents d
             join documents o on o.user_id = d.user_id and o.id <> d.id
            where d.id = $1 and o.facts->'correspondent'->>'source' = 'person'
            order by o.updated_at desc, o.id
            limit $2""",
        document_id,
        limit,
    )
    return [SenderCorrection(r["sender"], r["replaced"]) for r in rows]


async def filed_choices(conn: Conn, document_id: uuid.UUID, limit: int = 200) -> list[FiledChoice]:
    """How the owner of `document_id` filed their other documents that have a correspondent,
    where they set the type or the tags themselves; the most recently changed first."""
    rows = await conn.fetch(
        """select o.facts->'correspondent'->>'value' as correspondent,
                  case when o.facts->'document_type'->>'source' = 'person'
                       then o.facts->'document_type'->>'value' end as document_type,
                  case when 'tags' = any(o.edited_fields) then o.tags end as tags
             from documents d
             join documents o on o.user_id = d.user_id and o.id <> d.id
            where d.id = $1
              and o.facts->'correspondent'->>'value' is not null
              and ((o.facts->'document_type'->>'source' = 'person'
                    and o.facts->'document_type'->>'value' is not null)
                   or 'tags' = any(o.edited_fields))
            order by o.updated_at desc, o.id
            limit $2""",
        document_id,
        limit,
    )
    return [
        FiledChoice(
            r["correspondent"],
            r["document_type"],
            None if r["tags"] is None else tuple(r["tags"]),
        )
        for r in rows
    ]
