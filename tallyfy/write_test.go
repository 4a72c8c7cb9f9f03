package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// writeServer answers writes with 201/200 and a run or task, counts the
// writes and keeps their bodies.
type writeServer struct {
	*recorder
	writes atomic.Int32
	bodies chan map[string]any
}

func newWriteServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, body map[string]any) bool) *writeServer {
	t.Helper()
	ws := &writeServer{bodies: make(chan map[string]any, 16)}
	ws.recorder = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if r.Method != http.MethodGet {
			ws.writes.Add(1)
			if b, _ := io.ReadAll(r.Body); len(b) > 0 {
				_ = json.Unmarshal(b, &body)
			}
			ws.bodies <- body
		}
		if h != nil && h(w, r, body) {
			return
		}
		writeJSON(w, 200, `{"data":{"id":"`+runID+`","users":[],"groups":[],"owners":{"users":[],"guests":[],"groups":[]}}}`)
	})
	return ws
}

func TestWrites_AServerErrorIsAnUnknownOutcomeNotRetried(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if r.Method == http.MethodPost {
			writeJSON(w, 502, `{"message":"Bad Gateway"}`)
			return true
		}
		return false
	})
	c, _ := newTestClient(t, ws.Server)
	_, err := c.LaunchRun(context.Background(), LaunchRunRequest{TemplateID: tplID, Name: "Onboarding - Globex"})
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown and ErrServer", err)
	}
	var oe *OutcomeUnknownError
	var apiErr *APIError
	if !errors.As(err, &oe) || !errors.As(err, &apiErr) || apiErr.StatusCode != 502 {
		t.Fatalf("err = %#v, want an *OutcomeUnknownError wrapping the 502 *APIError", err)
	}
	if !strings.Contains(err.Error(), "ListRuns") || !strings.Contains(err.Error(), `"Onboarding - Globex"`) || strings.Contains(err.Error(), testToken) {
		t.Errorf("the error does not say how to check (or leaks the token): %v", err)
	}
	if n := ws.writes.Load(); n != 1 {
		t.Errorf("the launch was sent %d times, want once", n)
	}
	// A 501 says nothing was done: a plain server error.
	ws501 := newWriteServer(t, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		writeJSON(w, 501, `{"message":"Not Implemented"}`)
		return true
	})
	c501, _ := newTestClient(t, ws501.Server)
	if _, err := c501.ArchiveRun(context.Background(), runID); errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrServer) {
		t.Errorf("501: err = %v, want ErrServer without ErrOutcomeUnknown", err)
	}
	// A 4xx means it was not done.
	ws422 := newWriteServer(t, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		writeJSON(w, 422, `{"message":"The given data was invalid."}`)
		return true
	})
	c422, _ := newTestClient(t, ws422.Server)
	if _, err := c422.ActivateRun(context.Background(), runID); errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrValidation) {
		t.Errorf("422: err = %v, want ErrValidation without ErrOutcomeUnknown", err)
	}
}

func TestWrites_RateLimitedWritesAreRetriedBecauseTheyWereNotDone(t *testing.T) {
	var posts atomic.Int32
	ws := newWriteServer(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if posts.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			return true
		}
		writeJSON(w, 200, `{"data":{"id":77,"content":"hi","state":"open"}}`)
		return true
	})
	c, waits := newTestClient(t, ws.Server)
	got, err := c.CommentOnTask(context.Background(), taskID, CommentRequest{Content: "hi", Visibility: CommentVisibleToAll})
	if err != nil || got.ID != 77 {
		t.Fatalf("CommentOnTask = %+v, %v", got, err)
	}
	if n := ws.writes.Load(); n != 2 || len(*waits) != 1 || (*waits)[0] != time.Second {
		t.Errorf("%d requests, waits %v; want the 429 retried once after its Retry-After", n, *waits)
	}
}

func TestWrites_AConnectionCutAfterSendingIsAnUnknownOutcome(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // the request arrived; the answer never leaves
		}
		return true
	})
	c, _ := newTestClient(t, ws.Server)
	_, err := c.CreateTask(context.Background(), CreateTaskRequest{Title: "Review", Owners: Assignees{Users: []int{1002}}, Deadline: time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if !strings.Contains(err.Error(), "ListOrgTasks") {
		t.Errorf("the error does not say how to check: %v", err)
	}
	if n := ws.writes.Load(); n != 1 {
		t.Errorf("the creation was sent %d times, want once", n)
	}
}

// refusingTransport refuses the first n dials, as a server that is not
// listening yet does, then dials for real.
type refusingTransport struct {
	refuse atomic.Int32
	next   http.RoundTripper
}

func (rt *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if rt.refuse.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return rt.next.RoundTrip(r)
}

func TestWrites_AWriteThatNeverLeftTheClientIsRetried(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		writeJSON(w, 201, `{"data":{"id":"`+runID+`","users":[],"groups":[]}}`)
		return true
	})
	rt := &refusingTransport{next: http.DefaultTransport}
	rt.refuse.Store(2)
	c, waits := newTestClient(t, ws.Server, WithHTTPClient(&http.Client{Transport: rt}))
	run, err := c.LaunchRun(context.Background(), LaunchRunRequest{TemplateID: tplID})
	if err != nil || run.ID != runID {
		t.Fatalf("LaunchRun = %v, %v", run, err)
	}
	if n := ws.writes.Load(); n != 1 || len(*waits) != 2 {
		t.Errorf("%d launches reached the server after %d waits; want 1 after 2 refused dials", n, len(*waits))
	}
}

func TestUpdateRun_KeepsTheMembersTheAPIWouldOtherwiseEmpty(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, `{"data":{"id":"`+runID+`","users":[1002,1003],"groups":["g1"]}}`)
			return true
		}
		return false
	})
	c, _ := newTestClient(t, ws.Server)
	if _, err := c.UpdateRun(context.Background(), runID, UpdateRunRequest{Name: Ptr("renamed")}); err != nil {
		t.Fatal(err)
	}
	body := <-ws.bodies
	if got, _ := json.Marshal(body); string(got) != `{"groups":["g1"],"name":"renamed","users":[1002,1003]}` {
		t.Errorf("PUT body %s: want the current members sent back with the new name", got)
	}
	// Members given: sent as they are, empty lists (never null) to remove everyone.
	if _, err := c.UpdateRun(context.Background(), runID, UpdateRunRequest{Members: &Members{}}); err != nil {
		t.Fatal(err)
	}
	body = <-ws.bodies
	if got, _ := json.Marshal(body); string(got) != `{"groups":[],"users":[]}` {
		t.Errorf("PUT body %s: want empty member lists", got)
	}
	if n := ws.hits.Load(); n != 3 {
		t.Errorf("%d requests, want GET+PUT then PUT alone", n)
	}
}

// taskServer serves one task with the given status and type, and answers
// writes with it.
func taskServer(t *testing.T, status, taskType string) *writeServer {
	t.Helper()
	task := `{"data":{"id":"` + taskID + `","title":"Sign off","status":"` + status + `","task_type":"` + taskType + `","deadline":"2026-12-04T17:00:00Z","completed_at":null,"owners":{"users":[1002,{"id":1003,"full_name":"Pat"}],"guests":["g@x.example"],"groups":[]}}}`
	return newWriteServer(t, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		writeJSON(w, 200, task)
		return true
	})
}

func TestCompleteTask_ReadsTheTaskAndRefusesWhatWouldGoWrong(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, status, taskType string
		opts                   *CompleteTaskOptions
		want                   error
		body                   string
	}{
		{"completed task", "completed", "task", nil, ErrAlreadyCompleted, ""},
		{"approval without a decision", "in-progress", "approval", nil, ErrInvalidArgument, ""},
		{"decision on an expiring task", "in-progress", "expiring", &CompleteTaskOptions{Decision: Reject}, ErrInvalidArgument, ""},
		{"unknown decision", "in-progress", "approval", &CompleteTaskOptions{Decision: "maybe"}, ErrInvalidArgument, ""},
		{"plain task", "not-started", "task", nil, nil, `{"task_id":"` + taskID + `"}`},
		{"approved", "in-progress", "approval", &CompleteTaskOptions{Decision: Approve}, nil, `{"is_approved":true,"task_id":"` + taskID + `"}`},
		{"rejected as someone", "in-progress", "approval", &CompleteTaskOptions{Decision: Reject, CompleteAs: 1003}, nil, `{"is_approved":false,"override_user":1003,"task_id":"` + taskID + `"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := taskServer(t, tc.status, tc.taskType)
			c, _ := newTestClient(t, ws.Server)
			_, err := c.CompleteTask(ctx, runID, taskID, tc.opts)
			if tc.want != nil {
				if !errors.Is(err, tc.want) || ws.writes.Load() != 0 {
					t.Fatalf("err = %v after %d writes, want %v and nothing sent", err, ws.writes.Load(), tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(<-ws.bodies)
			if string(got) != tc.body || ws.last().URL.Path != "/organizations/"+testOrg+"/runs/"+runID+"/completed-tasks" {
				t.Errorf("sent %s to %s, want %s", got, ws.last().URL.Path, tc.body)
			}
		})
	}
	// A one-off task (no run id) uses the organization's paths.
	ws := taskServer(t, "in-progress", "task")
	c, _ := newTestClient(t, ws.Server)
	if _, err := c.CompleteTask(ctx, "", taskID, nil); err != nil || ws.last().URL.Path != "/organizations/"+testOrg+"/completed-tasks" {
		t.Errorf("one-off completion: %v, sent to %s", err, ws.last().URL.Path)
	}
	if _, err := c.ReopenTask(ctx, "", taskID); err != nil || ws.last().Method != http.MethodDelete || ws.last().URL.Path != "/organizations/"+testOrg+"/completed-tasks/"+taskID {
		t.Errorf("one-off reopen: %v, sent %s %s", err, ws.last().Method, ws.last().URL.Path)
	}
}

func TestUpdateTask_OneOffTasksResendTitleDeadlineAndEveryAssignee(t *testing.T) {
	ws := taskServer(t, "in-progress", "task")
	c, _ := newTestClient(t, ws.Server)
	if _, err := c.UpdateTask(context.Background(), "", taskID, UpdateTaskRequest{Summary: Ptr("<p>Updated</p>")}); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(<-ws.bodies)
	want := `{"deadline":"2026-12-04T17:00:00Z","owners":{"groups":[],"guests":["g@x.example"],"users":[1002,1003]},"summary":"\u003cp\u003eUpdated\u003c/p\u003e","title":"Sign off"}`
	if string(got) != want {
		t.Errorf("PUT body\n %s\nwant\n %s", got, want)
	}
	// A task of a process: only what is given is sent, owners with all three lists.
	if _, err := c.UpdateTask(context.Background(), runID, taskID, UpdateTaskRequest{Owners: &Assignees{Users: []int{1002}}}); err != nil {
		t.Fatal(err)
	}
	got, _ = json.Marshal(<-ws.bodies)
	if string(got) != `{"owners":{"groups":[],"guests":[],"users":[1002]}}` {
		t.Errorf("PUT body %s: want the three owner lists and nothing else", got)
	}
}

func TestCommentOnTask_VisibilityIsAChoiceNotTheAPIsDefault(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		writeJSON(w, 200, `{"data":{"id":5,"state":"hide-for-guests"}}`)
		return true
	})
	c, _ := newTestClient(t, ws.Server)
	for _, req := range []CommentRequest{{Content: "hi"}, {Content: "hi", Visibility: "public"}, {Visibility: CommentVisibleToAll}, {Content: "hi", Visibility: CommentCollapsed, Label: "note"}} {
		if _, err := c.CommentOnTask(context.Background(), taskID, req); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%+v: err = %v, want ErrInvalidArgument", req, err)
		}
	}
	if _, err := c.CommentOnTask(context.Background(), taskID, CommentRequest{Content: "@[1002] done", Visibility: CommentHiddenFromGuests, Label: CommentLabelAdvice}); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(<-ws.bodies)
	if string(got) != `{"content":"@[1002] done","label":"advice","state":"hide-for-guests"}` || ws.writes.Load() != 1 {
		t.Errorf("sent %s (%d writes)", got, ws.writes.Load())
	}
}

func TestCreateTask_RequiredFieldsAreCheckedAndTheTextSentUnderBothNames(t *testing.T) {
	ws := newWriteServer(t, nil)
	c, _ := newTestClient(t, ws.Server)
	deadline := time.Date(2026, 12, 4, 18, 0, 0, 0, time.FixedZone("CET", 3600))
	for _, req := range []CreateTaskRequest{
		{Owners: Assignees{Users: []int{1}}, Deadline: deadline},
		{Title: "t", Deadline: deadline},
		{Title: "t", Owners: Assignees{Users: []int{1}}},
		{Title: "t", Owners: Assignees{Guests: []string{"not an email"}}, Deadline: deadline},
		{Title: "t", Type: "chore", Owners: Assignees{Users: []int{1}}, Deadline: deadline},
		{Title: strings.Repeat("é", 601), Owners: Assignees{Users: []int{1}}, Deadline: deadline},
	} {
		if _, err := c.CreateTask(context.Background(), req); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%+v: err = %v, want ErrInvalidArgument", req, err)
		}
	}
	if ws.writes.Load() != 0 {
		t.Fatalf("%d refused creations were sent", ws.writes.Load())
	}
	if _, err := c.CreateTask(context.Background(), CreateTaskRequest{Title: "Review", Summary: "Read it", Owners: Assignees{Groups: []string{"g1"}}, Deadline: deadline}); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(<-ws.bodies)
	if string(got) != `{"deadline":"2026-12-04T17:00:00Z","description":"Read it","owners":{"groups":["g1"],"guests":[],"users":[]},"summary":"Read it","task_type":"task","title":"Review"}` {
		t.Errorf("sent %s", got)
	}
}

func TestUserCalls_NeedNoOrganization(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/me" {
			writeJSON(w, 200, `{"data":{"id":1002,"full_name":"Alex"}}`)
			return
		}
		writeJSON(w, 200, `{"data":[{"id":"org1","name":"Acme"}],"meta":{"pagination":{"total":1,"count":1,"per_page":10,"current_page":1,"total_pages":1,"links":[]}}}`)
	})
	c, err := NewClient(WithBaseURL(srv.URL), WithToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	me, err := c.Me(context.Background())
	if err != nil || me.ID != 1002 {
		t.Fatalf("Me = %v, %v", me, err)
	}
	var names []string
	for org, err := range c.MyOrganizations(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, org.ID+"="+*org.Name)
	}
	if strings.Join(names, ",") != "org1=Acme" || srv.last().URL.Path != "/me/organizations" {
		t.Errorf("organizations %v from %s", names, srv.last().URL.Path)
	}
	if _, err := c.ListMyTasksPage(context.Background(), nil); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("ListMyTasks without an organization: err = %v, want ErrInvalidConfig", err)
	}
}

// finalError is what a caller's transport returns to stop the retries.
type finalError struct{}

func (finalError) Error() string   { return "dry run: not sent" }
func (finalError) Retryable() bool { return false }

func TestWithHTTPClient_ATransportCanMakeAnErrorFinal(t *testing.T) {
	var calls atomic.Int32
	rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, finalError{}
	})
	c, err := NewClient(WithBaseURL("https://api.tallyfy.test"), WithToken(testToken), WithOrganization(testOrg), WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRun(context.Background(), runID, nil)
	var fe finalError
	if !errors.As(err, &fe) || calls.Load() != 1 {
		t.Errorf("err = %v after %d attempts, want the final error after one", err, calls.Load())
	}
}

// kickoffTemplate is a template whose kick-off form has a text field
// (required), a dropdown and a table.
const kickoffTemplate = `{"data":{"id":"` + tplID + `","title":"Onboarding","prerun":[
 {"id":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b","label":"Company name","alias":"company","field_type":"text","required":true},
 {"id":"8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a","label":"Plan","field_type":"dropdown","required":false,"options":[{"id":1,"text":"Silver"},{"id":2,"text":"Gold"}]},
 {"id":"7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29","label":"Seats","field_type":"table","required":false,"columns":[{"id":1,"label":"Team"},{"id":2,"label":"Count"}]}]}}`

func TestLaunchRun_FieldsAreResolvedAndEncodedBeforeSending(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, kickoffTemplate)
		} else {
			writeJSON(w, 201, `{"data":{"id":"`+runID+`","users":[],"groups":[]}}`)
		}
		return true
	})
	c, _ := newTestClient(t, ws.Server)
	ctx := context.Background()
	_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Name: "Globex", Fields: map[string]any{
		"company": "Globex", "plan": "Gold", "Seats": []string{"Sales", "12"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(<-ws.bodies)
	want := `{"checklist_id":"` + tplID + `","name":"Globex","prerun":{"7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29":["Sales","12"],"8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a":{"id":2,"text":"Gold"},"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b":"Globex"}}`
	if string(got) != want {
		t.Errorf("launch body\n %s\nwant\n %s", got, want)
	}
	// What the API would drop or refuse is refused before the launch.
	for name, fields := range map[string]map[string]any{
		"unknown key":       {"company": "Globex", "Company size": "50"},
		"no such option":    {"company": "Globex", "Plan": "Platinum"},
		"required left out": {"Plan": "Gold"},
		"short table":       {"company": "Globex", "Seats": []string{"Sales"}},
	} {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Fields: fields})
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := ws.writes.Load(); n != 1 {
		t.Errorf("%d launches were sent, want only the valid one", n)
	}
}

func TestUpdateTask_FieldsAreResolvedAgainstTheTasksFormFields(t *testing.T) {
	ws := newWriteServer(t, func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if r.Method == http.MethodGet {
			if r.URL.Query().Get("with") != "form_fields" {
				t.Errorf("the task was read with %q, want with=form_fields", r.URL.RawQuery)
			}
			writeJSON(w, 200, `{"data":{"id":"`+taskID+`","owners":{"users":[],"guests":[],"groups":[]},"form_fields":{"data":[
				{"id":"3c4d5e6f708192a3b4c5d6e7f8091a2b","label":"Tracking number","field_type":"text"},
				{"id":"4d5e6f708192a3b4c5d6e7f8091a2b3c","label":"Carriers","field_type":"multiselect","options":[{"id":7,"text":"UPS"},{"id":8,"text":"DHL"}]}]}}}`)
			return true
		}
		return false
	})
	c, _ := newTestClient(t, ws.Server)
	_, err := c.UpdateTask(context.Background(), runID, taskID, UpdateTaskRequest{Fields: map[string]any{"tracking number": "1Z999", "Carriers": []string{"DHL"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(<-ws.bodies)
	if string(got) != `{"taskdata":{"3c4d5e6f708192a3b4c5d6e7f8091a2b":"1Z999","4d5e6f708192a3b4c5d6e7f8091a2b3c":[{"id":8,"selected":true,"text":"DHL"}]}}` {
		t.Errorf("PUT body %s", got)
	}
	if _, err := c.UpdateTask(context.Background(), runID, taskID, UpdateTaskRequest{Fields: map[string]any{"Notes": "x"}}); !errors.Is(err, ErrInvalidArgument) || ws.writes.Load() != 1 {
		t.Errorf("unknown field: err = %v after %d writes, want ErrInvalidArgument and nothing sent", err, ws.writes.Load())
	}
}
