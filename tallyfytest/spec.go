package tallyfytest

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/tallyfy-go/sdk/v2/api"
)

// contract is the OpenAPI document the generated code was built from, with a router over it.
// The fake checks requests against it, so it rejects exactly what the contract forbids.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

// loadContract parses the embedded spec once per process: parsing and validating it takes
// milliseconds, and tests start many servers. Both values are only read afterwards.
var loadContract = sync.OnceValues(func() (*contract, error) {
	doc, err := api.Spec()
	if err != nil {
		return nil, fmt.Errorf("tallyfytest: load the embedded spec: %w", err)
	}
	// The spec's servers are the production hosts, so the router would match no request sent to
	// the fake. Rewrite them to the fake's own address, whatever host and port it listens on:
	// routing then depends on the path alone, as it does for the generated handler.
	doc.Servers = openapi3.Servers{{
		URL: "{scheme}://{host}",
		Variables: map[string]*openapi3.ServerVariable{
			"scheme": {Default: "http"},
			"host":   {Default: "127.0.0.1"},
		},
	}}
	// The legacy router needs no dependency beyond kin-openapi (gorillamux needs gorilla/mux).
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("tallyfytest: route the embedded spec: %w", err)
	}
	return &contract{doc: doc, router: router}, nil
})

// validateSchema checks v, once encoded as JSON, against the named component schema. The Add
// methods use it so that an object a test loads cannot make the fake answer off-contract.
func validateSchema(name string, v any) error {
	c, err := loadContract()
	if err != nil {
		return err
	}
	ref := c.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("tallyfytest: the spec has no schema %q", name)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("tallyfytest: encode %s: %w", name, err)
	}
	var decoded any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		return fmt.Errorf("tallyfytest: decode %s: %w", name, err)
	}
	if err := ref.Value.VisitJSON(decoded, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("tallyfytest: %s does not match the spec: %w", name, err)
	}
	return nil
}
