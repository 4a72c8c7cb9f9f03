package tallyfytest_test

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestFailNext_AnswersTheNextRequestsThenRecovers(t *testing.T) {
	f := newFixture(t)
	f.srv.FailNext(2, tallyfytest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "3"})
	var statuses []int
	for range 3 {
		resp, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, runParams())
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, resp.StatusCode())
		if resp.StatusCode() == http.StatusTooManyRequests {
			h := resp.HTTPResponse.Header
			if h.Get("Retry-After") != "3" || h.Get("X-RateLimit-Remaining") != "0" {
				t.Errorf("429 headers: Retry-After %q, X-RateLimit-Remaining %q", h.Get("Retry-After"), h.Get("X-RateLimit-Remaining"))
			}
			if resp.JSON429 == nil || resp.JSON429.Code == nil || *resp.JSON429.Code != "RATE_LIMIT_EXCEEDED" {
				t.Errorf("429 body = %s, want the spec's rate-limit body", resp.Body)
			}
		}
	}
	if want := []int{429, 429, 200}; !slices.Equal(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
	var recorded []int
	for _, r := range f.srv.Requests() {
		recorded = append(recorded, r.Status)
	}
	if !slices.Equal(recorded, statuses) {
		t.Errorf("recorded statuses = %v, want %v", recorded, statuses)
	}
}

func TestFailNext_SendsTheAPIsBodyForEachStatus(t *testing.T) {
	tests := []struct {
		status int
		body   string
	}{
		{0, `{"error":true,"message":"Server Error"}`},
		{400, `{"error":true,"message":"Bad Request"}`},
		{401, `{"message":"Unauthenticated."}`},
		{403, `{"error":true,"message":"You don't have application's permissions for this organization!","code":"FORBIDDEN"}`},
		{404, `{"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"}`},
		{409, `{"error":true,"message":"Conflict"}`},
		{422, `{"message":"The given data was invalid.","errors":{}}`},
		{500, `{"error":true,"message":"Server Error"}`},
		{502, `{"error":true,"message":"Bad Gateway"}`},
		{503, `{"error":true,"message":"Service Unavailable"}`},
		{504, `{"error":true,"message":"Gateway Timeout"}`},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			f.srv.FailNext(1, tallyfytest.Failure{Status: tt.status})
			resp, body := f.get(t, orgPath("/runs"), nil)
			want := tt.status
			if want == 0 {
				want = http.StatusInternalServerError
			}
			if resp.StatusCode != want || string(body) != tt.body {
				t.Errorf("got %d %s, want %d %s", resp.StatusCode, body, want, tt.body)
			}
		})
	}
}

func TestFailNext_SendsACustomBodyAndAnyRetryAfterAsGiven(t *testing.T) {
	srv := newServer(t)
	const date = "Wed, 22 May 2024 12:00:30 GMT"
	srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable, RetryAfter: date, Body: []byte(`{"message":"down for maintenance"}`)})
	// A plain client, not the spec checker: the spec (rightly, for the live API) types
	// Retry-After as seconds, and this test sends an HTTP-date on purpose.
	req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, srv.URL+orgPath("/runs"), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != date || string(body) != `{"message":"down for maintenance"}` ||
		resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("got %d, Retry-After %q, headers %v, body %s", resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header, body)
	}
}

func TestFailNext_TakesPrecedenceOverEveryOtherCheck(t *testing.T) {
	f := newFixture(t)
	unauthenticated := func(r *http.Request) { r.Header.Del("Authorization"); r.Header.Del("X-Tallyfy-Client") }
	f.srv.FailNext(3, tallyfytest.Failure{Status: http.StatusBadGateway})
	paths := []string{"/nowhere", orgPath("/runs?per_page=999"), "/organizations/" + tallyfytest.OtherOrgID + "/runs"}
	for _, p := range paths {
		if resp, body := f.get(t, p, unauthenticated); resp.StatusCode != http.StatusBadGateway {
			t.Errorf("GET %s = %d %s, want the injected 502", p, resp.StatusCode, body)
		}
	}
	if n := len(f.srv.Requests()); n != len(paths) {
		t.Errorf("%d requests recorded, want %d", n, len(paths))
	}
	if resp, _ := f.get(t, "/nowhere", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after the failures, GET /nowhere = %d, want 404", resp.StatusCode)
	}
}

func TestFailNext_QueuesFailuresInOrder(t *testing.T) {
	f := newFixture(t)
	f.srv.FailNext(0, tallyfytest.Failure{Status: 500}) // nothing
	f.srv.FailNext(-1, tallyfytest.Failure{Status: 500})
	f.srv.FailNext(2, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
	f.srv.FailNext(1, tallyfytest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	var got []int
	for range 4 {
		resp, _ := f.get(t, orgPath("/runs"), nil)
		got = append(got, resp.StatusCode)
	}
	if want := []int{503, 503, 429, 200}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}

func TestFailOn_AnswersOnlyMatchingRequests(t *testing.T) {
	f := newFixture(t)
	f.srv.FailOn(http.MethodGet, "/organizations/*/runs/*", 2, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
	run := orgPath("/runs/" + tallyfytest.SampleRunID)
	steps := []struct {
		why    string
		path   string
		status int
	}{
		{"one segment short", orgPath("/runs"), 200},
		{"one segment more", run + "/tasks", 200},
		{"another literal segment", orgPath("/checklists/" + tallyfytest.SampleTemplateID), 200},
		{"the query is not matched", run + "?with=tasks", 503},
		{"* matches any segment, before any other check", "/organizations/" + tallyfytest.OtherOrgID + "/runs/" + tallyfytest.CompleteRunID, 503},
		{"both used up", run, 200},
	}
	for _, st := range steps {
		if resp, body := f.get(t, st.path, nil); resp.StatusCode != st.status {
			t.Errorf("%s: GET %s = %d %s, want %d", st.why, st.path, resp.StatusCode, body, st.status)
		}
	}
}

func TestFailOn_MatchesTheMethod(t *testing.T) {
	tests := []struct {
		method string
		fails  bool
	}{
		{"", true},
		{"*", true},
		{"GET", true},
		{"get", true}, // compared without regard to case
		{"POST", false},
	}
	for _, tt := range tests {
		t.Run("method "+tt.method, func(t *testing.T) {
			f := newFixture(t)
			f.srv.FailOn(tt.method, "/organizations/*/runs", 1, tallyfytest.Failure{Status: http.StatusBadGateway})
			resp, _ := f.get(t, orgPath("/runs"), nil)
			if got := resp.StatusCode == http.StatusBadGateway; got != tt.fails {
				t.Errorf("GET answered %d; failure expected: %v", resp.StatusCode, tt.fails)
			}
		})
	}
}

func TestFailOn_ComesAfterFailNextAndInTheOrderAdded(t *testing.T) {
	f := newFixture(t)
	f.srv.FailOn("GET", "/organizations/*/runs", 1, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
	f.srv.FailOn("GET", "/organizations/*/runs", 1, tallyfytest.Failure{Status: http.StatusGatewayTimeout})
	f.srv.FailNext(1, tallyfytest.Failure{Status: http.StatusBadGateway})
	var got []int
	for range 4 {
		resp, _ := f.get(t, orgPath("/runs"), nil)
		got = append(got, resp.StatusCode)
	}
	if want := []int{502, 503, 504, 200}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}

func TestFailOn_IgnoresNonPositiveCountsAndForgetsOnReset(t *testing.T) {
	f := newFixture(t)
	f.srv.FailOn("", "/organizations/*/runs", 0, tallyfytest.Failure{Status: 500})
	f.srv.FailOn("", "/organizations/*/runs", -1, tallyfytest.Failure{Status: 500})
	if resp, _ := f.get(t, orgPath("/runs"), nil); resp.StatusCode != 200 {
		t.Errorf("after FailOn with n <= 0, GET = %d, want 200", resp.StatusCode)
	}
	f.srv.FailOn("", "/organizations/*/runs", 1, tallyfytest.Failure{Status: 500})
	f.srv.Reset()
	if resp, _ := f.get(t, orgPath("/runs"), nil); resp.StatusCode != 200 {
		t.Errorf("after Reset, GET = %d, want 200", resp.StatusCode)
	}
}

func TestFailOn_PanicsOnAPatternThatIsNotAPath(t *testing.T) {
	srv := newServer(t)
	defer func() {
		if recover() == nil {
			t.Error(`FailOn("GET", "runs/*", ...) did not panic`)
		}
	}()
	srv.FailOn("GET", "runs/*", 1, tallyfytest.Failure{})
}

// Failures are added from several goroutines while nothing is served, then many requests race for
// them: exactly as many requests fail as were asked for, and only on the matching path.
func TestFailOn_CountsHoldUnderConcurrency(t *testing.T) {
	srv := newServer(t)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	hc := &http.Client{Transport: transport}
	const adders, each, requests = 5, 2, 40
	var wg sync.WaitGroup
	for range adders {
		wg.Go(func() {
			srv.FailOn("GET", "/organizations/*/runs", each, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
		})
	}
	wg.Wait()
	codes := make(chan int, 2*requests)
	for i := range 2 * requests {
		path := orgPath("/runs")
		if i%2 == 1 {
			path = orgPath("/runs/" + tallyfytest.SampleRunID) // never matches
		}
		wg.Go(func() {
			req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, srv.URL+path, nil)
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
			resp, err := hc.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusServiceUnavailable && i%2 == 1 {
				t.Errorf("GET %s failed; it does not match the pattern", path)
			}
			codes <- resp.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	failed := 0
	for c := range codes {
		if c == http.StatusServiceUnavailable {
			failed++
		}
	}
	if failed != adders*each {
		t.Errorf("%d requests failed, want %d", failed, adders*each)
	}
}
