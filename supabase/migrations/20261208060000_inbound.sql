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

-- What came in by itself (a watched folder's file, later a mail's attachment): the source's
-- identity and the document id chosen for it, written BEFORE the document is recorded. After
-- a crash between the document's commit and the file's move (or the mail's flag) the next
-- pass finds the record and the document, and only finishes the move: no second document.
-- Private to the backend: no browser reads or writes it.
create table public.inbound_receipts (
  channel text not null check (channel in ('folder', 'imap')),
  source_key text not null check (length(source_key) between 1 and 2000),
  user_id uuid not null references auth.users (id) on delete cascade,
  document_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (channel, source_key)
);
comment on table public.inbound_receipts is
  'Inbound sources (folder files, mail attachments) and the document id chosen for each, '
  'recorded before the document: a retried source finds its document instead of making another.';
alter table public.inbound_receipts enable row level security;
revoke all on public.inbound_receipts from anon, authenticated;

-- Where a document came from when it came by e-mail: the message's subject, sender and date,
-- shown on the document's page (the sender is offered as its correspondent). Its owner reads
-- it; only the API writes it.
create table public.document_sources (
  document_id uuid primary key references public.documents (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  channel text not null check (channel in ('folder', 'imap')),
  subject text check (length(subject) <= 1000),
  sender_name text check (length(sender_name) <= 300),
  sender_address text check (length(sender_address) <= 320),
  sent_at timestamptz,
  message_id text check (length(message_id) <= 1000),
  created_at timestamptz not null default now()
);
comment on table public.document_sources is
  'The e-mail a document came in (subject, sender, date): shown on its page.';
alter table public.document_sources enable row level security;
create policy document_sources_owner_reads on public.document_sources
  for select to authenticated using (user_id = (select auth.uid()));
revoke all on public.document_sources from anon, authenticated;
grant select (document_id, user_id, channel, subject, sender_name, sender_address, sent_at)
  on public.document_sources to authenticated;
