package tallyfytest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// A Failure is an answer FailNext or FailOn injects in place of the normal one, to test retries,
// backoff and error handling.
type Failure struct {
	// Status is the HTTP status to answer; 0 means 500.
	Status int
	// RetryAfter is the Retry-After header value, sent as given: seconds ("12") as the API sends,
	// or an HTTP-date to test clients that accept one. Empty sends no header. A 429 without it
	// breaks the spec, which requires the header on 429.
	RetryAfter string
	// Body is the response body, sent as given with Content-Type application/json. Nil sends the
	// body the API sends for Status: the spec's example error for 401, 403, 404, 429 (code
	// RATE_LIMIT_EXCEEDED) and 500, Laravel's validation body for 422, and for any other status
	// {"error": true, "message": STATUS TEXT}.
	Body []byte
	// AfterHandling serves the request first, with every side effect (a run launched, a task
	// completed, a comment stored), throws its answer away and only then answers the failure: the
	// write whose outcome the client cannot know, as when a gateway answers 502 or 504 after the
	// API did the work. Without it the failure answers before anything happens, as a 429 does.
	// The docs warn that writes may have partly run on a 5xx and have no idempotency key
	// (docs:api-index, docs:handling-idempotency; cli:client.go retries no write on 5xx).
	AfterHandling bool
	// Disconnect drops the connection instead of answering: the client gets a transport error
	// and no status (Status, RetryAfter and Body are ignored). With AfterHandling the request is
	// served first; without it nothing happens on the server.
	Disconnect bool
}

// pendingFailure is a Failure with the number of requests it still answers and, for FailOn, the
// requests it answers: method is "" for any method, segments nil for any path.
type pendingFailure struct {
	f        Failure
	left     int
	method   string
	segments []string
}

// matches reports whether a request for method and path is one this failure answers.
func (p *pendingFailure) matches(method, path string) bool {
	if p.method != "" && !strings.EqualFold(p.method, method) {
		return false
	}
	if p.segments == nil {
		return true
	}
	got := strings.Split(path, "/")
	if len(got) != len(p.segments) {
		return false
	}
	for i, want := range p.segments {
		if want == "*" && got[i] == "" || want != "*" && want != got[i] {
			return false
		}
	}
	return true
}

// FailNext makes the next n requests, whatever their method, path or credentials, answer f
// instead of their normal answer. Calls queue up: FailNext(2, a) then FailNext(1, b) answers a,
// a, b. The failed requests are recorded like any other. n <= 0 does nothing.
func (s *Server) FailNext(n int, f Failure) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, pendingFailure{f: f, left: n})
}

// FailOn makes the next n requests whose method and path match answer f instead of their normal
// answer; other requests are served as usual. method is compared without regard to case, and ""
// or "*" matches any method. pathPattern is a request path in which a "*" segment matches exactly
// one non-empty segment: "/organizations/*/runs/*" matches getRun for any organization and run,
// but neither listRuns nor listRunTasks. The query string is not matched. It panics when
// pathPattern does not start with "/". n <= 0 does nothing.
//
// When several failures could answer a request, FailNext's come first: while one is pending it
// answers the next request, whatever it is, and FailOn's wait. Then FailOn's, in the order they
// were added: the first that matches answers. A request uses up at most one failure, and like
// FailNext's, a FailOn failure answers before any other check (path, header, token, parameters).
func (s *Server) FailOn(method, pathPattern string, n int, f Failure) {
	if !strings.HasPrefix(pathPattern, "/") {
		panic(fmt.Sprintf("tallyfytest: FailOn path pattern %q does not start with /", pathPattern))
	}
	if n <= 0 {
		return
	}
	if method == "*" {
		method = ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failOn = append(s.failOn, pendingFailure{f: f, left: n, method: method, segments: strings.Split(pathPattern, "/")})
}

// popFailure takes the failure a request for method and path must answer, if any, in the order
// FailOn documents. The caller holds s.mu.
func (s *Server) popFailure(method, path string) (Failure, bool) {
	if len(s.failNext) > 0 {
		return take(&s.failNext, 0), true
	}
	for i := range s.failOn {
		if s.failOn[i].matches(method, path) {
			return take(&s.failOn, i), true
		}
	}
	return Failure{}, false
}

// take uses up one answer of the i-th pending failure, dropping it when none is left.
func take(pending *[]pendingFailure, i int) Failure {
	p := &(*pending)[i]
	p.left--
	f := p.f
	if p.left == 0 {
		*pending = slices.Delete(*pending, i, i+1)
	}
	return f
}

func writeFailure(w http.ResponseWriter, f Failure) int {
	if f.Disconnect {
		// net/http closes the connection without an answer and logs nothing for this value.
		panic(http.ErrAbortHandler)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if status == http.StatusTooManyRequests {
		// The API's rate limiter reports the exhausted window with the 429
		// (docs:postman-troubleshooting: "Retry-After and X-RateLimit-Remaining headers").
		w.Header().Set("X-RateLimit-Remaining", "0")
	}
	body := f.Body
	if body == nil {
		body = errorJSON(defaultFailureBody(status))
	}
	writeBody(w, status, body)
	return status
}

// defaultFailureBody is the body the API sends with status: the spec's examples for 401, 403, 404,
// 429 (code RATE_LIMIT_EXCEEDED, docs:api-index) and 500; Laravel's validation body for 422
// (mcp:utils/fastmcp_errors.py); for the rest, the `{"error": true, "message"}` form
// (cli:types.go) with the status text, which Tallyfy does not document.
func defaultFailureBody(status int) gen.Error {
	switch status {
	case http.StatusUnauthorized:
		return errUnauthenticated
	case http.StatusForbidden:
		return errForbidden
	case http.StatusNotFound:
		return errResourceNotFound
	case http.StatusUnprocessableEntity:
		return validationError(map[string][]string{})
	case http.StatusTooManyRequests:
		return apiError(false, "Too Many Attempts.", "RATE_LIMIT_EXCEEDED")
	case http.StatusInternalServerError:
		return apiError(true, "Server Error", "")
	}
	text := http.StatusText(status)
	if text == "" {
		text = "Error"
	}
	return apiError(true, text, "")
}
