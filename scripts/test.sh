#!/usr/bin/env bash
# Every test, in order; stops at the first red step. CI runs exactly this (via `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
for step in test-backend test-db test-frontend test-e2e test-compose; do
  echo "=== $step ==="
  start=$SECONDS
  "scripts/$step.sh"
  echo "=== $step passed in $((SECONDS - start))s ==="
done
