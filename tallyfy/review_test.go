package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetry_WaitBeyondTheDeadlineReturnsTheAnswer(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "20")
		w.Header().Set("X-Request-Id", "req-9")
		writeJSON(w, 429, `{"message":"Too Many Attempts.","code":"RATE_LIMIT_EXCEEDED"}`)
	})
	c, waits := newTestClient(t, srv.Server)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetRun(ctx, runID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 20*time.Second || apiErr.RequestID != "req-9" {
		t.Fatalf("err = %v, want the 429 itself", err)
	}
	if srv.hits.Load() != 1 || len(*waits) != 0 {
		t.Errorf("attempts = %d, waits = %v: no wait the deadline cannot outlast", srv.hits.Load(), *waits)
	}
}

func TestAPIError_TolerantParsing(t *testing.T) {
	long := `{"error":true,"code":"RESOURCE_NOT_FOUND","message":"Run not found","trace":"` + strings.Repeat("x", 9000) + `"}`
	cases := []struct{ body, code, message string }{
		{long, "RESOURCE_NOT_FOUND", "Run not found"},
		{`{"error":true,"message":"Run not found","code":"RESOURCE_NOT_FOUND","errors":[]}`, "RESOURCE_NOT_FOUND", "Run not found"},
		{`{"message":"Nope","code":500}`, "500", "Nope"},
		{`{"errors":{"f":"a single string"}}`, "", "The given data was invalid."},
		{`{"error":{"code":7,"message":"nested"}}`, "7", "nested"},
	}
	for _, tc := range cases {
		e := newAPIError(&http.Response{StatusCode: 404, Header: http.Header{}}, []byte(tc.body))
		if e.Code != tc.code || e.Message != tc.message {
			t.Errorf("%.60s: code %q message %q", tc.body, e.Code, e.Message)
		}
		if len(e.Body) > maxErrorBody {
			t.Errorf("Body not bounded: %d", len(e.Body))
		}
	}
}

func TestBaseURLParseErrorHidesThePassword(t *testing.T) {
	_, err := NewClient(WithToken("t"), WithBaseURL("https://me:SECRET@go.tallyfy.com:44x/api"))
	if !errors.Is(err, ErrInvalidConfig) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("err = %v", err)
	}
}

func TestNilResponseFromTransportIsAnError(t *testing.T) {
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })}
	c, err := NewClient(WithToken("t"), WithOrganization(testOrg), WithHTTPClient(hc), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRun(context.Background(), runID, nil); err == nil {
		t.Error("want an error")
	}
}

func TestTransportErrorsCarryNoQueryString(t *testing.T) {
	c, _ := NewClient(WithToken("t"), WithOrganization(testOrg), WithBaseURL("http://127.0.0.1:1"), WithMaxRetries(0))
	_, err := c.ListRunsPage(context.Background(), &ListRunsOptions{Query: "secret project"})
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "/organizations/org1/runs") {
		t.Errorf("err = %v", err)
	}
}
