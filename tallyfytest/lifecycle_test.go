package tallyfytest_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// listsTask reports whether the organization's task list (every page) has the task.
func listsTask(t *testing.T, f *fixture, taskID string) bool {
	t.Helper()
	status, body := f.send(t, "GET", orgPath("/tasks?without_pagination=true"), nil)
	wantStatus(t, status, body, http.StatusOK)
	return slices.ContainsFunc(data[[]gen.Task](t, body), func(x gen.Task) bool { return x.ID == taskID })
}

func TestDeleteRunPermanently_NeedsAnAdministratorAndAnArchivedRun(t *testing.T) {
	// Bob, the default token's user, is no administrator (docs:processes/delete-process: 403).
	f := newFixture(t)
	status, body := f.send(t, "DELETE", orgPath("/runs/"+tallyfytest.ArchivedRunID+"/delete"), nil)
	wantStatus(t, status, body, http.StatusForbidden)

	admin := newFixture(t, tallyfytest.WithMe(tallyfytest.AdminUserID))
	status, body = admin.send(t, "DELETE", orgPath("/runs/"+tallyfytest.SampleRunID+"/delete"), nil)
	wantErrors(t, status, body, map[string]string{"run_id": "The process must be archived before it can be deleted permanently."})
	status, body = admin.send(t, "GET", orgPath("/runs/"+tallyfytest.SampleRunID), nil)
	wantStatus(t, status, body, http.StatusOK) // a refusal deletes nothing
}

func TestDeleteRunPermanently_TheRunAndItsTasksAreGone(t *testing.T) {
	f := newFixture(t, tallyfytest.WithMe(tallyfytest.AdminUserID))
	run := tallyfytest.SampleRunID
	status, body := f.send(t, "GET", orgPath("/runs/"+run+"/tasks?without_pagination=true"), nil)
	wantStatus(t, status, body, http.StatusOK)
	tasks := data[[]gen.Task](t, body)
	if len(tasks) == 0 {
		t.Fatal("the sample run has no tasks")
	}
	// A tag on the run counts it among its archived processes, until it is gone.
	archivedTagged := func() int {
		t.Helper()
		status, body := f.send(t, "GET", orgPath("/tags/"+tallyfytest.SampleTagID+"?with=statistics"), nil)
		wantStatus(t, status, body, http.StatusOK)
		return *data[gen.Tag](t, body).Statistics.Data.ArchivedProcess
	}
	status, body = f.send(t, "POST", orgPath("/checklists/tags"), map[string]any{
		"tag_id": tallyfytest.SampleTagID, "subject_type": "Run", "subject_id": run, "tag_type": "private"})
	wantStatus(t, status, body, http.StatusCreated)
	status, body = f.send(t, "DELETE", orgPath("/runs/"+run), nil)
	wantStatus(t, status, body, http.StatusOK)
	before := archivedTagged()
	status, body = f.send(t, "DELETE", orgPath("/runs/"+run+"/delete"), nil)
	wantStatus(t, status, body, http.StatusOK)
	if after := archivedTagged(); after != before-1 {
		t.Errorf("the tag's archived processes went from %d to %d, want one fewer", before, after)
	}

	for _, path := range []string{"/runs/" + run, "/runs/" + run + "/tasks", "/tasks/" + tasks[0].ID} {
		status, body = f.send(t, "GET", orgPath(path), nil)
		if status != http.StatusNotFound {
			t.Errorf("GET %s after the delete: %d %s, want 404", path, status, body)
		}
	}
	status, body = f.send(t, "PUT", orgPath("/runs/"+run+"/activate"), nil)
	wantStatus(t, status, body, http.StatusNotFound) // nothing to bring back
	status, body = f.send(t, "DELETE", orgPath("/runs/"+run+"/delete"), nil)
	wantStatus(t, status, body, http.StatusNotFound)
}

func TestArchiveTask_LeavesTheListsAndRestoreBringsItBack(t *testing.T) {
	f := newFixture(t)
	task := tallyfytest.OneOffTaskID
	if !listsTask(t, f, task) {
		t.Fatal("the one-off sample task is not listed to begin with")
	}
	status, body := f.send(t, "DELETE", orgPath("/tasks/"+task), nil)
	wantStatus(t, status, body, http.StatusNoContent)
	if listsTask(t, f, task) {
		t.Error("an archived task is still listed")
	}
	for query, want := range map[string]bool{"archived=only": true, "archived=true": true, "archived=only&is_oneoff=false": false} {
		status, body := f.send(t, "GET", orgPath("/tasks?without_pagination=true&"+query), nil)
		wantStatus(t, status, body, http.StatusOK)
		got := data[[]gen.Task](t, body)
		if slices.ContainsFunc(got, func(x gen.Task) bool { return x.ID == task }) != want {
			t.Errorf("%s: lists the archived task = %v, want %v", query, !want, want)
		}
		if query == "archived=only" && slices.ContainsFunc(got, func(x gen.Task) bool { return x.ArchivedAt == nil && x.RunID == nil }) {
			t.Error("archived=only lists an active one-off task")
		}
	}
	status, body = f.send(t, "GET", orgPath("/tasks/"+task), nil)
	wantStatus(t, status, body, http.StatusOK) // its data is kept (docs:tasks/archive-task)
	if got := data[gen.Task](t, body); got.ArchivedAt == nil {
		t.Error("archived_at is null after the archive")
	}

	status, body = f.send(t, "PUT", orgPath("/tasks/"+task+"/restore"), nil)
	wantStatus(t, status, body, http.StatusOK)
	if got := data[gen.Task](t, body); got.ID != task || got.ArchivedAt != nil {
		t.Errorf("restored %s, archived_at %v", got.ID, got.ArchivedAt)
	}
	if !listsTask(t, f, task) {
		t.Error("a restored task is not listed")
	}
}

func TestOneOffTaskWrites_AnswerNotFoundForATaskOfAProcess(t *testing.T) {
	f := newFixture(t)
	for _, w := range []struct{ method, verb string }{{"DELETE", ""}, {"PUT", "/restore"}, {"DELETE", "/delete"}} {
		status, body := f.send(t, w.method, orgPath("/tasks/"+tallyfytest.SampleTaskID+w.verb), nil)
		if status != http.StatusNotFound {
			t.Errorf("%s /tasks/{process task}%s = %d %s, want 404", w.method, w.verb, status, body)
		}
	}
	if !listsTask(t, f, tallyfytest.SampleTaskID) {
		t.Error("a refused write changed the process's task")
	}
}

func TestDeleteTaskPermanently_TheTaskIsGone(t *testing.T) {
	f := newFixture(t)
	task := tallyfytest.OneOffTaskID
	status, body := f.send(t, "DELETE", orgPath("/tasks/"+task+"/delete"), nil)
	wantStatus(t, status, body, http.StatusNoContent)
	for _, w := range []struct{ method, path string }{
		{"GET", "/tasks/" + task}, {"PUT", "/tasks/" + task + "/restore"}, {"DELETE", "/tasks/" + task + "/delete"},
	} {
		status, body = f.send(t, w.method, orgPath(w.path), nil)
		if status != http.StatusNotFound {
			t.Errorf("%s %s after the delete: %d %s, want 404", w.method, w.path, status, body)
		}
	}
	if listsTask(t, f, task) {
		t.Error("a deleted task is still listed")
	}
}

func TestCloneTask_MakesAnotherListedTaskEachTime(t *testing.T) {
	f := newFixture(t)
	status, body := f.send(t, "GET", orgPath("/tasks/"+tallyfytest.SampleTaskID), nil)
	wantStatus(t, status, body, http.StatusOK)
	original := data[gen.Task](t, body)
	var copies []string
	for range 2 {
		status, body = f.send(t, "POST", orgPath("/tasks/"+original.ID+"/clone"), nil)
		wantStatus(t, status, body, http.StatusCreated)
		c := data[gen.Task](t, body)
		if c.ID == original.ID || c.Title != original.Title || c.Status != "not-started" || c.CompletedAt != nil {
			t.Errorf("copy = %s %q %s completed %v; want a new, not started task titled %q", c.ID, c.Title, c.Status, c.CompletedAt, original.Title)
		}
		if (c.RunID == nil) != (original.RunID == nil) || (c.RunID != nil && *c.RunID != *original.RunID) {
			t.Errorf("copy's run_id = %v, want the original's %v", c.RunID, original.RunID)
		}
		copies = append(copies, c.ID)
	}
	if copies[0] == copies[1] {
		t.Error("two clones made one copy: a clone is not idempotent")
	}
	for _, id := range copies {
		if !listsTask(t, f, id) {
			t.Errorf("copy %s is not listed", id)
		}
	}
}

func TestExportRun_AnswersTheRunWithItsTasks(t *testing.T) {
	f := newFixture(t)
	status, body := f.send(t, "POST", orgPath("/runs/"+tallyfytest.SampleRunID+"/export"), nil)
	wantStatus(t, status, body, http.StatusOK)
	run := data[gen.Run](t, body)
	if run.ID != tallyfytest.SampleRunID || len(run.Tasks) == 0 {
		t.Errorf("export = %s with tasks %v", run.ID, run.Tasks)
	}
	status, body = f.send(t, "POST", orgPath("/runs/"+tallyfytest.OneOffTaskID+"/export"), nil)
	wantStatus(t, status, body, http.StatusNotFound)
}
