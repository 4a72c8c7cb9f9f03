package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestEveryAttemptSendsTheMandatoryHeaders(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if len(r.Header.Values("Authorization")) != 1 {
			t.Errorf("Authorization sent %d times", len(r.Header.Values("Authorization")))
		}
		writeJSON(w, 503, `{"message":"down"}`)
	})
	c, _ := newTestClient(t, srv.Server, WithMaxRetries(2), WithUserAgent("acme-sync/2.1"))
	_, err := c.GetRun(context.Background(), runID, nil)
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	if len(srv.requests) != 3 {
		t.Fatalf("attempts = %d, want 3", len(srv.requests))
	}
	for i, r := range srv.requests {
		for name, want := range map[string]string{
			"Authorization":    "Bearer " + testToken,
			"Accept":           "application/json",
			"X-Tallyfy-Client": "APIClient",
		} {
			if got := r.Header.Get(name); got != want {
				t.Errorf("attempt %d: %s = %q, want %q", i, name, got, want)
			}
		}
		ua := r.Header.Get("User-Agent")
		if !strings.HasPrefix(ua, "acme-sync/2.1 tallyfy-go/"+Version+" (go") {
			t.Errorf("attempt %d: User-Agent = %q", i, ua)
		}
	}
}

func TestNewClient_RefusesBadConfiguration(t *testing.T) {
	cases := []struct {
		name string
		opts []Option
		want string
	}{
		{"no token", []Option{WithOrganization("o")}, "no token"},
		{"token with CRLF", []Option{WithToken("abc\r\nX-Evil: 1")}, "control"},
		{"token with space", []Option{WithToken("abc def")}, "space"},
		{"base URL with userinfo", []Option{WithToken("t"), WithBaseURL("https://user:pw@go.tallyfy.com/api")}, "credentials"},
		{"base URL with fragment", []Option{WithToken("t"), WithBaseURL("https://go.tallyfy.com/api#x")}, "fragment"},
		{"base URL with query", []Option{WithToken("t"), WithBaseURL("https://go.tallyfy.com/api?a=1")}, "query"},
		{"base URL ftp", []Option{WithToken("t"), WithBaseURL("ftp://go.tallyfy.com")}, "scheme"},
		{"base URL relative", []Option{WithToken("t"), WithBaseURL("/api")}, "scheme"},
		{"plain http to a remote host", []Option{WithToken("t"), WithBaseURL("http://go.tallyfy.com/api")}, "loopback"},
		{"bad organization", []Option{WithToken("t"), WithOrganization("a/b")}, "organization id"},
		{"negative retries", []Option{WithToken("t"), WithMaxRetries(-1)}, "negative"},
		{"zero retry delay", []Option{WithToken("t"), WithMaxRetryDelay(0)}, "positive"},
		{"zero timeout", []Option{WithToken("t"), WithRequestTimeout(0)}, "positive"},
		{"zero size cap", []Option{WithToken("t"), WithMaxResponseBytes(0)}, "positive"},
		{"nil http client", []Option{WithToken("t"), WithHTTPClient(nil)}, "nil"},
		{"prefetch too big", []Option{WithToken("t"), WithPrefetch(99)}, "between"},
		{"zero max pages", []Option{WithToken("t"), WithMaxPages(0)}, "between"},
		{"max pages too big", []Option{WithToken("t"), WithMaxPages(maxPage + 1)}, "between"},
		{"user agent with newline", []Option{WithToken("t"), WithUserAgent("a\nb")}, "control"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClient(tc.opts...)
			if !errors.Is(err, ErrInvalidConfig) && !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("err = %v, want ErrInvalidConfig", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "pw@") || strings.Contains(err.Error(), "X-Evil") {
				t.Errorf("err leaks a credential: %q", err)
			}
		})
	}
}

func TestNewClient_AcceptsLoopbackHTTPAndDefaults(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:4010", "http://localhost:4010/api/", "http://[::1]:80", "https://api.tallyfy.com"} {
		c, err := NewClient(WithToken("t"), WithBaseURL(base))
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		if strings.HasSuffix(c.cfg.baseURL.String(), "/") {
			t.Errorf("%s: trailing slash kept", base)
		}
	}
	c, err := NewClient(WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.baseURL.String() != DefaultBaseURL || c.cfg.maxRetries != 4 || c.cfg.maxRetryDelay != 30*time.Second {
		t.Errorf("defaults = %+v", c.cfg)
	}
}

func TestNewClientFromEnv(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	t.Setenv(EnvAccessToken, "")
	t.Setenv(EnvAPIToken, "api-token")
	t.Setenv(EnvOrgID, "envorg")
	t.Setenv(EnvBaseURL, srv.URL)
	c, err := NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	r := srv.last()
	if r.Header.Get("Authorization") != "Bearer api-token" || !strings.HasPrefix(r.URL.Path, "/organizations/envorg/") {
		t.Errorf("request = %s %v", r.URL.Path, r.Header.Get("Authorization"))
	}

	t.Setenv(EnvAccessToken, "access-token")
	c, err = NewClientFromEnv(WithOrganization("override"))
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.token != "access-token" || c.Organization() != "override" {
		t.Errorf("token/org = %q/%q: TALLYFY_ACCESS_TOKEN must win, options override env", c.cfg.token, c.Organization())
	}

	t.Setenv(EnvAccessToken, "")
	t.Setenv(EnvAPIToken, "")
	if _, err := NewClientFromEnv(); !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), EnvAccessToken) {
		t.Errorf("err = %v, want a hint naming %s", err, EnvAccessToken)
	}
}

func TestForOrganization_SharesTransportAndAddressesOtherOrg(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	other := c.ForOrganization("org2")
	if other.api != c.api {
		t.Error("ForOrganization must share the client's transport")
	}
	if _, err := other.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if p := srv.last().URL.Path; !strings.HasPrefix(p, "/organizations/org2/") {
		t.Errorf("path = %s", p)
	}
	if c.Organization() != testOrg {
		t.Error("ForOrganization changed the original client")
	}
	if _, err := c.ForOrganization("bad org").GetRun(context.Background(), runID, nil); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("err = %v, want ErrInvalidArgument", err)
	}
	noOrg, _ := NewClient(WithToken("t"), WithBaseURL(srv.URL))
	if _, err := noOrg.GetRun(context.Background(), runID, nil); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("err = %v, want ErrInvalidConfig without an organization", err)
	}
}

func TestWithHTTPClient_KeepsCallerTransportAsBase(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	var used bool
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := NewClient(WithToken(testToken), WithOrganization(testOrg), WithBaseURL(srv.URL), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if !used {
		t.Error("the caller's transport was not used")
	}
	if srv.last().Header.Get("X-Tallyfy-Client") != "APIClient" {
		t.Error("the header layer was bypassed")
	}
	if hc.Transport == nil || hc.CheckRedirect != nil {
		t.Error("WithHTTPClient modified the caller's client")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestBaseURLParseErrorHidesThePassword(t *testing.T) {
	_, err := NewClient(WithToken("t"), WithBaseURL("https://me:SECRET@go.tallyfy.com:44x/api"))
	if !errors.Is(err, ErrInvalidConfig) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("err = %v", err)
	}
}

func TestTransportErrorsCarryNoQueryString(t *testing.T) {
	c, _ := NewClient(WithToken("t"), WithOrganization(testOrg), WithBaseURL("http://127.0.0.1:1"), WithMaxRetries(0))
	_, err := c.ListRunsPage(context.Background(), &ListRunsOptions{Query: "secret project"})
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "/organizations/org1/runs") {
		t.Errorf("err = %v", err)
	}
}
