-- Jobs are private to the backend, browsers read only the public columns, a heartbeat never
-- touches a document, and every status change lands in its owner's timeline.
--
-- Same conventions as 01-rls: one rolled-back transaction, acting as a user the way
-- PostgREST/Realtime do (role `authenticated` plus `request.jwt.claims`).
begin;
select plan(25);

insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');
insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256)
values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'alice.pdf',
   'alice/path.pdf', 'application/pdf', 1024, repeat('a', 64)),
  ('bbbbbbbb-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'bob.pdf',
   'bob/path.pdf', 'application/pdf', 2048, repeat('b', 64));
insert into public.document_jobs (document_id, kind, lease_owner, lease_token, lease_expires_at)
values ('aaaaaaaa-0000-4000-8000-000000000001', 'ocr', 'host:1:abc', gen_random_uuid(),
        now() + interval '1 minute');

-- ---------------------------------------------------------------------------------------------
-- Structure
-- ---------------------------------------------------------------------------------------------
select table_privs_are('public', 'document_jobs', 'authenticated', array[]::text[],
                       'authenticated has no privilege on document_jobs');
select table_privs_are('public', 'document_jobs', 'anon', array[]::text[],
                       'anon has no privilege on document_jobs');
select hasnt_column('public', 'documents', 'lease_owner', 'documents has no lease columns');
select hasnt_column('public', 'documents', 'lease_token', 'documents has no lease token');
select hasnt_column('public', 'documents', 'heartbeat_at', 'documents has no heartbeat');
select set_eq(
  $$ select column_name::text from information_schema.column_privileges
     where table_schema = 'public' and table_name = 'documents'
       and grantee = 'authenticated' and privilege_type = 'SELECT' $$,
  $$ select unnest(public.document_public_columns()) $$,
  'authenticated may select exactly the public columns of documents (the NOTIFY list)');
select column_privs_are('public', 'ocr_results', 'usage_info', 'authenticated', array[]::text[],
                        'the OCR engine''s usage bookkeeping is not readable by browsers');
select column_privs_are('public', 'ocr_results', 'text', 'authenticated', array['SELECT'],
                        'the OCR text is readable by its owner');

-- ---------------------------------------------------------------------------------------------
-- A heartbeat changes no documents row (no NOTIFY, no Realtime event)
-- ---------------------------------------------------------------------------------------------
create temporary table before_heartbeat on commit drop as
  select xmin::text as row_version, updated_at from public.documents
  where id = 'aaaaaaaa-0000-4000-8000-000000000001';
update public.document_jobs set lease_expires_at = now() + interval '2 minutes', heartbeat_at = now()
  where document_id = 'aaaaaaaa-0000-4000-8000-000000000001';
select results_eq(
  $$ select xmin::text, updated_at from public.documents
     where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  $$ select row_version, updated_at from before_heartbeat $$,
  'a heartbeat leaves the document row untouched (same xmin)');

-- ---------------------------------------------------------------------------------------------
-- The timeline: written by trigger on every status change
-- ---------------------------------------------------------------------------------------------
update public.documents set status = 'processing' where id = 'aaaaaaaa-0000-4000-8000-000000000001';
update public.documents set status = 'failed', error_code = 'corrupt_file',
                            error_message = 'This PDF is damaged.'
  where id = 'aaaaaaaa-0000-4000-8000-000000000001';
update public.documents set display_name = 'no status change'
  where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select results_eq(
  $$ select event, error_code, message from public.document_events
     where document_id = 'aaaaaaaa-0000-4000-8000-000000000001' order by id $$,
  $$ values ('uploading', null::text, null::text), ('processing', null, null),
            ('failed', 'corrupt_file', 'This PDF is damaged.') $$,
  'each status change is one timeline event; other updates add none');

-- ---------------------------------------------------------------------------------------------
-- As alice
-- ---------------------------------------------------------------------------------------------
set local role authenticated;
set local request.jwt.claims = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';

select throws_ok('select 1 from public.document_jobs', '42501', null,
                 'alice cannot read document_jobs (lease owner, token)');
select throws_ok('select file_path from public.documents', '42501', null,
                 'alice cannot read file_path');
select throws_ok('select sha256 from public.documents', '42501', null, 'alice cannot read sha256');
select throws_ok('select usage_counted_at from public.documents', '42501', null,
                 'alice cannot read the usage bookkeeping');
select throws_ok('select ocr_language from public.documents', '42501', null,
                 'alice cannot read the language chosen for reading (she sees `language`)');
select throws_ok('select * from public.documents', '42501', null,
                 'select * is refused: it would include internal columns');
select lives_ok(
  $$ select id, user_id, filename, mime_type, file_size_bytes, status, page_count, pages_done,
            display_name, tags, summary, metadata_status, metadata_error, error_code,
            error_message, retry_count, created_at, updated_at from public.documents $$,
  'alice can read every public column');
select throws_ok('select layout from public.ocr_results', '42501', null,
                 'alice cannot read the OCR layout bookkeeping');
select results_eq(
  $$ select count(*)::int from public.document_events $$, array[3],
  'alice reads her own timeline');
select throws_ok(
  $$ insert into public.document_events (document_id, user_id, event, attempt)
     values ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111',
             'ocr_complete', 1) $$,
  '42501', null, 'alice cannot write her timeline');

set local request.jwt.claims = '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select results_eq(
  $$ select event from public.document_events $$, $$ values ('uploading') $$,
  'bob sees only his own timeline');

reset role;
set local role anon;
set local request.jwt.claims = '{"role": "anon"}';
select throws_ok('select 1 from public.document_events', '42501', null,
                 'anon cannot read timelines');
select throws_ok('select 1 from public.document_jobs', '42501', null, 'anon cannot read jobs');

reset role;
select policies_are('public', 'document_events', array['Users can read their own document events']);
select is_empty(
  $$ select 1 from pg_policies where tablename = 'document_jobs' $$,
  'document_jobs has no policy at all: with RLS on, only the backend (owner) reads it');

select * from finish();
rollback;
