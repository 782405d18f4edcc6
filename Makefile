# Two commands on a fresh machine: `make html` builds the site, `make test` runs every test.
PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check --quiet
RUNTIME := $(VENV)/.runtime-installed
TESTDEPS := $(VENV)/.test-installed
PORT ?= 8000

.PHONY: html serve test lint clean help

help:
	@echo "make html   build the site into output/ (creates .venv on first run)"
	@echo "make serve  serve output/ on http://localhost:$(PORT)"
	@echo "make test   install the test tools and run the whole test suite"
	@echo "make lint   check style and common bugs with ruff (format: .venv/bin/ruff format)"
	@echo "make clean  remove output/ and caches"
	@echo "make bench-images  time two builds of $(BENCH_PHOTOS) photos of 4000x3000 (BENCH_PHOTOS=50 for fewer)"

$(PY):
	$(PYTHON_BOOT) -m venv $(VENV)

# Pinned runtime packages, and a .pth so scripts and tests import the plugins' modules.
$(RUNTIME): requirements.txt constraints.txt | $(PY)
	$(PIP) -r requirements.txt -c constraints.txt
	$(PY) -c "import sysconfig, pathlib; pathlib.Path(sysconfig.get_path('purelib'), 'portal-plugins.pth').write_text('$(CURDIR)/plugins\n')"
	touch $@

$(TESTDEPS): $(RUNTIME) requirements-test.txt
	$(PIP) -r requirements-test.txt -c constraints.txt
	touch $@

html: $(RUNTIME)
	$(PY) scripts/sitebuild.py --settings pelicanconf.py

serve:
	@test -d output || { echo "Chưa có output/: hãy chạy 'make html' trước."; exit 1; }
	$(PY) -m http.server $(PORT) --bind localhost --directory output

test: $(TESTDEPS)
	$(PY) -m pytest

LINTED := plugins scripts tests pelicanconf.py publishconf.py

lint: $(TESTDEPS)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

clean:
	rm -rf output .output-* .pytest_cache
	find plugins scripts tests -name __pycache__ -type d -exec rm -rf {} +

# --- Images (plugins/images) ------------------------------------------------------
.PHONY: bench-images sample-images
BENCH_PHOTOS ?= 300

bench-images: $(RUNTIME)  ## N photos of 4000x3000 (.bench/): first and second build times
	$(PY) scripts/bench_images.py --photos $(BENCH_PHOTOS)

sample-images: $(RUNTIME)  ## redraw the sample photos in content/images/mau/
	$(PY) scripts/make_sample_images.py
