-- The Realtime contract the web app relies on: `postgres_changes` on public.documents, filtered
-- by `user_id=eq.<uid>`, delivered under RLS.
--
-- Realtime reads the WAL through the `supabase_realtime` publication; `replica identity full`
-- puts whole old rows in the WAL so updates and deletes can be filtered by user_id and checked
-- against RLS; the subscriber needs `select` on the table; the index keeps the RLS check cheap.
begin;
select plan(9);

select ok(
  exists (select from pg_publication where pubname = 'supabase_realtime'),
  'the supabase_realtime publication exists'
);
select ok(
  exists (select from pg_publication_tables
          where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'documents'),
  'public.documents is in the supabase_realtime publication'
);
select ok(
  (select pubinsert and pubupdate and pubdelete from pg_publication
   where pubname = 'supabase_realtime'),
  'the publication carries inserts, updates and deletes'
);
select is(
  (select relreplident::text from pg_class where oid = 'public.documents'::regclass),
  'f',
  'public.documents has replica identity full'
);
select ok(
  not exists (select from pg_publication_tables
              where pubname = 'supabase_realtime' and schemaname = 'public'
                and tablename in ('ocr_results', 'usage', 'document_jobs', 'document_events')),
  'OCR text, usage, jobs and the timeline are not broadcast'
);
select column_privs_are('public', 'documents', 'status', 'authenticated', array['SELECT'],
                        'Realtime subscribers (authenticated) can select the public columns');
select ok(
  exists (
    select from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where i.indrelid = 'public.documents'::regclass and a.attname = 'user_id'
  ),
  'an index leads with documents.user_id (Realtime filter and RLS check)'
);
select policy_roles_are('public', 'documents', 'Users can read their own documents',
                        array['authenticated'], 'Realtime checks the read-own policy');
select is(
  (select count(*)::int from pg_trigger
   where tgrelid = 'public.documents'::regclass and tgname = 'documents_notify'),
  1,
  'the local-mode NOTIFY trigger exists too (same change feed without Realtime)'
);

select * from finish();
rollback;
