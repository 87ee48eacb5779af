#!/usr/bin/env bash
# `make bench`: measure the speed targets in docs/targets.md and print a table (backend/bench).
# Reports, never gates: exits 0 even when a target is MISSED (1 only if a benchmark broke).
#   scripts/bench.sh                  full run (a few minutes; upload-floor alone ~75 s)
#   scripts/bench.sh --quick          smoke run (~1 min)
#   scripts/bench.sh --only ocr       one benchmark: upload, upload-open, upload-floor, loop-lag,
#                                     status-events, ocr, scan-cli, search, fairness, memory,
#                                     long-scan
# Results also go to artifacts/bench.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/artifacts"
cd "$root/backend"
export OMP_THREAD_LIMIT=1
exec uv run --frozen python -m bench --json "$root/artifacts/bench.json" "$@"
