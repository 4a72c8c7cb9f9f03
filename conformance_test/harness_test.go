package conformance_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

func TestMain(m *testing.M) {
	// kin-openapi's date-time accepts a missing zone; the API always sends
	// RFC 3339 with one, so anything else is a violation.
	openapi3.DefineStringFormatValidator("date-time", openapi3.NewCallbackValidator(func(s string) error {
		_, err := time.Parse(time.RFC3339Nano, s)
		return err
	}))
	os.Exit(m.Run())
}

// validator checks exchanges against api/openapi.yaml. It is an
// http.RoundTripper that wraps the SDK's base transport, so it sees every
// attempt exactly as sent, headers included.
type validator struct {
	next   http.RoundTripper
	router routers.Router

	mu         sync.Mutex
	exchanges  int
	violations []error
}

// newValidator loads the spec with its servers rewritten to baseURL, so the
// router matches requests sent to a test server.
func newValidator(t testing.TB, baseURL string, next http.RoundTripper) *validator {
	t.Helper()
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: strings.TrimRight(baseURL, "/")}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &validator{next: next, router: router}
}

func (v *validator) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		v.fail(fmt.Errorf("%s %s: no operation in the spec: %w", req.Method, req.URL.Path, err))
		return v.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults: true,
			MultiError:          true,
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		v.fail(fmt.Errorf("request %s %s?%s: %w", req.Method, req.URL.Path, req.URL.RawQuery, err))
	}
	if err := checkUnexploded(route, req.URL); err != nil {
		v.fail(err)
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		v.fail(fmt.Errorf("reading the response of %s: %w", req.URL.Path, err))
		return resp, nil
	}
	if err := validateResponse(ctx, in, resp.StatusCode, resp.Header, body); err != nil {
		v.fail(fmt.Errorf("response %d to %s %s: %w", resp.StatusCode, req.Method, req.URL.Path, err))
	}
	v.mu.Lock()
	v.exchanges++
	v.mu.Unlock()
	return resp, nil
}

// validateResponse checks one response against the route's operation. The
// spec's `default` response describes errors, so a 1xx–3xx status must be
// declared explicitly.
func validateResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	if status < 400 && in.Route.Operation.Responses.Status(status) == nil {
		return fmt.Errorf("status %d is not declared by %s", status, in.Route.Operation.OperationID)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(ctx, out)
}

// checkUnexploded reports a style=form, explode=false parameter sent as
// repeated keys (with=a&with=b) instead of one comma-separated value.
func checkUnexploded(route *routers.Route, u *url.URL) error {
	q := u.Query()
	for _, p := range route.Operation.Parameters {
		if p.Value.In != "query" || p.Value.Explode == nil || *p.Value.Explode {
			continue
		}
		if n := len(q[p.Value.Name]); n > 1 {
			return fmt.Errorf("query parameter %q is explode=false but was sent %d times: %s", p.Value.Name, n, u.RawQuery)
		}
	}
	return nil
}

func (v *validator) fail(err error) {
	v.mu.Lock()
	v.violations = append(v.violations, err)
	v.mu.Unlock()
}

// check fails t with every violation seen so far.
func (v *validator) check(t testing.TB) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.violations) > 0 {
		t.Errorf("%d spec violations:\n%v", len(v.violations), errors.Join(v.violations...))
	}
}

func (v *validator) count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.exchanges
}
