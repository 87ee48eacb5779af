-- Duplicates share their original's file and OCR result; a storage quota; the text budget.
--
-- * documents.content_of (private): the document whose stored file and OCR result this one
--   uses. A duplicate upload used to store its file again and copy the whole OCR row: 50
--   re-uploads of a 20 MB PDF added 1 GB (issue 27). Now it points at the root (a document with
--   content_of null) and stores nothing. `content_of` always names a live root: deleting a root
--   that others use hands its OCR result to the earliest of them (`store/documents.py`), and
--   the file is removed only when no document uses it any more. It is separate from the public
--   `duplicate_of`, which only flags the upload for its owner (Keep clears that flag; the
--   document keeps reading the shared content).
-- * documents.text_truncated (public): the OCR text was cut at the text budget (characters per
--   page, per document); the detail page says so.
-- * public.storage_bytes_used: what counts toward USAGE_STORAGE_LIMIT_MB: the size of every
--   document's file, duplicates included (each still costs rows, a thumbnail, a search vector),
--   checked under the user's slot lock by commit_upload.

alter table public.documents
  add column content_of uuid references public.documents (id) on delete set null,
  add column text_truncated boolean not null default false;

comment on column public.documents.content_of is
  'The document whose stored file and OCR result this one uses (a duplicate); null: its own.';
comment on column public.documents.text_truncated is
  'The OCR text was cut at the text budget (characters per page and per document).';

create index documents_content_of_idx on public.documents (content_of)
  where content_of is not null;

create or replace function public.document_public_columns() returns text[]
language sql immutable parallel safe as $$
  select array['id', 'user_id', 'filename', 'mime_type', 'file_size_bytes', 'status',
               'page_count', 'pages_done', 'display_name', 'tags', 'summary', 'metadata_status',
               'metadata_error', 'error_code', 'error_message', 'retry_count', 'created_at',
               'updated_at', 'duplicate_of', 'edited_fields', 'no_text', 'language', 'facts',
               'text_truncated']
$$;

grant select (text_truncated) on public.documents to authenticated;

-- The search row of a document that shares its content reads the shared OCR text.
create or replace function public.refresh_document_search(doc_id uuid, reparse_text boolean)
returns void
language plpgsql
set search_path = public, pg_temp
as $$
declare
  doc public.documents;
  source uuid;
  text_start text;
  head tsvector;
  body tsvector;
begin
  select * into doc from public.documents where id = doc_id;
  if not found then
    return;
  end if;
  source := coalesce(doc.content_of, doc.id);
  head := setweight(to_tsvector('public.docstream', coalesce(doc.display_name, '')), 'A')
       || setweight(to_tsvector('public.docstream', array_to_string(doc.tags, ' ')), 'B')
       || setweight(to_tsvector('public.docstream', coalesce(doc.summary, '')), 'C');
  if not reparse_text then
    select s.text_vector into body from public.document_search s where s.document_id = doc_id;
  end if;
  if body is null then
    body := setweight(to_tsvector('public.docstream', coalesce(
              (select left(o.text, 400000) from public.ocr_results o where o.document_id = source),
              '')), 'D');
  end if;
  text_start := coalesce(
    (select left(o.text, 1500) from public.ocr_results o where o.document_id = source), '');
  insert into public.document_search (document_id, user_id, created_at, text_vector, vector,
                                      rank_vector)
  values (doc.id, doc.user_id, doc.created_at, body, head || body,
          head || setweight(to_tsvector('public.docstream', text_start), 'D'))
  on conflict (document_id) do update set text_vector = excluded.text_vector,
    vector = excluded.vector, rank_vector = excluded.rank_vector, user_id = excluded.user_id,
    created_at = excluded.created_at;
end
$$;

create or replace function public.storage_bytes_used(p_user_id uuid) returns bigint
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(sum(file_size_bytes), 0)::bigint from documents where user_id = p_user_id
$$;

revoke all on function public.storage_bytes_used(uuid) from public, anon, authenticated;
grant execute on function public.storage_bytes_used(uuid) to service_role;

-- commit_upload, now also checking the storage quota (p_storage_limit bytes) under the user's
-- slot lock (taken by record_upload, held to the commit), so N concurrent uploads cannot all
-- take the last free megabytes.
drop procedure public.commit_upload(uuid, uuid, text, text, text, bigint, text, uuid, text, uuid,
                                    float8, integer, date, public.documents);

create procedure public.commit_upload(
  p_id uuid,
  p_user_id uuid,
  p_filename text,
  p_file_path text,
  p_mime_type text,
  p_size bigint,
  p_sha256 text,
  p_job_id uuid,
  p_lease_owner text,
  p_lease_token uuid,
  p_lease_ttl_s float8,
  p_limit integer,
  p_period date,
  p_storage_limit bigint,
  inout doc public.documents default null
)
language plpgsql
security invoker
as $$
begin
  doc := public.record_upload(p_id, p_user_id, p_filename, p_file_path, p_mime_type, p_size,
                              p_sha256, p_job_id, p_lease_owner, p_lease_token, p_lease_ttl_s,
                              p_limit, p_period);
  if doc.id is null then
    doc := null;  -- a processed original of these bytes exists: nothing was recorded
    return;
  end if;
  -- record_upload took the user's slot lock last; it is still held, and the count includes
  -- the row just inserted.
  if public.storage_bytes_used(p_user_id) > p_storage_limit then
    raise exception 'docstream: storage quota exceeded' using errcode = 'P0001';
  end if;
  perform pg_catalog.set_config('synchronous_commit', 'off', true);
  commit;
  perform pg_catalog.pg_logical_emit_message(true, 'docstream', 'upload committed');
end
$$;

revoke all on procedure public.commit_upload(uuid, uuid, text, text, text, bigint, text, uuid,
                                             text, uuid, float8, integer, date, bigint,
                                             public.documents)
  from public, anon, authenticated;
grant execute on procedure public.commit_upload(uuid, uuid, text, text, text, bigint, text, uuid,
                                                text, uuid, float8, integer, date, bigint,
                                                public.documents)
  to service_role;

-- The timeline is capped: a document keeps its newest 100 events. Retry is also limited (a few
-- per document per minute, `services/documents.py`), but a timeline must not grow without
-- bound whatever writes to it: 3,000 retries once made 9,003 events on one document.
create or replace function public.cap_document_events() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
declare
  oldest_kept bigint;
begin
  select id into oldest_kept from document_events
  where document_id = new.document_id order by id desc offset 99 limit 1;
  if oldest_kept is not null then
    delete from document_events where document_id = new.document_id and id < oldest_kept;
  end if;
  return null;
end
$$;

create trigger document_events_cap after insert on public.document_events
  for each row execute function public.cap_document_events();
