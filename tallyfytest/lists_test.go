package tallyfytest_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func taskIDs(tasks []gen.Task) []string {
	out := make([]string, len(tasks))
	for i, t := range tasks {
		out[i] = t.ID
	}
	return out
}

func TestListOrgTasks_Filters(t *testing.T) {
	f := newFixture(t)
	list := func(query string) []gen.Task {
		t.Helper()
		status, body := f.send(t, "GET", orgPath("/tasks?without_pagination=true"+query), nil)
		wantStatus(t, status, body, 200)
		return data[[]gen.Task](t, body)
	}
	all := list("")
	archived := f.srv.Tasks(tallyfytest.ArchivedRunID)
	if slices.ContainsFunc(all, func(t gen.Task) bool { return t.ID == archived[0].ID }) {
		t.Error("a task of an archived run is listed")
	}
	if !slices.ContainsFunc(all, func(t gen.Task) bool { return t.ID == tallyfytest.OneOffTaskID }) {
		t.Error("the one-off task is not listed")
	}
	if got := taskIDs(list("&is_oneoff=true")); !slices.Equal(got, []string{tallyfytest.OneOffTaskID}) {
		t.Errorf("is_oneoff=true = %v", got)
	}
	for _, task := range list("&q=welcome+PACK") {
		if task.IsOneoffTask || task.Title[:4] != "Send" {
			t.Errorf("q matched %q", task.Title)
		}
	}
	for _, task := range list("&owners=1004&status=complete") {
		if task.Status != "completed" || !slices.ContainsFunc(task.Owners.Users, func(u gen.UserRef) bool { return u.ID == 1004 }) {
			t.Errorf("owners=1004&status=complete matched %q %s", task.Title, task.Status)
		}
	}
	if got := list("&deadline_before=2024-05-01&deadline_after=2024-04-20"); len(got) == 0 {
		t.Error("no task due between the dates")
	}
	// Paging works as for listRuns: ten by default.
	status, body := f.send(t, "GET", orgPath("/tasks"), nil)
	wantStatus(t, status, body, 200)
	var page gen.TaskList
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 10 || page.Meta.Pagination.Total != len(all) {
		t.Errorf("first page: %d tasks of %d, want 10 of %d", len(page.Data), page.Meta.Pagination.Total, len(all))
	}
	byDeadline := list("&sort=deadline")
	for i := 1; i < len(byDeadline); i++ {
		a, b := byDeadline[i-1].Deadline, byDeadline[i].Deadline
		if a != nil && b != nil && a.After(*b) {
			t.Fatalf("sort=deadline: %v before %v", a, b)
		}
	}
}

func TestListMyTasks_ListsTheTokenUsersTasks(t *testing.T) {
	f := newFixture(t)
	status, body := f.send(t, "GET", orgPath("/me/tasks?without_pagination=true"), nil)
	wantStatus(t, status, body, 200)
	var list gen.TaskList
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Data) == 0 || list.Meta.OverdueTasks == nil || list.Meta.TasksDueSoon == nil {
		t.Fatalf("%d tasks, meta %+v", len(list.Data), list.Meta)
	}
	for _, task := range list.Data {
		if !slices.ContainsFunc(task.Owners.Users, func(u gen.UserRef) bool { return u.ID == tallyfytest.MeUserID }) {
			t.Errorf("%q is not assigned to %d", task.Title, tallyfytest.MeUserID)
		}
	}
	status, body = f.send(t, "GET", orgPath("/me/tasks?without_pagination=true&status=completed"), nil)
	wantStatus(t, status, body, 200)
	done := data[[]gen.Task](t, body)
	if len(done) == 0 || len(done) >= len(list.Data) || slices.ContainsFunc(done, func(t gen.Task) bool { return t.Status != "completed" }) {
		t.Errorf("status=completed: %d of %d tasks", len(done), len(list.Data))
	}

	other := newFixture(t, tallyfytest.WithMe(tallyfytest.SecurityUserID))
	status, body = other.send(t, "GET", orgPath("/me/tasks?without_pagination=true"), nil)
	wantStatus(t, status, body, 200)
	for _, task := range data[[]gen.Task](t, body) {
		if !slices.ContainsFunc(task.Owners.Users, func(u gen.UserRef) bool { return u.ID == tallyfytest.SecurityUserID }) {
			t.Errorf("WithMe(Erin): %q is not hers", task.Title)
		}
	}
}

func TestListTemplates_FiltersAndPinnedFirst(t *testing.T) {
	f := newFixture(t)
	list := func(query string) []gen.Template {
		t.Helper()
		status, body := f.send(t, "GET", orgPath("/checklists?per_page=100"+query), nil)
		wantStatus(t, status, body, 200)
		return data[[]gen.Template](t, body)
	}
	all := list("")
	if len(all) != 5 || all[0].ID != tallyfytest.SampleTemplateID {
		t.Fatalf("%d templates, first %s; want 5, the pinned onboarding first", len(all), all[0].Title)
	}
	if got := list("&type=form"); len(got) != 1 || got[0].ID != tallyfytest.PurchaseTemplateID {
		t.Errorf("type=form = %d templates", len(got))
	}
	if got := list("&q=SUPPLIER"); len(got) != 1 || got[0].ID != tallyfytest.SupplierTemplateID || len(got[0].Prerun) != 10 {
		t.Errorf("q=SUPPLIER = %d templates", len(got))
	}
	if got := list("&tag=" + tallyfytest.ProcurementTagID + "&sort_by=-title"); len(got) != 2 || got[0].Title != "Supplier Onboarding" {
		t.Errorf("tag=Procurement sorted by -title = %v", got)
	}
	archived := gen.Template{ID: "abcdefabcdefabcdefabcdefabcdefab", Title: "Old process", Type: "procedure", Status: "published",
		ArchivedAt: ptr(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
	if err := f.srv.AddTemplate(archived); err != nil {
		t.Fatal(err)
	}
	if got := list(""); len(got) != 5 {
		t.Errorf("an archived template is listed by default")
	}
	if got := list("&archived=only"); len(got) != 1 || got[0].ID != archived.ID {
		t.Errorf("archived=only = %d templates", len(got))
	}
	if got := list("&archived=true&with=steps"); len(got) != 6 || got[1].Steps == nil {
		t.Errorf("archived=true = %d templates", len(got))
	}
}

func TestMe_IsTheTokensUserAndItsOrganization(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.MeWithResponse(ctx(t))
	mustOK(t, resp.StatusCode(), resp.Body, err)
	if me := resp.JSON200.Data; me.ID != tallyfytest.MeUserID || *me.FullName != "Bob Onboarding" {
		t.Errorf("me = %d %v", me.ID, me.FullName)
	}
	status, body := f.send(t, "GET", "/me/organizations", nil)
	wantStatus(t, status, body, 200)
	if orgs := data[[]gen.Organization](t, body); len(orgs) != 1 || orgs[0].ID != tallyfytest.SampleOrgID {
		t.Errorf("organizations = %+v", orgs)
	}
	g := newFixture(t, tallyfytest.WithMe(tallyfytest.AdminUserID), tallyfytest.WithOrgID(tallyfytest.OtherOrgID))
	status, body = g.send(t, "GET", "/me", nil)
	wantStatus(t, status, body, 200)
	if me := data[gen.User](t, body); me.ID != tallyfytest.AdminUserID {
		t.Errorf("WithMe: me = %d", me.ID)
	}
	status, body = g.send(t, "GET", "/me/organizations", nil)
	wantStatus(t, status, body, 200)
	if orgs := data[[]gen.Organization](t, body); orgs[0].ID != tallyfytest.OtherOrgID || *orgs[0].UserRole != "admin" {
		t.Errorf("WithOrgID: organizations = %+v", orgs)
	}
}

// TestFailures_BeforeOrAfterTheSideEffect: a failure answers before the request is served (a
// 429: nothing happens) or, with AfterHandling, after it (the write happened, the client cannot
// tell); Disconnect drops the connection either way.
func TestFailures_BeforeOrAfterTheSideEffect(t *testing.T) {
	tests := []struct {
		name       string
		f          tallyfytest.Failure
		status     int // 0: a transport error
		launchedBy int // runs the request added
	}{
		{"429 before", tallyfytest.Failure{Status: 429, RetryAfter: "1"}, 429, 0},
		{"502 after", tallyfytest.Failure{Status: 502, AfterHandling: true}, 502, 1},
		{"connection dropped after", tallyfytest.Failure{Disconnect: true, AfterHandling: true}, 0, 1},
		{"connection dropped before", tallyfytest.Failure{Disconnect: true}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			ids := map[string]string{}
			for _, k := range kickoffFieldsOf(t, srv, tallyfytest.SecurityReviewTemplateID) {
				ids[*k.Alias] = k.ID
			}
			body := `{"checklist_id":"` + tallyfytest.SecurityReviewTemplateID + `","prerun":{"` + ids["scope"] + `":"Payments"}}`
			before := len(srv.Runs())
			srv.FailOn("POST", "/organizations/*/runs", 1, tt.f)
			req, _ := http.NewRequest("POST", srv.URL+orgPath("/runs"), stringsReader(body))
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			switch {
			case tt.status == 0 && err == nil:
				resp.Body.Close()
				t.Fatalf("status %d, want a transport error", resp.StatusCode)
			case tt.status != 0 && err != nil:
				t.Fatal(err)
			case tt.status != 0:
				resp.Body.Close()
				if resp.StatusCode != tt.status {
					t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
				}
			}
			if got := len(srv.Runs()) - before; got != tt.launchedBy {
				t.Errorf("the request launched %d runs, want %d", got, tt.launchedBy)
			}
			// The failure is used up: the same request now launches a run.
			req, _ = http.NewRequest("POST", srv.URL+orgPath("/runs"), stringsReader(body))
			req.Header = resp0Header(srv)
			if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusCreated {
				t.Fatalf("the next launch: %v %v", resp, err)
			}
			resp.Body.Close()
		})
	}
}

func kickoffFieldsOf(t *testing.T, srv *tallyfytest.Server, templateID string) []gen.KickoffField {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+orgPath("/checklists/"+templateID), nil)
	req.Header = resp0Header(srv)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tpl gen.TemplateResponse
	if err := decodeBody(resp, &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl.Data.Prerun
}

func resp0Header(srv *tallyfytest.Server) http.Header {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+srv.Token)
	h.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
	h.Set("Content-Type", "application/json")
	return h
}

// TestWrites_AreSafeForConcurrentUse launches and comments from many goroutines (run with -race).
func TestWrites_AreSafeForConcurrentUse(t *testing.T) {
	srv := newServer(t)
	client := &http.Client{}
	var ids map[string]string
	for _, k := range kickoffFieldsOf(t, srv, tallyfytest.SecurityReviewTemplateID) {
		if ids == nil {
			ids = map[string]string{}
		}
		ids[*k.Alias] = k.ID
	}
	before := len(srv.Runs())
	const n = 20
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for _, r := range []struct{ path, body string }{
				{orgPath("/runs"), `{"checklist_id":"` + tallyfytest.SecurityReviewTemplateID + `","prerun":{"` + ids["scope"] + `":"x"}}`},
				{orgPath("/tasks/" + tallyfytest.InProgressTaskID + "/comment"), `{"content":"hi"}`},
			} {
				req, _ := http.NewRequest("POST", srv.URL+r.path, stringsReader(r.body))
				req.Header = resp0Header(srv)
				if resp, err := client.Do(req); err == nil {
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	if got := len(srv.Runs()) - before; got != n {
		t.Errorf("%d runs launched, want %d", got, n)
	}
	comments := srv.Comments(tallyfytest.InProgressTaskID)
	seen := map[int]bool{}
	for _, c := range comments {
		seen[c.ID] = true
	}
	if len(comments) != n || len(seen) != n {
		t.Errorf("%d comments with %d distinct ids, want %d", len(comments), len(seen), n)
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
