# Two commands on a bare machine with Python 3.11+ and pip: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export SAIDUAN_DATABASE_URL ?= sqlite:///./saiduan.db

.PHONY: run test screenshots bench bench-ingest bench-nlp bench-console migration lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/saiduan db upgrade
	$(BIN)/saiduan demo-data
	$(BIN)/saiduan serve

# Runs on SQLite always; set SAIDUAN_TEST_POSTGRES_URL to run the database tests on PostgreSQL too.
test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Browser tests with their screenshots saved to docs/screenshots (look at them before committing).
screenshots: $(VENV)/.installed
	SAIDUAN_SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest tests/console/test_browser.py -k sqlite

bench: bench-ingest bench-nlp bench-console

bench-ingest: $(VENV)/.installed
	$(BIN)/python -m bench.ingest

bench-nlp: $(VENV)/.installed
	$(BIN)/python -m bench.nlp.run

bench-console: $(VENV)/.installed
	$(BIN)/python -m bench.console

# New schema change: make migration m="add referral due date"
migration: $(VENV)/.installed
	$(BIN)/python -c "from alembic import command; from saiduan.migrate import alembic_config; command.revision(alembic_config('$(SAIDUAN_DATABASE_URL)'), message='$(m)', autogenerate=True)"

clean:
	rm -rf $(VENV) .pytest_cache *.egg-info saiduan.db saiduan.db-wal saiduan.db-shm
