-- The upload's quota count ("documents acknowledged and still in flight", see
-- backend/app/store/documents.py QUOTA_USED) runs under the per-user slot lock on every upload.
-- Through documents_user_created_idx it visited every document the user has; with a backlog of
-- hundreds in flight (docs/benchmarks.md, upload acknowledgement) that was most of the lock's
-- hold time. This index holds only the in-flight rows, so the count is an index-only scan of
-- exactly the rows it counts.
create index documents_in_flight_idx on public.documents (user_id)
  where usage_counted_at is null and status in ('uploading', 'processing');
