# Carbon Checkup: one command to run the app, one to pass the tests. Each installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test test-fast install install-dev system-deps bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian packages the browser tests and the PDF checks use: Chromium (driven by Playwright, never
# downloaded by it), CJK fonts so screenshots show Chinese, poppler for pdftotext/pdftoppm, and
# PostgreSQL so the storage tests also run against the database a hosted deployment uses.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -qi 'noto sans cjk' \
		|| ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils postgresql >/dev/null; \
	fi

## Run the app on http://localhost:8501 (SQLite under var/, no set-up).
run: install
	$(PY) -m ui.serve --server.port $(PORT)

## The whole test suite: engine, pages (AppTest), the same storage tests on PostgreSQL (a throw-away
## cluster on port 54329) and the browser end-to-end tests.
test: install-dev system-deps
	$(VENV)/bin/ruff check --quiet .
	eval "$$(scripts/pg_test_cluster.sh start)" && $(PY) -m pytest -q

## Everything but the browser tests.
test-fast: install-dev
	$(VENV)/bin/ruff check --quiet .
	$(PY) -m pytest -q -m "not e2e"

## Speed and memory as ratios against baselines measured in the same run (README, "Speed").
bench: install-dev system-deps
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_reports.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_backup.py
	$(PY) benchmarks/bench_startup.py
	$(PY) benchmarks/bench_format.py
	if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then eval "$$(scripts/pg_test_cluster.sh start)"; fi; $(PY) benchmarks/bench_room.py
	$(PY) benchmarks/bench_concurrent_saves.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
