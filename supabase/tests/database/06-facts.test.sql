-- A document's language and facts: public columns its owner reads (and no one else), checked
-- shapes, and an empty object until the metadata step fills them.
begin;
select plan(8);

insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');
insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256)
values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'alice.pdf',
   'alice/path.pdf', 'application/pdf', 1024, repeat('a', 64));

select is((select facts from public.documents where id = 'aaaaaaaa-0000-4000-8000-000000000001'),
          '{}'::jsonb, 'a new document has no facts yet');
select ok('language' = any(public.document_public_columns())
          and 'facts' = any(public.document_public_columns()),
          'language and facts are public columns (the NOTIFY payload carries them)');
select column_privs_are('public', 'documents', 'facts', 'authenticated', array['SELECT'],
                        'browsers may read the facts, never write them');
select column_privs_are('public', 'documents', 'language', 'authenticated', array['SELECT'],
                        'browsers may read the language, never write it');
select throws_ok(
  $$ update public.documents set language = 'German' where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '23514', null, 'a language is an ISO 639-1 code');
select throws_ok(
  $$ update public.documents set facts = '[]' where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '23514', null, 'facts are an object keyed by name');

update public.documents
   set language = 'de',
       facts = '{"total": {"value": {"amount": "58.31", "currency": "EUR"}, "page": 1,
                 "quote": "Gesamtbetrag 58,31 €", "confidence": 0.9, "source": "local"}}'
 where id = 'aaaaaaaa-0000-4000-8000-000000000001';

set local role authenticated;
set local request.jwt.claims to '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';
select is((select facts -> 'total' ->> 'quote' from public.documents),
          'Gesamtbetrag 58,31 €', 'the owner reads a fact with its quote');
set local request.jwt.claims to '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select is((select count(*) from public.documents)::int, 0, 'another user reads no one''s facts');

select * from finish();
rollback;
