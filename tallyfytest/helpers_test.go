package tallyfytest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/tallyfy-go/sdk/gen"
	"github.com/tallyfy-go/sdk/tallyfytest"
)

func TestMain(m *testing.M) {
	// kin-openapi's own date-time check is a regular expression; parsing is stricter (it rejects
	// 2024-02-30, for one), and it is what Go clients will do with the value.
	openapi3.DefineStringFormatValidator("date-time", openapi3.NewCallbackValidator(func(s string) error {
		_, err := time.Parse(time.RFC3339Nano, s)
		return err
	}))
	os.Exit(m.Run())
}

// specChecker is an http.RoundTripper that validates every response against api/openapi.yaml
// (through gen.GetSpec, the spec the code was generated from) and fails the test on a mismatch.
type specChecker struct {
	t         testing.TB
	doc       *openapi3.T
	router    routers.Router
	transport *http.Transport
	checked   atomic.Int64
}

func newSpecChecker(t testing.TB, serverURL string) *specChecker {
	t.Helper()
	doc, err := gen.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	c := &specChecker{t: t, doc: doc, router: router, transport: &http.Transport{}}
	t.Cleanup(c.transport.CloseIdleConnections)
	return c
}

func (c *specChecker) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.transport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.check(req, resp, body)
	return resp, nil
}

func (c *specChecker) check(req *http.Request, resp *http.Response, body []byte) {
	c.t.Helper()
	c.checked.Add(1)
	where := req.Method + " " + req.URL.RequestURI()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		c.t.Errorf("%s: Content-Type = %q, want application/json", where, ct)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		c.t.Errorf("%s: no X-Request-Id", where)
	}
	route, pathParams, err := c.router.FindRoute(req)
	if err != nil {
		// No operation to check against (an unknown path or method): the body must still be
		// one of the spec's error bodies.
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			c.t.Errorf("%s: body is not JSON: %v", where, err)
			return
		}
		if err := c.doc.Components.Schemas["Error"].Value.VisitJSON(v); err != nil {
			c.t.Errorf("%s: body is not an Error: %v", where, err)
		}
		return
	}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: pathParams,
			Route:      route,
			Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
	if err != nil {
		c.t.Errorf("%s: %d response breaks the spec: %v\nbody: %s", where, resp.StatusCode, err, truncate(body))
	}
}

func truncate(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// newServer starts a server that the test closes, for tests that only use the hooks.
func newServer(t *testing.T, opts ...tallyfytest.Option) *tallyfytest.Server {
	t.Helper()
	srv := tallyfytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// fixture is a started server with a spec-checking generated client and plain HTTP client.
type fixture struct {
	srv     *tallyfytest.Server
	client  *gen.ClientWithResponses
	http    *http.Client
	checker *specChecker
}

func newFixture(t *testing.T, opts ...tallyfytest.Option) *fixture {
	t.Helper()
	srv := newServer(t, opts...)
	checker := newSpecChecker(t, srv.URL)
	hc := &http.Client{Transport: checker}
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(hc),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("Accept", "application/json")
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if checker.checked.Load() == 0 {
			t.Error("no response went through the spec checker")
		}
	})
	return &fixture{srv: srv, client: client, http: hc, checker: checker}
}

// get sends a plain GET to path (with query) carrying the standard headers, then applies edit to
// the request, for requests the generated client cannot make.
func (f *fixture) get(t *testing.T, pathAndQuery string, edit func(*http.Request)) (*http.Response, []byte) {
	t.Helper()
	return f.do(t, http.MethodGet, pathAndQuery, edit)
}

func (f *fixture) do(t *testing.T, method, pathAndQuery string, edit func(*http.Request)) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, f.srv.URL+pathAndQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+f.srv.Token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
	if edit != nil {
		edit(req)
	}
	resp, err := f.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// orgPath is a path under the sample organization.
func orgPath(rest string) string {
	return "/organizations/" + tallyfytest.SampleOrgID + rest
}

func ctx(t *testing.T) context.Context { return t.Context() }

// Parameter helpers for the generated client.
func runParams(with ...gen.RunInclude) *gen.GetRunParams {
	p := &gen.GetRunParams{XTallyfyClient: tallyfytest.SampleClient}
	if len(with) > 0 {
		p.With = &with
	}
	return p
}

func listParams() *gen.ListRunsParams {
	return &gen.ListRunsParams{XTallyfyClient: tallyfytest.SampleClient}
}

func taskListParams() *gen.ListRunTasksParams {
	return &gen.ListRunTasksParams{XTallyfyClient: tallyfytest.SampleClient}
}

func ptr[T any](v T) *T { return &v }

// decodeJSON decodes body into a generic value, to look at the wire form (key presence, [] vs {}).
func decodeJSON(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return v
}

// mustOK fails the test unless status is 200.
func mustOK(t *testing.T, status int, body []byte, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200; body: %s", status, body)
	}
}

// allRuns pages through listRuns with params and returns the runs in order, checking each page's
// pagination block on the way.
func allRuns(t *testing.T, f *fixture, params *gen.ListRunsParams) []gen.Run {
	t.Helper()
	var out []gen.Run
	for page := 1; ; page++ {
		params.Page = ptr(page)
		resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
		mustOK(t, resp.StatusCode(), resp.Body, err)
		out = append(out, resp.JSON200.Data...)
		p := resp.JSON200.Meta.Pagination
		if p.CurrentPage >= p.TotalPages {
			return out
		}
		if page > 100 {
			t.Fatal("paging does not end")
		}
	}
}

func runNames(runs []gen.Run) string {
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

func decodeBody(resp *http.Response, v any) error {
	return json.NewDecoder(resp.Body).Decode(v)
}
