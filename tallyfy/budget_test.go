package tallyfy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/shape"
)

// memoryTransport answers every request with body, from memory: nothing but
// the client allocates while a call is measured.
type memoryTransport struct{ body []byte }

func (m memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Request: r, ContentLength: int64(len(m.body)),
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(m.body)),
	}, nil
}

// repeat builds prefix + n copies of item joined by commas + suffix, about size bytes.
func repeat(prefix, item, suffix string, size int) []byte {
	n := size / (len(item) + 1)
	var b bytes.Buffer
	b.WriteString(prefix)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item)
	}
	b.WriteString(suffix)
	return b.Bytes()
}

// allocated returns the bytes the call allocated (allocatedBy).
func allocated(call func()) uint64 { return allocatedBy(call) }

var sink any

// TestAllocMatchesTheRuntime: alloc, which the prices are made of, is what
// the runtime counts for one object of every size, with pointers and
// without: its size classes, malloc headers and pages are the runtime's.
func TestAllocMatchesTheRuntime(t *testing.T) {
	ptr := reflect.TypeFor[*int]()
	for n := int64(16); n <= 80<<10; n += 8 + n/32 {
		n &^= 7
		for _, noscan := range []bool{true, false} {
			typ := reflect.ArrayOf(int(n/8), ptr)
			if noscan {
				typ = reflect.ArrayOf(int(n), reflect.TypeFor[byte]())
			}
			// The least of three: a collection the allocation starts may
			// allocate for itself (its workers).
			got, want := int64(math.MaxInt64), alloc(n, noscan)
			for try := 0; try < 3 && got != want; try++ {
				var before, after runtime.MemStats
				if try > 0 {
					runtime.GC()
				}
				runtime.ReadMemStats(&before)
				sink = reflect.New(typ).Interface()
				runtime.ReadMemStats(&after)
				got = min(got, int64(after.TotalAlloc-before.TotalAlloc))
			}
			if got != want {
				t.Errorf("%d bytes (noscan %v): the runtime counts %d, alloc %d", n, noscan, got, want)
			}
		}
	}
	sink = nil
}

// TestAppendCostMatchesTheRuntime: appendCost is what append allocates.
func TestAppendCostMatchesTheRuntime(t *testing.T) {
	for _, n := range []int{1, 3, 4, 5, 17, 64, 65, 200, 256, 257, 1000, 5000} {
		var s []string
		var words []int
		// leastAllocatedBy: TotalAlloc counts the whole process, so another
		// goroutine (an idle connection closing from an earlier test) can add
		// to one measurement, never take from it; each call starts from nil.
		want := appendCost(int64(n), 1, 16, false)
		got := leastAllocatedBy(uint64(want), func() {
			s = nil
			for range n {
				s = append(s, "")
			}
		})
		if int64(got) != want {
			t.Errorf("%d strings: append allocated %d, appendCost %d", n, got, want)
		}
		want = appendCost(int64(n), 1, 8, true)
		got = leastAllocatedBy(uint64(want), func() {
			words = nil
			for range n {
				words = append(words, 0)
			}
		})
		if int64(got) != want {
			t.Errorf("%d ints: append allocated %d, appendCost %d", n, got, want)
		}
		sink = [2]any{s, words}
	}
	sink = nil
}

// TestPriceDecode_AllocatesNothing: the walk allocates nothing, whatever
// the body and the type (an invalid body's error aside).
func TestPriceDecode_AllocatesNothing(t *testing.T) {
	for _, s := range ratioShapes {
		body := s.body(64 << 10)
		target := ratioTargets[ratioTargetIndex(s.target)].typ
		if _, _, err := priceDecode(body, target, goccyModel, math.MaxInt64); errors.Is(err, ErrInvalidResponse) { // plans built
			t.Fatalf("%s: %v", s.name, err)
		}
		for _, m := range []decodeModel{goccyModel, stdModel} {
			if n := testing.AllocsPerRun(3, func() { priceDecode(body, target, m, math.MaxInt64) }); n > 0 {
				t.Errorf("%s: pricing allocated %v times", s.name, n)
			}
		}
	}
}

// TestDecodeBudget_AllocationIsBoundedByTheBodySize serves bodies of 2 MiB
// whose every byte is structure (the shapes that made a 2 MiB page hold 606
// MiB) and measures what the call allocates: at most 16 times the body
// (plus the slack), whether the body is refused or decoded.
func TestDecodeBudget_AllocationIsBoundedByTheBodySize(t *testing.T) {
	const size = 2 << 20
	const runPrefix = `{"data":{"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d",`
	tests := []struct {
		name string
		body []byte
		call func(c *Client) error
	}{
		{"page of empty objects", repeat(`{"data":[`, `{}`, `],"meta":{"pagination":{"total":1,"count":1,"per_page":10,"current_page":1,"total_pages":1}}}`, size),
			func(c *Client) error { _, err := c.ListRunsPage(context.Background(), nil); return err }},
		{"page of nulls", repeat(`{"data":[`, `null`, `]}`, size),
			func(c *Client) error { _, err := c.ListRunsPage(context.Background(), nil); return err }},
		{"run of empty tasks", repeat(runPrefix+`"tasks":[`, `{}`, `]}}`, size), getRunCall},
		{"tasks with empty relations", repeat(runPrefix+`"tasks":{"data":[`, `{"run":{},"step":{"data":{}},"owners":{}}`, `]}}}`, size), getRunCall},
		{"owner ids", repeat(`{"data":{"id":"x","owners":{"users":[`, `1`, `]}}}`, size), getTaskCall},
		{"empty strings", repeat(`{"data":{"id":"x","owners":{"guests":[`, `""`, `]}}}`, size), getTaskCall},
		{"empty options", repeat(`{"data":{"id":"x","prerun":[{"id":"y","options":[`, `{}`, `]}]}}`, size), getTemplateCall},
		{"nested free-form values", repeat(runPrefix+`"form_fields":[{"id":"f","value":[`, `[]`, `]}]}}`, size), getRunCall},
		{"kick-off definitions", repeat(`{"data":{"id":"x","prerun":{"data":[`, `{}`, `]}}}`, size), getTemplateCall},
		// Spellings the decoder accepts as the same member (escapes, case,
		// Unicode folding) must not hide a member from the budget.
		{"escaped data key", repeat(`{"d\u0061ta":[`, `{}`, `]}`, size), listRunsCall},
		{"upper-case relation envelope", repeat(`{"data":[{"id":"x","tasks":{"DATA":[`, `{}`, `]}}]}`, size), listRunsCall},
		{"long s in a member name", repeat(runPrefix+`"ta\u017fks":[`, `{}`, `]}}`, size), getRunCall},
		{"Kelvin sign in a member name", repeat(runPrefix+`"tas\u212as":[`, `{}`, `]}}`, size), getRunCall},
		// Elements of the wrong JSON type still take a model each.
		{"page of strings", repeat(`{"data":[`, `"abcd"`, `]}`, size), listRunsCall},
		{"page of numbers", repeat(`{"data":[`, `11111`, `]}`, size), listRunsCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(WithToken(testToken), WithOrganization(testOrg), WithBaseURL("https://api.example.test"),
				WithHTTPClient(&http.Client{Transport: memoryTransport{tt.body}}))
			if err != nil {
				t.Fatal(err)
			}
			var callErr error
			got := allocated(func() { callErr = tt.call(c) })
			if limit := uint64(maxAllocRatio*len(tt.body) + allocSlack); got > limit {
				t.Errorf("a %d-byte body allocated %d MiB (%.1f× its size), want at most %d×; err = %v",
					len(tt.body), got>>20, float64(got)/float64(len(tt.body)), maxAllocRatio, callErr)
			}
			t.Logf("%.1f× its size, err = %v", float64(got)/float64(len(tt.body)), callErr)
			if callErr != nil && !errors.Is(callErr, ErrResponseTooLarge) && !errors.Is(callErr, ErrInvalidResponse) {
				t.Errorf("err = %v", callErr)
			}
		})
	}
}

func listRunsCall(c *Client) error {
	_, err := c.ListRunsPage(context.Background(), nil)
	return err
}

func getRunCall(c *Client) error {
	_, err := c.GetRun(context.Background(), "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", nil)
	return err
}

func getTaskCall(c *Client) error {
	_, err := c.GetTask(context.Background(), "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", nil)
	return err
}

func getTemplateCall(c *Client) error {
	_, err := c.GetTemplate(context.Background(), "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d", nil)
	return err
}

// TestDecodeBudget_RealBodiesOfSmallObjectsDecode: long lists of small real
// objects (a country dropdown, many assignees) are not mistaken for hostile
// bodies: the walk prices them right.
func TestDecodeBudget_RealBodiesOfSmallObjectsDecode(t *testing.T) {
	var options []string
	for i := range 3000 {
		options = append(options, fmt.Sprintf(`{"id":%d,"text":"Country %d"}`, i+1, i+1))
	}
	var users []string
	for i := range 3000 {
		users = append(users, fmt.Sprintf(`{"id":%d,"full_name":"User %d"}`, 1000+i, i))
	}
	tpl := `{"data":{"id":"6f1e2d3c4b5a69788796a5b4c3d2e1f0","title":"T","prerun":[{"id":"1a2b3c4d5e6f708192a3b4c5d6e7f809","label":"Country","field_type":"dropdown","options":[` +
		strings.Join(options, ",") + `]}]}}`
	task := `{"data":{"id":"5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e","owners":{"users":[` + strings.Join(users, ",") + `],"guests":[],"groups":[]}}}`

	for _, tt := range []struct {
		name, body string
		call       func(*Client) error
	}{{"dropdown of 3,000 options", tpl, getTemplateCall}, {"3,000 assignees as objects", task, getTaskCall}} {
		c, err := NewClient(WithToken(testToken), WithOrganization(testOrg), WithBaseURL("https://api.example.test"),
			WithHTTPClient(&http.Client{Transport: memoryTransport{[]byte(tt.body)}}))
		if err != nil {
			t.Fatal(err)
		}
		if err := tt.call(c); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestList_MorePagedItemsThanPerPageIsInvalid(t *testing.T) {
	items := strings.Repeat(`{"id":"3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d","name":"run"},`, 50)
	body := `{"data":[` + strings.TrimSuffix(items, ",") + `],"meta":{"pagination":{"total":50,"count":50,"per_page":2,"current_page":1,"total_pages":25}}}`
	c, err := NewClient(WithToken(testToken), WithOrganization(testOrg), WithBaseURL("https://api.example.test"),
		WithHTTPClient(&http.Client{Transport: memoryTransport{[]byte(body)}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListRunsPage(context.Background(), &ListRunsOptions{PerPage: 2}); !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), "50 items") {
		t.Errorf("err = %v, want ErrInvalidResponse: 50 items on a page of 2", err)
	}
}

// TestDecodeBudget_CallerTypesNeverPanic: Do prices whatever out type a caller
// passes; a value instead of a pointer, or a relation of a non-struct, is an
// error or a decode, never a panic.
func TestDecodeBudget_CallerTypesNeverPanic(t *testing.T) {
	body := repeat(`{"data":{"data":[`, `{}`, `]}}`, 1<<20)
	c, err := NewClient(WithToken(testToken), WithOrganization(testOrg), WithBaseURL("https://api.example.test"),
		WithHTTPClient(&http.Client{Transport: memoryTransport{body}}))
	if err != nil {
		t.Fatal(err)
	}
	var byValue struct{ Data any }
	if err := c.Do(context.Background(), "GET", "/x", nil, nil, byValue); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("out by value: err = %v, want ErrInvalidArgument", err)
	}
	var items struct {
		Data shape.Item[map[string]any] `json:"data"`
	}
	if err := c.Do(context.Background(), "GET", "/x", nil, nil, &items); err != nil && !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("an Item of a map: err = %v", err)
	}
	var embedded struct {
		Run
		Extra int `json:"extra"`
	}
	if err := c.Do(context.Background(), "GET", "/x", nil, nil, &embedded); err != nil && !errors.Is(err, ErrResponseTooLarge) && !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("an embedded model: err = %v", err)
	}
}

// stringEnd reads 8 bytes at a time; it must find the closing quote where
// reading byte by byte does, whatever the escapes and wherever the string
// sits in the body.
func TestStringEndFindsTheClosingQuote(t *testing.T) {
	byteByByte := func(b []byte, i int) int {
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j
			}
		}
		return len(b)
	}
	alphabet := []byte{'a', '"', '\\', 0x80, 0xff}
	for n := 0; n <= 7; n++ {
		total := 1
		for range n {
			total *= len(alphabet)
		}
		for code := range total {
			tail := make([]byte, 0, n)
			for c := code; len(tail) < n; c /= len(alphabet) {
				tail = append(tail, alphabet[c%len(alphabet)])
			}
			for _, pad := range []int{0, 5, 9} {
				body := append(append(bytes.Repeat([]byte{'x'}, pad), '"'), bytes.Repeat([]byte{'y'}, pad)...)
				body = append(body, tail...)
				if got, want := stringEnd(body, pad), byteByByte(body, pad); got != want {
					t.Fatalf("stringEnd(%q, %d) = %d, want %d", body, pad, got, want)
				}
			}
		}
	}
}
