package tallyfy

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"
)

// DefaultBaseURL is the documented production base URL.
const DefaultBaseURL = "https://go.tallyfy.com/api"

// Defaults for the settings the options change.
const (
	DefaultMaxRetries       = 4
	DefaultMaxRetryDelay    = 30 * time.Second
	DefaultRequestTimeout   = 60 * time.Second
	DefaultMaxResponseBytes = 64 << 20
	DefaultMaxPages         = 10_000
)

// Environment variables read by NewClientFromEnv.
const (
	EnvAccessToken = "TALLYFY_ACCESS_TOKEN"
	EnvAPIToken    = "TALLYFY_API_TOKEN" // accepted when EnvAccessToken is unset
	EnvOrgID       = "TALLYFY_ORG_ID"
	EnvBaseURL     = "TALLYFY_BASE_URL"
)

// An Option configures a Client in NewClient and NewClientFromEnv.
type Option func(*config) error

type config struct {
	token            string
	orgID            string
	rawBaseURL       string
	baseURL          *url.URL
	httpClient       *http.Client
	maxRetries       int
	maxRetryDelay    time.Duration
	requestTimeout   time.Duration
	maxResponseBytes int64
	appUserAgent     string
	logger           *slog.Logger
	paging           pageLimits
	// ratePerSecond and rateBurst are WithRateLimit's (0: no pacing).
	ratePerSecond float64
	rateBurst     int
}

func defaultConfig() *config {
	return &config{
		rawBaseURL:       DefaultBaseURL,
		maxRetries:       DefaultMaxRetries,
		maxRetryDelay:    DefaultMaxRetryDelay,
		requestTimeout:   DefaultRequestTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
		logger:           slog.New(slog.DiscardHandler),
		paging:           pageLimits{maxPages: DefaultMaxPages},
	}
}

// WithToken sets the bearer token: a personal access token from Settings >
// Integrations > REST API, or an OAuth access token.
func WithToken(token string) Option {
	return func(c *config) error { c.token = token; return nil }
}

// WithOrganization sets the organization every call addresses.
func WithOrganization(orgID string) Option {
	return func(c *config) error { c.orgID = orgID; return nil }
}

// WithBaseURL points the client at another host, e.g. https://api.tallyfy.com
// or a tallyfytest server. Plain http is accepted only for loopback hosts.
func WithBaseURL(baseURL string) Option {
	return func(c *config) error { c.rawBaseURL = baseURL; return nil }
}

// WithHTTPClient makes the client send through hc. Its Transport (or the
// SDK's own tuned transport when nil) becomes the base of the client's
// transport chain; its Timeout, Jar and CheckRedirect are kept. An error
// from that transport with a method Retryable() bool that returns false is
// final: the call fails with it at once (a dry run, a circuit breaker).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return fmt.Errorf("%w: WithHTTPClient(nil)", ErrInvalidConfig)
		}
		c.httpClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (default 4;
// 0 disables retries).
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("%w: WithMaxRetries(%d) is negative", ErrInvalidConfig, n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithMaxRetryDelay caps the wait between attempts, including a server's
// Retry-After (default 30 s).
func WithMaxRetryDelay(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithMaxRetryDelay(%s) must be positive", ErrInvalidConfig, d)
		}
		c.maxRetryDelay = d
		return nil
	}
}

// WithRequestTimeout bounds each attempt, reading the body included (default
// 60 s). The context passed to a call bounds the whole call, retries included.
func WithRequestTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithRequestTimeout(%s) must be positive", ErrInvalidConfig, d)
		}
		c.requestTimeout = d
		return nil
	}
}

// WithUserAgent puts an application's name and version before the SDK's own
// User-Agent, e.g. "acme-sync/2.1".
func WithUserAgent(product string) Option {
	return func(c *config) error {
		if strings.ContainsFunc(product, isControl) {
			return fmt.Errorf("%w: user agent contains a control character", ErrInvalidConfig)
		}
		c.appUserAgent = strings.TrimSpace(product)
		return nil
	}
}

// WithLogger sends a debug record for every attempt (method, path, status,
// duration, request id) to logger. Credentials are logged as ***, bodies and
// query strings never. The default discards everything.
func WithLogger(logger *slog.Logger) Option {
	return func(c *config) error {
		if logger == nil {
			logger = slog.New(slog.DiscardHandler)
		}
		c.logger = logger
		return nil
	}
}

// WithMaxResponseBytes caps a response body (default 64 MiB); a larger one
// fails with ErrResponseTooLarge instead of filling memory. The cap counts
// the body as decoded from its Content-Encoding: a few kilobytes of gzip
// that inflate past it stop there.
//
// A body under the cap is bounded too, whatever its shape: reading and
// decoding it allocate at most 16 times its (decompressed) size, plus 96 KiB.
// Before each decoding pass the body is priced against the Go type it
// decodes into, and one that would take more fails with ErrResponseTooLarge
// before anything is decoded; real bodies take 4 to 11 times their size. So
// n also bounds what one call allocates: about 16*n (1 GiB at the default);
// lower it where memory is scarce or many calls run at once. The bound does
// not cover what a caller's own UnmarshalJSON or UnmarshalText methods
// allocate, for types passed to Do.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("%w: WithMaxResponseBytes(%d) must be positive", ErrInvalidConfig, n)
		}
		c.maxResponseBytes = n
		return nil
	}
}

// WithPrefetch lets the list iterators fetch up to n pages ahead while the
// caller works through the current one (default 0: one page at a time).
// Memory grows to n+1 pages; order is preserved.
func WithPrefetch(n int) Option {
	return func(c *config) error {
		if n < 0 || n > 16 {
			return fmt.Errorf("%w: WithPrefetch(%d) must be between 0 and 16", ErrInvalidConfig, n)
		}
		c.paging.prefetch = n
		return nil
	}
}

// WithMaxPages bounds how many pages one list iteration fetches (default
// 10,000). A list with more pages yields those pages, then an error matching
// ErrTooManyPages: a server claiming endless pages is stopped, and a long
// list is never cut short silently. Fetch the rest from the next page on
// (ListRunsOptions.Page) or narrow the filter.
func WithMaxPages(n int) Option {
	return func(c *config) error {
		if n < 1 || n > maxPage {
			return fmt.Errorf("%w: WithMaxPages(%d) must be between 1 and %d", ErrInvalidConfig, n, maxPage)
		}
		c.paging.maxPages = n
		return nil
	}
}

// validate checks the settings that would otherwise fail at the first
// request, or worse, succeed dangerously (a token over plain http).
func (c *config) validate() error {
	if c.token == "" {
		return fmt.Errorf("%w: no token: use WithToken or set %s", ErrInvalidConfig, EnvAccessToken)
	}
	if err := validateToken(c.token); err != nil {
		return err
	}
	if c.orgID != "" {
		if err := validateOrgID(c.orgID); err != nil {
			return err
		}
	}
	u, err := parseBaseURL(c.rawBaseURL)
	if err != nil {
		return err
	}
	c.baseURL = u
	return nil
}

func (c *config) userAgent() string {
	ua := fmt.Sprintf("tallyfy-go/%s (%s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if c.appUserAgent != "" {
		ua = c.appUserAgent + " " + ua
	}
	return ua
}

// validateToken refuses tokens that would corrupt the request: a CR or LF
// would split the header, other control characters and spaces cannot be part
// of a bearer token (RFC 6750 b64token). The token never appears in the error.
func validateToken(token string) error {
	for i := 0; i < len(token); i++ {
		if b := token[i]; b <= ' ' || b >= 0x7f {
			return fmt.Errorf("%w: token contains a space, control or non-ASCII character at byte %d", ErrInvalidConfig, i)
		}
	}
	return nil
}

// parseBaseURL accepts an absolute http(s) URL without credentials, query or
// fragment; plain http only to a loopback host, where no token can be sniffed.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		// url.Error quotes the whole URL, password included: keep its reason only.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("%w: base URL is not a URL: %v", ErrInvalidConfig, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: base URL %q: scheme must be https (or http for loopback)", ErrInvalidConfig, u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("%w: base URL %q has no host", ErrInvalidConfig, u.Redacted())
	case u.User != nil:
		return nil, fmt.Errorf("%w: base URL %q must not carry credentials: use WithToken", ErrInvalidConfig, u.Redacted())
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, fmt.Errorf("%w: base URL %q must not have a fragment", ErrInvalidConfig, u.Redacted())
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("%w: base URL %q must not have a query", ErrInvalidConfig, u.Redacted())
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("%w: base URL %q: plain http is only allowed for loopback hosts; use https", ErrInvalidConfig, u.Redacted())
	}
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// configFromEnv reads the documented environment variables.
func configFromEnv(c *config) {
	if tok := os.Getenv(EnvAccessToken); tok != "" {
		c.token = tok
	} else if tok := os.Getenv(EnvAPIToken); tok != "" {
		c.token = tok
	}
	if org := os.Getenv(EnvOrgID); org != "" {
		c.orgID = org
	}
	if base := os.Getenv(EnvBaseURL); base != "" {
		c.rawBaseURL = base
	}
}
