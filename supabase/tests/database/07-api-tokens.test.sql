-- Personal API tokens: the owner may list theirs from a browser (never the hash), nobody else
-- sees them, and no browser may create, change or delete one (only the API does, for a
-- signed-in session).
begin;
select plan(9);

insert into auth.users (id, email) values
  ('11111111-1111-4111-8111-111111111111', 'alice@example.test'),
  ('22222222-2222-4222-8222-222222222222', 'bob@example.test');
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

set local role authenticated;
set local request.jwt.claims to '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';
select is((select name from public.api_tokens), 'scanner', 'the owner lists their token');
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

select * from finish();
rollback;
