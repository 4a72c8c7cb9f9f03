package main

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/tallyfy-go/sdk/tallyfytest"
)

func TestFailGate_FailureNeverReachesARequestInFlight(t *testing.T) {
	// FailNext fails whichever request the fake serves next. Request A (not
	// matched) is held on its way into the fake while B (matched) arrives;
	// if B could queue its failure then, A would take it.
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	inA, releaseA, doneA, inB := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
	g := &failGate{srv: srv, rules: failRules{{method: http.MethodGet, path: "/organizations/*/runs/*", count: 1,
		failure: tallyfytest.Failure{Status: http.StatusServiceUnavailable}}}}
	g.next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == runsPath { // A
			close(inA)
			<-releaseA
			srv.Handler().ServeHTTP(w, r)
			close(doneA)
			return
		}
		close(inB) // B: served once A is
		<-doneA
		srv.Handler().ServeHTTP(w, r)
	})
	serve := func(path string) <-chan int {
		status := make(chan int, 1)
		go func() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
			rec := httptest.NewRecorder()
			g.ServeHTTP(rec, req)
			status <- rec.Code
		}()
		return status
	}
	a := serve(runsPath)
	<-inA
	b := serve(runPath)
	// Go on once B is on its way into the fake, or waits to be: a writer
	// waiting on g.mu makes TryRLock fail.
	for waiting := false; !waiting; runtime.Gosched() {
		select {
		case <-inB:
			waiting = true
		default:
			if waiting = !g.mu.TryRLock(); !waiting {
				g.mu.RUnlock()
			}
		}
	}
	close(releaseA)
	if got := <-a; got != http.StatusOK {
		t.Errorf("the unmatched request answered %d, want 200: it took the matched one's failure", got)
	}
	if got := <-b; got != http.StatusServiceUnavailable {
		t.Errorf("the matched request answered %d, want 503", got)
	}
}
