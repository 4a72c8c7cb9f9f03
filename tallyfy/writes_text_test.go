package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// textServer answers the reads the writes make first (a template with a
// text kick-off field, a run of that template, a one-off task with a text
// form field) and counts the writes, which it answers with 200.
func textServer(t *testing.T) (*recorder, *atomic.Int32) {
	t.Helper()
	var writes atomic.Int32
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method != http.MethodGet:
			writes.Add(1)
			writeJSON(w, 200, `{"data":{"id":"`+runID+`","users":[],"groups":[],"owners":{"users":[],"guests":[],"groups":[]}}}`)
		case strings.Contains(r.URL.Path, "/checklists/"):
			writeJSON(w, 200, `{"data":{"id":"`+tplID+`","title":"Onboarding","prerun":[
				{"id":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b","label":"Company name","field_type":"text","required":false}]}}`)
		case strings.Contains(r.URL.Path, "/runs/") && !strings.Contains(r.URL.Path, "/tasks/"):
			writeJSON(w, 200, `{"data":{"id":"`+runID+`","checklist_id":"`+tplID+`","users":[1002],"groups":[]}}`)
		default:
			writeJSON(w, 200, `{"data":{"id":"`+taskID+`","title":"Sign off","status":"in-progress","task_type":"task",
				"deadline":"2026-12-04T17:00:00Z","owners":{"users":[1002],"guests":[],"groups":[]},"form_fields":{"data":[
				{"id":"3c4d5e6f708192a3b4c5d6e7f8091a2b","label":"Tracking number","field_type":"text"}]}}}`)
		}
	})
	return srv, &writes
}

// The bytes json.Marshal would silently send as U+FFFD.
const badUTF8 = "a\xffb"

// Every text a write sends is refused when it is not valid UTF-8, naming
// what it is, before anything is written: json.Marshal would otherwise send
// it with U+FFFD in place of each bad byte. Each row is one field of one
// request type; TestWrites_EveryTextFieldHasAnInvalidUTF8Row checks that
// every field that takes text has one.
var textRows = []struct {
	field string // Type.Field[.Field] of the request, or the call's id argument
	want  string // what the refusal names
	call  func(ctx context.Context, c *Client) error
}{
	{"LaunchRunRequest.TemplateID", "template id", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: badUTF8})
		return err
	}},
	{"LaunchRunRequest.Name", "process name is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Name: badUTF8})
		return err
	}},
	{"LaunchRunRequest.Summary", "process summary is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Summary: badUTF8})
		return err
	}},
	{"LaunchRunRequest.Fields", `key "Company name" (field "Company name"`, func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Fields: map[string]any{"Company name": badUTF8}})
		return err
	}},
	{"LaunchRunRequest.Groups", "group id", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Groups: []string{badUTF8}})
		return err
	}},
	{"LaunchRunRequest.Tags", "tag id", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Tags: []string{badUTF8}})
		return err
	}},
	{"LaunchRunRequest.Folders", "folder id", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Folders: []string{badUTF8}})
		return err
	}},
	{"LaunchRunRequest.ParentID", "run id", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, ParentID: badUTF8})
		return err
	}},
	{"LaunchRunRequest.Owner", "name that is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Owner: badUTF8})
		return err
	}},
	{"LaunchRunRequest.People", "name that is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, People: []string{badUTF8}})
		return err
	}},
	{"UpdateRunRequest.Owner", "name that is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Owner: badUTF8})
		return err
	}},
	{"UpdateRunRequest.Members.People", "name that is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Members: &Members{People: []string{badUTF8}}})
		return err
	}},
	{"UpdateTaskRequest.Owners.People", "name that is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Owners: &Assignees{People: []string{badUTF8}}})
		return err
	}},
	{"CreateTaskRequest.Owners.People", "name that is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: time.Now(), Owners: Assignees{People: []string{badUTF8}}})
		return err
	}},
	{"UpdateRun runID", "run id", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, badUTF8, UpdateRunRequest{Name: Ptr("x")})
		return err
	}},
	{"UpdateRunRequest.Name", "process name is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Name: Ptr(badUTF8)})
		return err
	}},
	{"UpdateRunRequest.Summary", "process summary is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Summary: Ptr(badUTF8)})
		return err
	}},
	{"UpdateRunRequest.Members.Groups", "group id", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Members: &Members{Groups: []string{badUTF8}}})
		return err
	}},
	{"UpdateRunRequest.Fields", `key "Company name" (field "Company name"`, func(ctx context.Context, c *Client) error {
		_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Fields: map[string]any{"Company name": badUTF8}})
		return err
	}},
	{"UpdateTaskRequest.Title", "task title is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Title: Ptr(badUTF8)})
		return err
	}},
	{"UpdateTaskRequest.Summary", "task summary is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, "", taskID, UpdateTaskRequest{Summary: Ptr(badUTF8)}) // one-off: read first, still refused
		return err
	}},
	{"UpdateTaskRequest.Webhook", "task webhook is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Webhook: Ptr("https://hooks.example/" + badUTF8)})
		return err
	}},
	{"UpdateTaskRequest.Owners.Guests", "guest email 1 of 1 is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Owners: &Assignees{Guests: []string{badUTF8 + "@x.example"}}})
		return err
	}},
	{"UpdateTaskRequest.Owners.Groups", "group id", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Owners: &Assignees{Groups: []string{badUTF8}}})
		return err
	}},
	{"UpdateTaskRequest.Fields", `key "Tracking number" (field "Tracking number"`, func(ctx context.Context, c *Client) error {
		_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Fields: map[string]any{"Tracking number": badUTF8}})
		return err
	}},
	{"CreateTaskRequest.Title", "task title is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Title = badUTF8 }))
		return err
	}},
	{"CreateTaskRequest.Type", "task type", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Type = badUTF8 }))
		return err
	}},
	{"CreateTaskRequest.Summary", "task summary is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Summary = badUTF8 }))
		return err
	}},
	{"CreateTaskRequest.Webhook", "task webhook is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Webhook = badUTF8 }))
		return err
	}},
	{"CreateTaskRequest.Owners.Guests", "guest email 1 of 1 is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Owners.Guests = []string{badUTF8 + "@x.example"} }))
		return err
	}},
	{"CreateTaskRequest.Owners.Groups", "group id", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Owners.Groups = []string{badUTF8} }))
		return err
	}},
	{"CreateTaskRequest.Tags", "tag id", func(ctx context.Context, c *Client) error {
		_, err := c.CreateTask(ctx, newTask(func(r *CreateTaskRequest) { r.Tags = []string{badUTF8} }))
		return err
	}},
	{"CommentRequest.Content", "comment content is not valid UTF-8", func(ctx context.Context, c *Client) error {
		_, err := c.CommentOnTask(ctx, taskID, CommentRequest{Content: badUTF8, Visibility: CommentVisibleToAll})
		return err
	}},
	{"CommentRequest.Visibility", "comment visibility", func(ctx context.Context, c *Client) error {
		_, err := c.CommentOnTask(ctx, taskID, CommentRequest{Content: "hi", Visibility: badUTF8})
		return err
	}},
	{"CommentRequest.Label", "comment label", func(ctx context.Context, c *Client) error {
		_, err := c.CommentOnTask(ctx, taskID, CommentRequest{Content: "hi", Visibility: CommentVisibleToAll, Label: badUTF8})
		return err
	}},
	{"CompleteTaskOptions.Decision", "decision", func(ctx context.Context, c *Client) error {
		_, err := c.CompleteTask(ctx, runID, taskID, &CompleteTaskOptions{Decision: badUTF8})
		return err
	}},
}

// newTask is a valid CreateTaskRequest, changed by edit.
func newTask(edit func(*CreateTaskRequest)) CreateTaskRequest {
	r := CreateTaskRequest{Title: "Call Acme", Owners: Assignees{Users: []int{1002}}, Deadline: time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)}
	edit(&r)
	return r
}

func TestWrites_InvalidUTF8IsRefusedInEveryTextField(t *testing.T) {
	for _, row := range textRows {
		t.Run(row.field, func(t *testing.T) {
			srv, writes := textServer(t)
			c, _ := newTestClient(t, srv.Server)
			err := row.call(context.Background(), c)
			if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), row.want) {
				t.Errorf("err = %v, want ErrInvalidArgument naming %q", err, row.want)
			}
			if n := writes.Load(); n != 0 {
				t.Errorf("%d writes sent", n)
			}
		})
	}
}

// Each request type's fields that carry text (strings, string lists, the
// Fields maps, and those of the structs they hold) need a row in textRows,
// so a text field added later is tested too.
func TestWrites_EveryTextFieldHasAnInvalidUTF8Row(t *testing.T) {
	covered := map[string]bool{}
	for _, row := range textRows {
		covered[row.field] = true
	}
	var missing []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, ft := prefix+"."+f.Name, f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			switch {
			case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]():
				walk(name, ft)
			case ft.Kind() == reflect.String || ft.Kind() == reflect.Map:
				if !covered[name] {
					missing = append(missing, name)
				}
			}
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[LaunchRunRequest](), reflect.TypeFor[UpdateRunRequest](),
		reflect.TypeFor[UpdateTaskRequest](), reflect.TypeFor[CreateTaskRequest](), reflect.TypeFor[CommentRequest](),
		reflect.TypeFor[CompleteTaskOptions]()} {
		walk(typ.Name(), typ)
	}
	if len(missing) > 0 {
		t.Errorf("text fields without an invalid UTF-8 row in textRows: %s", strings.Join(missing, ", "))
	}
}
