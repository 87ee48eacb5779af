-- Recording an upload: the quota count's index, and the one-round-trip function that only the
-- backend may call (a browser recording uploads by RPC would bypass every check of the API).
begin;
select plan(9);

select has_index('public', 'documents', 'documents_in_flight_idx', 'in-flight documents are indexed');

select function_privs_are(
  'public', 'record_upload',
  array['uuid', 'uuid', 'text', 'text', 'text', 'bigint', 'text', 'uuid', 'text', 'uuid',
        'double precision', 'integer', 'date'],
  'authenticated', array[]::text[], 'authenticated cannot record uploads');
select function_privs_are(
  'public', 'record_upload',
  array['uuid', 'uuid', 'text', 'text', 'text', 'bigint', 'text', 'uuid', 'text', 'uuid',
        'double precision', 'integer', 'date'],
  'anon', array[]::text[], 'anon cannot record uploads');
select function_privs_are(
  'public', 'record_upload',
  array['uuid', 'uuid', 'text', 'text', 'text', 'bigint', 'text', 'uuid', 'text', 'uuid',
        'double precision', 'integer', 'date'],
  'service_role', array['EXECUTE'], 'the backend (service_role) records uploads');

select function_privs_are(
  'public', 'commit_upload',
  array['uuid', 'uuid', 'text', 'text', 'text', 'bigint', 'text', 'uuid', 'text', 'uuid',
        'double precision', 'integer', 'date', 'bigint', 'documents'],
  'authenticated', array[]::text[], 'authenticated cannot commit uploads');
select function_privs_are(
  'public', 'commit_upload',
  array['uuid', 'uuid', 'text', 'text', 'text', 'bigint', 'text', 'uuid', 'text', 'uuid',
        'double precision', 'integer', 'date', 'bigint', 'documents'],
  'anon', array[]::text[], 'anon cannot commit uploads');
select function_privs_are(
  'public', 'commit_upload',
  array['uuid', 'uuid', 'text', 'text', 'text', 'bigint', 'text', 'uuid', 'text', 'uuid',
        'double precision', 'integer', 'date', 'bigint', 'documents'],
  'service_role', array['EXECUTE'], 'the backend (service_role) commits uploads');

select function_privs_are(
  'public', 'upload_slots_used', array['uuid', 'date'], 'authenticated', array[]::text[],
  'authenticated cannot count anybody''s slots');

-- A new upload writes no (empty) search row; a duplicate, which carries metadata, does.
insert into auth.users (id, email) values ('00000000-0000-0000-0000-0000000000f1', 'f1@example.com');
insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256,
                              status)
values ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000f1', 'a.pdf',
        'p', 'application/pdf', 1, 'x', 'uploading'),
       ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-0000000000f1', 'b.pdf',
        'p', 'application/pdf', 1, 'y', 'uploading');
update public.documents set display_name = 'Rental agreement'
  where id = '00000000-0000-0000-0000-0000000000d2';
select results_eq(
  $$ select document_id::text from public.document_search
     where user_id = '00000000-0000-0000-0000-0000000000f1' $$,
  array['00000000-0000-0000-0000-0000000000d2'],
  'only the document with something to index has a search row');

select * from finish();
rollback;
