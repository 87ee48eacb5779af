#!/usr/bin/env bash
# `make run`: the API (with its own PostgreSQL under DATA_DIR) and the web app, supervised.
#
# - If the API dies, this says so and starts it again: the pipeline is built to survive a
#   crash (leases, the recovery sweeper), so a restart loses nothing and the web app keeps
#   working. A crash loop (RUN_MAX_RESTARTS within RUN_RESTART_WINDOW_S seconds, or an API that
#   does not come back) ends `make run` with a clear message and a non-zero status instead.
# - If the web app dies, everything stops with a message and a non-zero status.
# - Ctrl-C (or TERM) stops the web app, then the API, which stops its OCR workers and the
#   private PostgreSQL; quietly, with status 0.
# Both servers run in their own sessions, so a Ctrl-C reaches only this script, which stops
# them in order (the API last: it must finish its shutdown and stop the database).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-web.sh

export API_PORT=${API_PORT:-8000} WEB_PORT=${WEB_PORT:-3000} DATA_DIR=${DATA_DIR:-$PWD/.data}
export NEXT_TELEMETRY_DISABLED=1
max_restarts=${RUN_MAX_RESTARTS:-5}
restart_window=${RUN_RESTART_WINDOW_S:-300}
mkdir -p "$DATA_DIR"

api_pid="" web_pid="" stopping=0
restarts=()

start_api() {
  # After a crash, the killed API's multiprocessing helper frees its semaphores and warns about
  # "leaked" ones: expected then, and not something a person can act on.
  PYTHONWARNINGS=ignore:resource_tracker:UserWarning \
    setsid bash -c 'cd backend && exec uv run --frozen python -m app' &
  api_pid=$!
}

# stop_leader PID GRACE: TERM the server itself (uv passes it on to the API, which shuts down in
# order); KILL its whole process group only if it is still there after GRACE seconds.
stop_leader() {
  local pid=$1 grace=$2 deadline
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
  kill -TERM "$pid" 2>/dev/null
  deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "run: it did not stop within ${grace}s; killing it" >&2
    kill -KILL -- "-$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

shutdown() {
  ((stopping)) && return
  stopping=1
  echo
  if [[ -n $web_pid ]]; then
    echo "run: stopping the web app"
    stop_group "$web_pid" 10 # next start and its workers: nothing to finish
  fi
  if [[ -n $api_pid ]]; then
    echo "run: stopping the API (its OCR workers and database stop with it)"
    stop_leader "$api_pid" 60
  fi
}

trap 'shutdown; exit 0' INT TERM
trap 'status=$?; shutdown; exit $status' EXIT

# describe STATUS: how a process ended, for people.
describe() {
  local status=$1
  if ((status > 128)); then
    echo "killed by signal $((status - 128)) ($(kill -l $((status - 128)) 2>/dev/null || echo '?'))"
  else
    echo "exit status $status"
  fi
}

echo "run: starting the API on http://localhost:$API_PORT (data in $DATA_DIR)"
start_api
wait_for_url "http://127.0.0.1:$API_PORT/api/health" 180 "the API" "$api_pid" || exit 1
setsid scripts/web.sh &
web_pid=$!

while true; do
  wait -n "$api_pid" "$web_pid"
  status=$?
  if ! kill -0 "$web_pid" 2>/dev/null; then
    echo "run: the web app stopped unexpectedly ($(describe "$status")); stopping everything" >&2
    web_pid=""
    exit 1
  fi
  if ! kill -0 "$api_pid" 2>/dev/null; then
    echo "run: THE API STOPPED UNEXPECTEDLY ($(describe "$status")); restarting it" >&2
    now=$SECONDS
    recent=()
    for t in "${restarts[@]}"; do ((now - t < restart_window)) && recent+=("$t"); done
    restarts=("${recent[@]}" "$now")
    if ((${#restarts[@]} > max_restarts)); then
      echo "run: the API stopped ${#restarts[@]} times within ${restart_window}s; giving up." \
        "Its log is above; fix the cause and run 'make run' again." >&2
      api_pid=""
      exit 1
    fi
    start_api
    if ! wait_for_url "http://127.0.0.1:$API_PORT/api/health" 180 "the restarted API" "$api_pid"; then
      echo "run: the API did not come back; stopping everything" >&2
      exit 1
    fi
    echo "run: the API is back on http://localhost:$API_PORT (restart ${#restarts[@]})" >&2
  fi
done
