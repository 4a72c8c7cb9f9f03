package tallyfy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestFaultMatrix_Writes runs every write through servers that fail around
// it. The API has no idempotency key, so the property is the same in every
// row: the write is carried out at most once (the server counts what it
// carried out), a failure after it may have been is ErrOutcomeUnknown, and
// only a write that provably was not carried out (429, a refused
// connection) is sent again.
func TestFaultMatrix_Writes(t *testing.T) {
	type write struct {
		name string
		call func(ctx context.Context, c *Client) error
	}
	const comment = `{"data":{"id":7,"content":"c","state":"open"}}`
	deadline := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	writes := []write{
		{"LaunchRun", func(ctx context.Context, c *Client) error {
			_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Name: "Globex"})
			return err
		}},
		{"UpdateRun", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Name: Ptr("x"), Members: &Members{Users: []int{1}}})
			return err
		}},
		{"ArchiveRun", func(ctx context.Context, c *Client) error { _, err := c.ArchiveRun(ctx, runID); return err }},
		{"CompleteTask", func(ctx context.Context, c *Client) error {
			_, err := c.CompleteTask(ctx, runID, taskID, nil)
			return err
		}},
		{"ReopenTask", func(ctx context.Context, c *Client) error { _, err := c.ReopenTask(ctx, "", taskID); return err }},
		{"CreateTask", func(ctx context.Context, c *Client) error {
			_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Owners: Assignees{Users: []int{1}}, Deadline: deadline})
			return err
		}},
		{"CommentOnTask", func(ctx context.Context, c *Client) error {
			_, err := c.CommentOnTask(ctx, taskID, CommentRequest{Content: "c", Visibility: CommentVisibleToAll})
			return err
		}},
	}
	const answer = `{"data":{"id":"` + taskID + `","status":"in-progress","task_type":"task","users":[],"groups":[],"owners":{"users":[],"guests":[],"groups":[]}}}`
	// A fault answers the n-th write (1-based), calling done when it has
	// carried the write out.
	type writeFault struct {
		name     string
		answer   func(w http.ResponseWriter, r *http.Request, n int32, done func())
		refuse   int32         // dials refused before the server is reached
		timeout  time.Duration // WithRequestTimeout, 0 = default
		want     func(error) bool
		sent     int32 // writes that reached the server
		wantDone int32 // writes carried out
	}
	var reply atomic.Value // the 2xx body of the write under test
	ok := func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
		done()
		writeJSON(w, 200, reply.Load().(string))
	}
	failAfter := func(code int) func(http.ResponseWriter, *http.Request, int32, func()) {
		return func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done() // the proxy's answer comes after the write was done
			writeJSON(w, code, `{"message":"upstream"}`)
		}
	}
	unknown := func(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }
	faults := []writeFault{
		{name: "500 after the write", answer: failAfter(500), want: unknown, sent: 1, wantDone: 1},
		{name: "502 after the write", answer: failAfter(502), want: unknown, sent: 1, wantDone: 1},
		{name: "503 after the write", answer: failAfter(503), want: unknown, sent: 1, wantDone: 1},
		{name: "504 after the write", answer: failAfter(504), want: unknown, sent: 1, wantDone: 1},
		{name: "connection cut after the write", answer: func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done()
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		}, want: unknown, sent: 1, wantDone: 1},
		{name: "no answer within the request timeout", timeout: 50 * time.Millisecond, answer: func(w http.ResponseWriter, r *http.Request, _ int32, done func()) {
			done()
			<-r.Context().Done()
		}, want: unknown, sent: 1, wantDone: 1},
		{name: "answer cut mid-body", answer: func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done()
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"data":{"id":`))
		}, want: func(err error) bool {
			return errors.Is(err, ErrInvalidResponse) && strings.Contains(err.Error(), "do not repeat it")
		}, sent: 1, wantDone: 1},
		{name: "429 then success", answer: func(w http.ResponseWriter, r *http.Request, n int32, done func()) {
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
				return
			}
			ok(w, r, n, done)
		}, want: func(err error) bool { return err == nil }, sent: 2, wantDone: 1},
		{name: "refused twice then success", refuse: 2, answer: ok, want: func(err error) bool { return err == nil }, sent: 1, wantDone: 1},
		{name: "422", answer: func(w http.ResponseWriter, _ *http.Request, _ int32, _ func()) {
			writeJSON(w, 422, `{"message":"The given data was invalid."}`)
		}, want: func(err error) bool { return errors.Is(err, ErrValidation) && !errors.Is(err, ErrOutcomeUnknown) }, sent: 1, wantDone: 0},
	}
	for _, f := range faults {
		for _, wr := range writes {
			t.Run(f.name+"/"+wr.name, func(t *testing.T) {
				reply.Store(answer)
				if wr.name == "CommentOnTask" {
					reply.Store(comment)
				}
				var sent, done atomic.Int32
				srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodGet { // the read some writes make first
						writeJSON(w, 200, answer)
						return
					}
					// The body is read, as a server does before answering;
					// only then does net/http watch for the client leaving.
					_, _ = io.Copy(io.Discard, r.Body)
					f.answer(w, r, sent.Add(1), func() { done.Add(1) })
				})
				rt := &refusingTransport{next: http.DefaultTransport}
				rt.refuse.Store(f.refuse)
				opts := []Option{WithHTTPClient(&http.Client{Transport: rt})}
				if f.timeout > 0 {
					opts = append(opts, WithRequestTimeout(f.timeout))
				}
				c, _ := newTestClient(t, srv.Server, opts...)
				err := wr.call(context.Background(), c)
				if !f.want(err) {
					t.Errorf("err = %v", err)
				}
				if sent.Load() != f.sent || done.Load() != f.wantDone {
					t.Errorf("%d writes reached the server, %d carried out; want %d and %d", sent.Load(), done.Load(), f.sent, f.wantDone)
				}
				if err != nil && strings.Contains(err.Error(), testToken) {
					t.Errorf("the error carries the token: %v", err)
				}
			})
		}
	}
}
