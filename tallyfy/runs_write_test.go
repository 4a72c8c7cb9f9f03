package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// memberServer serves read as the run's read and counts the PUTs, keeping
// the body of the last one.
func memberServer(t *testing.T, read string) (*recorder, *atomic.Int32, *atomic.Value) {
	t.Helper()
	var puts atomic.Int32
	var body atomic.Value
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, `{"data":{"id":"`+runID+`"`+read+`}}`)
			return
		}
		puts.Add(1)
		body.Store(sortedJSON(r.Body))
		writeJSON(w, 200, `{"data":{"id":"`+runID+`","users":[],"groups":[]}}`)
	})
	return srv, &puts, &body
}

// A hostile (or broken) server whose read of the run leaves out its members,
// or sends them as null, gets no PUT: UpdateRun would have to send empty
// lists, which the API takes as "remove every member". A read that says the
// run has no members ([]) is an answer, and is sent back as it is.
func TestUpdateRun_AReadWithoutMembersSendsNothing(t *testing.T) {
	cases := []struct {
		name, read string
		missing    string // what the refusal names; "" when the PUT goes
		sent       string // the members the PUT carries
	}{
		{"users and groups absent", ``, "users and groups", ""},
		{"users absent", `,"groups":["g1"]`, "users", ""},
		{"groups absent", `,"users":[1002]`, "groups", ""},
		{"users null", `,"users":null,"groups":["g1"]`, "users", ""},
		{"groups null", `,"users":[1002],"groups":null`, "groups", ""},
		{"both null", `,"users":null,"groups":null`, "users and groups", ""},
		{"members as read", `,"users":[1002,1003],"groups":["g1"]`, "", `"groups":["g1"],"name":"renamed","users":[1002,1003]`},
		{"no members, said so", `,"users":[],"groups":[]`, "", `"groups":[],"name":"renamed","users":[]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, puts, body := memberServer(t, tc.read)
			c, _ := newTestClient(t, srv.Server)
			_, err := c.UpdateRun(context.Background(), runID, UpdateRunRequest{Name: Ptr("renamed")})
			if tc.missing != "" {
				if !errors.Is(err, ErrInvalidResponse) || errors.Is(err, ErrOutcomeUnknown) ||
					!strings.Contains(err.Error(), "has no "+tc.missing+" (absent or null)") || !strings.Contains(err.Error(), "UpdateRunRequest.Members") {
					t.Errorf("err = %v, want ErrInvalidResponse naming the missing %s and Members", err, tc.missing)
				}
				if n := puts.Load(); n != 0 {
					t.Errorf("%d PUTs sent: the members would have been emptied", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := puts.Load(); n != 1 || body.Load() != "{"+tc.sent+"}" {
				t.Errorf("%d PUTs, the last %v; want one with %s", n, body.Load(), tc.sent)
			}
		})
	}
}

// Members given are the caller's: nothing is read for them, so a read that
// would lack them does not matter, and empty lists (remove everyone) go as
// asked.
func TestUpdateRun_MembersGivenAreSentWithoutARead(t *testing.T) {
	srv, puts, body := memberServer(t, ``)
	c, _ := newTestClient(t, srv.Server)
	for _, m := range []Members{{Users: []int{1002}, Groups: []string{"g1"}}, {}} {
		if _, err := c.UpdateRun(context.Background(), runID, UpdateRunRequest{Members: &m}); err != nil {
			t.Fatal(err)
		}
		var sent struct {
			Users  []int    `json:"users"`
			Groups []string `json:"groups"`
		}
		if err := json.Unmarshal([]byte(body.Load().(string)), &sent); err != nil || sent.Users == nil || sent.Groups == nil ||
			len(sent.Users) != len(m.Users) || len(sent.Groups) != len(m.Groups) {
			t.Errorf("sent %v for %+v", body.Load(), m)
		}
	}
	if n, reads := puts.Load(), srv.hits.Load()-puts.Load(); n != 2 || reads != 0 {
		t.Errorf("%d PUTs after %d reads, want 2 after none", n, reads)
	}
}

// sortedJSON is a JSON body with its object keys sorted, to compare bodies
// whatever the order of their struct's fields.
func sortedJSON(r io.Reader) string {
	var v any
	if err := json.NewDecoder(r).Decode(&v); err != nil {
		return "invalid JSON: " + err.Error()
	}
	b, _ := json.Marshal(v)
	return string(b)
}
