# Two commands for a fresh machine: `make run` (the dashboard) and `make test` (everything).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501

.PHONY: run test chromium postgresql haproxy cluster cluster-stop benchmark lint

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

run: $(INSTALLED)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# The store's tests run against a real PostgreSQL server too (tests start it on loopback).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q postgresql; }

# The cluster (scripts/cluster.sh) and its browser test put two copies behind HAProxy.
haproxy:
	@command -v haproxy >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q haproxy; }

cluster: $(INSTALLED) postgresql haproxy
	scripts/cluster.sh start

cluster-stop:
	scripts/cluster.sh stop

test: $(INSTALLED) chromium postgresql haproxy
	scripts/with_postgres.sh $(PY) -m pytest

benchmark: $(INSTALLED) chromium
	$(PY) benchmarks/run.py

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
