package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// canned serves fixed answers by method and path (below the base URL),
// for what the fake does not simulate yet; anything else is a 404.
func canned(t *testing.T, answer func(r *http.Request) (int, string)) *tallyfytest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, body := answer(r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(ts.Close)
	// The sample token passes the plain-http check; only these fields are read.
	return &tallyfytest.Server{URL: ts.URL, Token: tallyfytest.SampleToken, OrgID: tallyfytest.SampleOrgID}
}

func listBody(items ...string) string {
	return fmt.Sprintf(`{"data":[%s],"meta":{"pagination":{"total":%d,"count":%d,"per_page":10,"current_page":1,"total_pages":1,"links":[]}}}`,
		strings.Join(items, ","), len(items), len(items))
}

const (
	cannedRunTask = `{"id":"6c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f","title":"Kick-off call","status":"%s","task_type":"task",` +
		`"run_id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d","position":2,"deadline":"2024-05-24T17:00:00Z",` +
		`"owners":{"users":[1003],"guests":[],"groups":[]},"created_at":"2024-05-20T09:00:00Z","last_updated":"2024-05-21T09:00:00Z"}`
	cannedOneOff = `{"id":"f1d9f8b8287ddec0105d2db870625183","title":"Renew the \u202eSSL certificate","status":"not-started",` +
		`"task_type":"task","run_id":null,"position":0,"deadline":null,"owners":{"users":[],"guests":[],"groups":[]},` +
		`"created_at":"2024-05-20T09:00:00Z","last_updated":"2024-05-21T09:00:00Z"}`
	cannedTemplate = `{"id":"6f1e2d3c4b5a69788796a5b4c3d2e1f0","title":"Client Onboarding V3","status":"published",` +
		`"prerun":[],"created_at":"2024-01-01T00:00:00Z","last_updated":"2024-05-01T00:00:00Z"}`
)

func TestCLI_ListTablesOfTasksAndTemplates(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := canned(t, func(r *http.Request) (int, string) {
		mu.Lock()
		paths = append(paths, r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		switch r.URL.Path {
		case "/organizations/" + tallyfytest.SampleOrgID + "/tasks", "/organizations/" + tallyfytest.SampleOrgID + "/me/tasks":
			return 200, listBody(fmt.Sprintf(cannedRunTask, "in-progress"), cannedOneOff)
		case "/organizations/" + tallyfytest.SampleOrgID + "/checklists":
			return 200, listBody(cannedTemplate)
		}
		return 404, `{"message":"not found"}`
	})
	cases := []struct {
		args      []string
		path      string
		want, not []string
	}{
		{[]string{"tasks", "list", "--status", "active", "-q", "call"}, "/tasks?",
			[]string{"ID  ", "TITLE", "STATUS", "DEADLINE", "RUN", "Kick-off call", "in-progress", "2024-05-24 17:00",
				"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", "- (one-off)", "Renew the SSL certificate"},
			[]string{"\u202e", "OWNERS"}},
		{[]string{"tasks", "list", "--mine", "--status", "overdue"}, "/me/tasks?", []string{"Kick-off call"}, nil},
		{[]string{"templates", "list", "--query", "onboarding"}, "/checklists?",
			[]string{"ID", "TITLE", "STATUS", "Client Onboarding V3", "published"}, nil},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			mu.Lock()
			paths = nil
			mu.Unlock()
			out, errOut, code := cli(t, srv, tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if len(paths) != 1 || !strings.Contains(paths[0], tc.path) {
				t.Errorf("requests %q, want one to %s", paths, tc.path)
			}
		})
	}
}

func TestCLI_MeNeedsNoOrganization(t *testing.T) {
	srv := canned(t, func(r *http.Request) (int, string) {
		if r.URL.Path == "/me" {
			return 200, `{"data":{"id":1002,"email":"bob@globex.example","first_name":"Bob","last_name":"Jones","full_name":"Bob Jones","UTC_offset":null}}`
		}
		return 404, `{"message":"not found"}`
	})
	srv.OrgID = ""
	out, errOut, code := cli(t, srv, "me")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, w := range []string{"ID:", "1002", "Name:", "Bob Jones", "Email:", "bob@globex.example"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	if _, errOut, code := cli(t, srv, "runs", "list"); code != exitAuth || !strings.Contains(errOut, "no organization") {
		t.Errorf("runs list without an organization: exit %d, %q", code, errOut)
	}
}

func TestCLI_WaitPrintsTheTaskOnceCompleted(t *testing.T) {
	var reads atomic.Int32
	srv := canned(t, func(r *http.Request) (int, string) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/runs/3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d/tasks/6c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f") {
			return 404, `{"message":"not found"}`
		}
		status := "completed"
		if reads.Add(1) < 1 {
			status = "in-progress"
		}
		return 200, `{"data":` + fmt.Sprintf(cannedRunTask, status) + `}`
	})
	// The polling itself (the waits, their growth, the 1 s floor) is
	// tallyfy.WaitForTask's, tested there without sleeping.
	out, errOut, code := cli(t, srv, "tasks", "wait", "6c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f",
		"--run", "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", "--interval", "1s", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var task struct{ Status string }
	if err := json.Unmarshal([]byte(out), &task); err != nil || task.Status != "completed" || reads.Load() != 1 {
		t.Errorf("printed %q (%v) after %d reads", out, err, reads.Load())
	}

	// A task that is never completed: out of time is its own exit code.
	reads.Store(-1 << 20)
	_, errOut, code = cli(t, srv, "tasks", "wait", "6c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f",
		"--run", "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", "--timeout", "200ms")
	if code != exitNotCompleted || !strings.Contains(errOut, "was not completed within --timeout 200ms") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// The gate through the stateful fake: an approval exits 0, a rejection and
// an expiry exit 10 (a failure to learn the outcome exits otherwise), and
// the completed task is printed either way.
func TestCLI_WaitExitsNotApprovedOnARejectionOrAnExpiry(t *testing.T) {
	cases := []struct {
		name   string
		decide func(t *testing.T, srv *tallyfytest.Server) (run, id string)
		code   int
		stderr string
		table  string // the task's outcome as printed
	}{
		{"approved", func(t *testing.T, srv *tallyfytest.Server) (string, string) {
			return approval(t, srv, "--approve")
		}, exitOK, "", "Outcome:    approved"},
		{"rejected", func(t *testing.T, srv *tallyfytest.Server) (string, string) {
			return approval(t, srv, "--reject")
		}, exitNotApproved, "tallyfy: rejected: task " + tallyfytest.NotStartedTaskID + " was completed with a rejection, not approved", "Outcome:    rejected"},
		{"expired", func(t *testing.T, srv *tallyfytest.Server) (string, string) {
			// An expiring task at its deadline: the API completes it with
			// is_approved false. The CLI cannot send that (only approvals
			// take a decision), so the SDK's Do does.
			c, ctx := srv.Client(), context.Background()
			task, err := c.CreateTask(ctx, tallyfy.CreateTaskRequest{Title: "Read the handbook", Type: tallyfy.TaskTypeExpiring,
				Owners: tallyfy.Assignees{Users: []int{tallyfytest.MeUserID}}, Deadline: time.Date(2024, 6, 4, 17, 0, 0, 0, time.UTC)})
			if err == nil {
				err = c.Do(ctx, http.MethodPost, c.OrganizationPath("completed-tasks"), nil, map[string]any{"task_id": task.ID, "is_approved": false}, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			return "", task.ID
		}, exitNotApproved, "reached its deadline without being acknowledged", "Outcome:    expired"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := tallyfytest.NewServer()
			t.Cleanup(srv.Close)
			run, id := tc.decide(t, srv)
			args := []string{"tasks", "wait", id}
			if run != "" {
				args = append(args, "--run", run)
			}
			out, errOut, code := cli(t, srv, args...)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) || (tc.stderr == "") != (errOut == "") {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errOut, tc.code, tc.stderr)
			}
			if !strings.Contains(out, id) || !strings.Contains(out, tc.table) {
				t.Errorf("stdout lacks the task and %q:\n%s", tc.table, out)
			}
		})
	}
}

// approval decides the sample run's approval task with flag (--approve or
// --reject) and returns the run and task ids.
func approval(t *testing.T, srv *tallyfytest.Server, flag string) (string, string) {
	t.Helper()
	run, id := tallyfytest.SampleRunID, tallyfytest.NotStartedTaskID
	if _, errOut, code := cli(t, srv, "tasks", "complete", id, "--run", run, flag); code != exitOK {
		t.Fatalf("tasks complete %s: exit %d, %q", flag, code, errOut)
	}
	return run, id
}

func TestCLI_WriteWithNoAnswerIsOutcomeUnknown(t *testing.T) {
	var posts atomic.Int32
	release := make(chan struct{})
	srv := canned(t, func(r *http.Request) (int, string) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			<-release // no answer in time
			return 500, `{}`
		}
		return 404, `{"message":"not found"}`
	})
	defer close(release) // before canned's cleanup closes the server
	_, errOut, code := cli(t, srv, "tasks", "create", "--title", "Call Acme", "--assign", "1002",
		"--deadline", "2025-07-01T17:00:00Z", "--timeout", "300ms")
	if code != exitOutcomeUnknown {
		t.Errorf("exit %d, want %d (stderr %q)", code, exitOutcomeUnknown, errOut)
	}
	for _, w := range []string{"outcome unknown: POST /organizations/" + tallyfytest.SampleOrgID + "/tasks was sent",
		"no answer came before the timeout", "tallyfy tasks list -q 'Call Acme'"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q: %q", w, errOut)
		}
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("the create was sent %d times, want once", n)
	}
}
