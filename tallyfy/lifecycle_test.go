package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestLifecycle_SendsEachToItsPathAndAcceptsTheDocumentedAnswers: each call
// sends its method and path with no body, and takes what the documentation
// says the API answers (an empty 200, a 204) as success.
func TestLifecycle_SendsEachToItsPathAndAcceptsTheDocumentedAnswers(t *testing.T) {
	cases := []struct {
		name, method, path string
		status             int
		body               string
		call               func(context.Context, *Client) error
	}{
		{"DeleteRunPermanently", "DELETE", "/organizations/org1/runs/" + runID + "/delete", 200, "",
			func(ctx context.Context, c *Client) error { return c.DeleteRunPermanently(ctx, runID) }},
		{"ArchiveTask", "DELETE", "/organizations/org1/tasks/" + taskID, 204, "",
			func(ctx context.Context, c *Client) error { return c.ArchiveTask(ctx, taskID) }},
		{"RestoreTask with the task", "PUT", "/organizations/org1/tasks/" + taskID + "/restore", 200, fixture(t, "restoreTask.200.restored.json"),
			func(ctx context.Context, c *Client) error { return c.RestoreTask(ctx, taskID) }},
		{"RestoreTask without a body", "PUT", "/organizations/org1/tasks/" + taskID + "/restore", 204, "",
			func(ctx context.Context, c *Client) error { return c.RestoreTask(ctx, taskID) }},
		{"DeleteTaskPermanently", "DELETE", "/organizations/org1/tasks/" + taskID + "/delete", 204, "",
			func(ctx context.Context, c *Client) error { return c.DeleteTaskPermanently(ctx, taskID) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.body == "" {
					w.WriteHeader(tc.status)
					return
				}
				writeJSON(w, tc.status, tc.body)
			})
			c, _ := newTestClient(t, srv.Server)
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			req := srv.last()
			if req.Method != tc.method || req.URL.Path != tc.path || req.ContentLength > 0 {
				t.Errorf("sent %s %s (%d bytes), want %s %s with no body", req.Method, req.URL.Path, req.ContentLength, tc.method, tc.path)
			}
		})
	}
}

func TestDeleteRunPermanently_RefusalIsTypedAndNotOutcomeUnknown(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 422, fixture(t, "deleteRunPermanently.default.422-not-archived.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	err := c.DeleteRunPermanently(context.Background(), runID)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 422 || !strings.Contains(apiErr.Message, "archived") || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want the 422 refusal", err)
	}
}

// A permanent delete and a clone whose outcome is unknown are sent once and
// say how to find out.
func TestLifecycle_OutcomeUnknownIsNotRepeatedAndSaysHowToCheck(t *testing.T) {
	cases := []struct {
		name, check string
		call        func(context.Context, *Client) error
	}{
		{"DeleteRunPermanently", "GetRun", func(ctx context.Context, c *Client) error { return c.DeleteRunPermanently(ctx, runID) }},
		{"DeleteTaskPermanently", "GetTask", func(ctx context.Context, c *Client) error { return c.DeleteTaskPermanently(ctx, taskID) }},
		{"CloneTask", "ListOrgTasks", func(ctx context.Context, c *Client) error { _, err := c.CloneTask(ctx, taskID); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 502, `{"message":"Bad gateway"}`) })
			c, _ := newTestClient(t, srv.Server)
			err := tc.call(context.Background(), c)
			var unknown *OutcomeUnknownError
			if !errors.As(err, &unknown) || !strings.Contains(unknown.Check, tc.check) {
				t.Fatalf("err = %v, want ErrOutcomeUnknown whose check names %s", err, tc.check)
			}
			if n := srv.hits.Load(); n != 1 {
				t.Errorf("sent %d times, want once", n)
			}
		})
	}
}

func TestCloneTask_ReturnsTheCopy(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, fixture(t, "cloneTask.201.copy.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	task, err := c.CloneTask(context.Background(), taskID)
	if err != nil {
		t.Fatal(err)
	}
	if task.ID != "4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e" || task.Title != "Call the accountant" {
		t.Errorf("copy = %s %q", task.ID, task.Title)
	}
	if req := srv.last(); req.Method != "POST" || req.URL.Path != "/organizations/org1/tasks/"+taskID+"/clone" {
		t.Errorf("sent %s %s", req.Method, req.URL.Path)
	}
}

func TestCloneTask_AnswerWithoutATaskSaysItWasCarriedOut(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 201, `{}`) })
	c, _ := newTestClient(t, srv.Server)
	_, err := c.CloneTask(context.Background(), taskID)
	if !errors.Is(err, ErrInvalidResponse) || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), "do not repeat it") {
		t.Fatalf("err = %v, want an invalid answer to a clone that was carried out", err)
	}
}

// The export's shape is not documented: whatever JSON comes is returned as
// it came, Fractal-wrapped or not.
func TestExportRun_ReturnsTheAnswerUnchanged(t *testing.T) {
	for _, name := range []string{"exportRun.200.export.json", "exportRun.200.variant-bare-object.json", "inline array"} {
		t.Run(name, func(t *testing.T) {
			body := `[{"id":"a"}]`
			if name != "inline array" {
				body = fixture(t, name)
			}
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			c, _ := newTestClient(t, srv.Server)
			got, err := c.ExportRun(context.Background(), runID)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != strings.TrimSpace(body) || !json.Valid(got) {
				t.Errorf("export = %.80s…, want the answer as sent", got)
			}
			if req := srv.last(); req.Method != "POST" || req.URL.Path != "/organizations/org1/runs/"+runID+"/export" {
				t.Errorf("sent %s %s", req.Method, req.URL.Path)
			}
		})
	}
}

func TestExportRun_AnswerThatIsNotJSONIsInvalid(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>export queued</html>"))
	})
	c, _ := newTestClient(t, srv.Server)
	got, err := c.ExportRun(context.Background(), runID)
	if got != nil || !errors.Is(err, ErrInvalidResponse) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("ExportRun = %q, %v; want ErrInvalidResponse", got, err)
	}
}

func TestLifecycle_RefusesBadIDsBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	calls := map[string]func() error{
		"DeleteRunPermanently":  func() error { return c.DeleteRunPermanently(ctx, "../runs") },
		"ArchiveTask":           func() error { return c.ArchiveTask(ctx, "") },
		"RestoreTask":           func() error { return c.RestoreTask(ctx, "a/b") },
		"DeleteTaskPermanently": func() error { return c.DeleteTaskPermanently(ctx, "x?y") },
		"CloneTask":             func() error { _, err := c.CloneTask(ctx, "not hex"); return err },
		"ExportRun":             func() error { _, err := c.ExportRun(ctx, " "); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestListOrgTasks_ArchivedIsSentAndChecked(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":[],"meta":{}}`) })
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.ListOrgTasksPage(context.Background(), &ListOrgTasksOptions{Archived: "only"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.last().URL.Query().Get("archived"); got != "only" {
		t.Errorf("archived = %q, want only", got)
	}
	if _, err := c.ListOrgTasksPage(context.Background(), &ListOrgTasksOptions{Archived: "yes"}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("Archived yes: err = %v, want ErrInvalidArgument", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a bad value is refused before sending", n)
	}
}
