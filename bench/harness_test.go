package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/bench/ogenclient"
	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// memTransport answers every request with body, without a network: P2 measures decoding, and
// all three clients go through the same kind of in-memory http.RoundTripper so they do the same
// work around it (the SDK cannot expose its decoder without adding public API, so it is reached
// through its public path).
type memTransport struct{ body []byte }

func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		ContentLength: int64(len(t.body)),
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		Request:       req,
	}, nil
}

// server is a loopback HTTP server that counts the TCP connections clients open to it.
type server struct {
	*httptest.Server
	conns atomic.Int64
}

func newServer(tb testing.TB, h http.Handler) *server {
	s := &server{Server: httptest.NewUnstartedServer(h)}
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// fixedBody serves body to every request, as the API would: JSON with a Content-Length.
func fixedBody(body []byte) http.Handler {
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{length}
		_, _ = w.Write(body)
	})
}

// pagedBodies serves pages[n-1] for ?page=n after latency, the simulated server time.
func pagedBodies(pages [][]byte, latency time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("page"))
		if err != nil || n < 1 || n > len(pages) {
			http.Error(w, `{"error":true,"message":"bad page"}`, http.StatusBadRequest)
			return
		}
		time.Sleep(latency)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{strconv.Itoa(len(pages[n-1]))}
		_, _ = w.Write(pages[n-1])
	})
}

// tunedTransport is what a careful user configures for one host shared by many goroutines, the
// same settings as the SDK's default base transport: enough idle connections per host.
func tunedTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 128
	return t
}

// defaultTransport is Go's http.DefaultTransport (MaxIdleConnsPerHost = 2), cloned so each
// benchmark has its own idle pool; the settings are the default's.
func defaultTransport() *http.Transport {
	return http.DefaultTransport.(*http.Transport).Clone()
}

// newSDK is the SDK client under test, with its defaults unless opts say otherwise.
func newSDK(tb testing.TB, baseURL string, opts ...tallyfy.Option) *tallyfy.Client {
	c, err := tallyfy.NewClient(append([]tallyfy.Option{
		tallyfy.WithToken(Token), tallyfy.WithOrganization(OrgID), tallyfy.WithBaseURL(baseURL),
	}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// raw is the floor: net/http and encoding/json into the generated models, with the headers
// every Tallyfy request needs and the status check any client must make.
type raw struct {
	hc      *http.Client
	baseURL string
}

func (c raw) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+Token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Tallyfy-Client", "APIClient")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func (c raw) GetRun(ctx context.Context, runID string) (*gen.Run, error) {
	var out gen.RunResponse
	if err := c.get(ctx, "/organizations/"+OrgID+"/runs/"+runID, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}

func (c raw) ListRunsPage(ctx context.Context, page, perPage int) (*gen.RunList, error) {
	var out gen.RunList
	path := "/organizations/" + OrgID + "/runs?page=" + strconv.Itoa(page) + "&per_page=" + strconv.Itoa(perPage)
	if err := c.get(ctx, path, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// bearer is ogen's security source.
type bearer struct{}

func (bearer) BearerAuth(context.Context, ogenclient.OperationName) (ogenclient.BearerAuth, error) {
	return ogenclient.BearerAuth{Token: Token}, nil
}

func newOgen(tb testing.TB, baseURL string, hc *http.Client) *ogenclient.Client {
	c, err := ogenclient.NewClient(baseURL, bearer{}, ogenclient.WithClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func ogenGetRun(ctx context.Context, c *ogenclient.Client, runID string) (*ogenclient.Run, error) {
	res, err := c.GetRun(ctx, ogenclient.GetRunParams{OrgID: OrgID, RunID: ogenclient.HexID(runID), XTallyfyClient: "APIClient"})
	if err != nil {
		return nil, err
	}
	r, ok := res.(*ogenclient.RunResponse)
	if !ok {
		return nil, fmt.Errorf("ogen GetRun: %T", res)
	}
	return &r.Data, nil
}

func ogenListRunsPage(ctx context.Context, c *ogenclient.Client, page, perPage int) (*ogenclient.RunList, error) {
	res, err := c.ListRuns(ctx, ogenclient.ListRunsParams{
		OrgID: OrgID, XTallyfyClient: "APIClient",
		Page: ogenclient.NewOptInt(page), PerPage: ogenclient.NewOptInt(perPage),
	})
	if err != nil {
		return nil, err
	}
	l, ok := res.(*ogenclient.RunList)
	if !ok {
		return nil, fmt.Errorf("ogen ListRuns: %T", res)
	}
	return l, nil
}
