# 淘宝客服指南 · entry points. Each target sets up what it needs (venv, pinned packages, Chromium).
#   make serve   preview at http://127.0.0.1:8000 with live reload
#   make check   every check without a browser (data, content, parity, guard, lint, links on the built site)
#   make test    everything: make check's tests plus the browser tests (installs Debian's chromium when missing)
#   make build   site/ with mkdocs build --strict (and the contact guard on the output)
#   make bench   build cost against a plain Material site, search latency, page weight
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build check test lint format bench chromium properdocs-check linkcheck-external clean

$(VENV)/.installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (or run make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

serve: $(VENV)/.installed
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed
	$(VENV)/bin/mkdocs build --strict

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/ruff format --check scripts tests

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix scripts tests
	$(VENV)/bin/ruff format scripts tests

# Fast: everything that needs no browser (one strict build, shared by the tests that need it).
# kb.py check (data, guard's source scan, parity, characters, wording, pages) runs inside pytest
# (tests/test_content.py::test_make_check_runs_every_fast_check), with its own output on failure.
check: lint
	$(PY) -m pytest -q -n auto --dist loadfile -m "not browser"

# Debian's chromium and a CJK font, for root or through sudo (never a browser download); and
# libatomic1, which Playwright's own driver (a Node binary) needs and a bare Debian lacks.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! /sbin/ldconfig -p | grep -q 'libatomic\.so\.1 '; then \
	  echo "Installing Debian's chromium, a CJK font and libatomic1 (apt-get; needs root or sudo)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei libatomic1 >/dev/null; \
	fi

test: lint chromium
	$(PY) -m pytest -q -n auto --dist loadfile

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

bench: $(VENV)/.installed chromium
	$(PY) scripts/bench.py

# The same site built with ProperDocs (the maintained continuation of MkDocs 1.x) must be
# byte-identical to the MkDocs build (see scripts/kb/engine_check.py).
properdocs-check: $(VENV)/.installed
	$(PY) -m kb.engine_check

# External source links (data file and pages), politely, with linkchecker's cache. Never in tests.
linkcheck-external: $(VENV)/.installed
	$(PY) -m kb.linkcheck_external

clean:
	rm -rf site .cache
