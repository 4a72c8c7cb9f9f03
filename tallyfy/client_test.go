package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestGetRun_DecodesRunWithIncludes(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.with-includes.json"))
	})
	c, _ := newTestClient(t, srv.Server)

	run, err := c.GetRun(context.Background(), runID, &GetRunOptions{
		With: []RunInclude{RunIncludeChecklist, RunIncludeTasks, RunIncludeTags}, FormFieldsValues: true})
	if err != nil {
		t.Fatal(err)
	}
	if run.ID != runID || run.Name != "Onboarding - Globex Corp" || run.StartedBy != 1002 {
		t.Errorf("run = %+v", run)
	}
	if run.Checklist == nil || run.Checklist.Data.Title != "Client Onboarding V3" {
		t.Errorf("checklist include = %+v", run.Checklist)
	}
	if run.Tasks == nil || len(run.Tasks) != 3 || run.Tasks[1].Owners.Guests[0] != "ops@globex.example" {
		t.Errorf("tasks include = %+v", run.Tasks)
	}
	if run.Tags == nil || run.Tags[0].Title != "Enterprise" {
		t.Errorf("tags include = %+v", run.Tags)
	}
	if v, _ := run.Prerun.Get("1a2b3c4d5e6f708192a3b4c5d6e7f809"); string(v) != `"Globex Corporation"` {
		t.Errorf("prerun = %v", run.Prerun)
	}
	// Timestamps with and without milliseconds both decode.
	if run.StartedAt == nil || !run.StartedAt.Equal(run.CreatedAt) {
		t.Errorf("started_at %v, created_at %v", run.StartedAt, run.CreatedAt)
	}
	if run.CompletedAt != nil {
		t.Errorf("completed_at = %v, want nil for null", run.CompletedAt)
	}

	req := srv.last()
	if req.URL.Path != "/organizations/org1/runs/"+runID {
		t.Errorf("path = %s", req.URL.Path)
	}
	if want := "with=checklist,tasks,tags&form_fields_values=true"; req.URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", req.URL.RawQuery, want)
	}
}

func TestGetRun_NilOptionsSendsNoQuery(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if q := srv.last().URL.RawQuery; q != "" {
		t.Errorf("RawQuery = %q, want empty", q)
	}
}

func TestGetTask_And_GetTemplate(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "/tasks/"):
			writeJSON(w, 200, fixture(t, "getTask.200.form-fields.json"))
		default:
			writeJSON(w, 200, fixture(t, "getTemplate.200.steps.json"))
		}
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()

	task, err := c.GetTask(ctx, taskID, &GetTaskOptions{With: []TaskInclude{TaskIncludeFormFields, TaskIncludeRun}})
	if err != nil {
		t.Fatal(err)
	}
	if task.FormFields == nil || len(task.FormFields) != 2 || task.FormFields[0].Value != "DHL tracking 12345" {
		t.Errorf("form fields = %+v", task.FormFields)
	}
	if want := "with=form_fields,run"; srv.last().URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", srv.last().URL.RawQuery, want)
	}

	tpl, err := c.GetTemplate(ctx, tplID, &GetTemplateOptions{With: []TemplateInclude{TemplateIncludeSteps, TemplateIncludeTags}, EntireFolderTree: true, Version: 3})
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Steps == nil || tpl.Steps[0].Captures == nil || len(tpl.Prerun) != 1 {
		t.Errorf("template = %+v", tpl)
	}
	if want := "with=steps,tags&entire_folder_tree=1&version=3"; srv.last().URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", srv.last().URL.RawQuery, want)
	}
	if p := srv.last().URL.Path; p != "/organizations/org1/checklists/"+tplID {
		t.Errorf("path = %s", p)
	}
}

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
