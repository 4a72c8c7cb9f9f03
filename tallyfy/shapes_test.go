package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// Every shape the API is documented to send (api/examples/*.variant-*.json,
// sources in the spec) reaches the caller as a typed value. One test per
// class of the tolerant-reading issue, each through the public API.

func serveFixture(t *testing.T, status int, name string) *Client {
	t.Helper()
	body := fixture(t, name)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, body) })
	c, _ := newTestClient(t, srv.Server, WithMaxRetries(0))
	return c
}

const exampleRunID = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"

func TestShapes_PHPEmptyArrayForAnEmptyObject(t *testing.T) {
	run, err := serveFixture(t, 200, "getRun.200.variant-php-empty-arrays.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !run.Prerun.IsEmpty() || run.Prerun.Len() != 0 {
		t.Errorf(`"prerun": [] = %s, want an empty object`, run.Prerun.Raw())
	}
	if len(run.Tasks) != 1 || !run.Tasks[0].Taskdata.IsEmpty() || run.Tasks[0].Taskdata.IsZero() {
		t.Errorf(`"taskdata": [] = %+v, want present and empty`, run.Tasks)
	}
}

func TestShapes_FreeFormValuesNeverFailTheCall(t *testing.T) {
	run, err := serveFixture(t, 200, "getRun.200.variant-prerun-as-list.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.Prerun.IsObject() || !strings.Contains(string(run.Prerun.Raw()), "Globex Corporation") {
		t.Errorf("prerun as a list = %s, want it kept as sent", run.Prerun.Raw())
	}
}

func TestShapes_OwnerUsersAsIDsOrObjects(t *testing.T) {
	task, err := serveFixture(t, 200, "getTask.200.variant-user-objects-bare-step.json").GetTask(context.Background(), "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", nil)
	if err != nil {
		t.Fatal(err)
	}
	users := task.Owners.Users
	if len(users) != 2 || users[0].ID != 1002 || users[0].FullName != "Alice Example" || users[0].Email != "alice@example.com" ||
		users[1].ID != 1003 || users[1].FullName != "Bob Example" {
		t.Errorf("owners.users as objects = %+v", users)
	}
	page, err := serveFixture(t, 200, "listRunTasks.200.page.json").ListRunTasksPage(context.Background(), exampleRunID, nil)
	if err != nil || len(page.Items) == 0 || len(page.Items[0].Owners.Users) == 0 || page.Items[0].Owners.Users[0].ID == 0 {
		t.Fatalf("owners.users as ids = %+v, %v", page, err)
	}
}

func TestShapes_IncludesWrappedOrBare(t *testing.T) {
	run, err := serveFixture(t, 200, "getRun.200.variant-bare-includes.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.Checklist == nil || run.Checklist.Data.Title != "Client Onboarding V3" {
		t.Errorf("bare checklist = %+v", run.Checklist)
	}
	if len(run.Tasks) != 1 || run.Tasks[0].Step == nil || run.Tasks[0].Step.Data.Position != 1 {
		t.Errorf("bare tasks with a bare step = %+v", run.Tasks)
	}
	if len(run.Tags) != 1 || run.Tags[0].Title != "Enterprise" || len(run.NextTask) != 1 {
		t.Errorf("bare tags %+v, next_task %+v", run.Tags, run.NextTask)
	}

	tpl, err := serveFixture(t, 200, "getTemplate.200.variant-bare-steps-wrapped-prerun.json").GetTemplate(context.Background(), "6f1e2d3c4b5a69788796a5b4c3d2e1f0", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Steps) != 1 || len(tpl.Steps[0].Captures) != 1 || tpl.Steps[0].Captures[0].Label != "Courier tracking number" {
		t.Errorf("bare steps and captures = %+v", tpl.Steps)
	}
	if len(tpl.Prerun) != 1 || tpl.Prerun[0].Label != "Company name" || tpl.AutomatedActions == nil || len(tpl.Tags) != 1 {
		t.Errorf("wrapped prerun %+v, automated_actions %+v, bare tags %+v", tpl.Prerun, tpl.AutomatedActions, tpl.Tags)
	}
	if tpl.LastUpdatedBy == nil || tpl.LastUpdatedBy.ID != 1002 {
		t.Errorf(`last_updated_by "1002" = %+v`, tpl.LastUpdatedBy)
	}

	wrapped, err := serveFixture(t, 200, "getRun.200.with-includes.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil || len(wrapped.Tasks) == 0 || len(wrapped.Tags) == 0 || wrapped.Checklist == nil {
		t.Fatalf("wrapped includes = %+v, %v", wrapped, err)
	}
}

func TestShapes_ProgressObjectOrPercentage(t *testing.T) {
	run, err := serveFixture(t, 200, "getRun.200.variant-integer-progress.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.Progress.Percent != 75 || run.Progress.HasCounts || run.WholeProgress.Percent != 60 {
		t.Errorf("bare percentage: progress %+v, whole %+v", run.Progress, run.WholeProgress)
	}
	full, err := serveFixture(t, 200, "getRun.200.minimal.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil || full.Progress != (Progress{Complete: 1, Total: 3, Percent: 33.33, HasCounts: true}) {
		t.Errorf("object: %+v, %v", full.Progress, err)
	}
}

func TestShapes_ErrorValuesStringListOrObjects(t *testing.T) {
	_, err := serveFixture(t, 422, "getRun.default.422-errors-every-shape.json").GetRun(context.Background(), exampleRunID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrValidation) {
		t.Fatalf("err = %v", err)
	}
	want := map[string]string{
		"name":    "The name field is required.",
		"summary": "The summary may not be greater than 5000 characters.",
		"prerun":  "The company name is required.",
	}
	for field, msg := range want {
		if got := apiErr.Errors[field]; len(got) != 1 || !strings.Contains(got[0], msg) {
			t.Errorf("Errors[%s] = %q, want %q", field, got, msg)
		}
	}
}

func TestShapes_PaginationNullLinksAndNoMeta(t *testing.T) {
	page, err := serveFixture(t, 200, "listRuns.200.variant-null-links.json").ListRunsPage(context.Background(), nil)
	if err != nil || len(page.Items) != 1 || page.Pagination.Links != (Links{}) || page.HasNext() {
		t.Fatalf("null links: %+v, %v", page, err)
	}
	var n int
	for run, err := range serveFixture(t, 200, "listRuns.200.variant-without-pagination.json").ListRuns(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if run.ID == "" {
			t.Error("a run without an id")
		}
		n++
	}
	if n != 2 {
		t.Errorf("without meta: listed %d runs, want the 2 of the only page", n)
	}
}

func TestShapes_TrimmedResponsesDecode(t *testing.T) {
	run, err := serveFixture(t, 200, "getRun.200.variant-trimmed.json").GetRun(context.Background(), exampleRunID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.DueDate != nil || run.Collaborators != nil || run.Name != "Onboarding - Globex Corp" {
		t.Errorf("trimmed run = %+v", run)
	}
	page, err := serveFixture(t, 200, "listRunTasks.200.variant-user-objects-task-meta.json").ListRunTasksPage(context.Background(), exampleRunID, nil)
	if err != nil || len(page.Items) != 1 || page.Items[0].Step == nil || page.Items[0].Step.Data.Title == "" {
		t.Fatalf("trimmed task page = %+v, %v", page, err)
	}
}

func TestShapes_AnUndocumentedShapeNamesItsPath(t *testing.T) {
	tests := []struct{ body, path string }{
		{`{"data":{"id":"x","progress":"75%"}}`, "data.progress"},
		{`{"data":{"id":"x","tasks":"none"}}`, "data.tasks"},
		{`{"data":{"id":"x","tasks":{"data":[{"id":"y","title":5}]}}}`, "data.tasks.data.0.title"},
		{`{"data":{"id":"x","name":5}}`, "data.name"},
	}
	for _, tt := range tests {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, tt.body) })
		c, _ := newTestClient(t, srv.Server)
		_, err := c.GetRun(context.Background(), exampleRunID, nil)
		if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), "at "+tt.path+":") {
			t.Errorf("%s: err = %v, want ErrInvalidResponse naming %s", tt.body, err, tt.path)
		}
	}
}
