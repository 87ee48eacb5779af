-- Facts a person files by, each with where it was read (docs/metadata-quality.md): the
-- document's language (ISO 639-1, detected from its text) and its facts, an object keyed by
-- document_type, correspondent, document_date, total, reference and due_date, each
-- {value, page, quote, confidence, source}. Both are public columns: the web app, Realtime
-- and the SSE feed carry them like the title and tags.
alter table public.documents add column language text
  check (language is null or language ~ '^[a-z]{2}$');
alter table public.documents add column facts jsonb not null default '{}'::jsonb
  check (jsonb_typeof(facts) = 'object');

comment on column public.documents.language is
  'ISO 639-1 code of the document''s language, detected from its text; null when unknown.';
comment on column public.documents.facts is
  'Typed facts keyed by name, each {value, page, quote, confidence, source}; the quote is on '
  'the cited page. Absent when the document does not carry the fact.';

create or replace function public.document_public_columns() returns text[]
language sql immutable parallel safe as $$
  select array['id', 'user_id', 'filename', 'mime_type', 'file_size_bytes', 'status',
               'page_count', 'pages_done', 'display_name', 'tags', 'summary', 'metadata_status',
               'metadata_error', 'error_code', 'error_message', 'retry_count', 'created_at',
               'updated_at', 'duplicate_of', 'edited_fields', 'no_text', 'language', 'facts']
$$;

grant select (language, facts) on public.documents to authenticated;
