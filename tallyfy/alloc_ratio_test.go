package tallyfy

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Issue 20: reading and decoding a body allocate at most maxAllocRatio times
// the body (decompressed) plus allocSlack, whatever its shape and whatever
// the Go type it decodes into (budget.go). These tests measure it.
//
// Allocation is measured honestly: runtime.MemStats.TotalAlloc (every byte
// allocated, whatever the collector later frees) around the call, on one
// goroutine, after two collections, which empty sync.Pool (the decoder's
// contexts, the read chunks, the body buffers): the call pays for what it
// takes from them, its worst case. The collector running during the call
// does not change TotalAlloc. The decoders of a type are compiled by its
// first decoding, once per process, like code being loaded: every target
// decodes once before it is measured.

// ratioTarget is a Go type a body is decoded into, the way a call decodes
// it: the SDK's own reads and writes (item, list) and Do into types a caller
// may pass.
type ratioTarget struct {
	name   string
	decode func(body []byte) error
	typ    reflect.Type // what decode decodes into (item's and list's envelopes)
}

func itemOf[T any]() ratioTarget {
	return ratioTarget{decode: func(body []byte) error { _, err := item[T](body); return err },
		typ: reflect.TypeFor[struct {
			Data *T `json:"data"`
		}]()}
}

func listOf[T any]() ratioTarget {
	return ratioTarget{decode: func(body []byte) error { _, err := list[T](body); return err },
		typ: reflect.TypeFor[struct {
			Data *[]T         `json:"data"`
			Meta gen.ListMeta `json:"meta"`
		}]()}
}

func doInto[T any]() ratioTarget {
	return ratioTarget{decode: func(body []byte) error { var v T; return decodeJSON(body, &v) }, typ: reflect.TypeFor[T]()}
}

func named(name string, t ratioTarget) ratioTarget { t.name = name; return t }

var ratioTargets = []ratioTarget{
	named("Run", itemOf[Run]()),
	named("Task", itemOf[Task]()),
	named("Template", itemOf[Template]()),
	named("User", itemOf[User]()),
	named("Guest", itemOf[Guest]()),
	named("Group", itemOf[Group]()),
	named("[]Run", listOf[Run]()),
	named("[]Task", listOf[Task]()),
	named("[]Template", listOf[Template]()),
	named("[]Organization", listOf[Organization]()),
	named("Do *any", doInto[any]()),
	named("Do *Task", doInto[Task]()),
	named("Do *map[string]any", doInto[map[string]any]()),
	named("Do *[]any", doInto[[]any]()),
	named("Do *map[string]*Run", doInto[map[string]*Run]()),
	named("Do *map[string]Task", doInto[map[string]Task]()),
	named("Do *map[string][]int", doInto[map[string][]int]()),
	named("Do *map[int]string", doInto[map[int]string]()),
	named("Do *struct{Data []Task}", doInto[struct{ Data []Task }]()),
	named("Do *[]json.RawMessage", doInto[[]json.RawMessage]()),
	named("Do *[]*[4]string", doInto[[]*[4]string]()),
	named("Do *[][]byte", doInto[[][]byte]()),
}

func ratioTargetIndex(name string) int {
	for i, t := range ratioTargets {
		if t.name == name {
			return i
		}
	}
	panic("no ratio target " + name)
}

// ratioShape is a body made of one item repeated (a "#" in it is replaced
// by the item's index, for distinct keys) between a prefix and a suffix,
// decoded into target.
type ratioShape struct {
	name, target         string
	prefix, item, suffix string
	glued                bool // items without commas between them (one long number)
	count                int  // items, if set; else as many as fit in the size asked for
	close                string
}

// body builds the shape's body, of about size bytes: the prefix, the items,
// the suffix, then close once per item (to nest: items "[", close "]").
func (s ratioShape) body(size int) []byte {
	var b bytes.Buffer
	b.WriteString(s.prefix)
	n := 0
	for ; s.item != "" && (s.count == 0 && b.Len()+(n+1)*len(s.close)+len(s.item)+len(s.suffix) < size || n < s.count); n++ {
		if n > 0 && !s.glued {
			b.WriteByte(',')
		}
		b.WriteString(strings.ReplaceAll(s.item, "#", strconv.Itoa(n)))
	}
	b.WriteString(s.suffix)
	for range n {
		b.WriteString(s.close)
	}
	return b.Bytes()
}

const runEnvelope = `{"data":{"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d",`

// ratioShapes are the seeds of FuzzDecodeAllocation and the corpus of
// BenchmarkDecodeWorstRatio: every shape of issue 20's table, and others.
var ratioShapes = []ratioShape{
	// The old page of {}.
	{"page of {}", "[]Run", `{"data":[`, `{}`, `]}`, false, 0, ""},
	// {} items padded with spaces: the old rough pass priced objects, not bytes (27-28x).
	{"page of {} padded 16", "[]Run", `{"data":[`, `{` + strings.Repeat(" ", 16) + `}`, `]}`, false, 0, ""},
	{"page of {} padded 64", "[]Run", `{"data":[`, `{` + strings.Repeat(" ", 64) + `}`, `]}`, false, 0, ""},
	{"page of {} padded 100", "[]Run", `{"data":[`, `{` + strings.Repeat(" ", 100) + `}`, `]}`, false, 0, ""},
	{"page of {} padded 112", "[]Run", `{"data":[`, `{` + strings.Repeat(" ", 112) + `}`, `]}`, false, 0, ""},
	{"page of {} padded 128", "[]Run", `{"data":[`, `{` + strings.Repeat(" ", 128) + `}`, `]}`, false, 0, ""},
	{"page of {} padded 256", "[]Run", `{"data":[`, `{` + strings.Repeat(" ", 256) + `}`, `]}`, false, 0, ""},
	{"tasks of {} padded 96", "Run", runEnvelope + `"tasks":{"data":[`, `{` + strings.Repeat(" ", 96) + `}`, `]}}}`, false, 0, ""},
	{"templates of {} padded 160", "[]Template", `{"data":[`, `{` + strings.Repeat(" ", 160) + `}`, `]}`, false, 0, ""},
	// Form-field value objects with many members (5.6-39x).
	{"form value of numbers", "Task", `{"data":{"id":"x","form_fields":{"data":[{"id":"f","value":{`, `"k#":1`, `}}]}}}`, false, 0, ""},
	{"form value of nulls", "Task", `{"data":{"id":"x","form_fields":{"data":[{"id":"f","value":{`, `"k#":null`, `}}]}}}`, false, 0, ""},
	{"form value of one key repeated", "Task", `{"data":{"id":"x","form_fields":{"data":[{"id":"f","value":{`, `"a":0`, `}}]}}}`, false, 0, ""},
	{"form value of empty objects", "Task", `{"data":{"id":"x","form_fields":{"data":[{"id":"f","value":{`, `"k#":{}`, `}}]}}}`, false, 0, ""},
	{"form values of small objects", "Task", `{"data":{"id":"x","form_fields":{"data":[`, `{"value":{"a":1,"b":2}}`, `]}}}`, false, 0, ""},
	{"form value list of numbers", "Task", `{"data":{"id":"x","form_fields":{"data":[{"id":"f","value":[`, `1`, `]}]}}}`, false, 0, ""},
	{"form value list of empty lists", "Task", `{"data":{"id":"x","form_fields":{"data":[{"id":"f","value":[`, `[]`, `]}]}}}`, false, 0, ""},
	// A type error, which decodes the body again: the tolerant types, then
	// encoding/json for the path (30-49x).
	{"page of type errors", "[]Run", `{"data":[`, `{"name":5}`, `]}`, false, 0, ""},
	{"page of padded type errors", "[]Run", `{"data":[`, `{"name":5` + strings.Repeat(" ", 160) + `}`, `]}`, false, 0, ""},
	{"page of {} ending in a type error", "[]Run", `{"data":[`, `{}`, `,{"name":5}]}`, false, 0, ""},
	{"tasks of type errors", "Run", runEnvelope + `"tasks":{"data":[`, `{"title":5}`, `]}}}`, false, 0, ""},
	{"owners of wrong strings", "Task", `{"data":{"id":"x","owners":{"users":[`, `"a"`, `]}}}`, false, 0, ""},
	{"run items of type errors", "[]Task", `{"data":[`, `{"run":{"data":{"name":5}}}`, `]}`, false, 0, ""},
	{"bare relations, then a type error", "[]Run", `{"data":[`, `{"tasks":[{"id":"t"}]}`, `,{"name":5}]}`, false, 0, ""},
	// A number of 1 MB (10-18x).
	{"1 MB progress", "Run", runEnvelope + `"progress":`, `1111111111`, `}}`, true, 0, ""},
	{"1 MB name", "Run", runEnvelope + `"name":`, `1111111111`, `}}`, true, 0, ""},
	{"1 MB number into any", "Do *any", `{"a":`, `1111111111`, `}`, true, 0, ""},
	{"1 MB time", "Run", runEnvelope + `"created_at":"`, `2024-05-20`, `"}}`, true, 0, ""},
	// Do into *any (20x).
	{"any: list of numbers", "Do *any", `[`, `1`, `]`, false, 0, ""},
	{"any: list of empty objects", "Do *any", `[`, `{}`, `]`, false, 0, ""},
	{"any: list of empty lists", "Do *any", `[`, `[]`, `]`, false, 0, ""},
	{"any: list of empty strings", "Do *any", `[`, `""`, `]`, false, 0, ""},
	{"any: list of one-member objects", "Do *any", `[`, `{"a":1}`, `]`, false, 0, ""},
	{"any: object of distinct keys", "Do *any", `{`, `"k#":0`, `}`, false, 0, ""},
	{"any: object of one key repeated", "Do *any", `{`, `"a":0`, `}`, false, 0, ""},
	{"any: page of small objects", "Do *map[string]any", `{"data":[`, `{"a":1,"b":true}`, `]}`, false, 0, ""},
	{"[]any: list of falses", "Do *[]any", `[`, `false`, `]`, false, 0, ""},
	{"any: escaped strings", "Do *any", `[`, `"\u00e9\n"`, `]`, false, 0, ""},
	{"any: invalid UTF-8", "Do *any", `[`, "\"\xff\xfe\xfd\"", `]`, false, 0, ""},
	// Do into a caller's map type, with nulls (72x).
	{"map of pointers: nulls", "Do *map[string]*Run", `{`, `"k#":null`, `}`, false, 0, ""},
	{"map of models: nulls", "Do *map[string]Task", `{`, `"k#":null`, `}`, false, 0, ""},
	{"map of models: empty", "Do *map[string]Task", `{`, `"k#":{}`, `}`, false, 0, ""},
	{"map of slices: nulls", "Do *map[string][]int", `{`, `"k#":null`, `}`, false, 0, ""},
	{"map of int keys", "Do *map[int]string", `{`, `"#":""`, `}`, false, 0, ""},
	{"struct of tasks: empty", "Do *struct{Data []Task}", `{"data":[`, `{}`, `]}`, false, 0, ""},
	{"raw messages", "Do *[]json.RawMessage", `[`, `{}`, `]`, false, 0, ""},
	{"pointers to arrays", "Do *[]*[4]string", `[`, `[]`, `]`, false, 0, ""},
	{"base64", "Do *[][]byte", `[`, `"AAAA"`, `]`, false, 0, ""},
	// Relations in their other shapes, decoded a second time.
	{"items probed", "[]Task", `{"data":[`, `{"step":{"data":{"id":"s"},"x":1}}`, `]}`, false, 0, ""},
	{"lists through the envelope", "[]Run", `{"data":[`, `{"tasks":{"data":[],"x":1}}`, `]}`, false, 0, ""},
	{"user objects", "Task", `{"data":{"id":"x","owners":{"users":[`, `{"id":1,"first_name":"A","last_name":"B"}`, `]}}}`, false, 0, ""},
	// Nesting, to the decoders' depth limit.
	{"any: nested lists", "Do *any", ``, `[`, ``, true, 9000, "]"},
	{"any: nested objects", "Do *any", ``, `{"a":`, `1`, true, 9000, "}"},
	{"nested items", "Do *Task", ``, `{"run":{"data":{"tasks":[`, `{}`, true, 300, "]}}}"},
	{"nested bare items", "Do *Task", ``, `{"run":{"tasks":[`, `{}`, true, 300, "]}}"},
	{"nested probed items", "Do *Task", ``, `{"run":{"data":{"tasks":{"data":[`, `{}`, true, 300, `],"x":1}},"x":1}}`},
	// Long strings: escaped beyond the decoder's scratch bytes, times.
	{"long escaped strings", "Do *any", `[`, `"` + strings.Repeat(`\u00e9`, 12000) + `"`, `]`, false, 0, ""},
	{"long times", "[]Run", `{"data":[`, `{"created_at":"` + strings.Repeat("2", 3000) + `"}`, `]}`, false, 0, ""},
	{"escaped member names", "[]Run", `{"data":[`, `{"\u006eame":"x","N\u0041ME":"y","ta\u017fks":[]}`, `]}`, false, 0, ""},
}

// exampleShapes are pages of the examples' objects (api/examples), count
// items each (0: as many as fit), and runs of 1,000 of their tasks, wrapped
// and bare: real bodies.
func exampleShapes(t testing.TB, count int) []ratioShape {
	var shapes []ratioShape
	data := func(file string) string {
		b, err := os.ReadFile("../api/examples/" + file)
		if err != nil {
			t.Fatal(err)
		}
		var env struct{ Data json.RawMessage }
		var compact bytes.Buffer
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatal(err)
		}
		if err := json.Compact(&compact, env.Data); err != nil {
			t.Fatal(err)
		}
		return compact.String()
	}
	for _, ex := range []struct{ file, target string }{
		{"getRun.200.with-includes.json", "[]Run"},
		{"getRun.200.variant-bare-includes.json", "[]Run"},
		{"getTask.200.variant-user-objects-bare-step.json", "[]Task"},
		{"getTask.200.form-fields.json", "[]Task"},
		{"getTemplate.200.variant-bare-steps-wrapped-prerun.json", "[]Template"},
		{"getTemplate.200.steps.json", "[]Template"},
		{"getRun.200.with-includes.json", "Do *any"},
	} {
		shapes = append(shapes, ratioShape{"page of " + ex.file, ex.target, `{"data":[`, data(ex.file), `]}`, false, count, ""})
	}
	task := data("getTask.200.form-fields.json")
	return append(shapes,
		ratioShape{"run of 1,000 tasks", "Run", runEnvelope + `"name":"Big","tasks":{"data":[`, task, `]}}}`, false, 1000, ""},
		ratioShape{"run of 1,000 bare tasks", "Run", runEnvelope + `"name":"Big","tasks":[`, task, `]}}`, false, 1000, ""})
}

// allocatedBy returns the bytes call allocated, single-goroutine, with every
// pool empty (see above).
func allocatedBy(call func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	call()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// leastAllocatedBy is allocatedBy, measured again (twice at most) while it
// is over limit, the least counting. TotalAlloc counts the whole process: a
// collection that starts during the call allocates for its workers, and a
// fuzzing worker's own goroutines may allocate at the same time, a few
// kilobytes; what the call allocates is the same every time (the pools are
// emptied first), so noise only ever adds to it.
func leastAllocatedBy(limit uint64, call func()) uint64 {
	got := allocatedBy(call)
	for try := 0; try < 2 && got > limit; try++ {
		got = min(got, allocatedBy(call))
	}
	return got
}

// readAndDecode is what a call does with an answer's body: read it whole
// (without a Content-Length, as with gzip on the wire), then decode it.
func readAndDecode(body []byte, decode func([]byte) error) error {
	resp := &http.Response{Body: io.NopCloser(bytes.NewReader(body)), ContentLength: -1}
	b, err := readBody(resp)
	if err != nil {
		return err
	}
	return decode(b)
}

// allocRatio is what reading and decoding body into target allocate, as a
// ratio to the body with its share of the slack: at most maxAllocRatio.
func allocRatio(body []byte, target ratioTarget) (ratio float64, err error) {
	_ = target.decode(body) // the decoders compiled, once per type
	got := leastAllocatedBy(uint64(maxAllocRatio*len(body)+allocSlack), func() { err = readAndDecode(body, target.decode) })
	return float64(got) / (float64(len(body)) + allocSlack/maxAllocRatio), err
}

// checkPrices fails when a decoding allocates more than its price, for
// both decoders, with no budget: goccy/go-json's passes (unmarshalWithin)
// and encoding/json's (describeDecodeError). This checks the prices
// themselves, also for the bodies the budget refuses.
func checkPrices(t testing.TB, name string, body []byte, typ reflect.Type) {
	t.Helper()
	// Four times the budget, not more: the decodings are run to be measured.
	limit := 4 * decodeBudget(len(body))
	var spent int64
	var err error
	spent, _ = unmarshalWithin(body, reflect.New(typ).Interface(), limit) // the decoders compiled
	got := leastAllocatedBy(uint64(spent), func() { spent, err = unmarshalWithin(body, reflect.New(typ).Interface(), limit) })
	if errors.Is(err, ErrInvalidResponse) {
		return // not JSON: nothing decoded
	}
	if int64(got) > spent {
		t.Errorf("%s: goccy/go-json allocated %d bytes, priced %d (%.2fx the body)", name, got, spent, float64(got-uint64(spent))/float64(len(body)))
	}
	price, _, err := priceDecode(body, typ, stdModel, limit)
	if err != nil {
		return
	}
	_ = json.Unmarshal(body, reflect.New(typ).Interface())
	if got := leastAllocatedBy(uint64(price), func() { _ = json.Unmarshal(body, reflect.New(typ).Interface()) }); int64(got) > price {
		t.Errorf("%s: encoding/json allocated %d bytes, priced %d (%.2fx the body)", name, got, price, float64(got-uint64(price))/float64(len(body)))
	}
}

func verdict(err error) string {
	switch {
	case err == nil:
		return "decoded"
	case errors.Is(err, ErrResponseTooLarge):
		return "refused (too large)"
	}
	return "invalid"
}

func TestDecodeAllocation_EveryShapeOfTheIssueIsBounded(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation is measured without the race detector (race_on_test.go); fuzz-smoke measures it")
	}
	size := 1 << 20
	if testing.Short() {
		size = 256 << 10
	}
	for _, s := range append(ratioShapes, exampleShapes(t, 0)...) {
		body := s.body(size)
		ratio, err := allocRatio(body, ratioTargets[ratioTargetIndex(s.target)])
		t.Logf("%-40s %-24s %5.1fx  %s", s.name, s.target, ratio, verdict(err))
		if ratio > maxAllocRatio {
			t.Errorf("%s into %s: %.1f times the body, want at most %d (%v)", s.name, s.target, ratio, maxAllocRatio, err)
		}
		if err != nil && !errors.Is(err, ErrResponseTooLarge) && !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("%s into %s: err = %v", s.name, s.target, err)
		}
	}
}

// TestDecodeAllocation_PricesAreUpperBounds: for every seed, what each
// decoder allocates is at most its price, with no budget to refuse it.
func TestDecodeAllocation_PricesAreUpperBounds(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation is measured without the race detector (race_on_test.go); fuzz-smoke measures it")
	}
	for _, s := range append(ratioShapes, exampleShapes(t, 0)...) {
		checkPrices(t, s.name+" into "+s.target, s.body(128<<10), ratioTargets[ratioTargetIndex(s.target)].typ)
	}
}

// TestDecodeAllocation_RealBodiesDecode: pages of the examples' objects, of
// 100 items (the most the API puts on a page), and runs of 1,000 tasks are
// priced within the budget and decode.
func TestDecodeAllocation_RealBodiesDecode(t *testing.T) {
	for _, s := range exampleShapes(t, 100) {
		body := s.body(0)
		if err := ratioTargets[ratioTargetIndex(s.target)].decode(body); err != nil {
			t.Errorf("%s into %s: %v", s.name, s.target, err)
		}
	}
}

// TestDecodeAllocation_GzipOnTheWire: a few kilobytes of gzip that
// decompress to a body under the size cap made of what decodes worst (issue
// 20: 213 KB sent, 2.08 GB allocated) allocate, for the whole call, at most
// maxAllocRatio times the decompressed body, plus the slack and the call's
// own fixed costs (the request, net/http, the gzip reader).
func TestDecodeAllocation_GzipOnTheWire(t *testing.T) {
	const callCost = 512 << 10
	body := ratioShape{prefix: `{"data":[`, item: `{` + strings.Repeat(" ", 112) + `}`, suffix: `]}`}.body(8 << 20)
	var zipped bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zipped, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zipped.Bytes())
	})
	c, _ := newTestClient(t, srv.Server)
	c.ListRunsPage(context.Background(), nil) // connections and decoders ready
	var err error
	got := allocatedBy(func() { _, err = c.ListRunsPage(context.Background(), nil) })
	t.Logf("%d bytes sent, %d decompressed: %d allocated (%.1f times), %v", zipped.Len(), len(body), got, float64(got)/float64(len(body)), err)
	if limit := uint64(maxAllocRatio*len(body) + allocSlack + callCost); got > limit {
		t.Errorf("allocated %d bytes, more than %d", got, limit)
	}
	if err != nil && !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("err = %v, want nil or ErrResponseTooLarge", err)
	}
}

// fuzzBodySize is the size of FuzzDecodeAllocation's bodies: large enough
// that the slack is a small share of the budget, small enough for many
// executions a second.
const fuzzBodySize = 128 << 10

// FuzzDecodeAllocation searches for a body and a Go type whose reading and
// decoding allocate more than maxAllocRatio times the body (plus its share
// of allocSlack): the fuzzer builds the body from a prefix, an item repeated
// to fuzzBodySize and a suffix, seeded with every shape of issue 20's table
// and pages of real objects, and picks the type among ratioTargets.
func FuzzDecodeAllocation(f *testing.F) {
	if raceEnabled {
		f.Skip("allocation is measured without the race detector (race_on_test.go); fuzz-smoke measures it")
	}
	for _, s := range append(ratioShapes, exampleShapes(f, 0)...) {
		f.Add(s.prefix, s.item, s.suffix, s.close, s.glued, uint8(ratioTargetIndex(s.target)))
	}
	f.Fuzz(func(t *testing.T, prefix, item, suffix, close string, glued bool, target uint8) {
		tg := ratioTargets[int(target)%len(ratioTargets)]
		body := ratioShape{prefix: prefix, item: item, suffix: suffix, close: close, glued: glued}.body(fuzzBodySize)
		ratio, err := allocRatio(body, tg)
		if ratio > maxAllocRatio {
			t.Fatalf("a %d-byte body into %s allocated %.1f times its size, want at most %d (%v):\n%s", len(body), tg.name, ratio, maxAllocRatio, err, shortText(string(body)))
		}
		checkPrices(t, tg.name, body, tg.typ)
	})
}

// BenchmarkDecodeWorstRatio reports the worst ratio of what reading and
// decoding allocate to the body (with its share of the slack) over
// FuzzDecodeAllocation's seeds, bodies of 1 MiB: at most maxAllocRatio.
func BenchmarkDecodeWorstRatio(b *testing.B) {
	shapes := append(ratioShapes, exampleShapes(b, 0)...)
	bodies := make([][]byte, len(shapes))
	for i, s := range shapes {
		bodies[i] = s.body(1 << 20)
	}
	var worst float64
	var worstName string
	for b.Loop() {
		for i, s := range shapes {
			ratio, _ := allocRatio(bodies[i], ratioTargets[ratioTargetIndex(s.target)])
			if ratio > worst {
				worst, worstName = ratio, fmt.Sprintf("%s into %s", s.name, s.target)
			}
		}
	}
	b.ReportMetric(worst, "worst-x")
	b.Logf("worst: %.2fx, %s", worst, worstName)
}
