-- The OCR text is parsed for search once, not on every metadata change.
--
-- Until now every write of a title, tags or summary rebuilt the document's whole search vector,
-- text included: for a 36-page report (~190,000 characters) `to_tsvector` takes ~43 ms of
-- PostgreSQL CPU, so each metadata job, edit and regeneration cost as much as the OCR result
-- itself. On a 2-core machine that work competed with upload acknowledgements
-- (docs/benchmarks.md). Now:
--
-- * document_search.text_vector keeps the parsed text (weight D), written when the OCR text is
--   written (the ocr_results trigger);
-- * a change of title, tags, summary or created_at rebuilds `vector` as
--   head || text_vector (~0.3 ms) instead of parsing the text again. `rank_vector` still reads
--   only the first 1,500 characters of the text (~0.6 ms).
--
-- The result is the same tsvector as before, position for position: the head comes first in
-- both, and `||` shifts the text's positions by the head's last position in both.
-- Rows written before this migration have no text_vector; their first refresh parses the text
-- as before and keeps it.

alter table public.document_search add column text_vector tsvector;

comment on column public.document_search.text_vector is
  'The OCR text (first 400,000 characters) parsed with weight D, kept so that metadata changes '
  'rebuild vector without parsing the text again. NULL: not parsed yet.';

drop function public.refresh_document_search(uuid);

-- reparse_text: the OCR text changed (or is not parsed yet), parse it; otherwise reuse it.
create function public.refresh_document_search(doc_id uuid, reparse_text boolean)
returns void
language plpgsql
set search_path = public, pg_temp
as $$
declare
  doc public.documents;
  text_start text;
  head tsvector;
  body tsvector;
begin
  select * into doc from public.documents where id = doc_id;
  if not found then
    return;
  end if;
  head := setweight(to_tsvector('public.docstream', coalesce(doc.display_name, '')), 'A')
       || setweight(to_tsvector('public.docstream', array_to_string(doc.tags, ' ')), 'B')
       || setweight(to_tsvector('public.docstream', coalesce(doc.summary, '')), 'C');
  if not reparse_text then
    select s.text_vector into body from public.document_search s where s.document_id = doc_id;
  end if;
  if body is null then
    body := setweight(to_tsvector('public.docstream', coalesce(
              (select left(o.text, 400000) from public.ocr_results o where o.document_id = doc_id),
              '')), 'D');
  end if;
  -- Only the start of the text is read (and decompressed) for ranking.
  text_start := coalesce(
    (select left(o.text, 1500) from public.ocr_results o where o.document_id = doc_id), '');
  insert into public.document_search (document_id, user_id, created_at, text_vector, vector,
                                      rank_vector)
  values (doc.id, doc.user_id, doc.created_at, body, head || body,
          head || setweight(to_tsvector('public.docstream', text_start), 'D'))
  on conflict (document_id) do update set text_vector = excluded.text_vector,
    vector = excluded.vector, rank_vector = excluded.rank_vector, user_id = excluded.user_id,
    created_at = excluded.created_at;
end
$$;

create or replace function public.documents_search_trigger() returns trigger
language plpgsql as $$
begin
  perform public.refresh_document_search(new.id, false);
  return null;
end
$$;

create or replace function public.ocr_results_search_trigger() returns trigger
language plpgsql as $$
begin
  perform public.refresh_document_search(new.document_id, true);
  return null;
end
$$;

revoke all on function public.refresh_document_search(uuid, boolean) from public, anon, authenticated;
grant execute on function public.refresh_document_search(uuid, boolean) to service_role;
