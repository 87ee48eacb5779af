-- Docstream file storage: the private `documents` bucket and who may read from it.
--
-- Objects are stored as `<user_id>/<document_id>/<safe file name>`. The backend uploads,
-- signs and deletes with the service-role key (which bypasses RLS), so browsers get no write
-- policy at all; a signed-in user may read only objects under their own `<user_id>/` folder.
-- On a hosted project `storage.buckets`/`storage.objects` already exist with RLS enabled;
-- locally the Supabase-compatibility bootstrap creates the same shape.

-- =============================================================================================
-- The bucket: private, 50 MiB per object, only the file types the upload endpoint accepts
-- =============================================================================================
-- An upsert rather than a plain insert: a team may have created the bucket in the dashboard
-- before running `supabase db push`; the migration then brings it to the settings we rely on
-- (above all `public = false`).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'documents',
  'documents',
  false,
  52428800, -- 50 MiB, the same as MAX_UPLOAD_MB and [storage] file_size_limit in config.toml
  array['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/tiff']
)
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- =============================================================================================
-- storage.objects policies: read your own folder; no client-side writes
-- =============================================================================================
-- RLS is already enabled on storage.objects by Supabase (and by the bootstrap); it is not ours
-- to alter (the table belongs to supabase_storage_admin). Without insert/update/delete policies
-- for `authenticated` and `anon`, every client-side write is refused. `(select auth.uid())` is
-- evaluated once per statement instead of once per row.
drop policy if exists "Users can read their own document files" on storage.objects;
create policy "Users can read their own document files" on storage.objects
  for select to authenticated
  using (
    bucket_id = 'documents'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );
