-- A document whose pages hold no text (a blank page, a photo of nothing) ends `ocr_complete`
-- with `no_text` set. The web app says "No text found" on its card, and the metadata step
-- invents nothing for it: the title is the file name, no tags, no summary.
alter table public.documents add column no_text boolean not null default false;

comment on column public.documents.no_text is
  'The OCR found no text on any page; no metadata was generated from it.';

create or replace function public.document_public_columns() returns text[]
language sql immutable parallel safe as $$
  select array['id', 'user_id', 'filename', 'mime_type', 'file_size_bytes', 'status',
               'page_count', 'pages_done', 'display_name', 'tags', 'summary', 'metadata_status',
               'metadata_error', 'error_code', 'error_message', 'retry_count', 'created_at',
               'updated_at', 'duplicate_of', 'edited_fields', 'no_text']
$$;

grant select (no_text) on public.documents to authenticated;
