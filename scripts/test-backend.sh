#!/usr/bin/env bash
# Backend checks: the static gate (ruff lint, ruff format, mypy), then pytest against a real
# PostgreSQL the test session starts itself.
# pytest's own tmp_path dirs go in a dir removed at the end (pytest would keep the last three).
set -euo pipefail
cd "$(dirname "$0")/../backend"
if [[ $# -eq 0 ]]; then # a full run; `scripts/test-backend.sh tests/x.py -k y` skips the gate
  echo "--- ruff check"
  uv run --frozen ruff check app tests bench eval
  echo "--- ruff format --check"
  uv run --frozen ruff format --check app tests bench eval
  echo "--- mypy (app/; the flags are in pyproject.toml)"
  uv run --frozen mypy
fi
base=$(mktemp -d -t docstream-pytest.XXXXXX)
trap 'rm -rf "$base"' EXIT
uv run --frozen pytest --basetemp="$base/t" "$@"
