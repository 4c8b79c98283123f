# 淘宝客服指南 · entry points. Each target sets up what it needs (venv, pinned packages, Chromium).
#   make serve   preview at http://127.0.0.1:8000 with live reload
#   make test    every test (installs Debian's chromium when missing)
#   make build   site/ with mkdocs build --strict
#   make bench   build, search and page-weight figures (scripts/bench.py)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test bench check chromium lighthouse zensical-check clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (or run make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

serve: $(VENV)/.installed
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed
	$(VENV)/bin/mkdocs build --strict

check: $(VENV)/.installed
	$(PY) scripts/kb.py check

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium and a CJK font (needs root)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

test: $(VENV)/.installed chromium
	$(PY) -m pytest -q

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

bench: $(VENV)/.installed chromium node_modules/.installed
	$(PY) scripts/bench.py

# Non-blocking: try the build with Zensical and report what breaks (see scripts/zensical_check.py).
zensical-check:
	$(PYTHON) scripts/zensical_check.py

clean:
	rm -rf site .cache
