package tallyfy

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestGetTask_And_GetTemplate(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "/tasks/"):
			writeJSON(w, 200, fixture(t, "getTask.200.form-fields.json"))
		default:
			writeJSON(w, 200, fixture(t, "getTemplate.200.steps.json"))
		}
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()

	task, err := c.GetTask(ctx, taskID, &GetTaskOptions{With: []TaskInclude{TaskIncludeFormFields, TaskIncludeRun}})
	if err != nil {
		t.Fatal(err)
	}
	if task.FormFields == nil || len(task.FormFields) != 2 || task.FormFields[0].Value != "DHL tracking 12345" {
		t.Errorf("form fields = %+v", task.FormFields)
	}
	if want := "with=form_fields,run"; srv.last().URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", srv.last().URL.RawQuery, want)
	}

	tpl, err := c.GetTemplate(ctx, tplID, &GetTemplateOptions{With: []TemplateInclude{TemplateIncludeSteps, TemplateIncludeTags}, EntireFolderTree: true, Version: 3})
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Steps == nil || tpl.Steps[0].Captures == nil || len(tpl.Prerun) != 1 {
		t.Errorf("template = %+v", tpl)
	}
	if want := "with=steps,tags&entire_folder_tree=1&version=3"; srv.last().URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", srv.last().URL.RawQuery, want)
	}
	if p := srv.last().URL.Path; p != "/organizations/org1/checklists/"+tplID {
		t.Errorf("path = %s", p)
	}
}

func TestListRunTasks_QueryAndPaging(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":[{"id":"`+taskID+`","title":"t","status":"completed","owners":{"users":[],"guests":[],"groups":[]}}],
			"meta":{"pagination":{"total":1,"count":1,"per_page":10,"current_page":1,"total_pages":1,"links":[]}}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	day := time.Date(2024, 6, 1, 15, 0, 0, 0, time.UTC)
	var n int
	for task, err := range c.ListRunTasks(context.Background(), runID, &ListRunTasksOptions{
		Status: "incomplete", Owners: []int{7}, Guests: []string{"a@b.example"}, DeadlineBefore: day,
		With: []RunTaskListInclude{RunTaskListIncludeStep, RunTaskListIncludeFormFields}, Sort: "-deadline"}) {
		if err != nil {
			t.Fatal(err)
		}
		if task.Status != TaskStatusCompleted {
			t.Errorf("status = %s", task.Status)
		}
		n++
	}
	if n != 1 {
		t.Errorf("tasks = %d", n)
	}
	want := "status=incomplete&owners=7&guests=a%40b.example&deadline_before=2024-06-01&with=step,form_fields&page=1&sort=-deadline"
	if got := srv.last().URL.RawQuery; got != want {
		t.Errorf("RawQuery\n got %s\nwant %s", got, want)
	}
	if p := srv.last().URL.Path; p != "/organizations/org1/runs/"+runID+"/tasks" {
		t.Errorf("path = %s", p)
	}
	page, err := c.ListRunTasksPage(context.Background(), runID, nil)
	if err != nil || len(page.Items) != 1 {
		t.Errorf("page, err = %+v, %v", page, err)
	}
}
