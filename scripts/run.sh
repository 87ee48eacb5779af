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
# - Output may go through a pipe (`make run 2>&1 | tee run.log`), and Ctrl-C kills `tee` too: a
#   message written after that must not kill this script (SIGPIPE) before it has stopped
#   anything, so SIGPIPE is ignored and messages go through `say`, which never fails.
# - A taken API port is refused before anything starts (a health check would otherwise reach
#   the other program and call it ours), and the API itself exits with PORT_IN_USE_STATUS when
#   it finds its port taken (app/__main__.py): that is never restarted.
set -uo pipefail
trap '' PIPE
cd "$(dirname "$0")/.."
source scripts/lib-web.sh

export API_PORT=${API_PORT:-8000} WEB_PORT=${WEB_PORT:-3000} DATA_DIR=${DATA_DIR:-$PWD/.data}
export NEXT_TELEMETRY_DISABLED=1
# The watched folder (app/inbound/folder.py): on by default here, for the local account
# me@localhost; INBOX_DIR= (empty) turns it off, INBOX_OWNER names another account.
export INBOX_DIR=${INBOX_DIR-$PWD/inbox} INBOX_OWNER=${INBOX_OWNER:-me@localhost}
api_host=${API_HOST:-127.0.0.1}
max_restarts=${RUN_MAX_RESTARTS:-5}
readonly PORT_IN_USE_STATUS=98 # app/__main__.py
restart_window=${RUN_RESTART_WINDOW_S:-300}
mkdir -p "$DATA_DIR"
[[ -n $INBOX_DIR ]] && mkdir -p "$INBOX_DIR"

api_pid="" web_pid="" stopping=0
restarts=()

# say [-e] WORDS: a message on stdout (-e: stderr) that never fails or stops this script, even
# when the reader of the pipe has gone.
say() {
  if [[ ${1:-} == -e ]]; then
    shift
    printf '%s\n' "$*" >&2 2>/dev/null || true
  else
    printf '%s\n' "$*" 2>/dev/null || true
  fi
}

# port_taken HOST PORT: true when something already holds PORT on HOST (binding it the way the
# API's server does, with SO_REUSEADDR, so a closing connection of ours does not count).
port_taken() {
  ! python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1].strip("[]"), int(sys.argv[2])))' "$1" "$2" 2>/dev/null
}

# api_ended STATUS: true when the API has exited, with STATUS (it is then reaped and forgotten).
api_ended() {
  kill -0 "$api_pid" 2>/dev/null && return 1
  wait "$api_pid"
  local status=$?
  api_pid=""
  ((status == $1))
}

# refuse_taken_port: say which port is taken and how to pick another one.
# The suggested port is a free one that is not the web app's.
refuse_taken_port() {
  local free=$((API_PORT + 1))
  while ((free < 65535)) && { ((free == WEB_PORT)) || port_taken "$api_host" "$free"; }; do
    free=$((free + 1))
  done
  say -e "run: port $API_PORT is already in use by another program, so the API cannot listen" \
    "there. Stop that program, or start on another port: API_PORT=$free make run"
}

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
    say -e "run: it did not stop within ${grace}s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

shutdown() {
  ((stopping)) && return
  stopping=1
  say
  if [[ -n $web_pid ]]; then
    say "run: stopping the web app"
    stop_group "$web_pid" 10 # next start and its workers: nothing to finish
  fi
  if [[ -n $api_pid ]]; then
    say "run: stopping the API (its OCR workers and database stop with it)"
    stop_leader "$api_pid" 60
  fi
}

trap 'shutdown; exit 0' INT TERM
trap 'status=$?; shutdown; exit $status' EXIT

# describe STATUS: how a process ended, for people.
describe() {
  local status=$1
  if ((status > 128)); then
    printf 'killed by signal %s (%s)' $((status - 128)) "$(kill -l $((status - 128)) 2>/dev/null || echo '?')"
  else
    printf 'exit status %s' "$status"
  fi
}

port_taken "$api_host" "$API_PORT" && { refuse_taken_port; exit 1; }
say "run: starting the API on http://localhost:$API_PORT (data in $DATA_DIR)"
start_api
if ! wait_for_url "http://127.0.0.1:$API_PORT/api/health" 180 "the API" "$api_pid"; then
  api_ended "$PORT_IN_USE_STATUS" && refuse_taken_port
  exit 1
fi
setsid scripts/web.sh &
web_pid=$!
[[ -n $INBOX_DIR ]] &&
  say "run: files put in $(cd "$INBOX_DIR" && pwd) become documents of $INBOX_OWNER (sign in with that e-mail to see them)"

while true; do
  wait -n "$api_pid" "$web_pid"
  status=$?
  if ! kill -0 "$web_pid" 2>/dev/null; then
    say -e "run: the web app stopped unexpectedly ($(describe "$status")); stopping everything"
    web_pid=""
    exit 1
  fi
  if ! kill -0 "$api_pid" 2>/dev/null; then
    if ((status == PORT_IN_USE_STATUS)); then
      # Its health check was answered by the program holding the port: not our API at all.
      api_pid=""
      refuse_taken_port
      exit 1
    fi
    say -e "run: THE API STOPPED UNEXPECTEDLY ($(describe "$status")); restarting it"
    now=$SECONDS
    recent=()
    for t in "${restarts[@]}"; do ((now - t < restart_window)) && recent+=("$t"); done
    restarts=("${recent[@]}" "$now")
    if ((${#restarts[@]} > max_restarts)); then
      say -e "run: the API stopped ${#restarts[@]} times within ${restart_window}s; giving up." \
        "Its log is above; fix the cause and run 'make run' again."
      api_pid=""
      exit 1
    fi
    if port_taken "$api_host" "$API_PORT"; then
      api_pid=""
      refuse_taken_port
      exit 1
    fi
    start_api
    if ! wait_for_url "http://127.0.0.1:$API_PORT/api/health" 180 "the restarted API" "$api_pid"; then
      if api_ended "$PORT_IN_USE_STATUS"; then
        refuse_taken_port
      else
        say -e "run: the API did not come back; stopping everything"
      fi
      exit 1
    fi
    say -e "run: the API is back on http://localhost:$API_PORT (restart ${#restarts[@]})"
  fi
done
