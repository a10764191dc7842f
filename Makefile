# The two commands of the course (see README.md):
#   make lab   set up .venv if needed, then open JupyterLab on lectures/
#   make test  set up .venv if needed, then run every test
# Both are idempotent: the set-up re-runs only when pyproject.toml or the
# pins in binder/requirements.txt change.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
IP ?= 127.0.0.1
JUPYTER_TOKEN ?=
LAB_ARGS ?=
# Optional: a wheel index for torch (e.g. PyTorch's CPU index on Linux laptops).
TORCH_INDEX ?=
PYTEST_ARGS ?=

BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.gdkit-installed
PINS := binder/requirements.txt
CONSTRAINTS := $(VENV)/constraints.txt
TORCH_VERSION := $(shell sed -n 's/^torch==\([0-9.]*\).*/\1/p' $(PINS))

.PHONY: lab test setup unit notebooks browser regenerate benchmarks lint clean help

help:
	@echo "make lab         open JupyterLab on lectures/ (PORT=$(PORT) IP=$(IP) JUPYTER_TOKEN=...)"
	@echo "make test        unit, property, notebook (nbval) and browser tests"
	@echo "make browser     only the browser tests (JupyterLab in headless chromium)"
	@echo "make regenerate  re-execute every lecture in place and store its outputs"
	@echo "make benchmarks  run the speed/accuracy benchmarks in benchmarks/"

setup: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(CONSTRAINTS): $(PINS) | $(PY)
	grep -vE '^(torch==|--|#|$$)' $(PINS) > $@

$(STAMP): pyproject.toml $(PINS) $(CONSTRAINTS) | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q \
	    $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) "torch==$(TORCH_VERSION)"
	$(PY) -m pip install --disable-pip-version-check -q -c $(CONSTRAINTS) -e '.[test]'
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --no-browser --ip=$(IP) --port=$(PORT) \
	    --ServerApp.root_dir=lectures $(if $(filter 0,$(shell id -u)),--allow-root) \
	    $(if $(JUPYTER_TOKEN),--IdentityProvider.token=$(JUPYTER_TOKEN)) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

regenerate: $(STAMP)
	$(BIN)/python -m gdkit.regenerate lectures

benchmarks: $(STAMP)
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check gdkit tests benchmarks

clean:
	rm -rf $(VENV) test-artifacts
