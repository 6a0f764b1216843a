# Crosswalk: `make demo` and `make test` are all a newcomer needs (Python 3.11).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install demo test lint format bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: install
	$(BIN)/python scripts/make_env.py --demo --port $(PORT)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py setup_schedules
	$(BIN)/python manage.py seed_demo
	$(BIN)/python scripts/demo.py --port $(PORT)

# Webhook intake (PostgreSQL, Redis, wrk): ingest, bare, processed, concurrent. BENCH_ARGS=--latency etc.
bench: install
	@command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)) || echo "bench: install wrk (Debian package)"
	$(BIN)/python bench/webhook_ingest.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3*
