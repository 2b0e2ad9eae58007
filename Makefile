# The README's commands. `make test` and `make demo` work on a fresh clone: they build .venv from the
# hashed lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: setup test test-fast lint demo bench lock clean

$(BIN)/.installed: requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

# The default path without the slow tests (hypothesis at full strength, large files).
test-fast: setup
	$(BIN)/pytest -q -m "not slow"

demo: setup
	$(BIN)/huijia summary examples/

bench: setup
	$(BIN)/python benchmarks/read_speed.py
	$(BIN)/python benchmarks/analyse_speed.py
	$(BIN)/python benchmarks/analyse_quality.py

# Re-pin every dependency (with hashes) after editing pyproject.toml.
lock: setup
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra dev -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
