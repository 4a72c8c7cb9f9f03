package tallyfy

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingTransport counts attempts that reach the network.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// A fault is a misbehaving server and what the client must make of it.
type fault struct {
	name    string
	handler http.HandlerFunc
	// addr, when set, replaces the server (e.g. a port nobody listens on).
	addr     string
	opts     []Option
	ctxLimit time.Duration // a deadline on the caller's context, 0 = none
	// want: the error class (nil = success), attempts that reached the
	// network, and an upper bound on the elapsed time.
	want     error
	wantErr  func(error) bool
	attempts int32
	within   time.Duration
	// waits checks the backoff the client chose (recorded, not slept).
	waits func([]time.Duration) bool
	// errorBodyTimeout, when set, replaces the 2 s bound on reading an
	// error body.
	errorBodyTimeout time.Duration
}

func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeJSON(w, code, `{"error":true,"message":"status `+strconv.Itoa(code)+`","code":"C`+strconv.Itoa(code)+`"}`)
	}
}

func body(contentType, b string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(b))
	}
}

func allEqual(d time.Duration) func([]time.Duration) bool {
	return func(ws []time.Duration) bool {
		for _, w := range ws {
			if w != d {
				return false
			}
		}
		return len(ws) > 0
	}
}

// stalledError answers status with Retry-After retryAfter and the start of
// a JSON body, then sends nothing more until the client hangs up.
func stalledError(status int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", retryAfter)
		w.Header().Set("X-Request-Id", "req-stalled")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"message":"stalled`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
}

// thenStall answers the first request with first and stalls every later one
// with stall.
func thenStall(first, stall http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first(w, r)
			return
		}
		stall(w, r)
	}
}

// theAnswer matches the *APIError of a given status and message that also
// wraps the caller's context error (nil: wraps none).
func theAnswer(status int, message string, ctxErr error) func(error) bool {
	return func(err error) bool {
		var e *APIError
		return errors.As(err, &e) && e.StatusCode == status && e.Message == message &&
			(ctxErr == nil || errors.Is(err, ctxErr)) && (status != 429 || e.RetryAfter > 0)
	}
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "connection refused")
}

// TestFaultMatrix runs the client against misbehaving servers. For each it
// checks the error class, the attempts, an elapsed-time bound, and that the
// token is in no log line and no error string.
func TestFaultMatrix(t *testing.T) {
	minimal := func(t *testing.T) string { return fixture(t, "getRun.200.minimal.json") }
	// Status codes and Retry-After forms have tests of their own
	// (TestRetry_AttemptsPerStatus, TestRetry_RetryAfterFormsAndCap); the
	// matrix is for servers that misbehave.
	faults := []fault{
		{name: "connection refused", addr: "127.0.0.1:1", wantErr: isNetErr, attempts: 5},
		{name: "reset before headers", handler: func(w http.ResponseWriter, r *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}, wantErr: isNetErr, attempts: 5},
		{name: "reset mid-body", handler: func(w http.ResponseWriter, r *http.Request) {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"data\":{\"id\":")
			_ = buf.Flush()
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}, wantErr: isNetErr, attempts: 1},
		{name: "never answers headers (per-attempt timeout)", handler: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			opts: []Option{WithRequestTimeout(50 * time.Millisecond)}, want: context.DeadlineExceeded, attempts: 5, within: 5 * time.Second},
		{name: "slow-drip body hits the caller's deadline", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"data":`))
			for {
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(10 * time.Millisecond):
					_, _ = w.Write([]byte(" "))
				}
			}
		}, ctxLimit: 200 * time.Millisecond, want: context.DeadlineExceeded, attempts: 1, within: 5 * time.Second},
		// A slow error body must neither spend the caller's deadline nor
		// hide the answer: it is read for a bounded time, and when the
		// caller's context ends the last answer is the error (wrapping the
		// context's error too).
		{name: "429 body stalls past the caller's deadline", handler: stalledError(429, "1"),
			ctxLimit: 300 * time.Millisecond, wantErr: theAnswer(429, "stalled…", context.DeadlineExceeded), attempts: 1, within: 2 * time.Second},
		{name: "429, then the next answer never comes", handler: thenStall(status(429, "Retry-After", "0.1"), func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }),
			ctxLimit: 300 * time.Millisecond, wantErr: theAnswer(429, "status 429", context.DeadlineExceeded), attempts: 2, within: 2 * time.Second},
		{name: "429, then the next body stalls", handler: thenStall(status(429, "Retry-After", "0.1"), stalledError(429, "0.1")),
			ctxLimit: 300 * time.Millisecond, wantErr: theAnswer(429, "stalled…", context.DeadlineExceeded), attempts: 2, within: 2 * time.Second},
		{name: "503 body stalls: cut after the time bound", handler: stalledError(503, "1"), errorBodyTimeout: 20 * time.Millisecond,
			opts: []Option{WithRequestTimeout(2 * time.Second)}, wantErr: theAnswer(503, "stalled…", nil), attempts: 5, waits: allEqual(time.Second), within: 2 * time.Second},
		{name: "truncated JSON", handler: body("application/json", `{"data":{"id":"3f2a`), want: ErrInvalidResponse, attempts: 1},
		{name: "invalid JSON", handler: body("application/json", `{"data":{"id":}}`), want: ErrInvalidResponse, attempts: 1},
		{name: "HTML page with 200", handler: body("text/html; charset=utf-8", `<!doctype html><title>Maintenance</title>`), want: ErrInvalidResponse, attempts: 1},
		{name: "wrong Content-Type", handler: func(w http.ResponseWriter, r *http.Request) { body("application/xml", minimal(t))(w, r) }, want: ErrInvalidResponse, attempts: 1},
		{name: "empty 200", handler: body("application/json", ``), want: ErrInvalidResponse, attempts: 1},
		{name: "data null", handler: body("application/json", `{"data":null}`), want: ErrInvalidResponse, attempts: 1},
		{name: "body over the size cap", handler: body("application/json", `{"data":{"name":"`+strings.Repeat("x", 2048)+`"}}`),
			opts: []Option{WithMaxResponseBytes(1024)}, want: ErrResponseTooLarge, attempts: 1},
		{name: "gzip bomb", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = zw.Write(bytes.Repeat([]byte(" "), 8<<20))
			_ = zw.Close()
		}, opts: []Option{WithMaxResponseBytes(1 << 20)}, want: ErrResponseTooLarge, attempts: 1},
		{name: "redirect loop", handler: func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) },
			wantErr: func(err error) bool { return strings.Contains(err.Error(), "stopped after 5 redirects") }, attempts: 5},
		{name: "302 without Location", handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusFound) },
			wantErr: func(err error) bool { var e *APIError; return errors.As(err, &e) && e.StatusCode == 302 }, attempts: 1},
		{name: "304 to a plain GET", handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) },
			wantErr: func(err error) bool { var e *APIError; return errors.As(err, &e) && e.StatusCode == 304 }, attempts: 1},
		{name: "103 Early Hints before 200", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</style.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			writeJSON(w, 200, minimal(t))
		}, attempts: 1},
		{name: "Connection: close after every response", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Connection", "close")
			writeJSON(w, 200, minimal(t))
		}, attempts: 1},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			base := "http://" + f.addr
			if f.addr == "" {
				srv := httptest.NewServer(f.handler)
				t.Cleanup(srv.Close)
				base = srv.URL
			}
			var logs bytes.Buffer
			counter := &countingTransport{next: defaultBaseTransport()}
			opts := append([]Option{
				WithBaseURL(base), WithToken(testToken), WithOrganization(testOrg),
				WithHTTPClient(&http.Client{Transport: counter}),
				WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			}, f.opts...)
			c, err := NewClient(opts...)
			if err != nil {
				t.Fatal(err)
			}
			var waits []time.Duration
			retryLayer(c).wait = func(ctx context.Context, d time.Duration) error {
				waits = append(waits, d)
				return ctx.Err()
			}
			if f.errorBodyTimeout > 0 {
				retryLayer(c).errorBodyTimeout = f.errorBodyTimeout
			}
			ctx := context.Background()
			if f.ctxLimit > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, f.ctxLimit)
				defer cancel()
			}
			// A hang guard, generous so that a loaded CI machine does not
			// trip it; rows about deadlines set a tighter one.
			within := f.within
			if within == 0 {
				within = 20 * time.Second
			}

			start := time.Now()
			run, err := c.GetRun(ctx, runID, nil)
			elapsed := time.Since(start)

			switch {
			case f.want == nil && f.wantErr == nil:
				if err != nil || run == nil {
					t.Fatalf("run, err = %v, %v; want success", run, err)
				}
				// The client recovers: a second call works as well.
				if _, err := c.GetRun(ctx, runID, nil); err != nil {
					t.Fatalf("second call: %v", err)
				}
				f.attempts *= 2
			case f.wantErr != nil:
				if err == nil || !f.wantErr(err) {
					t.Fatalf("err = %v", err)
				}
			default:
				if !errors.Is(err, f.want) {
					t.Fatalf("err = %v, want %v", err, f.want)
				}
			}
			if err != nil && run != nil {
				t.Error("half-decoded data returned with an error")
			}
			if got := counter.n.Load(); got != f.attempts {
				t.Errorf("attempts = %d, want %d", got, f.attempts)
			}
			if elapsed > within {
				t.Errorf("took %v, want at most %v", elapsed, within)
			}
			if f.waits != nil && !f.waits(waits) {
				t.Errorf("waits = %v", waits)
			}
			if strings.Contains(logs.String(), testToken) || (err != nil && strings.Contains(err.Error(), testToken)) {
				t.Errorf("token leaked:\nerr: %v\nlogs: %s", err, logs.String())
			}
		})
	}
	if len(faults) < 20 {
		t.Fatalf("the matrix has %d cases, want at least 20", len(faults))
	}
}
