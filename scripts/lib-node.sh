# The Node.js the frontend runs on, pinned (sourced, not run). `scripts/setup.sh frontend`
# installs it under .tools/ from the npm registry (the `node` package ships the official
# binary), because Debian's nodejs is too old: @supabase/supabase-js deprecates Node 20 and
# below (a warning on every start) and its realtime client needs Node 22's built-in WebSocket.
# Sourcing this puts that Node first on PATH (when installed), for node, npm and `#!node` tools.
NODE_VERSION=24.21.0
NODE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node-$NODE_VERSION"
if [[ -x $NODE_HOME/node_modules/.bin/node ]] && [[ :$PATH: != *":$NODE_HOME/node_modules/.bin:"* ]]; then
  export PATH="$NODE_HOME/node_modules/.bin:$PATH"
fi
# Node 22+ tools (npm among them) keep a module compile cache, by default in the temp dir.
export NODE_COMPILE_CACHE=${NODE_COMPILE_CACHE:-${NODE_HOME%/*}/node-compile-cache}
