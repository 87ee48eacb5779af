-- An upload made durable in ONE round trip: `select ... from public.record_upload(...)`, sent
-- outside any transaction, inserts the document and its first OCR job, takes the user's slot
-- lock, counts, and commits (the statement's implicit transaction) — or raises, and nothing
-- is left. Three round trips (begin; insert; lock, count, commit) each waited for two busy
-- processes to be scheduled on the upload's critical path (docs/benchmarks.md).
--
-- Why a plpgsql function and not one SQL statement: the count must see uploads of this user
-- committed while we waited for the lock. A statement has one snapshot, taken before the lock
-- is granted; in plpgsql (READ COMMITTED) each statement takes a fresh one, so two uploads
-- never both see the last free slot.
--
-- Also: a new upload no longer writes an empty search row (see the end).
--
-- Slots taken this month: documents processed (counted once, even if deleted since) plus
-- documents acknowledged and still in flight. Failed, never-processed documents free theirs.
-- One definition for the early check, the exact check here, and the duplicate path's.
create or replace function public.upload_slots_used(p_user_id uuid, p_period date)
returns bigint
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce((select documents_processed from usage
                   where user_id = p_user_id and period = p_period), 0)
       + (select count(*) from documents
          where user_id = p_user_id and usage_counted_at is null
            and status in ('uploading', 'processing'))
$$;

-- Returns the new document row, or NULL (all columns null) when the user already has a
-- processed original of these bytes: the caller then records a duplicate instead.
create or replace function public.record_upload(
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
  p_period date
) returns public.documents
language plpgsql
security invoker
set search_path = public, pg_temp
as $$
declare
  doc public.documents;
begin
  if exists (
    select 1 from documents
    where user_id = p_user_id and sha256 = p_sha256 and status = 'ocr_complete'
      and duplicate_of is null
  ) then
    return null;
  end if;
  insert into documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256,
                         status)
  values (p_id, p_user_id, p_filename, p_file_path, p_mime_type, p_size, p_sha256, 'uploading')
  returning * into doc;
  insert into document_jobs (id, document_id, kind, attempt, recoveries, lease_owner,
                             lease_token, lease_expires_at, run_after)
  values (p_job_id, p_id, 'ocr', 1, 0, p_lease_owner, p_lease_token,
          case when p_lease_owner is null then null
               else now() + make_interval(secs => p_lease_ttl_s) end,
          now());
  -- The slot last: the per-user lock is then held only for the count and the commit.
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text, 7272));
  if upload_slots_used(p_user_id, p_period) > p_limit then
    raise exception 'docstream: upload quota exceeded' using errcode = 'P0001';
  end if;
  return doc;
end
$$;

-- The backend's alone: a browser (anon, authenticated) must never record uploads by RPC.
revoke all on function public.record_upload(uuid, uuid, text, text, text, bigint, text, uuid, text,
                                            uuid, float8, integer, date) from public, anon, authenticated;
grant execute on function public.record_upload(uuid, uuid, text, text, text, bigint, text, uuid,
                                               text, uuid, float8, integer, date) to service_role;
revoke all on function public.upload_slots_used(uuid, date) from public, anon, authenticated;
grant execute on function public.upload_slots_used(uuid, date) to service_role;

-- A new upload has no title, tags, summary or text yet: its search vector would be empty and
-- match nothing, yet writing it (a row and a GIN entry) sat on the upload's critical path. The
-- search row is now written when there is something to index: the OCR text (the trigger on
-- ocr_results), metadata, or at insert only when the row already carries some (a duplicate).
-- Updates always refresh, so clearing a field removes its words.
drop trigger documents_search_refresh on public.documents;
create trigger documents_search_refresh_insert
  after insert on public.documents
  for each row
  when (new.display_name is not null or new.summary is not null or cardinality(new.tags) > 0)
  execute function public.documents_search_trigger();
create trigger documents_search_refresh
  after update of display_name, tags, summary, created_at on public.documents
  for each row execute function public.documents_search_trigger();
