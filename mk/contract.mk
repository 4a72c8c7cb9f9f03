# The spec as a contract for other language teams: Redocly lint, a TypeScript consumer, the
# HTML reference and the breaking-change gate. Included by the Makefile (`-include mk/*.mk`);
# `make check` runs every target appended to CHECK_EXTRA.
#
#   make lint-redocly   redocly lint api/openapi.yaml: 0 errors, 0 warnings (rules: redocly.yaml)
#   make ts-consumer    the TypeScript package consumers/typescript (@tallyfy-go/api-client): version
#                       = spec's, types current, strict build to dist/, packed and installed, consumer
#                       and must-fail checks, its example against `tallyfy mock` (needs Go, or
#                       TS_CONSUMER_CLI=path/to/tallyfy)
#   make ts-types       regenerate consumers/typescript/schema.d.ts from the spec
#   make spec-gate      oasdiff breaking-change gate + version agreement (tools/specgate)
#   make docs           build docs/api.html (self-contained Redoc page)
#   make docs-check     fail when docs/api.html is not what `make docs` builds
#   make docs-render    open docs/api.html in headless Chromium, offline (manual: not in CI)
#   make contract       all of the above that CI runs

CHECK_EXTRA += lint-redocly ts-consumer spec-gate docs-check

.PHONY: contract contract-node-tools lint-redocly ts-types ts-consumer spec-gate docs docs-check docs-render

# Redocly CLI: no usage data sent, no update check against the registry.
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

DOCS_HTML    := docs/api.html
DOCS_TMP     := docs/.tmp
SPECGATE_DIR := tools/specgate

contract: lint-redocly ts-consumer spec-gate docs-check

# The Makefile's node-tools only checks that Spectral is installed, so a node_modules from before
# the contract tools were pinned would pass it. npm writes node_modules/.package-lock.json on every
# install: reinstall from the lockfile whenever package.json or package-lock.json is newer.
contract-node-tools: node-tools node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@scripts/quiet.sh 'npm ci' npm ci --no-audit --no-fund

## lint-redocly: Redocly's `all` ruleset minus the rules redocly.yaml switches off, with reasons.
## Redocly exits non-zero on errors only, so the JSON totals are checked for warnings too.
lint-redocly: contract-node-tools
	@scripts/quiet.sh 'redocly lint' $(NPX) redocly lint $(SPEC) --lint-config=error
	@$(NPX) redocly lint $(SPEC) --lint-config=error --format=json 2>/dev/null \
	  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).totals;if(t.errors||t.warnings||t.ignored){console.error("redocly lint: "+JSON.stringify(t)+", want 0 errors, 0 warnings, 0 ignored");process.exit(1)}console.log("redocly lint: 0 errors, 0 warnings")})'

## ts-types: regenerate the committed TypeScript types other teams can read and diff (the package's schema.d.ts).
ts-types: contract-node-tools
	$(NPX) openapi-typescript $(SPEC) --array-length -o consumers/typescript/schema.d.ts

## ts-consumer: the TypeScript package builds, installs and passes its checks; its example runs on `tallyfy mock` (scripts/ts-consumer.sh).
ts-consumer: contract-node-tools
	scripts/ts-consumer.sh

## spec-gate: the oasdiff breaking-change gate and version agreement (its own Go module, tools/specgate).
spec-gate:
	cd $(SPECGATE_DIR) && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...
	cd $(SPECGATE_DIR) && $(GO) test -count=1 ./...
	@cd $(SPECGATE_DIR) && $(CURDIR)/scripts/quiet.sh spec-gate $(GO) run . -root $(CURDIR)

## docs: the HTML reference, Redoc bundle inlined so it opens offline.
docs: contract-node-tools
	$(NPX) redocly build-docs $(SPEC) --inlineBundle -o $(DOCS_HTML)

## docs-check: fail when docs/api.html is not what `make docs` builds (the output is deterministic).
docs-check: contract-node-tools
	@mkdir -p $(DOCS_TMP)
	@scripts/quiet.sh 'redocly build-docs' $(NPX) redocly build-docs $(SPEC) --inlineBundle -o $(DOCS_TMP)/api.html
	@cmp -s $(DOCS_TMP)/api.html $(DOCS_HTML) || { echo "$(DOCS_HTML) is stale: run 'make docs' and commit it with the spec" >&2; exit 1; }
	@echo "$(DOCS_HTML) is up to date"

## docs-render: open docs/api.html in headless Chromium, offline (needs Debian's chromium; not in CI).
docs-render:
	node --experimental-websocket scripts/check-docs-render.mjs $(DOCS_HTML) $(DOCS_TMP)/api.png
