# Hoclieu — `make run` sets up and runs everything locally; `make test` runs every test.
SHELL := /bin/bash
GO    ?= go
# MinIO server, built from source with `go install` at a pinned version.
MINIO_VERSION ?= v0.0.0-20260212201848-7aac2a2c5b7c
# vegeta load generator for `make bench`.
VEGETA_VERSION ?= v12.12.0
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
SUDO  := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RUN_PACKAGES  := postgresql postgresql-contrib ffmpeg libvips-dev poppler-utils
TEST_PACKAGES := $(RUN_PACKAGES) chromium fonts-noto-core

.PHONY: help run test build deps test-deps tools bench fuzz vet clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

run: deps tools build ## install what is missing, build, and run `hoclieu dev` on http://127.0.0.1:8080
	./bin/hoclieu dev

test: test-deps tools ## run every test: unit, integration (real PostgreSQL + MinIO) and browser (headless Chromium)
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...

build: ## build bin/hoclieu
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/hoclieu ./cmd/hoclieu

deps: ## install the Debian packages `make run` needs (only those missing)
	@missing=$$(for p in $(RUN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing: $$missing"; $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; fi

test-deps: ## install the Debian packages `make test` needs (only those missing)
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing: $$missing"; $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; fi

tools: bin/minio ## build the pinned MinIO server into ./bin

bin/minio:
	@echo "building MinIO $(MINIO_VERSION) into ./bin (first time only, a few minutes)"
	GOBIN=$(CURDIR)/bin $(GO) install github.com/minio/minio@$(MINIO_VERSION)

bin/vegeta:
	GOBIN=$(CURDIR)/bin $(GO) install github.com/tsenart/vegeta/v12@$(VEGETA_VERSION)

bench: deps tools build bin/vegeta ## run benchmarks and load tests (see deploy/bench/README.md)
	$(GO) test -run '^$$' -bench . -benchtime 2s ./...
	./deploy/bench/run.sh
	$(GO) run ./deploy/bench/search -docs $${BENCH_SEARCH_DOCS:-100000}
	$(GO) run ./deploy/bench/repository -hoclieu ./bin/hoclieu -vegeta ./bin/vegeta
	$(GO) run ./deploy/bench/assessment -hoclieu ./bin/hoclieu -students $${BENCH_ASSESS_STUDENTS:-5000} -duration $${BENCH_ASSESS_DURATION:-4m}
	$(GO) run ./deploy/bench/study -clients $${BENCH_STUDY_CLIENTS:-1000} -think $${BENCH_STUDY_THINK:-10s} -duration $${BENCH_STUDY_DURATION:-40s}

fuzz: ## run every fuzz target for 30 s each
	@for t in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -h '^func Fuzz' $$t/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s $$t || exit 1; done; done

clean: ## remove built binaries (keeps ./var, the local data)
	rm -f bin/hoclieu
