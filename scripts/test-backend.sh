#!/usr/bin/env bash
# Backend tests: pytest against a real PostgreSQL the test session starts itself.
# pytest's own tmp_path dirs go in a dir removed at the end (pytest would keep the last three).
set -euo pipefail
cd "$(dirname "$0")/../backend"
base=$(mktemp -d -t docstream-pytest.XXXXXX)
trap 'rm -rf "$base"' EXIT
uv run --frozen pytest --basetemp="$base/t" "$@"
