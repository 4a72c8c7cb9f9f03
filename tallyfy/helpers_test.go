package tallyfy

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testToken = "tok_SECRET_0123456789"
	testOrg   = "org1"
	runID     = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
	taskID    = "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
	tplID     = "6f1e2d3c4b5a69788796a5b4c3d2e1f0"
)

// recorder is an httptest server whose handler the test sets, counting and
// keeping every request it receives.
type recorder struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
	hits     atomic.Int32
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		r.mu.Lock()
		r.requests = append(r.requests, req.Clone(context.Background()))
		r.mu.Unlock()
		h(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) last() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests[len(r.requests)-1]
}

// newTestClient points a client at srv with retries that do not sleep: the
// waits are recorded instead.
func newTestClient(t *testing.T, srv *httptest.Server, opts ...Option) (*Client, *[]time.Duration) {
	t.Helper()
	base := []Option{WithBaseURL(srv.URL), WithToken(testToken), WithOrganization(testOrg)}
	c, err := NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	waits := &[]time.Duration{}
	retryLayer(c).wait = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return c, waits
}

func retryLayer(c *Client) *retryTransport {
	hc := c.api.Client.(*http.Client)
	return hc.Transport.(*headerTransport).next.(*retryTransport)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../api/examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
