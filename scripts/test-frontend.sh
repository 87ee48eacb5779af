#!/usr/bin/env bash
# Frontend checks: TypeScript (strict) type check, ESLint (eslint.config.mjs: Next's rules, the
# React hooks rules, and "the only fetch is in the request core"), the generated API types are
# current, and the vitest unit tests (jsdom; no servers needed).
set -euo pipefail
source "$(dirname "$0")/lib-node.sh"
cd "$(dirname "$0")/../frontend"
export NEXT_TELEMETRY_DISABLED=1

echo "--- tsc --noEmit"
node_modules/.bin/tsc --noEmit
echo "--- eslint"
node_modules/.bin/eslint --max-warnings 0 --cache --cache-location node_modules/.cache/eslint/ .
echo "--- generated API types vs the backend's OpenAPI schema"
node scripts/generate-api-types.mjs --check
echo "--- vitest"
node_modules/.bin/vitest run "$@"
