#!/usr/bin/env bash
# The web app only on WEB_PORT, talking to the API on API_PORT. Used by `make web` and by
# scripts/run.sh. WEB_MODE=start (default): a production build (rebuilt only when sources or
# public settings changed) served by `next start`. WEB_MODE=dev: `next dev` (hot reload, no build).
# NEXT_DIST_DIR picks the build directory (default .next).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-web.sh

WEB_PORT=${WEB_PORT:-3000}
API_PORT=${API_PORT:-8000}
export NEXT_TELEMETRY_DISABLED=1
export NEXT_PUBLIC_API_URL=${NEXT_PUBLIC_API_URL:-http://localhost:$API_PORT}

cd frontend
[[ -d node_modules ]] || { echo "web: run 'scripts/setup.sh frontend' first" >&2; exit 1; }
export NEXT_DIST_DIR=${NEXT_DIST_DIR:-.next}
if [[ ${WEB_MODE:-start} == dev ]]; then
  echo "web: http://localhost:$WEB_PORT (next dev)"
  exec node_modules/.bin/next dev -p "$WEB_PORT"
fi
build_web_if_stale "$NEXT_DIST_DIR"
echo "web: http://localhost:$WEB_PORT"
exec node_modules/.bin/next start -p "$WEB_PORT"
