// Package spectest validates HTTP exchanges against api/openapi.yaml with
// kin-openapi. It is shared by the conformance suite (which checks the SDK's
// requests and the answers it gets) and the fake server's tests (which check
// the fake's answers, including to requests that break the spec on purpose).
package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

var strictOnce sync.Once

// UseStrictDateTime makes kin-openapi check date-time values by parsing them
// as RFC 3339, as Go clients will: its default regular expression accepts a
// missing zone and impossible dates. The registry is global to the process.
func UseStrictDateTime() {
	strictOnce.Do(func() {
		openapi3.DefineStringFormatValidator("date-time", openapi3.NewCallbackValidator(func(s string) error {
			_, err := time.Parse(time.RFC3339Nano, s)
			return err
		}))
	})
}

// A Validator is an http.RoundTripper that validates every exchange passing
// through it and records what breaks the spec; it never fails the exchange
// itself.
type Validator struct {
	next          http.RoundTripper
	doc           *openapi3.T
	router        routers.Router
	checkRequests bool

	mu         sync.Mutex
	exchanges  int
	violations []error
}

// New returns a Validator for doc with its servers rewritten to baseURL, so
// requests to a test server find their operation. With checkRequests the
// requests are validated too (and an unknown path is a violation); without,
// only responses are, and a response to an unknown path must be an Error.
func New(doc *openapi3.T, baseURL string, next http.RoundTripper, checkRequests bool) (*Validator, error) {
	UseStrictDateTime()
	doc.Servers = openapi3.Servers{{URL: strings.TrimRight(baseURL, "/")}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &Validator{next: next, doc: doc, router: router, checkRequests: checkRequests}, nil
}

// CheckCredentials is the security check of a validated request: each
// scheme of the spec must be present, since it cannot check a token's worth
// (bearerAuth: an "Authorization: Bearer" header; tallyfyClient, an API-key
// scheme: its header, non-empty).
func CheckCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	h := in.RequestValidationInput.Request.Header
	switch {
	case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
		if v := h.Get("Authorization"); len(v) < 8 || !strings.EqualFold(v[:7], "Bearer ") {
			return fmt.Errorf("security scheme %s: no Authorization: Bearer header", in.SecuritySchemeName)
		}
	case s.Type == "apiKey" && s.In == "header":
		if strings.TrimSpace(h.Get(s.Name)) == "" {
			return fmt.Errorf("security scheme %s: no %s header", in.SecuritySchemeName, s.Name)
		}
	}
	return nil
}

// RoundTrip sends req and validates the exchange.
func (v *Validator) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	where := req.Method + " " + req.URL.RequestURI()
	route, params, routeErr := v.router.FindRoute(req)
	var in *openapi3filter.RequestValidationInput
	if routeErr == nil {
		in = &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{
				AuthenticationFunc:  CheckCredentials,
				SkipSettingDefaults: true,
				MultiError:          true,
			},
		}
	}
	if v.checkRequests {
		switch {
		case routeErr != nil:
			v.fail(fmt.Errorf("request %s: no operation in the spec: %w", where, routeErr))
		default:
			if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
				v.fail(fmt.Errorf("request %s: %w", where, err))
			}
			if err := CheckUnexploded(route, req.URL); err != nil {
				v.fail(fmt.Errorf("request %s: %w", where, err))
			}
		}
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		v.fail(fmt.Errorf("response to %s: reading the body: %w", where, err))
		return resp, nil
	}
	if in != nil {
		err = ValidateResponse(ctx, in, resp.StatusCode, resp.Header, body)
	} else {
		err = v.validateError(resp.StatusCode, body)
	}
	if err != nil {
		v.fail(fmt.Errorf("response %d to %s: %w", resp.StatusCode, where, err))
	}
	v.mu.Lock()
	v.exchanges++
	v.mu.Unlock()
	return resp, nil
}

// validateError checks the answer to a request the spec has no operation
// for: it must be an error with one of the spec's error bodies.
func (v *Validator) validateError(status int, body []byte) error {
	if status < 400 {
		return fmt.Errorf("status %d for a path the spec does not describe", status)
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	return v.doc.Components.Schemas["Error"].Value.VisitJSON(value)
}

// ValidateResponse checks one response against the route's operation. The
// spec's `default` response describes errors, so a 1xx–3xx status must be
// declared explicitly.
func ValidateResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	if status < 400 && in.Route.Operation.Responses.Status(status) == nil {
		return fmt.Errorf("status %d is not declared by %s", status, in.Route.Operation.OperationID)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(ctx, out)
}

// CheckUnexploded reports a style=form, explode=false parameter sent as
// repeated keys (with=a&with=b) instead of one comma-separated value;
// kin-openapi reads the first and ignores the rest.
func CheckUnexploded(route *routers.Route, u *url.URL) error {
	q := u.Query()
	for _, p := range route.Operation.Parameters {
		if p.Value.In != "query" || p.Value.Explode == nil || *p.Value.Explode {
			continue
		}
		if n := len(q[p.Value.Name]); n > 1 {
			return fmt.Errorf("query parameter %q is explode=false but was sent %d times: %s", p.Value.Name, n, u.RawQuery)
		}
	}
	return nil
}

func (v *Validator) fail(err error) {
	v.mu.Lock()
	v.violations = append(v.violations, err)
	v.mu.Unlock()
}

// Violations returns what broke the spec so far, joined (nil if nothing).
func (v *Validator) Violations() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return errors.Join(v.violations...)
}

// Since returns the violations recorded after the first n, joined (nil
// when there are none): those of one step of a test sharing the Validator.
func (v *Validator) Since(n int) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return errors.Join(v.violations[min(n, len(v.violations)):]...)
}

// Count returns how many violations were recorded.
func (v *Validator) Count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.violations)
}

// Exchanges returns how many exchanges were validated.
func (v *Validator) Exchanges() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.exchanges
}
