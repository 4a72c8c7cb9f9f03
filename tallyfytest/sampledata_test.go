package tallyfytest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/api"
	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Every include each operation's spec allows, so one request exercises every response shape.
var (
	allRunIncludes = "checklist,tasks,tags,assets,next_task,tasks.step,tasks.threads,tasks.form_fields,tasks.captures," +
		"form_fields,ko_form_fields,permissions,tasks_meta,stages,folders,member_watchers,guest_watchers,prerun"
	allRunListIncludes  = "checklist,tasks,tags,assets,next_task,tasks.step,tasks.threads,tasks.form_fields,tasks.captures,form_fields,ko_form_fields,permissions,tasks_meta,stages,folders,prerun"
	allTaskListIncludes = "step,threads,comments,assets,form_fields,activities,run,run.checklist,summary"
	allTaskIncludes     = "run,step,form_fields,tags,threads,issues,assets,folders,roles,activities,ko-form-fields,summary,member_watchers,guest_watchers,threads_count"
	allTemplateIncludes = "steps,tags,folder"
)

// TestSampleData_EveryResponseMatchesTheSpec requests every sample object through every
// operation with every include; the fixture's checker validates each response against the spec.
func TestSampleData_EveryResponseMatchesTheSpec(t *testing.T) {
	f := newFixture(t)
	get := func(path string) []byte {
		t.Helper()
		resp, body := f.get(t, path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		return body
	}
	get(orgPath("/runs?archived=true&without_pagination=true&form_fields_values=true&with=" + allRunListIncludes))
	templates := map[string]bool{}
	for _, r := range f.srv.Runs() {
		templates[r.ChecklistID] = true
		get(orgPath("/runs/" + r.ID + "?form_fields_values=true&with=" + allRunIncludes))
		get(orgPath("/runs/" + r.ID + "?with=" + allRunIncludes))
		get(orgPath("/runs/" + r.ID + "/tasks?without_pagination=true&with=" + allTaskListIncludes))
		for _, task := range f.srv.Tasks(r.ID) {
			get(orgPath("/tasks/" + task.ID + "?with=" + allTaskIncludes))
		}
	}
	get(orgPath("/tasks/" + tallyfytest.OneOffTaskID + "?with=" + allTaskIncludes))
	for id := range templates {
		get(orgPath("/checklists/" + id + "?with=" + allTemplateIncludes))
	}
}

func TestSampleData_IsTheSameOnEveryServer(t *testing.T) {
	path := orgPath("/runs?archived=true&without_pagination=true&form_fields_values=true&with=" + allRunListIncludes)
	a, b := newFixture(t), newFixture(t)
	_, bodyA := a.get(t, path, nil)
	_, bodyB := b.get(t, path, nil)
	// The two servers listen on different ports, which only the (absent) links would show.
	if !bytes.Equal(bodyA, bodyB) {
		t.Error("two servers serve different sample data")
	}
}

func TestSampleData_HasTheVarietyTestsNeed(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get(t, orgPath("/runs?archived=true&without_pagination=true&form_fields_values=true&with=tasks.form_fields,tags"), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var list gen.RunList
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range list.Data {
		seen["run status "+r.Status] = true
		seen["run type "+r.Type] = true
		seen["owner "+strconv.Itoa(r.OwnerID)] = true
		if r.Starred {
			seen["starred"] = true
		}
		if r.ArchivedAt != nil {
			seen["archived_at"] = true
		}
		if r.DueDate != nil {
			seen["due date"] = true
		}
		if r.ParentID != nil {
			seen["parent_id"] = true
		}
		if len(r.Groups) > 0 {
			seen["run groups"] = true
		}
		if len(r.Tags) == 0 {
			seen["untagged"] = true
		}
		for _, tag := range r.Tags {
			seen["tag "+tag.Title] = true
		}
		for _, task := range f.srv.Tasks(r.ID) { // with=tasks leaves hidden tasks out
			seen["task status "+task.Status] = true
		}
		for _, task := range r.Tasks {
			seen["task type "+task.TaskType] = true
			if len(task.Owners.Users) > 0 {
				seen["task users"] = true
			}
			if len(task.Owners.Guests) > 0 {
				seen["task guests"] = true
			}
			if len(task.Owners.Groups) > 0 {
				seen["task groups"] = true
			}
			if task.Problem != nil && *task.Problem {
				seen["task problem"] = true
			}
			if task.Taskdata.Len() > 0 {
				seen["taskdata"] = true
			}
			if task.FormFields != nil {
				for _, ff := range task.FormFields {
					seen["field "+ff.FieldType] = true
				}
			}
		}
	}
	want := []string{
		"run status active", "run status complete", "run status problem", "run status issue", "run status delayed", "run status archived",
		"run type procedure", "run type form", "starred", "archived_at", "due date", "parent_id", "run groups", "untagged",
		"owner 1001", "owner 1002", "owner 1003", "owner 1004", "owner 1005",
		"tag Enterprise", "tag Urgent", "tag HR", "tag Procurement", "tag Compliance",
		"task status completed", "task status in-progress", "task status not-started", "task status auto-skipped",
		"task type task", "task type approval", "task users", "task guests", "task groups", "task problem", "taskdata",
		"field text", "field textarea", "field multiselect", "field table", "field radio", "field dropdown", "field date",
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("the sample data has no %s", w)
		}
	}
	if n := len(list.Data); n < 20 || n > 30 {
		t.Errorf("%d sample runs, want about 25", n)
	}
}

func TestSampleData_NothingHappensAfterSampleNow(t *testing.T) {
	f := &fixture{srv: newServer(t)}
	now, err := time.Parse(time.RFC3339, tallyfytest.SampleNow)
	if err != nil {
		t.Fatal(err)
	}
	after := func(what string, ts *time.Time) {
		if ts != nil && ts.After(now) {
			t.Errorf("%s = %s, after SampleNow", what, ts)
		}
	}
	for _, r := range f.srv.Runs() {
		after(r.Name+" created_at", &r.CreatedAt)
		after(r.Name+" last_updated", &r.LastUpdated)
		after(r.Name+" completed_at", r.CompletedAt)
		after(r.Name+" archived_at", r.ArchivedAt)
		for _, task := range f.srv.Tasks(r.ID) {
			after(task.Title+" started_at", task.StartedAt)
			after(task.Title+" completed_at", task.CompletedAt)
			after(task.Title+" last_updated", &task.LastUpdated)
			if task.StartedAt != nil && task.StartedAt.Before(r.CreatedAt) {
				t.Errorf("%s started before its run", task.Title)
			}
		}
	}
}

func TestSampleData_RunStatesAgreeWithTheirTasks(t *testing.T) {
	f := &fixture{srv: newServer(t)}
	for _, r := range f.srv.Runs() {
		tasks := f.srv.Tasks(r.ID)
		open := 0
		for _, task := range tasks {
			if task.Status != "completed" && task.Status != "auto-skipped" {
				open++
			}
		}
		switch {
		case r.Status == "complete" && (open > 0 || r.CompletedAt == nil):
			t.Errorf("%s is complete with %d open tasks", r.Name, open)
		case r.Status == "active" && (open == 0 || r.LateTasks > 0):
			t.Errorf("%s is active with %d open and %d late tasks", r.Name, open, r.LateTasks)
		case r.Status == "delayed" && !r.DueDatePassed:
			t.Errorf("%s is delayed but its due date has not passed", r.Name)
		case (r.Status == "archived") != (r.ArchivedAt != nil):
			t.Errorf("%s: status %s, archived_at %v", r.Name, r.Status, r.ArchivedAt)
		case (r.Status == "issue") != (r.HasOpenIssue != nil && *r.HasOpenIssue):
			t.Errorf("%s: status %s, has_open_issue %v", r.Name, r.Status, *r.HasOpenIssue)
		}
		if r.Progress.Total != len(tasks)-countStatus(tasks, "auto-skipped") || r.WholeProgress.Total != len(tasks) {
			t.Errorf("%s: progress %+v, whole %+v for %d tasks", r.Name, r.Progress, r.WholeProgress, len(tasks))
		}
	}
}

func countStatus(tasks []gen.Task, status string) int {
	n := 0
	for _, t := range tasks {
		if t.Status == status {
			n++
		}
	}
	return n
}

// TestSampleData_AgreesWithTheSpecExamples compares the fake's answers with the spec's
// components.examples: every value an example shows must be what the fake sends (the examples
// abbreviate lists, so an example list may be shorter).
func TestSampleData_AgreesWithTheSpecExamples(t *testing.T) {
	doc, err := api.Spec()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		example string
		path    string
		pick    func(any) any
	}{
		{"RunWithIncludes", orgPath("/runs/" + tallyfytest.SampleRunID + "?with=checklist,tasks,tags"), nil},
		{"TaskWithFormFields", orgPath("/tasks/" + tallyfytest.SampleTaskID + "?with=form_fields"), nil},
		{"TemplateWithSteps", orgPath("/checklists/" + tallyfytest.SampleTemplateID + "?with=steps,tags"), nil},
		// The example's pagination describes another query; its task must still agree.
		{"RunTaskList", orgPath("/runs/" + tallyfytest.SampleRunID + "/tasks"), dataOnly},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			ex := doc.Components.Examples[tt.example]
			if ex == nil || ex.Value == nil {
				t.Fatalf("the spec has no example %s", tt.example)
			}
			want := roundTrip(t, ex.Value.Value)
			resp, body := f.get(t, tt.path, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			var got any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if tt.pick != nil {
				want, got = tt.pick(want), tt.pick(got)
			}
			for _, diff := range subsetDiff("", want, got) {
				t.Error(diff)
			}
		})
	}
}

func dataOnly(v any) any {
	m, _ := v.(map[string]any)
	return map[string]any{"data": m["data"]}
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// subsetDiff lists where got does not show what want shows. A key absent from got matches a
// null in want (optional nullable fields are left out); timestamps compare as instants, so
// "2024-05-20T11:00:00.000Z" matches "2024-05-20T11:00:00Z".
func subsetDiff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %v, want an object", path, got)}
		}
		var diffs []string
		for k, wv := range w {
			gv, present := g[k]
			if !present && wv == nil {
				continue
			}
			if !present {
				diffs = append(diffs, fmt.Sprintf("%s.%s: missing, want %v", path, k, wv))
				continue
			}
			diffs = append(diffs, subsetDiff(path+"."+k, wv, gv)...)
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) < len(w) {
			return []string{fmt.Sprintf("%s: got %v, want at least %d items", path, got, len(w))}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, subsetDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return diffs
	case string:
		if wt, err := time.Parse(time.RFC3339Nano, w); err == nil {
			if gs, ok := got.(string); ok {
				if gt, err := time.Parse(time.RFC3339Nano, gs); err == nil && gt.Equal(wt) {
					return nil
				}
			}
		}
	case float64:
		if g, ok := got.(float64); ok && math.Abs(g-w) < 1e-9 {
			return nil
		}
	}
	if fmt.Sprint(want) != fmt.Sprint(got) {
		return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
	}
	return nil
}

// TestPackageDoc_ListsEverySampleRun keeps the run table of doc.go in step with the data.
func TestPackageDoc_ListsEverySampleRun(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^//\t\| ([0-9a-f]{32}) \| (.+?) +\| (\w+) +\| (\d+) +\| (\d+)/(\d+) `)
	var documented []string
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		documented = append(documented, strings.Join(m[1:], " "))
	}
	srv := newServer(t)
	var actual []string
	for _, r := range srv.Runs() {
		actual = append(actual, fmt.Sprintf("%s %s %s %d %d %d", r.ID, r.Name, r.Status, r.OwnerID, r.Progress.Complete, r.Progress.Total))
	}
	if !slices.Equal(documented, actual) {
		t.Errorf("doc.go's run table is out of date:\ndocumented:\n%s\nactual:\n%s", strings.Join(documented, "\n"), strings.Join(actual, "\n"))
	}
}
