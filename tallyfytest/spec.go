package tallyfytest

import (
	"encoding/json"
	"fmt"
	"net/http"
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
	relaxToServer(doc)
	// The legacy router needs no dependency beyond kin-openapi (gorillamux needs gorilla/mux).
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("tallyfytest: route the embedded spec: %w", err)
	}
	return &contract{doc: doc, router: router}, nil
})

// findRoute is the router's FindRoute, except that a path parameter may not be empty: kin-openapi's
// legacy router matches PUT /runs/{run_id}/tasks to /runs/{run_id}/tasks/{task_id} with an empty
// task_id, where the API's router finds no route.
func (c *contract) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return nil, nil, err
	}
	for _, v := range params {
		if v == "" {
			return nil, nil, routers.ErrPathNotFound
		}
	}
	return route, params, nil
}

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

// relaxToServer loosens, in the fake's own copy of the spec, the request schemas that are stricter
// than the live server only to keep clients out of a documented trap. The fake checks request
// bodies against the spec, but it must accept what the server accepts, so that a raw request
// shows the trap (and a test can prove the SDK refuses it first):
//
//   - updateRun without users or groups: the server answers 200 and empties the missing set
//     (mcp:tools/process_management.py, seen on production 2026-07-21); the spec requires both;
//   - owners (Assignees) with a bucket missing: the server empties that bucket
//     (mcp:tools/task_management.py, BaseAssignees.php); the spec requires all three;
//   - updateTemplate without users or groups, updateStep without one of its assignee lists: the
//     same (mcp:tools/template_management.py, #624);
//   - prerun or taskdata sent as a JSON list: the server reads keys 0, 1, 2..., matches no field
//     and drops every value with a 2xx (mcp:utils/kickoff_encoding.py); the spec wants an object.
//
// Everything else the spec refuses, the fake refuses too.
func relaxToServer(doc *openapi3.T) {
	schemas := doc.Components.Schemas
	for _, name := range []string{"UpdateRunRequest", "Assignees"} {
		if s := schemas[name]; s != nil && s.Value != nil {
			s.Value.Required = nil
		}
	}
	// updateTemplate without users or groups, updateStep without assignees, guests or groups: the
	// server empties the missing list (mcp:tools/template_management.py, #624); the title stays
	// required, as the server requires it.
	for _, name := range []string{"UpdateTemplateRequest", "UpdateStepRequest"} {
		if s := schemas[name]; s != nil && s.Value != nil {
			s.Value.Required = []string{"title"}
		}
	}
	list := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}, Items: &openapi3.SchemaRef{Value: &openapi3.Schema{}}}}
	for name, prop := range map[string]string{"LaunchRunRequest": "prerun", "UpdateRunRequest": "prerun", "UpdateTaskRequest": "taskdata"} {
		s := schemas[name]
		if s == nil || s.Value == nil || s.Value.Properties[prop] == nil {
			continue
		}
		values := s.Value.Properties[prop]
		s.Value.Properties[prop] = &openapi3.SchemaRef{Value: &openapi3.Schema{AnyOf: openapi3.SchemaRefs{values, list}}}
	}
}
