package tallyfytest_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestRequests_RecordsEachRequestInOrderWithCredentialsMasked(t *testing.T) {
	f := newFixture(t)
	with := []gen.RunInclude{gen.RunIncludeChecklist, gen.RunIncludeTasks}
	first, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, runParams(with...))
	mustOK(t, first.StatusCode(), first.Body, err)
	second, _ := f.get(t, "/nowhere?x=1", func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer wrong")
		r.Header.Set("Cookie", "session=abc")
	})

	got := f.srv.Requests()
	want := []tallyfytest.Request{
		{Method: "GET", Path: orgPath("/runs/" + tallyfytest.SampleRunID), RawQuery: "with=checklist,tasks",
			Authenticated: true, RequestID: first.HTTPResponse.Header.Get("X-Request-Id"), Status: 200},
		{Method: "GET", Path: "/nowhere", RawQuery: "x=1",
			Authenticated: false, RequestID: second.Header.Get("X-Request-Id"), Status: 404},
	}
	if len(got) != len(want) {
		t.Fatalf("recorded %d requests, want %d", len(got), len(want))
	}
	for i := range want {
		g := got[i]
		if g.Method != want[i].Method || g.Path != want[i].Path || g.RawQuery != want[i].RawQuery ||
			g.Authenticated != want[i].Authenticated || g.RequestID != want[i].RequestID || g.Status != want[i].Status {
			t.Errorf("request %d = %+v, want %+v", i, g, want[i])
		}
		if g.RequestID == "" {
			t.Errorf("request %d has no request id", i)
		}
		if auth := g.Header.Get("Authorization"); auth != "Bearer ***" {
			t.Errorf("request %d Authorization = %q, want it masked", i, auth)
		}
		if g.Header.Get("X-Tallyfy-Client") != tallyfytest.SampleClient {
			t.Errorf("request %d lost its other headers: %v", i, g.Header)
		}
	}
	if got[1].Header.Get("Cookie") != "***" {
		t.Errorf("Cookie = %q, want it masked", got[1].Header.Get("Cookie"))
	}
	if q := got[0].Query(); q.Get("with") != "checklist,tasks" {
		t.Errorf("Query() = %v", q)
	}
}

func TestRequests_ReturnsCopies(t *testing.T) {
	f := newFixture(t)
	f.get(t, orgPath("/runs"), nil)
	f.srv.Requests()[0].Header.Set("X-Tallyfy-Client", "changed")
	if got := f.srv.Requests()[0].Header.Get("X-Tallyfy-Client"); got != tallyfytest.SampleClient {
		t.Errorf("changing a returned Request changed the record: %q", got)
	}
}

func TestClearRequests_ForgetsRequestsButKeepsFailures(t *testing.T) {
	f := newFixture(t)
	f.get(t, orgPath("/runs"), nil)
	f.srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
	f.srv.ClearRequests()
	if n := len(f.srv.Requests()); n != 0 {
		t.Fatalf("%d requests after ClearRequests", n)
	}
	if resp, _ := f.get(t, orgPath("/runs"), nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status = %d, want the pending 503", resp.StatusCode)
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests recorded after clearing, want 1", n)
	}
}

func TestRequests_RecordsConcurrentRequests(t *testing.T) {
	f := newFixture(t)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, listParams())
				if err != nil {
					t.Error(err)
				} else if resp.StatusCode() != http.StatusOK {
					t.Errorf("status %d", resp.StatusCode())
				}
				_ = f.srv.Requests() // read while others write
			}
		})
	}
	wg.Wait()
	reqs := f.srv.Requests()
	ids := map[string]bool{}
	for _, r := range reqs {
		ids[r.RequestID] = true
		if r.Status != http.StatusOK {
			t.Errorf("request %s status %d", r.RequestID, r.Status)
		}
	}
	if len(reqs) != workers*each || len(ids) != workers*each {
		t.Errorf("recorded %d requests with %d distinct ids, want %d", len(reqs), len(ids), workers*each)
	}
}
