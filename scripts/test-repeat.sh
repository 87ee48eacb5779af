#!/usr/bin/env bash
# Is `make test` deterministic? Run the CI entry point N times, each from a fresh clone of HEAD.
#
#   scripts/test-repeat.sh N             N runs, one after the other
#   scripts/test-repeat.sh --load N      the same with a CPU hog (a busy loop on one core) beside
#   scripts/test-repeat.sh --load=2 N    ... with two hogs
#
# Each run: `git clone` of this repository, checkout of the commit HEAD points at now (committed
# work only, as CI sees it), `bash .ci/run` there, clone removed. Every run's output goes to its
# own log (kept; the directory is printed, or set TEST_REPEAT_LOGS=dir), and one line per run says
# pass/fail, how long it took, and which tests failed. Exits non-zero if any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 [--load[=HOGS]] N" >&2; exit 2; }
hogs=0 runs=""
for arg in "$@"; do
  case $arg in
    --load) hogs=1 ;;
    --load=*) hogs=${arg#--load=} ;;
    -h | --help) usage ;;
    *) [[ -z $runs ]] || usage; runs=$arg ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ && $hogs =~ ^[0-9]+$ ]] || usage

repo=$(git rev-parse --show-toplevel)
commit=$(git rev-parse HEAD)
if [[ -n $(git status --porcelain --untracked-files=no) ]]; then
  echo "test-repeat: uncommitted changes are NOT tested (only commit ${commit:0:10})" >&2
fi
logs=${TEST_REPEAT_LOGS:-$(mktemp -d /tmp/docstream-test-repeat.XXXXXX)}
mkdir -p "$logs"

clone="" run_pid="" hog_pids=()
cleanup() {
  local status=$?
  if [[ -n $run_pid ]] && kill -0 "$run_pid" 2>/dev/null; then
    # The suite leads its own process group (setsid): stop all of it, servers and clusters too.
    kill -TERM -- "-$run_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$run_pid" 2>/dev/null || true
  fi
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n $clone ]] && rm -rf "$clone"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 "$hogs"); do
  python3 -c 'while True: pass' &
  hog_pids+=($!)
done

# failures LOG: the names of the failing tests, whatever part of the suite they are in.
failures() {
  local log=$1
  {
    sed -nE 's/^(FAILED|ERROR) ([^ ]+).*/\2/p' "$log"                    # pytest
    sed -nE 's/^ *FAIL +(.+)$/\1/p' "$log"                                # vitest
    sed -nE 's/^ *✘ +[0-9]+ +(.+) \([0-9.]+(ms|s|m)\)$/\1/p' "$log"     # Playwright
    sed -nE 's/^([^ ]+\.sql) \.+ *Failed.*/\1/p' "$log"                   # pg_prove
  } | awk '!seen[$0]++' | head -10 | paste -sd ';' - | sed 's/;/; /g'
}

echo "test-repeat: $runs run(s) of .ci/run at ${commit:0:10}, ${hogs} CPU hog(s); logs in $logs"
failed=0
for i in $(seq 1 "$runs"); do
  clone=$(mktemp -d /tmp/docstream-repeat-clone.XXXXXX)
  chmod 755 "$clone" # the tests' PostgreSQL may run as another user and must reach the tree
  log="$logs/run-$i.log"
  start=$SECONDS
  if git clone --quiet --no-checkout "$repo" "$clone/repo" >"$log" 2>&1 \
    && git -C "$clone/repo" checkout --quiet --detach "$commit" >>"$log" 2>&1; then
    (cd "$clone/repo" && exec setsid bash .ci/run) >>"$log" 2>&1 &
    run_pid=$!
    wait "$run_pid" && status=0 || status=$?
    run_pid=""
  else
    status=1
  fi
  took=$((SECONDS - start))
  rm -rf "$clone"
  clone=""
  if ((status == 0)); then
    printf 'run %d/%d: PASS in %dm%02ds  (%s)\n' "$i" "$runs" $((took / 60)) $((took % 60)) "$log"
  else
    failed=$((failed + 1))
    step=$(grep -E '^=== test-[a-z]+ ===$' "$log" | tail -1 | tr -d '= ' || true)
    names=$(failures "$log")
    printf 'run %d/%d: FAIL in %dm%02ds (exit %d) in %s: %s  (%s)\n' "$i" "$runs" $((took / 60)) \
      $((took % 60)) "$status" "${step:-setup}" "${names:-no test named, see the log}" "$log"
  fi
done
echo "test-repeat: $((runs - failed)) of $runs run(s) passed"
((failed == 0))
