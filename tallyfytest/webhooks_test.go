package tallyfytest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

type received struct {
	org, contentType string
	body             map[string]json.RawMessage
}

// hookSink records every POST it gets.
type hookSink struct {
	mu   sync.Mutex
	got  []received
	srv  *httptest.Server
	code int
}

func newHookSink(t *testing.T) *hookSink {
	s := &hookSink{code: http.StatusOK}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("a delivery that is not a JSON object: %s", b)
		}
		s.mu.Lock()
		s.got = append(s.got, received{r.Header.Get("X-Tallyfy-orgID"), r.Header.Get("Content-Type"), m})
		code := s.code
		s.mu.Unlock()
		w.WriteHeader(code)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *hookSink) events() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, g := range s.got {
		var e string
		_ = json.Unmarshal(g.body["event"], &e)
		out = append(out, e)
	}
	return out
}

func hookClient(t *testing.T, srv *tallyfytest.Server) *tallyfy.Client {
	c, err := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWebhooks_OrganizationEvents(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	sink := newHookSink(t)
	if _, err := srv.SubscribeWebhook(sink.srv.URL); err != nil {
		t.Fatal(err)
	}
	c, ctx := hookClient(t, srv), context.Background()
	task := ""
	for _, tk := range srv.Tasks(tallyfytest.SampleRunID) {
		if tk.Status != "completed" && task == "" {
			task = tk.ID
		}
	}
	for _, label := range []tallyfy.CommentLabel{tallyfy.CommentLabelComment, tallyfy.CommentLabelProblem, tallyfy.CommentLabelResolve} {
		if _, err := c.CommentOnTask(ctx, task, tallyfy.CommentRequest{Content: "x", Label: label, Visibility: tallyfy.CommentVisibleToAll}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.UpdateTask(ctx, tallyfytest.SampleRunID, task, tallyfy.UpdateTaskRequest{
		Owners: &tallyfy.Assignees{Users: []int{tallyfytest.SampleUserID, 1003}, Guests: []string{}, Groups: []string{}}}); err != nil {
		t.Fatal(err)
	}
	want := []string{"task.comment_added", "task.issue_raised", "task.issue_resolved", "task.assigned"}
	if got := sink.events(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("events = %v, want %v", got, want)
	}
	for _, g := range sink.got {
		if g.org != srv.OrgID || g.contentType != "application/json" {
			t.Errorf("headers: org %q, content type %q", g.org, g.contentType)
		}
		for _, member := range []string{"this_task", "process", "launcher", "form-fields", "process-tasks", "guest-links", "next_task"} {
			if _, ok := g.body[member]; !ok {
				t.Errorf("%s payload lacks %s", g.body["event"], member)
			}
		}
	}
	if _, ok := sink.got[1].body["comment"]; !ok {
		t.Error("an issue event lacks its comment")
	}
}

// TestWebhooks_ProcessPayload: the launch payload has the documented members of the process
// payload.
func TestWebhooks_ProcessPayload(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	sink := newHookSink(t)
	if _, err := srv.SubscribeWebhook(sink.srv.URL); err != nil {
		t.Fatal(err)
	}
	c := hookClient(t, srv)
	if _, err := c.LaunchRun(context.Background(), tallyfy.LaunchRunRequest{TemplateID: tallyfytest.SupplierTemplateID,
		Fields: map[string]any{"Supplier name": "Initech", "contact_email": "ap@initech.example", "Contract start": "2027-01-04",
			"Region": "EMEA", "Services": []string{"Hardware"}}}); err != nil {
		t.Fatal(err)
	}
	if len(sink.got) != 1 {
		t.Fatalf("%d deliveries, want 1", len(sink.got))
	}
	for _, member := range []string{"id", "increment_id", "checklist_id", "checklist_title", "name", "status", "progress",
		"prerun", "prerun_status", "created_at", "process-tasks", "ko-form-fields", "guest-links", "launcher", "event"} {
		if _, ok := sink.got[0].body[member]; !ok {
			t.Errorf("the process payload lacks %s", member)
		}
	}
}

func TestWebhooks_CopiesAndFailures(t *testing.T) {
	srv := tallyfytest.NewServer(tallyfytest.WithWebhookCopies(func(d tallyfytest.WebhookDelivery) int {
		return []int{0, 2, -1}[(d.Seq-1)%3]
	}))
	defer srv.Close()
	sink := newHookSink(t)
	sink.code = http.StatusInternalServerError
	if _, err := srv.SubscribeWebhook(sink.srv.URL); err != nil {
		t.Fatal(err)
	}
	c := hookClient(t, srv)
	for range 3 {
		if _, err := c.CommentOnTask(context.Background(), tallyfytest.SampleTaskID, tallyfy.CommentRequest{Content: "x", Visibility: tallyfy.CommentVisibleToAll}); err != nil {
			t.Fatal(err)
		}
	}
	if len(sink.got) != 2 {
		t.Errorf("%d POSTs, want 2 (dropped, twice, dropped)", len(sink.got))
	}
	d := srv.WebhookDeliveries()
	if len(d) != 3 || d[0].Copies != 0 || d[1].Copies != 2 || d[2].Copies != 0 {
		t.Fatalf("deliveries = %+v", d)
	}
	// A failure is recorded and never retried.
	if d[1].Status != http.StatusInternalServerError || d[0].Status != 0 {
		t.Errorf("statuses %d, %d", d[0].Status, d[1].Status)
	}
}

func TestWebhooks_UnreachableReceiver(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	if _, err := srv.SubscribeWebhook(gone.URL); err != nil {
		t.Fatal(err)
	}
	c := hookClient(t, srv)
	if _, err := c.CommentOnTask(context.Background(), tallyfytest.SampleTaskID, tallyfy.CommentRequest{Content: "x", Visibility: tallyfy.CommentVisibleToAll}); err != nil {
		t.Fatalf("the write failed with its webhook: %v", err)
	}
	if d := srv.WebhookDeliveries(); len(d) != 1 || d[0].Err == nil {
		t.Errorf("deliveries = %+v, want one with an error", d)
	}
}

func TestSubscribeWebhook_Refuses(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	for _, u := range []string{"", "ftp://x/y", "/relative", "http://"} {
		if _, err := srv.SubscribeWebhook(u); err == nil {
			t.Errorf("SubscribeWebhook(%q): no error", u)
		}
	}
	for i := range 100 {
		if _, err := srv.SubscribeWebhook("http://127.0.0.1:1/" + string(rune('a'+i%26))); err != nil {
			t.Fatalf("subscription %d: %v", i+1, err)
		}
	}
	if _, err := srv.SubscribeWebhook("http://127.0.0.1:1/more"); err == nil {
		t.Error("subscription 101: no error (the fake keeps at most 100)")
	}
	srv.Reset()
	if _, err := srv.SubscribeWebhook("http://127.0.0.1:1/after-reset"); err != nil {
		t.Errorf("after Reset: %v", err)
	}
}

// TestWebhooks_SubscribeListRemoveThroughTheAPI: an administrator subscribes through the API,
// the URL gets the events, and after removal it gets none.
func TestWebhooks_SubscribeListRemoveThroughTheAPI(t *testing.T) {
	srv := tallyfytest.NewServer(tallyfytest.WithMe(tallyfytest.AdminUserID))
	defer srv.Close()
	c := newCheckedClient(t, srv)
	ctx := context.Background()
	sink := newHookSink(t)
	sub, err := c.SubscribeWebhook(ctx, tallyfy.SubscribeWebhookRequest{URL: sink.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if *sub.UserID != tallyfytest.AdminUserID || tallyfy.WebhookSubscriptionURL(sub) != sink.srv.URL {
		t.Errorf("subscription = %+v", sub)
	}
	page, err := c.ListWebhookSubscriptionsPage(ctx, nil)
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != sub.ID {
		t.Fatalf("list = %+v, %v", page, err)
	}
	comment := tallyfy.CommentRequest{Content: "x", Visibility: tallyfy.CommentVisibleToAll}
	if _, err := c.CommentOnTask(ctx, tallyfytest.SampleTaskID, comment); err != nil {
		t.Fatal(err)
	}
	if err := c.UnsubscribeWebhook(ctx, string(sub.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CommentOnTask(ctx, tallyfytest.SampleTaskID, comment); err != nil {
		t.Fatal(err)
	}
	if got := sink.events(); len(got) != 1 {
		t.Errorf("events = %v, want the one before the removal", got)
	}
	if err := c.UnsubscribeWebhook(ctx, string(sub.ID)); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
	if _, err := c.SubscribeWebhook(ctx, tallyfy.SubscribeWebhookRequest{URL: "https://hooks.example.com/x", UserID: 999}); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("an unknown user: %v, want ErrNotFound", err)
	}
}

func TestWebhooks_SubscriptionsAreForAdministrators(t *testing.T) {
	srv := tallyfytest.NewServer() // the token is Bob's, a standard member
	defer srv.Close()
	c := newCheckedClient(t, srv)
	ctx := context.Background()
	_, errSub := c.SubscribeWebhook(ctx, tallyfy.SubscribeWebhookRequest{URL: "https://hooks.example.com/x"})
	_, errList := c.ListWebhookSubscriptionsPage(ctx, nil)
	errDel := c.UnsubscribeWebhook(ctx, "9001")
	for name, err := range map[string]error{"subscribe": errSub, "list": errList, "remove": errDel} {
		if !errors.Is(err, tallyfy.ErrForbidden) || !strings.Contains(err.Error(), "administrator") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// newCheckedClient is the SDK against srv with every exchange checked against the spec.
func newCheckedClient(t *testing.T, srv *tallyfytest.Server) *tallyfy.Client {
	t.Helper()
	return srv.Client(tallyfy.WithHTTPClient(&http.Client{Transport: newSpecChecker(t, srv.URL)}))
}
