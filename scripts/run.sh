#!/usr/bin/env bash
# `make run`: the API (with its own PostgreSQL under DATA_DIR) in the background, the web app in
# the foreground. Ctrl-C (or the web app exiting) stops the API too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-web.sh

export API_PORT=${API_PORT:-8000} WEB_PORT=${WEB_PORT:-3000} DATA_DIR=${DATA_DIR:-$PWD/.data}
export NEXT_TELEMETRY_DISABLED=1
mkdir -p "$DATA_DIR"

# Own process group, so stopping it also stops uv's child and the API's PostgreSQL.
setsid bash -c 'cd backend && exec uv run --frozen python -m app' &
api_pid=$!
trap 'echo; echo "run: stopping the API"; stop_group "$api_pid" 30' EXIT
trap 'exit 130' INT TERM

echo "run: starting the API on http://localhost:$API_PORT (data in $DATA_DIR)"
wait_for_url "http://127.0.0.1:$API_PORT/api/health" 180 "the API" "$api_pid"
scripts/web.sh
