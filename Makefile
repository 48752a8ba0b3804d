# The two set-up commands of the README: `make demo` (the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Build and serve the bundled demo site on 127.0.0.1, crawl it, write output/demo.parquet, summarise.
demo: $(VENV)/.installed
	$(PY) -m demo.run

## Run the test suite (end-to-end crawls against loopback servers included), a worker per core;
## a test file stays on one worker, so its module fixtures (a crawl, a WordPress) are made once.
test: $(VENV)/.installed
	$(PY) -m pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
