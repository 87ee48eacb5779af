-- Personal API tokens: the owner may list theirs from a browser (never the hash), nobody else
-- sees them, and no browser may create, change or delete one (only the API does, for a
-- signed-in session).
begin;
select plan(14);

insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');
insert into public.documents (id, user_id, filename, file_path, mime_type, file_size_bytes, sha256)
values ('dddddddd-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111',
        'bill.pdf', 'alice/bill.pdf', 'application/pdf', 1024, repeat('d', 64));
insert into public.document_sources (document_id, user_id, channel, subject, sender_name,
                                     sender_address, sent_at, message_id)
values ('dddddddd-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'imap',
        'Your bill', 'City Power', 'billing@power.example', now(), '<m1@power.example>');
insert into public.inbound_receipts (channel, source_key, user_id, document_id)
values ('imap', '<m1@power.example>#0', '11111111-1111-4111-8111-111111111111',
        'dddddddd-0000-4000-8000-000000000001');
insert into public.api_tokens (id, user_id, name, token_hash, hint) values
  ('aaaaaaaa-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'scanner',
   repeat('a', 64), 'dst_abcd');

select ok((select relrowsecurity from pg_class where oid = 'public.api_tokens'::regclass),
          'row level security is on');
select column_privs_are('public', 'api_tokens', 'token_hash', 'authenticated', array[]::text[],
                        'browsers never read a token''s hash');
select column_privs_are('public', 'api_tokens', 'name', 'authenticated', array['SELECT'],
                        'browsers may read a token''s name, never write it');
select throws_ok(
  $$ insert into public.api_tokens (user_id, name, token_hash, hint)
     values ('11111111-1111-4111-8111-111111111111', ' ', repeat('b', 64), 'dst_b') $$,
  '23514', null, 'a token has a name');

select ok((select relrowsecurity from pg_class where oid = 'public.inbound_receipts'::regclass)
          and (select relrowsecurity from pg_class where oid = 'public.document_sources'::regclass),
          'row level security is on for receipts and sources');

set local role authenticated;
set local request.jwt.claims to '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';
select is((select name from public.api_tokens), 'scanner', 'the owner lists their token');
select is((select sender_name from public.document_sources), 'City Power',
          'the owner reads the e-mail their document came in');
select throws_ok($$ select message_id from public.document_sources $$, '42501', null,
                 'but not the message id (bookkeeping)');
select throws_ok($$ select * from public.inbound_receipts $$, '42501', null,
                 'receipts are the backend''s alone');
select throws_ok($$ select token_hash from public.api_tokens $$, '42501', null,
                 'the owner cannot read the hash either');
select throws_ok(
  $$ insert into public.api_tokens (user_id, name, token_hash, hint)
     values ('11111111-1111-4111-8111-111111111111', 'mine', repeat('c', 64), 'dst_c') $$,
  '42501', null, 'a browser cannot make a token');
select throws_ok($$ delete from public.api_tokens $$, '42501', null,
                 'a browser cannot delete a token (the API revokes)');
set local request.jwt.claims to '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select is((select count(*) from public.api_tokens)::int, 0, 'another user sees no one''s tokens');
select is((select count(*) from public.document_sources)::int, 0,
          'another user sees no one''s e-mail');

select * from finish();
rollback;
