package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestSearch_TasksSendsKindAndTextAndPages(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "search.200.page.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	page, err := c.SearchTasksPage(context.Background(), "onboarding & more", &SearchOptions{PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || *page.Items[0].Title != "Review the onboarding contract" || page.Items[0].RunID != nil {
		t.Fatalf("items = %+v", page.Items)
	}
	req := srv.last()
	if req.URL.Path != "/organizations/org1/search" {
		t.Errorf("path = %s", req.URL.Path)
	}
	if want := "search=onboarding+%26+more&on=task&page=1&per_page=2"; req.URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", req.URL.RawQuery, want)
	}
	// Two pages in the example: the search goes on past the first (MCP #230).
	if !page.HasNext() {
		t.Error("HasNext = false on page 1 of 2")
	}
}

func TestSearch_EveryKindSendsItsOn(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":[{"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d","title":"T","name":"N"}],"meta":{"pagination":{"total":1,"count":1,"per_page":10,"current_page":1,"total_pages":1}}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	cases := map[string]func() (int, error){
		"task":      func() (int, error) { n, err := count(c.SearchTasks(ctx, "q", nil)); return n, err },
		"process":   func() (int, error) { n, err := count(c.SearchRuns(ctx, "q", nil)); return n, err },
		"blueprint": func() (int, error) { n, err := count(c.SearchTemplates(ctx, "q", nil)); return n, err },
		"snippet":   func() (int, error) { n, err := count(c.SearchSnippets(ctx, "q", nil)); return n, err },
	}
	for kind, search := range cases {
		n, err := search()
		if err != nil || n != 1 {
			t.Errorf("%s: %d hits, %v", kind, n, err)
		}
		if got, want := srv.last().URL.Query().Get("on"), kind; got != want {
			t.Errorf("on = %q, want %q", got, want)
		}
	}
}

func count[T any](seq func(func(*T, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func TestSearch_AcceptsTheBodyKeyedByKind(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "search.200.variant-keyed-by-kind.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	page, err := c.SearchTasksPage(context.Background(), "contract", nil)
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != "6d2c7b1a9e8f4a3b2c1d0e9f8a7b6c5d" {
		t.Fatalf("page = %+v, %v", page, err)
	}
	// The same body holds no process bucket: a process search finds no list.
	if _, err := c.SearchRunsPage(context.Background(), "contract", nil); !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("process search of a task-keyed body: err = %v, want ErrInvalidResponse", err)
	}
}

func TestSearch_RefusesAnEmptyTextBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":[]}`) })
	c, _ := newTestClient(t, srv.Server)
	for _, q := range []string{"", "   ", "\xff"} {
		if _, err := c.SearchTasksPage(context.Background(), q, nil); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("query %q: err = %v, want ErrInvalidArgument", q, err)
		}
	}
	if _, err := c.SearchRunsPage(context.Background(), "x", &SearchOptions{PerPage: 101}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("per_page 101: err = %v", err)
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestSearch_TaskForHitReadsTheRunIDTheHitLacks(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":{"id":"6d2c7b1a9e8f4a3b2c1d0e9f8a7b6c5d","title":"Review","run_id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d","status":"active"}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	task, err := c.TaskForHit(context.Background(), &TaskHit{ID: "6d2c7b1a9e8f4a3b2c1d0e9f8a7b6c5d"}, nil)
	if err != nil || task.RunID == nil || *task.RunID != "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d" {
		t.Fatalf("TaskForHit = %+v, %v", task, err)
	}
	if got := srv.last().URL.Path; got != "/organizations/org1/tasks/6d2c7b1a9e8f4a3b2c1d0e9f8a7b6c5d" {
		t.Errorf("path = %s", got)
	}
	for name, call := range map[string]func() error{
		"task":     func() error { _, err := c.TaskForHit(context.Background(), nil, nil); return err },
		"run":      func() error { _, err := c.RunForHit(context.Background(), nil, nil); return err },
		"template": func() error { _, err := c.TemplateForHit(context.Background(), nil, nil); return err },
	} {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: nil hit: err = %v", name, err)
		}
	}
}
