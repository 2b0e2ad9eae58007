# The README's commands. `make test` and `make demo` work on a fresh clone: they build .venv from the
# hashed lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: setup compiler postgres fonts chromium test test-fast lint demo screenshots bench lock clean

$(BIN)/.installed: requirements/lock.txt pyproject.toml setup.py src/huijia/ingest/_qq_scan.pyx | compiler
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

lint: setup
	$(BIN)/ruff check setup.py src tests benchmarks scripts
	$(BIN)/ruff format --check setup.py src tests benchmarks scripts
	$(BIN)/mypy

# Debian packages the tests need, installed when missing (CI runs as root on a fresh machine):
# $(call debian_package,CHECK,PACKAGE,WHAT IT IS FOR)
define debian_package
	@if ! $(1) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's $(2) for $(3)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(2) >/dev/null; \
	  else \
	    echo "$(2) is missing and cannot be installed here: $(3) will be skipped"; \
	  fi; \
	fi
endef

# A C compiler for the compiled qq-txt scanner (setup.py; without one huijia installs without it and the
# tests that check the scanner fail).
compiler:
	$(call debian_package,command -v gcc,gcc,the compiled qq-txt scanner)

# PostgreSQL server binaries: the store tests start and stop a throwaway server themselves.
postgres:
	$(call debian_package,ls /usr/lib/postgresql/*/bin/initdb,postgresql,the store tests against PostgreSQL)

# Fonts for the referral PDF: one that renders Chinese (WenQuanYi Micro Hei, 5 MB), and the fallbacks for
# the scripts and emoji it lacks (DejaVu Sans: Arabic, Cyrillic, Hebrew, Greek; Symbola: emoji).
fonts:
	$(call debian_package,test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc,fonts-wqy-microhei,the referral PDF tests)
	$(call debian_package,test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf,fonts-dejavu-core,the referral PDF's other scripts)
	$(call debian_package,test -f /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf,fonts-symbola,the referral PDF's emoji)

# chromium for the browser tests (Playwright drives it; no browser is downloaded).
chromium:
	$(call debian_package,command -v chromium,chromium,the browser tests)

test: lint postgres fonts chromium
	$(BIN)/pytest -q

# The default path without the slow tests (hypothesis at full strength, large files).
test-fast: setup
	$(BIN)/pytest -q -m "not slow"

# The main job on the embedded default: read the bundled exports, analyse and store them in ./huijia.db
# (a second run adds nothing), give the demo admin a new password (printed), and serve the review UI on
# 127.0.0.1:$(PORT) until Ctrl-C (without a terminal it checks that the UI answers, then stops).
demo: setup fonts
	$(BIN)/huijia summary examples/
	$(BIN)/huijia link --no-progress examples/link/ > /dev/null
	$(BIN)/huijia scan --no-progress examples/
	$(BIN)/huijia registry link
	$(BIN)/python scripts/demo.py

# Screenshots of the main pages for the README (docs/screenshots/), taken with Debian's chromium.
screenshots: setup chromium
	$(BIN)/python scripts/screenshots.py

bench: setup
	$(BIN)/python benchmarks/read_speed.py
	$(BIN)/python benchmarks/analyse_speed.py
	$(BIN)/python benchmarks/analyse_quality.py
	$(BIN)/python benchmarks/link_quality.py
	$(BIN)/python benchmarks/link_speed.py

# Re-pin every dependency (with hashes) after editing pyproject.toml.
lock: setup
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra dev -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
	rm -f src/huijia/ingest/_qq_scan.c src/huijia/ingest/_qq_scan.*.so
