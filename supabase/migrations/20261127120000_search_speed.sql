-- Search speed: rank and page a thousand matches without reading anything but document_search.
--
-- Measured on 10,000 documents (docs/benchmarks.md): a two-word query matching ~1,100 documents
-- spent most of its time (a) fetching `rank_vector` from TOAST for every match — at ~3 KB it
-- did not stay in the row as intended, because a row over ~2 KB has its largest value moved
-- out — and (b) scanning all of the user's documents to join them to the matches only for
-- their `created_at`, the ranking's tiebreak. So:
--
-- * rank_vector gets STORAGE MAIN: kept in the row (compressed if that helps) and moved out
--   only when the row would not fit in a page at all. `vector` stays EXTENDED (out of line):
--   the GIN index decides matches without reading it for word queries.
-- * document_search.created_at: a copy of documents.created_at (kept by the same triggers), so
--   the matches are ranked, counted and cut to one page in document_search alone, and only the
--   page's rows are joined to documents.
-- * The GIN index leads with user_id (btree_gin, available in a hosted Supabase): every search
--   is one user's, so the index answers "this user's documents with these words" itself,
--   instead of finding every user's matches and filtering them afterwards.

create extension if not exists btree_gin with schema extensions;

-- Dropped first, so rewriting every row below does not update it; rebuilt in one pass at the end.
drop index public.document_search_vector_idx;

alter table public.document_search alter column rank_vector set storage main;
alter table public.document_search add column created_at timestamptz;

comment on column public.document_search.rank_vector is
  'Title, tags, summary and the first 1,500 characters of the text: what ranking reads. '
  'Storage main: stays in the row, so ranking never fetches TOAST.';
comment on column public.document_search.created_at is
  'documents.created_at (the ranking''s tiebreak), kept by the search triggers.';

create or replace function public.refresh_document_search(doc_id uuid) returns void
language plpgsql as $$
begin
  insert into public.document_search (document_id, user_id, created_at, vector, rank_vector)
  select m.id, m.user_id, m.created_at,
         m.head || setweight(to_tsvector('public.docstream', left(m.text, 400000)), 'D'),
         m.head || setweight(to_tsvector('public.docstream', left(m.text, 1500)), 'D')
  from (select d.id, d.user_id, d.created_at, coalesce(o.text, '') as text,
               setweight(to_tsvector('public.docstream', coalesce(d.display_name, '')), 'A')
            || setweight(to_tsvector('public.docstream', array_to_string(d.tags, ' ')), 'B')
            || setweight(to_tsvector('public.docstream', coalesce(d.summary, '')), 'C') as head
        from public.documents d left join public.ocr_results o on o.document_id = d.id
        where d.id = doc_id) m
  on conflict (document_id) do update set vector = excluded.vector,
    rank_vector = excluded.rank_vector, user_id = excluded.user_id,
    created_at = excluded.created_at;
end
$$;

drop trigger documents_search_refresh on public.documents;
create trigger documents_search_refresh
  after insert or update of display_name, tags, summary, created_at on public.documents
  for each row execute function public.documents_search_trigger();

-- Existing rows: fill created_at, and rewrite rank_vector as a new value (`|| ''` builds one;
-- the old TOAST pointer would otherwise be kept as it is) so it is stored under the new rule.
update public.document_search s
  set created_at = d.created_at, rank_vector = s.rank_vector || ''::tsvector
  from public.documents d
  where d.id = s.document_id;

alter table public.document_search alter column created_at set not null;

create index document_search_user_vector_idx on public.document_search using gin (user_id, vector);
