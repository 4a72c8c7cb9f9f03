package tallyfytest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/api"
	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/internal/spectest"
	"github.com/tallyfy-go/sdk/v2/shape"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestMain(m *testing.M) {
	spectest.UseStrictDateTime()
	os.Exit(m.Run())
}

// specChecker is an http.RoundTripper that validates every response against api/openapi.yaml
// (through api.Spec, the spec the code was generated from) and fails the test on a mismatch.
// Requests are not validated: many tests break the spec on purpose to see the fake's answer.
type specChecker struct {
	t         testing.TB
	v         *spectest.Validator
	transport *http.Transport
}

func newSpecChecker(t testing.TB, serverURL string) *specChecker {
	t.Helper()
	doc, err := api.Spec()
	if err != nil {
		t.Fatal(err)
	}
	c := &specChecker{t: t, transport: &http.Transport{}}
	if c.v, err = spectest.New(doc, serverURL, c.transport, false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.transport.CloseIdleConnections)
	return c
}

func (c *specChecker) RoundTrip(req *http.Request) (*http.Response, error) {
	c.t.Helper()
	before := c.v.Count()
	resp, err := c.v.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	where := req.Method + " " + req.URL.RequestURI()
	// A 204 (deleteGroup) has no body to type.
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" && resp.StatusCode != http.StatusNoContent {
		c.t.Errorf("%s: Content-Type = %q, want application/json", where, ct)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		c.t.Errorf("%s: no X-Request-Id", where)
	}
	if c.v.Count() > before {
		c.t.Errorf("%s: the response breaks the spec: %v", where, c.v.Violations())
	}
	return resp, nil
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
			req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
			req.Header.Set("Accept", "application/json")
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if checker.v.Exchanges() == 0 {
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
	p := &gen.GetRunParams{}
	if len(with) > 0 {
		p.With = &with
	}
	return p
}

func listParams() *gen.ListRunsParams {
	return &gen.ListRunsParams{}
}

func taskListParams() *gen.ListRunTasksParams {
	return &gen.ListRunTasksParams{}
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

// member reads one member of a free-form object, decoded.
func member(o shape.Object, key string) any {
	var m map[string]any
	if o.Decode(&m) != nil {
		return nil
	}
	return m[key]
}

// mustObject encodes a map of JSON values as a free-form object.
func mustObject(m map[string]any) shape.Object {
	o, err := shape.NewObject(m)
	if err != nil {
		panic(err)
	}
	return o
}
