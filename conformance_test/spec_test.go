package conformance_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tallyfy-go/sdk/v2/gen"
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

// TestSpecDescribesEveryOperationFully checks what Spectral cannot, for every
// operation of the spec: a summary, a description and tags; a success answer
// and 401, 403, 404, 429 and default, each with a JSON schema and an example;
// Retry-After on 429; `with` as style=form, explode=false; and both credentials
// (the bearer token and the X-Tallyfy-Client header) required.
func TestSpecDescribesEveryOperationFully(t *testing.T) {
	doc := loadSpec(t)
	ops := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops++
			name := op.OperationID
			if name == "" {
				t.Errorf("%s %s: no operationId", method, path)
			}
			if op.Summary == "" || op.Description == "" || len(op.Tags) == 0 {
				t.Errorf("%s: summary, description and tags are required", name)
			}
			success := ""
			for code := range op.Responses.Map() {
				if len(code) == 3 && code[0] == '2' {
					success = code
				}
			}
			if success == "" {
				t.Errorf("%s: no 2xx response", name)
			}
			for _, code := range []string{success, "401", "403", "404", "429", "default"} {
				r := op.Responses.Value(code)
				if r == nil || r.Value == nil {
					t.Errorf("%s: no %s response", name, code)
					continue
				}
				if code == "204" {
					// No Content: a success without a body (deleteGroup,
					// documentation groups/delete-group) has nothing to describe.
					if len(r.Value.Content) != 0 {
						t.Errorf("%s 204: a No Content answer with a body schema", name)
					}
					continue
				}
				if bin := r.Value.Content.Get("application/octet-stream"); code == success && bin != nil && bin.Schema != nil && bin.Schema.Value.Format == "binary" {
					continue // a download (downloadFile): the file's bytes
				}
				mt := r.Value.Content.Get("application/json")
				if mt == nil || mt.Schema == nil {
					t.Errorf("%s %s: no application/json schema", name, code)
				} else if mt.Example == nil && len(mt.Examples) == 0 {
					t.Errorf("%s %s: no example", name, code)
				}
			}
			if r := op.Responses.Value("429"); r != nil && r.Value.Headers["Retry-After"] == nil {
				t.Errorf("%s: 429 has no Retry-After header", name)
			}
			for _, p := range op.Parameters {
				if p.Value.Name == "with" && (p.Value.Style != "form" || p.Value.Explode == nil || *p.Value.Explode) {
					t.Errorf("%s: with must be style=form, explode=false", name)
				}
			}
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			if len(security) != 1 || security[0]["bearerAuth"] == nil || security[0]["tallyfyClient"] == nil {
				t.Errorf("%s: security must require bearerAuth and tallyfyClient together, got %v", name, security)
			}
		}
	}
	if ops == 0 {
		t.Fatal("the spec has no operations")
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
		&gen.GetRunParams{With: &with, FormFieldsValues: &yes})
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
