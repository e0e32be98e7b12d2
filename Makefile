# The two commands: `make run` serves the portal, `make test` runs the whole test suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SEED := programmes/fixtures/odihr-anti-trafficking-programmes-2004-2005.md
HOST ?= 127.0.0.1
PORT ?= 8000

# A Python of at least 3.12: python3 when new enough, else python3.13 / python3.12, else pyenv's.
PYTHON ?= $(shell for c in python3 python3.14 python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; break; }; done)

.PHONY: run test venv lint check messages backup restore bench bench-quick bench-huge load load-quick scaleout clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is required and none was found (tried python3, python3.13, python3.12 and pyenv versions)." >&2; exit 1; fi
	@echo "Creating the virtual environment with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

# Quiet on purpose: a few lines, then the address and the demo accounts, then the server's own lines.
run: venv
	@echo "Migrating the database (db.sqlite3 unless DATABASE_URL is set)"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py import_outlines "$(SEED)" --verbosity 0
	@$(PY) manage.py seed_demo --url http://$(HOST):$(PORT)/
	@$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in parallel (pytest-xdist): PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: venv
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: venv
	$(PY) manage.py makemessages -l ru --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks on PostgreSQL (BENCH_DATABASE_URL): figures with targets and ratios; never timed tests.
bench: venv
	$(PY) -m bench.run --size full --record

bench-quick: venv
	$(PY) -m bench.run --size quick

# The library search at 1,000,000 documents (BENCH_HUGE_DATABASE_URL) next to 100,000 (BENCH_DATABASE_URL),
# with the growth from one to the other; not in CI (the first run generates the documents).
bench-huge: venv
	$(PY) -m bench.run --size huge --record

# No data lost: officers submit while PostgreSQL restarts; every accepted submission must be stored
# once. Runs its own throwaway PostgreSQL cluster and gunicorn (never the shared server).
load: venv
	$(PY) -m bench.load --size default

load-quick: venv
	$(PY) -m bench.load --size quick

# Two gunicorn instances on one PostgreSQL (and Redis when REDIS_URL is set), used alternately.
scaleout: venv
	$(PY) -m bench.scaleout

# make backup [BACKUP_DIR=backups]; make restore BACKUP=backups/<folder>
BACKUP_DIR ?= backups
backup: venv
	$(PY) manage.py backup --to "$(BACKUP_DIR)"

restore: venv
	@if [ -z "$(BACKUP)" ]; then echo "Say which backup: make restore BACKUP=backups/<folder>" >&2; exit 2; fi
	$(PY) manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) staticfiles
