package tallyfytest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// A Request is one request the server received, as Requests reports it.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path, e.g. /organizations/<org>/runs.
	Path string
	// RawQuery is the query string as sent, without the "?".
	RawQuery string
	// Header is a copy of the request headers. Credentials are masked: Authorization keeps its
	// scheme ("Bearer ***"), Cookie and Proxy-Authorization read "***", so a test log that prints
	// a Request never shows a token.
	Header http.Header
	// Authenticated reports whether the request carried the server's bearer token.
	Authenticated bool
	// RequestID is the X-Request-Id the server answered with.
	RequestID string
	// Body is the request body as sent (up to 8 MiB), nil when there was none.
	Body []byte
	// Status is the status the server answered; 0 until the answer is written, and 0 for a
	// request whose connection a Disconnect failure dropped.
	Status int
}

// Query parses RawQuery.
func (r Request) Query() url.Values {
	q, _ := url.ParseQuery(r.RawQuery) // a malformed pair is dropped, as net/http does
	return q
}

// Requests returns the requests received since the server started or was last reset, oldest
// first. Requests answered by FailNext or FailOn are included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r
		out[i].Header = r.Header.Clone()
		out[i].Body = slices.Clone(r.Body)
	}
	return out
}

// ClearRequests forgets the recorded requests, keeping the data and any pending failures.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// record stores r and returns its index, so the status can be filled in once answered. The caller
// holds s.mu.
func (s *Server) record(r *http.Request, body []byte, authenticated bool, requestID string) int {
	s.requests = append(s.requests, Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		RawQuery:      r.URL.RawQuery,
		Header:        maskedHeader(r.Header),
		Body:          body,
		Authenticated: authenticated,
		RequestID:     requestID,
	})
	return len(s.requests) - 1
}

// setStatus fills in the answer of request i, unless the requests were cleared in the meantime.
func (s *Server) setStatus(i int, requestID string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i < len(s.requests) && s.requests[i].RequestID == requestID {
		s.requests[i].Status = status
	}
}

func maskedHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for _, key := range []string{"Authorization", "Proxy-Authorization"} {
		for i, v := range out[key] {
			if scheme, _, ok := strings.Cut(v, " "); ok {
				out[key][i] = scheme + " ***"
			} else {
				out[key][i] = "***"
			}
		}
	}
	for i := range out["Cookie"] {
		out["Cookie"][i] = "***"
	}
	return out
}
