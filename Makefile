# tallyfy-go: every gate CI runs is a target here; `make check` runs them all.
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
NPX           := npx --no-install
SPEC          := api/openapi.yaml

# `make` alone runs check: the included mk/*.mk files define targets too, and
# the first target read would otherwise be the default.
.DEFAULT_GOAL := check

# Each mk/*.mk adds its own targets and appends the gates `make check` must run to CHECK_EXTRA.
CHECK_EXTRA   :=
-include mk/*.mk

.PHONY: check generate check-generate lint lint-go lint-spec test node-tools fuzz fuzz-smoke

## check: everything CI runs (the test command named in README.md).
check: check-generate lint test fuzz-smoke $(CHECK_EXTRA)

## generate: regenerate gen/ from api/openapi.yaml.
generate:
	$(GO) generate ./...

## check-generate: fail when gen/ is not what the spec generates.
check-generate: generate
	@git diff --exit-code -- gen/ || { echo "gen/ is stale: run 'make generate' and commit spec and gen/ together" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- gen/)" || { git status --porcelain -- gen/; echo "gen/ has untracked generated files" >&2; exit 1; }

## lint: gofmt, go vet, staticcheck and the spec linters.
lint: lint-go lint-spec

lint-go:
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt needed:"; echo "$$out"; exit 1; } >&2
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) $$($(GO) list ./... | grep -v /gen$$)   # generated code is not linted

## lint-spec: Spectral (spectral:oas, all rules) must report nothing at all.
lint-spec: node-tools
	$(NPX) spectral lint $(SPEC) --ruleset .spectral.yaml --fail-severity=hint

node-tools:
	@test -d node_modules/@stoplight/spectral-cli || scripts/quiet.sh 'npm ci' npm ci --no-audit --no-fund

## test: the Go test suite with the race detector; the Prism test must run, not skip.
test: contract-node-tools
	TALLYFY_REQUIRE_PRISM=1 $(GO) test -race -count=1 ./...

# Fuzz targets: package and name. fuzz-smoke (in check) runs each briefly; fuzz runs them longer.
FUZZ_TARGETS  := tallyfy:FuzzDecodeResponses tallyfy:FuzzPriceBody tallyfy:FuzzDecodeAllocation tallyfy:FuzzParseErrorBody tallyfy:FuzzParseRetryAfter tallyfy:FuzzValidateID tallyfy:FuzzEncodeFieldValues
FUZZ_SMOKE    ?= 3s
FUZZ_TIME     ?= 2m

## fuzz-smoke: every fuzz target for a few seconds (seeded from api/examples).
fuzz-smoke:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$pkg $$name $(FUZZ_SMOKE)"; \
	  out=$$($(GO) test ./$$pkg -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZ_SMOKE) 2>&1) || { echo "$$out"; exit 1; }; done

## fuzz: every fuzz target for FUZZ_TIME (default 2m each).
fuzz:
	@$(MAKE) --no-print-directory fuzz-smoke FUZZ_SMOKE=$(FUZZ_TIME)

.PHONY: help
## help: list the targets that have a `## target: description` line, here and in mk/*.mk.
help:
	@awk '/^## [A-Za-z0-9_.-]+:/ { sub(/^## /, ""); n = index($$0, ":"); \
	  printf "  %-16s %s\n", substr($$0, 1, n - 1), substr($$0, n + 2) }' $(MAKEFILE_LIST)
