package tallyfytest

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// serveHTTP answers one request. The checks run in the order of the request lifecycle of Laravel,
// the framework the live API runs on (match the route, authenticate, authorize, validate); the
// package documentation lists the sources it cites by key:
//
//  1. record the request, then answer an injected failure (FailNext, FailOn) if one is pending;
//  2. route with the spec: an unknown path is 404 ENDPOINT_NOT_FOUND (docs:postman-troubleshooting);
//     a known path with another method than GET is 405 with Allow (RFC 9110 §15.5.6);
//  3. a missing X-Tallyfy-Client header is also 404 ENDPOINT_NOT_FOUND (docs:api-index, which
//     also mentions 401; the fake picks one);
//  4. a missing or wrong bearer token is 401 (the spec's Unauthorized example);
//  5. an organization other than the served one is 403 (docs:postman-troubleshooting);
//  6. a request the spec forbids is 422 (query parameters; mcp:utils/fastmcp_errors.py) or 400
//     (path and header parameters; the spec's UnexpectedError);
//  7. the operation itself, where an unknown id is 404 RESOURCE_NOT_FOUND
//     (docs:postman-troubleshooting, docs:processes/get-process).
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	authenticated := s.authenticated(r)
	s.mu.Lock()
	s.seq++
	requestID := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.seq) // UUID-shaped, deterministic
	index := s.record(r, authenticated, requestID)
	failure, failing := s.popFailure(r.Method, r.URL.Path)
	s.mu.Unlock()

	w.Header().Set("X-Request-Id", requestID)
	sw := &statusWriter{ResponseWriter: w, record: func(status int) { s.setStatus(index, requestID, status) }}

	if failing {
		writeFailure(sw, failure)
		return
	}
	s.serveAPI(sw, r, authenticated)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, authenticated bool) {
	c, err := loadContract()
	if err != nil {
		writeError(w, http.StatusInternalServerError, apiError(true, "Server Error", ""))
		return
	}
	req := absolute(r)
	route, pathParams, err := c.router.FindRoute(req)
	if err != nil {
		if r.Method != http.MethodGet && s.knownPath(c, req) {
			w.Header().Set("Allow", http.MethodGet)
			writeError(w, http.StatusMethodNotAllowed, methodNotAllowed(r.Method))
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
	if pathParams["org_id"] != s.cfg.orgID {
		writeError(w, http.StatusForbidden, errForbidden)
		return
	}
	if status, body, bad := checkRequest(req, route, pathParams); bad {
		writeError(w, status, body)
		return
	}
	s.api.ServeHTTP(w, r)
}

// knownPath reports whether the path of req names an operation for some other method, so a POST
// to a read-only path says 405 rather than 404.
func (s *Server) knownPath(c *contract, req *http.Request) bool {
	get := req.Clone(req.Context())
	get.Method = http.MethodGet
	_, _, err := c.router.FindRoute(get)
	return err == nil
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
