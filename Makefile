# tallyfy-go: every gate CI runs is a target here; `make check` runs them all.
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
NPX           := npx --no-install
SPEC          := api/openapi.yaml

# Each mk/*.mk adds its own targets and appends the gates `make check` must run to CHECK_EXTRA.
CHECK_EXTRA   :=
-include mk/*.mk

.PHONY: check generate check-generate lint lint-go lint-spec test node-tools

## check: everything CI runs (the test command named in README.md).
check: check-generate lint test $(CHECK_EXTRA)

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
	@test -d node_modules/@stoplight/spectral-cli || npm ci --no-audit --no-fund

## test: the Go test suite with the race detector.
test:
	$(GO) test -race -count=1 ./...
