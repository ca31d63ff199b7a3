# The two commands of the README, and the steps they are made of.
# `make run`: set up and start the app with demo data (SQLite, no Redis needed).
# `make test`: set up and run the whole test suite (PostgreSQL and Redis).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/hospital)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
PYTEST_ARGS ?=

.PHONY: run test install translations lint bench load

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(PY) manage.py compile_translations

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	bash scripts/run-dev.sh

test: install
	bash scripts/test-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run

# `make load`: the load harness on the large demo hospital (bench/README.md).
LOAD_ARGS ?=
load: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get install -y wrk >/dev/null; } \
		|| echo "wrk is not installed (sudo apt-get install wrk): the harness uses its threaded Python client"
	REDIS_URL=$(or $(REDIS_URL),redis://127.0.0.1:6379/14) $(PY) bench/load.py --database $${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hospital_bench} $(LOAD_ARGS)

bench: load
