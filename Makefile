# Two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
CONFORMANCE ?= ../shared/conformance
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ARGS ?=

.PHONY: run test deps build bench

deps:
	@missing=""; \
	for p in libedit-dev libopenblas-dev pkg-config; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product eddy

run: build
	./.build/release/eddy $(ARGS)

# Serial: the REPL end-to-end suite drives a pseudo-terminal with timeouts, and on two cores a
# parallel run of the interpreter-heavy suites gains little and makes those timings flaky.
test: build
	$(SWIFT) test --no-parallel
	@if [ -d "$(CONFORMANCE)" ]; then \
	  cases=$$(grep -v '^\s*#' Tests/conformance-passing.txt | grep -v '^\s*$$' | sed 's|^|$(abspath $(CONFORMANCE))/cases/|'); \
	  python3 $(CONFORMANCE)/run --eddy .build/release/eddy $$cases; \
	fi

bench: build
	./bench/run $(ARGS)
