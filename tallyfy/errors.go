package tallyfy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
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

// maxErrorBody bounds what is read of an error body and kept in
// APIError.Body: enough for any real error message, small enough to log or
// keep around.
const maxErrorBody = 8 << 10

// Bounds, in bytes, on the text an APIError shows (see APIError).
const (
	maxErrorMessage  = 1 << 10 // Message
	maxErrorCode     = 64      // Code
	maxRequestID     = 128     // RequestID
	maxErrorFields   = 8       // fields kept in Errors
	maxFieldName     = 64      // each field name
	maxFieldMessages = 3       // messages kept per field
	maxFieldMessage  = 128     // each message
	maxMethodLen     = 16      // Method, in Error()
	maxPathLen       = 256     // Path, in Error(); real paths are under 200
	maxCauseLen      = 128     // the context's cause, in Error()
	// maxErrorLen bounds Error(): the parts above add up to under 6 KiB
	// (TestAPIError_ErrorIsOneBoundedLineAServerCannotForge builds the worst).
	maxErrorLen = 8 << 10
)

// APIError is a non-2xx answer from the API.
//
// Its text fields come from the server and end up in logs and terminals, so
// they hold display text: one line, bounded, with nothing that can forge or
// disguise a line. Line breaks (CR, LF, VT, FF, tab, NEL, U+2028, U+2029)
// become a space; every other control character (C0, C1, DEL), format
// character (Unicode Cf: the bidi overrides and isolates U+202A..U+202E and
// U+2066..U+2069, zero-width characters, BOM) and invalid UTF-8 becomes
// U+FFFD, so that tampering shows. Message is cut at 1 KiB, Code at 64 bytes
// and RequestID at 128, on a rune boundary and ending in "…" when cut.
// Errors keeps the first 8 fields by name and the first 3 messages of each
// (names cut at 64 bytes, messages at 128); ErrorsOmitted counts the rest.
// Error() and LogValue apply the same rules to an APIError built by hand, so
// Error() is always one line of at most 8 KiB. Body keeps the raw bytes.
//
// An error body is read for at most 2 s and 8 KiB; what arrived by then is
// kept. When the caller's context ends before the call can do better than a
// non-2xx answer (during a retry wait, or while waiting for the next answer
// or reading a body), the call returns that last answer, and the APIError
// also wraps the context's cause: errors.Is(err, ErrRateLimited) and
// errors.Is(err, context.DeadlineExceeded) (or context.Canceled) both hold,
// and Error() ends with "; call ended: " and the cause.
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
	// ErrorsOmitted counts the validation messages the bounds left out of
	// Errors (a field left out with no message counts as one).
	ErrorsOmitted int
	// RequestID is the X-Request-Id response header, to quote to Tallyfy.
	RequestID string
	// RetryAfter is the wait the server asked for (429, 503), or 0.
	RetryAfter time.Duration
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Body is the start of the raw response body (at most 8 KiB), as
	// received: not display text.
	Body []byte
	// Location is where a 3xx answer pointed (ErrRedirected), resolved
	// against the request's URL and without its query and fragment, as
	// display text; "" for other answers.
	Location string

	// cause is the caller's context's cause when it had ended by the time
	// this answer was reported (see APIError).
	cause error
}

// Error returns one line: method, path, status, message, code and the
// validation messages, bounded and cleaned as described on APIError.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("tallyfy: ")
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", displayText(e.Method, maxMethodLen), displayText(e.Path, maxPathLen))
	}
	status := http.StatusText(e.StatusCode)
	fmt.Fprintf(&b, "%d %s", e.StatusCode, status)
	if msg := displayText(e.Message, maxErrorMessage); msg != "" && msg != status {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if code := displayText(e.Code, maxErrorCode); code != "" {
		fmt.Fprintf(&b, " (%s)", code)
	}
	// Bounded again: an APIError built by hand can hold anything.
	fields, omitted := boundFieldErrors(e.Errors)
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		fmt.Fprintf(&b, "; %s: %s", f, strings.Join(fields[f], " "))
	}
	if n := omitted + e.ErrorsOmitted; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	if e.StatusCode >= 300 && e.StatusCode <= 399 {
		fmt.Fprintf(&b, " (redirected to %q; not followed)", displayText(e.Location, maxPathLen))
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.cause != nil {
		// A cause from context.WithCancelCause can say anything.
		fmt.Fprintf(&b, "; call ended: %s", displayText(e.cause.Error(), maxCauseLen))
	}
	return b.String()
}

// Unwrap returns the caller's context's cause when it ended the call (see
// APIError), or nil.
func (e *APIError) Unwrap() error { return e.cause }

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
	case ErrRedirected:
		return e.StatusCode >= 300 && e.StatusCode <= 399
	}
	return false
}

// LogValue logs the error's facts without its body, bounded and cleaned as
// described on APIError.
func (e *APIError) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("status", e.StatusCode),
		slog.String("code", displayText(e.Code, maxErrorCode)),
		slog.String("message", displayText(e.Message, maxErrorMessage)),
		slog.String("request_id", displayText(e.RequestID, maxRequestID)),
	)
}

// newAPIError builds an *APIError from a non-2xx response and the start of
// its body. Only the first maxErrorBody bytes are parsed, whatever the caller
// read, so the cost of an error is bounded too.
func newAPIError(resp *http.Response, body []byte) *APIError {
	body = body[:min(len(body), maxErrorBody)]
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  displayText(resp.Header.Get("X-Request-Id"), maxRequestID),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		Body:       append([]byte(nil), body...),
	}
	if resp.Request != nil {
		e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
		// The retry layer hands back the caller's request: its context
		// tells whether the call ended before it could do better.
		e.cause = context.Cause(resp.Request.Context())
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Location = redirectLocation(resp)
	}
	code, message, fields := parseErrorBody(body)
	e.Code = displayText(code, maxErrorCode)
	e.Message = strings.TrimSpace(displayText(message, maxErrorMessage))
	e.Errors, e.ErrorsOmitted = boundFieldErrors(fields)
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

// ellipsis ends a text that was cut.
const ellipsis = "…"

// displayText makes a server's text safe for one line of a log or terminal,
// as described on APIError: line breaks become spaces, other control and
// format characters and invalid UTF-8 become U+FFFD, and a text over limit
// bytes is cut on a rune boundary and ends in "…". Its cost is bounded by
// limit, not by len(s).
func displayText(s string, limit int) string {
	if len(s) <= limit && utf8.ValidString(s) && !strings.ContainsFunc(s, isUnsafeText) {
		return s
	}
	buf := make([]byte, 0, min(len(s), limit))
	cut := 0 // the longest prefix that leaves room for the ellipsis
	for _, r := range s {
		switch {
		case r == '\t', r == '\n', r == '\v', r == '\f', r == '\r', r == '\u0085', r == '\u2028', r == '\u2029':
			r = ' '
		case isUnsafeText(r): // invalid UTF-8 is already utf8.RuneError
			r = utf8.RuneError
		}
		if len(buf)+utf8.RuneLen(r) > limit {
			return string(append(buf[:cut], ellipsis...))
		}
		buf = utf8.AppendRune(buf, r)
		if len(buf) <= limit-len(ellipsis) {
			cut = len(buf)
		}
	}
	return string(buf)
}

// boundFieldErrors keeps the first maxErrorFields fields by name and the
// first maxFieldMessages messages of each, as display text, and counts the
// messages left out (a field left out with none counts as one). It picks the
// fields in one pass without sorting them all, so a map of any size costs
// little.
func boundFieldErrors(m map[string][]string) (map[string][]string, int) {
	if len(m) == 0 {
		return nil, 0
	}
	names := make([]string, 0, maxErrorFields+1)
	total := 0
	for name, msgs := range m {
		total += max(1, len(msgs))
		if len(names) == maxErrorFields && name > names[len(names)-1] {
			continue
		}
		i, _ := slices.BinarySearch(names, name)
		names = slices.Insert(names, i, name)
		names = names[:min(len(names), maxErrorFields)]
	}
	out := make(map[string][]string, len(names))
	kept := 0
	for _, name := range names {
		// Two names may clean to one: their messages share its bounds.
		key := displayText(name, maxFieldName)
		list := out[key]
		if len(m[name]) == 0 {
			kept++
		}
		for _, msg := range m[name] {
			if len(list) == maxFieldMessages {
				break
			}
			list = append(list, displayText(msg, maxFieldMessage))
			kept++
		}
		out[key] = list
	}
	return out, total - kept
}

// parseErrorBody reads every error shape the API is known to send (see the
// Error schema in api/openapi.yaml). Each field is decoded on its own, so one
// field of an unexpected type (a numeric code, "errors": [] from PHP's empty
// array) does not lose the others. It never fails: an unreadable body just
// yields no code and no message.
func parseErrorBody(body []byte) (code, message string, fields map[string][]string) {
	raw, cutKey, cutValue := objectMembers(body)
	if raw == nil {
		return "", "", nil
	}
	code = scalarString(raw["code"])
	message = scalarString(raw["message"])
	errs := raw["errors"]
	// A body cut in its message or its field errors still shows their start.
	switch cutKey {
	case "message":
		message = partialString(cutValue)
	case "errors":
		errs = cutValue
	}
	fields = fieldErrors(errs)
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

// objectMembers decodes the members of a JSON object one at a time and keeps
// those that arrived whole, so a body cut short (at maxErrorBody, or by the
// time bound on reading it) still yields the members before the cut: the
// message comes before a long stack trace. The member the cut fell in is
// returned as cutKey with the raw start of its value, for the caller to
// salvage. members is nil when body is not an object.
func objectMembers(body []byte) (members map[string]json.RawMessage, cutKey string, cutValue []byte) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, "", nil
	}
	members = map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			break
		}
		// The offset is just past the key; the value follows its colon.
		start := dec.InputOffset()
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return members, key, bytes.TrimLeft(body[start:], " \t\r\n:")
		}
		members[key] = v
	}
	return members, "", nil
}

// partialString decodes the start of a JSON string cut short, ending it in
// "…"; "" when v is no string. A cut escape sequence is dropped: at most the
// last few bytes need trimming before the string closes cleanly.
func partialString(v []byte) string {
	if len(v) == 0 || v[0] != '"' {
		return ""
	}
	for trim := 0; trim < 8 && trim < len(v); trim++ {
		var s string
		if json.Unmarshal(append(v[:len(v)-trim:len(v)-trim], '"'), &s) == nil {
			return s + ellipsis
		}
	}
	return ""
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
// messages, single messages, or lists of error objects (keyed payloads such
// as prerun; the official MCP server's fastmcp_errors.py). A map cut short
// keeps the fields that arrived whole.
func fieldErrors(v json.RawMessage) map[string][]string {
	raw, _, _ := objectMembers(v)
	if len(raw) == 0 {
		return nil
	}
	out := make(map[string][]string, len(raw))
	for field, msgs := range raw {
		var items []json.RawMessage
		if json.Unmarshal(msgs, &items) != nil {
			items = []json.RawMessage{msgs}
		}
		var list []string
		for _, item := range items {
			if s := errorMessage(item); s != "" {
				list = append(list, s)
			}
		}
		out[field] = list
	}
	return out
}

// errorMessage renders one entry of a field's errors: a message, or an
// error object of a keyed payload (prerun, tasks) by its "message" member,
// else as compact JSON so nothing is lost.
func errorMessage(v json.RawMessage) string {
	if s := scalarString(v); s != "" {
		return s
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(v, &obj) != nil {
		return ""
	}
	if s := scalarString(obj["message"]); s != "" {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, v) != nil {
		return ""
	}
	return buf.String()
}
