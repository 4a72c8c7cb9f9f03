// Package bench measures the tallyfy SDK against the floor (net/http + encoding/json into the
// same generated models), against a peer generator (ogen) and against Go's default transport.
// It is its own module so that ogen and the candidate JSON libraries never reach the
// SDK's go.mod. Run `make bench` from the repository root; BENCHMARKS.md has the results.
package bench

// ogenclient is ogen v1.24.0's client for the same api/openapi.yaml, unmodified (ogen accepts
// the spec as it is). Regenerate it, from this directory, with `go generate .` (ogen is a tool
// of this module, pinned in go.mod); ogen.yml says which ogen features are on and why.
//go:generate go tool ogen -config ogen.yml -package ogenclient -target ogenclient -clean ../api/openapi.yaml
