#!/usr/bin/env bash
# Install what is missing, idempotently. Used by `make run`, `make api` and `make test`.
#   scripts/setup.sh backend   - PostgreSQL, Tesseract, uv, Python deps
#   scripts/setup.sh frontend  - Node.js (pinned in scripts/lib-node.sh) and npm deps
#   scripts/setup.sh test      - both, plus pgTAP, Chromium, docker-compose (file validation)
set -euo pipefail
cd "$(dirname "$0")/.."

want=("$@")
has() { for w in "${want[@]}"; do [[ $w == "$1" ]] && return 0; done; return 1; }
has test && want+=(backend frontend)

apt_missing=()
need_pkg() { # need_pkg <command-or-path> <debian package>
  if [[ $1 == /* ]]; then [[ -e $1 ]] || apt_missing+=("$2"); else command -v "$1" >/dev/null || apt_missing+=("$2"); fi
}

if has backend; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || apt_missing+=(postgresql)
  need_pkg tesseract tesseract-ocr
  # The OCR languages (OCR_LANGUAGES may use any of them) and `osd`, which finds a page's
  # orientation and script before it is read (app/ocr/straighten.py).
  for lang in eng deu fra nld spa ita por osd; do
    need_pkg "/usr/share/tesseract-ocr/5/tessdata/$lang.traineddata" "tesseract-ocr-$lang"
  done
fi
if has frontend; then
  need_pkg npm npm # only to fetch the pinned Node below; that Node runs everything else
fi
if has test; then
  ls /usr/share/postgresql/*/extension/pgtap.control >/dev/null 2>&1 || apt_missing+=(postgresql-15-pgtap)
  need_pkg pg_prove libtap-parser-sourcehandler-pgtap-perl
  need_pkg chromium chromium
  need_pkg docker-compose docker-compose
  # A real IMAP server for the e-mail channel's tests, run unprivileged on loopback by the
  # test itself (backend/tests/fakes/dovecot.py); never started as a system service.
  need_pkg /usr/sbin/dovecot dovecot-imapd
fi

if ((${#apt_missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "setup: installing ${apt_missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages first: ${apt_missing[*]}" >&2
    echo "       (Debian/Ubuntu: sudo apt-get install ${apt_missing[*]})" >&2
    exit 1
  fi
fi

if has backend; then
  if ! command -v uv >/dev/null; then
    echo "setup: installing uv"
    python3 -m pip install -q uv || { echo "setup: install uv (https://docs.astral.sh/uv/)" >&2; exit 1; }
  fi
  (cd backend && uv sync -q --frozen)
fi

if has frontend; then
  source scripts/lib-node.sh
  if [[ ! -x $NODE_HOME/node_modules/.bin/node ]]; then
    echo "setup: installing Node.js $NODE_VERSION (npm package 'node') into ${NODE_HOME#"$PWD/"}"
    rm -rf "$NODE_HOME"
    mkdir -p "$NODE_HOME"
    npm install --prefix "$NODE_HOME" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >/dev/null
    source scripts/lib-node.sh
  fi
  [[ $(node --version) == "v$NODE_VERSION" ]] || { echo "setup: Node.js $NODE_VERSION is not on PATH" >&2; exit 1; }
fi

if has frontend && [[ -f frontend/package.json ]]; then
  if [[ ! -d frontend/node_modules ]] || [[ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]]; then
    echo "setup: installing frontend dependencies"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
