package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	cmtTask     = "cdffd986b607208f8ac62fa418e6f440"
	cmtRun      = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
	cmtTemplate = "6f1e2d3c4b5a69788796a5b4c3d2e1f0"
)

// bodyRecorder answers every request with answer and keeps what each one
// sent, as "METHOD path" and its JSON body.
func bodyRecorder(t *testing.T, status int, answer string) (*recorder, func() (string, map[string]any)) {
	var mu sync.Mutex
	var line string
	var sent map[string]any
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		line, sent = r.Method+" "+r.URL.Path, nil
		_ = json.Unmarshal(b, &sent)
		mu.Unlock()
		writeJSON(w, status, answer)
	})
	return srv, func() (string, map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		return line, sent
	}
}

func TestComments_EachCallSendsItsPathAndBody(t *testing.T) {
	srv, last := bodyRecorder(t, 200, `{"data":{"id":77103,"label":"problem","resolve_id":null}}`)
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	open := CommentRequest{Content: "Booked, @[1002].", Visibility: CommentVisibleToAll}
	resolve := ResolveIssueRequest{ThreadID: 77103, Content: "Page 2 arrived."}
	cases := []struct {
		name, line, body string
		call             func() (*Comment, error)
	}{
		{"CommentOnRun", "POST /organizations/org1/runs/" + cmtRun + "/comment", `{"content":"Booked, @[1002].","state":"open"}`,
			func() (*Comment, error) { return c.CommentOnRun(ctx, cmtRun, open) }},
		{"CommentOnTemplate", "POST /organizations/org1/checklists/" + cmtTemplate + "/comment", `{"content":"Booked, @[1002].","state":"open"}`,
			func() (*Comment, error) { return c.CommentOnTemplate(ctx, cmtTemplate, open) }},
		{"BotCommentOnTask", "POST /organizations/org1/tasks/" + cmtTask + "/bot-comment", `{"content":"Reminder sent."}`,
			func() (*Comment, error) {
				return c.BotCommentOnTask(ctx, cmtTask, BotCommentRequest{Content: "Reminder sent."})
			}},
		{"UpdateTaskComment", "PUT /organizations/org1/tasks/" + cmtTask + "/comment/77101", `{"content":"Filed.","label":"advice","state":"hide-for-guests"}`,
			func() (*Comment, error) {
				return c.UpdateTaskComment(ctx, cmtTask, 77101, CommentRequest{Content: "Filed.", Visibility: CommentHiddenFromGuests, Label: CommentLabelAdvice})
			}},
		{"ReportTaskIssue", "POST /organizations/org1/tasks/" + cmtTask + "/problem", `{"content":"Page 2 is missing."}`,
			func() (*Comment, error) {
				return c.ReportTaskIssue(ctx, cmtTask, IssueRequest{Content: "Page 2 is missing."})
			}},
		{"ReportRunIssue", "POST /organizations/org1/runs/" + cmtRun + "/problem", `{"content":"Page 2 is missing."}`,
			func() (*Comment, error) {
				return c.ReportRunIssue(ctx, cmtRun, IssueRequest{Content: "Page 2 is missing."})
			}},
		{"ReportTemplateIssue", "POST /organizations/org1/checklists/" + cmtTemplate + "/problem", `{"content":"Page 2 is missing."}`,
			func() (*Comment, error) {
				return c.ReportTemplateIssue(ctx, cmtTemplate, IssueRequest{Content: "Page 2 is missing."})
			}},
		{"ResolveTaskIssue", "POST /organizations/org1/tasks/" + cmtTask + "/resolved-threads", `{"content":"Page 2 arrived.","thread_id":77103}`,
			func() (*Comment, error) { return c.ResolveTaskIssue(ctx, cmtTask, resolve) }},
		{"ResolveRunIssue", "POST /organizations/org1/runs/" + cmtRun + "/resolved-threads", `{"content":"Page 2 arrived.","thread_id":77103}`,
			func() (*Comment, error) { return c.ResolveRunIssue(ctx, cmtRun, resolve) }},
		{"ResolveTemplateIssue", "POST /organizations/org1/checklists/" + cmtTemplate + "/resolved-threads", `{"content":"Page 2 arrived.","thread_id":77103}`,
			func() (*Comment, error) { return c.ResolveTemplateIssue(ctx, cmtTemplate, resolve) }},
	}
	for _, tc := range cases {
		got, err := tc.call()
		if err != nil || got.ID != 77103 || got.ResolveID != nil {
			t.Errorf("%s = %+v, %v", tc.name, got, err)
			continue
		}
		line, sent := last()
		body, _ := json.Marshal(sent)
		if line != tc.line || string(body) != tc.body {
			t.Errorf("%s sent %s %s, want %s %s", tc.name, line, body, tc.line, tc.body)
		}
	}
}

func TestComments_DeleteAcceptsNoContentAndAnyBody(t *testing.T) {
	for _, answer := range []struct {
		status int
		body   string
	}{{204, ""}, {200, `{"message":"Comment deleted."}`}} {
		srv, last := bodyRecorder(t, answer.status, answer.body)
		c, _ := newTestClient(t, srv.Server)
		if err := c.DeleteTaskComment(context.Background(), cmtTask, 77101); err != nil {
			t.Errorf("%d: %v", answer.status, err)
		}
		if line, _ := last(); line != "DELETE /organizations/org1/tasks/"+cmtTask+"/comment/77101" {
			t.Errorf("sent %s", line)
		}
	}
}

func TestComments_RefuseBadArgumentsBeforeSending(t *testing.T) {
	srv, _ := bodyRecorder(t, 200, `{"data":{"id":1}}`)
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	cases := map[string]func() error{
		"no visibility": func() error {
			_, err := c.CommentOnRun(ctx, cmtRun, CommentRequest{Content: "x"})
			return err
		},
		"bad label": func() error {
			_, err := c.CommentOnTemplate(ctx, cmtTemplate, CommentRequest{Content: "x", Visibility: CommentVisibleToAll, Label: "note"})
			return err
		},
		"empty comment": func() error {
			_, err := c.UpdateTaskComment(ctx, cmtTask, 1, CommentRequest{Visibility: CommentVisibleToAll})
			return err
		},
		"comment id": func() error { return c.DeleteTaskComment(ctx, cmtTask, 0) },
		"edit id": func() error {
			_, err := c.UpdateTaskComment(ctx, cmtTask, -1, CommentRequest{Content: "x", Visibility: CommentVisibleToAll})
			return err
		},
		"empty issue": func() error { _, err := c.ReportTaskIssue(ctx, cmtTask, IssueRequest{}); return err },
		"bad utf-8":   func() error { _, err := c.ReportRunIssue(ctx, cmtRun, IssueRequest{Content: "\xff"}); return err },
		"run id": func() error {
			_, err := c.ReportRunIssue(ctx, "run-1", IssueRequest{Content: "x"})
			return err
		},
		"no thread": func() error {
			_, err := c.ResolveTaskIssue(ctx, cmtTask, ResolveIssueRequest{Content: "done"})
			return err
		},
		"no resolving comment": func() error {
			_, err := c.ResolveTemplateIssue(ctx, cmtTemplate, ResolveIssueRequest{ThreadID: 3})
			return err
		},
		"empty bot comment": func() error { _, err := c.BotCommentOnTask(ctx, cmtTask, BotCommentRequest{}); return err },
	}
	for name, call := range cases {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests sent for refused arguments", n)
	}
}

// Every call that posts shares one pacer: the cap is on comments of any
// kind, per organization. Editing and deleting are not counted.
func TestComments_PostsArePacedTogetherUnderTheHourlyCap(t *testing.T) {
	srv, _ := bodyRecorder(t, 200, `{"data":{"id":1}}`)
	c, _ := newTestClient(t, srv.Server, WithCommentPacing(3))
	now := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	var waits []time.Duration
	p := pacersFor(c.cfg).comments
	p.now = func() time.Time { return now }
	p.wait = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		now = now.Add(d)
		return ctx.Err()
	}
	ctx := context.Background()
	open := CommentRequest{Content: "x", Visibility: CommentVisibleToAll}
	posts := []func() error{
		func() error { _, err := c.CommentOnTask(ctx, cmtTask, open); return err },
		func() error { _, err := c.ReportRunIssue(ctx, cmtRun, IssueRequest{Content: "x"}); return err },
		func() error { _, err := c.BotCommentOnTask(ctx, cmtTask, BotCommentRequest{Content: "x"}); return err },
	}
	for _, post := range posts {
		if err := post(); err != nil {
			t.Fatal(err)
		}
		now = now.Add(5 * time.Minute)
	}
	if _, err := c.UpdateTaskComment(ctx, cmtTask, 1, open); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTaskComment(ctx, cmtTask, 1); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 0 {
		t.Fatalf("waited %v under the cap", waits)
	}
	// The fourth post waits until the first is an hour old: 45 minutes on.
	if _, err := c.ResolveTemplateIssue(ctx, cmtTemplate, ResolveIssueRequest{ThreadID: 1, Content: "x"}); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 1 || waits[0] != 45*time.Minute {
		t.Errorf("waits = %v, want [45m]", waits)
	}
	// A deadline before the next slot fails at once, sending nothing.
	sent := srv.hits.Load()
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err := c.CommentOnRun(short, cmtRun, open)
	if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "comments are capped at 3 per organization per hour") {
		t.Errorf("err = %v", err)
	}
	if srv.hits.Load() != sent {
		t.Error("a comment was sent past the cap")
	}
	// Guest invitations have their own pacer.
	if pacersFor(c.cfg).invites == p {
		t.Error("comments and guest invitations share a pacer")
	}
}

func TestComments_A429PausesCommentsForItsRetryAfter(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "600")
		writeJSON(w, 429, fixture(t, "commentOnTask.429.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	if _, err := c.ReportTaskIssue(ctx, cmtTask, IssueRequest{Content: "x"}); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v", err)
	}
	sent := srv.hits.Load()
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := c.CommentOnTemplate(short, cmtTemplate, CommentRequest{Content: "x", Visibility: CommentVisibleToAll}); !errors.Is(err, ErrRateLimited) || srv.hits.Load() != sent {
		t.Errorf("err = %v, %d more sent: the pause must hold", err, srv.hits.Load()-sent)
	}
}

func TestComments_PacingCanBeTurnedOffButNotNegative(t *testing.T) {
	srv, _ := bodyRecorder(t, 200, `{"data":{"id":1}}`)
	c, _ := newTestClient(t, srv.Server, WithCommentPacing(0))
	for range DefaultCommentsPerHour + 5 {
		if _, err := c.BotCommentOnTask(context.Background(), cmtTask, BotCommentRequest{Content: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.hits.Load(); n != DefaultCommentsPerHour+5 {
		t.Errorf("%d sent", n)
	}
	if _, err := NewClient(WithToken("t"), WithCommentPacing(-1)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("err = %v", err)
	}
}
