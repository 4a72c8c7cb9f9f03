package tallyfytest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// everyRun lists every run, archived ones and tags included, as the truth filters are checked against.
func everyRun(t *testing.T, f *fixture) []gen.Run {
	t.Helper()
	params := listParams()
	params.Archived = ptr(gen.ListRunsParamsArchivedTrue)
	params.WithoutPagination = ptr(true)
	params.With = &[]gen.RunListInclude{gen.RunListIncludeTags}
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
	mustOK(t, resp.StatusCode(), resp.Body, err)
	if len(resp.JSON200.Data) != len(f.srv.Runs()) {
		t.Fatalf("archived=true listed %d runs, the server holds %d", len(resp.JSON200.Data), len(f.srv.Runs()))
	}
	return resp.JSON200.Data
}

func hasTag(r gen.Run, ids ...string) bool {
	for _, tag := range r.Tags {
		if slices.Contains(ids, tag.ID) {
			return true
		}
	}
	return false
}

func TestListRuns_Filters(t *testing.T) {
	f := newFixture(t)
	runs := everyRun(t, f)
	taskUsers := func(r gen.Run) []int {
		var out []int
		for _, task := range f.srv.Tasks(r.ID) {
			for _, u := range task.Owners.Users {
				out = append(out, u.ID)
			}
		}
		return out
	}
	taskGroups := func(r gen.Run) []string {
		var out []string
		for _, task := range f.srv.Tasks(r.ID) {
			out = append(out, task.Owners.Groups...)
		}
		return out
	}
	live := func(r gen.Run) bool { return r.ArchivedAt == nil }
	status := func(s gen.RunStatusFilter) func(*gen.ListRunsParams) {
		return func(p *gen.ListRunsParams) { p.Status = &s }
	}

	tests := []struct {
		name     string
		set      func(*gen.ListRunsParams)
		want     func(gen.Run) bool
		mustHave []string // ids a correct answer includes, from the package documentation
	}{
		{"no filter hides archived runs", func(*gen.ListRunsParams) {}, live, []string{tallyfytest.SampleRunID}},
		{"status=active", status("active"), func(r gen.Run) bool { return live(r) && r.Status == "active" }, []string{tallyfytest.SampleRunID}},
		{"status=complete", status("complete"), func(r gen.Run) bool { return live(r) && r.Status == "complete" }, []string{tallyfytest.CompleteRunID}},
		{"status=problem also returns issue runs", status("problem"), func(r gen.Run) bool { return live(r) && (r.Status == "problem" || r.Status == "issue") },
			[]string{tallyfytest.ProblemRunID, tallyfytest.IssueRunID}},
		{"status=issue", status("issue"), func(r gen.Run) bool { return live(r) && r.Status == "issue" }, []string{tallyfytest.IssueRunID}},
		{"status=delayed", status("delayed"), func(r gen.Run) bool { return live(r) && r.Status == "delayed" }, []string{tallyfytest.DelayedRunID}},
		{"status=archived shows only archived runs", status("archived"), func(r gen.Run) bool { return r.ArchivedAt != nil }, []string{tallyfytest.ArchivedRunID}},
		{"status=starred", status("starred"), func(r gen.Run) bool { return live(r) && r.Starred }, []string{tallyfytest.CompleteRunID}},
		{"status=improvement matches no sample run", status("improvement"), func(gen.Run) bool { return false }, nil},
		{"archived=only", func(p *gen.ListRunsParams) { p.Archived = ptr(gen.ListRunsParamsArchivedOnly) },
			func(r gen.Run) bool { return r.ArchivedAt != nil }, []string{tallyfytest.ArchivedRunID}},
		{"archived=true includes archived runs", func(p *gen.ListRunsParams) { p.Archived = ptr(gen.ListRunsParamsArchivedTrue) },
			func(gen.Run) bool { return true }, []string{tallyfytest.ArchivedRunID, tallyfytest.SampleRunID}},
		{"archived=false", func(p *gen.ListRunsParams) { p.Archived = ptr(gen.ListRunsParamsArchivedFalse) }, live, nil},
		{"archived=false overrides status=archived", func(p *gen.ListRunsParams) {
			p.Archived = ptr(gen.ListRunsParamsArchivedFalse)
			p.Status = ptr(gen.RunStatusFilterArchived)
		}, func(gen.Run) bool { return false }, nil},
		{"q is a case-insensitive substring", func(p *gen.ListRunsParams) { p.Q = ptr("gLoBeX") },
			func(r gen.Run) bool { return live(r) && strings.Contains(strings.ToLower(r.Name), "globex") }, []string{tallyfytest.SampleRunID}},
		{"q matches many", func(p *gen.ListRunsParams) { p.Q = ptr("onboarding") },
			func(r gen.Run) bool { return live(r) && strings.HasPrefix(r.Name, "Onboarding") }, nil},
		{"checklist_id", func(p *gen.ListRunsParams) { p.ChecklistID = ptr(tallyfytest.OffboardingTemplateID) },
			func(r gen.Run) bool { return live(r) && r.ChecklistID == tallyfytest.OffboardingTemplateID }, nil},
		{"tag", func(p *gen.ListRunsParams) { p.Tag = ptr(tallyfytest.UrgentTagID) },
			func(r gen.Run) bool { return live(r) && hasTag(r, tallyfytest.UrgentTagID) }, []string{tallyfytest.ProblemRunID}},
		{"tag_ids matches any", func(p *gen.ListRunsParams) { p.TagIDs = &[]string{tallyfytest.UrgentTagID, tallyfytest.HRTagID} },
			func(r gen.Run) bool { return live(r) && hasTag(r, tallyfytest.UrgentTagID, tallyfytest.HRTagID) }, nil},
		{"untagged", func(p *gen.ListRunsParams) { p.Untagged = ptr(true) },
			func(r gen.Run) bool { return live(r) && len(r.Tags) == 0 }, []string{tallyfytest.CompleteRunID}},
		{"starred=true", func(p *gen.ListRunsParams) { p.Starred = ptr(true) }, func(r gen.Run) bool { return live(r) && r.Starred }, nil},
		{"starred=false", func(p *gen.ListRunsParams) { p.Starred = ptr(false) }, func(r gen.Run) bool { return live(r) && !r.Starred }, nil},
		{"type=form", func(p *gen.ListRunsParams) { p.Type = ptr(gen.ListRunsParamsTypeForm) },
			func(r gen.Run) bool { return live(r) && r.Type == "form" }, []string{tallyfytest.FormRunID}},
		{"owners matches owner, run users or task assignees", func(p *gen.ListRunsParams) { p.Owners = &[]int{tallyfytest.SecondUserID} },
			func(r gen.Run) bool {
				return live(r) && (r.OwnerID == tallyfytest.SecondUserID || slices.Contains(r.Users, tallyfytest.SecondUserID) ||
					slices.Contains(taskUsers(r), tallyfytest.SecondUserID))
			}, []string{tallyfytest.SampleRunID}},
		{"owners matches any of several", func(p *gen.ListRunsParams) { p.Owners = &[]int{tallyfytest.FinanceUserID, tallyfytest.SecurityUserID} },
			func(r gen.Run) bool {
				users := append(append([]int{r.OwnerID}, r.Users...), taskUsers(r)...)
				return live(r) && (slices.Contains(users, tallyfytest.FinanceUserID) || slices.Contains(users, tallyfytest.SecurityUserID))
			}, nil},
		{"groups matches run and task groups", func(p *gen.ListRunsParams) { p.Groups = &[]string{tallyfytest.ITGroupID} },
			func(r gen.Run) bool {
				return live(r) && (slices.Contains(r.Groups, tallyfytest.ITGroupID) || slices.Contains(taskGroups(r), tallyfytest.ITGroupID))
			}, nil},
		{"folder matches nothing", func(p *gen.ListRunsParams) { p.Folder = ptr("0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a") }, func(gen.Run) bool { return false }, nil},
		{"filters combine with AND", func(p *gen.ListRunsParams) {
			p.Status = ptr(gen.RunStatusFilterActive)
			p.Type = ptr(gen.ListRunsParamsTypeForm)
		}, func(r gen.Run) bool { return live(r) && r.Status == "active" && r.Type == "form" }, []string{tallyfytest.FormRunID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := listParams()
			params.PerPage = ptr(7) // several pages, so filtering happens before paging
			tt.set(params)
			got := allRuns(t, f, params)
			var want []gen.Run
			for _, r := range runs {
				if tt.want(r) {
					want = append(want, r)
				}
			}
			if !slices.Equal(ids(got), ids(want)) {
				t.Errorf("got  %s\nwant %s", runNames(got), runNames(want))
			}
			for _, id := range tt.mustHave {
				if !slices.Contains(ids(got), id) {
					t.Errorf("%s is missing", id)
				}
			}
			if len(want) == len(runs) && tt.name != "archived=true includes archived runs" {
				t.Error("the filter kept every run, so this case proves nothing")
			}
		})
	}
}

func ids(runs []gen.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.ID
	}
	return out
}

func newestFirst(a, b gen.Run) bool { return !a.CreatedAt.Before(b.CreatedAt) }

// The list-processes documentation names name and created_at as sort keys, "-" descending.
func TestListRuns_Sort(t *testing.T) {
	tests := []struct {
		sort string
		less func(a, b gen.Run) bool // a must not come after b
	}{
		{"name", func(a, b gen.Run) bool { return strings.ToLower(a.Name) <= strings.ToLower(b.Name) }},
		{"-name", func(a, b gen.Run) bool { return strings.ToLower(a.Name) >= strings.ToLower(b.Name) }},
		{"created_at", func(a, b gen.Run) bool { return !a.CreatedAt.After(b.CreatedAt) }},
		{"-created_at", func(a, b gen.Run) bool { return !a.CreatedAt.Before(b.CreatedAt) }},
		// Keys the documentation does not name keep the default order, newest first.
		{"increment_id", newestFirst},
		{"-due_date", newestFirst},
		{"last_updated", newestFirst},
		{"unknown_key", newestFirst},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.sort, func(t *testing.T) {
			params := listParams()
			params.Sort = ptr(tt.sort)
			params.PerPage = ptr(4)
			runs := allRuns(t, f, params)
			for i := 1; i < len(runs); i++ {
				if !tt.less(runs[i-1], runs[i]) {
					t.Errorf("%q comes before %q", runs[i-1].Name, runs[i].Name)
				}
			}
		})
	}
}

func TestListRunTasks_Filters(t *testing.T) {
	f := newFixture(t)
	// Every sample task has an assignee; add one nobody is assigned to.
	unassigned := gen.Task{
		ID: "00000000000000000000000000000abc", IncrementID: 99001, Title: "Unassigned follow-up",
		RunID: ptr(tallyfytest.SampleRunID), ChecklistID: ptr(tallyfytest.SampleTemplateID), StepID: ptr(tallyfytest.SampleStepID),
		Status: "not-started", TaskType: "task", Position: 4,
		CreatedAt: time.Date(2024, 5, 20, 11, 0, 0, 0, time.UTC), LastUpdated: time.Date(2024, 5, 20, 11, 0, 0, 0, time.UTC),
	}
	if err := f.srv.AddTask(unassigned); err != nil {
		t.Fatal(err)
	}
	now, _ := time.Parse(time.RFC3339, tallyfytest.SampleNow)
	open := func(t gen.Task) bool { return t.Status != "completed" && t.Status != "auto-skipped" }
	day := func(s string) *openapi_types.Date {
		d, _ := time.Parse(time.DateOnly, s)
		return &openapi_types.Date{Time: d}
	}
	deadlineDay := func(t gen.Task) string {
		if t.Deadline == nil {
			return ""
		}
		return t.Deadline.UTC().Format(time.DateOnly)
	}
	status := func(s gen.TaskStatusFilter) func(*gen.ListRunTasksParams) {
		return func(p *gen.ListRunTasksParams) { p.Status = &s }
	}

	tests := []struct {
		name string
		set  func(*gen.ListRunTasksParams)
		want func(gen.Task) bool
	}{
		{"status=complete", status("complete"), func(t gen.Task) bool { return t.Status == "completed" }},
		{"status=incomplete includes hidden tasks", status("incomplete"), func(t gen.Task) bool { return t.Status != "completed" }},
		{"status=active", status("active"), open},
		{"status=active_visible", status("active_visible"), open},
		{"status=inprogress", status("inprogress"), func(t gen.Task) bool { return t.Status == "in-progress" }},
		{"status=not-started", status("not-started"), func(t gen.Task) bool { return t.Status == "not-started" }},
		{"status=hasproblem", status("hasproblem"), func(t gen.Task) bool { return t.Problem != nil && *t.Problem }},
		{"status=overdue is relative to SampleNow", status("overdue"), func(t gen.Task) bool { return open(t) && t.Deadline != nil && t.Deadline.Before(now) }},
		{"status=due_soon is the next 72 hours", status("due_soon"), func(t gen.Task) bool {
			return open(t) && t.Deadline != nil && !t.Deadline.Before(now) && t.Deadline.Before(now.Add(72*time.Hour))
		}},
		{"owners", func(p *gen.ListRunTasksParams) { p.Owners = &[]int{tallyfytest.SecondUserID} },
			func(t gen.Task) bool {
				return slices.Contains(t.Owners.Users, gen.UserRef{ID: tallyfytest.SecondUserID})
			}},
		{"guests ignore case", func(p *gen.ListRunTasksParams) { p.Guests = &[]openapi_types.Email{"OPS@globex.example"} },
			func(t gen.Task) bool { return slices.Contains(t.Owners.Guests, tallyfytest.SampleGuestEmail) }},
		{"groups", func(p *gen.ListRunTasksParams) { p.Groups = &[]string{tallyfytest.SampleGroupID} },
			func(t gen.Task) bool { return slices.Contains(t.Owners.Groups, tallyfytest.SampleGroupID) }},
		{"unassigned", func(p *gen.ListRunTasksParams) { p.Unassigned = ptr(true) },
			func(t gen.Task) bool { return len(t.Owners.Users)+len(t.Owners.Guests)+len(t.Owners.Groups) == 0 }},
		{"deadline_on", func(p *gen.ListRunTasksParams) { p.DeadlineOn = day("2024-05-24") },
			func(t gen.Task) bool { return deadlineDay(t) == "2024-05-24" }},
		{"deadline_on wins over the other date filters", func(p *gen.ListRunTasksParams) {
			p.DeadlineOn = day("2024-05-24")
			p.DeadlineBefore = day("2024-01-01")
		}, func(t gen.Task) bool { return deadlineDay(t) == "2024-05-24" }},
		{"deadline range is inclusive", func(p *gen.ListRunTasksParams) {
			p.DeadlineStartRange = day("2024-05-22")
			p.DeadlineEndRange = day("2024-05-24")
		}, func(t gen.Task) bool { d := deadlineDay(t); return d >= "2024-05-22" && d <= "2024-05-24" }},
		{"deadline_before is exclusive", func(p *gen.ListRunTasksParams) { p.DeadlineBefore = day("2024-05-22") },
			func(t gen.Task) bool { d := deadlineDay(t); return d != "" && d < "2024-05-22" }},
		{"deadline_after is exclusive", func(p *gen.ListRunTasksParams) { p.DeadlineAfter = day("2024-05-24") },
			func(t gen.Task) bool { return deadlineDay(t) > "2024-05-24" }},
		{"filters combine with AND", func(p *gen.ListRunTasksParams) {
			p.Status = ptr(gen.TaskStatusFilterActive)
			p.Owners = &[]int{tallyfytest.SecondUserID}
		}, func(t gen.Task) bool {
			return open(t) && slices.Contains(t.Owners.Users, gen.UserRef{ID: tallyfytest.SecondUserID})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			matched, total := 0, 0
			for _, r := range f.srv.Runs() {
				params := taskListParams()
				params.WithoutPagination = ptr(true)
				tt.set(params)
				resp, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, r.ID, params)
				mustOK(t, resp.StatusCode(), resp.Body, err)
				var want []string
				for _, task := range f.srv.Tasks(r.ID) {
					total++
					if tt.want(task) {
						want = append(want, task.ID)
					}
				}
				var got []string
				for _, task := range resp.JSON200.Data {
					got = append(got, task.ID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: got %v, want %v", r.Name, got, want)
				}
				matched += len(want)
			}
			if matched == 0 || matched == total {
				t.Errorf("%d of %d sample tasks match, so this case proves nothing", matched, total)
			}
		})
	}
}

func TestListRunTasks_Sort(t *testing.T) {
	tests := []struct {
		sort gen.ListRunTasksParamsSort
		ok   func(a, b gen.Task) bool
	}{
		{gen.ListRunTasksParamsSortPosition, func(a, b gen.Task) bool { return a.Position < b.Position }},
		{gen.ListRunTasksParamsSortMinusPosition, func(a, b gen.Task) bool { return a.Position > b.Position }},
		{gen.ListRunTasksParamsSortDeadline, func(a, b gen.Task) bool { return !a.Deadline.After(*b.Deadline) }},
		{gen.ListRunTasksParamsSortMinusDeadline, func(a, b gen.Task) bool { return !a.Deadline.Before(*b.Deadline) }},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(string(tt.sort), func(t *testing.T) {
			params := taskListParams()
			params.Sort = &tt.sort
			resp, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, "0daaaec237345844d6e9bf5458345bb8", params)
			mustOK(t, resp.StatusCode(), resp.Body, err)
			tasks := resp.JSON200.Data
			if len(tasks) != 4 {
				t.Fatalf("got %d tasks, want 4", len(tasks))
			}
			for i := 1; i < len(tasks); i++ {
				if !tt.ok(tasks[i-1], tasks[i]) {
					t.Errorf("%q comes before %q", tasks[i-1].Title, tasks[i].Title)
				}
			}
		})
	}
}

func TestListRunTasks_TasksWithoutDeadlineSortLast(t *testing.T) {
	f := newFixture(t)
	noDeadline := gen.Task{
		ID: "00000000000000000000000000000def", IncrementID: 99002, Title: "Whenever", RunID: ptr(tallyfytest.SampleRunID),
		Status: "not-started", TaskType: "task", Position: 0,
		CreatedAt: time.Date(2024, 5, 20, 11, 0, 0, 0, time.UTC), LastUpdated: time.Date(2024, 5, 20, 11, 0, 0, 0, time.UTC),
	}
	if err := f.srv.AddTask(noDeadline); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []gen.ListRunTasksParamsSort{gen.ListRunTasksParamsSortDeadline, gen.ListRunTasksParamsSortMinusDeadline} {
		params := taskListParams()
		params.Sort = &sort
		resp, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, params)
		mustOK(t, resp.StatusCode(), resp.Body, err)
		if last := resp.JSON200.Data[len(resp.JSON200.Data)-1]; last.ID != noDeadline.ID {
			t.Errorf("sort=%s: last task is %q, want the one without a deadline", sort, last.Title)
		}
	}
}
