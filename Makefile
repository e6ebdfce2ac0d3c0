# Two commands matter: `make report` and `make test`. Each first creates .venv and
# installs the pinned dependencies from requirements.lock (only when the lock changed).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test lint report clean lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

test: $(STAMP)
	$(PY) -m ruff check src tests
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check src tests
	$(PY) -m ruff format --check src tests

# Regenerate the lock from the current environment (run after changing dependencies).
lock:
	$(PY) -m pip freeze --all --exclude-editable | grep -vE '^(rusrapport|pip)==' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
