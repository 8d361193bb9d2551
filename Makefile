# Participatiehub — set-up, demo, tests and benchmarks. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo setup requirements test test-engine test-fast test-postgres test-smoke lint messages check-messages bench bench-sortition clean chromium

$(VENV)/.installed: requirements/base.txt requirements/test.txt fairlot/pyproject.toml scripts/warm_deduce.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements/test.txt
	$(PIP) install --quiet --disable-pip-version-check --no-deps -e ./fairlot  # the selection engine (fairlot/README.md)
	$(PY) scripts/warm_deduce.py  # builds the de-identification word lists once, about a minute (docs/redaction.md)
	touch $@

# Recompile the fully pinned requirements/*.txt from the .in files (docs/dependencies.md).
requirements:
	PYTHON=$(PYTHON) scripts/requirements.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/vendor/.copied: node_modules/.installed scripts/vendor.sh
	scripts/vendor.sh
	touch $@

setup: $(VENV)/.installed var/vendor/.copied
	mkdir -p var
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: setup
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) import_regions
	$(MANAGE) demo
	$(PY) scripts/run_demo.py --addr $(HOST):$(PORT)  # web server + task worker; Ctrl+C stops both

chromium:
	@test -x /usr/lib/chromium/chromium || test -x /usr/bin/chromium || \
	  { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	    || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium); }

test: setup chromium
	$(PY) -m ruff check src tests bench fairlot
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache  # the layer contracts in pyproject.toml (docs/architecture.md)
	$(MANAGE) makemigrations --check --dry-run -v 0
	$(MAKE) --no-print-directory check-messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The selection engine alone, as someone outside this project gets it: a fresh virtual environment
# with only its test requirements (no Django), the package installed from fairlot/ (not linked: it
# must build and be complete), its tests run from inside fairlot/ (fairlot/README.md).
ENGINE_VENV := var/fairlot-venv
test-engine:
	rm -rf $(ENGINE_VENV)
	$(PYTHON) -m venv $(ENGINE_VENV)
	$(ENGINE_VENV)/bin/pip install --quiet --disable-pip-version-check -r fairlot/requirements-test.txt
	$(ENGINE_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps ./fairlot
	@if $(ENGINE_VENV)/bin/python -c "import django" 2>/dev/null; then echo "Django is installed in $(ENGINE_VENV)" >&2; exit 1; fi
	cd fairlot && ../$(ENGINE_VENV)/bin/python -m pytest tests

test-fast: setup
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# The suite on PostgreSQL with Redis as the shared cache, as production runs (Redis database 1).
test-postgres: setup chromium
	scripts/services.sh
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/participatiehub REDIS_URL=redis://127.0.0.1:6379/1 \
	  $(PY) -m pytest $(PYTEST_ARGS)

# The production smoke test: gunicorn, PH_ENV=production, PostgreSQL, Redis, a task worker (tests/smoke).
test-smoke: setup
	scripts/services.sh
	$(PY) -m pytest tests/smoke -m smoke $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check src tests bench fairlot
	$(PY) -m ruff format --check src tests bench fairlot

messages: setup
	cd src/participatiehub && ../../$(PY) ../../manage.py makemessages -l nl -l en --no-obsolete --no-location --ignore=static/vendor
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

check-messages: setup
	scripts/check_messages.sh

bench: setup
	bench/run.sh

bench-sortition: setup
	bench/sortition/run.sh $(BENCH_ARGS)

clean:
	rm -rf var/participatiehub.sqlite3* var/static
