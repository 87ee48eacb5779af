# Shared by run.sh, web.sh and test-e2e.sh (sourced, not run).
source "$(dirname "${BASH_SOURCE[0]}")/lib-node.sh"

# free_port: print a TCP port nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_url URL SECONDS NAME [PID]: poll until URL answers 2xx, or fail (early if PID died).
wait_for_url() {
  local url=$1 seconds=$2 name=$3 pid=${4:-}
  local deadline=$((SECONDS + seconds))
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before it was ready" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "$name was not ready at $url after ${seconds}s" >&2
      return 1
    fi
    sleep 0.5
  done
}

# stop_group PID [GRACE]: TERM the process group PID leads, KILL it after GRACE seconds.
stop_group() {
  local pid=$1 grace=${2:-20}
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# build_web_if_stale DIST_DIR: `next build` unless DIST_DIR already holds a build of the current
# sources made with the same public configuration (NEXT_PUBLIC_* values are baked in at build).
build_web_if_stale() {
  local dist=$1
  local stamp="${NEXT_PUBLIC_API_URL:-}|${NEXT_PUBLIC_SUPABASE_URL:-}|${NEXT_PUBLIC_SUPABASE_ANON_KEY:-}"
  if [[ -f $dist/BUILD_ID && -f $dist/docstream-build-stamp ]] \
    && [[ $(cat "$dist/docstream-build-stamp") == "$stamp" ]] \
    && [[ -z $(find app components hooks lib package-lock.json next.config.ts -newer "$dist/BUILD_ID" -print -quit 2>/dev/null) ]]; then
    echo "web: build in $dist is up to date"
    return 0
  fi
  echo "web: building (next build, API at ${NEXT_PUBLIC_API_URL})"
  NEXT_DIST_DIR=$dist node_modules/.bin/next build >"$dist.build.log" 2>&1 || {
    cat "$dist.build.log" >&2
    return 1
  }
  printf '%s' "$stamp" >"$dist/docstream-build-stamp"
}
