package tallyfy_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// receive waits for the next event the receiver handled. Deliveries are sent
// before the fake answers the write, but the handler answers before it runs
// its function, so the event may still be on its way; the timeout only
// bounds a failing test.
func receive(t *testing.T, events <-chan *tallyfy.WebhookEvent) *tallyfy.WebhookEvent {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event arrived")
		return nil
	}
}

// TestWebhooks_EndToEnd launches a process on the fake and completes its
// tasks; the fake delivers the documented events to a receiver built on the
// SDK's handler, one of them twice (deduplicated) and one not at all.
func TestWebhooks_EndToEnd(t *testing.T) {
	srv := tallyfytest.NewServer(tallyfytest.WithWebhookCopies(func(d tallyfytest.WebhookDelivery) int {
		switch d.Event {
		case "process.launched":
			return 2 // the same event twice, as the documentation warns
		case "task.comment_added":
			return 0 // lost: Tallyfy tries once and never again
		}
		return 1
	}))
	defer srv.Close()
	c, err := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *tallyfy.WebhookEvent, 64)
	h, err := c.NewWebhookHandler(func(_ context.Context, e *tallyfy.WebhookEvent) error {
		events <- e
		return nil
	}, &tallyfy.WebhookOptions{Dedupe: 64})
	if err != nil {
		t.Fatal(err)
	}
	var posts atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		h.ServeHTTP(w, r)
	}))
	defer receiver.Close()
	if _, err := srv.SubscribeWebhook(receiver.URL); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	run, err := launchSupplier(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	e := receive(t, events)
	if e.Type != tallyfy.WebhookProcessLaunched || e.Process == nil || e.Process.ID != run.ID || e.OrgID != srv.OrgID {
		t.Fatalf("launch event = %+v", e)
	}
	if string(e.FormFields["supplier_name"]) != `"Initech"` {
		t.Errorf("kick-off values by alias = %v, want supplier_name Initech", e.FormFields)
	}

	var tasks []*tallyfy.Task
	for task, err := range c.ListRunTasks(ctx, run.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	first := tasks[0]
	if _, err := c.CommentOnTask(ctx, first.ID, tallyfy.CommentRequest{Content: "Looking at it", Visibility: tallyfy.CommentVisibleToAll}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateTask(ctx, run.ID, first.ID, tallyfy.UpdateTaskRequest{Fields: map[string]any{"Registration number": "HRB 12345"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CompleteTask(ctx, run.ID, first.ID, nil); err != nil {
		t.Fatal(err)
	}
	e = receive(t, events)
	if e.Type != tallyfy.WebhookTaskCompleted || e.Task == nil || e.Task.ID != first.ID || e.Task.CompletedAt.Time.IsZero() {
		t.Fatalf("completion event = %+v (the dropped comment must not arrive)", e)
	}
	if e.Process == nil || e.Process.ID != run.ID || e.NextTask == nil || e.NextTask.ID != tasks[1].ID {
		t.Errorf("completion event: process %+v, next task %+v", e.Process, e.NextTask)
	}
	if e.Completer == nil || e.Completer.ID == "" || string(e.FormFields["registration"]) != `"HRB 12345"` {
		t.Errorf("completion event: completer %+v, form fields %v", e.Completer, e.FormFields)
	}

	var seen []tallyfy.WebhookEventType
	for _, task := range tasks[1:] {
		var opts *tallyfy.CompleteTaskOptions
		if task.TaskType == tallyfy.TaskTypeApproval {
			opts = &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve}
		}
		if task.Title == "Set up Initech in the ERP" {
			if _, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{Fields: map[string]any{"Payment terms": "Net 30"}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.CompleteTask(ctx, run.ID, task.ID, opts); err != nil {
			t.Fatal(err)
		}
		seen = append(seen, receive(t, events).Type)
	}
	seen = append(seen, receive(t, events).Type)
	want := []tallyfy.WebhookEventType{tallyfy.WebhookTaskCompleted, tallyfy.WebhookTaskCompleted, tallyfy.WebhookTaskCompleted, tallyfy.WebhookProcessCompleted}
	if !slices.Equal(seen, want) {
		t.Errorf("events after the first completion = %v, want %v", seen, want)
	}
	select {
	case e := <-events:
		t.Errorf("an extra event: %+v", e)
	default:
	}

	// What went over the wire: the launch twice (one copy dropped by the
	// handler's dedupe), the comment never.
	var launched, comments int
	for _, d := range srv.WebhookDeliveries() {
		switch d.Event {
		case "process.launched":
			launched += d.Copies
		case "task.comment_added":
			comments += d.Copies
		}
		if d.Copies > 0 && (d.Status != http.StatusOK || d.Err != nil) {
			t.Errorf("delivery %d: status %d, err %v", d.Seq, d.Status, d.Err)
		}
	}
	if launched != 2 || comments != 0 {
		t.Errorf("launch sent %d times, comment %d; want 2 and 0", launched, comments)
	}
	if got := posts.Load(); got != 7 {
		t.Errorf("the receiver got %d POSTs, want 7 (2 launches, 4 completions, 1 process completion)", got)
	}
}

// TestWebhooks_TemplateURLGetsTheClassicPayload: a template's webhook URL
// receives the documented payloads, without "event", which the handler reads
// from their shape.
func TestWebhooks_TemplateURLGetsTheClassicPayload(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	events := make(chan *tallyfy.WebhookEvent, 8)
	h, err := c.NewWebhookHandler(func(_ context.Context, e *tallyfy.WebhookEvent) error {
		events <- e
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	receiver := httptest.NewServer(h)
	defer receiver.Close()
	ctx := context.Background()
	tpl, err := c.GetTemplate(ctx, tallyfytest.SupplierTemplateID, &tallyfy.GetTemplateOptions{
		With: []tallyfy.TemplateInclude{tallyfy.TemplateIncludeSteps, tallyfy.TemplateIncludePrerun}})
	if err != nil {
		t.Fatal(err)
	}
	tpl.Webhook = &receiver.URL
	if err := srv.AddTemplate(*tpl); err != nil {
		t.Fatal(err)
	}
	run, err := launchSupplier(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	e := receive(t, events)
	if e.Type != tallyfy.WebhookProcessLaunched || !e.Inferred || e.Process == nil || e.Process.ID != run.ID {
		t.Errorf("event = %+v", e)
	}
	if bytes.Contains(e.Raw, []byte(`"event"`)) {
		t.Errorf("a template webhook carries no event: %s", e.Raw)
	}
}

func launchSupplier(ctx context.Context, c *tallyfy.Client) (*tallyfy.Run, error) {
	return c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID, Name: "Supplier - Initech",
		Fields: map[string]any{"Supplier name": "Initech", "contact_email": "ap@initech.example",
			"Contract start": time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), "Region": "EMEA", "Services": []string{"Hardware"}},
	})
}
