package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
)

func TestNilResponseFromTransportIsAnError(t *testing.T) {
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })}
	c, err := NewClient(WithToken("t"), WithOrganization(testOrg), WithHTTPClient(hc), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRun(context.Background(), runID, nil); err == nil {
		t.Error("want an error")
	}
}

// net/http's Transport always sets a Body, but a RoundTripper given with
// WithHTTPClient may leave it nil (net/http tolerates that as empty).
func TestTransportResponseWithoutBodyIsEmptyNotAPanic(t *testing.T) {
	for status, want := range map[int]error{200: ErrInvalidResponse, 404: ErrNotFound, 429: ErrRateLimited} {
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Header: http.Header{}, Request: r}, nil
		})}
		c, err := NewClient(WithToken("t"), WithOrganization(testOrg), WithHTTPClient(hc), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetRun(context.Background(), runID, nil); !errors.Is(err, want) {
			t.Errorf("%d: err = %v, want %v", status, err, want)
		}
	}
}

// The generated client builds a request's URL by appending to the base URL
// when that gives what resolving the path against it gives (BENCHMARKS.md,
// request building); the exported builders resolve. Both must agree.
func TestRequestURLsAreTheGenericBuildersURLs(t *testing.T) {
	var sent *url.URL
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent = r.URL
		return nil, errors.New("captured")
	})}
	with := []gen.RunInclude{RunIncludeTasks, RunIncludeTags}
	yes := true
	for _, base := range []string{"https://go.tallyfy.com/api", "https://go.tallyfy.com/api/", "http://127.0.0.1:8080", "https://h/a%20b", "https://h/a b/", "HTTPS://H/x", "https://h/x%2Fy/"} {
		c, err := NewClient(WithToken("t"), WithOrganization(testOrg), WithHTTPClient(hc), WithMaxRetries(0), WithBaseURL(base))
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		server := c.cfg.baseURL.String()
		if !strings.HasSuffix(server, "/") {
			server += "/"
		}
		for _, opts := range []*GetRunOptions{nil, {With: []RunInclude{RunIncludeTasks, RunIncludeTags}, FormFieldsValues: true}} {
			sent = nil
			_, _ = c.GetRun(context.Background(), runID, opts)
			params := &gen.GetRunParams{}
			if opts != nil {
				params.With, params.FormFieldsValues = &with, &yes
			}
			want, err := gen.NewGetRunRequest(server, testOrg, runID, params)
			if err != nil {
				t.Fatal(err)
			}
			if sent == nil || sent.String() != want.URL.String() || sent.Host != want.URL.Host || sent.Path != want.URL.Path || sent.RawPath != want.URL.RawPath {
				t.Errorf("%s: sent %v, the generic builder gives %v", base, sent, want.URL)
			}
		}
	}
}
