# Two commands matter: `make report` and `make test`. Each first creates .venv and installs the
# pinned dependencies from requirements.lock (again only when the lock changes).
# Options go in ARGS: make report ARGS="--formats html --chapters cannabis"; make lab ARGS="--port 8890"
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARGS ?=
# JupyterLab refuses to start as root (containers, CI images) unless told to.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: report install test lint bench lab clean lock data sysdeps

$(STAMP): requirements.lock pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned dependencies into $(VENV) (first run, or after requirements.lock changed) ..."
	$(PY) -m pip install --progress-bar off --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# WeasyPrint needs Pango and a font; Debian images usually have them. Installed only when missing.
sysdeps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then \
		echo "Installing Pango and DejaVu fonts for WeasyPrint (apt-get)"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; fi; \
	fi

# make itself can only exit 0 or 2, so `make report` names the build's own exit status on failure
# (0 built, 1 a chapter failed, 2 bad input, 3 another build running, 130/143 stopped); scheduled
# runs use `make install` and then run_all.py, whose exit status is the build's (README).
report: $(STAMP)
	@$(PY) run_all.py --verbose $(ARGS) || { status=$$?; echo "make report: the build exited with status $$status" >&2; exit $$status; }

install: $(STAMP)

test: $(STAMP)
	$(PY) -m ruff check src tests scripts
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check src tests scripts
	$(PY) -m ruff format --check src tests scripts

bench: $(STAMP)
	$(PY) scripts/bench.py

lab: $(STAMP)
	$(PY) -m pip install --progress-bar off --disable-pip-version-check jupyterlab==4.6.6  # pinned; only for editing
	cd notebooks && ../$(VENV)/bin/jupyter lab $(LAB_ROOT) $(ARGS)

# Regenerate the default (synthetic/derived) inputs; byte-identical for the same seed.
data: $(STAMP)
	$(PY) -m rusrapport.synth --out data

# Regenerate the lock from the current environment (after changing dependencies).
lock:
	$(PY) -m pip freeze --all --exclude-editable | grep -vE '^(rusrapport|pip)==' > requirements.lock

clean:
	rm -rf $(VENV) outputs outputs.failed .outputs.* .pytest_cache .ruff_cache
