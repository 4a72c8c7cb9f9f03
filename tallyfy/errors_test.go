package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestAPIError_ParsesEveryDocumentedBody(t *testing.T) {
	cases := []struct {
		name, body    string
		status        int
		code, message string
		fields        int
	}{
		{"error true with code", `{"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"}`, 404, "RESOURCE_NOT_FOUND", "Resource not found", 0},
		{"laravel message", `{"message":"Unauthenticated."}`, 401, "", "Unauthenticated.", 0},
		{"nested error object", `{"error":{"code":"SEAT_POOL_EXHAUSTED","message":"No seats","details":{"pool_type":"full"}}}`, 409, "SEAT_POOL_EXHAUSTED", "No seats", 0},
		{"errors map with message", `{"message":"The given data was invalid.","errors":{"per_page":["too big"],"q":["bad"]}}`, 422, "", "The given data was invalid.", 2},
		{"errors map without message", `{"error":true,"errors":{"field_name":["The field_name is required."]}}`, 422, "", "The given data was invalid.", 1},
		{"oauth string error", `{"error":"invalid_client"}`, 401, "invalid_client", "Unauthorized", 0},
		{"rate limit", `{"message":"You've reached the hourly limit","code":"RATE_LIMIT_EXCEEDED"}`, 429, "RATE_LIMIT_EXCEEDED", "You've reached the hourly limit", 0},
		{"html page", `<html><body>Bad Gateway</body></html>`, 502, "", "Bad Gateway", 0},
		{"empty body", ``, 503, "", "Service Unavailable", 0},
		{"json array", `[1,2]`, 500, "", "Internal Server Error", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tc.status, tc.body) })
			c, _ := newTestClient(t, srv.Server, WithMaxRetries(0))
			_, err := c.GetTask(context.Background(), taskID, nil)
			var e *APIError
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if e.StatusCode != tc.status || e.Code != tc.code || e.Message != tc.message || len(e.Errors) != tc.fields {
				t.Errorf("APIError = %+v", e)
			}
			if string(e.Body) != tc.body {
				t.Errorf("Body = %q", e.Body)
			}
			if e.Method != "GET" || e.Path != "/organizations/org1/tasks/"+taskID {
				t.Errorf("Method/Path = %s %s", e.Method, e.Path)
			}
			if !strings.Contains(err.Error(), tc.message) || (tc.code != "" && !strings.Contains(err.Error(), tc.code)) {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

func TestAPIError_SentinelsMatchOnlyTheirStatus(t *testing.T) {
	sentinels := map[error][]int{
		ErrUnauthorized: {401},
		ErrForbidden:    {403},
		ErrNotFound:     {404},
		ErrValidation:   {400, 422},
		ErrRateLimited:  {429},
		ErrServer:       {500, 502, 503, 504, 599},
	}
	for _, status := range []int{400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 599} {
		e := &APIError{StatusCode: status}
		for sentinel, statuses := range sentinels {
			want := false
			for _, s := range statuses {
				want = want || s == status
			}
			if got := errors.Is(e, sentinel); got != want {
				t.Errorf("errors.Is(%d, %v) = %v, want %v", status, sentinel, got, want)
			}
		}
	}
}

func TestAPIError_BodyIsBounded(t *testing.T) {
	big := `{"message":"` + strings.Repeat("x", 100<<10) + `"}`
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, big) })
	c, _ := newTestClient(t, srv.Server)
	_, err := c.GetRun(context.Background(), runID, nil)
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if len(e.Body) != maxErrorBody {
		t.Errorf("len(Body) = %d, want %d", len(e.Body), maxErrorBody)
	}
}

func TestAPIError_ErrorStringListsValidationFields(t *testing.T) {
	e := &APIError{StatusCode: 422, Message: "The given data was invalid.", Errors: map[string][]string{"q": {"bad"}, "per_page": {"too big"}}}
	want := "tallyfy: 422 Unprocessable Entity: The given data was invalid.; per_page: too big; q: bad"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
}

func TestSuccessBodiesThatAreNotTheAPIsAreInvalidResponses(t *testing.T) {
	cases := []struct {
		name, contentType, body string
	}{
		{"html with 200", "text/html", "<html>maintenance</html>"},
		{"json with a wrong content type", "text/plain", fixture(t, "getRun.200.minimal.json")},
		{"empty body", "application/json", ""},
		{"data null", "application/json", `{"data":null}`},
		{"no data", "application/json", `{"meta":{}}`},
		{"truncated", "application/json", `{"data":{"id":"3f2a`},
		{"invalid json", "application/json", `{"data":{,}}`},
		{"wrong type", "application/json", `{"data":{"id":42}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				_, _ = w.Write([]byte(tc.body))
			})
			c, _ := newTestClient(t, srv.Server)
			run, err := c.GetRun(context.Background(), runID, nil)
			if !errors.Is(err, ErrInvalidResponse) || run != nil {
				t.Fatalf("run, err = %v, %v; want nil, ErrInvalidResponse", run, err)
			}
			if srv.hits.Load() != 1 {
				t.Errorf("attempts = %d: an invalid body is not retried", srv.hits.Load())
			}
		})
	}
}

// forgesText is what may not reach a log line from a server: C0 and C1
// controls and DEL, format characters (bidi overrides and isolates,
// zero-width characters), and the line and paragraph separators.
func forgesText(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// checkDisplayText fails unless s is valid UTF-8 of at most max bytes that no
// character of which can break or disguise a line.
func checkDisplayText(t *testing.T, what, s string, limit int) {
	t.Helper()
	if len(s) > limit {
		t.Errorf("%s is %d bytes, want at most %d", what, len(s), limit)
	}
	if !utf8.ValidString(s) {
		t.Errorf("%s is not valid UTF-8: %.80q", what, s)
	}
	if i := strings.IndexFunc(s, forgesText); i >= 0 {
		t.Errorf("%s contains %q at byte %d: %.80q", what, []rune(s[i:])[0], i, s[max(0, i-20):])
	}
}

// checkAPIErrorBounds checks what reaches logs and terminals: Error(),
// LogValue, and the parsed Message and Errors.
func checkAPIErrorBounds(t *testing.T, e *APIError) {
	t.Helper()
	checkDisplayText(t, "Error()", e.Error(), maxErrorLen)
	for _, a := range e.LogValue().Resolve().Group() {
		if a.Value.Kind() == slog.KindString {
			checkDisplayText(t, "LogValue "+a.Key, a.Value.String(), maxErrorMessage)
		}
	}
	checkDisplayText(t, "Message", e.Message, maxErrorMessage)
	if len(e.Errors) > maxErrorFields {
		t.Errorf("Errors has %d fields, want at most %d", len(e.Errors), maxErrorFields)
	}
	for f, msgs := range e.Errors {
		checkDisplayText(t, "field name", f, maxFieldName)
		if len(msgs) > maxFieldMessages {
			t.Errorf("field %q has %d messages, want at most %d", f, len(msgs), maxFieldMessages)
		}
		for _, m := range msgs {
			checkDisplayText(t, "field message", m, maxFieldMessage)
		}
	}
}

// A server's error text reaches users' logs through Error() and LogValue:
// each stays one bounded line that no control or bidi character can forge,
// however big or hostile the body.
func TestAPIError_ErrorIsOneBoundedLineAServerCannotForge(t *testing.T) {
	forged := "done\n2026-11-29T08:00:00Z level=INFO msg=\"token rotated\"\r\x1b[2K\u202eevil\u2066\u200b\u2028x\u0085y\x7f\x00\x9b"
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	var fields strings.Builder
	fields.WriteString(`{"message":"The given data was invalid.","errors":{`)
	for i := range 300_000 {
		if i > 0 {
			fields.WriteByte(',')
		}
		fmt.Fprintf(&fields, `"f%06d":["m1","m2","m3","m4"]`, i)
	}
	fields.WriteString(`}}`)
	cases := []struct {
		name   string
		status int
		body   string
		check  func(t *testing.T, e *APIError)
	}{
		{"20 MiB message", 400, `{"message":"` + strings.Repeat("é", 10<<20) + `"}`, func(t *testing.T, e *APIError) {
			if !strings.HasSuffix(e.Message, "…") || !strings.HasPrefix(e.Message, "éé") {
				t.Errorf("Message = %.40q…%q: want the start, cut on a rune with an ellipsis", e.Message, e.Message[max(0, len(e.Message)-8):])
			}
		}},
		{"forged log lines", 422, `{"message":` + q(forged) + `,"code":` + q("C\nODE\u202e") + `,"errors":{` + q("f\n1\u202e") + `:[` + q(forged) + `]}}`, func(t *testing.T, e *APIError) {
			if !strings.Contains(e.Error(), "done 2026-11-29T08:00:00Z") || !strings.Contains(e.Message, "\uFFFDevil") {
				t.Errorf("Error() = %q: want line breaks as spaces, other controls as U+FFFD", e.Error())
			}
		}},
		{"300k field errors", 422, fields.String(), func(t *testing.T, e *APIError) {
			if len(e.Errors) != maxErrorFields || e.ErrorsOmitted == 0 || !strings.Contains(e.Error(), " more") {
				t.Errorf("Errors has %d fields, %d omitted; Error() = %q", len(e.Errors), e.ErrorsOmitted, e.Error())
			}
			if m := e.Errors["f000000"]; len(m) != maxFieldMessages || m[0] != "m1" {
				t.Errorf(`Errors["f000000"] = %q: want the first fields, first messages`, m)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tc.status, tc.body) })
			c, _ := newTestClient(t, srv.Server, WithMaxRetries(0))
			_, err := c.GetRun(context.Background(), runID, nil)
			var e *APIError
			if !errors.As(err, &e) || e.StatusCode != tc.status {
				t.Fatalf("err = %.200v, want a %d *APIError", err, tc.status)
			}
			checkAPIErrorBounds(t, e)
			if len(e.Body) > maxErrorBody || !strings.HasPrefix(tc.body, string(e.Body)) {
				t.Errorf("Body = %.80q (%d bytes): want the raw start of the body", e.Body, len(e.Body))
			}
			tc.check(t, e)
		})
	}
	t.Run("built by hand, everything at its worst", func(t *testing.T) {
		huge := strings.Repeat(forged, 1<<12)
		e := &APIError{StatusCode: 511, Method: huge, Path: huge, Code: huge, Message: huge, RequestID: huge,
			RetryAfter: maxRetryAfter, Errors: map[string][]string{"\x00": {huge, huge, huge, huge}}, ErrorsOmitted: 1 << 62,
			cause: errors.New(huge)}
		for i := range 100_000 {
			e.Errors[forged[:20]+strconv.Itoa(i)] = []string{forged, forged, forged, forged}
		}
		checkDisplayText(t, "Error()", e.Error(), maxErrorLen)
		for _, a := range e.LogValue().Resolve().Group() {
			if a.Value.Kind() == slog.KindString {
				checkDisplayText(t, "LogValue "+a.Key, a.Value.String(), maxErrorMessage)
			}
		}
	})
}

// Error bodies are read only so far (8 KiB, and a time bound): what arrived
// before the cut still counts.
func TestAPIError_BodyCutShortKeepsWhatArrived(t *testing.T) {
	cases := []struct {
		body, code, message string
		fields              map[string][]string
	}{
		{`{"code":"RESOURCE_NOT_FOUND","message":"Run not fo`, "RESOURCE_NOT_FOUND", "Run not fo…", nil},
		{`{"message":"abc\u00`, "", "abc…", nil},
		{`{"message":"abc\`, "", "abc…", nil},
		{`{"message":"ok","trace":"#0 /var/www/app/Http/Kernel.php(12`, "", "ok", nil},
		{`{"message":"ok","errors":{"a":["m1"],"b":["m`, "", "ok", map[string][]string{"a": {"m1"}}},
		{`{"error":true,"errors":{"a":"one","b":`, "", "The given data was invalid.", map[string][]string{"a": {"one"}}},
		{`{"mess`, "", "Not Found", nil},
	}
	for _, tc := range cases {
		e := newAPIError(&http.Response{StatusCode: 404, Header: http.Header{}}, []byte(tc.body))
		if e.Code != tc.code || e.Message != tc.message || fmt.Sprint(e.Errors) != fmt.Sprint(tc.fields) {
			t.Errorf("%s: code %q, message %q, errors %v", tc.body, e.Code, e.Message, e.Errors)
		}
	}
}

func TestAPIError_TolerantParsing(t *testing.T) {
	long := `{"error":true,"code":"RESOURCE_NOT_FOUND","message":"Run not found","trace":"` + strings.Repeat("x", 9000) + `"}`
	cases := []struct{ body, code, message string }{
		{long, "RESOURCE_NOT_FOUND", "Run not found"},
		{`{"error":true,"message":"Run not found","code":"RESOURCE_NOT_FOUND","errors":[]}`, "RESOURCE_NOT_FOUND", "Run not found"},
		{`{"message":"Nope","code":500}`, "500", "Nope"},
		{`{"errors":{"f":"a single string"}}`, "", "The given data was invalid."},
		{`{"error":{"code":7,"message":"nested"}}`, "7", "nested"},
	}
	for _, tc := range cases {
		e := newAPIError(&http.Response{StatusCode: 404, Header: http.Header{}}, []byte(tc.body))
		if e.Code != tc.code || e.Message != tc.message {
			t.Errorf("%.60s: code %q message %q", tc.body, e.Code, e.Message)
		}
		if len(e.Body) > maxErrorBody {
			t.Errorf("Body not bounded: %d", len(e.Body))
		}
	}
}
