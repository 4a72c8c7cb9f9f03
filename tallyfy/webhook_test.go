package tallyfy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

const hookOrg = "org789xyz123"

func readHookFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/webhooks/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseWebhook_DocumentedTaskPayload reads the task payload example of
// docs integrations/webhooks/webhook-payload-structure as it is published.
func TestParseWebhook_DocumentedTaskPayload(t *testing.T) {
	e, err := tallyfy.ParseWebhook(hookOrg, readHookFixture(t, "task.json"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != tallyfy.WebhookTaskCompleted || !e.Inferred {
		t.Errorf("Type = %q inferred=%v, want task.completed inferred", e.Type, e.Inferred)
	}
	if len(e.Unread) != 0 {
		t.Errorf("Unread = %v, want none", e.Unread)
	}
	if e.Task == nil || e.Task.ID != "task003ghi789xyz" || e.Task.Alias != "review-contract" || e.Task.Position != 3 {
		t.Fatalf("Task = %+v", e.Task)
	}
	if want := time.Date(2025, 10, 2, 14, 30, 0, 0, time.UTC); !e.Task.CompletedAt.Time.Equal(want) {
		t.Errorf("CompletedAt = %v, want %v", e.Task.CompletedAt.Time, want)
	}
	if c := e.Task.Captures["capture123timeline"]; c.Alias != "contract-value" || string(c.Value) != `"50000"` {
		t.Errorf("capture = %+v", c)
	}
	if len(e.Task.Owners.Users) != 1 || e.Task.Owners.Guests[0] != "external.reviewer@vendor.com" {
		t.Errorf("Owners = %+v", e.Task.Owners)
	}
	if len(e.Task.Assets) != 1 || e.Task.Assets[0].Version != "1" {
		t.Errorf("Assets = %+v", e.Task.Assets)
	}
	if e.Process == nil || e.Process.ID != "run123abc456" || e.Process.Progress.Percent != 60 || e.Process.ClientURL == "" || len(e.Process.Tags) != 1 {
		t.Errorf("Process = %+v", e.Process)
	}
	if e.NextTask == nil || e.NextTask.ID != "task004jkl" {
		t.Errorf("NextTask = %+v", e.NextTask)
	}
	if e.Template == nil || e.Template.Alias != "vendor-contract-review" || e.Completer == nil || e.Completer.Email != "john@acmecorp.com" {
		t.Errorf("Template = %+v, Completer = %+v", e.Template, e.Completer)
	}
	if string(e.FormFields["risk-assessment"]) != `"Low"` || e.ProcessTasks["legal-review"] != "task002def" {
		t.Errorf("FormFields = %v, ProcessTasks = %v", e.FormFields, e.ProcessTasks)
	}
	if !strings.HasPrefix(e.GuestLinks["compliance@vendor.com"], "https://go.tallyfy.com/guest-all-task/") {
		t.Errorf("GuestLinks = %v", e.GuestLinks)
	}
}

func TestParseWebhook_DocumentedProcessPayload(t *testing.T) {
	e, err := tallyfy.ParseWebhook(hookOrg, readHookFixture(t, "process.json"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != tallyfy.WebhookProcessLaunched || len(e.Unread) != 0 {
		t.Errorf("Type = %q, Unread = %v", e.Type, e.Unread)
	}
	p := e.Process
	if p == nil || p.ID != "abc123def456ghi789jkl012mno345pq" || p.IncrementID != 1234 || p.PrerunStatus != "completed" || len(p.Prerun) != 4 {
		t.Fatalf("Process = %+v", p)
	}
	if e.Launcher == nil || e.Launcher.FullName != "John Smith" || string(e.FormFields["urgency"]) != `"normal"` {
		t.Errorf("Launcher = %+v, FormFields = %v", e.Launcher, e.FormFields)
	}
}

// TestParseWebhook_Tolerance: every second shape the sources show reads.
func TestParseWebhook_Tolerance(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, e *tallyfy.WebhookEvent)
	}{
		{"process completed by status", `{"id":"r1","checklist_id":"c1","status":"completed","completed_at":null}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Type != tallyfy.WebhookProcessCompleted {
					t.Errorf("Type = %q", e.Type)
				}
			}},
		{"process completed by REST's spelling", `{"id":"r1","checklist_id":"c1","status":"complete"}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Type != tallyfy.WebhookProcessCompleted {
					t.Errorf("Type = %q", e.Type)
				}
			}},
		{"next_task [] when every task is done", `{"this_task":{"id":"t1"},"next_task":[]}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.NextTask != nil || len(e.Unread) != 0 {
					t.Errorf("NextTask = %+v, Unread = %v", e.NextTask, e.Unread)
				}
			}},
		{"next_task {}", `{"this_task":{"id":"t1"},"next_task":{}}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.NextTask != nil {
					t.Errorf("NextTask = %+v", e.NextTask)
				}
			}},
		{"integer ids", `{"this_task":{"id":"t1","completed_by":{"id":1001,"email":"a@b.c"},"owners":{"users":[1001,{"id":"1002"}],"guests":{}}},"process":{"id":"r1","started_by":1001,"progress":{"complete":1,"total":2,"percent":50}},"launcher":1001}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Task.CompletedBy.ID != "1001" || e.Task.Owners.Users[0].ID != "1001" || e.Task.Owners.Users[1].ID != "1002" || e.Launcher.ID != "1001" {
					t.Errorf("Task = %+v, Launcher = %+v", e.Task, e.Launcher)
				}
				if e.Process.StartedBy != "1001" || e.Process.Progress.Percent != 50 {
					t.Errorf("Process = %+v", e.Process)
				}
			}},
		{"the d/m/Y h:i A T date format", `{"this_task":{"id":"t1","completed_at":"15/10/2025 09:00 AM UTC","deadline":"2025-10-15 17:00:00"}}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if want := time.Date(2025, 10, 15, 9, 0, 0, 0, time.UTC); !e.Task.CompletedAt.Time.Equal(want) {
					t.Errorf("CompletedAt = %v, want %v", e.Task.CompletedAt.Time, want)
				}
				if e.Task.Deadline.Time.Hour() != 17 {
					t.Errorf("Deadline = %v", e.Task.Deadline.Time)
				}
			}},
		{"an unreadable date keeps its text", `{"this_task":{"id":"t1","completed_at":"yesterday"}}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if !e.Task.CompletedAt.Time.IsZero() || e.Task.CompletedAt.Raw != "yesterday" {
					t.Errorf("CompletedAt = %+v", e.Task.CompletedAt)
				}
			}},
		{"captures [] and position as a string", `{"this_task":{"id":"t1","captures":[],"position":"4"}}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Task.Captures != nil || e.Task.Position != 4 {
					t.Errorf("Task = %+v", e.Task)
				}
			}},
		{"an organization event", `{"event":"task.comment_added","task":{"id":"T1"},"comment":{"id":5,"content":"hi"}}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Type != tallyfy.WebhookCommentAdded || e.Inferred || e.Task.ID != "T1" {
					t.Errorf("event = %+v", e)
				}
			}},
		{"an unknown event passes through raw", `{"event":"task.archived","whatever":[1,2]}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Type != "task.archived" || !strings.Contains(string(e.Raw), "whatever") {
					t.Errorf("event = %+v", e)
				}
			}},
		{"a member in an undocumented shape is named, not fatal", `{"this_task":"t1","process":{"id":"r1"}}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if len(e.Unread) != 1 || e.Unread[0] != "this_task" || e.Process.ID != "r1" {
					t.Errorf("Unread = %v, Process = %+v", e.Unread, e.Process)
				}
			}},
		{"neither shape: no type", `{"hello":"world"}`,
			func(t *testing.T, e *tallyfy.WebhookEvent) {
				if e.Type != "" || e.Inferred {
					t.Errorf("Type = %q", e.Type)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tallyfy.ParseWebhook(hookOrg, []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, e)
		})
	}
}

func TestParseWebhook_NotAnObject(t *testing.T) {
	for _, body := range []string{"", "null", "[]", `"x"`, "{", `{"a":}`} {
		if _, err := tallyfy.ParseWebhook(hookOrg, []byte(body)); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Errorf("ParseWebhook(%q) = %v, want ErrInvalidArgument", body, err)
		}
	}
}

func TestWebhookEvent_Key(t *testing.T) {
	parse := func(s string) *tallyfy.WebhookEvent {
		e, err := tallyfy.ParseWebhook(hookOrg, []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	first := parse(`{"this_task":{"id":"t1","completed_at":"2025-10-02T14:30:00Z"},"process":{"progress":50}}`)
	copyWithOtherProgress := parse(`{"this_task":{"id":"t1","completed_at":"2025-10-02T14:30:00Z"},"process":{"progress":60}}`)
	recompleted := parse(`{"this_task":{"id":"t1","completed_at":"2025-10-03T08:00:00Z"}}`)
	if first.Key() != copyWithOtherProgress.Key() {
		t.Error("the same completion has two keys")
	}
	if first.Key() == recompleted.Key() {
		t.Error("a task completed again (after a reopen) has the key of its first completion")
	}
	a, b := parse(`{"event":"task.assigned","task":{"id":"t1"},"user":1}`), parse(`{"event":"task.assigned","task":{"id":"t1"},"user":2}`)
	if a.Key() == b.Key() || a.Key() != parse(`{"event":"task.assigned","task":{"id":"t1"},"user":1}`).Key() {
		t.Error("an event without a documented subject and time is not keyed by its body")
	}
}

type hookRecorder struct {
	mu     sync.Mutex
	events []*tallyfy.WebhookEvent
	err    error
}

func (r *hookRecorder) handle(_ context.Context, e *tallyfy.WebhookEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return r.err
}

func (r *hookRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func newHookHandler(t *testing.T, opts *tallyfy.WebhookOptions) (*tallyfy.WebhookHandler, *hookRecorder, *bytes.Buffer) {
	t.Helper()
	rec := &hookRecorder{}
	var logs bytes.Buffer
	o := tallyfy.WebhookOptions{}
	if opts != nil {
		o = *opts
	}
	o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := tallyfy.NewWebhookHandler(hookOrg, rec.handle, &o)
	if err != nil {
		t.Fatal(err)
	}
	return h, rec, &logs
}

func deliver(h http.Handler, method, org, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/hook", strings.NewReader(body))
	if org != "" {
		req.Header.Set(tallyfy.WebhookOrgHeader, org)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestWebhookHandler_Answers(t *testing.T) {
	task := `{"this_task":{"id":"t1","completed_at":"2025-10-02T14:30:00Z"}}`
	tests := []struct {
		name, method, org, body string
		status, handled         int
		log                     string
	}{
		{"a documented payload", http.MethodPost, hookOrg, task, 200, 1, ""},
		{"another organization", http.MethodPost, "someoneelse", task, 403, 0, "not from this organization"},
		{"no organization header", http.MethodPost, "", task, 403, 0, "not from this organization"},
		{"a GET", http.MethodGet, hookOrg, "", 405, 0, "not a POST"},
		{"not JSON", http.MethodPost, hookOrg, "<html>", 400, 0, "bad body"},
		{"a JSON array", http.MethodPost, hookOrg, "[]", 400, 0, "bad body"},
		{"over the cap", http.MethodPost, hookOrg, `{"x":"` + strings.Repeat("a", 2000) + `"}`, 413, 0, "body over the cap"},
		{"an unknown event", http.MethodPost, hookOrg, `{"event":"run.renamed"}`, 200, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, rec, logs := newHookHandler(t, &tallyfy.WebhookOptions{MaxBodyBytes: 1024})
			w := deliver(h, tt.method, tt.org, tt.body)
			if w.Code != tt.status || rec.count() != tt.handled {
				t.Errorf("status %d, handled %d; want %d, %d", w.Code, rec.count(), tt.status, tt.handled)
			}
			if tt.log != "" && !strings.Contains(logs.String(), tt.log) {
				t.Errorf("log %q lacks %q", logs.String(), tt.log)
			}
			if tt.log != "" && strings.Contains(logs.String(), strings.Repeat("a", 100)) {
				t.Error("the log holds the body")
			}
		})
	}
}

// TestWebhookHandler_AnswersBeforeTheFunction: the 200 is flushed before the
// function runs, so a slow function never makes the sender wait.
func TestWebhookHandler_AnswersBeforeTheFunction(t *testing.T) {
	release := make(chan struct{})
	answered := make(chan int, 1)
	h, err := tallyfy.NewWebhookHandler(hookOrg, func(ctx context.Context, e *tallyfy.WebhookEvent) error {
		<-release
		return ctx.Err()
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"event":"process.launched"}`))
		req.Header.Set(tallyfy.WebhookOrgHeader, hookOrg)
		resp, err := srv.Client().Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	if status := <-answered; status != http.StatusOK {
		t.Errorf("status %d, want 200 while the function still runs", status)
	}
	close(release)
}

func TestWebhookHandler_Dedupe(t *testing.T) {
	h, rec, logs := newHookHandler(t, &tallyfy.WebhookOptions{Dedupe: 2})
	a := `{"this_task":{"id":"a","completed_at":"2025-10-02T14:30:00Z"}}`
	b := `{"this_task":{"id":"b","completed_at":"2025-10-02T14:30:00Z"}}`
	c := `{"this_task":{"id":"c","completed_at":"2025-10-02T14:30:00Z"}}`
	for _, body := range []string{a, a, b, a} {
		if w := deliver(h, http.MethodPost, hookOrg, body); w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
	}
	if rec.count() != 2 {
		t.Fatalf("handled %d, want 2 (a, b; the copies of a dropped)", rec.count())
	}
	if !strings.Contains(logs.String(), "duplicate dropped") {
		t.Errorf("no log of the duplicate: %s", logs.String())
	}
	// Bounded: after two newer events, a is forgotten.
	deliver(h, http.MethodPost, hookOrg, c)
	deliver(h, http.MethodPost, hookOrg, a)
	if rec.count() != 4 {
		t.Errorf("handled %d, want 4 (a again after its key was evicted)", rec.count())
	}
}

func TestWebhookHandler_DedupeForgetsAFailure(t *testing.T) {
	h, rec, logs := newHookHandler(t, &tallyfy.WebhookOptions{Dedupe: 8})
	rec.err = errors.New("database down")
	a := `{"this_task":{"id":"a","completed_at":"2025-10-02T14:30:00Z"}}`
	deliver(h, http.MethodPost, hookOrg, a)
	rec.err = nil
	deliver(h, http.MethodPost, hookOrg, a)
	deliver(h, http.MethodPost, hookOrg, a)
	if rec.count() != 2 {
		t.Errorf("handled %d, want 2 (the copy after the failure handled, the next dropped)", rec.count())
	}
	if !strings.Contains(logs.String(), "database down") {
		t.Errorf("the failure is not logged: %s", logs.String())
	}
}

func TestNewWebhookHandler_Refuses(t *testing.T) {
	fn := func(context.Context, *tallyfy.WebhookEvent) error { return nil }
	if _, err := tallyfy.NewWebhookHandler(hookOrg, nil, nil); !errors.Is(err, tallyfy.ErrInvalidArgument) {
		t.Errorf("nil function: %v", err)
	}
	if _, err := tallyfy.NewWebhookHandler(hookOrg, fn, &tallyfy.WebhookOptions{Dedupe: -1}); !errors.Is(err, tallyfy.ErrInvalidArgument) {
		t.Errorf("negative Dedupe: %v", err)
	}
	if _, err := tallyfy.NewWebhookHandler("", fn, nil); err == nil {
		t.Error("no organization: no error")
	}
	c, err := tallyfy.NewClient(tallyfy.WithToken("t0k3n-for-tests"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.NewWebhookHandler(fn, nil); !errors.Is(err, tallyfy.ErrInvalidConfig) {
		t.Errorf("client without organization: %v", err)
	}
}

// TestWebhookEvent_JSON: an event encodes (the CLI prints one per line) with
// its dates as sent.
func TestWebhookEvent_JSON(t *testing.T) {
	e, err := tallyfy.ParseWebhook(hookOrg, []byte(`{"this_task":{"id":"t1","completed_at":"15/10/2025 09:00 AM UTC"}}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"completed_at":"15/10/2025 09:00 AM UTC"`) || bytes.Contains(b, []byte("\n")) {
		t.Errorf("encoded %s", b)
	}
}

func FuzzWebhookHandler(f *testing.F) {
	f.Add([]byte(`{"this_task":{"id":"t1","completed_at":"2025-10-02T14:30:00Z","owners":{"users":[1],"guests":{}}},"next_task":[]}`))
	f.Add([]byte(`{"id":1,"checklist_id":2,"progress":{"percent":"x"},"prerun":[]}`))
	f.Add([]byte(`{"event":7,"task":[],"process":"x","launcher":[1]}`))
	f.Add([]byte(`{"this_task":{"position":1e400,"captures":{"a":1}}}`))
	fn := func(context.Context, *tallyfy.WebhookEvent) error { return nil }
	h, err := tallyfy.NewWebhookHandler(hookOrg, fn, &tallyfy.WebhookOptions{Dedupe: 4, MaxBodyBytes: 1 << 16})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := deliver(h, http.MethodPost, hookOrg, string(body))
		if w.Code != 200 && w.Code != 400 && w.Code != 413 {
			t.Fatalf("status %d", w.Code)
		}
		if e, err := tallyfy.ParseWebhook(hookOrg, body); err == nil {
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("an event that does not encode: %v", err)
			}
		}
	})
}
