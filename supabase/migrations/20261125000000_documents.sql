-- Docstream core schema: documents, their OCR results, and per-user monthly usage.
--
-- The backend writes as the table owner (it bypasses RLS); browsers only ever read, and only
-- their own rows. Realtime follows `documents` for the live status in the web app.

-- =============================================================================================
-- documents
-- =============================================================================================
create table public.documents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  filename text not null,
  file_path text not null,
  mime_type text not null,
  file_size_bytes bigint not null check (file_size_bytes > 0),
  sha256 text not null,

  status text not null default 'uploading'
    check (status in ('uploading', 'processing', 'ocr_complete', 'failed')),
  page_count integer,
  pages_done integer not null default 0,
  error_message text,
  retry_count integer not null default 0,

  display_name text,
  tags text[] not null default '{}',
  summary text,
  metadata_status text not null default 'pending'
    check (metadata_status in ('pending', 'generating', 'complete', 'failed')),
  metadata_error text,
  metadata_retry_count integer not null default 0,

  -- Leases: who works on the document and until when. A worker extends its lease with a
  -- heartbeat; results are written only while `lease_token` is still the worker's own.
  lease_owner text,
  lease_token uuid,
  lease_expires_at timestamptz,
  heartbeat_at timestamptz,
  -- Set once, in the transaction that makes the document ocr_complete: usage counts once.
  usage_counted_at timestamptz,

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.documents is
  'One uploaded file and its way through OCR and metadata. Written by the backend only.';

create index documents_user_created_idx on public.documents (user_id, created_at desc);
create index documents_status_updated_idx on public.documents (status, updated_at);
create index documents_lease_idx on public.documents (lease_expires_at)
  where status in ('uploading', 'processing') or metadata_status in ('pending', 'generating');

-- =============================================================================================
-- ocr_results: one row per document, upserted
-- =============================================================================================
create table public.ocr_results (
  document_id uuid primary key references public.documents (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  text text not null,
  pages jsonb not null default '[]'::jsonb,
  tables_html jsonb not null default '[]'::jsonb,
  page_count integer not null,
  model text not null,
  processing_time_ms integer not null,
  usage_info jsonb not null default '{}'::jsonb,
  layout jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.ocr_results is 'The OCR output of a document: markdown text, per page.';
create index ocr_results_user_idx on public.ocr_results (user_id);

-- =============================================================================================
-- usage: successful OCRs per user and month (the billable event)
-- =============================================================================================
create table public.usage (
  user_id uuid not null references auth.users (id) on delete cascade,
  period date not null,
  documents_processed integer not null default 0,
  pages_processed integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (user_id, period)
);

comment on table public.usage is 'Successful OCRs per user per calendar month (UTC).';

-- =============================================================================================
-- updated_at
-- =============================================================================================
create or replace function public.set_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger documents_set_updated_at before update on public.documents
  for each row execute function public.set_updated_at();
create trigger ocr_results_set_updated_at before update on public.ocr_results
  for each row execute function public.set_updated_at();
create trigger usage_set_updated_at before update on public.usage
  for each row execute function public.set_updated_at();

-- =============================================================================================
-- Change feed for local mode (Supabase mode uses Realtime on the WAL instead)
-- =============================================================================================
-- NOTIFY payloads are capped at 8000 bytes, so the row goes along only when it fits; otherwise
-- listeners get the id and fetch the row. Heartbeats (lease-only updates) are not news.
create or replace function public.notify_document_change() returns trigger
language plpgsql as $$
declare
  hidden constant text[] := array['file_path', 'sha256', 'lease_owner', 'lease_token',
                                  'lease_expires_at', 'heartbeat_at', 'usage_counted_at'];
  new_row jsonb;
  old_row jsonb;
  payload jsonb;
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - hidden - 'updated_at') = (to_jsonb(old) - hidden - 'updated_at') then
    return null;
  end if;
  if tg_op <> 'DELETE' then new_row := to_jsonb(new) - hidden; end if;
  if tg_op <> 'INSERT' then
    old_row := jsonb_build_object('id', old.id, 'user_id', old.user_id, 'status', old.status);
  end if;
  payload := jsonb_build_object(
    'eventType', tg_op,
    'user_id', coalesce(new.user_id, old.user_id),
    'id', coalesce(new.id, old.id),
    'new', coalesce(new_row, '{}'::jsonb),
    'old', coalesce(old_row, '{}'::jsonb)
  );
  if octet_length(payload::text) > 7500 then
    payload := payload - 'new' || jsonb_build_object('truncated', true);
  end if;
  perform pg_notify('document_changes', payload::text);
  return null;
end
$$;

create trigger documents_notify after insert or update or delete on public.documents
  for each row execute function public.notify_document_change();

-- =============================================================================================
-- Row-level security: users read their own rows; no client-side writes at all
-- =============================================================================================
alter table public.documents enable row level security;
alter table public.ocr_results enable row level security;
alter table public.usage enable row level security;

revoke all on public.documents, public.ocr_results, public.usage from anon, authenticated;
grant select on public.documents, public.ocr_results, public.usage to authenticated;
grant all on public.documents, public.ocr_results, public.usage to service_role;

create policy "Users can read their own documents" on public.documents
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "Users can read their own OCR results" on public.ocr_results
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "Users can read their own usage" on public.usage
  for select to authenticated using ((select auth.uid()) = user_id);

-- =============================================================================================
-- Realtime: the web app follows documents filtered by user_id
-- =============================================================================================
alter table public.documents replica identity full;
alter publication supabase_realtime add table public.documents;
