package tallyfy

import (
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRetry_AttemptsPerStatus(t *testing.T) {
	cases := []struct {
		status   int
		attempts int32
		sentinel error
	}{
		{429, 5, ErrRateLimited},
		{502, 5, ErrServer},
		{503, 5, ErrServer},
		{504, 5, ErrServer},
		{500, 5, ErrServer},
		{501, 1, ErrServer},
		{400, 1, ErrValidation},
		{401, 1, ErrUnauthorized},
		{403, 1, ErrForbidden},
		{404, 1, ErrNotFound},
		{409, 1, nil},
		{422, 1, ErrValidation},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, tc.status, `{"error":true,"message":"nope `+strconv.Itoa(tc.status)+`"}`)
			})
			c, waits := newTestClient(t, srv.Server)
			_, err := c.GetRun(context.Background(), runID, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
				t.Fatalf("err = %v, want *APIError with status %d", err, tc.status)
			}
			if got := srv.hits.Load(); got != tc.attempts {
				t.Errorf("attempts = %d, want %d", got, tc.attempts)
			}
			if len(*waits) != int(tc.attempts-1) {
				t.Errorf("waits = %v", *waits)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.sentinel)
			}
			if apiErr.Message != "nope "+strconv.Itoa(tc.status) {
				t.Errorf("message = %q: the last response's body must be kept", apiErr.Message)
			}
		})
	}
}

func TestRetry_RecoversAfterTransientFailures(t *testing.T) {
	srv := newRecorder(t, nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if srv.hits.Add(1) <= 2 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			return
		}
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	c, waits := newTestClient(t, srv.Server)
	run, err := c.GetRun(context.Background(), runID, nil)
	if err != nil || run.ID != runID {
		t.Fatalf("run, err = %v, %v", run, err)
	}
	if len(*waits) != 2 || (*waits)[0] != time.Second || (*waits)[1] != time.Second {
		t.Errorf("waits = %v, want [1s 1s] from Retry-After", *waits)
	}
}

func TestRetry_RetryAfterFormsAndCap(t *testing.T) {
	date := time.Now().Add(20 * time.Second).UTC().Format(http.TimeFormat)
	cases := []struct {
		name, header string
		maxDelay     time.Duration
		min, max     time.Duration
	}{
		{"seconds", "7", time.Minute, 7 * time.Second, 7 * time.Second},
		{"fractional seconds", "1.5", time.Minute, 1500 * time.Millisecond, 1500 * time.Millisecond},
		{"HTTP-date", date, time.Minute, 17 * time.Second, 20 * time.Second},
		{"capped", "3600", 30 * time.Second, 30 * time.Second, 30 * time.Second},
		{"capped by option", "20", 2 * time.Second, 2 * time.Second, 2 * time.Second},
		{"absent uses backoff", "", time.Minute, 375 * time.Millisecond, 500 * time.Millisecond},
		{"garbage uses backoff", "soon", time.Minute, 375 * time.Millisecond, 500 * time.Millisecond},
		{"negative uses backoff", "-5", time.Minute, 375 * time.Millisecond, 500 * time.Millisecond},
		{"past date uses backoff", "Mon, 01 Jan 2001 00:00:00 GMT", time.Minute, 375 * time.Millisecond, 500 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				writeJSON(w, 429, `{"message":"slow down"}`)
			})
			c, waits := newTestClient(t, srv.Server, WithMaxRetries(1), WithMaxRetryDelay(tc.maxDelay))
			_, err := c.GetRun(context.Background(), runID, nil)
			if !errors.Is(err, ErrRateLimited) {
				t.Fatalf("err = %v", err)
			}
			if len(*waits) != 1 || (*waits)[0] < tc.min || (*waits)[0] > tc.max {
				t.Errorf("wait = %v, want between %v and %v", *waits, tc.min, tc.max)
			}
		})
	}
}

func TestRetry_BackoffGrowsExponentiallyWithJitter(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{}`) })
	c, waits := newTestClient(t, srv.Server, WithMaxRetries(6), WithMaxRetryDelay(5*time.Second))
	_, _ = c.GetRun(context.Background(), runID, nil)
	slots := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if len(*waits) != len(slots) {
		t.Fatalf("waits = %v", *waits)
	}
	for i, w := range *waits {
		if w < slots[i]*3/4 || w > slots[i] {
			t.Errorf("wait %d = %v, want within 75–100%% of %v", i, w, slots[i])
		}
	}
}

func TestRetry_APIErrorCarriesRetryAfterAndRequestID(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "12")
		w.Header().Set("X-Request-Id", "req-42")
		writeJSON(w, 429, `{"message":"You've reached the hourly limit","code":"RATE_LIMIT_EXCEEDED"}`)
	})
	c, _ := newTestClient(t, srv.Server, WithMaxRetries(0))
	_, err := c.GetRun(context.Background(), runID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	if apiErr.RetryAfter != 12*time.Second || apiErr.RequestID != "req-42" || apiErr.Code != "RATE_LIMIT_EXCEEDED" {
		t.Errorf("APIError = %+v", apiErr)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("WithMaxRetries(0) made %d attempts", srv.hits.Load())
	}
}

func TestRetry_ConnectionErrorsAreRetriedForGET(t *testing.T) {
	srv := newRecorder(t, nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if srv.hits.Add(1) == 1 {
			// Reset the connection before any header is written.
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
			return
		}
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	c, waits := newTestClient(t, srv.Server)
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if srv.hits.Load() != 2 || len(*waits) != 1 {
		t.Errorf("attempts = %d, waits = %v", srv.hits.Load(), *waits)
	}
}

func TestRetry_CancelDuringBackoffReturnsPromptly(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, `{}`)
	})
	c, err := NewClient(WithBaseURL(srv.URL), WithToken(testToken), WithOrganization(testOrg))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel as soon as the first attempt has been answered: the client is
	// then in its 30 s wait.
	retryLayer(c).wait = func(wctx context.Context, d time.Duration) error {
		cancel()
		return sleepContext(wctx, d)
	}
	start := time.Now()
	_, err = c.GetRun(ctx, runID, nil)
	// The server's answer is the error, and it says the call was cancelled.
	var apiErr *APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RetryAfter != 30*time.Second {
		t.Fatalf("err = %v, want the 429 wrapping context.Canceled", err)
	}
	// A generous bound that still proves the 30 s wait was abandoned.
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("returned after %v", elapsed)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("attempts = %d, want 1", srv.hits.Load())
	}
	// Nothing the call started outlives it.
	c.CloseIdleConnections()
	srv.CloseClientConnections()
	waitForGoroutines(t, before)
}

func TestRetry_PerAttemptTimeoutThenSuccess(t *testing.T) {
	release := make(chan struct{})
	srv := newRecorder(t, nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if srv.hits.Add(1) == 1 {
			select { // hang until the client gives up on this attempt
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	defer close(release)
	c, _ := newTestClient(t, srv.Server, WithRequestTimeout(50*time.Millisecond))
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if srv.hits.Load() != 2 {
		t.Errorf("attempts = %d, want 2", srv.hits.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"5":                             5 * time.Second,
		" 5 ":                           5 * time.Second,
		"0.25":                          250 * time.Millisecond,
		"-1":                            0,
		"NaN":                           0,
		"Inf":                           0,
		"1e300":                         24 * time.Hour,
		"abc":                           0,
		"Sat, 28 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"Sat, 28 Nov 2026 11:00:00 GMT": 0,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestRetry_DeadlineDuringTheWaitReturnsTheLastAnswer(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0.1")
		w.Header().Set("X-Request-Id", "req-5")
		writeJSON(w, 429, `{"message":"Too Many Attempts.","code":"RATE_LIMIT_EXCEEDED"}`)
	})
	c, _ := newTestClient(t, srv.Server)
	// The wait outlasts the deadline (without sleeping: it ends with it).
	retryLayer(c).wait = func(ctx context.Context, d time.Duration) error {
		<-ctx.Done()
		return context.Cause(ctx)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.GetRun(ctx, runID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) || !errors.Is(err, context.DeadlineExceeded) ||
		apiErr.RetryAfter != 100*time.Millisecond || apiErr.RequestID != "req-5" || apiErr.Code != "RATE_LIMIT_EXCEEDED" {
		t.Fatalf("err = %v, want the 429 wrapping context.DeadlineExceeded", err)
	}
	if !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Errorf("Error() = %q: want it to say the deadline ended the call", err)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("attempts = %d, want 1", srv.hits.Load())
	}
}

func TestRetry_WaitBeyondTheDeadlineReturnsTheAnswer(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "20")
		w.Header().Set("X-Request-Id", "req-9")
		writeJSON(w, 429, `{"message":"Too Many Attempts.","code":"RATE_LIMIT_EXCEEDED"}`)
	})
	c, waits := newTestClient(t, srv.Server)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetRun(ctx, runID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 20*time.Second || apiErr.RequestID != "req-9" {
		t.Fatalf("err = %v, want the 429 itself", err)
	}
	if srv.hits.Load() != 1 || len(*waits) != 0 {
		t.Errorf("attempts = %d, waits = %v: no wait the deadline cannot outlast", srv.hits.Load(), *waits)
	}
}
