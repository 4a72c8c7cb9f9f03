package tallyfy

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// seedExamples adds every JSON response of the shared corpus to f.
func seedExamples(f *testing.F) {
	files, _ := filepath.Glob("../api/examples/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{``, `null`, `{}`, `{"data":null}`, `{"data":[]}`, `{"data":{}}`, `[]`, `{"data":{"prerun":[]}}`,
		`{"data":[],"meta":{"pagination":{"links":[]}}}`, `{"data":{"progress":75}}`, `{"error":{"code":1}}`, `{"errors":{"a":"b"}}`,
		`{"data":{"tasks":[{"id":"a"}],"tags":{"data":[]}}}`, `{"data":{"tasks":{"data":[{"id":"a","form_fields":[{}]}],"x":1}}}`,
		`{"data":{"tasks":{"DATA":null},"prerun":{"data":[]}}}`, `{"data":[{"tags":{"data":[{"id":"t"}]},"checklist":{"data":{"steps":[]}}}]}`} {
		f.Add([]byte(s))
	}
}

// FuzzDecodeResponses: no body makes a decoder panic, and a success always
// carries data.
func FuzzDecodeResponses(f *testing.F) {
	seedExamples(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if run, err := item[Run](body); err == nil && run == nil {
			t.Fatal("Run: nil without error")
		}
		if task, err := item[Task](body); err == nil && task == nil {
			t.Fatal("Task: nil without error")
		}
		if tpl, err := item[Template](body); err == nil && tpl == nil {
			t.Fatal("Template: nil without error")
		}
		if page, err := list[Run](body); err == nil && page.Items == nil {
			t.Fatal("Run list: nil items without error")
		}
		if page, err := list[Task](body); err == nil && page.Items == nil {
			t.Fatal("Task list: nil items without error")
		}
		decodesAsTolerant[struct{ Data *Run }](t, body)
		decodesAsTolerant[struct{ Data *Task }](t, body)
		decodesAsTolerant[struct{ Data *Template }](t, body)
		decodesAsTolerant[struct {
			Data *[]Run
			Meta gen.ListMeta
		}](t, body)
		decodesAsTolerant[struct{ Data *[]Task }](t, body)
	})
}

// decodesAsTolerant: unmarshalWithin, which decodes relations as the API
// writes them first (fastType), gives the value and the error the tolerant
// types' own decoding gives. A body its pricing finds is not JSON is not
// decoded at all: the decoder must refuse it too.
func decodesAsTolerant[T any](t *testing.T, body []byte) {
	t.Helper()
	var fast, tolerant T
	_, errFast := unmarshalWithin(body, &fast, math.MaxInt64)
	errTolerant := gojson.Unmarshal(body, &tolerant)
	if errors.Is(errFast, ErrInvalidResponse) {
		if errTolerant == nil {
			t.Fatalf("%T: the pricing refused %q (%v), the decoder reads it", fast, body, errFast)
		}
		return
	}
	if (errFast == nil) != (errTolerant == nil) || (errFast != nil && errFast.Error() != errTolerant.Error()) {
		t.Fatalf("%T: error %v, the tolerant decoding's %v", fast, errFast, errTolerant)
	}
	if !reflect.DeepEqual(fast, tolerant) {
		t.Fatalf("%T: decoded %+v, the tolerant decoding %+v", fast, fast, tolerant)
	}
}

// FuzzParseErrorBody: any body becomes an APIError whose message is set,
// whose Body is bounded, and whose Error() and LogValue are one bounded line
// without control, format or line-separator characters; the same holds for
// an APIError built by hand from the same bytes.
func FuzzParseErrorBody(f *testing.F) {
	seedExamples(f)
	for _, s := range []string{`{"message":"a\nb\u001b[2K\u202ec\u2028d"}`, `{"message":"cut \u00`, `{"errors":{"a":["x","y","z","w"],"b\n":"v"`,
		`{"error":{"code":"\u0085","message":"\u2066x"}}`, "{\"message\":\"\xff\xfe\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &http.Response{StatusCode: 422, Header: http.Header{}, Request: &http.Request{Method: "GET", URL: &url.URL{Path: "/x"}}}
		e := newAPIError(resp, body)
		if e.Message == "" || len(e.Body) > maxErrorBody {
			t.Fatalf("APIError = %+v", e)
		}
		checkAPIErrorBounds(t, e)
		text := string(body)
		byHand := &APIError{StatusCode: 400, Method: text, Path: text, Code: text, Message: text, RequestID: text,
			Errors: map[string][]string{text: {text, text, text, text}, "": nil}}
		checkDisplayText(t, "Error() of an APIError built by hand", byHand.Error(), maxErrorLen)
		for _, a := range byHand.LogValue().Resolve().Group() {
			if a.Value.Kind() == slog.KindString {
				checkDisplayText(t, "LogValue "+a.Key, a.Value.String(), maxErrorMessage)
			}
		}
	})
}

// FuzzParseRetryAfter: the wait is never negative nor beyond a day.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "12", "1.5", "-3", "1e400", "NaN", "Sat, 28 Nov 2026 12:00:30 GMT", "soon"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v, now); d < 0 || d > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %v", v, d)
		}
	})
}

var safeID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// FuzzValidateID: an accepted id can never change the request path.
func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", "", "..", "a/b", "a?b", "a#b", "a%2F", "é", "a b", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if validateID("run", id) != nil {
			return
		}
		if !safeID.MatchString(id) || url.PathEscape(id) != id || url.QueryEscape(id) != id {
			t.Fatalf("validateID accepted %q", id)
		}
	})
}

// FuzzPriceBody: the decode budget's walk ends on any input and never
// panics, whatever the type it prices for; it refuses exactly the bodies the
// decoder refuses as not JSON; it prices a body that decodes at no less than
// the models it holds.
func FuzzPriceBody(f *testing.F) {
	seedExamples(f)
	f.Add([]byte(`{"data":[{},null,[],"x",1,{"tasks":[{"run":{"data":{}}}]}]}`))
	f.Add([]byte(`{"data":{"tasks":{"data":[{"step":{"data":{"id":"s"}}}]},"prerun":[]}}`))
	f.Add([]byte(`{"d\u0061ta":[{"n\u00e4me":"\ud83d\ude00"}]} `))
	f.Fuzz(func(t *testing.T, body []byte) {
		type env struct {
			Data *[]Run `json:"data"`
		}
		for _, m := range []decodeModel{goccyModel, stdModel} {
			cost, _, err := priceDecode(body, reflect.TypeFor[env](), m, math.MaxInt64)
			if cost < 0 {
				t.Fatalf("negative cost %d", cost)
			}
			if valid := gojson.Valid(body); valid != (err == nil) {
				t.Fatalf("model %d: the decoder says valid %v, the pricing %v", m, valid, err)
			}
			var v env
			if err == nil && gojson.Unmarshal(body, &v) == nil && v.Data != nil && cost < int64(len(*v.Data))*int64(reflect.TypeFor[Run]().Size()) {
				t.Fatalf("priced %d bytes for %d runs", cost, len(*v.Data))
			}
			for _, target := range ratioTargets {
				priceDecode(body, target.typ, m, math.MaxInt64)
				if ft := fastType(target.typ); ft != nil {
					priceDecode(body, ft, m, math.MaxInt64)
				}
			}
		}
	})
}
