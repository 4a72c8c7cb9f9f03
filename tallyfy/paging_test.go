package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// pagedRuns serves total runs named run-0001... in pages, with Fractal's
// links: an object with previous/next, or [] when there is neither.
func pagedRuns(t *testing.T, total int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		if page == 0 {
			page = 1
		}
		if perPage == 0 {
			perPage = 10
		}
		pages := (total + perPage - 1) / perPage
		var data []map[string]any
		for i := (page - 1) * perPage; i < min(page*perPage, total); i++ {
			data = append(data, runJSON(i))
		}
		links := map[string]string{}
		if page > 1 {
			links["previous"] = fmt.Sprintf("http://%s/x?page=%d", r.Host, page-1)
		}
		if page < pages {
			links["next"] = fmt.Sprintf("http://%s/x?page=%d", r.Host, page+1)
		}
		var linksJSON any = links
		if len(links) == 0 {
			linksJSON = []any{}
		}
		if data == nil {
			data = []map[string]any{}
		}
		body, _ := json.Marshal(map[string]any{"data": data, "meta": map[string]any{"pagination": map[string]any{
			"total": total, "count": len(data), "per_page": perPage, "current_page": page, "total_pages": pages, "links": linksJSON,
		}}})
		writeJSON(w, 200, string(body))
	}
}

func runJSON(i int) map[string]any {
	return map[string]any{
		"id": fmt.Sprintf("%032x", i), "name": fmt.Sprintf("run-%04d", i), "status": "active",
		"created_at": "2024-05-20T11:00:00Z", "last_updated": "2024-05-20T11:00:00.000Z",
	}
}

func TestListRuns_VisitsEveryItemOnceAcrossPages(t *testing.T) {
	for _, prefetch := range []int{0, 1, 3} {
		for _, total := range []int{0, 1, 7, 10, 25} {
			t.Run(fmt.Sprintf("prefetch=%d/total=%d", prefetch, total), func(t *testing.T) {
				srv := newRecorder(t, pagedRuns(t, total))
				c, _ := newTestClient(t, srv.Server, WithPrefetch(prefetch))
				var names []string
				for run, err := range c.ListRuns(context.Background(), &ListRunsOptions{PerPage: 5, Status: "active"}) {
					if err != nil {
						t.Fatal(err)
					}
					names = append(names, run.Name)
				}
				if len(names) != total {
					t.Fatalf("got %d runs, want %d", len(names), total)
				}
				for i, n := range names {
					if want := fmt.Sprintf("run-%04d", i); n != want {
						t.Fatalf("item %d = %s, want %s (order, repeats or skips)", i, n, want)
					}
				}
				if want := int32(max(1, (total+4)/5)); srv.hits.Load() != want {
					t.Errorf("requests = %d, want %d", srv.hits.Load(), want)
				}
			})
		}
	}
}

func TestListRuns_BreakStopsFetching(t *testing.T) {
	for _, prefetch := range []int{0, 2} {
		t.Run(fmt.Sprintf("prefetch=%d", prefetch), func(t *testing.T) {
			srv := newRecorder(t, pagedRuns(t, 100))
			c, _ := newTestClient(t, srv.Server, WithPrefetch(prefetch))
			before := runtime.NumGoroutine()
			seen := 0
			for _, err := range c.ListRuns(context.Background(), &ListRunsOptions{PerPage: 10}) {
				if err != nil {
					t.Fatal(err)
				}
				if seen++; seen == 12 {
					break
				}
			}
			// Page 2 held item 12; prefetch may have asked for its window.
			if got, limit := srv.hits.Load(), int32(2+prefetch); got > limit {
				t.Errorf("requests = %d after break, want at most %d", got, limit)
			}
			c.CloseIdleConnections()
			srv.CloseClientConnections()
			waitForGoroutines(t, before)
		})
	}
}

func waitForGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines = %d, want about %d: a fetch outlived the loop", runtime.NumGoroutine(), want)
		}
		runtime.Gosched()
	}
}

func TestListRunsPage_ReturnsOnePageWithPagination(t *testing.T) {
	srv := newRecorder(t, pagedRuns(t, 25))
	c, _ := newTestClient(t, srv.Server)
	page, err := c.ListRunsPage(context.Background(), &ListRunsOptions{Page: 3, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 5 || page.Pagination.CurrentPage != 3 || page.HasNext() {
		t.Errorf("page = %+v", page.Pagination)
	}
	if links := page.Pagination.Links; links.Previous == "" || links.Next != "" {
		t.Errorf("links = %+v", links)
	}

	single := newRecorder(t, pagedRuns(t, 3))
	c, _ = newTestClient(t, single.Server)
	page, err = c.ListRunsPage(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if page.Pagination.Links != (Links{}) {
		t.Errorf("links = %+v: want none, from the empty-array quirk", page.Pagination.Links)
	}
}

func TestListRuns_ServerAnsweringTheWrongPageIsAnError(t *testing.T) {
	// Following such a server would repeat page 1 or never end.
	for name, pagination := range map[string]string{
		"always page 1":       `{"total":3,"count":1,"per_page":1,"current_page":1,"total_pages":3,"links":{}}`,
		"current_page absent": `{"total":4,"count":1,"per_page":1,"total_pages":4}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, `{"data":[{"id":"`+runID+`"}],"meta":{"pagination":`+pagination+`}}`)
			})
			c, _ := newTestClient(t, srv.Server)
			var items int
			var last error
			for _, err := range c.ListRuns(context.Background(), nil) {
				if err != nil {
					last = err
					continue
				}
				items++
			}
			if items != 1 || !errors.Is(last, ErrInvalidResponse) {
				t.Errorf("items = %d, err = %v", items, last)
			}
		})
	}
}

func TestListRuns_ErrorIsYieldedOnceAndLast(t *testing.T) {
	srv := newRecorder(t, nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			writeJSON(w, 403, `{"error":true,"message":"no"}`)
			return
		}
		pagedRuns(t, 20)(w, r)
	})
	c, _ := newTestClient(t, srv.Server)
	var items, errs int
	for run, err := range c.ListRuns(context.Background(), nil) {
		if err != nil {
			errs++
			if run != nil || !errors.Is(err, ErrForbidden) {
				t.Errorf("run, err = %v, %v", run, err)
			}
			continue
		}
		if errs > 0 {
			t.Error("item after the error")
		}
		items++
	}
	if items != 10 || errs != 1 {
		t.Errorf("items = %d, errors = %d", items, errs)
	}
}

// endlessRuns claims 2^62 pages of perPage runs each. items(n) is how many
// page n really holds; from page stopAt on it answers 404, so a client that
// does not stop in time fails instead of running until its context ends.
func endlessRuns(perPage, stopAt int, items func(page int) int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page >= stopAt {
			writeJSON(w, 404, `{"message":"past the end"}`)
			return
		}
		data := make([]map[string]any, items(page))
		for i := range data {
			data[i] = runJSON((page-1)*perPage + i)
		}
		body, _ := json.Marshal(map[string]any{"data": data, "meta": map[string]any{"pagination": map[string]any{
			"total": 1 << 62, "count": len(data), "per_page": perPage, "current_page": page, "total_pages": 1 << 62, "links": map[string]any{},
		}}})
		writeJSON(w, 200, string(body))
	}
}

func TestListRuns_ShortPageEndsTheListWhateverTotalPagesSays(t *testing.T) {
	for _, prefetch := range []int{0, 3} {
		t.Run(fmt.Sprintf("prefetch=%d", prefetch), func(t *testing.T) {
			// Page 1 is full, page 2 short; pages 3 to 9 would be full.
			srv := newRecorder(t, endlessRuns(10, 10, func(page int) int { return map[bool]int{true: 3, false: 10}[page == 2] }))
			c, _ := newTestClient(t, srv.Server, WithPrefetch(prefetch))
			before := runtime.NumGoroutine()
			var items int
			for _, err := range c.ListRuns(context.Background(), &ListRunsOptions{PerPage: 10}) {
				if err != nil {
					t.Fatal(err)
				}
				items++
			}
			if items != 13 {
				t.Errorf("items = %d, want 13", items)
			}
			// Prefetch may have asked for its window past page 2, no further.
			if got, limit := srv.hits.Load(), int32(2+prefetch); got < 2 || got > limit {
				t.Errorf("requests = %d, want 2 to %d", got, limit)
			}
			c.CloseIdleConnections()
			srv.CloseClientConnections()
			waitForGoroutines(t, before)
		})
	}
}

func TestListRuns_MaxPagesEndsAnEndlessListWithAnError(t *testing.T) {
	for _, prefetch := range []int{0, 2, 16} {
		t.Run(fmt.Sprintf("prefetch=%d", prefetch), func(t *testing.T) {
			srv := newRecorder(t, endlessRuns(5, 50, func(int) int { return 5 }))
			c, _ := newTestClient(t, srv.Server, WithPrefetch(prefetch), WithMaxPages(3))
			before := runtime.NumGoroutine()
			var items int
			var last error
			for run, err := range c.ListRuns(context.Background(), &ListRunsOptions{PerPage: 5, Page: 7}) {
				if last != nil {
					t.Fatalf("yielded %v after the error %v", run, last)
				}
				if err != nil {
					last = err
					continue
				}
				items++
			}
			if items != 15 || !errors.Is(last, ErrTooManyPages) {
				t.Errorf("items, err = %d, %v; want 15 runs (pages 7 to 9), then ErrTooManyPages", items, last)
			}
			if got := srv.hits.Load(); got != 3 {
				t.Errorf("requests = %d, want 3: no page past the limit is fetched", got)
			}
			c.CloseIdleConnections()
			srv.CloseClientConnections()
			waitForGoroutines(t, before)
		})
	}
}

func TestListRuns_ListEndingAtMaxPagesIsNoError(t *testing.T) {
	srv := newRecorder(t, pagedRuns(t, 15))
	c, _ := newTestClient(t, srv.Server, WithMaxPages(3))
	var items int
	for _, err := range c.ListRuns(context.Background(), &ListRunsOptions{PerPage: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		items++
	}
	if items != 15 {
		t.Errorf("items = %d, want 15", items)
	}
}

func TestListRuns_DefaultMaxPagesIs10000(t *testing.T) {
	// In memory: ten thousand loopback exchanges would only slow the test.
	var hits atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		hits.Add(1)
		rec := httptest.NewRecorder()
		endlessRuns(1, DefaultMaxPages+5, func(int) int { return 1 })(rec, r)
		return rec.Result(), nil
	})}
	c, err := NewClient(WithToken(testToken), WithOrganization(testOrg), WithBaseURL("http://127.0.0.1:1"), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	var items int
	var last error
	for _, err := range c.ListRuns(context.Background(), &ListRunsOptions{PerPage: 1}) {
		if err != nil {
			last = err
			continue
		}
		items++
	}
	if items != DefaultMaxPages || !errors.Is(last, ErrTooManyPages) || hits.Load() != DefaultMaxPages {
		t.Errorf("items, requests, err = %d, %d, %v; want %d, %d, ErrTooManyPages", items, hits.Load(), last, DefaultMaxPages, DefaultMaxPages)
	}
}

func TestPageNext_WalksTheListWithTheSameOptionsThenStops(t *testing.T) {
	srv := newRecorder(t, pagedRuns(t, 25))
	c, _ := newTestClient(t, srv.Server)
	var ids []string
	pages := 0
	for page, err := c.ListRunsPage(context.Background(), &ListRunsOptions{PerPage: 10, Query: "on"}); page != nil || err != nil; page, err = page.Next(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range page.Items {
			ids = append(ids, r.ID)
		}
	}
	if pages != 3 || len(ids) != 25 || len(slices.Compact(slices.Clone(ids))) != 25 {
		t.Errorf("walked %d pages, %d runs", pages, len(ids))
	}
	if q := srv.last().URL.Query(); q.Get("page") != "3" || q.Get("q") != "on" || q.Get("per_page") != "10" {
		t.Errorf("last request %s: want page 3 with the same options", srv.last().URL.RawQuery)
	}
}

func TestPageNext_HonoursMaxPagesAndRefusesAPageBuiltByHand(t *testing.T) {
	srv := newRecorder(t, pagedRuns(t, 50))
	c, _ := newTestClient(t, srv.Server, WithMaxPages(2))
	page, err := c.ListRunsPage(context.Background(), &ListRunsOptions{PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page, err = page.Next(context.Background()); err != nil || page == nil {
		t.Fatalf("second page: %v", err)
	}
	if _, err := page.Next(context.Background()); !errors.Is(err, ErrTooManyPages) {
		t.Errorf("third page with WithMaxPages(2): err = %v, want ErrTooManyPages", err)
	}
	hand := &Page[Run]{Items: make([]Run, 10), Pagination: Pagination{CurrentPage: 1, TotalPages: 5, PerPage: 10}}
	if _, err := hand.Next(context.Background()); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("a page built by hand: err = %v, want ErrInvalidArgument", err)
	}
	var none *Page[Run]
	if p, err := none.Next(context.Background()); p != nil || err != nil {
		t.Errorf("nil page: %v, %v", p, err)
	}
}

func TestPageNext_AsksForThePageAfterTheOneRequested(t *testing.T) {
	// The first answer claims to be page 5 of 10; the next request must be
	// page 2, not 6 (which would skip 2 to 5 silently), and page 2's answer
	// must say it is page 2.
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		cur := map[string]string{"1": "5", "2": "2"}[page]
		writeJSON(w, 200, `{"data":[{"id":"`+runID+`"}],"meta":{"pagination":{"total":10,"count":1,"per_page":1,"current_page":`+cur+`,"total_pages":10}}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	page, err := c.ListRunsPage(context.Background(), &ListRunsOptions{PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := page.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.last().URL.Query().Get("page"); got != "2" {
		t.Errorf("Next asked for page %s, want 2", got)
	}
	var none *Page[Run]
	if none.HasNext() {
		t.Error("a nil page has a next")
	}
}
