package tallyfy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Client calls the Tallyfy API for one organization. It is safe for
// concurrent use; share one Client (and its connections) across goroutines.
type Client struct {
	cfg   *config // shared by ForOrganization copies; never modified
	api   *gen.Client
	base  http.RoundTripper
	orgID string
}

// NewClient returns a client configured by opts. WithToken is required; the
// organization may be given later with ForOrganization. Configuration errors
// wrap ErrInvalidConfig and never contain the token.
func NewClient(opts ...Option) (*Client, error) {
	return newClient(defaultConfig(), opts)
}

// NewClientFromEnv is NewClient with defaults read from the environment:
// TALLYFY_ACCESS_TOKEN (or TALLYFY_API_TOKEN), TALLYFY_ORG_ID and
// TALLYFY_BASE_URL. Options given here override the environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	configFromEnv(cfg)
	return newClient(cfg, opts)
}

func newClient(cfg *config, opts []Option) (*Client, error) {
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	hc := &http.Client{}
	var base http.RoundTripper = defaultBaseTransport()
	if cfg.httpClient != nil {
		copied := *cfg.httpClient
		hc = &copied
		if hc.Transport != nil {
			base = hc.Transport
		}
	}
	// Ours first, whatever the caller's client says: its rules are what
	// keeps a write from being repeated or turned into a GET.
	hc.CheckRedirect = redirectPolicy(hc.CheckRedirect)
	hc.Transport = newTransport(cfg, base)
	api, err := gen.NewClient(cfg.baseURL.String(), gen.WithHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	return &Client{cfg: cfg, api: api, base: base, orgID: cfg.orgID}, nil
}

// ForOrganization returns a copy of c that addresses orgID. The copy shares
// c's connections and settings, so it is cheap; an invalid orgID is reported
// by the copy's first call.
func (c *Client) ForOrganization(orgID string) *Client {
	copied := *c
	copied.orgID = orgID
	return &copied
}

// CloseIdleConnections closes the connections the client keeps open for
// reuse, e.g. before a long idle period. The client stays usable.
func (c *Client) CloseIdleConnections() {
	if t, ok := c.base.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// Organization returns the organization id the client addresses.
func (c *Client) Organization() string { return c.orgID }

// prepare checks what every call needs before anything is sent.
func (c *Client) prepare(ctx context.Context, ids ...string) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	if c.orgID == "" {
		return fmt.Errorf("%w: no organization: use WithOrganization, ForOrganization or set %s", ErrInvalidConfig, EnvOrgID)
	}
	if err := validateOrgID(c.orgID); err != nil {
		return err
	}
	for i := 0; i+1 < len(ids); i += 2 {
		if err := validateID(ids[i], ids[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// exchange runs a generated client call and returns the body of a 2xx
// answer; anything else becomes an *APIError or a transport error.
func exchange(call func() (*http.Response, error)) ([]byte, error) {
	resp, err := call()
	if err != nil {
		// net/http's *url.Error quotes the URL; its query may hold search
		// text or guest emails, which errors promise not to carry.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			if u, perr := url.Parse(uerr.URL); perr == nil {
				u.RawQuery = ""
				uerr.URL = u.String()
			}
		}
		return nil, err
	}
	defer resp.Body.Close()
	body, err := readBody(resp)
	if err != nil {
		if isTooLarge(err) && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			// A 2xx: the server did what was asked (a write was carried
			// out), only its answer is too large to read.
			return nil, fmt.Errorf("%w: %s %s: the %d answer: %w", ErrInvalidResponse, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, err)
		}
		if isTooLarge(err) {
			return nil, err
		}
		// Cut short (the connection closed or reset mid-body): what arrived
		// is not the answer.
		return nil, fmt.Errorf("%w: %s %s: reading the %d response: %w", ErrInvalidResponse, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newAPIError(resp, body)
	}
	// The exact "application/json" the API sends needs no parsing (which
	// allocates); anything else is parsed and checked.
	if ct := resp.Header.Get("Content-Type"); ct != "" && ct != "application/json" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, fmt.Errorf("%w: %s %s: %d with Content-Type %q, want application/json", ErrInvalidResponse, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, ct)
		}
	}
	return body, nil
}

// readBody reads the whole body, allocating at most readRatio times its
// length plus readSlack (budget.go): the decode budget takes the rest. A
// claimed Content-Length is trusted with 1 MiB up front; once that much has
// arrived, the buffer grows to the claimed length in one step instead of
// doubling (each doubling copies what was read: a 2.4 MB body took three
// allocations and two copies) when the claim is at most four times what
// arrived; otherwise it doubles. The size cap bounds every claim. A body of
// at least minPooledBody bytes is read into a buffer kept from an earlier
// call when there is one (releaseBody). A body without a length (a
// compressed answer, which net/http decompresses) is read by readUnsized.
func readBody(resp *http.Response) ([]byte, error) {
	const upFront = 1 << 20
	n := resp.ContentLength
	if n <= 0 {
		return readUnsized(resp.Body)
	}
	var buf []byte
	if n >= minPooledBody {
		if p, ok := bodyBuffers.Get().(*[]byte); ok {
			buf = (*p)[:0]
		}
	}
	if cap(buf) < int(min(n, upFront))+1 {
		buf = make([]byte, 0, min(n, upFront)+1) // +1: a body longer than claimed is read to its end
	}
	for {
		if len(buf) == cap(buf) {
			// Doubling, except that once 1 MiB has arrived the buffer goes
			// to the claimed length in one step, if that is at most 4 times
			// what arrived: a claim far beyond what is sent costs no more.
			size := 2 * cap(buf)
			if want := n + 1; int64(len(buf)) >= upFront && want > int64(len(buf)) && want <= 4*int64(len(buf)) {
				size = int(want)
			}
			buf = slices.Grow(buf, size-len(buf))
		}
		m, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// Bodies of at least minPooledBody bytes (pages of a list, large runs) are
// read into buffers that bodyBuffers keeps for the next call once the body is
// decoded: allocating and clearing a 2.4 MB buffer per call, and growing it,
// cost as much as a tenth of decoding it (BENCHMARKS.md, P2). Nothing decoded
// refers to the buffer (the decoder copies strings, and the bytes it hands an
// UnmarshalJSON method). Buffers over maxPooledBody are left to the GC, and
// sync.Pool drops idle ones after two collections.
const (
	minPooledBody = 32 << 10
	maxPooledBody = 8 << 20
)

var bodyBuffers sync.Pool // *[]byte

// releaseBody gives back the buffer of a body exchange returned, once it is
// decoded: callers defer it after exchange. Only those: any other buffer
// (a test's, a fuzzer's) may still be in use.
func releaseBody(body []byte) {
	if cap(body) >= minPooledBody && cap(body) <= maxPooledBody {
		p := new([]byte) // not &body: body would be moved to the heap on every call
		*p = body
		bodyBuffers.Put(p)
	}
}

// item decodes a Fractal item envelope {"data": {...}}.
func item[T any](body []byte) (*T, error) {
	var env struct {
		Data *T `json:"data"`
	}
	if err := decodeJSON(body, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, fmt.Errorf("%w: the response has no \"data\" object", ErrInvalidResponse)
	}
	return env.Data, nil
}

// list decodes a Fractal collection envelope {"data": [...], "meta": {...}}.
func list[T any](body []byte) (*Page[T], error) {
	var env struct {
		Data *[]T         `json:"data"`
		Meta gen.ListMeta `json:"meta"`
	}
	if err := decodeJSON(body, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, fmt.Errorf("%w: the response has no \"data\" list", ErrInvalidResponse)
	}
	// A page holds at most its per_page items. Memory is bounded before
	// decoding (decodeJSON prices every body first, budget.go); this refuses a server that contradicts
	// itself, whose paging could not be trusted either.
	if pp := env.Meta.Pagination.PerPage; pp > 0 && len(*env.Data) > pp {
		return nil, fmt.Errorf("%w: the page holds %d items, more than its per_page of %d", ErrInvalidResponse, len(*env.Data), pp)
	}
	return &Page[T]{Items: *env.Data, Pagination: env.Meta.Pagination}, nil
}

// decodeJSON is the one place response bodies are decoded. Every shape the
// API is documented to send decodes (package shape); anything else fails the
// call with ErrInvalidResponse naming where in the body it went wrong.
//
// Decoding allocates at most decodeBudget(len(body)) bytes, whatever the
// body's shape (budget.go): each decoding pass is priced before it runs, and
// a body whose price does not fit fails with ErrResponseTooLarge before
// anything is decoded. v is reset to its zero value first, which is what the
// prices are for.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("%w: empty body", ErrInvalidResponse)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("%w: decoding needs a non-nil pointer, got %T", ErrInvalidArgument, v)
	}
	rv.Elem().SetZero()
	budget := decodeBudget(len(body))
	spent, err := unmarshalWithin(body, v, budget)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errOverBudget):
		return fmt.Errorf("%w: the %d-byte body would take more than %d times its size to decode", ErrResponseTooLarge, len(body), maxDecodeRatio)
	case errors.Is(err, ErrInvalidResponse): // not JSON: nothing was decoded
		return err
	}
	return fmt.Errorf("%w: %s", ErrInvalidResponse, describeDecodeError(body, v, err, budget-spent))
}

// describeDecodeError says where a body failed to decode. The fast decoder
// does not report the JSON path of an error inside a value of package
// shape's types, so on this (rare) path the body is decoded again with
// encoding/json, which does, when that decoding's price fits left, what is
// left of the call's decode budget (a body of many type errors costs
// encoding/json an error each: 30 to 49 times the body, issue 20); otherwise
// the first decoder's error is described. Either way the value an error
// quotes (a number's literal) is cut short.
func describeDecodeError(body []byte, v any, err error, left int64) string {
	const messageCost = 4 << 10 // formatting the message
	rv := reflect.ValueOf(v)
	if _, _, perr := priceDecode(body, rv.Type().Elem(), stdModel, left-messageCost); perr == nil {
		rv.Elem().SetZero()
		var typeErr *json.UnmarshalTypeError
		if stdErr := json.Unmarshal(body, v); errors.As(stdErr, &typeErr) && typeErr.Field != "" {
			return fmt.Sprintf("at %s: got a JSON %s, want %s", shortText(typeErr.Field), shortText(typeErr.Value), goTypeName(typeErr.Type))
		}
	}
	return describeError(err)
}

// goTypeName names a Go type without the package paths of the generated and
// shape types, which mean nothing to a reader of an error.
func goTypeName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	name := t.String()
	for _, qualifier := range []string{"github.com/tallyfy-go/sdk/v2/gen.", "github.com/tallyfy-go/sdk/v2/shape.", "gen.", "shape.", "*"} {
		name = strings.ReplaceAll(name, qualifier, "")
	}
	return name
}
