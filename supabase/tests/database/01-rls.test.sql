-- Row-level security on the public schema: users are kept apart, browsers cannot write, anon
-- sees nothing, the service role sees everything.
--
-- Runs with pg_prove (scripts/test-db.sh) or `supabase test db`. Everything happens in one
-- transaction that is rolled back, so the test users and rows never stay behind. "Acting as a
-- user" is what PostgREST/Realtime do per request: switch to the `authenticated` role and set
-- `request.jwt.claims`, which `auth.uid()` reads.
begin;
select plan(36);

-- ---------------------------------------------------------------------------------------------
-- Fixtures: two users, each with a document, an OCR result and a usage row
-- ---------------------------------------------------------------------------------------------
insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');

insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256)
values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'alice.pdf',
   '11111111-1111-4111-8111-111111111111/aaaaaaaa-0000-4000-8000-000000000001/alice.pdf',
   'application/pdf', 1024, repeat('a', 64)),
  ('bbbbbbbb-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'bob.pdf',
   '22222222-2222-4222-8222-222222222222/bbbbbbbb-0000-4000-8000-000000000002/bob.pdf',
   'application/pdf', 2048, repeat('b', 64));

insert into public.ocr_results (document_id, user_id, text, page_count, model, processing_time_ms)
values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'alice text',
   1, 'test', 1),
  ('bbbbbbbb-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'bob text',
   1, 'test', 1);

insert into public.usage (user_id, period, documents_processed, pages_processed) values
  ('11111111-1111-4111-8111-111111111111', date '2026-11-01', 1, 1),
  ('22222222-2222-4222-8222-222222222222', date '2026-11-01', 1, 1);

-- ---------------------------------------------------------------------------------------------
-- Structure: RLS on every table in public, exactly the read-own policies
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in public has row-level security enabled'
);

select policies_are('public', 'documents', array['Users can read their own documents']);
select policies_are('public', 'ocr_results', array['Users can read their own OCR results']);
select policies_are('public', 'usage', array['Users can read their own usage']);
select policy_cmd_is('public', 'documents', 'Users can read their own documents', 'select',
                     'the documents policy is for select only');
select policy_cmd_is('public', 'ocr_results', 'Users can read their own OCR results', 'select',
                     'the ocr_results policy is for select only');
select policy_cmd_is('public', 'usage', 'Users can read their own usage', 'select',
                     'the usage policy is for select only');
select policy_roles_are('public', 'documents', 'Users can read their own documents',
                        array['authenticated'], 'the documents policy applies to authenticated only');

select table_privs_are('public', 'documents', 'authenticated', array[]::text[],
                       'authenticated has no table-wide privilege on documents (columns only)');
select table_privs_are('public', 'documents', 'anon', array[]::text[],
                       'anon has no privileges on documents');
select table_privs_are('public', 'ocr_results', 'anon', array[]::text[],
                       'anon has no privileges on ocr_results');
select table_privs_are('public', 'usage', 'anon', array[]::text[],
                       'anon has no privileges on usage');

-- ---------------------------------------------------------------------------------------------
-- Alice: sees only her own rows
-- ---------------------------------------------------------------------------------------------
set local role authenticated;
set local request.jwt.claims = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';

select results_eq('select id from public.documents',
                  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid) $$,
                  'alice sees only her document');
select results_eq('select document_id from public.ocr_results',
                  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid) $$,
                  'alice sees only her OCR result');
select results_eq('select user_id from public.usage',
                  $$ values ('11111111-1111-4111-8111-111111111111'::uuid) $$,
                  'alice sees only her usage');
select is_empty($$ select 1 from public.documents
                   where id = 'bbbbbbbb-0000-4000-8000-000000000002' $$,
                'alice cannot fetch bob''s document by id');

-- No client-side writes: not even to her own rows.
select throws_ok($$ update public.documents set display_name = 'x'
                    where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
                 '42501', null, 'alice cannot update her document');
select throws_ok($$ update public.documents set display_name = 'x'
                    where id = 'bbbbbbbb-0000-4000-8000-000000000002' $$,
                 '42501', null, 'alice cannot update bob''s document');
select throws_ok($$ delete from public.documents
                    where id = 'bbbbbbbb-0000-4000-8000-000000000002' $$,
                 '42501', null, 'alice cannot delete bob''s document');
select throws_ok($$ delete from public.ocr_results $$,
                 '42501', null, 'alice cannot delete OCR results');
select throws_ok($$ update public.usage set documents_processed = 0 $$,
                 '42501', null, 'alice cannot reset her usage');
select throws_ok($$ insert into public.documents (user_id, filename, file_path, mime_type,
                      file_size_bytes, sha256)
                    values ('11111111-1111-4111-8111-111111111111', 'x.pdf', 'x', 'application/pdf',
                      1, 'x') $$,
                 '42501', null, 'alice cannot insert documents');

-- Second line of defence: even if a later migration granted update/delete to `authenticated`,
-- there is no write policy, so RLS would let such statements touch nothing.
reset role;
grant update, delete on public.documents to authenticated;
set local role authenticated;
select results_eq(
  $$ with changed as (update public.documents set display_name = 'x' returning 1)
     select count(*)::int from changed $$,
  array[0], 'with an update grant, RLS still lets alice update no rows');
select results_eq(
  $$ with gone as (delete from public.documents returning 1) select count(*)::int from gone $$,
  array[0], 'with a delete grant, RLS still lets alice delete no rows');
reset role;
revoke update, delete on public.documents from authenticated;
set local role authenticated;

-- ---------------------------------------------------------------------------------------------
-- Bob: the mirror image
-- ---------------------------------------------------------------------------------------------
set local request.jwt.claims = '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';

select results_eq('select id from public.documents',
                  $$ values ('bbbbbbbb-0000-4000-8000-000000000002'::uuid) $$,
                  'bob sees only his document');
select results_eq('select document_id from public.ocr_results',
                  $$ values ('bbbbbbbb-0000-4000-8000-000000000002'::uuid) $$,
                  'bob sees only his OCR result');
select results_eq('select user_id from public.usage',
                  $$ values ('22222222-2222-4222-8222-222222222222'::uuid) $$,
                  'bob sees only his usage');

-- An authenticated token without a subject (or a stranger's) sees nothing.
set local request.jwt.claims = '{"sub": "33333333-3333-4333-8333-333333333333", "role": "authenticated"}';
select is_empty('select 1 from public.documents', 'a user without documents sees none');

-- ---------------------------------------------------------------------------------------------
-- anon: no access at all
-- ---------------------------------------------------------------------------------------------
reset role;
set local role anon;
set local request.jwt.claims = '{"role": "anon"}';

select throws_ok('select 1 from public.documents', '42501', null, 'anon cannot read documents');
select throws_ok('select 1 from public.ocr_results', '42501', null, 'anon cannot read OCR results');
select throws_ok('select 1 from public.usage', '42501', null, 'anon cannot read usage');

-- ---------------------------------------------------------------------------------------------
-- service_role: sees and writes everything (the backend's key)
-- ---------------------------------------------------------------------------------------------
reset role;
set local role service_role;
set local request.jwt.claims = '{"role": "service_role"}';

select results_eq('select count(*)::int from public.documents', array[2],
                  'service_role sees every document');
select results_eq('select count(*)::int from public.ocr_results', array[2],
                  'service_role sees every OCR result');
select results_eq('select count(*)::int from public.usage', array[2],
                  'service_role sees all usage');
select results_eq(
  $$ with changed as (update public.documents set display_name = 'renamed' returning 1)
     select count(*)::int from changed $$,
  array[2], 'service_role can update any document');

-- The backend also deletes as the service role.
select results_eq(
  $$ with gone as (delete from public.documents
                   where id = 'bbbbbbbb-0000-4000-8000-000000000002' returning 1)
     select count(*)::int from gone $$,
  array[1], 'service_role can delete any document');

reset role;
select * from finish();
rollback;
