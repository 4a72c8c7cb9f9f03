package tallyfytest

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveHTTP answers one request. The checks run in the order of the request lifecycle of Laravel,
// the framework the live API runs on (match the route, authenticate, authorize, validate); the
// package documentation lists the sources it cites by key:
//
//  1. record the request, then answer an injected failure (FailNext, FailOn) if one is pending,
//     after serving the request when the failure says AfterHandling;
//  2. route with the spec: an unknown path is 404 ENDPOINT_NOT_FOUND (docs:postman-troubleshooting);
//     a known path with a method the spec does not serve there is 405 with Allow (RFC 9110 §15.5.6);
//  3. a missing X-Tallyfy-Client header is also 404 ENDPOINT_NOT_FOUND (docs:api-index, which
//     also mentions 401; the fake picks one);
//  4. a missing or wrong bearer token is 401 (the spec's Unauthorized example);
//  5. an organization other than the served one is 403 (docs:postman-troubleshooting); /me paths
//     have none;
//  6. a request the spec forbids is 422 (query parameters and body fields;
//     mcp:utils/fastmcp_errors.py) or 400 (path and header parameters; the spec's UnexpectedError);
//  7. the operation itself, where an unknown id is 404 RESOURCE_NOT_FOUND
//     (docs:postman-troubleshooting, docs:processes/get-process).
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	authenticated := s.authenticated(r)
	body, tooLarge := readBody(r)
	s.mu.Lock()
	s.seq++
	requestID := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.seq) // UUID-shaped, deterministic
	index := s.record(r, body, authenticated, requestID)
	failure, failing := s.popFailure(r.Method, r.URL.Path)
	s.mu.Unlock()

	w.Header().Set("X-Request-Id", requestID)
	sw := &statusWriter{ResponseWriter: w, record: func(status int) { s.setStatus(index, requestID, status) }}

	switch {
	case failing && failure.AfterHandling:
		// The request is served, side effects and all, and its answer thrown away: the client
		// sees only the failure, as when a gateway times out after the API did the work.
		s.serveAPI(discardWriter{header: http.Header{}}, r, body, authenticated, tooLarge)
		writeFailure(sw, failure)
	case failing:
		writeFailure(sw, failure)
	default:
		s.serveAPI(sw, r, body, authenticated, tooLarge)
	}
}

// maxBody caps the request bodies the fake reads; the API documents no limit, and a test has no
// reason to send more.
const maxBody = 8 << 20

// readBody reads the request body into memory, so it can be validated, recorded and then decoded
// by the handler; r.Body is replaced by a reader over the same bytes. tooLarge reports a body
// over maxBody, which is answered 413.
func readBody(r *http.Request) (body []byte, tooLarge bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false
	}
	body, _ = io.ReadAll(io.LimitReader(r.Body, maxBody+1)) // a body cut short reads as invalid JSON
	_ = r.Body.Close()
	if len(body) > maxBody {
		body, tooLarge = body[:maxBody], true
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, tooLarge
}

// discardWriter swallows the answer of a request served before an AfterHandling failure.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, body []byte, authenticated, tooLarge bool) {
	c, err := loadContract()
	if err != nil {
		writeError(w, http.StatusInternalServerError, apiError(true, "Server Error", ""))
		return
	}
	req := absolute(r)
	req.Body = io.NopCloser(bytes.NewReader(body)) // the validator reads its own copy
	route, pathParams, err := c.findRoute(req)
	if err != nil {
		if allowed := allowedMethods(c, req); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeError(w, http.StatusMethodNotAllowed, methodNotAllowed(r.Method, allowed))
			return
		}
		writeError(w, http.StatusNotFound, errEndpointNotFound)
		return
	}
	if strings.TrimSpace(r.Header.Get("X-Tallyfy-Client")) == "" {
		writeError(w, http.StatusNotFound, errEndpointNotFound)
		return
	}
	if !authenticated {
		writeError(w, http.StatusUnauthorized, errUnauthenticated)
		return
	}
	// /me and /me/organizations name no organization: they are the token's own (R5, R6 of the
	// spec; cli:resources.go), so only paths with an org_id are checked.
	if org, ok := pathParams["org_id"]; ok && org != s.cfg.orgID {
		writeError(w, http.StatusForbidden, errForbidden)
		return
	}
	if tooLarge {
		writeError(w, http.StatusRequestEntityTooLarge, apiError(true, http.StatusText(http.StatusRequestEntityTooLarge), ""))
		return
	}
	if status, body, bad := checkRequest(req, route, pathParams); bad {
		writeError(w, status, body)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	w, recorded := s.recordActivity(w, r, route, pathParams) // the activity feed (activity.go)
	s.api.ServeHTTP(w, r)
	recorded()
}

// allowedMethods lists the methods the spec serves on the path of req, in a fixed order, so a
// PATCH to a known path says 405 with Allow rather than 404. It is empty for an unknown path.
func allowedMethods(c *contract, req *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == req.Method {
			continue
		}
		other := req.Clone(req.Context())
		other.Method = m
		if _, _, err := c.findRoute(other); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// authenticated compares the bearer token in constant time; the token is never logged, echoed or
// recorded. The scheme is matched without regard to case, as RFC 9110 §11.1 says of auth-schemes.
func (s *Server) authenticated(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.cfg.token)) == 1
}

// absolute returns a copy of r whose URL carries a scheme and host, which the spec router needs
// to match the server URL it was given (see loadContract).
func absolute(r *http.Request) *http.Request {
	req := r.Clone(r.Context())
	req.URL.Scheme = "http"
	if r.TLS != nil {
		req.URL.Scheme = "https"
	}
	req.URL.Host = r.Host
	if req.URL.Host == "" {
		req.URL.Host = "127.0.0.1"
	}
	return req
}

// statusWriter records the status in Requests as it is written, before any byte reaches the
// client: a test that reads Requests right after its response arrives must see the status.
type statusWriter struct {
	http.ResponseWriter
	record  func(status int)
	written bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.written {
		w.written = true
		w.record(status)
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
