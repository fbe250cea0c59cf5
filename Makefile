# factdb — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Debian packages: Pango for PDF reports (WeasyPrint), Noto CJK so PDF reports draw Chinese,
# Japanese and Korean, Chromium for the browser tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-cjk chromium
# Node and npm fetch axe-core for the accessibility check (package.json; node_modules/ is not
# committed); installed from Debian only when no npm is on the PATH.
NODE_SYSTEM_PACKAGES := nodejs npm

.PHONY: run test install system-deps node-deps lint format bench load bench-export bench-suggest bench-pdf eval-suggestions eval-extraction eval-matching reports clean

run: install ## set up, migrate the default SQLite database, load the demo data, serve (with a job worker)
	$(BIN)/factdb init
	$(BIN)/factdb demo
	@echo
	@echo "  factdb is serving at http://127.0.0.1:$${FACTDB_PORT:-5000}/  (Ctrl-C stops it)"
	@echo "  sign in as editor@example.org / demo-editor-pass (see the list above for other roles)"
	@echo
	$(BIN)/factdb serve

test: install system-deps node-deps ## set up, then run the whole suite (SQLite, then PostgreSQL if it answers)
	$(BIN)/python -m pytest
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(subst +psycopg,,$(PG_TEST_URL))', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== the suite again on PostgreSQL ($(PG_TEST_URL)) =="; \
		FACTDB_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -m "not browser"; \
	else \
		echo "== PostgreSQL not reachable at $(PG_TEST_URL): PostgreSQL run skipped =="; \
	fi

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

node-deps: system-deps ## axe-core from the npm registry, pinned by package-lock.json (skipped without npm)
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(NODE_SYSTEM_PACKAGES)" \
		|| echo "could not install $(NODE_SYSTEM_PACKAGES): the accessibility check will skip"
	@if ! command -v npm >/dev/null; then echo "npm not found: the accessibility check will skip"; \
	elif ! npm ci --no-audit --no-fund --silent; then echo "npm ci failed: the accessibility check will skip"; fi

system-deps: ## install missing Debian packages (needs root; skipped otherwise)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "not root: cannot install $$missing (those tests will skip)"; exit 0; fi; \
	echo "installing $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

reports: install ## regenerate the sample reports of the demo data in docs/samples/
	$(BIN)/python -m factdb.devtools.report_samples docs/samples

BENCH_CLAIMS ?= 300000
BENCH_SOURCES ?= 30000
# The peers `make bench` compares with: Datasette in a virtualenv of its own, Debian's sqlite3.
BENCH_VENV ?= .venv-bench
DATASETTE_VERSION := 0.65.5
BENCH_SYSTEM_PACKAGES := sqlite3
PG_BENCH_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/factdb_bench

bench: install $(BENCH_VENV)/bin/datasette ## benchmarks at scale (SQLite, PostgreSQL), side by side with Datasette and sqlite3, and the load test -> docs/benchmarks.md
	@$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(BENCH_SYSTEM_PACKAGES)"
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py --claims $(BENCH_CLAIMS) --sources $(BENCH_SOURCES) \
		--postgres $(PG_BENCH_URL) --datasette $(BENCH_VENV)/bin/datasette

$(BENCH_VENV)/bin/datasette:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet datasette==$(DATASETTE_VERSION)

load: install ## the load test alone, on a fresh 20,000-claim SQLite database
	$(BIN)/python benchmarks/load.py

bench-export: install ## export time and peak memory for 100,000 claims
	$(BIN)/python benchmarks/bench_export.py --claims 100000

bench-pdf: install system-deps ## PDF report layout time: 100- vs 3,000-character excerpt, 200 claims
	$(BIN)/python benchmarks/bench_pdf.py

eval-suggestions: install ## suggestion precision and recall: own texts and the real articles in ../shared/corpus
	$(BIN)/python -m factdb.devtools.evaluate_suggestions

eval-extraction: install ## word precision/recall/F1 of HTML import on ../shared/corpus/extraction/
	$(BIN)/python -m factdb.devtools.evaluate_extraction

MATCHING_VENV ?= .venv-matching

$(MATCHING_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(MATCHING_VENV)
	$(MATCHING_VENV)/bin/pip install --quiet --upgrade pip
	$(MATCHING_VENV)/bin/pip install --quiet -e '.[semantic]'
	touch $@

eval-matching: $(MATCHING_VENV)/.installed ## recall@5 and time per query, lexical vs semantic matching
	$(MATCHING_VENV)/bin/python -m factdb.devtools.evaluate_matching

bench-suggest: install ## suggestion time for a 10,000- and a 1,000,000-character source
	$(BIN)/python benchmarks/bench_suggest.py

.PHONY: bench-long-work
bench-long-work: install ## request and job times of long work (1.8M-character source, long PDF)
	$(BIN)/python benchmarks/bench_long_work.py

lint: install
	$(BIN)/ruff check factdb tests config.py
	$(BIN)/ruff format --check factdb tests config.py

format: install
	$(BIN)/ruff format factdb tests config.py
	$(BIN)/ruff check --fix factdb tests config.py

clean:
	rm -rf $(VENV) $(MATCHING_VENV) build dist *.egg-info .pytest_cache
