package tallyfy

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// ErrRedirected matches an answer that redirected the call elsewhere (a 3xx
// status) when the client did not follow it: every redirect of a write, and
// a read's redirect to another origin, from https to http, or past the
// fifth hop. The error is an *APIError whose StatusCode is the 3xx and
// whose Location says where the server pointed. A 303 to a write also
// matches ErrOutcomeUnknown: HTTP says the server handled the request, so
// the write may have been carried out; any other 3xx to a write means it
// was not carried out there.
var ErrRedirected = errors.New("tallyfy: redirected")

// maxRedirects bounds the hops a read follows.
const maxRedirects = 5

// redirectPolicy is the http.Client.CheckRedirect of every Client, run
// before the caller's own (next, which may be nil).
//
// A write never follows a redirect. net/http would resend a 307/308's body
// (to another host too, and from https to plain http) and turn a
// 301/302/303 into a GET whose answer came back as the write's result, so
// a write was repeated, or reported done when nothing was (issue 20). The
// 3xx itself becomes the answer: an *APIError matching ErrRedirected.
//
// A read follows at most maxRedirects hops, each to the origin (scheme and
// host) of the request it started from, so no hop leaves https or reaches
// another host; one that would is not followed and its 3xx is the answer.
func redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if isWrite(first.Method) || !sameOrigin(req.URL, first.URL) {
			return http.ErrUseLastResponse
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: %s %s: stopped after %d redirects", ErrRedirected, first.Method, first.URL.Path, len(via))
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// redirectLocation is a 3xx answer's Location as display text, resolved
// against the request's URL, without its query and fragment: they may hold
// a signed token or personal data, and an error prints it.
func redirectLocation(resp *http.Response) string {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return ""
	}
	u, err := url.Parse(loc)
	if err != nil {
		return displayText(loc, maxPathLen)
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL.ResolveReference(u)
	}
	u.RawQuery, u.Fragment, u.RawFragment, u.User = "", "", "", nil
	return displayText(u.String(), maxPathLen)
}
