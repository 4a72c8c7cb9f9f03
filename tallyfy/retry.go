package tallyfy

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
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

// errorBodyTimeout bounds reading an error body: its status and headers are
// the answer, the body only details it, and a real one arrives at once.
const errorBodyTimeout = 2 * time.Second

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
	// errorBodyTimeout bounds reading a non-2xx body (readErrorBody).
	errorBodyTimeout time.Duration
	// wait sleeps between attempts; tests replace it to observe delays
	// without sleeping.
	wait func(ctx context.Context, d time.Duration) error
	// pace waits for the attempt's turn under WithRateLimit (nil: none). It
	// runs on the caller's context before the attempt's own timeout starts,
	// so a wait for a turn never eats into the time an attempt has.
	pace func(ctx context.Context) error
}

// RoundTrip runs the attempts. A non-2xx answer's body is read at once,
// bounded (readErrorBody), and the answer kept: when the caller's context
// ends before a better one arrives (in a retry wait, waiting for the next
// answer or reading its body), that answer is what the call returns, and its
// *APIError wraps the context's cause (newAPIError) rather than being lost to
// a bare "deadline exceeded".
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	var last *http.Response // the latest non-2xx answer, its body in memory
	for attempt := 0; ; attempt++ {
		if t.pace != nil {
			if err := t.pace(ctx); err != nil {
				if last != nil { // the server's answer says more than the wait
					return last, nil
				}
				return nil, err
			}
		}
		areq, cancel := t.attemptRequest(req, attempt)
		if areq == nil {
			return nil, errors.New("tallyfy: cannot replay request body")
		}
		// A write is retried after a transport error only when none of it
		// was sent (traceSent); once sent, its outcome is unknown.
		var wt *writeTrace
		if isWrite(req.Method) {
			// A header of the attempt's own: traceSent may spoil it.
			areq.Header = areq.Header.Clone()
			areq, wt = traceSent(areq)
			// Below this layer nothing may send a write twice. Go's HTTP/2
			// transport replays a request whose GetBody is set when the
			// server resets the stream with PROTOCOL_ERROR, after the
			// server has read it all (golang/go#47635): 1,207 POSTs in 3 s
			// against a server that did so (issue 20). Without GetBody
			// neither transport can resend a body it has started to send;
			// this layer keeps req.GetBody for the retries it can prove safe.
			areq.GetBody = nil
		}
		resp, err := t.next.RoundTrip(areq)
		if err != nil && wt != nil && wt.replayRefused.Load() {
			err = &sentError{err: fmt.Errorf("the connection failed after the request was sent, and the HTTP transport's own retry was stopped (%w)", err)}
		} else if err != nil && wt != nil && wt.sent.Load() && !provablyUnprocessed(err) {
			err = &sentError{err: err}
		}
		if err == nil && resp != nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
			t.readErrorBody(req, resp, cancel)
			last = resp
		}
		// The last attempt decides: an earlier answer (a 429) is what the
		// call returns only when this attempt provably did nothing. A
		// write sent again and never answered may have been carried out,
		// whatever came before.
		if ctx.Err() != nil && last != nil && (resp == last || (err != nil && !wasSent(err))) {
			cancel()
			return last, nil
		}
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
			// The caller gave up before any answer came: report that.
			cancel()
			return nil, context.Cause(ctx)
		}
		if !retry {
			if err != nil || resp == nil || resp == last {
				cancel()
				return resp, err
			}
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		// Only non-2xx answers are retried, and their bodies are already
		// read and closed: the connection is free for the next attempt.
		cancel()
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.logger.LogAttrs(ctx, slog.LevelDebug, "tallyfy: retrying",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("attempt", attempt+1), slog.Int("status", status),
			slog.Duration("wait", delay), slog.Any("error", redactedError(err)))
		if werr := t.wait(ctx, delay); werr != nil {
			if last != nil {
				return last, nil
			}
			return nil, werr
		}
	}
}

// readErrorBody reads the start of a non-2xx body into memory and ends the
// attempt: at most maxErrorBody bytes (all an APIError keeps), for at most
// errorBodyTimeout, and no longer than the caller's context. What arrived is
// kept, so a server trickling its 429 body can neither spend the caller's
// deadline nor hide that it was rate-limited; a connection cut mid-body
// likewise keeps what came. A body over WithMaxResponseBytes still fails
// with ErrResponseTooLarge when read. resp.Request becomes req, whose context
// is the caller's, for newAPIError to see whether it ended.
func (t *retryTransport) readErrorBody(req *http.Request, resp *http.Response, cancel context.CancelFunc) {
	// Cancelling the attempt's context is what stops a blocked read.
	timer := time.AfterFunc(t.errorBodyTimeout, cancel)
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	timer.Stop()
	resp.Body.Close()
	cancel()
	if !isTooLarge(err) {
		err = nil
	}
	resp.Body = &bufferedBody{r: bytes.NewReader(body), err: err}
	resp.ContentLength = int64(len(body))
	resp.Request = req
}

// bufferedBody replays an error body read into memory, then the error that
// ended the read when the caller must see it (ErrResponseTooLarge).
// The reader is a field, not embedded: an embedded one's WriteTo would let
// io.Copy skip the error.
type bufferedBody struct {
	r   *bytes.Reader
	err error
}

func (b *bufferedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *bufferedBody) Close() error { return nil }

// attemptRequest copies req for one attempt with its own timeout. A shallow
// copy (WithContext) is enough: the header layer above already gave req a
// header of its own, and nothing below modifies it. The returned cancel must
// run when the attempt's body is done with.
func (t *retryTransport) attemptRequest(req *http.Request, attempt int) (*http.Request, context.CancelFunc) {
	// Always cancellable: cancelling is how readErrorBody stops a read.
	var ctx context.Context
	var cancel context.CancelFunc
	if t.attemptTimeout > 0 {
		ctx, cancel = context.WithTimeout(req.Context(), t.attemptTimeout)
	} else {
		ctx, cancel = context.WithCancel(req.Context())
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
// always (the request was not processed); 500, 502, 503, 504 only for
// methods that are safe to repeat; connection errors for those, and for a
// write whose request provably never left the client (no sentError: the
// dial failed or no connection was had). 501 and the other 4xx will not
// change.
func shouldRetry(method string, resp *http.Response, err error) bool {
	idempotent := !isWrite(method)
	if err != nil {
		var sent *sentError
		return (idempotent || !errors.As(err, &sent)) && retryableError(err)
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
	// A transport of the caller's (WithHTTPClient) can say an error is final.
	var final interface{ Retryable() bool }
	if errors.As(err, &final) && !final.Retryable() {
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

// wasSent reports a write's transport error after its request was sent
// (sentError). A function of its own: the target errors.As needs escapes to
// the heap, and a successful read must not pay for it (BENCHMARKS.md, P1).
func wasSent(err error) bool {
	var sent *sentError
	return errors.As(err, &sent)
}

// provablyUnprocessed reports an HTTP/2 failure after which the server is
// known not to have processed the request, so that a write may be sent
// again: the stream was refused (REFUSED_STREAM, RFC 9113 §8.7: "no
// application processing") or a GOAWAY named an earlier last stream. Go's
// HTTP/2 transports (net/http's and golang.org/x/net/http2's) retry those
// themselves only with GetBody, which writes do not carry (RoundTrip), and
// report them in this one error, whose text is all there is to go on. Any
// other text, or a future Go that words it differently, reads as "may have
// been processed": the outcome unknown, never a repeat.
func provablyUnprocessed(err error) bool {
	msg := err.Error()
	const prefix = "http2: Transport: cannot retry err ["
	i := strings.Index(msg, prefix)
	if i < 0 {
		return false
	}
	cause := msg[i+len(prefix):]
	if j := strings.Index(cause, "] after Request.Body was written"); j >= 0 {
		cause = cause[:j]
	} else {
		return false
	}
	if cause == "http2: Transport received Server's graceful shutdown GOAWAY" {
		return true
	}
	// "stream error: stream ID 3; REFUSED_STREAM", then "; received from
	// peer" when the server sent it.
	code, ok := strings.CutPrefix(cause, "stream error: stream ID ")
	if !ok {
		return false
	}
	_, code, _ = strings.Cut(code, "; ")
	code, _, _ = strings.Cut(code, "; ")
	return code == "REFUSED_STREAM"
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
