#!/usr/bin/env bash
# Database tests: the Supabase schema on a throwaway PostgreSQL, proven with pgTAP.
#
#   1. start a private cluster in a temp dir (backend's LocalPostgres; stopped on any exit)
#   2. apply the Supabase-compatibility bootstrap + supabase/migrations (backend's apply_schema),
#      then apply again: the second run must find nothing pending (idempotent bookkeeping)
#   3. pg_prove over supabase/tests/database/*.test.sql
#   4. regenerate the TypeScript types with the pinned Supabase CLI and fail when
#      frontend/lib/database.types.ts is stale
#
#   scripts/test-db.sh                 run everything
#   scripts/test-db.sh --update-types  same, but rewrite frontend/lib/database.types.ts
#
# Needs: PostgreSQL 15+, postgresql-15-pgtap, pg_prove (libtap-parser-sourcehandler-pgtap-perl),
# uv, npm — `scripts/setup.sh test` installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

update_types=0
for arg in "$@"; do
  case $arg in
    --update-types) update_types=1 ;;
    *) echo "usage: $0 [--update-types]" >&2; exit 2 ;;
  esac
done

types_file=frontend/lib/database.types.ts
cli=supabase/node_modules/.bin/supabase

command -v pg_prove >/dev/null || {
  echo "test-db: pg_prove not found; run scripts/setup.sh test (apt: libtap-parser-sourcehandler-pgtap-perl)" >&2
  exit 1
}
ls /usr/share/postgresql/*/extension/pgtap.control >/dev/null 2>&1 || {
  echo "test-db: pgTAP not found; run scripts/setup.sh test (apt: postgresql-15-pgtap)" >&2
  exit 1
}

# The Supabase CLI (npm `supabase`, pinned in supabase/package-lock.json). Its Linux/macOS
# binary arrives as an npm optional dependency (@supabase/cli-<os>-<arch>): no other download.
if [[ ! -x $cli ]] || [[ supabase/package-lock.json -nt supabase/node_modules/.package-lock.json ]]; then
  echo "test-db: installing the Supabase CLI (npm ci --prefix supabase)"
  npm ci --prefix supabase --no-audit --no-fund --loglevel=error
fi

# --- a throwaway cluster -------------------------------------------------------------------
# As root the cluster runs as the `postgres` user, which must be able to enter the temp dir.
tmp=$(mktemp -d)
chmod 0755 "$tmp"
db_helper() { (cd "$root/backend" && uv run --frozen python ../scripts/db_cluster.py "$@"); }
cleanup() {
  local rc=$?
  db_helper stop "$tmp" >/dev/null 2>&1 || true
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT INT TERM

dsn=$(db_helper start "$tmp")
export PGSSLMODE=disable  # loopback only; also keeps the CLI from printing a TLS warning into the types

echo "test-db: applying bootstrap + migrations"
db_helper migrate "$dsn" | sed 's/^/  applied /'
again=$(db_helper migrate "$dsn")
if [[ -n $again ]]; then
  echo "test-db: FAIL: a second run applied migrations again: $again" >&2
  exit 1
fi
echo "test-db: second run applied nothing (bookkeeping in supabase_migrations.schema_migrations)"

# The seed must apply cleanly on top of the migrations (and stay harmless: see seed.sql).
# The Supabase CLI itself (`supabase migration up`, as on a hosted project) applies the same
# migrations to a second Supabase-shaped database, and records them where our runner looks.
psql "$dsn" -qX -c 'create database cli_check' >/dev/null
cli_dsn="${dsn%/postgres}/cli_check"
psql "$cli_dsn" -qX -v ON_ERROR_STOP=1 -o /dev/null -f backend/app/store/supabase_compat.sql 2>/dev/null
"$cli" migration up --remote="$cli_dsn" --yes 2>&1 | sed 's/^/  supabase: /'
recorded=$(psql "$cli_dsn" -qXAt -c 'select count(*) from supabase_migrations.schema_migrations')
expected=$(ls supabase/migrations/*.sql | wc -l)
if [[ $recorded != "$expected" ]] || [[ -n $(db_helper migrate "$cli_dsn") ]]; then
  echo "test-db: FAIL: supabase migration up recorded $recorded of $expected migrations" >&2
  exit 1
fi
echo "test-db: supabase migration up applied all $expected migrations; our runner agrees"

psql "$dsn" -qX -v ON_ERROR_STOP=1 -o /dev/null -f supabase/seed.sql

# --- pgTAP ---------------------------------------------------------------------------------
# Like Supabase: the extension lives in `extensions`, which is on the search path.
psql "$dsn" -qX -v ON_ERROR_STOP=1 -c 'create extension if not exists pgtap with schema extensions'
PGOPTIONS='-c search_path=public,extensions' pg_prove --dbname "$dsn" supabase/tests/database/*.test.sql

# --- generated TypeScript types (and config.toml, which the CLI validates on every run) ------
# --workdir is a scratch copy of supabase/config.toml, so the CLI keeps its cache (.temp/) out
# of the repository while still reading (and checking) our config.
generated="$tmp/database.types.ts"
mkdir -p "$tmp/cli/supabase"
cp supabase/config.toml "$tmp/cli/supabase/config.toml"
SUPABASE_NO_UPDATE_NOTIFIER=1 SUPABASE_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 \
  "$cli" gen types typescript --remote="$dsn" --schema public --workdir "$tmp/cli" \
  >"$generated" 2>"$tmp/gen-types.log" || {
  cat "$tmp/gen-types.log" >&2
  echo "test-db: FAIL: supabase gen types failed (see above; config.toml is read here too)" >&2
  exit 1
}
if grep -E '^WARN' "$tmp/gen-types.log" >&2; then
  echo "test-db: FAIL: the Supabase CLI warns about supabase/config.toml (see above)" >&2
  exit 1
fi
if ((update_types)); then
  mkdir -p "$(dirname "$types_file")"
  cp "$generated" "$types_file"
  echo "test-db: wrote $types_file"
elif ! diff -u "$types_file" "$generated" >"$tmp/types.diff" 2>&1; then
  head -n 40 "$tmp/types.diff" >&2
  echo "test-db: FAIL: $types_file does not match the migrations." >&2
  echo "         Regenerate it with: scripts/test-db.sh --update-types" >&2
  exit 1
else
  echo "test-db: $types_file is current"
fi
