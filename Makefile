# Docstream — the commands. See README.md.
#   make run    everything in local mode (API on API_PORT, web on WEB_PORT)
#   make api    only the API and its database, in the foreground
#   make test   every test (backend, database, frontend, browser)
SHELL := /bin/bash
API_PORT ?= 8000
WEB_PORT ?= 3000
DATA_DIR ?= $(CURDIR)/.data
export API_PORT WEB_PORT DATA_DIR
export NEXT_TELEMETRY_DISABLED := 1
export OMP_THREAD_LIMIT := 1

.PHONY: run api web test bench eval-metadata screenshot test-backend test-db test-frontend test-e2e test-compose setup

# SIGINT back to its default first: started from a script or a background job, make inherits it
# ignored, and a shell cannot trap a signal ignored at entry, so Ctrl-C would stop nothing.
run:
	@scripts/setup.sh backend frontend
	@env --default-signal=INT scripts/run.sh

api:
	@scripts/setup.sh backend
	@cd backend && exec uv run --frozen python -m app

web:
	@scripts/setup.sh frontend
	@scripts/web.sh

test:
	@scripts/setup.sh test
	@scripts/test.sh

# Speed targets (docs/targets.md), measured (not part of `make test`: timing is noisy here).
bench:
	@scripts/setup.sh backend
	@scripts/bench.sh

# Per-fact accuracy of the local metadata engine on the measured half of the facts corpus
# (docs/metadata-quality.md); not in `make test`. EVAL_ARGS="--engine claude" runs the Claude
# engine against the loopback fake instead (the facts contract).
eval-metadata:
	@scripts/setup.sh test
	@cd backend && uv run --frozen python -m eval.facts.run --split measure $(EVAL_ARGS)

# Rewrites the README's picture (docs/screenshot.png) from the browser tests' session; the e2e
# run itself never touches tracked files.
screenshot:
	@scripts/setup.sh test && UPDATE_SCREENSHOT=1 scripts/test-e2e.sh docstream.spec.ts

# The parts of `make test`, runnable alone.
test-backend:
	@scripts/setup.sh backend && scripts/test-backend.sh
test-db:
	@scripts/setup.sh test && scripts/test-db.sh
test-frontend:
	@scripts/setup.sh frontend && scripts/test-frontend.sh
test-e2e:
	@scripts/setup.sh test && scripts/test-e2e.sh
test-compose:
	@scripts/setup.sh test && scripts/test-compose.sh
