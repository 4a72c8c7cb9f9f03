package tallyfytest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Request validation refuses nearly everything the generated handler's parameter binding would
// (not a parameter sent twice, which kin-openapi reads by its first value); bindError answers the
// rest in the same form, with the binding's own message, and finds in the spec where the operation
// takes the parameter.
func TestBindError_AnswersInTheAPIsForm(t *testing.T) {
	run := "/organizations/" + SampleOrgID + "/runs/" + SampleRunID
	tests := []struct {
		name   string
		path   string
		err    error
		status int
		body   string
	}{
		{"missing client header", run, &gen.RequiredHeaderError{ParamName: "X-Tallyfy-Client"}, 404,
			`{"error":true,"message":"API endpoint not found","code":"ENDPOINT_NOT_FOUND"}`},
		{"bad path parameter", run, &gen.InvalidParamFormatError{ParamName: "run_id", Err: errors.New("x")}, 400,
			`{"error":true,"message":"Invalid format for parameter run_id: x","errors":{"run_id":["Invalid format for parameter run_id: x"]}}`},
		{"bad query parameter", run, &gen.InvalidParamFormatError{ParamName: "with", Err: errors.New("x")}, 422,
			`{"message":"The given data was invalid.","errors":{"with":["Invalid format for parameter with: x"]}}`},
		// checklist_id is a query parameter of listRuns and a path parameter of getTemplate.
		{"query parameter named like a path parameter", "/organizations/" + SampleOrgID + "/runs",
			&gen.InvalidParamFormatError{ParamName: "checklist_id", Err: errors.New("x")}, 422,
			`{"message":"The given data was invalid.","errors":{"checklist_id":["Invalid format for parameter checklist_id: x"]}}`},
		{"missing query parameter", run, &gen.RequiredParamError{ParamName: "with"}, 422,
			`{"message":"The given data was invalid.","errors":{"with":["Query argument with is required, but not found"]}}`},
		{"header sent twice", run, &gen.TooManyValuesForParamError{ParamName: "X-Tallyfy-Client", Count: 2}, 400,
			`{"error":true,"message":"Expected one value for X-Tallyfy-Client, got 2","errors":{"X-Tallyfy-Client":["Expected one value for X-Tallyfy-Client, got 2"]}}`},
		{"anything else", run, errors.New("boom"), 400, `{"error":true,"message":"boom","errors":{"request":["boom"]}}`},
	}
	s := newServer(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.bindError(w, httptest.NewRequest(http.MethodGet, tt.path, nil), tt.err)
			if w.Code != tt.status || w.Body.String() != tt.body || w.Header().Get("Content-Type") != "application/json" {
				t.Errorf("got %d %s, want %d %s", w.Code, w.Body, tt.status, tt.body)
			}
		})
	}
}
