package tallyfy

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// clientHeader is the X-Tallyfy-Client value documented for custom clients.
const clientHeader = "APIClient"

// newTransport builds the one chain every request goes through, outermost
// first: headers → retry (pacing each attempt, WithRateLimit) → log → size
// cap → base.
func newTransport(cfg *config, base http.RoundTripper) http.RoundTripper {
	var rt http.RoundTripper = &sizeCapTransport{next: base, max: cfg.maxResponseBytes}
	rt = &logTransport{next: rt, logger: cfg.logger}
	rt = &retryTransport{
		next:             rt,
		maxRetries:       cfg.maxRetries,
		maxRetryDelay:    cfg.maxRetryDelay,
		attemptTimeout:   cfg.requestTimeout,
		logger:           cfg.logger,
		errorBodyTimeout: errorBodyTimeout,
		wait:             sleepContext,
		pace:             newPace(cfg),
	}
	return &headerTransport{next: rt, authorization: "Bearer " + cfg.token, origin: cfg.baseURL, userAgent: cfg.userAgent()}
}

// maxConnsPerHost bounds the connections the default transport opens to one
// host. It is far above what the API's rate limits let one token use.
const maxConnsPerHost = 64

// defaultBaseTransport is http.DefaultTransport tuned for one client shared by
// many goroutines: the default keeps only 2 idle connections per host, so a
// busy client would open and close connections all the time. Every connection
// it may open can also stay idle, and it opens no more than maxConnsPerHost:
// without a cap, http.Transport dials whenever a request finds no idle
// connection, even when one is about to be freed, so 64 goroutines opened up to
// 104 connections (BENCHMARKS.md, P4). With the cap a request waits for a free
// connection instead.
func defaultBaseTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxConnsPerHost = maxConnsPerHost
	t.MaxIdleConnsPerHost = maxConnsPerHost
	t.IdleConnTimeout = 90 * time.Second
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	// A server that accepts the connection and never answers must not hang
	// an attempt until the per-attempt timeout.
	t.ResponseHeaderTimeout = 30 * time.Second
	t.ExpectContinueTimeout = time.Second
	// net/http's default, 10 MB, let a server send 8 MB of headers on each
	// retried 500 (251 MiB allocated, issue 20). The API sends under 2 KiB.
	t.MaxResponseHeaderBytes = maxResponseHeaderBytes
	return t
}

// headerTransport sets the headers every Tallyfy request needs. The token is
// only ever sent to the configured origin: net/http re-enters the chain for
// each redirect hop and a hop to another host must not carry it. No hop
// carries a Referer either.
type headerTransport struct {
	next          http.RoundTripper
	authorization string // "Bearer <token>", built once
	origin        *url.URL
	userAgent     string
}

// RoundTrip sends a copy of req with the headers set: a shallow copy with a
// header of its own, since only the header changes (req.Clone would also copy
// the URL, and the retry layer below clones each attempt anyway). The header
// is copied as Header.Clone does, values in one allocation, and the four
// values set here share a second one. See BENCHMARKS.md (P1).
func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	const own = 4 // Authorization, Accept, X-Tallyfy-Client, User-Agent
	n := own
	for _, v := range req.Header {
		n += len(v)
	}
	values := make([]string, 0, n)
	h := make(http.Header, len(req.Header)+own)
	for k, v := range req.Header {
		if v == nil {
			h[k] = nil
			continue
		}
		values = append(values, v...)
		h[k] = values[len(values)-len(v) : len(values) : len(values)]
	}
	set := func(k, v string) {
		values = append(values, v)
		h[k] = values[len(values)-1 : len(values) : len(values)]
	}
	delete(h, "Authorization")
	// net/http names the previous hop's URL in Referer, query and all; the
	// query may hold search text or guest emails, which go to no one but the
	// API (and never to the debug log, which prints the headers).
	delete(h, "Referer")
	if sameOrigin(req.URL, t.origin) {
		set("Authorization", t.authorization)
	}
	// A download (DownloadFile) asks for the file's bytes, an inline view
	// (GetFile) for any type; everything else is JSON.
	if a := req.Header.Get("Accept"); a == octetStream || a == anyMedia {
		set("Accept", a)
	} else {
		set("Accept", "application/json")
	}
	set("X-Tallyfy-Client", clientHeader)
	set("User-Agent", t.userAgent)
	r := new(http.Request)
	*r = *req
	r.Header = h
	return t.next.RoundTrip(r)
}

func sameOrigin(u, origin *url.URL) bool {
	return u.Scheme == origin.Scheme && u.Host == origin.Host
}

// logTransport logs each attempt at debug level: method, path, status,
// duration, request id. Never headers, query strings or bodies: they can hold
// tokens or personal data.
type logTransport struct {
	next   http.RoundTripper
	logger *slog.Logger
}

func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !t.logger.Enabled(ctx, slog.LevelDebug) {
		return t.next.RoundTrip(req)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("host", req.URL.Host),
		slog.String("path", req.URL.Path),
		slog.Duration("duration", time.Since(start)),
		// Resolved here, not left to the handler: a handler that skips
		// LogValue must still never see the token.
		slog.Any("headers", redactedHeaders(req.Header).LogValue()),
	}
	if err != nil {
		attrs = append(attrs, slog.Any("error", redactedError(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("X-Request-Id")))
	}
	t.logger.LogAttrs(ctx, slog.LevelDebug, "tallyfy: http", attrs...)
	return resp, err
}

// redactedHeaders lists the request's header names, with credentials shown as
// *** and every other value as sent (none of the others are secret).
type redactedHeaders http.Header

func (h redactedHeaders) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(h))
	for name, values := range h {
		v := "***"
		switch http.CanonicalHeaderKey(name) {
		case "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key":
		default:
			if len(values) > 0 {
				v = values[0]
			}
		}
		attrs = append(attrs, slog.String(name, v))
	}
	return slog.GroupValue(attrs...)
}

// redactedError logs an error by its message only. Transport errors never
// contain the token (it is a header, never in the URL), so this mainly keeps
// a nil error from logging as "<nil>".
func redactedError(err error) slog.Value {
	if err == nil {
		return slog.StringValue("")
	}
	return slog.StringValue(err.Error())
}

// maxResponseHeaderBytes caps the response headers of one answer. The
// default transport stops reading there; with a transport of the caller's
// (WithHTTPClient), which has read them already, sizeCapTransport refuses
// the answer so that it is not retried into more of the same.
const maxResponseHeaderBytes = 1 << 20

// headerBytes is about what an answer's headers took on the wire.
func headerBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4 // ": " and CRLF
		}
	}
	return n
}

// isHeaderTooLarge reports net/http's errors for headers over
// MaxResponseHeaderBytes (HTTP/1.1 and HTTP/2), which are not typed.
func isHeaderTooLarge(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "server response headers exceeded") || strings.Contains(msg, "response header list larger than advertised limit")
}

// sizeCapTransport refuses bodies over max bytes: by Content-Length before
// reading, otherwise while reading. It counts decompressed bytes, so a gzip
// bomb stops at the cap too.
type sizeCapTransport struct {
	next http.RoundTripper
	max  int64
}

func (t *sizeCapTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp == nil {
		return nil, errors.New("tallyfy: the HTTP transport returned neither a response nor an error")
	}
	if err != nil {
		if isHeaderTooLarge(err) {
			return nil, fmt.Errorf("%w: the response headers exceed %d bytes (%w)", ErrResponseTooLarge, maxResponseHeaderBytes, err)
		}
		return resp, err
	}
	if n := headerBytes(resp.Header); n > maxResponseHeaderBytes {
		if resp.Body != nil {
			resp.Body.Close()
		}
		return nil, fmt.Errorf("%w: %d bytes of response headers exceed the %d-byte limit", ErrResponseTooLarge, n, maxResponseHeaderBytes)
	}
	if resp.Body == nil {
		// A RoundTripper other than net/http's may mean "empty" by nil, as
		// http.Client allows; every layer above reads the body.
		resp.Body = http.NoBody
	}
	// A download streams to the caller's writer and carries its own cap
	// (withBodyCap); every other body is read into memory.
	limit := bodyCap(req, t.max)
	if limit <= 0 {
		return resp, nil
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: Content-Length %d exceeds the %d-byte limit", ErrResponseTooLarge, resp.ContentLength, limit)
	}
	resp.Body = &cappedBody{ReadCloser: resp.Body, left: limit}
	return resp, nil
}

// cappedBody fails with ErrResponseTooLarge once more than its limit is read.
type cappedBody struct {
	io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, errTooLarge
	}
	return n, err
}

var errTooLarge = fmt.Errorf("%w: body exceeds the configured limit", ErrResponseTooLarge)

// isTooLarge reports a capped body, whatever wraps it.
func isTooLarge(err error) bool { return errors.Is(err, ErrResponseTooLarge) }
