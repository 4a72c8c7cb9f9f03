package conformance_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tallyfy-go/sdk/gen"
)

const specPath = "../api/openapi.yaml"

// TestSpecIsValid loads api/openapi.yaml with kin-openapi and validates it,
// examples and defaults included, with unknown formats treated as errors.
func TestSpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	err := doc.Validate(context.Background(),
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaPatternValidation(),
	)
	if err != nil {
		t.Fatalf("api/openapi.yaml is invalid: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
}

// TestSpecDescribesEveryOperationFully checks what Spectral cannot: each of the
// five operations answers 200, 401, 403, 404, 429 and default, a 429 carries
// Retry-After, and every operation requires the X-Tallyfy-Client header.
func TestSpecDescribesEveryOperationFully(t *testing.T) {
	doc := loadSpec(t)
	want := map[string]bool{"getRun": false, "listRuns": false, "listRunTasks": false, "getTask": false, "getTemplate": false}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if _, ok := want[op.OperationID]; !ok {
				t.Errorf("%s %s: unexpected operation %q", method, path, op.OperationID)
				continue
			}
			want[op.OperationID] = true
			if op.Summary == "" || op.Description == "" || len(op.Tags) == 0 {
				t.Errorf("%s: summary, description and tags are required", op.OperationID)
			}
			for _, code := range []string{"200", "401", "403", "404", "429", "default"} {
				r := op.Responses.Value(code)
				if r == nil || r.Value == nil {
					t.Errorf("%s: no %s response", op.OperationID, code)
					continue
				}
				mt := r.Value.Content.Get("application/json")
				if mt == nil || mt.Schema == nil {
					t.Errorf("%s %s: no application/json schema", op.OperationID, code)
				} else if mt.Example == nil && len(mt.Examples) == 0 {
					t.Errorf("%s %s: no example", op.OperationID, code)
				}
			}
			if h := op.Responses.Value("429").Value.Headers["Retry-After"]; h == nil {
				t.Errorf("%s: 429 has no Retry-After header", op.OperationID)
			}
			var hasClientHeader bool
			for _, p := range op.Parameters {
				if p.Value.In == "header" && p.Value.Name == "X-Tallyfy-Client" && p.Value.Required {
					hasClientHeader = true
				}
				if p.Value.Name == "with" && (p.Value.Style != "form" || p.Value.Explode == nil || *p.Value.Explode) {
					t.Errorf("%s: with must be style=form, explode=false", op.OperationID)
				}
			}
			if !hasClientHeader {
				t.Errorf("%s: X-Tallyfy-Client is not a required header parameter", op.OperationID)
			}
		}
	}
	for id, seen := range want {
		if !seen {
			t.Errorf("operation %s is missing", id)
		}
	}
}

// TestWithSerializesWithLiteralCommas proves the generated client sends
// style=form, explode=false arrays as with=checklist,tasks (oapi-codegen
// before v2.7.0 sent with=checklist%2Ctasks).
func TestWithSerializesWithLiteralCommas(t *testing.T) {
	var gotQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotQuery = r.URL.RawQuery
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	c, err := gen.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	with := []gen.RunInclude{gen.RunIncludeChecklist, gen.RunIncludeTasks, gen.RunIncludeTasksFormFields}
	yes := true
	resp, err := c.GetRun(context.Background(), "org", "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d",
		&gen.GetRunParams{With: &with, FormFieldsValues: &yes, XTallyfyClient: "APIClient"})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "with=checklist,tasks,tasks.form_fields&form_fields_values=true"; gotQuery != want {
		t.Fatalf("RawQuery = %q, want %q", gotQuery, want)
	}
}

func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	if _, err := os.Stat(specPath); err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	return doc
}

func keys[M ~map[string]V, V any](m M) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}
