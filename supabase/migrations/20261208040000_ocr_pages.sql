-- Every page a checkpoint (issue 23): each page's OCR output is stored the moment it is read,
-- under the reading job's lease, so a crash, a lost lease or a plain Retry never reads a
-- finished page again, and a long document's finished pages are searchable while the rest
-- run. ocr_results is assembled from these rows when the last page is in.
--
-- `reading` names how a page was read (engine and languages): a run reuses only pages read the
-- way it would read them, so a Retry with another engine or language reads every page again.
-- `reads` counts how often a page was written (1 unless a page in flight at a crash was read
-- again): the crash tests assert on it.
create table public.ocr_pages (
  document_id uuid not null references public.documents (id) on delete cascade,
  page_index integer not null check (page_index >= 0),
  user_id uuid not null references auth.users (id) on delete cascade,
  markdown text not null,
  tables_html jsonb not null default '[]'::jsonb check (jsonb_typeof(tables_html) = 'array'),
  width integer,
  height integer,
  language text check (language is null or language ~ '^[a-z]{2}$'),
  -- How the page was turned to be read upright (orientation from OSD, then skew degrees).
  orientation integer not null default 0 check (orientation in (0, 90, 180, 270)),
  skew real not null default 0,
  -- The page's text was cut at the per-page text budget (OCR_MAX_CHARS_PER_PAGE).
  truncated boolean not null default false,
  layout_lines jsonb,
  model text not null,
  reading text not null,
  job_id uuid,
  reads integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (document_id, page_index)
);

comment on table public.ocr_pages is
  'One row per page read by OCR, written as soon as the page is read (a checkpoint).';
comment on column public.ocr_pages.reading is
  'How the page was read (engine and languages); a run reuses only pages read its own way.';
comment on column public.ocr_pages.layout_lines is
  'The first page''s line sizes (title hints for the metadata step); null on other pages.';
comment on column public.ocr_pages.reads is
  'How many times this page was written: more than 1 only when a run repeated it.';

create index ocr_pages_user_idx on public.ocr_pages (user_id);

create trigger ocr_pages_set_updated_at before update on public.ocr_pages
  for each row execute function public.set_updated_at();

-- Owners read their pages' text; the bookkeeping (reading, job_id, reads) stays private.
alter table public.ocr_pages enable row level security;
revoke all on public.ocr_pages from anon, authenticated;
grant select (document_id, page_index, user_id, markdown, language, created_at, updated_at)
  on public.ocr_pages to authenticated;
grant all on public.ocr_pages to service_role;
create policy "Users can read their own OCR pages" on public.ocr_pages
  for select to authenticated using ((select auth.uid()) = user_id);

-- Fan-out: a long document's OCR becomes page-range runs [page_start, page_stop), each its own
-- job (and Cloud Task), run in parallel by any process; the last to finish assembles the
-- result and queues the metadata run, once (backend/app/pipeline/ocr_job.py). A document's
-- whole-document OCR run has no range; at most one unfinished run per document, kind and range.
alter table public.document_jobs add column page_start integer, add column page_stop integer;
alter table public.document_jobs add constraint document_jobs_page_range check (
  (page_start is null) = (page_stop is null)
  and (page_start is null or (kind = 'ocr' and page_start >= 0 and page_stop > page_start)));
comment on column public.document_jobs.page_start is
  'First page (0-based) of a page-range OCR run; null for a whole-document run.';
comment on column public.document_jobs.page_stop is
  'Page after the last (0-based, exclusive) of a page-range OCR run.';
drop index public.document_jobs_one_active_idx;
create unique index document_jobs_one_active_idx
  on public.document_jobs (document_id, kind, coalesce(page_start, -1))
  where state in ('queued', 'running');
