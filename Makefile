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
# make test runs the suite in this many processes (pytest-xdist; a notebook stays in one).
TEST_JOBS ?= 2
# The student release (the course without lectures/solutions/), see gdkit/release.py.
RELEASE_DIR ?= build/student-release
RELEASE_BRANCH ?= student
# The course website (make site, see site/build.py): the JupyterHub its launch links open
# (a placeholder until you set yours), SOLUTIONS=1 to include lectures/solutions/.
HUB_URL ?= https://hub.example.edu
SOLUTIONS ?= 0
SITE_DIR ?= build/site
SITE_REPOSITORY ?=
SITE_BRANCH ?=

BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.gdkit-installed
PINS := binder/requirements.txt
CONSTRAINTS := $(VENV)/constraints.txt
TORCH_VERSION := $(shell sed -n 's/^torch==\([0-9.]*\).*/\1/p' $(PINS))

.PHONY: lab test setup unit notebooks browser regenerate benchmarks lint clean help student-release hub-test site

help:
	@echo "make lab         open JupyterLab on lectures/ (PORT=$(PORT) IP=$(IP) JUPYTER_TOKEN=...)"
	@echo "make test        unit, property, notebook (nbval) and browser tests"
	@echo "make browser     only the browser tests (JupyterLab in headless chromium)"
	@echo "make regenerate  re-execute every lecture in place and store its outputs"
	@echo "make benchmarks  run the speed/accuracy benchmarks in benchmarks/"
	@echo "make student-release  write the course without solutions to $(RELEASE_DIR), branch $(RELEASE_BRANCH)"
	@echo "make hub-test    only the JupyterHub test (10 students via nbgitpuller links; part of make test)"
	@echo "make site        the course website from the stored outputs, in $(SITE_DIR) (HUB_URL=... SOLUTIONS=1)"

setup: $(STAMP) $(A11Y_STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(CONSTRAINTS): $(PINS) | $(PY)
	grep -vE '^(torch==|--|#|$$)' $(PINS) > $@

# The course's JupyterLab extension (extension/) is installed from its prebuilt,
# committed assets: no Node.js needed (see extension/README.md).
EXTENSION := extension/pyproject.toml extension/gdkit_course/labextension/package.json

$(STAMP): pyproject.toml $(PINS) $(CONSTRAINTS) $(EXTENSION) | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q \
	    $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) "torch==$(TORCH_VERSION)"
	$(PY) -m pip install --disable-pip-version-check -q -c $(CONSTRAINTS) -e '.[test]'
	$(PY) -m pip install --disable-pip-version-check -q ./extension
	touch $@

# axe-core, for the accessibility audit of the browser and site tests (tests/a11y/): from
# npm, the version tests/a11y/package-lock.json pins (`npm ci`, integrity-checked), into
# tests/a11y/node_modules, again only when the lock changes.  Without npm the audit is
# skipped, with a message (.ci/run installs npm).
A11Y := tests/a11y
A11Y_STAMP := $(A11Y)/node_modules/.installed-lock-sha256

$(A11Y_STAMP): $(A11Y)/package.json $(A11Y)/package-lock.json | $(PY)
	@if command -v npm >/dev/null; then $(PY) $(A11Y)/axe.py --install; \
	else echo "npm not found: the accessibility audit (tests/a11y) will be skipped (apt-get install npm)"; fi

lab: $(STAMP)
	$(PY) -m gdkit.course --snapshot lectures/course.json
	$(BIN)/jupyter lab --no-browser --ip=$(IP) --port=$(PORT) \
	    --ServerApp.root_dir=lectures $(if $(filter 0,$(shell id -u)),--allow-root) \
	    $(if $(JUPYTER_TOKEN),--IdentityProvider.token=$(JUPYTER_TOKEN)) $(LAB_ARGS)

test: $(STAMP) $(A11Y_STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile $(PYTEST_ARGS)

browser: $(STAMP) $(A11Y_STAMP)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

regenerate: $(STAMP)
	$(BIN)/python -m gdkit.regenerate lectures

benchmarks: $(STAMP)
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

student-release: $(STAMP)
	$(PY) -m gdkit.release $(RELEASE_DIR) --branch $(RELEASE_BRANCH)

hub-test: $(STAMP)
	$(PY) -m pytest tests/test_hub.py $(PYTEST_ARGS)

site: $(STAMP)
	$(PY) site/build.py --out $(SITE_DIR) --hub-url '$(HUB_URL)' \
	    $(if $(filter 1 yes true,$(SOLUTIONS)),--solutions) \
	    $(if $(SITE_REPOSITORY),--repository '$(SITE_REPOSITORY)') \
	    $(if $(SITE_BRANCH),--branch '$(SITE_BRANCH)')

lint: $(STAMP)
	$(BIN)/ruff check gdkit tests benchmarks

clean:
	rm -rf $(VENV) test-artifacts
