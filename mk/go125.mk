# The oldest Go the SDK supports. go.mod says `go 1.25.0`, and `make test` runs the suite with the
# current toolchain, which compiles any standard-library API a newer Go added (errors.AsType,
# ...) whatever go.mod says; only the old toolchain itself can prove that the code builds there.
#
#   make test-go125   the Go test suite with $(GO125). Not repeated from `make test`: the race
#                     detector and the Prism runs (they check the contract against the SDK, not the
#                     toolchain, and starting Prism again costs up to a minute)
#
# GOTOOLCHAIN makes the go command fetch that release through the module proxy on first use (to
# the module cache, like any module), so a fresh CI machine needs nothing installed. The run
# fails when go.mod asks for a newer Go (a dependency bump can raise it: `go get` raises go.mod's
# go line to the highest one a dependency declares) and when the code uses an API 1.25 lacks.
# README.md ("Supported Go versions and stability") says which releases are supported.

CHECK_EXTRA += test-go125

.PHONY: test-go125

# The newest 1.25 patch release the proxy serves (`go list -m -versions golang.org/toolchain`).
GO125 ?= go1.25.14

## test-go125: the Go test suite with Go 1.25, the oldest release supported (fails on newer APIs).
test-go125:
	@GOTOOLCHAIN=$(GO125) $(GO) version
	GOTOOLCHAIN=$(GO125) $(GO) test -count=1 -skip '^(TestAgainstPrism|TestCLI_EveryWriteAgainstPrism)$$' ./... \
	  || { echo "test-go125: the module must build and pass with $(GO125): go.mod's go line and the code must not need a newer Go (README.md, Supported Go versions)" >&2; exit 1; }
