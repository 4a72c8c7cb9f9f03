// Package api holds the OpenAPI contract, api/openapi.yaml, for the programs
// that read it at run time: the fake server (tallyfytest), the CLI's mock and
// the conformance tests. The client package (tallyfy) does not import it, so
// the spec and its YAML and validation libraries never reach a program that
// only calls the API.
package api

import (
	_ "embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is api/openapi.yaml, byte for byte.
//
//go:embed openapi.yaml
var YAML []byte

// Spec parses YAML into a fresh document (callers may change it, e.g. its
// servers) and validates it.
func Spec() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, fmt.Errorf("api: parse openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml is not valid: %w", err)
	}
	return doc, nil
}
