-- Finding documents again: full-text search, duplicates, edited metadata.
--
-- * document_search: one weighted tsvector per document (title A, tags B, summary C, OCR text
--   D), private to the backend, rewritten by triggers in the same transaction as the writes
--   that change its sources, so search never lags behind what the list shows.
-- * documents.duplicate_of: an upload whose bytes match one of the same user's documents.
-- * documents.edited_fields: which of display_name / tags / summary a person wrote; the
--   metadata job never overwrites those silently.

-- =============================================================================================
-- The text-search configuration: `simple` (no stemming, no stop words) + unaccent
-- =============================================================================================
-- Documents mix languages (a German invoice, a French letter, English manuals): any stemmer
-- mangles the others' words, and stop-word lists drop real words of other languages. `simple`
-- lowercases and keeps every word; unaccent lets "cafe" find "café". See docs/search.md.
create extension if not exists unaccent with schema extensions;

create text search configuration public.docstream (copy = pg_catalog.simple);
alter text search configuration public.docstream
  alter mapping for hword, hword_part, word with extensions.unaccent, simple;

-- =============================================================================================
-- documents: duplicates and edited fields (both public: the web app shows them)
-- =============================================================================================
alter table public.documents
  add column duplicate_of uuid references public.documents (id) on delete set null,
  add column edited_fields text[] not null default '{}'
    check (edited_fields <@ array['display_name', 'tags', 'summary']::text[]);

comment on column public.documents.duplicate_of is
  'The earlier document of the same user with the same bytes; this one was not processed again.';
comment on column public.documents.edited_fields is
  'Metadata fields a person edited; generated metadata never replaces them unless asked.';

-- Duplicate lookup: the same user's bytes.
create index documents_user_sha256_idx on public.documents (user_id, sha256);

create or replace function public.document_public_columns() returns text[]
language sql immutable parallel safe as $$
  select array['id', 'user_id', 'filename', 'mime_type', 'file_size_bytes', 'status',
               'page_count', 'pages_done', 'display_name', 'tags', 'summary', 'metadata_status',
               'metadata_error', 'error_code', 'error_message', 'retry_count', 'created_at',
               'updated_at', 'duplicate_of', 'edited_fields']
$$;

grant select (duplicate_of, edited_fields) on public.documents to authenticated;

-- =============================================================================================
-- document_search: the index, private to the backend
-- =============================================================================================
create table public.document_search (
  document_id uuid primary key references public.documents (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  vector tsvector not null,
  -- What ranking reads: the same weighted title, tags and summary, but only the start of the
  -- text. Small enough to stay in the row (no TOAST fetch), so ranking a thousand matches is
  -- cheap; `vector` (everything) decides what matches.
  rank_vector tsvector not null
);

comment on table public.document_search is
  'Weighted full-text vectors of each document (title A, tags B, summary C, OCR text D): '
  'vector for matching, rank_vector (text start only) for ranking. '
  'Maintained by triggers; read by the backend only.';

create index document_search_vector_idx on public.document_search using gin (vector);
create index document_search_user_idx on public.document_search (user_id);

alter table public.document_search enable row level security;
revoke all on public.document_search from anon, authenticated;
grant all on public.document_search to service_role;

-- OCR text is capped before indexing: a tsvector must stay under 1 MB, and 400,000 characters
-- (~150 dense pages) covers every document we accept in practice.
create or replace function public.refresh_document_search(doc_id uuid) returns void
language plpgsql as $$
begin
  insert into public.document_search (document_id, user_id, vector, rank_vector)
  select m.id, m.user_id,
         m.head || setweight(to_tsvector('public.docstream', left(m.text, 400000)), 'D'),
         m.head || setweight(to_tsvector('public.docstream', left(m.text, 1500)), 'D')
  from (select d.id, d.user_id, coalesce(o.text, '') as text,
               setweight(to_tsvector('public.docstream', coalesce(d.display_name, '')), 'A')
            || setweight(to_tsvector('public.docstream', array_to_string(d.tags, ' ')), 'B')
            || setweight(to_tsvector('public.docstream', coalesce(d.summary, '')), 'C') as head
        from public.documents d left join public.ocr_results o on o.document_id = d.id
        where d.id = doc_id) m
  on conflict (document_id) do update set vector = excluded.vector,
    rank_vector = excluded.rank_vector, user_id = excluded.user_id;
end
$$;

create or replace function public.documents_search_trigger() returns trigger
language plpgsql as $$
begin
  perform public.refresh_document_search(new.id);
  return null;
end
$$;

create or replace function public.ocr_results_search_trigger() returns trigger
language plpgsql as $$
begin
  perform public.refresh_document_search(new.document_id);
  return null;
end
$$;

create trigger documents_search_refresh
  after insert or update of display_name, tags, summary on public.documents
  for each row execute function public.documents_search_trigger();
create trigger ocr_results_search_refresh
  after insert or update of text on public.ocr_results
  for each row execute function public.ocr_results_search_trigger();

-- Documents that existed before this migration.
select public.refresh_document_search(id) from public.documents;
