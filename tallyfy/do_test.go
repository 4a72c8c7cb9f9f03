package tallyfy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestDo_ReachesAnUntypedEndpointThroughTheClient(t *testing.T) {
	var gotBody, gotPath, gotQuery, gotHeader, gotAuth string
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotBody, gotPath, gotQuery = string(b), r.URL.EscapedPath(), r.URL.RawQuery
		gotHeader, gotAuth = r.Header.Get("X-Tallyfy-Client"), r.Header.Get("Authorization")
		writeJSON(w, 201, `{"data":{"id":"c1","content":"Looks good"}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	var out struct {
		Data struct {
			ID      string `json:"id"`
			Content string `json:"content"`
		} `json:"data"`
	}
	path := c.OrganizationPath("tasks", taskID, "comments")
	err := c.Do(context.Background(), http.MethodPost, path, url.Values{"with": {"author"}}, map[string]string{"content": "Looks good"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Data.ID != "c1" || gotBody != `{"content":"Looks good"}` || gotPath != "/organizations/"+testOrg+"/tasks/"+taskID+"/comments" ||
		gotQuery != "with=author" || gotHeader != "APIClient" || gotAuth != "Bearer "+testToken {
		t.Errorf("out %+v; server saw %s %s?%s body %s, X-Tallyfy-Client %q", out, http.MethodPost, gotPath, gotQuery, gotBody, gotHeader)
	}
}

func TestDo_ErrorsAreTypedAndWritesAreNotRepeated(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{"message":"down"}`)
	})
	c, _ := newTestClient(t, srv.Server)
	err := c.Do(context.Background(), http.MethodPost, c.OrganizationPath("runs"), nil, map[string]string{"name": "x"}, nil)
	if !errors.Is(err, ErrServer) {
		t.Errorf("err = %v, want ErrServer", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("a POST answered 503 was sent %d times, want once", n)
	}
	if err := c.Do(context.Background(), http.MethodGet, c.OrganizationPath("runs"), nil, nil, nil); !errors.Is(err, ErrServer) || srv.hits.Load() < 3 {
		t.Errorf("a GET answered 503: err = %v after %d requests, want retries", err, srv.hits.Load())
	}
}

func TestDo_RefusesPathsThatLeaveTheAPI(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	c, _ := newTestClient(t, srv.Server)
	for _, p := range []string{"runs", "/organizations/../admin", "/a//b", "/a?b=c", "/a#b", "/a b", "/a\\b", "/a/."} {
		if err := c.Do(context.Background(), "GET", p, nil, nil, nil); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("path %q: err = %v, want ErrInvalidArgument", p, err)
		}
	}
	for _, m := range []string{"", "get", "GET /x", "PO ST"} {
		if err := c.Do(context.Background(), m, "/x", nil, nil, nil); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("method %q: err = %v, want ErrInvalidArgument", m, err)
		}
	}
	if err := c.Do(context.Background(), "POST", "/x", nil, make(chan int), nil); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unencodable body: err = %v", err)
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
	if p := c.OrganizationPath("runs", "a/b?c"); !strings.HasSuffix(p, "/runs/a%2Fb%3Fc") {
		t.Errorf("OrganizationPath does not escape: %s", p)
	}
}
