package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A one-off task's update must carry its title, deadline and assignees, so
// UpdateTask sends back what it read for those the caller left out. A read
// that lacks them (absent or null) gets no PUT: the API would take empty
// assignee lists as "unassign everyone".
func TestUpdateTask_AOneOffReadWithoutAssigneesSendsNothing(t *testing.T) {
	const deadline = `"deadline":"2026-12-04T17:00:00Z"`
	cases := []struct {
		name, read string
		missing    string // what the refusal names; "" when the PUT goes
		sent       string // the PUT's owners and title
	}{
		{"owners absent", `"title":"Sign off",` + deadline, "owners", ""},
		{"owners null", `"title":"Sign off",` + deadline + `,"owners":null`, "owners", ""},
		{"users null", `"title":"Sign off",` + deadline + `,"owners":{"users":null,"guests":[],"groups":[]}`, "owners", ""},
		{"guests absent", `"title":"Sign off",` + deadline + `,"owners":{"users":[1002],"groups":[]}`, "owners", ""},
		{"groups null", `"title":"Sign off",` + deadline + `,"owners":{"users":[1002],"guests":[],"groups":null}`, "owners", ""},
		{"title absent", deadline + `,"owners":{"users":[1002],"guests":[],"groups":[]}`, "title", ""},
		{"every assignee as read", `"title":"Sign off",` + deadline + `,"owners":{"users":[1002,{"id":1003}],"guests":["g@x.example"],"groups":["g1"]}`, "",
			`"owners":{"groups":["g1"],"guests":["g@x.example"],"users":[1002,1003]},"summary":"x","title":"Sign off"`},
		{"nobody assigned, said so", `"title":"Sign off",` + deadline + `,"owners":{"users":[],"guests":[],"groups":[]}`, "",
			`"owners":{"groups":[],"guests":[],"users":[]},"summary":"x","title":"Sign off"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var puts atomic.Int32
			var body atomic.Value
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					writeJSON(w, 200, `{"data":{"id":"`+taskID+`","status":"in-progress",`+tc.read+`}}`)
					return
				}
				puts.Add(1)
				body.Store(sortedJSON(r.Body))
				writeJSON(w, 200, `{"data":{"id":"`+taskID+`","owners":{"users":[],"guests":[],"groups":[]}}}`)
			})
			c, _ := newTestClient(t, srv.Server)
			_, err := c.UpdateTask(context.Background(), "", taskID, UpdateTaskRequest{Summary: Ptr("x")})
			if tc.missing != "" {
				if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), "lacks its "+tc.missing) || !strings.Contains(err.Error(), "nothing was sent") {
					t.Errorf("err = %v, want ErrInvalidResponse naming the missing %s", err, tc.missing)
				}
				if n := puts.Load(); n != 0 {
					t.Errorf("%d PUTs sent", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := `{"deadline":"2026-12-04T17:00:00Z",` + tc.sent + `}`
			if n := puts.Load(); n != 1 || body.Load() != want {
				t.Errorf("%d PUTs, the last\n %v\nwant one with\n %s", n, body.Load(), want)
			}
		})
	}
}
