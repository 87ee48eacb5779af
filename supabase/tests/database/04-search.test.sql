-- Search, duplicates and edited fields: the index is maintained in the writing transaction,
-- it is private to the backend (no browser role may read another user's, or even its own,
-- search vectors), and the two new public columns are readable by their owner only.
begin;
select plan(25);

insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');

insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256,
                              display_name, tags, summary)
values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'alice.pdf',
   'a/alice.pdf', 'application/pdf', 1024, repeat('a', 64), 'Harbour permit', '{boats}',
   'A permit.'),
  ('bbbbbbbb-0000-4000-8000-000000000002', '22222222-2222-4222-8222-222222222222', 'bob.pdf',
   'b/bob.pdf', 'application/pdf', 2048, repeat('b', 64), 'Bob''s notes', '{}', null);
insert into public.ocr_results (document_id, user_id, text, page_count, model, processing_time_ms)
values ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111',
        'Replace the gasket at the Café every spring.', 1, 'test', 1);

-- Structure ------------------------------------------------------------------------------------
select has_table('public', 'document_search', 'document_search exists');
select has_index('public', 'document_search', 'document_search_user_vector_idx',
                 array['user_id', 'vector'], 'a GIN index over (user_id, vector): one user''s matches');
select is((select attstorage from pg_attribute
           where attrelid = 'public.document_search'::regclass and attname = 'rank_vector'),
          'm'::"char", 'rank_vector stays in the row (storage main): ranking reads no TOAST');
select policies_are('public', 'document_search', array[]::text[], 'document_search has no policy');
select table_privs_are('public', 'document_search', 'authenticated', array[]::text[],
                       'authenticated has no privileges on document_search');
select table_privs_are('public', 'document_search', 'anon', array[]::text[],
                       'anon has no privileges on document_search');
select col_type_is('public', 'documents', 'duplicate_of', 'uuid', 'duplicate_of is a uuid');
select col_type_is('public', 'documents', 'edited_fields', 'text[]', 'edited_fields is text[]');
select ok(public.document_public_columns() @> array['duplicate_of', 'edited_fields'],
          'the NOTIFY payload carries duplicate_of and edited_fields');
select ok(has_column_privilege('authenticated', 'public.documents', 'edited_fields', 'select')
          and has_column_privilege('authenticated', 'public.documents', 'duplicate_of', 'select'),
          'authenticated may select the new public columns');

-- The index follows the writes ---------------------------------------------------------------
select ok((select vector @@ websearch_to_tsquery('public.docstream', 'gasket')
           from public.document_search where document_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          'OCR text is indexed by the insert of the OCR result');
select ok((select vector @@ websearch_to_tsquery('public.docstream', 'cafe harbour boats')
           from public.document_search where document_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          'title, tags and text are indexed, accents folded');
select is((select s.created_at = d.created_at
           from public.document_search s join public.documents d on d.id = s.document_id
           where d.id = 'aaaaaaaa-0000-4000-8000-000000000001'), true,
          'the index carries the document''s created_at (the ranking''s tiebreak)');
update public.documents set display_name = 'Mooring licence'
  where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select ok((select vector @@ websearch_to_tsquery('public.docstream', 'mooring')
                  and not vector @@ websearch_to_tsquery('public.docstream', 'harbour')
           from public.document_search where document_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          'an edited title replaces the old one in the index');
select is((select vector from public.document_search
           where document_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          setweight(to_tsvector('public.docstream', 'Mooring licence'), 'A')
            || setweight(to_tsvector('public.docstream', 'boats'), 'B')
            || setweight(to_tsvector('public.docstream', 'A permit.'), 'C')
            || setweight(to_tsvector('public.docstream',
                                     'Replace the gasket at the Café every spring.'), 'D'),
          'after a metadata change the vector is a full rebuild''s, text kept without parsing it again');
update public.ocr_results set text = 'Oil the hinges twice a year.'
  where document_id = 'aaaaaaaa-0000-4000-8000-000000000001';
select ok((select vector @@ websearch_to_tsquery('public.docstream', 'hinges mooring')
                  and not vector @@ websearch_to_tsquery('public.docstream', 'gasket')
           from public.document_search where document_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          'new OCR text is parsed again and replaces the old text in the index');
update public.documents set tags = '{ropes}' where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select ok((select vector @@ websearch_to_tsquery('public.docstream', 'hinges ropes')
                  and not vector @@ websearch_to_tsquery('public.docstream', 'gasket boats')
           from public.document_search where document_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          'a later metadata change keeps the new text, not the old');
select is((select setweight(to_tsvector('public.docstream', 'x'), 'A') <> ''::tsvector), true,
          'the docstream configuration exists');
select throws_ok($$ update public.documents set edited_fields = '{status}'
                   where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
                 '23514', null, 'only metadata fields can be marked edited');

-- Duplicates point at the original; deleting the original leaves the copy standing ------------
insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256,
                              duplicate_of)
values ('aaaaaaaa-0000-4000-8000-000000000003', '11111111-1111-4111-8111-111111111111', 'again.pdf',
        'a/again.pdf', 'application/pdf', 1024, repeat('a', 64),
        'aaaaaaaa-0000-4000-8000-000000000001');

-- Browsers -------------------------------------------------------------------------------------
set local role authenticated;
set local request.jwt.claims = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';
select throws_ok('select 1 from public.document_search', '42501', null,
                 'alice cannot read search vectors (not even her own)');
select results_eq($$ select duplicate_of, edited_fields from public.documents
                     where id = 'aaaaaaaa-0000-4000-8000-000000000003' $$,
                  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid, '{}'::text[]) $$,
                  'alice reads her duplicate flag');
set local request.jwt.claims = '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select is_empty($$ select 1 from public.documents where duplicate_of is not null $$,
                'bob never sees alice''s duplicates');
reset role;
set local role anon;
select throws_ok('select 1 from public.document_search', '42501', null,
                 'anon cannot read search vectors');
reset role;

delete from public.documents where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select is((select duplicate_of from public.documents
           where id = 'aaaaaaaa-0000-4000-8000-000000000003'), null::uuid,
          'deleting the original keeps the duplicate, unflagged');
select is_empty($$ select 1 from public.document_search
                   where document_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
                'a deleted document leaves nothing in the index');

select * from finish();
rollback;
