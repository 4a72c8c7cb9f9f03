package tallyfytest

import (
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/gen"
)

// A Failure is an answer FailNext injects in place of the normal one, to test retries, backoff
// and error handling.
type Failure struct {
	// Status is the HTTP status to answer; 0 means 500.
	Status int
	// RetryAfter is the Retry-After header value, sent as given: seconds ("12") as the API sends,
	// or an HTTP-date to test clients that accept one. Empty sends no header. A 429 without it
	// breaks the spec, which requires the header on 429.
	RetryAfter string
	// Body is the response body, sent as given with Content-Type application/json. Nil sends the
	// body the API sends for Status (see defaultFailureBody).
	Body []byte
}

// pendingFailure is a Failure with the number of requests it still answers.
type pendingFailure struct {
	f    Failure
	left int
}

// FailNext makes the next n requests, whatever their path or credentials, answer f instead of
// their normal answer. Calls queue up: FailNext(2, a) then FailNext(1, b) answers a, a, b. The
// failed requests are recorded like any other. n <= 0 does nothing.
func (s *Server) FailNext(n int, f Failure) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, pendingFailure{f: f, left: n})
}

// popFailure takes the failure the current request must answer, if any. The caller holds s.mu.
func (s *Server) popFailure() (Failure, bool) {
	if len(s.failures) == 0 {
		return Failure{}, false
	}
	f := s.failures[0].f
	s.failures[0].left--
	if s.failures[0].left == 0 {
		s.failures = slices.Delete(s.failures, 0, 1)
	}
	return f, true
}

func writeFailure(w http.ResponseWriter, f Failure) int {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if status == http.StatusTooManyRequests {
		// The API's rate limiter reports the exhausted window with the 429.
		w.Header().Set("X-RateLimit-Remaining", "0")
	}
	body := f.Body
	if body == nil {
		body = errorJSON(defaultFailureBody(status))
	}
	writeBody(w, status, body)
	return status
}

// defaultFailureBody is the body the API sends with status, from the spec's examples and the
// reference notes: Laravel's own wording for 401, 422 and 429, the `{"error": true, ...}` form for
// the rest.
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
