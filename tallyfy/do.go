package tallyfy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Do calls an endpoint the SDK does not cover yet, through everything the
// typed methods get: the token and mandatory headers, retries, the size cap,
// the decode budget and typed errors (*APIError and its sentinels). It is the
// way to reach the rest of the API until it is typed (go-github's
// NewRequest/Do).
//
// path is relative to the base URL and must start with "/"; build it with
// OrganizationPath so that every segment is escaped. query may be nil. A
// non-nil body is sent as JSON. A non-nil out receives the 2xx body as
// decoded JSON: the whole Fractal envelope, e.g. a struct with a Data field.
// *out is reset to its zero value first, and the decode is priced before it
// runs: a body that would allocate more than the client's bound (16 times
// its size, WithMaxResponseBytes) fails with ErrResponseTooLarge.
//
// Writes are retried only when the server said it did not process them
// (429) or the request provably never left the client (a refused
// connection), never on a 5xx or a connection broken after sending: the API
// has no idempotency key, so repeating a write could do it twice. Those
// errors match ErrOutcomeUnknown.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	if method == "" || strings.ContainsFunc(method, func(r rune) bool { return r < 'A' || r > 'Z' }) {
		return fmt.Errorf("%w: method %q: want an upper-case HTTP method such as GET", ErrInvalidArgument, method)
	}
	if err := validatePath(path); err != nil {
		return err
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return fmt.Errorf("%w: out must be a non-nil pointer, got %T", ErrInvalidArgument, out)
		}
	}
	// The path is kept as written, escapes included (OrganizationPath
	// escapes each segment); the base URL has no query (WithBaseURL).
	target := strings.TrimSuffix(c.cfg.baseURL.String(), "/") + path
	if q := query.Encode(); q != "" {
		target += "?" + q
	}
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%w: the body cannot be encoded as JSON: %v", ErrInvalidArgument, err)
		}
		payload = b
	}
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidArgument, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(payload)), nil }
	} else {
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	}
	respBody, err := exchange(func() (*http.Response, error) { return c.api.Client.Do(req) })
	if err != nil {
		if isWrite(method) {
			return outcomeUnknown(err, method, req.URL.Path, "read the resource")
		}
		return err
	}
	if out == nil || len(bytes.TrimSpace(respBody)) == 0 {
		return nil
	}
	return decodeJSON(respBody, out)
}

// OrganizationPath is the path of a resource of the client's organization,
// each element escaped: OrganizationPath("runs", runID, "comments") is
// "/organizations/<org>/runs/<run_id>/comments". Use it with Do.
func (c *Client) OrganizationPath(elem ...string) string {
	var b strings.Builder
	b.WriteString("/organizations/")
	b.WriteString(url.PathEscape(c.orgID))
	for _, e := range elem {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(e))
	}
	return b.String()
}

// validatePath refuses a path that would leave the API's tree or carry its
// own query: Do's path is joined to the base URL as is.
func validatePath(path string) error {
	switch {
	case !strings.HasPrefix(path, "/"):
		return fmt.Errorf("%w: path %q must start with /", ErrInvalidArgument, path)
	case strings.ContainsAny(path, "?#\\") || strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return fmt.Errorf("%w: path %q: put the query in query, and no spaces or control characters in the path", ErrInvalidArgument, path)
	}
	for _, seg := range strings.Split(path[1:], "/") {
		// Escaped dots and slashes too: a server may decode them before
		// routing (OrganizationPath escapes a '/' in an element, never a dot).
		unescaped, err := url.PathUnescape(seg)
		if err != nil || seg == "" || unescaped == "." || unescaped == ".." || strings.Contains(strings.ToLower(seg), "%2f") {
			return fmt.Errorf("%w: path %q has an empty, malformed, . or .. segment", ErrInvalidArgument, path)
		}
	}
	return nil
}
