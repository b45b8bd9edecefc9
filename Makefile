# Hubportal – all set-up goes through these targets. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install messages migrate demo run worker test lint format pytest bench makemessages clean

help:
	@echo "make run     – set up everything and serve the portal on http://$(HOST):$(PORT)/"
	@echo "make test    – lint and run the whole test suite (DATABASE_URL picks the database)"
	@echo "make worker  – run the background task worker (mail delivery)"
	@echo "make bench   – seed PostgreSQL with 100k startups and measure the listings"
	@echo "make makemessages – refresh the .po catalogues after changing texts"

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

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=hubportal.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=hubportal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

pytest: messages
	$(BIN)/pytest $(PYTEST_ARGS)

test: messages lint pytest

bench: messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubportal_bench} $(BIN)/python manage.py bench

makemessages: install
	$(MANAGE) makemessages -l de -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
