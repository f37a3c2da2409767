# ESpice Analytics — one entry point. `make demo` builds and runs the demo, `make test` runs
# every test; both install missing Debian packages first (sudo when not root).
SWIFT ?= swift
BIN_RELEASE := .build/release/espice-analytics
DEMO_DB ?= analytics_data/demo.db
OUTPUT ?= Output

.PHONY: deps demo test build release bench clean

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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

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
