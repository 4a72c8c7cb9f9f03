# The Go API compatibility gate: what Go users compile against, judged like the contract
# (mk/contract.mk, spec-gate) but for the exported Go API. RELEASING.md has the rules.
#
#   make api-gate       apidiff between the last release's API (api/baseline/go-api.zip) and the
#                       tree: an incompatible change needs a new major tallyfy.Version and a
#                       CHANGELOG bullet marked **BREAKING** (Go); the tool's own tests first
#   make api-baseline   record the tree's API as the last release's (a release step)
#
# The gate is tools/apigate, a Go module of its own, so that golang.org/x/exp/apidiff and
# golang.org/x/tools never reach the SDK's go.mod.

CHECK_EXTRA += api-gate

.PHONY: api-gate api-baseline

APIGATE_DIR := tools/apigate

## api-gate: the Go API against the last release's (apidiff, tools/apigate); breaks need a major bump.
api-gate:
	cd $(APIGATE_DIR) && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...
	cd $(APIGATE_DIR) && $(GO) test -count=1 ./...
	@cd $(APIGATE_DIR) && $(CURDIR)/scripts/quiet.sh api-gate $(GO) run . -root $(CURDIR)

## api-baseline: record the tree's Go API as the last release's, api/baseline/go-api.zip (RELEASING.md).
api-baseline:
	cd $(APIGATE_DIR) && $(GO) run . -write -root $(CURDIR)
