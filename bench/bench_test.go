package bench

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/bench/ogenclient"
	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// Every benchmark names its anchors with an impl= sub-benchmark so that benchstat can put them
// side by side (`-col /impl`); the goals in BENCHMARKS.md are ratios between columns of one run.
// Benchmarks assert correctness (the right run, every item exactly once), never timings.

// cpuMeter reports cpu-ns/op, the CPU time the process used per op (cpuTime), beside the
// wall-clock time: on a shared machine the CPU time of the same work varies far less.
type cpuMeter struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuMeter {
	start, ok := cpuTime()
	return cpuMeter{start, ok}
}

func (m cpuMeter) report(b *testing.B) {
	if end, ok := cpuTime(); ok && m.ok && b.N > 0 {
		b.ReportMetric(float64(end-m.start)/float64(b.N), "cpu-ns/op")
	}
}

// getRunFunc fetches RunID and returns the id it got back.
type getRunFunc func(ctx context.Context) (string, error)

// getRunImpls are the clients of P1 and P4, each with its own transport.
func getRunImpls(tb testing.TB, baseURL string) []struct {
	name string
	new  func() (getRunFunc, func())
} {
	rawWith := func(t *http.Transport) func() (getRunFunc, func()) {
		return func() (getRunFunc, func()) {
			c := raw{hc: &http.Client{Transport: t}, baseURL: baseURL}
			return func(ctx context.Context) (string, error) {
				r, err := c.GetRun(ctx, RunID)
				if err != nil {
					return "", err
				}
				return r.ID, nil
			}, t.CloseIdleConnections
		}
	}
	return []struct {
		name string
		new  func() (getRunFunc, func())
	}{
		{"raw", func() (getRunFunc, func()) { return rawWith(tunedTransport())() }},
		{"sdk", func() (getRunFunc, func()) {
			c := newSDK(tb, baseURL)
			return func(ctx context.Context) (string, error) {
				r, err := c.GetRun(ctx, RunID, nil)
				if err != nil {
					return "", err
				}
				return r.ID, nil
			}, c.CloseIdleConnections
		}},
		{"ogen", func() (getRunFunc, func()) {
			t := tunedTransport()
			c := newOgen(tb, baseURL, &http.Client{Transport: t})
			return func(ctx context.Context) (string, error) {
				r, err := ogenGetRun(ctx, c, RunID)
				if err != nil {
					return "", err
				}
				return string(r.ID), nil
			}, t.CloseIdleConnections
		}},
		{"raw-default-transport", func() (getRunFunc, func()) { return rawWith(defaultTransport())() }},
		{"sdk-default-transport", func() (getRunFunc, func()) {
			t := defaultTransport()
			c := newSDK(tb, baseURL, tallyfy.WithHTTPClient(&http.Client{Transport: t}))
			return func(ctx context.Context) (string, error) {
				r, err := c.GetRun(ctx, RunID, nil)
				if err != nil {
					return "", err
				}
				return r.ID, nil
			}, c.CloseIdleConnections
		}},
	}
}

// BenchmarkP1 is one GetRun of a small run (no includes, about 1.3 KB) over loopback, one call
// at a time. Goal: sdk ≤ 1.05× raw time/op and ≤ 1.2× raw allocs/op.
func BenchmarkP1(b *testing.B) {
	srv := newServer(b, fixedBody(SmallRunBody()))
	ctx := context.Background()
	for _, impl := range getRunImpls(b, srv.URL)[:3] {
		b.Run("impl="+impl.name, func(b *testing.B) {
			get, closeIdle := impl.new()
			defer closeIdle()
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				id, err := get(ctx)
				if err != nil || id != RunID {
					b.Fatalf("GetRun = %q, %v", id, err)
				}
			}
			cpu.report(b)
		})
	}
}

// BenchmarkP2 decodes a 2 MB run (1,000 tasks with form fields and values, and includes)
// through each client's public path, served by an in-memory RoundTripper: no network, the
// same work around the decoder for all three. Goal: sdk MB/s ≥ 1.0× ogen and ≥ 2× raw
// (encoding/json).
func BenchmarkP2(b *testing.B) {
	body := BigRunBody()
	ctx := context.Background()
	const base = "http://127.0.0.1:1" // never dialled: the transport answers in memory
	hc := &http.Client{Transport: memTransport{body}}
	impls := []struct {
		name string
		get  func() (tasks int, err error)
	}{
		{"raw", func() (int, error) {
			r, err := raw{hc: hc, baseURL: base}.GetRun(ctx, RunID)
			if err != nil {
				return 0, err
			}
			return len(r.Tasks), nil
		}},
		{"sdk", func() func() (int, error) {
			c := newSDK(b, base, tallyfy.WithHTTPClient(hc))
			return func() (int, error) {
				r, err := c.GetRun(ctx, RunID, nil)
				if err != nil {
					return 0, err
				}
				return len(r.Tasks), nil
			}
		}()},
		{"ogen", func() func() (int, error) {
			c := newOgen(b, base, hc)
			return func() (int, error) {
				r, err := ogenGetRun(ctx, c, RunID)
				if err != nil {
					return 0, err
				}
				return len(r.Tasks.Value.Data), nil
			}
		}()},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if n, err := impl.get(); err != nil || n != 1000 {
					b.Fatalf("GetRun: %d tasks, %v", n, err)
				}
			}
			cpu.report(b)
		})
	}
}

// P3: 10,000 runs, 100 per page, each page answered after 2 ms.
const (
	p3Runs    = 10_000
	p3PerPage = 100
	p3Latency = 2 * time.Millisecond
	// p3Prefetch is the window of the prefetching iterator: enough pages in flight to hide the
	// latency behind decoding on a small machine.
	p3Prefetch = 4
	// p3SampleEvery is how many items pass between two retained-heap samples.
	p3SampleEvery = 1000
)

// listFunc iterates over every run of the list, calling visit with each run's increment_id;
// visit returns false to stop.
type listFunc func(ctx context.Context, visit func(incrementID int) bool) error

// sdkList is ListRuns, 100 per page, with the client's defaults.
func sdkList(c *tallyfy.Client) listFunc {
	return func(ctx context.Context, visit func(int) bool) error {
		for run, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{PerPage: p3PerPage}) {
			if err != nil {
				return err
			}
			if !visit(run.IncrementID) {
				return nil
			}
		}
		return nil
	}
}

// rawSequential is the floor: one page at a time, as a careful user writes it by hand.
func rawSequential(r raw) listFunc {
	return func(ctx context.Context, visit func(int) bool) error {
		for n := 1; ; n++ {
			page, err := r.ListRunsPage(ctx, n, p3PerPage)
			if err != nil {
				return err
			}
			for i := range page.Data {
				if !visit(page.Data[i].IncrementID) {
					return nil
				}
			}
			if page.Meta.Pagination.CurrentPage >= page.Meta.Pagination.TotalPages {
				return nil
			}
		}
	}
}

// ogenList pages with ogen's client the way rawSequential does.
func ogenList(c *ogenclient.Client) listFunc {
	return func(ctx context.Context, visit func(int) bool) error {
		for n := 1; ; n++ {
			page, err := ogenListRunsPage(ctx, c, n, p3PerPage)
			if err != nil {
				return err
			}
			for i := range page.Data {
				if !visit(page.Data[i].IncrementID) {
					return nil
				}
			}
			if page.Meta.Pagination.CurrentPage >= page.Meta.Pagination.TotalPages {
				return nil
			}
		}
	}
}

func p3Impls(tb testing.TB, baseURL string) []struct {
	name string
	list listFunc
} {
	r := raw{hc: &http.Client{Transport: tunedTransport()}, baseURL: baseURL}
	return []struct {
		name string
		list listFunc
	}{
		{"raw-sequential", rawSequential(r)},
		// The contrast for memory: collect every page, then visit, the O(list) way.
		{"raw-collect-all", func(ctx context.Context, visit func(int) bool) error {
			var all []gen.Run
			for n := 1; ; n++ {
				page, err := r.ListRunsPage(ctx, n, p3PerPage)
				if err != nil {
					return err
				}
				all = append(all, page.Data...)
				if page.Meta.Pagination.CurrentPage >= page.Meta.Pagination.TotalPages {
					break
				}
			}
			for i := range all {
				if !visit(all[i].IncrementID) {
					return nil
				}
			}
			return nil
		}},
		{"sdk-sequential", sdkList(newSDK(tb, baseURL))},
		{"sdk-prefetch", sdkList(newSDK(tb, baseURL, tallyfy.WithPrefetch(p3Prefetch)))},
	}
}

// checkAll runs list once and fails unless it visited every one of total runs exactly once, in
// order. Fixture run n has IncrementID 1000+n.
func checkAll(ctx context.Context, list listFunc, total int, sample func(i int)) error {
	next := 0
	var bad error
	err := list(ctx, func(incrementID int) bool {
		if incrementID != 1000+next {
			bad = errOrder(next, incrementID-1000)
			return false
		}
		if sample != nil && next%p3SampleEvery == p3SampleEvery/2 {
			sample(next)
		}
		next++
		return true
	})
	if err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	if next != total {
		return errCount(next, total)
	}
	return nil
}

// liveHeap is the heap in use by reachable objects. Two collections: the first moves what
// sync.Pools hold (encoding/json's encode buffers, the SDK decoder's input copies) to their
// victim caches, the second frees it, so caches do not count as data kept alive.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// retainedHeap runs list once, untimed, and returns the most heap it kept alive beyond what was
// live before, sampled (after a full GC) every p3SampleEvery items.
func retainedHeap(ctx context.Context, list listFunc, total int) (uint64, error) {
	before := liveHeap()
	var peak uint64
	err := checkAll(ctx, list, total, func(int) {
		if h := liveHeap(); h > before && h-before > peak {
			peak = h - before
		}
	})
	return peak, err
}

// onePage is the unit of "O(one page)": the heap one fetched page occupies while it is
// decoded, its body plus its decoded runs.
func onePage(body []byte) uint64 { return uint64(len(body)) + decodedPageHeap(body) }

// decodedPageHeap is the live heap of one decoded page of runs.
func decodedPageHeap(body []byte) uint64 {
	before := liveHeap()
	var page gen.RunList
	if err := jsonUnmarshalStd(body, &page); err != nil {
		panic(err)
	}
	after := liveHeap()
	runtime.KeepAlive(&page)
	return after - before
}

// BenchmarkP3 pages through 10,000 runs (100 per page, 2 ms server latency). Goals: the heap an
// iteration keeps alive is O(one page), reported as retained-MB and as pages-retained (retained
// heap over the heap of one page: its body plus its decoded runs), measured in one untimed pass with a full GC every 1,000 items;
// sdk-prefetch ≥ 2× faster than sdk-sequential; no item lost or repeated (checked every pass).
func BenchmarkP3(b *testing.B) {
	total := p3Runs
	if testing.Short() {
		total = p3Runs / 10 // make bench-smoke: the same code, less of it
	}
	pages := PageBodies(p3PerPage, total)
	srv := newServer(b, pagedBodies(pages, p3Latency))
	ctx := context.Background()
	page := onePage(pages[0])
	for _, impl := range p3Impls(b, srv.URL) {
		b.Run("impl="+impl.name, func(b *testing.B) {
			retained, err := retainedHeap(ctx, impl.list, total)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			for b.Loop() {
				if err := checkAll(ctx, impl.list, total, nil); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
			b.ReportMetric(float64(retained)/(1<<20), "retained-MB")
			b.ReportMetric(float64(retained)/float64(page), "pages-retained")
		})
	}
}

// BenchmarkP5 pages through 10,000 runs (100 pages of 100, 128 KB each) over loopback with no
// simulated latency, one page at a time: what paging itself costs, request, read and decode.
// Goals: sdk runs/s ≥ 1.0× ogen's; the heap the SDK keeps alive is O(one page) (measured as in
// P3). raw-sequential is the floor (net/http and encoding/json by hand).
func BenchmarkP5(b *testing.B) {
	total := p3Runs
	if testing.Short() {
		total = p3Runs / 10 // make bench-smoke: the same code, less of it
	}
	pages := PageBodies(p3PerPage, total)
	srv := newServer(b, pagedBodies(pages, 0))
	ctx := context.Background()
	page := onePage(pages[0])
	for _, impl := range p5Impls(b, srv.URL) {
		b.Run("impl="+impl.name, func(b *testing.B) {
			retained, err := retainedHeap(ctx, impl.list, total)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			for b.Loop() {
				if err := checkAll(ctx, impl.list, total, nil); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
			b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "runs/s")
			b.ReportMetric(float64(retained)/(1<<20), "retained-MB")
			b.ReportMetric(float64(retained)/float64(page), "pages-retained")
		})
	}
}

// p5Impls are the clients of P5, each with its own transport, paging one page at a time.
func p5Impls(tb testing.TB, baseURL string) []struct {
	name string
	list listFunc
} {
	return []struct {
		name string
		list listFunc
	}{
		{"raw-sequential", rawSequential(raw{hc: &http.Client{Transport: tunedTransport()}, baseURL: baseURL})},
		{"sdk", sdkList(newSDK(tb, baseURL))},
		{"ogen", ogenList(newOgen(tb, baseURL, &http.Client{Transport: tunedTransport()}))},
	}
}

// p4Calls GetRun calls are shared by p4Workers goroutines using one client.
const (
	p4Calls   = 20_000
	p4Workers = 64
)

// BenchmarkP4 is 64 goroutines sharing one client for 20,000 GetRun calls over loopback. One op
// is the whole batch, with a new client (and so new connections) each time. Goal: sdk ≥ 0.95×
// raw throughput (raw with a transport tuned for many goroutines, as the SDK's default is);
// conns, the TCP connections opened per batch, ≤ 64. The *-default-transport rows show what
// Go's default transport (2 idle connections per host) does to the same load.
func BenchmarkP4(b *testing.B) {
	calls := p4Calls
	if testing.Short() {
		calls = p4Calls / 10 // make bench-smoke: the same code, less of it
	}
	srv := newServer(b, fixedBody(SmallRunBody()))
	ctx := context.Background()
	for _, impl := range getRunImpls(b, srv.URL) {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			var conns int64
			ops := 0
			cpu := startCPU()
			for b.Loop() {
				before := srv.conns.Load()
				if err := p4Batch(ctx, impl.new, calls); err != nil {
					b.Fatal(err)
				}
				conns += srv.conns.Load() - before
				ops++
			}
			cpu.report(b)
			b.ReportMetric(float64(conns)/float64(ops), "conns")
			b.ReportMetric(float64(calls)*float64(ops)/b.Elapsed().Seconds(), "calls/s")
		})
	}
}

// p4Batch makes calls calls from p4Workers goroutines sharing one new client.
func p4Batch(ctx context.Context, newClient func() (getRunFunc, func()), calls int) error {
	get, closeIdle := newClient()
	defer closeIdle()
	var (
		left    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		failed  error
	)
	left.Store(int64(calls))
	for range p4Workers {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				id, err := get(ctx)
				if err == nil && id != RunID {
					err = errWrongRun(id)
				}
				if err != nil {
					errOnce.Do(func() { failed = err })
					return
				}
			}
		})
	}
	wg.Wait()
	return failed
}
