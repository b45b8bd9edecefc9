# Hubportal – all set-up goes through these targets. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The checkout's own PostgreSQL server, used when DATABASE_URL is not set (hubportal/devdb.py, data in .pgdata/).
DEVDB := $(BIN)/python -m hubportal.devdb
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes, each with a database of its own (pytest-xdist); `auto` is one per CPU.
PYTEST_WORKERS ?= auto

.PHONY: help install messages migrate demo run worker serve scale-demo loadtest test lint format pytest bench \
	makemessages axe-update clean stop psql db-status

help:
	@echo "make run     – set up everything and serve the portal on http://$(HOST):$(PORT)/"
	@echo "make test    – lint and run the whole test suite (DATABASE_URL picks the database)"
	@echo "make stop    – stop the embedded PostgreSQL server of this checkout (data stays in .pgdata/)"
	@echo "make psql    – a psql shell on the database (the embedded one, or DATABASE_URL)"
	@echo "make worker  – run the background task worker (mail delivery)"
	@echo "make serve   – the production stack on http://127.0.0.1:$(PORT)/: gunicorn, task worker, scheduler"
	@echo "make scale-demo – nginx + 2 app servers + 2 workers + scheduler: measures and checks scale-out"
	@echo "make loadtest – load run on the benchmark database: pages against the bare page, an event rush, freshness"
	@echo "make bench   – seed PostgreSQL with 100k startups, measure the listings and the matches"
	@echo "make makemessages – refresh the .po catalogues after changing texts"
	@echo "make axe-update AXE_VERSION=4.x.y – refresh the vendored axe-core of the accessibility tests"

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(MANAGE) compile_catalogs

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: messages demo
	$(MANAGE) runserver $(HOST):$(PORT)

worker: messages migrate
	TASKS_BACKEND=$${TASKS_BACKEND:-django_tasks_db.DatabaseBackend} $(MANAGE) db_worker --queue-name "*"

# Production serving (docs/production.md): prod settings, DEBUG off, on 127.0.0.1 only. DATABASE_URL from the
# environment, else the embedded PostgreSQL of hubportal.devdb. Ctrl-C stops all of it.
DEV_DATABASE_URL = $${DATABASE_URL:-$$($(DEVDB) url)}
serve: install
	DATABASE_URL="$(DEV_DATABASE_URL)" $(BIN)/python deploy/serve.py --port $(PORT)

scale-demo: install
	DATABASE_URL="$(DEV_DATABASE_URL)" $(BIN)/python deploy/scale_demo.py

# A bounded load run against the production stack on the 100k benchmark database (seeded by `make bench`).
loadtest: messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubportal_bench} $(BIN)/python deploy/loadtest.py $(LOADTEST_ARGS)

# django-stubs imports the settings but never connects: a placeholder URL keeps mypy away from any database.
MYPY := DATABASE_URL=postgres://mypy@127.0.0.1:1/unused $(BIN)/mypy .

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MYPY)
	DJANGO_SETTINGS_MODULE=hubportal.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=hubportal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

pytest: messages
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Without DATABASE_URL the embedded server is started for the run and stopped after it, unless it was running.
test: install
	$(DEVDB) run -- $(MAKE) --no-print-directory messages lint pytest

stop: install
	$(DEVDB) stop

db-status: install
	@$(DEVDB) status

psql: install
	@if [ -n "$$DATABASE_URL" ]; then exec psql "$$DATABASE_URL"; else exec $(DEVDB) psql; fi

bench: messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubportal_bench} $(BIN)/python manage.py bench
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubportal_bench} $(BIN)/python manage.py bench_matching
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubportal_bench} $(BIN)/python manage.py bench_images
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubportal_bench} $(BIN)/python manage.py bench_api

makemessages: install
	$(MANAGE) makemessages -l de -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete

# axe-core for the accessibility tests (tests/browser/vendor/axe-core/README.txt); never served to users.
AXE_VERSION ?= 4.14.1
AXE_DIR := tests/browser/vendor/axe-core
axe-update:
	rm -rf /tmp/axe-update && mkdir -p /tmp/axe-update
	cd /tmp/axe-update && npm pack --silent axe-core@$(AXE_VERSION) && tar xzf axe-core-$(AXE_VERSION).tgz
	test "sha512-$$(openssl dgst -sha512 -binary /tmp/axe-update/axe-core-$(AXE_VERSION).tgz | base64 -w0)" = \
		"$$(npm view axe-core@$(AXE_VERSION) dist.integrity)"
	cp /tmp/axe-update/package/axe.min.js /tmp/axe-update/package/LICENSE /tmp/axe-update/package/LICENSE-3RD-PARTY.txt $(AXE_DIR)/
	@echo "axe-core $(AXE_VERSION): integrity $$(npm view axe-core@$(AXE_VERSION) dist.integrity)," \
		"shasum $$(npm view axe-core@$(AXE_VERSION) dist.shasum), axe.min.js sha256 $$(sha256sum $(AXE_DIR)/axe.min.js | cut -d' ' -f1)"

# Keeps .pgdata/ (the embedded database): `make stop`, then delete it by hand to start from nothing.
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
