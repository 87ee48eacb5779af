-- Undeliverable tasks fail visibly (issue 24): with TASK_DISPATCH=cloud_tasks a job waits
-- free in the queue for its task; when no delivery ever comes (a wrong IAM binding, a missing
-- queue, a wrong audience) the recovery sweep sends it again. Each re-send is counted here,
-- reset by the delivery that claims the job; after MAX_RETRY_COUNT re-sends the document
-- fails with error_code 'dispatch_failed', naming the last cause the queue gave.
alter table public.document_jobs
  add column dispatches integer not null default 0 check (dispatches >= 0),
  add column dispatch_error text;

comment on column public.document_jobs.dispatches is
  'Re-sends of this job''s task by the recovery sweep without a delivery since (reset by a claim).';
comment on column public.document_jobs.dispatch_error is
  'The last reason the task queue refused this job''s task, in words for people (null: none).';
