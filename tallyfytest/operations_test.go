package tallyfytest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestGetRun_ReturnsTheSampleRunOfTheSpecExamples(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, runParams())
	mustOK(t, resp.StatusCode(), resp.Body, err)
	run := resp.JSON200.Data
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", run.ID, tallyfytest.SampleRunID},
		{"name", run.Name, "Onboarding - Globex Corp"},
		{"checklist_id", run.ChecklistID, tallyfytest.SampleTemplateID},
		{"checklist_title", run.ChecklistTitle, "Client Onboarding V3"},
		{"increment_id", run.IncrementID, 5015},
		{"status", run.Status, "active"},
		{"owner_id", run.OwnerID, tallyfytest.SampleUserID},
		{"progress", run.Progress, gen.Progress{Complete: 1, Total: 3, Percent: 33.33, HasCounts: true}},
		{"collaborators", len(run.Collaborators), 2},
		{"prerun company name", member(run.Prerun, tallyfytest.SampleKickoffFieldID), "Globex Corporation"},
		{"created_at", run.CreatedAt, time.Date(2024, time.May, 20, 11, 0, 0, 0, time.UTC)},
		{"due_date", *run.DueDate, time.Date(2024, time.June, 15, 17, 0, 0, 0, time.UTC)},
		{"tasks included unasked", run.Tasks == nil, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestListRuns_ReturnsTheFirstPageOfUnarchivedRunsNewestFirst(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, listParams())
	mustOK(t, resp.StatusCode(), resp.Body, err)
	var unarchived []gen.Run
	for _, r := range f.srv.Runs() {
		if r.ArchivedAt == nil {
			unarchived = append(unarchived, r)
		}
	}
	p := resp.JSON200.Meta.Pagination
	if p.Total != len(unarchived) || p.PerPage != 10 || p.Count != 10 || p.CurrentPage != 1 {
		t.Errorf("pagination = %+v, want total %d, per_page 10, count 10, page 1", p, len(unarchived))
	}
	for i, r := range resp.JSON200.Data {
		if r.ID != unarchived[i].ID {
			t.Fatalf("run %d = %s, want %s (newest first)", i, r.Name, unarchived[i].Name)
		}
		if i > 0 && r.CreatedAt.After(resp.JSON200.Data[i-1].CreatedAt) {
			t.Errorf("run %s is newer than the one before it", r.Name)
		}
	}
}

func TestListRunTasks_ReturnsTheRunsTasksInPositionOrder(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, taskListParams())
	mustOK(t, resp.StatusCode(), resp.Body, err)
	want := []struct{ id, status string }{
		{tallyfytest.SampleTaskID, "completed"},
		{tallyfytest.InProgressTaskID, "in-progress"},
		{tallyfytest.NotStartedTaskID, "not-started"},
	}
	if len(resp.JSON200.Data) != len(want) {
		t.Fatalf("got %d tasks, want %d", len(resp.JSON200.Data), len(want))
	}
	for i, task := range resp.JSON200.Data {
		if task.ID != want[i].id || task.Status != want[i].status || task.Position != i+1 {
			t.Errorf("task %d = %s %s position %d, want %s %s position %d", i, task.ID, task.Status, task.Position, want[i].id, want[i].status, i+1)
		}
		if task.RunID == nil || *task.RunID != tallyfytest.SampleRunID {
			t.Errorf("task %d run_id = %v, want %s", i, task.RunID, tallyfytest.SampleRunID)
		}
	}
}

func TestGetTask_ReturnsProcessAndOneOffTasks(t *testing.T) {
	tests := []struct {
		name    string
		id      string
		title   string
		oneOff  bool
		guests  []string
		hasData bool
	}{
		{"process task", tallyfytest.SampleTaskID, "Send welcome pack to Globex Corp", false, nil, true},
		{"task with a guest", tallyfytest.InProgressTaskID, "Kick-off call with Globex Corp", false, []string{tallyfytest.SampleGuestEmail}, true},
		{"one-off task", tallyfytest.OneOffTaskID, "Renew the office lease", true, nil, false},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.client.GetTaskWithResponse(ctx(t), tallyfytest.SampleOrgID, tt.id, &gen.GetTaskParams{})
			mustOK(t, resp.StatusCode(), resp.Body, err)
			task := resp.JSON200.Data
			if task.Title != tt.title || task.IsOneoffTask != tt.oneOff {
				t.Errorf("got %q one-off=%v, want %q one-off=%v", task.Title, task.IsOneoffTask, tt.title, tt.oneOff)
			}
			if tt.oneOff && (task.RunID != nil || task.ChecklistID != nil || task.StepID != nil) {
				t.Errorf("one-off task has run_id %v, checklist_id %v, step_id %v; want all null", task.RunID, task.ChecklistID, task.StepID)
			}
			for _, g := range tt.guests {
				if len(task.Owners.Guests) == 0 || task.Owners.Guests[0] != g {
					t.Errorf("guests = %v, want %v", task.Owners.Guests, tt.guests)
				}
			}
			if !task.Taskdata.IsZero() != tt.hasData {
				t.Errorf("taskdata present = %v, want %v", !task.Taskdata.IsZero(), tt.hasData)
			}
		})
	}
}

func TestGetTemplate_ReturnsKickoffFieldsAlwaysAndStepsOnlyWhenAsked(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.GetTemplateWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleTemplateID, &gen.GetTemplateParams{})
	mustOK(t, resp.StatusCode(), resp.Body, err)
	tpl := resp.JSON200.Data
	if tpl.Title != "Client Onboarding V3" || len(tpl.Prerun) != 2 || tpl.Prerun[0].ID != tallyfytest.SampleKickoffFieldID {
		t.Errorf("template = %q with %d kick-off fields, want Client Onboarding V3 with 2 starting at %s", tpl.Title, len(tpl.Prerun), tallyfytest.SampleKickoffFieldID)
	}
	if tpl.Steps != nil || tpl.Tags != nil {
		t.Error("steps or tags included without with")
	}
}

func TestTemplates_EverySampleRunsTemplateIsServed(t *testing.T) {
	f := newFixture(t)
	seen := map[string]bool{}
	for _, r := range f.srv.Runs() {
		if seen[r.ChecklistID] {
			continue
		}
		seen[r.ChecklistID] = true
		resp, err := f.client.GetTemplateWithResponse(ctx(t), tallyfytest.SampleOrgID, r.ChecklistID, &gen.GetTemplateParams{})
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode() != http.StatusOK || resp.JSON200.Data.Title != r.ChecklistTitle {
			t.Errorf("template %s of run %q: status %d", r.ChecklistID, r.Name, resp.StatusCode())
		}
	}
	if len(seen) != 4 {
		t.Errorf("sample runs use %d templates, want 4", len(seen))
	}
}
