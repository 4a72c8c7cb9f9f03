package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestAPIError_ParsesEveryDocumentedBody(t *testing.T) {
	cases := []struct {
		name, body    string
		status        int
		code, message string
		fields        int
	}{
		{"error true with code", `{"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"}`, 404, "RESOURCE_NOT_FOUND", "Resource not found", 0},
		{"laravel message", `{"message":"Unauthenticated."}`, 401, "", "Unauthenticated.", 0},
		{"nested error object", `{"error":{"code":"SEAT_POOL_EXHAUSTED","message":"No seats","details":{"pool_type":"full"}}}`, 409, "SEAT_POOL_EXHAUSTED", "No seats", 0},
		{"errors map with message", `{"message":"The given data was invalid.","errors":{"per_page":["too big"],"q":["bad"]}}`, 422, "", "The given data was invalid.", 2},
		{"errors map without message", `{"error":true,"errors":{"field_name":["The field_name is required."]}}`, 422, "", "The given data was invalid.", 1},
		{"oauth string error", `{"error":"invalid_client"}`, 401, "invalid_client", "Unauthorized", 0},
		{"rate limit", `{"message":"You've reached the hourly limit","code":"RATE_LIMIT_EXCEEDED"}`, 429, "RATE_LIMIT_EXCEEDED", "You've reached the hourly limit", 0},
		{"html page", `<html><body>Bad Gateway</body></html>`, 502, "", "Bad Gateway", 0},
		{"empty body", ``, 503, "", "Service Unavailable", 0},
		{"json array", `[1,2]`, 500, "", "Internal Server Error", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tc.status, tc.body) })
			c, _ := newTestClient(t, srv.Server, WithMaxRetries(0))
			_, err := c.GetTask(context.Background(), taskID, nil)
			var e *APIError
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if e.StatusCode != tc.status || e.Code != tc.code || e.Message != tc.message || len(e.Errors) != tc.fields {
				t.Errorf("APIError = %+v", e)
			}
			if string(e.Body) != tc.body {
				t.Errorf("Body = %q", e.Body)
			}
			if e.Method != "GET" || e.Path != "/organizations/org1/tasks/"+taskID {
				t.Errorf("Method/Path = %s %s", e.Method, e.Path)
			}
			if !strings.Contains(err.Error(), tc.message) || (tc.code != "" && !strings.Contains(err.Error(), tc.code)) {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

func TestAPIError_SentinelsMatchOnlyTheirStatus(t *testing.T) {
	sentinels := map[error][]int{
		ErrUnauthorized: {401},
		ErrForbidden:    {403},
		ErrNotFound:     {404},
		ErrValidation:   {400, 422},
		ErrRateLimited:  {429},
		ErrServer:       {500, 502, 503, 504, 599},
	}
	for _, status := range []int{400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 599} {
		e := &APIError{StatusCode: status}
		for sentinel, statuses := range sentinels {
			want := false
			for _, s := range statuses {
				want = want || s == status
			}
			if got := errors.Is(e, sentinel); got != want {
				t.Errorf("errors.Is(%d, %v) = %v, want %v", status, sentinel, got, want)
			}
		}
	}
}

func TestAPIError_BodyIsBounded(t *testing.T) {
	big := `{"message":"` + strings.Repeat("x", 100<<10) + `"}`
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, big) })
	c, _ := newTestClient(t, srv.Server)
	_, err := c.GetRun(context.Background(), runID, nil)
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if len(e.Body) != maxErrorBody {
		t.Errorf("len(Body) = %d, want %d", len(e.Body), maxErrorBody)
	}
}

func TestAPIError_ErrorStringListsValidationFields(t *testing.T) {
	e := &APIError{StatusCode: 422, Message: "The given data was invalid.", Errors: map[string][]string{"q": {"bad"}, "per_page": {"too big"}}}
	want := "tallyfy: 422 Unprocessable Entity: The given data was invalid.; per_page: too big; q: bad"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
}

func TestSuccessBodiesThatAreNotTheAPIsAreInvalidResponses(t *testing.T) {
	cases := []struct {
		name, contentType, body string
	}{
		{"html with 200", "text/html", "<html>maintenance</html>"},
		{"json with a wrong content type", "text/plain", fixture(t, "getRun.200.minimal.json")},
		{"empty body", "application/json", ""},
		{"data null", "application/json", `{"data":null}`},
		{"no data", "application/json", `{"meta":{}}`},
		{"truncated", "application/json", `{"data":{"id":"3f2a`},
		{"invalid json", "application/json", `{"data":{,}}`},
		{"wrong type", "application/json", `{"data":{"id":42}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				_, _ = w.Write([]byte(tc.body))
			})
			c, _ := newTestClient(t, srv.Server)
			run, err := c.GetRun(context.Background(), runID, nil)
			if !errors.Is(err, ErrInvalidResponse) || run != nil {
				t.Fatalf("run, err = %v, %v; want nil, ErrInvalidResponse", run, err)
			}
			if srv.hits.Load() != 1 {
				t.Errorf("attempts = %d: an invalid body is not retried", srv.hits.Load())
			}
		})
	}
}
