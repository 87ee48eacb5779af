#!/usr/bin/env bash
# Backend tests: pytest against a real PostgreSQL the test session starts itself.
set -euo pipefail
cd "$(dirname "$0")/../backend"
exec uv run --frozen pytest "$@"
