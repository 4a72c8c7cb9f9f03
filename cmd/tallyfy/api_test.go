package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func init() { // tallyfy api's case of TestDryRun_EveryWriteCommandPrintsItsRequestAndSendsNothing
	dryRuns = append(dryRuns, struct {
		args       []string
		method     string
		pathSuffix string
		body       []string
	}{[]string{"api", "PUT", "runs/" + tallyfytest.SampleRunID + "/activate"}, "PUT", "/runs/" + tallyfytest.SampleRunID + "/activate", []string{"(no body)"}})
}

func TestAPICommand_Read(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "api", "get", "runs/"+tallyfytest.SampleRunID+"?with=tasks")
	if code != 0 || !strings.Contains(out, `"id": "`+tallyfytest.SampleRunID+`"`) || !strings.Contains(out, `"tasks"`) {
		t.Fatalf("api GET: exit %d\n%s\n%s", code, out, errOut)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/organizations/"+srv.OrgID+"/runs/"+tallyfytest.SampleRunID || reqs[0].Query().Get("with") != "tasks" {
		t.Fatalf("requests: %+v", reqs)
	}
	if got := reqs[0].Header.Get("X-Tallyfy-Client"); got != "APIClient" {
		t.Errorf("X-Tallyfy-Client = %q", got)
	}
	// A path from the root needs no organization; an error has its exit code.
	out, _, code = cli(t, srv, "api", "GET", "/me")
	if code != 0 || !strings.Contains(out, `"data"`) {
		t.Errorf("api GET /me: exit %d\n%s", code, out)
	}
	_, errOut, code = cli(t, srv, "api", "GET", "runs/0000000000000000000000000000dead")
	if code != exitNotFound {
		t.Errorf("api GET a missing run: exit %d, %s", code, errOut)
	}
}

func TestAPICommand_WriteSentOnceAndBodyFromFile(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	body := filepath.Join(t.TempDir(), "comment.json")
	if err := os.WriteFile(body, []byte(`{"content":"Shipped","label":"comment","visibility":"all"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	path := "tasks/" + tallyfytest.SampleTaskID + "/comment"
	out, errOut, code := cli(t, srv, "api", "POST", path, "--input", body)
	if code != 0 || len(srv.Comments(tallyfytest.SampleTaskID)) != 1 || !strings.Contains(out, "Shipped") {
		t.Fatalf("api POST: exit %d, %d comments\n%s\n%s", code, len(srv.Comments(tallyfytest.SampleTaskID)), out, errOut)
	}
	// Carried out, then a 502: outcome unknown (exit 7), not repeated, and the message says how to check.
	srv.FailOn("POST", "/organizations/*/tasks/*/comment", 1, tallyfytest.Failure{Status: 502, AfterHandling: true})
	srv.ClearRequests()
	_, errOut, code = cli(t, srv, "api", "POST", path, "--input", body)
	if code != exitOutcomeUnknown || len(srv.Requests()) != 1 || !strings.Contains(errOut, "tallyfy api GET "+path) {
		t.Fatalf("api POST answered 502: exit %d, %d requests\n%s", code, len(srv.Requests()), errOut)
	}
	if n := len(srv.Comments(tallyfytest.SampleTaskID)); n != 2 {
		t.Errorf("%d comments, want 2 (the second carried out once)", n)
	}
	// --dry-run sends no write; JSON that is not JSON is refused before anything is sent.
	srv.ClearRequests()
	out, _, code = cli(t, srv, "api", "POST", path, "--input", body, "--dry-run")
	if code != 0 || len(srv.Requests()) != 0 || !strings.Contains(out, `"content": "Shipped"`) {
		t.Errorf("api POST --dry-run: exit %d, %d requests\n%s", code, len(srv.Requests()), out)
	}
	apiStdin = strings.NewReader("{not json")
	t.Cleanup(func() { apiStdin = os.Stdin })
	_, errOut, code = cli(t, srv, "api", "POST", path, "--input", "-")
	if code != exitUsage || len(srv.Requests()) != 0 || !strings.Contains(errOut, "not JSON") {
		t.Errorf("api POST bad JSON: exit %d, %d requests, %s", code, len(srv.Requests()), errOut)
	}
}
