package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestOneClientSharedBy64Goroutines mixes successes, retried 429s and
// cancellations on one client under -race, then checks that connections
// were reused and no goroutine outlived the calls.
func TestOneClientSharedBy64Goroutines(t *testing.T) {
	body := fixture(t, "getRun.200.minimal.json")
	var n, conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%5 == 0 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			return
		}
		writeJSON(w, 200, body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	before := runtime.NumGoroutine()
	// Every 5th request is a 429: ten retries make a call's failing every
	// attempt vanishingly unlikely, so a failure here is a real bug.
	c, _ := newTestClient(t, srv, WithMaxRetries(10))

	const workers, calls = 64, 20
	// Phase 1: no cancellations. At most one connection per goroutine: the
	// transport keeps every connection it opens idle for reuse and opens no
	// more than maxConnsPerHost (the default transport, keeping 2 idle per
	// host, opens thousands here; BENCHMARKS.md, P4).
	if failures := hammer(c, workers, calls, 0); len(failures) > 0 {
		t.Fatalf("%d failures, first: %v", len(failures), failures[0])
	}
	if conns.Load() > maxConnsPerHost {
		t.Errorf("%d connections for %d goroutines: connections are not reused", conns.Load(), workers)
	}
	// Phase 2: every 7th call is cancelled before or while it runs; those
	// end with context.Canceled and nothing else fails.
	if failures := hammer(c, workers, calls, 7); len(failures) > 0 {
		t.Fatalf("%d failures, first: %v", len(failures), failures[0])
	}
	c.CloseIdleConnections()
	srv.CloseClientConnections()
	waitForGoroutines(t, before)
}

// hammer runs workers×calls GetRun calls on c; with cancelEvery > 0 some
// contexts are cancelled. It returns the calls that ended wrongly.
func hammer(c *Client, workers, calls, cancelEvery int) []error {
	var mu sync.Mutex
	var failures []error
	var cancelled atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range calls {
				ctx, cancel := context.WithCancel(context.Background())
				abandon := cancelEvery > 0 && (w+i)%cancelEvery == 0
				if abandon {
					go cancel()
				}
				run, err := c.GetRun(ctx, runID, nil)
				cancel()
				if abandon && errors.Is(err, context.Canceled) {
					cancelled.Add(1)
					continue
				}
				if err != nil || run.ID != runID {
					mu.Lock()
					failures = append(failures, fmt.Errorf("worker %d call %d: %v", w, i, err))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if cancelEvery > 0 && cancelled.Load() == 0 {
		failures = append(failures, errors.New("no call was cancelled"))
	}
	return failures
}
