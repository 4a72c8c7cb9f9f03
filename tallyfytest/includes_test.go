package tallyfytest_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// includeShape is how an include must look on the wire: Fractal-wrapped, "data" holding a list
// or an object.
type includeShape int

const (
	list includeShape = iota
	item
)

func TestGetRun_IncludesOnlyWhatWithAsksForFractalWrapped(t *testing.T) {
	shapes := map[string]includeShape{
		"checklist": item, "tasks": list, "tags": list, "next_task": list, "form_fields": list,
		"ko_form_fields": list, "assets": list, "permissions": item, "tasks_meta": item, "stages": list,
		"folders": list, "member_watchers": list, "guest_watchers": list,
	}
	tests := []struct {
		with string
		want []string
	}{
		{"", nil},
		{"checklist", []string{"checklist"}},
		{"tasks,tags", []string{"tasks", "tags"}},
		{"next_task", []string{"next_task"}},
		{"form_fields,ko_form_fields", []string{"form_fields", "ko_form_fields"}},
		{"assets,permissions,tasks_meta,stages,folders,member_watchers,guest_watchers",
			[]string{"assets", "permissions", "tasks_meta", "stages", "folders", "member_watchers", "guest_watchers"}},
		{"tasks.step", []string{"tasks"}},
		{"prerun", nil},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run("with="+tt.with, func(t *testing.T) {
			path := orgPath("/runs/" + tallyfytest.SampleRunID)
			if tt.with != "" {
				path += "?with=" + tt.with
			}
			resp, body := f.get(t, path, nil)
			mustOK(t, resp.StatusCode, body, nil)
			run, ok := decodeJSON(t, body)["data"].(map[string]any)
			if !ok {
				t.Fatalf("data is not an object: %s", body)
			}
			for name, shape := range shapes {
				v, present := run[name]
				if present != slices.Contains(tt.want, name) {
					t.Errorf("%s present = %v, want %v", name, present, !present)
					continue
				}
				if present {
					assertWrapped(t, name, v, shape)
				}
			}
			if _, ok := run["prerun"].(map[string]any); !ok {
				t.Error("prerun is missing or not an object")
			}
		})
	}
}

func assertWrapped(t *testing.T, name string, v any, shape includeShape) {
	t.Helper()
	wrapper, ok := v.(map[string]any)
	if !ok || len(wrapper) != 1 {
		t.Errorf(`%s = %v, want {"data": ...}`, name, v)
		return
	}
	switch shape {
	case list:
		if _, ok := wrapper["data"].([]any); !ok {
			t.Errorf("%s.data = %v, want a list", name, wrapper["data"])
		}
	case item:
		if _, ok := wrapper["data"].(map[string]any); !ok {
			t.Errorf("%s.data = %v, want an object", name, wrapper["data"])
		}
	}
}

func TestGetRun_NestedTaskIncludesBringTheirTasks(t *testing.T) {
	f := newFixture(t)
	with := []gen.RunInclude{gen.RunIncludeTasksStep, gen.RunIncludeTasksFormFields, gen.RunIncludeTasksThreads}
	resp, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, runParams(with...))
	mustOK(t, resp.StatusCode(), resp.Body, err)
	tasks := resp.JSON200.Data.Tasks
	if tasks == nil || len(tasks) != 3 {
		t.Fatalf("tasks = %v, want the run's 3 tasks", tasks)
	}
	for _, task := range tasks {
		if task.Step == nil || task.StepID == nil || task.Step.Data.ID != *task.StepID {
			t.Errorf("%s: step include does not match step_id", task.Title)
		}
		if task.FormFields == nil || task.Threads == nil {
			t.Errorf("%s: form_fields or threads missing", task.Title)
		}
	}
	if n := len(tasks[0].FormFields); n != 2 {
		t.Errorf("first task has %d form fields, want 2", n)
	}
	if resp.JSON200.Data.Tags != nil || resp.JSON200.Data.Checklist != nil {
		t.Error("includes appeared that were not asked for")
	}
}

// get-process documents that auto-skipped (hidden) tasks are filtered from the tasks relation;
// listRunTasks still lists them, with status auto-skipped.
func TestGetRun_TasksLeaveOutHiddenTasks(t *testing.T) {
	const runID = "381fcf282c992babde1dfaf117bc9b4f" // Offboarding - Priya Patel, one hidden task
	f := newFixture(t)
	all := f.srv.Tasks(runID)
	if countStatus(all, "auto-skipped") != 1 {
		t.Fatalf("the sample run has %d hidden tasks, want 1", countStatus(all, "auto-skipped"))
	}
	resp, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, runID, runParams(gen.RunIncludeTasks))
	mustOK(t, resp.StatusCode(), resp.Body, err)
	if got := resp.JSON200.Data.Tasks; len(got) != len(all)-1 || countStatus(got, "auto-skipped") != 0 {
		t.Errorf("getRun with=tasks: %d tasks, %d hidden; want %d, none hidden", len(got), countStatus(got, "auto-skipped"), len(all)-1)
	}
	list, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, &gen.ListRunsParams{
		With: &[]gen.RunListInclude{gen.RunListIncludeTasks}, PerPage: ptr(100)})
	mustOK(t, list.StatusCode(), list.Body, err)
	for _, r := range list.JSON200.Data {
		if n := countStatus(r.Tasks, "auto-skipped"); n > 0 {
			t.Errorf("listRuns with=tasks: %s includes %d hidden tasks", r.Name, n)
		}
	}
	tasks, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, runID, taskListParams())
	mustOK(t, tasks.StatusCode(), tasks.Body, err)
	if n := countStatus(tasks.JSON200.Data, "auto-skipped"); n != 1 {
		t.Errorf("listRunTasks lists %d hidden tasks, want 1", n)
	}
}

func TestGetRun_NextTaskIsTheFirstOpenTaskByDeadline(t *testing.T) {
	tests := []struct {
		name  string
		runID string
		want  func(tasks []gen.Task) []string
	}{
		{"in-progress task of the example run", tallyfytest.SampleRunID, func([]gen.Task) []string { return []string{tallyfytest.InProgressTaskID} }},
		{"none for a complete run", tallyfytest.CompleteRunID, func([]gen.Task) []string { return nil }},
		{"hidden tasks are skipped", "381fcf282c992babde1dfaf117bc9b4f", earliestOpen},
		{"late tasks count", tallyfytest.DelayedRunID, earliestOpen},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tt.runID, runParams(gen.RunIncludeNextTask))
			mustOK(t, resp.StatusCode(), resp.Body, err)
			next := resp.JSON200.Data.NextTask
			if next == nil {
				t.Fatal("next_task missing")
			}
			var got []string
			for _, task := range next {
				got = append(got, task.ID)
			}
			if want := tt.want(f.srv.Tasks(tt.runID)); !slices.Equal(got, want) {
				t.Errorf("next_task = %v, want %v", got, want)
			}
		})
	}
}

// earliestOpen is the spec's rule written out: the open (not completed, not hidden) task with
// the earliest deadline.
func earliestOpen(tasks []gen.Task) []string {
	var best *gen.Task
	for i, task := range tasks {
		if task.Status == "completed" || task.Status == "auto-skipped" {
			continue
		}
		if best == nil || task.Deadline.Before(*best.Deadline) {
			best = &tasks[i]
		}
	}
	if best == nil {
		return nil
	}
	return []string{best.ID}
}

func TestFormFieldsValues_FillsValuesOnlyWhenAsked(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		values bool
	}{
		{"without form_fields_values", "with=tasks.form_fields,form_fields,ko_form_fields", false},
		{"with form_fields_values=false", "with=tasks.form_fields,form_fields,ko_form_fields&form_fields_values=false", false},
		{"with form_fields_values=true", "with=tasks.form_fields,form_fields,ko_form_fields&form_fields_values=true", true},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.get(t, orgPath("/runs/"+tallyfytest.SampleRunID+"?"+tt.query), nil)
			mustOK(t, resp.StatusCode, body, nil)
			var got gen.RunResponse
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			run := got.Data
			welcome := run.Tasks[0].FormFields
			fieldValues := map[string]any{}
			for _, ff := range welcome {
				fieldValues[ff.ID] = ff.Value
			}
			koValues := map[string]any{}
			for _, ff := range run.KoFormFields {
				koValues[ff.ID] = ff.Value
			}
			if !tt.values {
				for _, m := range []map[string]any{fieldValues, koValues} {
					for id, v := range m {
						if v != nil {
							t.Errorf("field %s has value %v without form_fields_values", id, v)
						}
					}
				}
				if strings.Contains(string(body), `"value"`) {
					t.Error(`a "value" key was sent without form_fields_values`)
				}
				return
			}
			if fieldValues[tallyfytest.SampleFormFieldID] != "DHL tracking 12345" {
				t.Errorf("text value = %v, want DHL tracking 12345", fieldValues[tallyfytest.SampleFormFieldID])
			}
			multi, ok := fieldValues[tallyfytest.SampleMultiselectFieldID].([]any)
			if !ok || len(multi) != 1 || multi[0].(map[string]any)["text"] != "Welcome letter" {
				t.Errorf("multiselect value = %v, want [{id:1, text:Welcome letter}]", fieldValues[tallyfytest.SampleMultiselectFieldID])
			}
			var prerun map[string]any
			if err := run.Prerun.Decode(&prerun); err != nil || koValues[tallyfytest.SampleKickoffFieldID] != prerun[tallyfytest.SampleKickoffFieldID] {
				t.Errorf("kick-off value = %v, want the prerun value %v (%v)", koValues[tallyfytest.SampleKickoffFieldID], prerun[tallyfytest.SampleKickoffFieldID], err)
			}
			if len(run.FormFields) != 4 {
				t.Errorf("run form_fields has %d fields, want the 4 of its tasks", len(run.FormFields))
			}
		})
	}
}

func TestFormFieldsValues_TableFieldsSendTheirRows(t *testing.T) {
	f := newFixture(t)
	tasks, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, "0daaaec237345844d6e9bf5458345bb8",
		&gen.ListRunTasksParams{With: &[]gen.RunTaskListInclude{gen.RunTaskListIncludeFormFields}})
	mustOK(t, tasks.StatusCode(), tasks.Body, err)
	table := tasks.JSON200.Data[0].FormFields[0]
	rows, ok := table.Value.([]any)
	if table.FieldType != "table" || table.Columns == nil || !ok || len(rows) == 0 {
		t.Errorf("table field = %s with columns %v and value %v, want rows", table.FieldType, table.Columns, table.Value)
	}
}

func TestListRuns_IncludesApplyToEveryRun(t *testing.T) {
	f := newFixture(t)
	params := listParams()
	params.With = &[]gen.RunListInclude{gen.RunListIncludeChecklist, gen.RunListIncludeTags}
	params.PerPage = ptr(100)
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
	mustOK(t, resp.StatusCode(), resp.Body, err)
	for _, r := range resp.JSON200.Data {
		if r.Checklist == nil || r.Checklist.Data.ID != r.ChecklistID || r.Tags == nil {
			t.Errorf("%s: checklist %v, tags %v", r.Name, r.Checklist, r.Tags)
		}
		if r.Tasks != nil {
			t.Errorf("%s: tasks included without being asked for", r.Name)
		}
	}
}

func TestListRuns_TaskStatusNarrowsTheIncludedTasks(t *testing.T) {
	tests := []struct {
		taskStatus gen.TaskStatusInclude
		keep       func(gen.Task) bool
	}{
		{gen.TaskStatusIncludeAll, func(t gen.Task) bool { return t.Status != "auto-skipped" }}, // hidden tasks never appear
		{gen.TaskStatusIncludeInProgress, func(t gen.Task) bool { return t.Status == "in-progress" }},
		{gen.TaskStatusIncludeCompleted, func(t gen.Task) bool { return t.Status == "completed" }},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(string(tt.taskStatus), func(t *testing.T) {
			params := listParams()
			params.With = &[]gen.RunListInclude{gen.RunListIncludeTasks}
			params.TaskStatus = &tt.taskStatus
			params.WithoutPagination = ptr(true)
			resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
			mustOK(t, resp.StatusCode(), resp.Body, err)
			for _, r := range resp.JSON200.Data {
				var want []string
				for _, task := range f.srv.Tasks(r.ID) {
					if tt.keep(task) {
						want = append(want, task.ID)
					}
				}
				var got []string
				for _, task := range r.Tasks {
					got = append(got, task.ID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: tasks %v, want %v", r.Name, got, want)
				}
			}
		})
	}
}

func TestGetTask_IncludesOnlyWhatWithAsksFor(t *testing.T) {
	tests := []struct {
		with  gen.TaskInclude
		check func(gen.Task) bool
	}{
		{gen.TaskIncludeRun, func(t gen.Task) bool { return t.Run != nil && t.Run.Data.ID == tallyfytest.SampleRunID }},
		{gen.TaskIncludeStep, func(t gen.Task) bool { return t.Step != nil && t.Step.Data.ID == tallyfytest.SampleStepID }},
		{gen.TaskIncludeFormFields, func(t gen.Task) bool {
			return len(t.FormFields) == 2 && t.FormFields[0].Value == "DHL tracking 12345"
		}},
		{gen.TaskIncludeTags, func(t gen.Task) bool { return t.Tags != nil }},
		{gen.TaskIncludeThreads, func(t gen.Task) bool { return t.Threads != nil }},
		{gen.TaskIncludeIssues, func(t gen.Task) bool { return t.Issues != nil }},
		{gen.TaskIncludeAssets, func(t gen.Task) bool { return t.Assets != nil }},
		{gen.TaskIncludeSummary, func(t gen.Task) bool { return t.Summary != nil && *t.Summary != "" }},
		{gen.TaskIncludeThreadsCount, func(t gen.Task) bool { return t.ThreadsCount != nil }},
	}
	f := newFixture(t)
	bare, err := f.client.GetTaskWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleTaskID, &gen.GetTaskParams{})
	mustOK(t, bare.StatusCode(), bare.Body, err)
	for _, tt := range tests {
		t.Run(string(tt.with), func(t *testing.T) {
			if tt.check(bare.JSON200.Data) {
				t.Fatalf("%s is sent without with=%s", tt.with, tt.with)
			}
			resp, err := f.client.GetTaskWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleTaskID,
				&gen.GetTaskParams{With: &[]gen.TaskInclude{tt.with}})
			mustOK(t, resp.StatusCode(), resp.Body, err)
			if !tt.check(resp.JSON200.Data) {
				t.Errorf("with=%s is not included as the spec says: %s", tt.with, resp.Body)
			}
		})
	}
}

func TestListRunTasks_RunChecklistIncludesTheRunWithItsTemplate(t *testing.T) {
	f := newFixture(t)
	params := taskListParams()
	params.With = &[]gen.RunTaskListInclude{gen.RunTaskListIncludeRunChecklist, gen.RunTaskListIncludeStep}
	resp, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, params)
	mustOK(t, resp.StatusCode(), resp.Body, err)
	for _, task := range resp.JSON200.Data {
		if task.Run == nil || task.Run.Data.Checklist == nil || task.Run.Data.Checklist.Data.ID != tallyfytest.SampleTemplateID {
			t.Errorf("%s: run.checklist not included", task.Title)
		}
		if task.Step == nil || task.Run.Data.Tasks != nil {
			t.Errorf("%s: step missing, or the run carries tasks nobody asked for", task.Title)
		}
	}
}

func TestGetTemplate_StepsBringTheirFormFields(t *testing.T) {
	tests := []struct {
		with  []gen.TemplateInclude
		check func(*testing.T, gen.Template)
	}{
		{[]gen.TemplateInclude{gen.TemplateIncludeSteps}, func(t *testing.T, tpl gen.Template) {
			if tpl.Steps == nil || len(tpl.Steps) != 3 || tpl.Tags != nil || tpl.Folder != nil {
				t.Fatalf("steps %v, tags %v, folder %v; want only the 3 steps", tpl.Steps, tpl.Tags, tpl.Folder)
			}
			first := tpl.Steps[0]
			if first.ID != tallyfytest.SampleStepID || first.Captures == nil || first.Captures[0].ID != tallyfytest.SampleFormFieldID {
				t.Errorf("first step = %s with captures %v", first.ID, first.Captures)
			}
		}},
		{[]gen.TemplateInclude{gen.TemplateIncludeTags, gen.TemplateIncludeFolder}, func(t *testing.T, tpl gen.Template) {
			if tpl.Tags == nil || len(tpl.Tags) != 1 || tpl.Tags[0].ID != tallyfytest.SampleTagID || tpl.Folder == nil || tpl.Steps != nil {
				t.Errorf("tags %v, folder %v, steps %v; want the Enterprise tag and a folder", tpl.Tags, tpl.Folder, tpl.Steps)
			}
		}},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(string(tt.with[0]), func(t *testing.T) {
			resp, err := f.client.GetTemplateWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleTemplateID,
				&gen.GetTemplateParams{With: &tt.with})
			mustOK(t, resp.StatusCode(), resp.Body, err)
			tt.check(t, resp.JSON200.Data)
		})
	}
}
