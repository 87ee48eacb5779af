-- Seed data for the local Supabase stack (`supabase db reset` runs this after the migrations).
--
-- Intentionally empty: every row in Docstream belongs to a signed-in user and is written by the
-- backend, so there is nothing meaningful to pre-load. Create a user by signing up in the web
-- app (local Auth needs no email confirmation, see config.toml) or in Studio
-- (http://127.0.0.1:54323 → Authentication → Add user).
--
-- Never put anything destructive here: `supabase db push --include-seed` would run it against a
-- hosted project too. scripts/test-db.sh applies this file to prove it stays harmless.
select 1 as seed_ok;
