package tallyfy

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"reflect"
	"strings"
	"sync"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The size cap (WithMaxResponseBytes) bounds the bytes read; the decode
// budget bounds the memory they take once decoded. A JSON object as small as
// {} decodes into a whole model of hundreds of bytes, so a body of many tiny
// objects takes far more memory than its size: {"data":[{},{},…]} of 2 MiB
// held 606 MiB. Before decoding, the body is priced against the Go type it
// decodes into, and a body that would take more than maxDecodeRatio times its
// size (plus decodeSlack) is refused with ErrResponseTooLarge.
const (
	maxDecodeRatio = 16
	decodeSlack    = 64 << 10
	// maxPricedDepth bounds the pricing walk's recursion; encoding/json
	// refuses bodies nested deeper than 10,000 levels too.
	maxPricedDepth = 10000
)

// checkDecodeCost refuses a body whose decoded form into v could exceed the
// budget. Real bodies are priced in one cheap pass that assumes the worst of
// every object and comma; only a body that fails it (many small objects, as
// in long option lists, or a hostile one) is walked along v's type.
func checkDecodeCost(body []byte, v any) error {
	budget := maxDecodeRatio*int64(len(body)) + decodeSlack
	if roughCost(body) <= budget {
		return nil
	}
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return fmt.Errorf("%w: decoding needs a pointer, got %v", ErrInvalidArgument, t)
	}
	p := &pricer{b: body}
	cost := int64(t.Elem().Size()) + p.value(t.Elem(), 0)
	if p.err != nil {
		return p.err
	}
	if cost > budget {
		return fmt.Errorf("%w: the %d-byte body would take about %d MiB to decode, more than %d times its size",
			ErrResponseTooLarge, len(body), cost>>20, maxDecodeRatio)
	}
	return nil
}

// roughCost is the cheap pass, one scan of the body that prices the worst
// case of its structure: every object as the largest model, and every list
// element that is not an object (a string, number, literal or list) as the
// largest model too, since a list of models decodes each such element into a
// whole zero model before the type error is reported. Real bodies hold few
// such elements (a task's assignee ids); a hostile list of "abcd" or null is
// priced for what it would cost. String contents, the bulk of a body, are
// skipped with a vectorized search.
func roughCost(body []byte) int64 {
	objects, scalars := scanStructure(body)
	return 2 * (objects + scalars) * largestModel
}

// scanStructure counts the objects of a JSON body and the list elements that
// are not objects. Malformed JSON is counted as far as it goes: the decoder
// rejects it afterwards. Nesting is tracked a bit per level for 64 levels;
// deeper lists count every element, which only overprices a body. Strings,
// the bulk of a body, are skipped with a vectorized search for their closing
// quote.
func scanStructure(b []byte) (objects, scalars int64) {
	var lists uint64 // bit i: level i is a list
	depth := 0
	expectValue := false // just after '[' or a ',' inside a list
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r', ':':
		case '"':
			if expectValue {
				scalars++
				expectValue = false
			}
			i = stringEnd(b, i)
		case '{':
			objects++
			if depth < 64 {
				lists &^= 1 << depth
			}
			depth++
			expectValue = false
		case '[':
			if expectValue {
				scalars++ // a list inside a list of models is a type error too
			}
			if depth < 64 {
				lists |= 1 << depth
			}
			depth++
			expectValue = true
		case '}', ']':
			if depth > 0 { // a stray closer in malformed JSON
				depth--
			}
			expectValue = false
		case ',':
			expectValue = depth > 64 || (depth > 0 && lists&(1<<(depth-1)) != 0)
		default: // a number or a literal (true, false, null)
			if expectValue {
				scalars++
				expectValue = false
			}
		}
	}
	return objects, scalars
}

// stringEnd returns the index of the quote that closes the string opening
// at b[i], or len(b). It reads 8 bytes at a time for the first quote or
// backslash (a backslash escapes the byte after it): most strings of a body
// are keys and short values, for which a call to bytes.IndexByte per string,
// and a look back for the backslashes before each quote, cost more.
func stringEnd(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	j := i + 1
	for {
		for j+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[j:])
			q, s := w^(ones*'"'), w^(ones*'\\')
			// The high bit of each byte of q or s that is zero, and maybe of
			// bytes after it: the lowest is exact.
			if m := ((q-ones)&^q | (s-ones)&^s) & highs; m != 0 {
				j += bits.TrailingZeros64(m) / 8
				break
			}
			j += 8
		}
		for j < len(b) && b[j] != '"' && b[j] != '\\' {
			j++
		}
		if j >= len(b) {
			return len(b)
		}
		if b[j] == '"' {
			return j
		}
		j += 2
	}
}

// largestModel bounds the rough pass: any object, and any list element, may
// become the largest model.
var largestModel = largestSize(gen.Run{}, gen.Task{}, gen.Template{}, gen.Step{}, gen.FormField{}, gen.KickoffField{}, gen.NextTask{})

func largestSize(values ...any) int64 {
	var n int64
	for _, v := range values {
		if v == nil {
			n = max(n, int64(reflect.TypeFor[any]().Size()))
			continue
		}
		n = max(n, int64(reflect.TypeOf(v).Size()))
	}
	return n
}

// pricer walks a JSON body along a Go type and adds up, over-estimating, the
// memory the decoder allocates: pointed-to values, slice backing arrays
// (twice: they grow by doubling), strings, maps and interface values. It
// allocates nothing per value. Malformed JSON is priced as far as it goes;
// the decoder rejects it afterwards.
type pricer struct {
	b   []byte
	i   int
	err error
}

const shapePkg = "github.com/tallyfy-go/sdk/v2/shape"

func (p *pricer) value(t reflect.Type, depth int) int64 {
	p.space()
	if p.i >= len(p.b) || p.err != nil {
		return 0
	}
	if depth > maxPricedDepth {
		p.err = fmt.Errorf("%w: the body is nested deeper than %d levels", ErrInvalidResponse, maxPricedDepth)
		return 0
	}
	c := p.b[p.i]
	if c == 'n' { // null allocates nothing
		p.skip()
		return 0
	}
	if t.PkgPath() == shapePkg {
		return p.shape(t, c, depth)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if c == '{' || c == '[' || c == '"' {
			return int64(t.Elem().Size()) + p.value(t.Elem(), depth+1)
		}
		p.skip()
		return int64(t.Elem().Size())
	case reflect.Struct:
		if c != '{' {
			return p.skip()
		}
		fields := jsonFields(t)
		var cost int64
		p.members(func(key []byte) {
			if ft, ok := lookupField(fields, key); ok {
				cost += p.value(ft, depth+1)
			} else {
				p.skip()
			}
		})
		return cost
	case reflect.Slice:
		if c != '[' {
			return p.skip()
		}
		elem := t.Elem()
		var n, cost int64
		p.elements(func() {
			n++
			cost += p.value(elem, depth+1)
		})
		return cost + 2*n*int64(elem.Size())
	case reflect.Map:
		if c != '{' {
			return p.skip()
		}
		elem := t.Elem()
		entry := 4 * int64(t.Key().Size()+elem.Size()+8) // buckets half full, and the table grows by doubling
		var cost int64
		p.members(func(key []byte) {
			cost += entry + int64(len(key)) + p.value(elem, depth+1)
		})
		return 48 + cost
	case reflect.Interface:
		return p.anyValue(c, depth)
	case reflect.String:
		return p.skip()
	}
	p.skip() // numbers, booleans, time.Time: no allocation beyond their own size
	return 0
}

// shape prices package shape's types by what their UnmarshalJSON methods
// keep: Object its bytes; List and Array a slice, wrapped or bare; Item its
// Data, wrapped or bare; UserRef its strings.
func (p *pricer) shape(t reflect.Type, c byte, depth int) int64 {
	name := t.Name()
	switch {
	case strings.HasPrefix(name, "List[") || strings.HasPrefix(name, "Array["):
		slice := reflect.SliceOf(t.Elem())
		if c == '{' {
			var cost int64
			p.members(func(key []byte) {
				if keyIs(key, "data") {
					cost += p.value(slice, depth+1)
				} else {
					p.skip()
				}
			})
			return cost
		}
		return p.value(slice, depth)
	case strings.HasPrefix(name, "Item["):
		// Wrapped or bare, the item is decoded into Data, after a map of its
		// members (raw) tells the two apart. One pass prices both readings:
		// a "data" member as the wrapped item, the others as the bare one's
		// fields; walking the value once per reading would be exponential in
		// the nesting of items (a task's run's tasks' runs).
		if c != '{' {
			return p.skip()
		}
		data := t.Field(0).Type
		fields := jsonFields(data) // empty unless Data is a struct
		start := p.i
		var cost int64
		p.members(func(key []byte) {
			cost += 2*int64(reflect.TypeFor[string]().Size()+reflect.TypeFor[json.RawMessage]().Size()+8) + int64(len(key))
			if keyIs(key, "data") {
				cost += p.value(data, depth+1)
			} else if ft, ok := lookupField(fields, key); ok {
				cost += p.value(ft, depth+1)
			} else {
				p.skip()
			}
		})
		return cost + int64(p.i-start) // the probe's raw copies
	}
	return p.skip() // Object keeps its bytes; UserRef, Progress and Links their strings at most
}

// anyValue prices a JSON value decoded into an interface: the decoder boxes
// every value and allocates more than the value's own size (measured with
// goccy/go-json: about 76 bytes for an empty list or an empty string, 48 for
// an empty object, beyond the slot holding it).
func (p *pricer) anyValue(c byte, depth int) int64 {
	switch c {
	case '{':
		return 64 + p.value(reflect.TypeFor[map[string]any](), depth)
	case '[':
		return 96 + p.value(reflect.TypeFor[[]any](), depth)
	case '"':
		return 96 + p.skip()
	}
	p.skip()
	return 16
}

// members calls member for each key of the object at p.i, with p.i on its
// value; member must consume the value.
func (p *pricer) members(member func(key []byte)) {
	p.i++ // {
	for p.err == nil {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] == '}' {
			p.i++
			return
		}
		if p.b[p.i] == ',' {
			p.i++
			continue
		}
		start := p.i
		p.skip() // the key
		key := bytes.Trim(p.b[start:min(p.i, len(p.b))], `"`)
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ':' {
			p.i++
		}
		before := p.i
		member(key)
		if p.i == before { // nothing consumed: malformed, stop here
			p.skip()
			if p.i == before {
				p.i = len(p.b)
			}
		}
	}
}

// elements calls element for each value of the array at p.i; element must
// consume the value.
func (p *pricer) elements(element func()) {
	p.i++ // [
	for p.err == nil {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] == ']' {
			p.i++
			return
		}
		if p.b[p.i] == ',' {
			p.i++
			continue
		}
		before := p.i
		element()
		if p.i == before {
			p.i = len(p.b)
		}
	}
}

// skip moves past one value and returns its length in bytes (what a string
// or a kept raw value costs).
func (p *pricer) skip() int64 {
	p.space()
	start := p.i
	if p.i >= len(p.b) {
		return 0
	}
	switch p.b[p.i] {
	case '"':
		p.i = min(stringEnd(p.b, p.i)+1, len(p.b))
		return int64(p.i - start)
	case '{', '[':
		depth := 0
		for p.i < len(p.b) {
			switch p.b[p.i] {
			case '"':
				p.skip()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					p.i++
					return int64(p.i - start)
				}
			}
			p.i++
		}
	default:
		for p.i < len(p.b) && !strings.ContainsRune(",]} \t\r\n", rune(p.b[p.i])) {
			p.i++
		}
		if p.i == start {
			p.i++ // a stray delimiter: step over it
		}
	}
	return int64(p.i - start)
}

func (p *pricer) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

// lookupField finds a member's field as the decoder does: without regard to
// case (Unicode simple folding, so "ta\u017fks" is "tasks") and after
// unescaping the key. Plain ASCII keys, all real ones, take an allocation-free
// path; any other key is unescaped and compared with every field name, so a
// hostile spelling cannot hide a member from the budget.
func lookupField(fields map[string]reflect.Type, key []byte) (reflect.Type, bool) {
	if plainKey(key) {
		var buf [64]byte
		if len(key) > len(buf) {
			return nil, false // no model field has so long a name
		}
		for i, c := range key {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		ft, ok := fields[string(buf[:len(key)])]
		return ft, ok
	}
	name := unescapeKey(key)
	for field, ft := range fields {
		if strings.EqualFold(field, name) {
			return ft, true
		}
	}
	return nil, false
}

// keyIs reports whether a member key is name as the decoder matches it.
func keyIs(key []byte, name string) bool {
	if plainKey(key) {
		return strings.EqualFold(string(key), name)
	}
	return strings.EqualFold(unescapeKey(key), name)
}

// plainKey reports a key of printable ASCII without escapes.
func plainKey(key []byte) bool {
	for _, c := range key {
		if c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

// unescapeKey decodes a key's JSON escapes; a malformed one is compared as
// written (the decoder rejects the body anyway).
func unescapeKey(key []byte) string {
	var s string
	if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &s) != nil {
		return string(key)
	}
	return s
}

// jsonFields maps a struct's JSON member names, lower-cased (the decoder
// matches them without case), to their field types, with the fields of
// embedded structs promoted as the decoder promotes them; computed once per
// type. A type that is not a struct (or a pointer to one) has no fields.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			embedded = append(embedded, f.Type)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[strings.ToLower(name)] = f.Type
	}
	for _, e := range embedded { // the outer struct's own fields win
		for name, ft := range jsonFields(e) {
			if _, taken := m[name]; !taken {
				m[name] = ft
			}
		}
	}
	fieldCache.Store(t, m)
	return m
}

var fieldCache sync.Map // reflect.Type → map[string]reflect.Type
