# Parley: `make run` serves the app, `make test` runs every test. Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV    := .venv
PY      := $(VENV)/bin/python
TOOLS   := .tools
BUN     := $(TOOLS)/node_modules/.bin/bun
PYTHON  ?= python3
PORT    ?= 8000
HOST    ?= 127.0.0.1
BUN_VERSION := 1.4.5

# Reflex must use the bun installed from npm: its own installer downloads from the internet.
export REFLEX_USE_SYSTEM_BUN := 1
export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: setup run serve test bench migrate seed system clean

## setup: venv + Python deps, bun, Debian packages, toolchains, Reflex web folder (idempotent, fast when done)
setup: system $(VENV)/.installed $(BUN) tests/js/node_modules/.installed .web/.parley-init

system:
	@bash scripts/setup_system.sh
	@if [ -x app/sandbox/setup_toolchains.sh ]; then bash app/sandbox/setup_toolchains.sh; fi

# the tests' node packages (Yjs clients, axe-core): installed again whenever the lock changes
tests/js/node_modules/.installed: tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --silent
	@touch $@

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(BUN):
	@mkdir -p $(TOOLS)
	cd $(TOOLS) && npm install --no-audit --no-fund --silent bun@$(BUN_VERSION)
	@$(BUN) --version >/dev/null

.web/.parley-init: $(VENV)/.installed $(BUN) rxconfig.py
	$(PY) -m reflex compile >/dev/null
	@touch $@

## migrate / seed: bring the database to head; load the problem bank (idempotent)
migrate: setup
	$(PY) -m app.manage migrate

seed: setup
	$(PY) -m app.manage seed

## run: development mode (hot reload) on http://localhost:3000
run: setup
	$(PY) -m app.manage prepare
	@echo "Parley: open http://localhost:3000 (API on http://localhost:8000)"
	$(PY) -m reflex run

## serve: production build on one port ($(HOST):$(PORT))
serve: setup
	$(PY) -m app.manage prepare
	@echo "Parley: serving on http://$(HOST):$(PORT)"
	$(PY) -m reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT) --backend-host $(HOST)

## test: every test (unit, integration, browser); non-zero on any failure
test: setup
	$(PY) -m pytest tests

## bench: run every benchmark and print its figures
bench: setup
	@set -e; for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b; done

clean:
	rm -rf .web $(TOOLS) $(VENV) artifacts
