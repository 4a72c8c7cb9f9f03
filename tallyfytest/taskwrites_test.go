package tallyfytest_test

import (
	"net/http"
	"slices"
	"testing"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestGetRunTask_ServesOnlyTheTasksOfThatRun(t *testing.T) {
	f := newFixture(t)
	run := "/runs/" + tallyfytest.SampleRunID + "/tasks/"
	status, body := f.send(t, "GET", orgPath(run+tallyfytest.InProgressTaskID+"?with=step,form_fields"), nil)
	wantStatus(t, status, body, 200)
	task := data[gen.Task](t, body)
	if task.ID != tallyfytest.InProgressTaskID || task.Step == nil || len(task.FormFields) != 2 {
		t.Errorf("task %s step %v %d form fields, want the kick-off call with its step and 2 fields", task.ID, task.Step, len(task.FormFields))
	}
	for _, id := range []string{tallyfytest.OneOffTaskID, "ffffffffffffffffffffffffffffffff"} {
		status, body = f.send(t, "GET", orgPath(run+id), nil)
		wantStatus(t, status, body, 404)
	}
	status, body = f.send(t, "GET", orgPath("/runs/"+tallyfytest.CompleteRunID+"/tasks/"+tallyfytest.InProgressTaskID), nil)
	wantStatus(t, status, body, 404)
}

func TestUpdateRunTask_ChangesWhatIsSent(t *testing.T) {
	f := newFixture(t)
	path := orgPath("/runs/" + tallyfytest.SampleRunID + "/tasks/" + tallyfytest.InProgressTaskID)
	ids := fieldIDs(t, f, tallyfytest.InProgressTaskID)
	status, body := f.send(t, "PUT", path, map[string]any{
		"title":    "Kick-off call, rescheduled",
		"deadline": "2024-05-30 17:00:00",
		"taskdata": map[string]any{ids["call_notes"]: "Moved to Thursday.", "call_notes": "dropped: an alias"},
	})
	wantStatus(t, status, body, 200)
	task := data[gen.Task](t, body)
	if task.Title != "Kick-off call, rescheduled" || task.Deadline.Format("2006-01-02 15:04") != "2024-05-30 17:00" {
		t.Errorf("title %q deadline %v", task.Title, task.Deadline)
	}
	if member(task.Taskdata, ids["call_notes"]) != "Moved to Thursday." || member(task.Taskdata, "call_notes") != nil {
		t.Errorf("taskdata = %v, want the notes by field id and no alias key", task.Taskdata)
	}
	// Owners not sent: unchanged.
	if len(task.Owners.Users) != 1 || len(task.Owners.Guests) != 1 {
		t.Errorf("owners changed without owners sent: %+v", task.Owners)
	}
	// taskdata is checked per field type, as prerun is.
	status, body = f.send(t, "PUT", path, map[string]any{"taskdata": map[string]any{ids["call_date"]: 1717232400}})
	wantErrors(t, status, body, map[string]string{"taskdata." + ids["call_date"]: "Date of the call is not a valid date."})
}

// TestUpdateRunTask_OwnersWithABucketMissingEmptiesIt is the owners trap: the spec requires all
// three buckets, the server does not, and empties a missing one.
func TestUpdateRunTask_OwnersWithABucketMissingEmptiesIt(t *testing.T) {
	f := newFixture(t)
	path := orgPath("/runs/" + tallyfytest.SampleRunID + "/tasks/" + tallyfytest.InProgressTaskID)
	status, body := f.send(t, "PUT", path, `{"owners":{"users":[1003,1004]}}`)
	wantStatus(t, status, body, 200)
	o := data[gen.Task](t, body).Owners
	if len(o.Users) != 2 || o.Users[1].ID != 1004 || len(o.Guests) != 0 || len(o.Groups) != 0 {
		t.Errorf("owners = %+v, want users 1003 and 1004, the guest gone", o)
	}
}

func TestUpdateTask_Refusals(t *testing.T) {
	f := newFixture(t)
	oneOff := orgPath("/tasks/" + tallyfytest.OneOffTaskID)
	full := map[string]any{"title": "Renew the lease", "deadline": "2024-06-30T17:00:00Z", "owners": map[string]any{"users": []int{1001}, "guests": []string{}, "groups": []string{}}}
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"a completed task cannot be updated", "PUT", orgPath("/runs/" + tallyfytest.SampleRunID + "/tasks/" + tallyfytest.SampleTaskID), map[string]any{"title": "x"}, 422},
		{"the run-scoped path does not serve a one-off task", "PUT", orgPath("/runs/" + tallyfytest.SampleRunID + "/tasks/" + tallyfytest.OneOffTaskID), map[string]any{"title": "x"}, 404},
		{"a one-off update needs title, deadline and owners", "PUT", oneOff, map[string]any{"title": "x"}, 422},
		{"the org path does not serve a task of a run", "PUT", orgPath("/tasks/" + tallyfytest.InProgressTaskID), full, 404},
		{"a one-off update with all three", "PUT", oneOff, full, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.send(t, tt.method, tt.path, tt.body)
			wantStatus(t, status, body, tt.status)
		})
	}
	status, body := f.send(t, "GET", oneOff, nil)
	wantStatus(t, status, body, 200)
	if task := data[gen.Task](t, body); task.Title != "Renew the lease" || task.Owners.Users[0].ID != 1001 {
		t.Errorf("one-off task after update: %q %+v", task.Title, task.Owners)
	}
	// The validator's message, keyed by the field; inside allOf kin-openapi stops at the first.
	status, body = f.send(t, "PUT", oneOff, map[string]any{"title": "x"})
	wantErrors(t, status, body, map[string]string{"deadline": `property "deadline" is missing`})
}

// complete completes a task of a run (or a one-off task when runID is "") and returns the answer.
func complete(t *testing.T, f *fixture, runID string, body any) (int, []byte) {
	t.Helper()
	path := orgPath("/completed-tasks")
	if runID != "" {
		path = orgPath("/runs/" + runID + "/completed-tasks")
	}
	return f.send(t, "POST", path, body)
}

func TestCompleteTask_RefusesWhatTheAPIRefuses(t *testing.T) {
	f := newFixture(t)
	run := launchSupplier(t, f)
	tasks := f.srv.Tasks(run.ID)
	check, approve := tasks[0].ID, tasks[1].ID

	status, body := complete(t, f, run.ID, map[string]any{"task_id": approve})
	wantErrors(t, status, body, map[string]string{"is_approved": "The is approved field is required."})

	ids := fieldIDs(t, f, check)
	status, body = complete(t, f, run.ID, map[string]any{"task_id": check})
	wantErrors(t, status, body, map[string]string{"taskdata." + ids["registration"]: "Registration number is required"})

	status, body = complete(t, f, run.ID, map[string]any{"task_id": tallyfytest.SampleTaskID})
	wantStatus(t, status, body, 404) // a task of another run

	status, body = complete(t, f, tallyfytest.SampleRunID, map[string]any{"task_id": tallyfytest.SampleTaskID})
	wantErrors(t, status, body, map[string]string{"task_id": "Task already completed"})

	if got := f.srv.Tasks(run.ID); got[0].Status != "in-progress" || got[1].Status != "not-started" {
		t.Errorf("refused completions changed the tasks: %s, %s", got[0].Status, got[1].Status)
	}
}

func TestCompleteTask_CompletingEveryTaskCompletesTheRun(t *testing.T) {
	f := newFixture(t)
	run := launchSupplier(t, f)
	tasks := f.srv.Tasks(run.ID)
	fill := func(taskID string, values map[string]any) {
		t.Helper()
		ids := fieldIDs(t, f, taskID)
		status, body := f.send(t, "PUT", orgPath("/runs/"+run.ID+"/tasks/"+taskID), map[string]any{"taskdata": byID(ids, values)})
		wantStatus(t, status, body, 200)
	}
	fill(tasks[0].ID, map[string]any{"registration": "HRB 1234"})
	fill(tasks[2].ID, map[string]any{"payment_terms": "Net 30", "accounts": []any{"SAP", "4711"}})

	bodies := []map[string]any{
		{"task_id": tasks[0].ID},
		{"task_id": tasks[1].ID, "is_approved": true},
		{"task_id": tasks[2].ID, "override_user": tallyfytest.FinanceUserID},
		{"task_id": tasks[3].ID},
	}
	for i, b := range bodies {
		status, body := complete(t, f, run.ID, b)
		wantStatus(t, status, body, 200)
		if _, ok := decodeJSON(t, body)["tasks_changed_by_rules"]; !ok {
			t.Errorf("task %d: no tasks_changed_by_rules", i)
		}
		task := data[gen.Task](t, body)
		if task.Status != "completed" || task.CompletedAt == nil || task.CompleterID == nil {
			t.Fatalf("task %d = %s completed_at %v completer %v", i, task.Status, task.CompletedAt, task.CompleterID)
		}
		status, body = f.send(t, "GET", orgPath("/runs/"+run.ID), nil)
		wantStatus(t, status, body, 200)
		got := data[gen.Run](t, body)
		if got.Progress.Complete != i+1 {
			t.Errorf("after task %d: progress %+v", i, got.Progress)
		}
		last := i == len(bodies)-1
		if (got.Status == "complete") != last || (got.CompletedAt != nil) != last {
			t.Errorf("after task %d of %d: status %s completed_at %v", i+1, len(bodies), got.Status, got.CompletedAt)
		}
	}
	got := f.srv.Tasks(run.ID)
	if *got[1].IsApproved != true || *got[2].CompleterID != tallyfytest.FinanceUserID || *got[0].CompleterID != tallyfytest.MeUserID {
		t.Errorf("is_approved %v, completers %v %v", got[1].IsApproved, *got[2].CompleterID, *got[0].CompleterID)
	}

	// Reopening a task makes the run active again.
	status, body := f.send(t, "DELETE", orgPath("/runs/"+run.ID+"/completed-tasks/"+tasks[1].ID), nil)
	wantStatus(t, status, body, 200)
	task := data[gen.Task](t, body)
	if task.Status != "in-progress" || task.CompletedAt != nil || task.CompleterID != nil || task.IsApproved != nil {
		t.Errorf("reopened task = %s completed_at %v completer %v is_approved %v", task.Status, task.CompletedAt, task.CompleterID, task.IsApproved)
	}
	if r := f.srv.Runs(); !slices.ContainsFunc(r, func(r gen.Run) bool { return r.ID == run.ID && r.Status == "active" && r.CompletedAt == nil }) {
		t.Error("the run is not active again after a reopen")
	}
	// Reopening a task that is not completed is an error.
	status, body = f.send(t, "DELETE", orgPath("/runs/"+run.ID+"/completed-tasks/"+tasks[1].ID), nil)
	wantStatus(t, status, body, 422)
}

func TestCreateTask_MakesAOneOffTaskTheListsShow(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.CreateTaskWithResponse(ctx(t), tallyfytest.SampleOrgID, gen.CreateTaskRequest{
		Title: "Review the Globex contract", TaskType: "approval", Deadline: "2024-06-04T17:00:00Z",
		Owners:  gen.Assignees{Users: []int{tallyfytest.MeUserID}, Guests: []openapi_types.Email{}, Groups: []string{}},
		Summary: ptr("Check the liability clause."),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != http.StatusCreated {
		t.Fatalf("status %d %s", resp.StatusCode(), resp.Body)
	}
	task := resp.JSON201.Data
	if !task.IsOneoffTask || task.RunID != nil || task.ChecklistID != nil || task.StepID != nil || task.Status != "not-started" || task.TaskType != "approval" {
		t.Errorf("created %+v, want a not-started one-off approval with null run, checklist and step", task)
	}
	status, body := f.send(t, "GET", orgPath("/tasks/"+task.ID+"?with=summary"), nil)
	wantStatus(t, status, body, 200)
	if got := data[gen.Task](t, body); got.Title != task.Title || *got.Summary != "Check the liability clause." {
		t.Errorf("getTask: %q %v", got.Title, got.Summary)
	}
	for _, path := range []string{"/tasks?is_oneoff=true&without_pagination=true", "/me/tasks?without_pagination=true"} {
		status, body = f.send(t, "GET", orgPath(path), nil)
		wantStatus(t, status, body, 200)
		if !slices.ContainsFunc(data[[]gen.Task](t, body), func(x gen.Task) bool { return x.ID == task.ID }) {
			t.Errorf("%s does not list the created task", path)
		}
	}
	// Completing it answers without tasks_changed_by_rules.
	status, body = complete(t, f, "", map[string]any{"task_id": task.ID, "is_approved": false})
	wantStatus(t, status, body, 200)
	if _, ok := decodeJSON(t, body)["tasks_changed_by_rules"]; ok {
		t.Error("a one-off completion carries tasks_changed_by_rules")
	}
	if got := data[gen.Task](t, body); got.IsApproved == nil || *got.IsApproved {
		t.Errorf("is_approved = %v, want false", got.IsApproved)
	}
	status, body = f.send(t, "DELETE", orgPath("/completed-tasks/"+task.ID), nil)
	wantStatus(t, status, body, 200)
}

func TestCreateTask_Refusals(t *testing.T) {
	f := newFixture(t)
	status, body := f.send(t, "POST", orgPath("/tasks"), map[string]any{
		"title": "Nobody's job", "task_type": "task", "deadline": "2024-06-04T17:00:00Z",
		"owners": map[string]any{"users": []int{}, "guests": []string{}, "groups": []string{}},
	})
	wantErrors(t, status, body, map[string]string{"owners": "The owners must include at least one assignee."})
	status, body = f.send(t, "POST", orgPath("/tasks"), map[string]any{"title": "No type", "deadline": "2024-06-04", "owners": map[string]any{"users": []int{1002}}})
	wantErrors(t, status, body, map[string]string{"task_type": `property "task_type" is missing`})
}

func TestCommentOnTask_StoresTheCommentHiddenFromGuestsByDefault(t *testing.T) {
	f := newFixture(t)
	path := orgPath("/tasks/" + tallyfytest.InProgressTaskID + "/comment")
	status, body := f.send(t, "POST", path, map[string]any{"content": "Agenda attached, @[1003] and @[1004] please read. Again @[1003]."})
	wantStatus(t, status, body, 200)
	c := data[gen.Comment](t, body)
	if *c.State != "hide-for-guests" || *c.Label != "comment" || *c.SentBy != tallyfytest.MeUserID || !slices.Equal(*c.SentTo, []int{1003, 1004}) {
		t.Errorf("comment state %s label %s sent_by %d sent_to %v, want hide-for-guests, comment, %d, [1003 1004]",
			*c.State, *c.Label, *c.SentBy, *c.SentTo, tallyfytest.MeUserID)
	}
	status, body = f.send(t, "POST", path, map[string]any{"content": "Visible to the guest.", "state": "open", "label": "advice"})
	wantStatus(t, status, body, 200)
	c2 := data[gen.Comment](t, body)
	if *c2.State != "open" || *c2.Label != "advice" || c2.ID <= c.ID || len(*c2.SentTo) != 0 {
		t.Errorf("second comment %d state %s label %s sent_to %v", c2.ID, *c2.State, *c2.Label, *c2.SentTo)
	}
	stored := f.srv.Comments(tallyfytest.InProgressTaskID)
	if len(stored) != 2 || stored[0].ID != c.ID || *stored[1].Content != "Visible to the guest." {
		t.Errorf("Comments = %+v", stored)
	}
	status, body = f.send(t, "GET", orgPath("/tasks/"+tallyfytest.InProgressTaskID+"?with=threads_count"), nil)
	wantStatus(t, status, body, 200)
	if n := data[gen.Task](t, body).ThreadsCount; n == nil || *n != 2 {
		t.Errorf("threads_count = %v, want 2", n)
	}
	status, body = f.send(t, "POST", orgPath("/tasks/ffffffffffffffffffffffffffffffff/comment"), map[string]any{"content": "x"})
	wantStatus(t, status, body, 404)
	status, body = f.send(t, "POST", path, map[string]any{"content": ""})
	wantStatus(t, status, body, 422)
	if len(f.srv.Comments(tallyfytest.InProgressTaskID)) != 2 {
		t.Error("a refused comment was stored")
	}
}

// is_approved records the outcome of the types that have one: an approval's decision, and whether
// an expiring task was acknowledged (true, the default) or expired (false); other types ignore it.
func TestCompleteTask_RecordsApprovalsRejectionsAndExpiries(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, taskType string
		isApproved     *bool // sent; nil: left out
		want           *bool // stored
	}{
		{"approval approved", "approval", ptr(true), ptr(true)},
		{"approval rejected", "approval", ptr(false), ptr(false)},
		{"expiring acknowledged", "expiring", nil, ptr(true)},
		{"expiring acknowledged, said so", "expiring", ptr(true), ptr(true)},
		{"expiring expired", "expiring", ptr(false), ptr(false)},
		{"expiring email expired", "expiring_email", ptr(false), ptr(false)},
		{"expiring email acknowledged", "expiring_email", nil, ptr(true)},
		{"task ignores it", "task", ptr(false), nil},
		{"email ignores it", "email", ptr(true), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.send(t, "POST", orgPath("/tasks"), map[string]any{
				"title": tc.name, "task_type": tc.taskType, "deadline": "2024-06-04T17:00:00Z",
				"owners": map[string]any{"users": []int{tallyfytest.MeUserID}, "guests": []string{}, "groups": []string{}},
			})
			wantStatus(t, status, body, 201)
			id := data[gen.Task](t, body).ID
			req := map[string]any{"task_id": id}
			if tc.isApproved != nil {
				req["is_approved"] = *tc.isApproved
			}
			status, body = complete(t, f, "", req)
			wantStatus(t, status, body, 200)
			status, body = f.send(t, "GET", orgPath("/tasks/"+id), nil)
			wantStatus(t, status, body, 200)
			got := data[gen.Task](t, body)
			if got.Status != "completed" || (got.IsApproved == nil) != (tc.want == nil) || got.IsApproved != nil && *got.IsApproved != *tc.want {
				t.Errorf("status %s, is_approved %v; want completed, %v", got.Status, fmtBool(got.IsApproved), fmtBool(tc.want))
			}
		})
	}
}

func fmtBool(b *bool) string {
	if b == nil {
		return "null"
	}
	if *b {
		return "true"
	}
	return "false"
}
