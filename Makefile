# ESpice Analytics — one entry point. `make demo` builds and runs the demo, `make test` runs
# every test; both install missing Debian packages first (sudo when not root).
SWIFT ?= swift
BIN_RELEASE := .build/release/espice-analytics
DEMO_DB ?= analytics_data/demo.db
OUTPUT ?= Output

.PHONY: deps demo test build release bench clean fuzz

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product espice-analytics

# The Swift runtime linked in: the binary runs where Swift is not installed, and starts faster.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product espice-analytics

demo: release
	$(BIN_RELEASE) demo --db $(DEMO_DB) --output $(OUTPUT) --replace
	$(BIN_RELEASE) db info --db $(DEMO_DB)

# One test at a time: many tests wait on child processes (the CLI, python3, pdftotext, Chromium)
# and on a 2-core machine two of them fill Swift's cooperative pool, starving the in-process
# daemons of the ingest tests (a 1 s shutdown then took 22 s). 200 s instead of 130 s here.
# The PostgreSQL tests (issue 17) run against a throwaway local server that
# scripts/start-postgres.sh starts, or reuses, and points them at (ESPICE_TEST_POSTGRES_URL,
# PGPASSWORD, ESPICE_TEST_POSTGRES_CA); set those yourself to use another server.
test: deps
	$(SWIFT) build --build-tests
	if [ -z "$${ESPICE_TEST_POSTGRES_URL:-}" ]; then env=$$(scripts/start-postgres.sh) && eval "$$env"; fi \
		&& $(SWIFT) test --skip-build --no-parallel

bench: release
	@scripts/install-deps.sh --bench
	scripts/bench.sh

clean:
	rm -rf .build

# Every chart type on demo data in SVG, PNG and PDF: open .build/gallery/index.html.
GALLERY ?= .build/gallery
.PHONY: gallery
gallery: deps
	$(SWIFT) build --product espice-analytics
	.build/debug/espice-analytics gallery $(GALLERY)

# The libFuzzer targets of Tests/Fuzz, FUZZ_SECONDS each (docs/security.md); built with swiftc
# into .build-fuzz/, apart from the package build.
# FUZZ_SEED fixes libFuzzer's seed (CI sets it so that its smoke pass is repeatable).
FUZZ_SECONDS ?= 60
FUZZ_SEED ?=
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) scripts/fuzz.sh
