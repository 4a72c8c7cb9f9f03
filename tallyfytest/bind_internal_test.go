package tallyfytest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tallyfy-go/sdk/gen"
)

// Request validation refuses everything the generated handler's parameter binding would, so
// bindError only answers if the two ever disagree; this proves it still answers in the API's form.
func TestBindError_AnswersInTheAPIsForm(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		body   string
	}{
		{"missing client header", &gen.RequiredHeaderError{ParamName: "X-Tallyfy-Client"}, 404,
			`{"error":true,"message":"API endpoint not found","code":"ENDPOINT_NOT_FOUND"}`},
		{"bad path parameter", &gen.InvalidParamFormatError{ParamName: "run_id", Err: errors.New("x")}, 400,
			`{"error":true,"message":"The run id format is invalid.","code":"BAD_REQUEST","errors":{"run_id":["The run id format is invalid."]}}`},
		{"bad query parameter", &gen.InvalidParamFormatError{ParamName: "per_page", Err: errors.New("x")}, 422,
			`{"message":"The given data was invalid.","errors":{"per_page":["The per page is invalid."]}}`},
		{"missing query parameter", &gen.RequiredParamError{ParamName: "with"}, 422,
			`{"message":"The given data was invalid.","errors":{"with":["The with field is required."]}}`},
		{"header sent twice", &gen.TooManyValuesForParamError{ParamName: "X-Tallyfy-Client", Count: 2}, 400,
			`{"error":true,"message":"Bad request","code":"BAD_REQUEST","errors":{"X-Tallyfy-Client":["The X-Tallyfy-Client header must be sent once."]}}`},
		{"anything else", errors.New("boom"), 400, `{"error":true,"message":"Bad request","code":"BAD_REQUEST"}`},
	}
	s := newServer(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.bindError(w, httptest.NewRequest(http.MethodGet, "/", nil), tt.err)
			if w.Code != tt.status || w.Body.String() != tt.body || w.Header().Get("Content-Type") != "application/json" {
				t.Errorf("got %d %s, want %d %s", w.Code, w.Body, tt.status, tt.body)
			}
		})
	}
}
