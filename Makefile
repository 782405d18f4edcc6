# Two commands on a fresh machine: `make html` builds the site, `make test` runs every test.
PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check --quiet
RUNTIME := $(VENV)/.runtime-installed
TESTDEPS := $(VENV)/.test-installed
# Browser tests: Debian's Chromium (never a browser download) and axe-core from npm, pinned.
CHROMIUM := /usr/bin/chromium
AXE_VERSION := 4.14.1
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js
PORT ?= 8000
# Publishing (issue 11): Debian tools the upload targets and the hosting tests use (nginx and
# Apache serve the published site in tests; only the binaries, no service is started).
NGINX := /usr/sbin/nginx
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
HOSTING_TOOLS := $(NGINX) $(NGINX_BROTLI) /usr/sbin/apache2 /usr/bin/lftp /usr/bin/rsync

.PHONY: html serve test lint clean help

help:
	@echo "make html   build the site into output/ (creates .venv on first run)"
	@echo "make serve  serve output/ on http://localhost:$(PORT)"
	@echo "make test   install the test tools and run the whole test suite"
	@echo "make lint   check style and common bugs with ruff (format: .venv/bin/ruff format)"
	@echo "make clean  remove output/ and caches"
	@echo "make newpost TITLE=\"...\" CATEGORY=\"...\"  new draft article (AUTHOR=, TAGS= optional)"
	@echo "make check  check every content file; FIX=1 also converts decomposed (NFD) text"
	@echo "make publish  SITEURL=https://... : build the public site into public/ (docs/deploy.md)"
	@echo "make rsync_upload | ftp_upload | s3_upload | github  upload public/ (DRY_RUN=1: show only)"
	@echo "make devserver  preview on http://localhost:$(PORT), rebuilt and reloaded on every save"
	@echo "make import SRC=... OUT=...  import an old portal's saved pages (CATEGORY=..., FORCE=1)"
	@echo "make bench-import  pages imported per second over generated pages"
	@echo "make bench-images  time two builds of $(BENCH_PHOTOS) photos of 4000x3000 (BENCH_PHOTOS=50 for fewer)"
	@echo "make bench-search  index size and bytes one query transfers on 10,000 articles (ARTICLES=)"
	@echo "make bench  build time, memory, output of the project vs stock Pelican (N=\"10000 20000\" RUNS=3 PROFILE=1|edit|add)"

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

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

$(AXE): | $(PY)
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/npm axe-core@$(AXE_VERSION)

test: $(TESTDEPS) $(CHROMIUM) $(AXE) $(HOSTING_TOOLS)
	$(PY) -m pytest

LINTED := plugins scripts tests pelicanconf.py publishconf.py

lint: $(TESTDEPS)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

clean:
	rm -rf output .output-* public .pytest_cache
	find plugins scripts tests -name __pycache__ -type d -exec rm -rf {} +
	# Performance (issue 9): Pelican's content cache (CACHE_PATH in pelicanconf.py)
	rm -rf cache/pelican

# --- Editors' tools (issue 5): new article, content check, live preview -------------------
# make passes TITLE, CATEGORY, AUTHOR and TAGS given on its command line to the script's environment.
.PHONY: newpost check devserver

newpost: $(RUNTIME)
	@$(PY) scripts/newpost.py --port $(PORT)

check: $(RUNTIME)
	@$(PY) scripts/check_content.py $(if $(FIX),--fix)

devserver: $(RUNTIME)
	$(PY) scripts/devserver.py --port $(PORT)

# --- Legacy import (issue 10): old portal pages to Markdown ---------------------------
.PHONY: import bench-import
import: $(RUNTIME)
	@test -n "$(SRC)" -a -n "$(OUT)" || { echo "Cách dùng: make import SRC=thu-muc-trang-cu OUT=content/tin-cu [CATEGORY='Tin tức - Sự kiện'] [FORCE=1]"; exit 2; }
	$(PY) scripts/import_legacy.py $(SRC) --out "$(OUT)" $(if $(CATEGORY),--category "$(CATEGORY)") $(if $(FORCE),--force)

bench-import: $(RUNTIME)
	$(PY) scripts/bench_import.py

# --- Images (plugins/images) ------------------------------------------------------
.PHONY: bench-images sample-images
BENCH_PHOTOS ?= 300

bench-images: $(RUNTIME)  ## N photos of 4000x3000 (.bench/): first and second build times
	$(PY) scripts/bench_images.py --photos $(BENCH_PHOTOS)

sample-images: $(RUNTIME)  ## redraw the sample photos in content/images/mau/
	$(PY) scripts/make_sample_images.py

# --- Publishing (issue 11): make publish, uploads, the nginx snippet ----------------------------
# `make publish` builds with publishconf.py (SITEURL from the environment) into public/, swapped in
# only when the build succeeded; output/ stays the local preview. Uploads read their settings
# from the environment (docs/deploy.md); DRY_RUN=1 shows what would be sent.
PUBLISH_DIR ?= public
UPLOAD := $(PY) scripts/upload.py --source $(PUBLISH_DIR)
.PHONY: publish rsync_upload ftp_upload s3_upload github hosting-files

publish: $(RUNTIME)
	$(PY) scripts/sitebuild.py --settings publishconf.py --output $(PUBLISH_DIR)

rsync_upload: $(RUNTIME) /usr/bin/rsync
	$(UPLOAD) rsync

ftp_upload: $(RUNTIME) /usr/bin/lftp
	$(UPLOAD) ftp

s3_upload: $(RUNTIME)
	$(UPLOAD) s3

github: $(RUNTIME)
	$(UPLOAD) github

hosting-files: $(RUNTIME)
	$(PY) scripts/hosting_files.py

$(NGINX):
	command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light; }

$(NGINX_BROTLI): | $(NGINX)
	apt-get update -qq && apt-get install -y -qq libnginx-mod-http-brotli-static

/usr/sbin/apache2:
	apt-get update -qq && apt-get install -y -qq apache2-bin

/usr/bin/lftp:
	apt-get update -qq && apt-get install -y -qq lftp

/usr/bin/rsync:
	apt-get update -qq && apt-get install -y -qq rsync

# --- Search (issue 8): index size and bytes one query transfers on a 10,000-article site ---------
.PHONY: bench-search

bench-search: $(TESTDEPS) $(CHROMIUM)
	$(PY) scripts/bench_search.py --articles $(or $(ARTICLES),10000)

# --- Build benchmark (issue 9): the project against stock Pelican on a generated corpus ----------
# N: corpus sizes (articles), RUNS: builds per scenario, PROFILE=1: a timed and a profiled cold build
# instead; PROFILE=edit (or add): the same for a rebuild after editing (adding) one article, caches warm. The corpus,
# outputs and results (.bench/results-N.json) go to .bench/ (git-ignored).
.PHONY: bench

bench: $(RUNTIME)
	$(PY) scripts/bench.py --articles $(or $(N),10000) --runs $(or $(RUNS),3) $(if $(PROFILE),--profile $(if $(filter edit add,$(PROFILE)),$(PROFILE),cold))
