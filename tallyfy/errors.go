package tallyfy

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Sentinels matched by an *APIError with errors.Is, one per class of answer.
var (
	ErrUnauthorized = errors.New("tallyfy: unauthorized")    // 401
	ErrForbidden    = errors.New("tallyfy: forbidden")       // 403
	ErrNotFound     = errors.New("tallyfy: not found")       // 404
	ErrValidation   = errors.New("tallyfy: invalid request") // 400 and 422
	ErrRateLimited  = errors.New("tallyfy: rate limited")    // 429
	ErrServer       = errors.New("tallyfy: server error")    // 5xx
)

// Errors raised by the client itself, before or after the exchange.
var (
	// ErrInvalidArgument: an id, page size or other argument was refused
	// before any request was sent.
	ErrInvalidArgument = errors.New("tallyfy: invalid argument")
	// ErrInvalidConfig: the token, base URL or another setting is unusable.
	ErrInvalidConfig = errors.New("tallyfy: invalid configuration")
	// ErrInvalidResponse: a 2xx answer whose body is not what the API
	// promises (not JSON, truncated, no "data").
	ErrInvalidResponse = errors.New("tallyfy: invalid response")
	// ErrResponseTooLarge: the body exceeded WithMaxResponseBytes.
	ErrResponseTooLarge = errors.New("tallyfy: response too large")
	// ErrTooManyPages: a list iteration reached WithMaxPages and the server
	// says more pages follow. The pages up to the limit were yielded.
	ErrTooManyPages = errors.New("tallyfy: too many pages")
)

// maxErrorBody bounds APIError.Body: enough for any real error message,
// small enough to log or keep around.
const maxErrorBody = 8 << 10

// APIError is a non-2xx answer from the API.
type APIError struct {
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Code is the API's machine-readable code, e.g. "RESOURCE_NOT_FOUND",
	// or "" when the body had none.
	Code string
	// Message is the API's human-readable message, or the status text.
	Message string
	// Errors holds validation messages by field (422 answers).
	Errors map[string][]string
	// RequestID is the X-Request-Id response header, to quote to Tallyfy.
	RequestID string
	// RetryAfter is the wait the server asked for (429, 503), or 0.
	RetryAfter time.Duration
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Body is the start of the raw response body (at most 8 KiB).
	Body []byte
}

// Error returns one line: method, path, status, message and code.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("tallyfy: ")
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" && e.Message != http.StatusText(e.StatusCode) {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if len(e.Errors) > 0 {
		fields := make([]string, 0, len(e.Errors))
		for f := range e.Errors {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			fmt.Fprintf(&b, "; %s: %s", f, strings.Join(e.Errors[f], " "))
		}
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other sentinels work.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// LogValue logs the error's facts without its body.
func (e *APIError) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("status", e.StatusCode),
		slog.String("code", e.Code),
		slog.String("message", e.Message),
		slog.String("request_id", e.RequestID),
	)
}

// newAPIError builds an *APIError from a non-2xx response whose body has
// already been read (at most the size cap).
func newAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get("X-Request-Id"),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	if resp.Request != nil {
		e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
	}
	e.Code, e.Message, e.Errors = parseErrorBody(body)
	e.Body = append([]byte(nil), body[:min(len(body), maxErrorBody)]...)
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

// parseErrorBody reads every error shape the API is known to send (see the
// Error schema in api/openapi.yaml). Each field is decoded on its own, so one
// field of an unexpected type (a numeric code, "errors": [] from PHP's empty
// array) does not lose the others. It never fails: an unreadable body just
// yields no code and no message.
func parseErrorBody(body []byte) (code, message string, fields map[string][]string) {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return "", "", nil
	}
	code = scalarString(raw["code"])
	message = scalarString(raw["message"])
	fields = fieldErrors(raw["errors"])
	if nested := raw["error"]; len(nested) > 0 {
		// "error" is true, a string code (OAuth), or an object (409).
		var detail map[string]json.RawMessage
		if json.Unmarshal(nested, &detail) == nil {
			if code == "" {
				code = scalarString(detail["code"])
			}
			if message == "" {
				message = scalarString(detail["message"])
			}
		} else if s := scalarString(nested); code == "" && s != "true" && s != "false" {
			code = s
		}
	}
	if message == "" && len(fields) > 0 {
		message = "The given data was invalid."
	}
	return code, strings.TrimSpace(message), fields
}

// scalarString renders a JSON string, number or boolean as text; anything
// else is "".
func scalarString(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String()
	}
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return fmt.Sprint(b)
	}
	return ""
}

// fieldErrors reads Laravel's validation map, whose values are lists of
// messages or, from some endpoints, single strings.
func fieldErrors(v json.RawMessage) map[string][]string {
	var raw map[string]json.RawMessage
	if json.Unmarshal(v, &raw) != nil || len(raw) == 0 {
		return nil
	}
	out := make(map[string][]string, len(raw))
	for field, msgs := range raw {
		var list []string
		if json.Unmarshal(msgs, &list) != nil {
			if s := scalarString(msgs); s != "" {
				list = []string{s}
			}
		}
		out[field] = list
	}
	return out
}
