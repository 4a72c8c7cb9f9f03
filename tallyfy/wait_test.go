package tallyfy_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// countWaits makes WaitForTask's waits instant, records them, and runs
// between(n) at the n-th wait (from 1): what happens on the server while
// the gate waits.
func countWaits(t *testing.T, between func(n int) error) *[]time.Duration {
	t.Helper()
	waits := &[]time.Duration{}
	tallyfy.SetPollWait(t, func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		if between != nil {
			if err := between(len(*waits)); err != nil {
				t.Errorf("between reads %d and %d: %v", len(*waits), len(*waits)+1, err)
			}
		}
		return context.Cause(ctx)
	})
	return waits
}

// taskReads counts the reads of one task the fake received.
func taskReads(srv *tallyfytest.Server, taskID string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/tasks/"+taskID) {
			n++
		}
	}
	return n
}

// The gate through the stateful fake: the approval task is open when the
// wait starts, and is decided between the first and second read.
func TestWaitForTask_AnApprovalGatePassesOnlyOnApproval(t *testing.T) {
	cases := []struct {
		decision tallyfy.Decision
		want     error
		outcome  tallyfy.TaskOutcome
	}{
		{tallyfy.Approve, nil, tallyfy.TaskOutcomeApproved},
		{tallyfy.Reject, tallyfy.ErrRejected, tallyfy.TaskOutcomeRejected},
	}
	for _, tc := range cases {
		t.Run(string(tc.decision), func(t *testing.T) {
			srv := tallyfytest.NewServer()
			t.Cleanup(srv.Close)
			c := srv.Client()
			ctx := context.Background()
			run, id := tallyfytest.SampleRunID, tallyfytest.NotStartedTaskID
			waits := countWaits(t, func(n int) error {
				if n != 1 {
					return nil
				}
				_, err := c.CompleteTask(ctx, run, id, &tallyfy.CompleteTaskOptions{Decision: tc.decision})
				return err
			})
			task, err := c.WaitForTask(ctx, run, id, &tallyfy.WaitOptions{Interval: time.Second})
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if task == nil || task.ID != id || task.Status != tallyfy.TaskStatusCompleted || tallyfy.OutcomeOf(task) != tc.outcome {
				t.Fatalf("task = %+v, want the completed task, %s", task, tc.outcome)
			}
			if tc.want != nil && !strings.Contains(err.Error(), id) {
				t.Errorf("the error does not name the task: %v", err)
			}
			// Two reads around one wait, and CompleteTask's own read.
			if n := taskReads(srv, id); n != 3 || len(*waits) != 1 {
				t.Errorf("%d reads and %d waits, want 3 reads (2 by the wait) and one wait", n, len(*waits))
			}
		})
	}
}

// An expiring task completes by itself at its deadline: the API then
// records is_approved false ("expired"), which the fake records from the
// completion the API makes. A gate on it does not pass when it expires,
// and does when someone acknowledges it.
func TestWaitForTask_AnExpiringTaskThatExpiredIsNotAPass(t *testing.T) {
	for _, expire := range []bool{true, false} {
		srv := tallyfytest.NewServer()
		t.Cleanup(srv.Close)
		c := srv.Client()
		ctx := context.Background()
		task, err := c.CreateTask(ctx, tallyfy.CreateTaskRequest{Title: "Read the handbook", Type: tallyfy.TaskTypeExpiring,
			Owners: tallyfy.Assignees{Users: []int{tallyfytest.MeUserID}}, Deadline: time.Date(2024, 6, 4, 17, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		countWaits(t, func(n int) error {
			if n != 1 {
				return nil
			}
			if !expire { // acknowledged by a person
				_, err := c.CompleteTask(ctx, "", task.ID, nil)
				return err
			}
			// The completion the API makes at the deadline. CompleteTask
			// refuses a decision on an expiring task, so it goes through Do.
			return c.Do(ctx, http.MethodPost, c.OrganizationPath("completed-tasks"), nil,
				map[string]any{"task_id": task.ID, "is_approved": false}, nil)
		})
		got, err := c.WaitForTask(ctx, "", task.ID, nil)
		if got == nil || got.Status != tallyfy.TaskStatusCompleted {
			t.Fatalf("expire %v: task = %+v, %v; want it completed", expire, got, err)
		}
		switch {
		case expire && (!errors.Is(err, tallyfy.ErrExpired) || errors.Is(err, tallyfy.ErrRejected) || tallyfy.OutcomeOf(got) != tallyfy.TaskOutcomeExpired):
			t.Errorf("expired: err = %v, outcome %s; want ErrExpired, expired", err, tallyfy.OutcomeOf(got))
		case !expire && (err != nil || tallyfy.OutcomeOf(got) != tallyfy.TaskOutcomeAcknowledged):
			t.Errorf("acknowledged: err = %v, outcome %s; want nil, acknowledged", err, tallyfy.OutcomeOf(got))
		}
	}
}

func TestOutcomeOf_ReadsStatusTypeAndDecision(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		status, taskType string
		isApproved       *bool
		want             tallyfy.TaskOutcome
	}{
		{"in-progress", "approval", nil, tallyfy.TaskOutcomeOpen},
		{"in-progress", "approval", &no, tallyfy.TaskOutcomeOpen}, // a stale decision on a reopened task
		{"not-started", "task", nil, tallyfy.TaskOutcomeOpen},
		{"completed", "approval", &yes, tallyfy.TaskOutcomeApproved},
		{"completed", "approval", &no, tallyfy.TaskOutcomeRejected},
		{"completed", "approval", nil, tallyfy.TaskOutcomeUndecided},
		{"completed", "expiring", &no, tallyfy.TaskOutcomeExpired},
		{"completed", "expiring_email", &no, tallyfy.TaskOutcomeExpired},
		{"completed", "expiring", &yes, tallyfy.TaskOutcomeAcknowledged},
		{"completed", "expiring", nil, tallyfy.TaskOutcomeAcknowledged},
		{"completed", "task", &no, tallyfy.TaskOutcomeCompleted}, // ignored by the API for this type
		{"completed", "email", nil, tallyfy.TaskOutcomeCompleted},
		{"completed", "checklist", nil, tallyfy.TaskOutcomeCompleted}, // a type the client does not know
	}
	for _, tc := range cases {
		task := &tallyfy.Task{Status: tc.status, TaskType: tc.taskType, IsApproved: tc.isApproved}
		if got := tallyfy.OutcomeOf(task); got != tc.want {
			t.Errorf("%s %s is_approved %v: %s, want %s", tc.status, tc.taskType, tc.isApproved, got, tc.want)
		}
	}
	if got := tallyfy.OutcomeOf(nil); got != tallyfy.TaskOutcomeOpen {
		t.Errorf("nil task: %s", got)
	}
}

// waitTaskServer answers every read of a task with the task of the given
// completion; reads counts them.
func waitTaskServer(t *testing.T, reads *atomic.Int32, task func(n int32) string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("WaitForTask sent %s %s", r.Method, r.URL.Path)
		}
		n := reads.Add(1)
		w.Header().Set("Content-Type", "application/json")
		body := task(n)
		if retryAfter, limited := strings.CutPrefix(body, "429 "); limited {
			w.Header().Set("Retry-After", retryAfter)
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"message":"Too Many Attempts."}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":{"id":"` + waitTaskID + `","owners":{"users":[],"guests":[],"groups":[]},` + body + `}}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

const (
	waitRunID  = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
	waitTaskID = "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
)

// waitClient is a client of srv that does not retry: WaitForTask's own
// handling of a 429 is what is tested.
func waitClient(t *testing.T, srv *httptest.Server, opts ...tallyfy.Option) *tallyfy.Client {
	t.Helper()
	c, err := tallyfy.NewClient(append([]tallyfy.Option{tallyfy.WithBaseURL(srv.URL), tallyfy.WithToken("tok"),
		tallyfy.WithOrganization("org1"), tallyfy.WithMaxRetries(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An approval whose read carries no decision is not taken as approved.
func TestWaitForTask_ACompletedApprovalWithoutADecisionIsNotAPass(t *testing.T) {
	countWaits(t, nil)
	var reads atomic.Int32
	srv := waitTaskServer(t, &reads, func(int32) string {
		return `"status":"completed","task_type":"approval","is_approved":null`
	})
	task, err := waitClient(t, srv).WaitForTask(context.Background(), waitRunID, waitTaskID, nil)
	if task == nil || !errors.Is(err, tallyfy.ErrInvalidResponse) || errors.Is(err, tallyfy.ErrRejected) || !strings.Contains(err.Error(), "not taken as approved") {
		t.Errorf("task %v, err = %v; want the task and ErrInvalidResponse", task, err)
	}
}

// The floor: an interval under a second is refused before any read, so
// nothing can poll the API thousands of times a second.
func TestWaitForTask_RefusesIntervalsUnderASecond(t *testing.T) {
	waits := countWaits(t, nil)
	var reads atomic.Int32
	srv := waitTaskServer(t, &reads, func(int32) string { return `"status":"in-progress"` })
	c := waitClient(t, srv)
	for _, o := range []tallyfy.WaitOptions{
		{Interval: time.Nanosecond},
		{Interval: 999 * time.Millisecond},
		{Interval: -time.Second},
		{MaxInterval: time.Millisecond},                        // would cap the default 5 s at 1 ms
		{Interval: time.Second, MaxInterval: time.Millisecond}, // so would this
	} {
		_, err := c.WaitForTask(context.Background(), waitRunID, waitTaskID, &o)
		if !errors.Is(err, tallyfy.ErrInvalidArgument) || !strings.Contains(err.Error(), "1s") {
			t.Errorf("%+v: err = %v, want ErrInvalidArgument naming the 1s floor", o, err)
		}
	}
	if reads.Load() != 0 || len(*waits) != 0 {
		t.Errorf("%d reads and %d waits for refused options, want none", reads.Load(), len(*waits))
	}
}

// The waits grow by half each time from Interval (at least a second) up to
// MaxInterval, a 429's Retry-After lengthens one (up to the client's cap),
// and the context ends the wait with its cause.
func TestWaitForTask_BacksOffFromTheFloorAndHonoursRetryAfter(t *testing.T) {
	var reads atomic.Int32
	srv := waitTaskServer(t, &reads, func(n int32) string {
		switch {
		case n == 3:
			return "429 30"
		case n < 6:
			return `"status":"in-progress"`
		}
		return `"status":"completed","task_type":"task"`
	})
	waits := countWaits(t, nil)
	task, err := waitClient(t, srv).WaitForTask(context.Background(), waitRunID, waitTaskID,
		&tallyfy.WaitOptions{Interval: tallyfy.MinWaitInterval, MaxInterval: 3 * time.Second})
	if err != nil || task.Status != tallyfy.TaskStatusCompleted || reads.Load() != 6 {
		t.Fatalf("task %v, err %v after %d reads; want completed after 6", task, err, reads.Load())
	}
	want := []time.Duration{time.Second, 1500 * time.Millisecond, 30 * time.Second, 3 * time.Second, 3 * time.Second}
	if len(*waits) != len(want) {
		t.Fatalf("waits %v, want %v", *waits, want)
	}
	for i := range want {
		if (*waits)[i] != want[i] {
			t.Errorf("waits %v, want %v", *waits, want)
			break
		}
	}

	// With the real clock, a nanosecond interval could have read thousands
	// of times in 300 ms; the default interval reads once.
	tallyfy.SetPollWait(t, func(ctx context.Context, d time.Duration) error {
		if d < tallyfy.MinWaitInterval {
			t.Errorf("waited %s, under the floor", d)
		}
		<-ctx.Done() // the deadline ends the first wait, as 300 ms < 5 s
		return context.Cause(ctx)
	})
	reads.Store(-100) // in progress for a while
	ctx, cancel := context.WithTimeoutCause(context.Background(), 300*time.Millisecond, errors.New("approval window closed"))
	defer cancel()
	_, err = waitClient(t, srv).WaitForTask(ctx, waitRunID, waitTaskID, nil)
	if err == nil || !strings.Contains(err.Error(), "approval window closed") || reads.Load() != -99 {
		t.Errorf("err = %v after %d reads; want the context's cause after 1", err, reads.Load()+100)
	}
}
