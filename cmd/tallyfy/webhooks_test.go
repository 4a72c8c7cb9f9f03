package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The webhook commands' dry runs join the table of writes_test.go.
func init() {
	dryRuns = append(dryRuns, []dryRun{
		// No --user: the token's user is read (Bob, 1002) and named in the path.
		{[]string{"webhooks", "subscribe", "https://hooks.example.com/tallyfy"}, "POST", "/users/1002/add-watcher",
			[]string{`"webhook": "https://hooks.example.com/tallyfy"`, `"object_type": "organization"`, `"frequency": "electric"`}},
		{[]string{"webhooks", "remove", "9001"}, "DELETE", "/remove-watcher/9001", []string{"(no body)"}},
	}...)
}

// lines is an io.Writer safe for the listener's goroutines that hands each
// complete line to a channel.
type lines struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	each chan string
}

func newLines() *lines { return &lines{each: make(chan string, 64)} }

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil {
			l.buf.WriteString(line) // not a whole line yet
			return len(p), nil
		}
		l.each <- strings.TrimSuffix(line, "\n")
	}
}

func (l *lines) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-l.each:
		return s
	case <-time.After(10 * time.Second): // bounds a failing test only
		t.Fatal("no line")
		return ""
	}
}

// TestWebhooksListen_PrintsEventsFromTheMock: `tallyfy webhooks listen`
// prints, one JSON line each, the events a `tallyfy mock --webhook` sends.
func TestWebhooksListen_PrintsEventsFromTheMock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := newLines(), newLines()
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"webhooks", "listen", "--addr", "127.0.0.1:0", "--org", tallyfytest.SampleOrgID}, func(string) string { return "" }, out, errOut)
	}()
	addr := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(errOut.next(t))
	if addr == nil {
		t.Fatal("no address in the first line")
	}
	errOut.next(t) // the hint to subscribe

	// The mock as `tallyfy mock --webhook <addr>` builds it.
	handler, closeMock, err := mockHandler(nil, []string{addr[1]})
	if err != nil {
		t.Fatal(err)
	}
	defer closeMock()
	mock := httptest.NewServer(handler)
	defer mock.Close()
	c, err := tallyfy.NewClient(tallyfy.WithToken(tallyfytest.SampleToken), tallyfy.WithOrganization(tallyfytest.SampleOrgID), tallyfy.WithBaseURL(mock.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CommentOnTask(ctx, tallyfytest.SampleTaskID, tallyfy.CommentRequest{Content: "Shipped", Label: tallyfy.CommentLabelProblem, Visibility: tallyfy.CommentVisibleToAll}); err != nil {
		t.Fatal(err)
	}
	line := out.next(t)
	var e struct {
		Type  string `json:"type"`
		OrgID string `json:"org_id"`
		Task  struct{ ID string }
		Raw   json.RawMessage `json:"raw"`
	}
	if err := json.Unmarshal([]byte(line), &e); err != nil {
		t.Fatalf("not one JSON line: %q", line)
	}
	if e.Type != "task.issue_raised" || e.OrgID != tallyfytest.SampleOrgID || e.Task.ID != tallyfytest.SampleTaskID || !bytes.Contains(e.Raw, []byte("Shipped")) {
		t.Errorf("event = %s", line)
	}

	// Another organization's delivery is refused and logged, not printed.
	req := httptest.NewRequest("POST", addr[1], strings.NewReader(`{"event":"task.completed"}`))
	req.RequestURI = ""
	req.Header.Set(tallyfy.WebhookOrgHeader, "someone-else")
	resp, err := mock.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(errOut.next(t), "not from this organization") {
		t.Errorf("another organization: %d", resp.StatusCode)
	}

	cancel()
	if code := <-exited; code != exitOK {
		t.Errorf("exit %d after the interrupt", code)
	}
	select {
	case extra := <-out.each:
		t.Errorf("an extra line: %s", extra)
	default:
	}
}

func TestWebhooksListen_NeedsAnOrganization(t *testing.T) {
	_, errOut, code := cli(t, nil, "webhooks", "listen")
	if code != exitUsage || !strings.Contains(errOut, "--org") {
		t.Errorf("exit %d %s", code, errOut)
	}
	if _, errOut, code = cli(t, nil, "mock", "--webhook", "not-a-url"); code != exitUsage || !strings.Contains(errOut, "--webhook") {
		t.Errorf("mock --webhook not-a-url: exit %d %s", code, errOut)
	}
}

func TestWebhooksCommands_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer(tallyfytest.WithMe(tallyfytest.AdminUserID))
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "webhooks", "subscribe", "https://hooks.example.com/tallyfy", "-o", "json")
	if code != exitOK || !strings.Contains(out, `"webhook": "https://hooks.example.com/tallyfy"`) {
		t.Fatalf("subscribe: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = cli(t, srv, "webhooks", "list")
	if code != exitOK || !strings.Contains(out, "9001") || !strings.Contains(out, "https://hooks.example.com/tallyfy") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if out, _, code = cli(t, srv, "webhooks", "remove", "9001"); code != exitOK || out != "done\n" {
		t.Errorf("remove: exit %d %q", code, out)
	}
	member := tallyfytest.NewServer() // Bob, not an administrator
	t.Cleanup(member.Close)
	if _, errOut, code = cli(t, member, "webhooks", "list"); code != exitAuth || !strings.Contains(errOut, "administrator") {
		t.Errorf("list as a member: exit %d %s", code, errOut)
	}
}
