package conformance_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	runPath   = "/organizations/8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f/runs/3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
	validRun  = `{"data":{"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d","increment_id":1,"checklist_id":"6f1e2d3c4b5a69788796a5b4c3d2e1f0","checklist_title":"T","name":"N","summary":null,"status":"active","progress":{"complete":0,"total":1,"percent":0},"whole_progress":{"complete":0,"total":1,"percent":0},"started_by":1,"owner_id":1,"prerun":{},"prerun_status":"complete","starred":false,"created_at":"2024-05-20T11:00:00Z","started_at":"2024-05-20T11:00:00.000Z","last_updated":"2024-05-20T11:00:00Z","completed_at":null,"archived_at":null,"due_date":null,"due_date_passed":false,"due_soon":false,"late_tasks":0,"collaborators":[],"type":"procedure","is_public":false,"users":[],"groups":[],"parent_id":null}}`
	validHdrs = "X-Tallyfy-Client"
)

// TestHarnessReportsBrokenExchanges proves the validator can fail: each case
// is a deliberately broken request or response, and each must be reported.
func TestHarnessReportsBrokenExchanges(t *testing.T) {
	cases := []struct {
		name    string
		query   string
		header  bool
		status  int
		retry   string
		body    string
		reports string
	}{
		{"control: a valid exchange passes", "with=checklist,tasks", true, 200, "", validRun, ""},
		{"missing required field", "", true, 200, "", strings.Replace(validRun, `{"data":{"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d",`, `{"data":{`, 1), "id"},
		{"wrong type", "", true, 200, "", strings.Replace(validRun, `"increment_id":1`, `"increment_id":"1"`, 1), "increment_id"},
		{"undeclared status code", "", true, 204, "", "", "not declared"},
		{"bad date-time", "", true, 200, "", strings.Replace(validRun, `"created_at":"2024-05-20T11:00:00Z"`, `"created_at":"2024-05-20T11:00:00"`, 1), "created_at"},
		{"id not 32 hex", "", true, 200, "", strings.Replace(validRun, `"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"`, `"id":"PROCESS_RUN_ID"`, 1), "id"},
		{"progress of no documented shape", "", true, 200, "", strings.Replace(validRun, `"progress":{"complete":0,"total":1,"percent":0}`, `"progress":"75%"`, 1), "progress"},
		{"relation of no documented shape", "", true, 200, "", strings.Replace(validRun, `"prerun":{}`, `"prerun":{},"tasks":"none"`, 1), "tasks"},
		{"429 without Retry-After", "", true, 429, "", `{"message":"Too Many Attempts."}`, "Retry-After"},
		{"error body of the wrong shape", "", true, 404, "", `{"message":404}`, "message"},
		{"exploded with", "with=checklist&with=tasks", true, 200, "", validRun, "explode=false"},
		{"malformed with value", "with=ta%20sks", true, 200, "", validRun, "with"},
		{"missing X-Tallyfy-Client", "", false, 200, "", validRun, validHdrs},
		{"non-boolean form_fields_values", "form_fields_values=yes", true, 200, "", validRun, "form_fields_values"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.retry != "" {
					w.Header().Set("Retry-After", tc.retry)
				}
				if tc.body != "" {
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			v := newValidator(t, srv.URL, nil)
			req, _ := http.NewRequest(http.MethodGet, srv.URL+runPath+"?"+tc.query, nil)
			req.Header.Set("Authorization", "Bearer x")
			if tc.header {
				req.Header.Set("X-Tallyfy-Client", "APIClient")
			}
			resp, err := v.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if tc.reports == "" {
				if err := v.Violations(); err != nil {
					t.Fatalf("valid exchange reported: %v", err)
				}
				return
			}
			err = v.Violations()
			if err == nil {
				t.Fatalf("the harness missed it")
			}
			if !strings.Contains(err.Error(), tc.reports) {
				t.Errorf("violations do not mention %q:\n%v", tc.reports, err)
			}
		})
	}
}

func TestHarnessReportsPerPageAboveCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	v := newValidator(t, srv.URL, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/organizations/o/runs?per_page=500", nil)
	req.Header.Set("X-Tallyfy-Client", "APIClient")
	resp, err := v.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v.Count() < 2 { // the request (per_page) and the response (empty 200)
		t.Fatalf("violations = %v", v.Violations())
	}
	if !strings.Contains(v.Violations().Error(), "per_page") {
		t.Errorf("violations = %v", v.Violations())
	}
}
