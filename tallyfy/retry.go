package tallyfy

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff when the server gives no Retry-After: 500 ms doubling up to 8 s,
// the schedule of Tallyfy's own CLI client.
const (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 8 * time.Second
)

// retryTransport retries an exchange that the server or the network says may
// succeed later. It sits inside the header layer, so every attempt carries the
// same headers, and outside the log layer, so every attempt is logged.
type retryTransport struct {
	next          http.RoundTripper
	maxRetries    int
	maxRetryDelay time.Duration
	// attemptTimeout bounds one attempt, headers and body; 0 means none.
	attemptTimeout time.Duration
	logger         *slog.Logger
	// wait sleeps between attempts; tests replace it to observe delays
	// without sleeping.
	wait func(ctx context.Context, d time.Duration) error
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	for attempt := 0; ; attempt++ {
		areq, cancel := t.attemptRequest(req, attempt)
		if areq == nil {
			return nil, errors.New("tallyfy: cannot replay request body")
		}
		resp, err := t.next.RoundTrip(areq)
		retry := replayable && attempt < t.maxRetries && shouldRetry(req.Method, resp, err)
		var delay time.Duration
		if retry {
			delay = t.delay(attempt, resp)
			// A wait the caller's deadline cannot outlast would only turn the
			// server's answer (429, its Retry-After, its request id) into a
			// bare "deadline exceeded": return the answer instead.
			if deadline, ok := ctx.Deadline(); ok && resp != nil && time.Until(deadline) < delay {
				retry = false
			}
		}
		if retry && ctx.Err() != nil {
			// The caller gave up: report that, not the attempt it abandoned.
			if resp != nil {
				resp.Body.Close()
			}
			cancel()
			return nil, context.Cause(ctx)
		}
		if !retry {
			if err != nil || resp == nil {
				cancel()
				return resp, err
			}
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		status := 0
		if resp != nil {
			status = resp.StatusCode
			// Drain a little so the connection can be reused, then free it.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
			resp.Body.Close()
		}
		cancel()
		t.logger.LogAttrs(ctx, slog.LevelDebug, "tallyfy: retrying",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("attempt", attempt+1), slog.Int("status", status),
			slog.Duration("wait", delay), slog.Any("error", redactedError(err)))
		if werr := t.wait(ctx, delay); werr != nil {
			return nil, werr
		}
	}
}

// attemptRequest copies req for one attempt with its own timeout. A shallow
// copy (WithContext) is enough: the header layer above already gave req a
// header of its own, and nothing below modifies it. The returned cancel must
// run when the attempt's body is done with.
func (t *retryTransport) attemptRequest(req *http.Request, attempt int) (*http.Request, context.CancelFunc) {
	ctx, cancel := req.Context(), context.CancelFunc(func() {})
	if t.attemptTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, t.attemptTimeout)
	}
	areq := req.WithContext(ctx)
	if attempt > 0 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, cancel
		}
		areq.Body = body
	}
	return areq, cancel
}

// delay is how long to wait before the next attempt: the server's
// Retry-After when it sent one, capped; otherwise exponential backoff with
// jitter (each wait is 75–100 % of its slot so many clients spread out).
func (t *retryTransport) delay(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); d > 0 {
			return min(d, t.maxRetryDelay)
		}
	}
	slot := backoffBase << min(attempt, 10)
	slot = min(slot, backoffMax, t.maxRetryDelay)
	return slot - time.Duration(rand.Int64N(int64(slot)/4+1))
}

// shouldRetry reports whether an attempt's outcome may change on retry: 429
// always (the request was not processed); 500, 502, 503, 504 and connection
// errors only for methods that are safe to repeat. 501 and the other 4xx
// will not change.
func shouldRetry(method string, resp *http.Response, err error) bool {
	idempotent := method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
	if err != nil {
		return idempotent && retryableError(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// retryableError separates network failures worth another try from errors
// that will repeat: a bad certificate, a body over the cap, a cancelled call.
func retryableError(err error) bool {
	if errors.Is(err, ErrResponseTooLarge) || errors.Is(err, context.Canceled) {
		return false
	}
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return false
	}
	// What remains: refused, reset, EOF before headers, per-attempt
	// timeouts. The caller's own deadline is checked before retrying.
	return true
}

// maxRetryAfter bounds what parseRetryAfter returns: anything beyond a day is
// nonsense (WithMaxRetryDelay caps the actual wait far lower).
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3). Garbage, negative values and past dates give 0, which
// means "no advice".
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || math.IsNaN(secs) || math.IsInf(secs, 0) {
			return 0
		}
		// Clamp before converting so the Duration cannot overflow.
		return time.Duration(min(secs, maxRetryAfter.Seconds()) * float64(time.Second))
	}
	if at, err := http.ParseTime(v); err == nil {
		if d := at.Sub(now); d > 0 {
			return min(d, maxRetryAfter)
		}
	}
	return 0
}

// sleepContext waits d or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-timer.C:
		return nil
	}
}

// cancelOnClose ends an attempt's context when its body is closed, so the
// per-attempt timeout also covers reading the body.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
