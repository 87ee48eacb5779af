-- Supabase Storage: the private `documents` bucket and the read-own-folder policy.
--
-- Files live at `<user_id>/<document_id>/<name>`. The backend works with the service-role key;
-- a signed-in user may read (download, sign) only objects under their own folder, anon nothing,
-- and nobody may write from a browser. Rolled back at the end like every test file.
begin;
select plan(20);

-- ---------------------------------------------------------------------------------------------
-- The bucket
-- ---------------------------------------------------------------------------------------------
select ok(exists (select from storage.buckets where id = 'documents'),
          'the documents bucket exists');
select is((select public from storage.buckets where id = 'documents'), false,
          'the documents bucket is private');
select is((select file_size_limit::bigint from storage.buckets where id = 'documents'),
          52428800::bigint, 'the bucket limits objects to 50 MiB');
select is(
  (select array(select unnest(allowed_mime_types) order by 1)
   from storage.buckets where id = 'documents'),
  array['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'image/webp'],
  'the bucket accepts exactly the upload types (pdf, png, jpeg, webp, tiff)'
);

-- ---------------------------------------------------------------------------------------------
-- The policies
-- ---------------------------------------------------------------------------------------------
select ok((select relrowsecurity from pg_class where oid = 'storage.objects'::regclass),
          'storage.objects has row-level security enabled');
select is(
  (select array_agg(cmd::text order by cmd) from pg_policies
   where schemaname = 'storage' and tablename = 'objects'
     and (qual like '%documents%' or with_check like '%documents%')),
  array['SELECT'],
  'the only policy on documents objects is a select policy (no client-side writes)'
);
select policy_roles_are('storage', 'objects', 'Users can read their own document files',
                        array['authenticated'], 'the read policy is for authenticated users');

-- ---------------------------------------------------------------------------------------------
-- Fixtures: two users with one file each, plus a file in some other bucket
-- ---------------------------------------------------------------------------------------------
insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');

insert into storage.buckets (id, name, public) values ('other', 'other', false)
  on conflict (id) do nothing;

insert into storage.objects (bucket_id, name) values
  ('documents', '11111111-1111-4111-8111-111111111111/aaaaaaaa-0000-4000-8000-000000000001/a.pdf'),
  ('documents', '22222222-2222-4222-8222-222222222222/bbbbbbbb-0000-4000-8000-000000000002/b.pdf'),
  -- A path that merely contains alice's id further down must not count as hers.
  ('documents', 'shared/11111111-1111-4111-8111-111111111111/c.pdf'),
  ('other', '11111111-1111-4111-8111-111111111111/elsewhere.pdf');

-- ---------------------------------------------------------------------------------------------
-- Alice reads her own folder only
-- ---------------------------------------------------------------------------------------------
set local role authenticated;
set local request.jwt.claims = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';

select results_eq(
  $$ select name from storage.objects order by name $$,
  $$ values ('11111111-1111-4111-8111-111111111111/aaaaaaaa-0000-4000-8000-000000000001/a.pdf') $$,
  'alice sees only the objects under her folder in the documents bucket'
);
select is_empty(
  $$ select 1 from storage.objects
     where name like '22222222-2222-4222-8222-222222222222/%' $$,
  'alice cannot see bob''s files'
);

-- Writes: no policy, so inserts are refused and updates/deletes touch nothing.
select throws_ok(
  $$ insert into storage.objects (bucket_id, name)
     values ('documents', '11111111-1111-4111-8111-111111111111/x/new.pdf') $$,
  '42501', null, 'alice cannot upload into her own folder from the browser'
);
select results_eq(
  $$ with changed as (update storage.objects set metadata = '{"x": 1}' returning 1)
     select count(*)::int from changed $$,
  array[0], 'alice cannot update any object, not even her own'
);
select results_eq(
  $$ with gone as (delete from storage.objects returning 1) select count(*)::int from gone $$,
  array[0], 'alice cannot delete any object, not even her own'
);

-- ---------------------------------------------------------------------------------------------
-- Bob: the mirror image
-- ---------------------------------------------------------------------------------------------
set local request.jwt.claims = '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select results_eq(
  $$ select name from storage.objects order by name $$,
  $$ values ('22222222-2222-4222-8222-222222222222/bbbbbbbb-0000-4000-8000-000000000002/b.pdf') $$,
  'bob sees only his own file'
);
select results_eq(
  $$ with gone as (delete from storage.objects
                   where name like '11111111-1111-4111-8111-111111111111/%' returning 1)
     select count(*)::int from gone $$,
  array[0], 'bob cannot delete alice''s file'
);

-- ---------------------------------------------------------------------------------------------
-- anon sees nothing and writes nothing
-- ---------------------------------------------------------------------------------------------
reset role;
set local role anon;
set local request.jwt.claims = '{"role": "anon"}';
select is_empty('select 1 from storage.objects', 'anon sees no objects');
select throws_ok(
  $$ insert into storage.objects (bucket_id, name) values ('documents', 'anon/x.pdf') $$,
  '42501', null, 'anon cannot upload'
);

-- ---------------------------------------------------------------------------------------------
-- service_role (the backend) sees and manages everything
-- ---------------------------------------------------------------------------------------------
reset role;
set local role service_role;
set local request.jwt.claims = '{"role": "service_role"}';
select results_eq(
  $$ select count(*)::int from storage.objects where bucket_id = 'documents' $$,
  array[3], 'service_role sees every object in the bucket'
);
select lives_ok(
  $$ insert into storage.objects (bucket_id, name)
     values ('documents', '22222222-2222-4222-8222-222222222222/c/new.pdf') $$,
  'service_role can upload'
);
select results_eq(
  $$ with gone as (delete from storage.objects
                   where name = '22222222-2222-4222-8222-222222222222/c/new.pdf' returning 1)
     select count(*)::int from gone $$,
  array[1], 'service_role can delete'
);

-- Nothing above left a trace outside this transaction (checked as the owner again).
reset role;
select is((select count(*)::int from storage.objects
           where name = '11111111-1111-4111-8111-111111111111/aaaaaaaa-0000-4000-8000-000000000001/a.pdf'),
          1, 'alice''s file survived every attempted client-side delete');

select * from finish();
rollback;
