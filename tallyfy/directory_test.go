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

// dirServer is a recorder serving a directory the test changes, counting
// each list's reads and keeping the bodies of the writes.
type dirServer struct {
	*recorder
	mu      sync.Mutex
	members []map[string]any
	guests  []map[string]any
	groups  []map[string]any
	reads   map[string]int // "users", "guests", "groups" → GETs of the list
	writes  []string       // "METHOD path body"
	answer  func(w http.ResponseWriter, r *http.Request) bool
}

func member(id int, first, last, email, status string) map[string]any {
	return map[string]any{"id": id, "first_name": first, "last_name": last, "full_name": first + " " + last, "email": email, "status": status}
}

func newDirServer(t *testing.T) *dirServer {
	t.Helper()
	d := &dirServer{
		members: []map[string]any{
			member(1001, "Alice", "Admin", "alice@acme.example", "active"),
			member(1002, "Bob", "Builder", "bob@acme.example", "active"),
			member(1003, "Sam", "Lee", "sam.lee@acme.example", "active"),
			member(1004, "Sam", "Lee", "slee@acme.example", "invited"),
			member(1005, "Olga", "Old", "olga@acme.example", "disabled"),
		},
		guests: []map[string]any{
			{"id": 7, "email": "ann@client.example", "details": map[string]any{"disabled_at": nil}},
			{"id": 8, "email": "gone@client.example", "details": map[string]any{"disabled_at": "2026-01-02 10:00:00"}},
		},
		groups: []map[string]any{
			{"id": "2bfb30d513e3c827ce4dc6945ea89bdf", "name": "Finance", "description": "d"},
			{"id": "53a4e1b2c3d4e5f60718293a4b5c6d7e", "name": "Onboarding team", "description": "d"},
		},
		reads: map[string]int{},
	}
	d.recorder = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		answer := d.answer
		d.mu.Unlock()
		if answer != nil && answer(w, r) {
			return
		}
		// Every organization has the same directory here.
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/organizations/"), "/", 2)
		list := parts[len(parts)-1]
		if r.Method == http.MethodGet && (list == "users" || list == "guests" || list == "groups") {
			d.mu.Lock()
			d.reads[list]++
			rows := map[string][]map[string]any{"users": d.members, "guests": d.guests, "groups": d.groups}[list]
			body, _ := json.Marshal(map[string]any{"data": rows, "meta": map[string]any{"pagination": map[string]any{
				"total": len(rows), "count": len(rows), "per_page": 100, "current_page": 1, "total_pages": 1}}})
			d.mu.Unlock()
			writeJSON(w, 200, string(body))
			return
		}
		if r.Method != http.MethodGet {
			b, _ := io.ReadAll(r.Body)
			d.mu.Lock()
			d.writes = append(d.writes, r.Method+" "+r.URL.Path+" "+string(b))
			d.mu.Unlock()
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/tasks") && r.Method == http.MethodPost:
			writeJSON(w, 201, `{"data":{"id":"`+taskID+`","title":"t","status":"not-started","task_type":"task","is_oneoff_task":true,"owners":{"users":[],"guests":[],"groups":[]}}}`)
		case strings.HasSuffix(r.URL.Path, "/tasks"):
			writeJSON(w, 200, `{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1}}}`)
		case strings.Contains(r.URL.Path, "/tasks"):
			writeJSON(w, 200, `{"data":{"id":"`+taskID+`","title":"t","status":"not-started","task_type":"task","is_oneoff_task":false,"owners":{"users":[],"guests":[],"groups":[]}},"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1}}}`)
		case strings.HasSuffix(r.URL.Path, "/runs"):
			writeJSON(w, 201, `{"data":{"id":"`+runID+`","name":"r","status":"active","checklist_id":"`+tplID+`","users":[],"groups":[]}}`)
		default:
			writeJSON(w, 200, `{"data":{"id":"`+runID+`","name":"r","status":"active","checklist_id":"`+tplID+`","users":[],"groups":[]}}`)
		}
	})
	return d
}

func (d *dirServer) counts() (users, guests, groups int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.reads["users"], d.reads["guests"], d.reads["groups"]
}

func (d *dirServer) sent() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.writes...)
}

// lastBody decodes the last write's JSON body.
func (d *dirServer) lastBody(t *testing.T) map[string]any {
	t.Helper()
	w := d.sent()
	if len(w) == 0 {
		t.Fatal("nothing was written")
	}
	_, body, _ := strings.Cut(strings.SplitN(w[len(w)-1], " ", 2)[1], " ")
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return m
}

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }

var deadline = time.Date(2027, 1, 4, 17, 0, 0, 0, time.UTC)

func TestPeople_TaskOwnersByEmailNameIDGroupAndGuest(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	_, err := c.CreateTask(context.Background(), CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{
		Users:  []int{1002},
		People: []string{"ALICE@acme.example", "  bob   builder ", "1003", "finance", "ann@client.example", "guest:new@client.example", "alice@acme.example"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := jsonOf(d.lastBody(t)["owners"])
	want := `{"groups":["2bfb30d513e3c827ce4dc6945ea89bdf"],"guests":["ann@client.example","new@client.example"],"users":[1002,1001,1003]}`
	if got != want {
		t.Errorf("owners = %s\nwant     %s", got, want)
	}
}

func TestPeople_OneDirectoryReadServesManyCallsAndForOrganizationCopies(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	ctx := context.Background()
	for _, who := range []string{"alice@acme.example", "Bob Builder", "Finance"} {
		if _, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{who}}}); err != nil {
			t.Fatal(err)
		}
	}
	copied := c.ForOrganization(testOrg)
	if _, err := copied.ResolvePeople(ctx, []string{"bob@acme.example", "Onboarding team"}); err != nil {
		t.Fatal(err)
	}
	if u, g, gr := d.counts(); u != 1 || g != 0 || gr != 1 {
		t.Errorf("reads: users %d, guests %d, groups %d; want 1, 0 (no email missed the members), 1", u, g, gr)
	}
	// Another organization has its own directory.
	if _, err := c.ForOrganization("org2").ResolvePeople(ctx, []string{"alice@acme.example"}); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := d.counts(); u != 2 {
		t.Errorf("members read %d times in all, want 2 (org1's, then org2's)", u)
	}
	if last := d.last().URL.Path; last != "/organizations/org2/users" {
		t.Errorf("org2's lookup read %s, want its own members list", last)
	}
}

func TestPeople_DirectoryExpiresAfterTTL(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server, WithPeopleCacheTTL(time.Minute))
	now := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	pc := peopleCacheFor(c.cfg)
	pc.mu.Lock()
	pc.now = func() time.Time { return now }
	pc.mu.Unlock()
	ctx := context.Background()
	resolve := func() {
		t.Helper()
		if _, err := c.ResolvePeople(ctx, []string{"alice@acme.example"}); err != nil {
			t.Fatal(err)
		}
	}
	resolve()
	pc.mu.Lock()
	now = now.Add(59 * time.Second)
	pc.mu.Unlock()
	resolve()
	if u, _, _ := d.counts(); u != 1 {
		t.Fatalf("within the TTL: %d reads, want 1", u)
	}
	pc.mu.Lock()
	now = now.Add(time.Second)
	pc.mu.Unlock()
	resolve()
	if u, _, _ := d.counts(); u != 2 {
		t.Errorf("after the TTL: %d reads, want 2", u)
	}
}

func TestPeople_AMissReadsTheDirectoryOnceMore(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	ctx := context.Background()
	if _, err := c.ResolvePeople(ctx, []string{"alice@acme.example"}); err != nil {
		t.Fatal(err)
	}
	// Invited since the directory was cached.
	d.mu.Lock()
	d.members = append(d.members, member(1010, "Nina", "New", "nina@acme.example", "invited"))
	d.mu.Unlock()
	if _, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"nina@acme.example"}}}); err != nil {
		t.Fatal(err)
	}
	if got := jsonOf(d.lastBody(t)["owners"].(map[string]any)["users"]); got != "[1010]" {
		t.Errorf("users = %s, want [1010]", got)
	}
	if u, _, _ := d.counts(); u != 2 {
		t.Errorf("members read %d times, want 2 (the cache, then one refresh)", u)
	}

	// A name still unknown after the refresh is refused, naming it, and
	// the directory is read once more only: each list at most twice a call.
	before := len(d.sent())
	_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"Zed Nobody"}}})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), `"Zed Nobody"`) {
		t.Fatalf("err = %v", err)
	}
	// The members came from the cache and were read again; the groups were
	// first read by this call, so reading them again could not help.
	if u, _, gr := d.counts(); u != 3 || gr != 1 {
		t.Errorf("reads: users %d, groups %d; want 3 (cache, refresh) and 1 (read by this call)", u, gr)
	}
	if len(d.sent()) != before {
		t.Errorf("a write was sent for an unknown name: %v", d.sent()[before:])
	}
}

func TestPeople_AmbiguousNameListsTheCandidates(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	_, err := c.CreateTask(context.Background(), CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"sam lee"}}})
	if !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{`"sam lee" is ambiguous`, `member 1003 ("sam.lee@acme.example")`, `member 1004 ("slee@acme.example", invited)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if w := d.sent(); len(w) != 0 {
		t.Errorf("sent %v", w)
	}
	// A name shared by a member and a group is ambiguous too.
	d.mu.Lock()
	d.members = append(d.members, member(1011, "Finance", "", "fin@acme.example", "active"))
	d.members[len(d.members)-1]["full_name"] = "Finance"
	d.mu.Unlock()
	c2, _ := newTestClient(t, d.Server)
	_, err = c2.ResolvePeople(context.Background(), []string{"Finance"})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "member 1011") || !strings.Contains(err.Error(), `group "2bfb30d513e3c827ce4dc6945ea89bdf"`) {
		t.Errorf("err = %v", err)
	}
}

func TestPeople_GuestRules(t *testing.T) {
	ctx := context.Background()
	dirs := map[*config]*dirServer{}
	dirOf := func(c *Client) *dirServer { return dirs[c.cfg] }
	cases := []struct {
		name   string
		call   func(c *Client) error
		errHas string // "" for success
	}{
		{"task owners take a known guest", func(c *Client) error {
			_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"ann@client.example"}}})
			return err
		}, ""},
		{"task owners refuse an address nobody has, saying how to invite", func(c *Client) error {
			_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"typo@acme.exmaple"}}})
			return err
		}, `write "guest:typo@acme.exmaple"`},
		{"guest: names a new guest on purpose", func(c *Client) error {
			_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"guest:fresh@client.example"}}})
			return err
		}, ""},
		{"guest: refuses a member's address", func(c *Client) error {
			_, err := c.ResolvePeople(ctx, []string{"guest:bob@acme.example"})
			return err
		}, "member 1002's address"},
		{"a disabled guest is refused", func(c *Client) error {
			_, err := c.ResolvePeople(ctx, []string{"gone@client.example"})
			return err
		}, "is disabled"},
		{"a disabled member is refused, saying why", func(c *Client) error {
			_, err := c.ResolvePeople(ctx, []string{"Olga Old"})
			return err
		}, `member 1005 ("olga@acme.example", disabled) is disabled and cannot be assigned`},
		{"a process's members refuse a guest", func(c *Client) error {
			_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, People: []string{"ann@client.example"}})
			return err
		}, "guests are not allowed here"},
		{"a process's members refuse guest:", func(c *Client) error {
			_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Members: &Members{People: []string{"guest:ann@client.example"}}})
			return err
		}, "guests are not allowed here"},
		{"a process owner cannot be a group", func(c *Client) error {
			_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Owner: "Finance"})
			return err
		}, "only a member is allowed here"},
		{"owner given twice", func(c *Client) error {
			_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, OwnerID: 1001, Owner: "bob@acme.example"})
			return err
		}, "given twice"},
		{"the organization's task filter refuses a guest", func(c *Client) error {
			_, err := c.ListOrgTasksPage(ctx, &ListOrgTasksOptions{People: []string{"ann@client.example"}})
			return err
		}, "guests are not allowed here"},
		{"every refusal is listed", func(c *Client) error {
			_, err := c.ResolvePeople(ctx, []string{"nobody@x.example", "bob@acme.example", "Olga Old"})
			return err
		}, `2 names refused: [1] no member or guest has the address "nobody@x.example"; to assign a new guest (the API invites them), write "guest:nobody@x.example" [2] member 1005`},
		{"a name nobody could have is refused before reading", func(c *Client) error {
			_, err := c.ResolvePeople(ctx, []string{"bob@acme.example", " ", "guest:not an address"})
			if u, g, gr := dirOf(c).counts(); u+g+gr != 0 {
				t.Errorf("read the directory %d times for names no directory could match", u+g+gr)
			}
			return err
		}, `2 names refused: [1] an empty name [2] "guest:not an address": the address is not one bare email address`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newDirServer(t)
			c, _ := newTestClient(t, d.Server)
			dirs[c.cfg] = d
			err := tc.call(c)
			if tc.errHas == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("err = %v\nwant ErrInvalidArgument containing %q", err, tc.errHas)
			}
			if w := d.sent(); len(w) != 0 {
				t.Errorf("refused, yet sent %v", w)
			}
		})
	}
}

func TestPeople_LaunchAndUpdateRunResolveOwnerAndMembers(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	ctx := context.Background()
	if _, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Owner: "Bob Builder", Users: []int{1001}, People: []string{"1001", "bob@acme.example", "Finance"}}); err != nil {
		t.Fatal(err)
	}
	body := d.lastBody(t)
	if got := jsonOf([]any{body["owner_id"], body["users"], body["groups"]}); got != `[1002,[1001,1002],["2bfb30d513e3c827ce4dc6945ea89bdf"]]` {
		t.Errorf("owner, users, groups = %s", got)
	}
	// Members given by name alone are exactly the members sent: nothing is
	// read from the process, nothing kept that was not named.
	if _, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Owner: "alice@acme.example", Members: &Members{People: []string{"Onboarding team"}}}); err != nil {
		t.Fatal(err)
	}
	body = d.lastBody(t)
	if got := jsonOf([]any{body["owner_id"], body["users"], body["groups"]}); got != `[1001,[],["53a4e1b2c3d4e5f60718293a4b5c6d7e"]]` {
		t.Errorf("owner, users, groups = %s", got)
	}
	for _, r := range d.requests {
		if r.Method == http.MethodGet && r.URL.Path == "/organizations/org1/runs/"+runID {
			t.Errorf("UpdateRun read the process although Members were given")
		}
	}
}

func TestPeople_UpdateTaskSetsExactlyTheOwnersNamed(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	if _, err := c.UpdateTask(context.Background(), runID, taskID, UpdateTaskRequest{Owners: &Assignees{People: []string{"alice@acme.example", "Finance"}}}); err != nil {
		t.Fatal(err)
	}
	got := jsonOf(d.lastBody(t)["owners"])
	if want := `{"groups":["2bfb30d513e3c827ce4dc6945ea89bdf"],"guests":[],"users":[1001]}`; got != want {
		t.Errorf("owners = %s, want %s", got, want)
	}
}

func TestPeople_TaskFiltersResolveWhenListed(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	ctx := context.Background()
	seq := c.ListOrgTasks(ctx, &ListOrgTasksOptions{Owners: []int{1003}, People: []string{"alice@acme.example", "Finance"}})
	if n := d.hits.Load(); n != 0 {
		t.Fatalf("%d requests before the list was ranged over", n)
	}
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
	}
	last := d.last()
	if last.URL.Path != "/organizations/org1/tasks" || last.URL.Query().Get("owners") != "1003,1001" || last.URL.Query().Get("groups") != "2bfb30d513e3c827ce4dc6945ea89bdf" {
		t.Errorf("sent %s?%s", last.URL.Path, last.URL.RawQuery)
	}
	// A process's task list filters by guests too, known ones only.
	if _, err := c.ListRunTasksPage(ctx, runID, &ListRunTasksOptions{People: []string{"ann@client.example"}}); err != nil {
		t.Fatal(err)
	}
	if q := d.last().URL.Query().Get("guests"); q != "ann@client.example" {
		t.Errorf("guests = %q", q)
	}
	if _, err := c.ListRunTasksPage(ctx, runID, &ListRunTasksOptions{People: []string{"guest:new@client.example"}}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("a filter by a guest nobody has: err = %v", err)
	}
}

func TestPeople_AssigneesFieldTakesPeople(t *testing.T) {
	d := newDirServer(t)
	d.answer = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && r.URL.Path == "/organizations/org1/checklists/"+tplID {
			writeJSON(w, 200, `{"data":{"id":"`+tplID+`","title":"T","prerun":[
				{"id":"f0000000000000000000000000000001","label":"Account team","field_type":"assignees_form"},
				{"id":"f0000000000000000000000000000002","label":"Backup","field_type":"assignees_form"},
				{"id":"f0000000000000000000000000000003","label":"Reviewers","field_type":"assignees_form"}],
				"automated_actions":[]}}`)
			return true
		}
		return false
	}
	c, _ := newTestClient(t, d.Server)
	_, err := c.LaunchRun(context.Background(), LaunchRunRequest{TemplateID: tplID, Fields: map[string]any{
		"Account team": "bob@acme.example",
		"Backup":       []string{"Finance", "ann@client.example"},
		"Reviewers":    Assignees{Users: []int{1003}, People: []string{"alice@acme.example"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := jsonOf(d.lastBody(t)["prerun"])
	want := `{"f0000000000000000000000000000001":{"groups":[],"guests":[],"users":[1002]},` +
		`"f0000000000000000000000000000002":{"groups":["2bfb30d513e3c827ce4dc6945ea89bdf"],"guests":["ann@client.example"],"users":[]},` +
		`"f0000000000000000000000000000003":{"groups":[],"guests":[],"users":[1003,1001]}}`
	if got != want {
		t.Errorf("prerun = %s\nwant     %s", got, want)
	}

	before := len(d.sent())
	_, err = c.LaunchRun(context.Background(), LaunchRunRequest{TemplateID: tplID, Fields: map[string]any{"Account team": "Sam Lee"}})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), `field "Account team"`) || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("err = %v", err)
	}
	if len(d.sent()) != before {
		t.Error("a launch was sent with an ambiguous assignee")
	}
}

func TestPeople_UnresolvedAssigneesDoNotEncode(t *testing.T) {
	if _, err := json.Marshal(Assignees{People: []string{"alice@acme.example"}}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("err = %v, want the People refused rather than dropped", err)
	}
	if b, err := json.Marshal(Assignees{Users: []int{1}}); err != nil || string(b) != `{"users":[1],"guests":[],"groups":[]}` {
		t.Errorf("= %s, %v", b, err)
	}
}

func TestPeople_ConcurrentCallsShareOneRead(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := []string{"alice@acme.example", "Bob Builder", "1003", "Finance"}[i%4]
			_, err := c.ForOrganization(testOrg).ResolvePeople(context.Background(), []string{who})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if u, _, gr := d.counts(); u != 1 || gr != 1 {
		t.Errorf("reads: users %d, groups %d; want 1 each", u, gr)
	}
}

func TestPeople_ADirectoryThatCannotBeReadFailsTheCall(t *testing.T) {
	d := newDirServer(t)
	d.answer = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/organizations/org1/guests" {
			writeJSON(w, 403, `{"error":true,"message":"forbidden"}`)
			return true
		}
		return false
	}
	c, _ := newTestClient(t, d.Server)
	// Members only: the guests are never read.
	if _, err := c.ResolvePeople(context.Background(), []string{"bob@acme.example"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateTask(context.Background(), CreateTaskRequest{Title: "t", Deadline: deadline, Owners: Assignees{People: []string{"ann@client.example"}}})
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "guests") {
		t.Errorf("err = %v", err)
	}
	if w := d.sent(); len(w) != 0 {
		t.Errorf("sent %v", w)
	}
}

func TestPeople_ForgetDirectoryMakesTheNextCallRead(t *testing.T) {
	d := newDirServer(t)
	c, _ := newTestClient(t, d.Server)
	ctx := context.Background()
	if _, err := c.ResolvePeople(ctx, []string{"Olga Old", "bob@acme.example"}); err == nil {
		t.Fatal("a disabled member was resolved")
	}
	c.ForOrganization(testOrg).forgetDirectory()
	if _, err := c.ResolvePeople(ctx, []string{"bob@acme.example"}); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := d.counts(); u != 2 {
		t.Errorf("members read %d times, want 2 (before and after forgetting)", u)
	}
}
