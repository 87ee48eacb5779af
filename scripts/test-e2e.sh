#!/usr/bin/env bash
# Browser end-to-end tests: a fresh API (own PostgreSQL, fresh DATA_DIR) and the production web
# build on free ports, Playwright driving Debian's Chromium. Both servers are always stopped.
# Screenshots land in frontend/test-results/screenshots/, server logs in frontend/test-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-web.sh

export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Playwright's transform cache: with the other caches, not in the temp dir.
export PLAYWRIGHT_TRANSFORM_CACHE_DIR=$PWD/frontend/node_modules/.cache/playwright-transform
api_port=$(free_port)
web_port=$(free_port)
while [[ $web_port == "$api_port" ]]; do web_port=$(free_port); done
data_dir=$(mktemp -d -t docstream-e2e.XXXXXX)
chmod 755 "$data_dir" # the API's PostgreSQL may run as another user and must reach it
logs=frontend/test-results
mkdir -p "$logs"

api_pid="" web_pid=""
cleanup() {
  local status=$?
  [[ -n $web_pid ]] && stop_group "$web_pid" 10
  [[ -n $api_pid ]] && stop_group "$api_pid" 30
  rm -rf "$data_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd frontend && NEXT_PUBLIC_API_URL="http://127.0.0.1:$api_port" build_web_if_stale .next-e2e)

DATA_DIR=$data_dir API_PORT=$api_port setsid bash -c 'cd backend && exec uv run --frozen python -m app' \
  >"$logs/e2e-api.log" 2>&1 &
api_pid=$!
(cd frontend && NEXT_DIST_DIR=.next-e2e exec setsid node_modules/.bin/next start -p "$web_port" -H 127.0.0.1) \
  >"$logs/e2e-web.log" 2>&1 &
web_pid=$!

wait_for_url "http://127.0.0.1:$api_port/api/health" 180 "the API" "$api_pid" || { tail -40 "$logs/e2e-api.log" >&2; exit 1; }
wait_for_url "http://127.0.0.1:$web_port/login" 60 "the web app" "$web_pid" || { tail -40 "$logs/e2e-web.log" >&2; exit 1; }
echo "e2e: API on $api_port, web on $web_port, data in $data_dir"

cd frontend
WEB_URL="http://127.0.0.1:$web_port" API_URL="http://127.0.0.1:$api_port" \
  node_modules/.bin/playwright test "$@"
