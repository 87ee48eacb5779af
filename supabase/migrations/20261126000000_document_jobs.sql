-- Jobs as the unit of work, one list of public columns, and a stored status timeline.
--
-- A document is what a user sees; a job is one run of one piece of work on it (`ocr` or
-- `metadata`). Leases and heartbeats move from `documents` to `document_jobs`, a table private
-- to the backend: a heartbeat no longer writes a `documents` row, so browsers (Realtime, the
-- NOTIFY feed) see a change only when something visible changes, and they can never read who
-- works on a document or with which token.

-- =============================================================================================
-- documents: only what a user may see, plus a few internal columns no browser may select
-- =============================================================================================
alter table public.documents
  drop column lease_owner,
  drop column lease_token,
  drop column lease_expires_at,
  drop column heartbeat_at,
  drop column metadata_retry_count,
  add column error_code text;

comment on column public.documents.error_code is
  'Why the document failed, for machines (corrupt_file, timeout, retries_exhausted, ...).';

-- The columns a browser may read. The API's Document schema, the NOTIFY payload and the column
-- grants below are all this list; backend/tests/store/test_public_columns.py checks the three agree.
create or replace function public.document_public_columns() returns text[]
language sql immutable parallel safe as $$
  select array['id', 'user_id', 'filename', 'mime_type', 'file_size_bytes', 'status',
               'page_count', 'pages_done', 'display_name', 'tags', 'summary', 'metadata_status',
               'metadata_error', 'error_code', 'error_message', 'retry_count', 'created_at',
               'updated_at']
$$;

revoke select on public.documents from authenticated;
grant select (id, user_id, filename, mime_type, file_size_bytes, status, page_count, pages_done,
              display_name, tags, summary, metadata_status, metadata_error, error_code,
              error_message, retry_count, created_at, updated_at)
  on public.documents to authenticated;

-- OCR results: the text a user reads; not the engine's bookkeeping (usage, timings, layout).
revoke select on public.ocr_results from authenticated;
grant select (document_id, user_id, text, page_count, created_at, updated_at)
  on public.ocr_results to authenticated;

-- The NOTIFY payload carries exactly the public columns.
create or replace function public.notify_document_change() returns trigger
language plpgsql as $$
declare
  new_row jsonb;
  old_row jsonb;
  payload jsonb;
begin
  if tg_op <> 'DELETE' then
    select jsonb_object_agg(key, value) into new_row
    from jsonb_each(to_jsonb(new)) where key = any(public.document_public_columns());
  end if;
  if tg_op = 'UPDATE' then
    select jsonb_object_agg(key, value) into old_row
    from jsonb_each(to_jsonb(old)) where key = any(public.document_public_columns());
    -- Internal bookkeeping (usage counted, a path rewritten) is not news.
    if (new_row - 'updated_at') = (old_row - 'updated_at') then
      return null;
    end if;
  end if;
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
  -- NOTIFY payloads are capped at 8000 bytes: past that, listeners fetch the row themselves.
  if octet_length(payload::text) > 7500 then
    payload := payload - 'new' || jsonb_build_object('truncated', true);
  end if;
  perform pg_notify('document_changes', payload::text);
  return null;
end
$$;

-- =============================================================================================
-- document_jobs: one row per run of a job; private to the backend
-- =============================================================================================
create table public.document_jobs (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references public.documents (id) on delete cascade,
  kind text not null check (kind in ('ocr', 'metadata')),
  state text not null default 'queued'
    check (state in ('queued', 'running', 'succeeded', 'failed')),
  -- Counts every run of this kind on the document (a user's Retry too), so (document, kind,
  -- attempt) names one run for ever: Cloud Tasks task names are built from it.
  attempt integer not null default 1 check (attempt >= 1),
  -- Automatic recoveries (a crashed run re-queued by the sweeper) since the last run a person
  -- asked for; the sweeper gives up after MAX_RETRIES.
  recoveries integer not null default 0 check (recoveries >= 0),
  -- The lease: held by the process that has the job queued in memory or running, renewed by
  -- that process's heartbeat for exactly the jobs it holds. Null: free for any process.
  lease_owner text,
  lease_token uuid,
  lease_expires_at timestamptz,
  heartbeat_at timestamptz,
  run_after timestamptz not null default now(),
  error_code text,
  error_message text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((lease_token is null) = (lease_owner is null)),
  check (state not in ('succeeded', 'failed') or lease_token is null)
);

comment on table public.document_jobs is
  'Runs of OCR and metadata jobs, with their leases. Backend only: no browser may read it.';

-- At most one unfinished job of a kind per document: two claimants can never both run it.
create unique index document_jobs_one_active_idx on public.document_jobs (document_id, kind)
  where state in ('queued', 'running');
create unique index document_jobs_attempt_idx on public.document_jobs (document_id, kind, attempt);
create index document_jobs_recoverable_idx on public.document_jobs (lease_expires_at)
  where state in ('queued', 'running');

create trigger document_jobs_set_updated_at before update on public.document_jobs
  for each row execute function public.set_updated_at();

alter table public.document_jobs enable row level security;
revoke all on public.document_jobs from anon, authenticated;
grant all on public.document_jobs to service_role;

-- =============================================================================================
-- document_events: the status timeline, one row per visible state change, written by trigger
-- =============================================================================================
create table public.document_events (
  id bigint generated always as identity primary key,
  document_id uuid not null references public.documents (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  -- uploading | processing | ocr_complete | failed | metadata_generating | metadata_complete |
  -- metadata_failed
  event text not null,
  attempt integer not null,
  error_code text,
  message text,
  created_at timestamptz not null default clock_timestamp()
);

comment on table public.document_events is
  'Every status change of a document, for its owner''s timeline. Written by a trigger.';
create index document_events_document_idx on public.document_events (document_id, id);

create or replace function public.record_document_event() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into public.document_events (document_id, user_id, event, attempt, error_code, message)
    values (new.id, new.user_id, new.status, new.retry_count + 1,
            case when new.status = 'failed' then new.error_code end,
            case when new.status = 'failed' then new.error_message end);
  end if;
  if tg_op = 'UPDATE' and new.metadata_status is distinct from old.metadata_status
     and new.metadata_status <> 'pending' then
    insert into public.document_events (document_id, user_id, event, attempt, message)
    values (new.id, new.user_id, 'metadata_' || new.metadata_status, new.retry_count + 1,
            case when new.metadata_status = 'failed' then new.metadata_error end);
  end if;
  return null;
end
$$;

create trigger documents_record_event after insert or update on public.documents
  for each row execute function public.record_document_event();

alter table public.document_events enable row level security;
revoke all on public.document_events from anon, authenticated;
grant select on public.document_events to authenticated;
grant all on public.document_events to service_role;
create policy "Users can read their own document events" on public.document_events
  for select to authenticated using ((select auth.uid()) = user_id);
