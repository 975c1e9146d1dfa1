# zwgk — top-level commands. `make run` and `make test` are all a fresh
# Debian 12 machine needs: both install what is missing first.
#
#   make build         install deps, configure (once), build everything
#   make run           build zwgk, seed var/, serve http://127.0.0.1:8080
#   make test          C++ tests (with a throw-away PostgreSQL) + browser tests
#   make crash         100 kill -9 under load, SQLite and PostgreSQL (issue 20)
#   make soak          30 minutes of mixed load, RSS and fds sampled
#   make fuzz          every libFuzzer target 10M executions (FUZZ_RUNS), issue 20
#   make bench         wrk against zwgk and nginx serving the same home page
#   make bench-records the portal pages at 1,000,000 generated records vs nginx
#   make clean         remove build/ (keeps var/ and node_modules/)
#   make install       the binary, static files, systemd units and examples
#                      (PREFIX=/usr/local, DESTDIR honoured; build first)
#   make deb           a Debian package of the same files (build/zwgk_*.deb)
#
# Variables: BUILD_DIR, BUILD_TYPE, JOBS, DATA_DIR, PORT (e.g. `make run PORT=8081`).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DATA_DIR ?= var
PORT ?= 8080
PREFIX ?= /usr/local
DESTDIR ?=
SYSTEMD_UNIT_DIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
INSTALL_STRIP ?= -s  # INSTALL_STRIP= keeps the debug symbols

ZWGK := $(BUILD_DIR)/zwgk

# ccache hits across checkouts (CI clones into a new folder each run):
# paths are hashed relative to the repository, not with the folder name.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
BROWSER_TESTS := $(wildcard tests/browser/*.spec.mjs)
PROBE_TESTS := $(wildcard tests/probe/*.spec.mjs)

.PHONY: all deps configure build app run test test-cpp test-browser test-probe test-fuzz fuzz test-crash crash soak bench bench-records clean install deb

all: build

deps:
	@scripts/install-deps

# Configure only when there is no build.ninja yet; afterwards ninja re-runs
# cmake by itself when a CMakeLists.txt changes.
configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE); \
	fi

build: configure
	ninja -C $(BUILD_DIR) -j $(JOBS)

# Only the server binary (what `make run` needs).
app: configure
	ninja -C $(BUILD_DIR) -j $(JOBS) zwgk

run: app
	$(ZWGK) --data-dir $(DATA_DIR) init
	$(ZWGK) --data-dir $(DATA_DIR) serve --port $(PORT)

# Runs every suite (C++, browser, probe, fuzz) even if one fails, then fails
# if any did.
test: build
	@status=0; \
	$(MAKE) --no-print-directory test-cpp || status=1; \
	$(MAKE) --no-print-directory test-browser || status=1; \
	$(MAKE) --no-print-directory test-probe || status=1; \
	$(MAKE) --no-print-directory test-fuzz || status=1; \
	$(MAKE) --no-print-directory test-crash || status=1; \
	if [ $$status = 0 ]; then echo "make test: all passed"; else echo "make test: FAILED" >&2; fi; \
	exit $$status

# ctest under a throw-away PostgreSQL cluster (ZWGK_TEST_PG_URL); ctest prints
# the label summary since every test carries a label. No tests found = failure.
test-cpp:
	scripts/with-postgres ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

# Node 20's `node --test DIR` only finds *.test.mjs, so the spec files are listed.
# Node sets no time limit on a test; one that hangs must fail by itself rather
# than run CI out of its time.
NODE_TEST := node --test --test-reporter=spec --test-timeout=$${NODE_TEST_TIMEOUT_MS:-600000}
# ZWGK_BIN / ZWGK_SCREENSHOT_DIR follow BUILD_DIR (and ZWGK=… for another binary).
test-browser:
	@mkdir -p $(BUILD_DIR)/screenshots
	ZWGK_BIN=$(abspath $(ZWGK)) ZWGK_SCREENSHOT_DIR=$(abspath $(BUILD_DIR))/screenshots \
	  $(NODE_TEST) $(BROWSER_TESTS)

# The hostile probe's payloads (issue 12) against a real zwgk process.
test-probe:
	ZWGK_BIN=$(abspath $(ZWGK)) $(NODE_TEST) $(PROBE_TESTS)

# A short libFuzzer run of every fuzz target (fuzz/; a separate clang -O0
# build of only what they link, build-fuzz-quick/), each from fuzz/corpus/.
test-fuzz:
	FUZZ_QUICK=1 FUZZ_SECONDS=$${FUZZ_SECONDS:-3} ZWGK_FUZZ_BUILD=$(abspath $(BUILD_DIR))-fuzz-quick scripts/fuzz

# The long run: FUZZ_RUNS executions of each target, one after the other.
fuzz:
	FUZZ_RUNS=$${FUZZ_RUNS:-10000000} ZWGK_FUZZ_BUILD=$(abspath $(BUILD_DIR))-fuzz nice -n 10 scripts/fuzz

# Issue 20's fault tests against a real zwgk (tests/crash/, docs/operations.md):
# the short forms in `make test`; `make crash` is 100 kill -9 on SQLite and on
# PostgreSQL plus 10 PostgreSQL restarts; `make soak` 30 minutes of load.
CRASH_TESTS := $(wildcard tests/crash/*.spec.mjs)
test-crash:
	ZWGK_BIN=$(abspath $(ZWGK)) $(NODE_TEST) --test-concurrency=1 $(CRASH_TESTS)

crash: app
	ZWGK_BIN=$(abspath $(ZWGK)) node tests/crash/crash.mjs --db sqlite --kills $${KILLS:-100}
	ZWGK_BIN=$(abspath $(ZWGK)) node tests/crash/crash.mjs --db postgres --kills $${KILLS:-100} --pg-restarts $${PG_RESTARTS:-10}

soak: app
	ZWGK_BIN=$(abspath $(ZWGK)) node tests/crash/soak.mjs --seconds $${SOAK_SECONDS:-1800} --samples 30

bench: app
	bench/wrk/home.sh $(ZWGK)

# The portal at a million generated records against nginx (generates the
# data once into $(BUILD_DIR)/bench-1000000; a few minutes the first time).
bench-records: app
	bench/wrk/records.sh $(ZWGK)

clean:
	rm -rf $(BUILD_DIR)

# Operations (docs/operations.md). Templates, migrations and static files
# are embedded in the binary; static/ is installed as well so nginx can
# serve it (dist/nginx/zwgk.conf), with the three front-end files zwgk reads
# from node_modules. Paths in the units follow PREFIX.
install:
	@test -x $(ZWGK) || { echo "make install: $(ZWGK) missing; run make app first" >&2; exit 1; }
	install -Dm755 $(INSTALL_STRIP) $(ZWGK) $(DESTDIR)$(PREFIX)/bin/zwgk
	install -d $(DESTDIR)$(PREFIX)/share/zwgk/static
	cp -R static/. $(DESTDIR)$(PREFIX)/share/zwgk/static/
	for f in echarts/dist/echarts.min.js @wangeditor-next/editor/dist/index.js \
	         @wangeditor-next/editor/dist/css/style.css; do \
	  if [ -f node_modules/$$f ]; then \
	    install -Dm644 node_modules/$$f $(DESTDIR)$(PREFIX)/share/zwgk/node_modules/$$f; \
	  else echo "make install: node_modules/$$f missing (npm ci); dashboards and editor need it" >&2; fi; \
	done
	for f in zwgk.service zwgk-backup.service zwgk-backup.timer; do \
	  sed 's#/usr/local#$(PREFIX)#g' dist/$$f > $(BUILD_DIR)/$$f.installed; \
	  install -Dm644 $(BUILD_DIR)/$$f.installed $(DESTDIR)$(SYSTEMD_UNIT_DIR)/$$f; \
	  rm -f $(BUILD_DIR)/$$f.installed; \
	done
	install -Dm644 dist/zwgk.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/zwgk.conf
	install -Dm644 dist/zwgk.toml.example $(DESTDIR)$(PREFIX)/share/zwgk/zwgk.toml.example
	sed 's#/usr/local#$(PREFIX)#g' dist/nginx/zwgk.conf > $(BUILD_DIR)/nginx-zwgk.conf.installed
	install -Dm644 $(BUILD_DIR)/nginx-zwgk.conf.installed $(DESTDIR)$(PREFIX)/share/zwgk/nginx/zwgk.conf
	rm -f $(BUILD_DIR)/nginx-zwgk.conf.installed
	install -Dm644 docs/operations.md $(DESTDIR)$(PREFIX)/share/zwgk/operations.md
	install -Dm644 dist/zwgk.logrotate $(DESTDIR)$(SYSCONFDIR)/logrotate.d/zwgk

# The same files as a .deb (dpkg-deb; dependencies read from the binary).
deb:
	scripts/make-deb $(BUILD_DIR)
