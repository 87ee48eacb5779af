-- The user's slot lock is no longer held while the disk syncs the upload's commit.
--
-- `public.record_upload` takes a per-user lock before it counts the slots; a transaction lock
-- lasts until the commit has been flushed to disk. So one user's uploads committed one after
-- another, each waiting for the previous one's WAL flush (a few ms, tens when the disk is
-- busy), where other commits share one flush (group commit). Under a burst of one user's
-- uploads this was the difference to a server without a quota (docs/benchmarks.md).
--
-- `call public.commit_upload(...)`, sent outside any transaction, does the same work in two
-- transactions within one round trip:
--   1. record_upload (document, OCR job, lock, count), committed without waiting for the
--      flush (synchronous_commit off for this transaction only): the lock is released as soon
--      as the commit is in the WAL, and the next upload's count sees this one;
--   2. a transaction that writes one small WAL record (a transactional logical message; no
--      table, no lock) and commits normally: its commit flushes the WAL up to itself, and so
--      the upload's commit before it. (A transaction that writes nothing, even one that took a
--      transaction id, commits without a flush.)
-- When the call returns, the upload is durable, as before. If the server crashes in between,
-- the call fails, the upload is not acknowledged, and whatever commits came after it in the
-- WAL (the next upload's count included) is lost with it: never a slot counted twice.
--
-- A procedure, because only a procedure can commit part-way. It has no SET clause (a procedure
-- with one cannot commit), so every name in it is schema-qualified.
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
  perform pg_catalog.set_config('synchronous_commit', 'off', true);
  commit;
  perform pg_catalog.pg_logical_emit_message(true, 'docstream', 'upload committed');
end
$$;

revoke all on procedure public.commit_upload(uuid, uuid, text, text, text, bigint, text, uuid,
                                             text, uuid, float8, integer, date, public.documents)
  from public, anon, authenticated;
grant execute on procedure public.commit_upload(uuid, uuid, text, text, text, bigint, text, uuid,
                                                text, uuid, float8, integer, date,
                                                public.documents)
  to service_role;
