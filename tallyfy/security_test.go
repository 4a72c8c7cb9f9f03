package tallyfy

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestDebugLog_RedactsCredentialsAndNeverLogsQueryOrBody(t *testing.T) {
	srv := newRecorder(t, nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-7")
		if srv.hits.Add(1) == 1 {
			writeJSON(w, 503, `{"message":"secret body `+testToken+`"}`)
			return
		}
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newTestClient(t, srv.Server, WithLogger(logger))
	if _, err := c.GetRun(context.Background(), runID, &GetRunOptions{With: []RunInclude{RunIncludeTags}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, leak := range []string{testToken, "secret body", "with=tags"} {
		if strings.Contains(out, leak) {
			t.Errorf("log contains %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{`"Authorization":"***"`, `"status":503`, `"status":200`, `"request_id":"req-7"`,
		`"attempt":1`, `"path":"/organizations/org1/runs/` + runID + `"`, `"X-Tallyfy-Client":"APIClient"`, `"duration":`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

func TestTokenNeverAppearsInErrors(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, `{"message":"Unauthenticated."}`)
	})
	c, _ := newTestClient(t, srv.Server)
	_, err := c.GetRun(context.Background(), runID, nil)
	if !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), testToken) {
		t.Errorf("err = %v", err)
	}
	_, err = NewClient(WithToken(testToken + "\n"))
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("config error leaks the token: %v", err)
	}
}

// A read follows a redirect only within its origin: one to another host
// (the same IP on another port is another origin), or from https to http,
// is the answer, typed, and nothing reaches the other origin.
func TestRedirectToAnotherOriginIsNotFollowed(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	}))
	defer other.Close()
	for _, code := range []int{301, 302, 303, 307, 308} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.Path+"?sig=secret", code)
		})
		c, _ := newTestClient(t, srv.Server)
		_, err := c.GetRun(context.Background(), runID, nil)
		var apiErr *APIError
		if !errors.Is(err, ErrRedirected) || !errors.As(err, &apiErr) || apiErr.StatusCode != code ||
			apiErr.Location != other.URL+"/organizations/"+testOrg+"/runs/"+runID {
			t.Errorf("%d: err = %v (%+v)", code, err, apiErr)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%d: the error shows Location's query: %v", code, err)
		}
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d requests reached the other origin", n)
	}
}

func TestRedirectFromHTTPSToHTTPIsNotFollowed(t *testing.T) {
	var reached atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	}))
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer tlsSrv.Close()
	c, _ := newTestClient(t, tlsSrv, WithHTTPClient(tlsSrv.Client()))
	_, err := c.GetRun(context.Background(), runID, nil)
	if !errors.Is(err, ErrRedirected) {
		t.Errorf("err = %v", err)
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d requests reached the plain-http server", n)
	}
}

// Within the origin a read follows, and the token goes along.
func TestRedirectWithinTheOriginIsFollowed(t *testing.T) {
	var auth string
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("moved") == "" {
			http.Redirect(w, r, r.URL.Path+"?moved=1", http.StatusFound)
			return
		}
		auth = r.Header.Get("Authorization")
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer "+testToken {
		t.Errorf("the hop within the origin was sent without the token")
	}
}

func TestRedirectLoopStops(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	c, _ := newTestClient(t, srv.Server)
	_, err := c.GetRun(context.Background(), runID, nil)
	if !errors.Is(err, ErrRedirected) || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("err = %v", err)
	}
	if srv.hits.Load() != 5 {
		t.Errorf("hops = %d, want 5", srv.hits.Load())
	}
}

func TestResponseSizeCap(t *testing.T) {
	big := `{"data":{"id":"` + runID + `","name":"` + strings.Repeat("x", 4096) + `"}}`
	cases := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"content-length over the cap", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(big)))
			writeJSON(w, 200, big)
		}},
		{"chunked over the cap", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := 0; i < len(big); i += 512 {
				_, _ = w.Write([]byte(big[i:min(i+512, len(big))]))
				w.(http.Flusher).Flush()
			}
		}},
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = zw.Write([]byte(`{"data":{"name":"`))
			_, _ = zw.Write(bytes.Repeat([]byte("A"), 10<<20))
			_ = zw.Close()
		}},
		{"error body over the cap", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, big) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, tc.handler)
			c, _ := newTestClient(t, srv.Server, WithMaxResponseBytes(1024))
			run, err := c.GetRun(context.Background(), runID, nil)
			if !errors.Is(err, ErrResponseTooLarge) || run != nil {
				t.Fatalf("run, err = %v, %v; want ErrResponseTooLarge", run, err)
			}
			if srv.hits.Load() != 1 {
				t.Errorf("attempts = %d: a too-large body is not retried", srv.hits.Load())
			}
		})
	}
}

func TestHostileInputsSendNothing(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	ids := map[string]string{
		"empty":         "",
		"slash":         "abc/def",
		"dot-dot":       "..",
		"traversal":     "../../users",
		"query":         "abc?x=1",
		"fragment":      "abc#x",
		"percent":       "abc%2F",
		"space":         "abc def",
		"tab":           "abc\tdef",
		"newline":       "abc\ndef",
		"nul":           "abc\x00",
		"unicode":       "abcé",
		"far too long":  strings.Repeat("a", 65),
		"very long hex": strings.Repeat("0", 4096),
	}
	for name, id := range ids {
		t.Run(name, func(t *testing.T) {
			calls := idCalls(ctx, c, id)
			maps.Copy(calls, map[string]func() error{
				"ListRunTasks": func() error {
					for _, err := range c.ListRunTasks(ctx, id, nil) {
						return err
					}
					return nil
				},
				"ForOrganization": func() error { _, err := c.ForOrganization(id).GetRun(ctx, runID, nil); return err },
				"ListRuns checklist": func() error {
					_, err := c.ListRunsPage(ctx, &ListRunsOptions{ChecklistID: id + "/"})
					return err
				},
			})
			for call, f := range calls {
				err := f()
				if !errors.Is(err, ErrInvalidArgument) && !errors.Is(err, ErrInvalidConfig) {
					t.Errorf("%s(%q): err = %v, want ErrInvalidArgument", call, id, err)
				} else if !strings.Contains(err.Error(), " id ") && !strings.Contains(err.Error(), "organization") {
					t.Errorf("%s: error %q does not name the bad id", call, err)
				}
			}
		})
	}
	t.Run("paging and includes", func(t *testing.T) {
		bad := []func() error{
			func() error { _, err := c.ListRunsPage(ctx, &ListRunsOptions{PerPage: 101}); return err },
			func() error { _, err := c.ListRunsPage(ctx, &ListRunsOptions{PerPage: -1}); return err },
			func() error { _, err := c.ListRunsPage(ctx, &ListRunsOptions{Page: -2}); return err },
			func() error {
				_, err := c.ListRunTasksPage(ctx, runID, &ListRunTasksOptions{PerPage: 1000})
				return err
			},
			func() error {
				_, err := c.GetRun(ctx, runID, &GetRunOptions{With: []RunInclude{"tasks,tags"}})
				return err
			},
			func() error { _, err := c.GetTask(ctx, taskID, &GetTaskOptions{With: []TaskInclude{""}}); return err },
			func() error { _, err := c.GetTemplate(ctx, tplID, &GetTemplateOptions{Version: -1}); return err },
			func() error { _, err := c.ListRunsPage(ctx, &ListRunsOptions{Tag: "x y"}); return err },
			func() error {
				_, err := c.ListRunsPage(ctx, &ListRunsOptions{TagIDs: []string{"ok", "a&b"}})
				return err
			},
			func() error { //nolint:staticcheck // a nil context is the point
				var nilCtx context.Context
				_, err := c.GetRun(nilCtx, runID, nil)
				return err
			},
			func() error {
				var nilCtx context.Context
				for _, err := range c.ListRuns(nilCtx, nil) {
					return err
				}
				return nil
			},
		}
		for i, f := range bad {
			if err := f(); !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("case %d: err = %v, want ErrInvalidArgument", i, err)
			}
		}
	})
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests were sent for invalid input", n)
	}
}

// net/http adds a Referer naming the previous URL, query included, to every
// redirect hop. The query holds search text and guest emails, so no hop may
// carry it, and neither may the debug log that prints the request headers.
func TestRedirectCarriesNoReferer(t *testing.T) {
	const guest = "ceo@acme.example"
	tasksPage := `{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":0,"links":[]}}}`
	for _, crossHost := range []bool{false, true} {
		t.Run(map[bool]string{false: "same host", true: "another host"}[crossHost], func(t *testing.T) {
			// Another host is not followed (TestRedirectToAnotherOriginIsNotFollowed):
			// what is checked there is that its 302 is not logged with the query.
			var mu sync.Mutex
			var referers []string
			record := func(r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				referers = append(referers, r.Header.Values("Referer")...)
			}
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				record(r)
				writeJSON(w, 200, tasksPage)
			}))
			defer other.Close()
			srv := newRecorder(t, nil)
			srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				record(r)
				if r.URL.Path == "/moved" {
					writeJSON(w, 200, tasksPage)
					return
				}
				target := "/moved"
				if crossHost {
					target = other.URL + "/moved"
				}
				http.Redirect(w, r, target, http.StatusFound)
			})
			var logs bytes.Buffer
			c, _ := newTestClient(t, srv.Server, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			_, err := c.ListRunTasksPage(context.Background(), runID, &ListRunTasksOptions{Guests: []string{guest}})
			if crossHost != errors.Is(err, ErrRedirected) {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(referers) != 0 {
				t.Errorf("a hop received Referer %q", referers)
			}
			for _, leak := range []string{"guests=", "acme", "?"} {
				if strings.Contains(logs.String(), leak) {
					t.Errorf("debug log shows the query (%q):\n%s", leak, logs.String())
				}
			}
		})
	}
}

// List filters are comma-joined on the wire (groups=g1,g2), so an element
// with a comma would reach the server as two; the others would change what
// the filter means. Each is refused before anything is sent.
func TestListFiltersRefuseWhatTheWireWouldChange(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	runs := map[string]ListRunsOptions{
		"group with a comma":  {Groups: []string{"g1,g2"}},
		"empty group":         {Groups: []string{"g1", ""}},
		"group with a space":  {Groups: []string{"g 1"}},
		"folder with a slash": {Folder: "f/1"},
		"folder with a comma": {Folder: "f1,f2"},
		"folder with a NUL":   {Folder: "f\x00"},
		"tag id with a comma": {TagIDs: []string{"t1,t2"}},
	}
	for name, o := range runs {
		t.Run("ListRuns/"+name, func(t *testing.T) {
			if _, err := c.ListRunsPage(ctx, &o); !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("err = %v, want ErrInvalidArgument", err)
			}
			for _, err := range c.ListRuns(ctx, &o) {
				if !errors.Is(err, ErrInvalidArgument) {
					t.Errorf("iterator: err = %v, want ErrInvalidArgument", err)
				}
			}
		})
	}
	tasks := map[string]ListRunTasksOptions{
		"group with a comma":        {Groups: []string{"g1,g2"}},
		"empty group":               {Groups: []string{""}},
		"guest with a comma":        {Guests: []string{"a@b.example,c@d.example"}},
		"empty guest":               {Guests: []string{""}},
		"guest without @":           {Guests: []string{"ceo.acme.example"}},
		"guest with two @":          {Guests: []string{"a@b@c.example"}},
		"guest with nothing before": {Guests: []string{"@acme.example"}},
		"guest with nothing after":  {Guests: []string{"ceo@"}},
		"guest with a newline":      {Guests: []string{"ceo@acme.example\nx"}},
		"guest with a space":        {Guests: []string{"ceo @acme.example"}},
		"guest with a bidi control": {Guests: []string{"ceo@acme\u202e.example"}},
		"guest far too long":        {Guests: []string{strings.Repeat("a", 250) + "@acme.example"}},
	}
	for name, o := range tasks {
		t.Run("ListRunTasks/"+name, func(t *testing.T) {
			if _, err := c.ListRunTasksPage(ctx, runID, &o); !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("err = %v, want ErrInvalidArgument", err)
			}
			for _, err := range c.ListRunTasks(ctx, runID, &o) {
				if !errors.Is(err, ErrInvalidArgument) {
					t.Errorf("iterator: err = %v, want ErrInvalidArgument", err)
				}
			}
		})
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests were sent for invalid filters", n)
	}
}

func TestValidateGuests_AcceptsRealAddresses(t *testing.T) {
	for _, e := range []string{"a@b.example", "first.last+tag@sub.acme.co.uk", "o'neil@acme.example", "jürgen@exämple.de", strings.Repeat("a", 240) + "@acme.example"} {
		if err := validateGuests([]string{e}); err != nil {
			t.Errorf("validateGuests(%q) = %v", e, err)
		}
	}
	err := validateGuests([]string{"ok@acme.example", "secret.person,x@acme.example"})
	if !errors.Is(err, ErrInvalidArgument) || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "guest email 2 of 2") {
		t.Errorf("err = %v: want the position, not the address", err)
	}
}

// TestIDs_DocumentedFormatIsCheckedBeforeSending: run, task, template and tag
// ids are 32 lowercase hex characters; anything else fails with
// ErrInvalidArgument and nothing is sent (it used to come back as a 400).
func TestIDs_DocumentedFormatIsCheckedBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, `{"message":"bad"}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	for _, id := range []string{"nope", strings.ToUpper(runID), runID[:31], runID + "0", "g3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6"} {
		calls := idCalls(ctx, c, id)
		maps.Copy(calls, map[string]func() error{
			"ListRunsPage tag": func() error { _, err := c.ListRunsPage(ctx, &ListRunsOptions{Tag: id}); return err },
		})
		for name, call := range calls {
			if err := call(); !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "32 lowercase hex") {
				t.Errorf("%s(%q): err = %v, want ErrInvalidArgument naming the format", name, id, err)
			}
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
	// Organization and group ids are only known to be strings.
	if _, err := c.ForOrganization("org-1").ListRunsPage(ctx, &ListRunsOptions{Groups: []string{"finance"}}); errors.Is(err, ErrInvalidArgument) {
		t.Errorf("a non-hex organization or group id was refused: %v", err)
	}
}

// idCalls are the calls that take an id in their path, each given id.
func idCalls(ctx context.Context, c *Client, id string) map[string]func() error {
	return map[string]func() error{
		"GetRun":      func() error { _, err := c.GetRun(ctx, id, nil); return err },
		"GetTask":     func() error { _, err := c.GetTask(ctx, id, nil); return err },
		"GetTemplate": func() error { _, err := c.GetTemplate(ctx, id, nil); return err },
		"ListRunTasksPage": func() error {
			_, err := c.ListRunTasksPage(ctx, id, nil)
			return err
		},
	}
}
