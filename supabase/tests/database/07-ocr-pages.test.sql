-- Pages as checkpoints: each page's text is its owner's alone; the bookkeeping (how it was
-- read, by which job, how often) is the backend's; no browser writes a page.
begin;
select plan(12);

insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');
insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256)
values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'alice.pdf',
   'alice/path.pdf', 'application/pdf', 1024, repeat('a', 64));
insert into public.ocr_pages (document_id, page_index, user_id, markdown, model, reading)
values ('aaaaaaaa-0000-4000-8000-000000000001', 0, '11111111-1111-4111-8111-111111111111',
        'Keyword harbour', 'local', 'local:eng:300'),
       ('aaaaaaaa-0000-4000-8000-000000000001', 1, '11111111-1111-4111-8111-111111111111',
        'Keyword meadow', 'local', 'local:eng:300');

select table_privs_are('public', 'ocr_pages', 'anon', array[]::text[],
                       'anon has no privilege on ocr_pages');
select column_privs_are('public', 'ocr_pages', 'markdown', 'authenticated', array['SELECT'],
                        'owners may read a page''s text, never write it');
select column_privs_are('public', 'ocr_pages', 'reading', 'authenticated', array[]::text[],
                        'how a page was read is the backend''s');
select column_privs_are('public', 'ocr_pages', 'reads', 'authenticated', array[]::text[],
                        'how often a page was read is the backend''s');
select throws_ok(
  $$ insert into public.ocr_pages (document_id, page_index, user_id, markdown, model, reading)
     values ('aaaaaaaa-0000-4000-8000-000000000001', 0, '11111111-1111-4111-8111-111111111111',
             'again', 'local', 'local:eng:300') $$,
  '23505', null, 'one row per page of a document');

set local role authenticated;
set local request.jwt.claims to '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';
select is((select count(*)::int from public.ocr_pages), 2, 'the owner reads her pages');
select throws_ok(
  $$ update public.ocr_pages set markdown = 'x' $$, '42501', null, 'the owner cannot edit a page');
set local request.jwt.claims to '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select is((select count(*)::int from public.ocr_pages), 0, 'nobody else reads them');
reset role;

-- Fan-out: several unfinished page-range OCR runs of one document, never two of one range.
insert into public.document_jobs (document_id, kind, attempt, page_start, page_stop) values
  ('aaaaaaaa-0000-4000-8000-000000000001', 'ocr', 2, 0, 60),
  ('aaaaaaaa-0000-4000-8000-000000000001', 'ocr', 3, 60, 120);
select is((select count(*)::int from public.document_jobs
           where document_id = 'aaaaaaaa-0000-4000-8000-000000000001' and state = 'queued'), 2,
          'a long document has several page-range runs at once');
select throws_ok(
  $$ insert into public.document_jobs (document_id, kind, attempt, page_start, page_stop)
     values ('aaaaaaaa-0000-4000-8000-000000000001', 'ocr', 4, 0, 60) $$,
  '23505', null, 'never two unfinished runs of one range');
select throws_ok(
  $$ insert into public.document_jobs (document_id, kind, attempt, page_start, page_stop)
     values ('aaaaaaaa-0000-4000-8000-000000000001', 'metadata', 1, 0, 60) $$,
  '23514', null, 'only OCR is split into page ranges');

delete from public.documents where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select is((select count(*)::int from public.ocr_pages), 0, 'a deleted document takes its pages');

select * from finish();
rollback;
