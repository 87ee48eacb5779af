#!/usr/bin/env bash
# Every test, in order; stops at the first red step. CI runs exactly this (via `make test`).
#
# Tests must leave nothing behind. The run gets its own temp dir (TMPDIR, inherited by every
# test, server and tool it starts) and a marker in the environment of every process it starts;
# at the end anything left in that temp dir, or any process still carrying the marker, fails the
# run with a list. (A private temp dir and a marker, rather than a before/after snapshot of /tmp
# and `ps`, because other test runs on the same machine would show up in a snapshot.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-node.sh # every step on the pinned Node; its compile cache under .tools/

export DOCSTREAM_TEST_RUN="run-$$-$RANDOM"
# Short (sockets live here) and traversable: the test PostgreSQL may run as the `postgres` user.
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/docstream-test.XXXXXX")
chmod 755 "$TMPDIR"
export TMPDIR

# Processes (other than this script) carrying this run's marker, or naming its temp dir.
left_processes() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "DOCSTREAM_TEST_RUN=$DOCSTREAM_TEST_RUN" \
      || { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$TMPDIR/"; then
      [[ $(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) == Z ]] && continue
      echo "$pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-200)"
    fi
  done
}

check_nothing_left() {
  local procs entries deadline=$((SECONDS + 15))
  # Servers stopped by the last step may need a moment to exit: wait for that, with a deadline.
  while procs=$(left_processes) && [[ -n $procs ]] && ((SECONDS < deadline)); do sleep 0.5; done
  # Not ours, and removed with the temp dir below: uv's lock files, and the native module the
  # Claude Code CLI (a Bun binary) extracts to the temp dir once, content-addressed (the same
  # name every run), when a run is stopped before Bun can use its own directory.
  entries=$(find "$TMPDIR" -mindepth 1 -maxdepth 1 ! -name 'uv-*.lock' ! -name '.bun-*.node' \
    -printf '%f\n' | sort)
  if [[ -n $procs || -n $entries ]]; then
    echo "=== the tests left things behind ===" >&2
    [[ -n $procs ]] && { echo "processes:" >&2; echo "$procs" | sed 's/^/  /' >&2; }
    [[ -n $entries ]] && { echo "in the temp dir:" >&2; echo "$entries" | sed 's/^/  /' >&2; }
    # This run started them: end them now so they do not pile up on the machine.
    echo "$procs" | awk 'NF {print $1}' | xargs -r kill -KILL 2>/dev/null || true
    return 1
  fi
  echo "=== nothing left behind (temp dir empty, no processes) ==="
}

finish() {
  local status=$?
  trap - EXIT
  check_nothing_left || status=1
  rm -rf "$TMPDIR"
  exit "$status"
}
trap finish EXIT

for step in test-backend test-db test-frontend test-e2e test-compose; do
  echo "=== $step ==="
  start=$SECONDS
  "scripts/$step.sh"
  echo "=== $step passed in $((SECONDS - start))s ==="
done
