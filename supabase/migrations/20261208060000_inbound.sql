-- Personal API tokens (issue 25): a script or a scanner's upload tool authenticates with a
-- long random secret instead of a session that expires in a week. Only the SHA-256 of the
-- secret is stored (a leaked table gives no working token); the secret is shown once, when it
-- is made. Revoking deletes the row, so the next request with it is refused at once.
create table public.api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  -- hex SHA-256 of the whole token (`dst_…`); what a request's token is looked up by
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  -- the token's first characters, so a person can tell two tokens apart in the list
  hint text not null check (length(hint) between 4 and 16),
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index api_tokens_user on public.api_tokens (user_id, created_at);

comment on table public.api_tokens is
  'Personal API tokens: the SHA-256 of each secret, never the secret; deleted to revoke.';

-- The owner may list their tokens from the browser (never the hash); only the API creates,
-- touches and deletes them (it checks the session, and refuses a token managing tokens).
alter table public.api_tokens enable row level security;
create policy api_tokens_owner_reads on public.api_tokens
  for select to authenticated using (user_id = (select auth.uid()));
revoke all on public.api_tokens from anon, authenticated;
grant select (id, user_id, name, hint, created_at, last_used_at)
  on public.api_tokens to authenticated;
