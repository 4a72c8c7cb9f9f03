package tallyfy

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Memory is bounded for every body, whatever its shape (issue 20): reading
// and decoding a body allocate at most maxAllocRatio times its size
// (decompressed), plus allocSlack. The size cap (WithMaxResponseBytes)
// bounds the bytes read; this bounds what they take once read and decoded.
//
// Reading takes at most readRatio times the body (readBody). Decoding takes
// the rest: before each decoding pass, the body is priced against the Go type
// it decodes into, by a walk (pricer) that adds up an upper bound of every
// byte the decoder allocates for each value: pointed-to values, slices with
// their growth, maps with their tables, strings, interface boxes, the copies
// made for UnmarshalJSON methods and the decodings those methods start, type
// errors. A pass runs only when its price fits what is left of the budget; a
// body that would not fit is refused with ErrResponseTooLarge before anything
// is decoded. So the bound is a property of the decode, not a guess about
// the shapes a hostile server may send: {} padded with spaces, maps of nulls,
// a decode into any, a second decoding after a type error are all priced for
// what they allocate. The walk allocates nothing itself.
//
// The prices model the decoders this package uses: goccy/go-json (every
// pass of unmarshalWithin, json.go) and encoding/json (describeDecodeError's
// path, which is skipped when it would not fit), down to the runtime's size
// classes (alloc, appendCost); where a cost depends on what a pool holds,
// the price is the worst case. TestDecodeAllocation_PricesAreUpperBounds and
// FuzzDecodeAllocation check that no decoding allocates more than its price. The models cover every Go type a call
// decodes into: the generated models and package shape's types, and, for Do,
// any type built from Go's kinds (structs, pointers, slices, arrays, maps,
// interfaces, strings, numbers, booleans), json.RawMessage, json.Number and
// time.Time. The one thing they cannot bound is what a caller's own
// UnmarshalJSON or UnmarshalText method allocates: such a method is priced for
// the copy of its value the decoder makes and a nominal allowance.
// FuzzDecodeAllocation searches for a body and a type that allocate more than
// maxAllocRatio times the body, and BenchmarkDecodeWorstRatio reports the
// worst ratio over its seeds (alloc_ratio_test.go).
const (
	maxAllocRatio  = 16
	readRatio      = 2
	maxDecodeRatio = maxAllocRatio - readRatio
	// readSlack and decodeSlack cover the costs that do not grow with the
	// body: a chunk read in part and the rounding of the body's buffer; the
	// decoder's contexts, its first buffers, an error's message.
	readSlack   = 32 << 10
	decodeSlack = 64 << 10
	allocSlack  = readSlack + decodeSlack
	// maxPricedDepth is the deepest nesting priced; goccy/go-json and
	// encoding/json refuse bodies nested deeper than 10,000 levels too.
	maxPricedDepth = 10000
)

// decodeBudget is what decoding a body of n bytes may allocate.
func decodeBudget(n int) int64 { return maxDecodeRatio*int64(n) + decodeSlack }

// readChunk is the size of the chunks readUnsized reads into.
const readChunk = 16 << 10

var readChunks = sync.Pool{New: func() any { return new([readChunk]byte) }}

// readUnsized reads a body of unknown length (a compressed answer, which
// net/http decompresses as it is read) into chunks kept from earlier calls,
// then copies them into one buffer of the body's length, pooled from
// minPooledBody on (releaseBody): at most the body twice, and a chunk, with
// every pool empty. A bytes.Buffer, which doubles, allocated four times the
// body (issue 20).
func readUnsized(r io.Reader) ([]byte, error) {
	var first [8]*[readChunk]byte
	chunks := first[:0]
	defer func() {
		for _, c := range chunks {
			readChunks.Put(c)
		}
	}()
	total := 0
	for {
		c := readChunks.Get().(*[readChunk]byte)
		chunks = append(chunks, c)
		n, err := io.ReadFull(r, c[:])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if total == 0 {
		return nil, nil
	}
	var buf []byte
	if total >= minPooledBody {
		if p, ok := bodyBuffers.Get().(*[]byte); ok && cap(*p) >= total {
			buf = (*p)[:0]
		}
	}
	if buf == nil {
		buf = make([]byte, 0, total)
	}
	for _, c := range chunks {
		buf = append(buf, c[:min(readChunk, total-len(buf))]...)
	}
	return buf, nil
}

// decodeModel is the decoder a price is for.
type decodeModel uint8

const (
	goccyModel decodeModel = iota // goccy/go-json: unmarshalWithin's passes, and the decodings shape's methods start
	stdModel                      // encoding/json: describeDecodeError's decoding
)

// errOverBudget reports a price over the limit it was given.
var errOverBudget = errors.New("tallyfy: the decoding would allocate more than its budget")

// priceDecode returns an upper bound of what decoding body into a zero value
// of type t allocates with decoder m, and errOverBudget as soon as the bound
// passes limit (the walk stops there: pricing a hostile body costs no more
// than the budget it is refused for). mayFail reports a decoding that may
// fail (a value the type cannot hold): unmarshalWithin skips a fast pass
// that would. A body that is not valid JSON fails with ErrInvalidResponse:
// nothing is decoded from it.
func priceDecode(body []byte, t reflect.Type, m decodeModel, limit int64) (cost int64, mayFail bool, err error) {
	p := &pricer{b: body, model: m, limit: limit, work: 64*int64(len(body)) + 1024}
	p.pass(planOf(t), len(body))
	p.space()
	if p.err == nil && !p.over && p.i < len(p.b) {
		p.syntax("after the top-level value")
	}
	switch {
	case p.err != nil:
		return 0, true, p.err
	case p.over:
		return p.spent, true, errOverBudget
	}
	return p.spent, p.topFail, nil
}

// Costs of the decoders' own structures (measured on goccy/go-json v0.12 and
// Go 1.26, rounded up): a decoding context taken cold from its pool, with its
// table of recent decoders; the error a failed decoding builds (its pending
// record, the walk that finds its path, the path's strings); the error a
// shape method or encoding/json makes for one value; a map's header and a
// table of its directory.
const (
	contextCost   = 2048
	errorCost     = 1024
	valueErrCost  = 128
	mapHeaderCost = 64
	mapTableCost  = 64
	// methodCost is the allowance for an UnmarshalJSON or UnmarshalText
	// method of a caller's type, beyond twice its value's length: what such
	// a method allocates is the caller's to bound.
	methodCost = 256
)

// sizeClasses are the Go runtime's size classes for small objects
// (internal/runtime/gc/sizeclasses.go, unchanged from Go 1.22 to 1.26);
// TestAllocMatchesTheRuntime checks them against what it allocates.
var sizeClasses = [...]int64{0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}

const (
	maxSmallSize     = 32768
	mallocHeaderSize = 8   // before an object with pointers of more than 512 bytes
	minHeaderSize    = 512 // the largest object with pointers that has no header
	pageSize         = 8192
)

// usable is what the runtime gives for a request of n bytes (runtime's
// roundupsize): its size class, less the malloc header of an object with
// pointers over 512 bytes; a large object in whole pages. noscan is set for
// memory without pointers.
func usable(n int64, noscan bool) int64 {
	switch {
	case n <= 0:
		return 0
	case n > maxSmallSize-mallocHeaderSize:
		return (n + pageSize - 1) &^ (pageSize - 1)
	}
	header := int64(0)
	if !noscan && n > minHeaderSize {
		header = mallocHeaderSize
	}
	if req := n + header; req <= 1024 {
		return sizeClasses[sizeToClass8[(req+7)/8]] - header
	} else {
		return sizeClasses[sizeToClass128[(req-1024+127)/128]] - header
	}
}

// sizeToClass8 and sizeToClass128 find a size's class as the runtime does:
// by steps of 8 bytes up to 1 KiB, of 128 above.
var sizeToClass8, sizeToClass128 = func() (by8 [1024/8 + 1]uint8, by128 [(maxSmallSize-1024)/128 + 1]uint8) {
	class := func(n int64) uint8 {
		c := 1
		for sizeClasses[c] < n {
			c++
		}
		return uint8(c)
	}
	for i := range by8 {
		by8[i] = class(int64(i) * 8)
	}
	for i := range by128 {
		by128[i] = class(1024 + int64(i)*128)
	}
	return by8, by128
}()

// alloc is what an object of n bytes adds to the bytes allocated: its size
// class or pages, header included. A tiny object (without pointers, under 16
// bytes) shares a 16-byte block with others: 16 at most.
func alloc(n int64, noscan bool) int64 {
	switch {
	case n <= 0:
		return 0
	case noscan && n < 16:
		return 16
	case n > maxSmallSize-mallocHeaderSize:
		return usable(n, noscan)
	case !noscan && n > minHeaderSize:
		return usable(n, noscan) + mallocHeaderSize
	}
	return usable(n, noscan)
}

// roundAlloc is alloc of an object that may have pointers (the larger).
func roundAlloc(n int64) int64 { return alloc(n, false) }

// bytesAlloc is alloc of bytes: a string's, a copy's.
func bytesAlloc(n int64) int64 { return alloc(n, true) }

// appendCost is what a slice grown as append grows it allocates, from nil to
// n elements of size bytes (runtime's growslice: doubling up to 256
// elements, then by about a quarter, each rounded up to its size class),
// the first growth asking for first elements.
func appendCost(n, first, size int64, noscan bool) int64 {
	if size == 0 {
		return 0
	}
	var cost, c int64
	for c < n {
		want := c + 1
		if c == 0 {
			want = max(first, 1)
		}
		nc := 2 * c
		switch {
		case want > nc:
			nc = want
		case c >= 256:
			nc = c
			for nc < want {
				nc += (nc + 3*256) >> 2
			}
		}
		cost += alloc(nc*size, noscan)
		c = usable(nc*size, noscan) / size
	}
	return cost
}

// pricer walks a JSON body along a plan (a Go type) and adds up, in spent,
// an upper bound of what decoding it allocates. It validates the JSON as it
// goes (RFC 8259, as encoding/json reads it), so that the decoders only ever
// see valid bodies, and it allocates nothing.
type pricer struct {
	b     []byte
	i     int
	model decodeModel
	spent int64
	limit int64
	over  bool
	err   error
	// topFail is set when the pass may fail.
	topFail bool

	depth     int
	depthHigh int
	pathBytes int64 // the keys from the root to the value: a type error's path copies them
	sc        scope
	calls     int // nested decodings open (shape methods' unmarshal)
	maxCalls  int
	work      int64 // values left to walk, which bounds the walk's time (see visit)

	// The member read last (nextMember): its key, between quotes.
	keyStart, keyEnd int
	keyEscaped       bool
	keyHigh          bool
}

// scope is what the pricer knows of one decoding (a pass, or one that a
// method of package shape starts): whether it may fail, whether its one
// recorded error was charged, and the interface values it keeps on its
// context's stacks at once (goccy's anyStack and entryStack).
type scope struct {
	fail, errCharged     bool
	elems, entries       int64
	maxElems, maxEntries int64
	model                decodeModel // the model of the scope a call was entered from
}

// charge adds n to the price. Once over the limit, the price stays where it
// passed it: a walk that stops there adds nothing more (an Item doubling
// what it walked would double a price that no longer means anything, and
// could overflow).
func (p *pricer) charge(n int64) {
	if p.over {
		return
	}
	p.spent += n
	if p.spent > p.limit || p.spent < 0 {
		p.over = true
		if p.spent < 0 { // past math.MaxInt64
			p.spent = math.MaxInt64
		}
	}
}

func (p *pricer) stopped() bool { return p.err != nil || p.over }

// visit counts a value walked. A type whose readings overlap (an Item of a
// map, a struct with members the decoder matches in more than one way) may
// walk a value more than once; the walk gives up, as over budget, past 64
// walks per byte.
func (p *pricer) visit() {
	p.work--
	if p.work < 0 {
		p.over = true
	}
}

func (p *pricer) syntax(what string) {
	if p.err == nil {
		p.err = fmt.Errorf("%w: the body is not valid JSON: %s at byte %d", ErrInvalidResponse, what, p.i)
	}
}

// pass prices one decoding of the whole body (n bytes) into a value of pl:
// the decoder's context and its copy of the body, then the value.
func (p *pricer) pass(pl *plan, n int) {
	if p.model == goccyModel {
		p.charge(contextCost + bytesAlloc(max(int64(n)+17, 128)))
	} else {
		p.charge(contextCost / 2) // decodeState and its scanner
	}
	p.value(pl, false)
	p.topFail = p.sc.fail
	p.endScope()
	if p.model == stdModel {
		// The scanner's and the error context's stacks, a few words per level.
		p.charge(64 * int64(p.maxDepthSeen()))
	}
	// A context per level of nested decodings, taken cold from its pool.
	// Pools are emptied by every other collection, and collections come with
	// allocation: refilling them is priced as a fraction of the rest.
	p.charge(int64(p.maxCalls)*contextCost + p.spent/64)
}

// maxDepthSeen is the deepest the walk went, counted as the budget of
// depth-dependent costs; the depth limit bounds it.
func (p *pricer) maxDepthSeen() int { return min(p.depthHigh, maxPricedDepth) }

// endScope prices the stacks a decoding's context grew for interface values.
func (p *pricer) endScope() {
	if p.model == goccyModel {
		p.charge(appendCost(p.sc.maxElems, 1, 16, false) + appendCost(p.sc.maxEntries, 1, 32, false))
	}
}

// enterCall opens the scope of a decoding a method starts.
// The decodings shape's methods start are goccy/go-json's, whichever decoder
// called the method.
func (p *pricer) enterCall() scope {
	saved := p.sc
	saved.model = p.model
	p.sc = scope{}
	p.model = goccyModel
	p.calls++
	p.maxCalls = max(p.maxCalls, p.calls)
	return saved
}

// leaveCall closes it and reports whether it may fail.
func (p *pricer) leaveCall(saved scope) bool {
	p.endScope()
	failed := p.sc.fail
	p.sc = saved
	p.model = saved.model
	p.calls--
	return failed
}

// nested prices the start of a decoding of n bytes by a method (shape's
// unmarshal): the decoder copies them into its context's buffer, which it
// keeps from one decoding to the next (a fresh context is priced per level,
// in pass).
func (p *pricer) nested(n int64) {
	if n+17 > 128 {
		p.charge(bytesAlloc(n + 17))
	}
}

// mismatch records a value the type cannot hold (or may not): the decoding
// fails. goccy/go-json records the first error of a decoding and builds it at
// its end, with the value's path; encoding/json makes one for every such
// value. literal is the length of a number the error quotes, or 0.
func (p *pricer) mismatch(literal int64) {
	p.sc.fail = true
	var quoted int64
	if literal > 0 {
		// "number " and the literal; and, for every such number, the error
		// of strconv (a float out of range), which keeps a copy of it
		quoted = bytesAlloc(literal + 7)
		p.charge(64 + bytesAlloc(literal))
	}
	if p.model == stdModel {
		p.charge(valueErrCost + quoted)
	}
	if !p.sc.errCharged {
		p.sc.errCharged = true
		p.charge(errorCost + 4*p.pathBytes + 128*int64(p.depth) + quoted)
	}
}

// methodFailed prices the error a method of package shape returns for its
// value; the decoding that called it fails with it.
func (p *pricer) methodFailed() {
	p.charge(valueErrCost)
	p.mismatch(0)
}

// methodCopy prices the copy of an n-byte value goccy/go-json hands an
// UnmarshalJSON method (encoding/json hands the method its own bytes).
func (p *pricer) methodCopy(n int64) {
	if p.model == goccyModel {
		p.charge(bytesAlloc(n))
	}
}

// value prices the value at p.i decoded into a value of pl. dirty is set when
// the value decoded into may hold an earlier decoding's (a member repeated in
// an object), which some decoders grow instead of making anew.
func (p *pricer) value(pl *plan, dirty bool) {
	if p.stopped() {
		return
	}
	p.visit()
	p.space()
	if p.i >= len(p.b) {
		p.syntax("unexpected end")
		return
	}
	if pl == nil {
		p.skip()
		return
	}
	c := p.b[p.i]
	switch pl.kind {
	case pkPtr:
		if c == 'n' {
			p.literal()
			return
		}
		p.charge(alloc(pl.elem.size, pl.elem.noscan))
		p.value(pl.elem, dirty)
	case pkStruct:
		switch c {
		case '{':
			p.object(pl, dirty)
		case 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkSlice:
		switch c {
		case '[':
			n := p.elements(pl.elem, dirty, -1)
			p.charge(p.sliceCost(n, pl.elem))
		case 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkArray:
		switch c {
		case '[':
			p.elements(pl.elem, dirty, pl.n)
			if p.model == goccyModel {
				p.charge(32) // the slice of the elements it clears (reflect)
			}
		case 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkMap:
		switch c {
		case '{':
			p.mapObject(pl, dirty)
		case 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkAny:
		p.anyValue()
	case pkKept:
		if c == 'n' {
			p.literal()
			return
		}
		p.wrongKind()
	case pkString:
		switch c {
		case '"':
			p.charge(p.str())
		case 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkBool:
		switch c {
		case 't', 'f', 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkInt, pkUint, pkFloat:
		switch {
		case c == 'n':
			p.literal()
		case c == '-' || ('0' <= c && c <= '9'):
			p.number(pl)
		default:
			p.wrongKind()
		}
	case pkNumber:
		start := p.i
		switch {
		case c == 'n':
			p.literal()
		case c == '"':
			p.str()
			p.charge(roundAlloc(int64(p.i - start)))
			p.mismatch(0) // a string that may not hold a number
		case c == '-' || ('0' <= c && c <= '9'):
			p.numberToken()
			p.charge(roundAlloc(int64(p.i - start)))
		default:
			p.wrongKind()
		}
	case pkBytes:
		switch c {
		case '"':
			start := p.i
			p.str()
			n := int64(p.i - start)
			p.charge(2*roundAlloc(n) + roundAlloc(n+64))
			p.mismatch(0) // base64 that may not decode
		case '[':
			n := p.elements(uint8Plan, dirty, -1)
			p.charge(p.sliceCost(n, uint8Plan))
		case 'n':
			p.literal()
		default:
			p.wrongKind()
		}
	case pkRaw:
		start := p.i
		p.skip()
		p.charge(roundAlloc(int64(p.i - start)))
	case pkTime:
		p.timeValue(c)
	case pkMethod:
		start := p.i
		p.skip()
		n := int64(p.i - start)
		p.methodCopy(n)
		p.charge(2*roundAlloc(n) + methodCost)
		p.mismatch(0)
	case pkUnsupported:
		p.skip()
		p.mismatch(0)
	default:
		p.shape(pl, c, dirty)
	}
}

// wrongKind prices a JSON value of another kind than the type holds: skipped,
// with an error naming its kind.
func (p *pricer) wrongKind() {
	p.skip()
	p.mismatch(0)
}

// number prices a number decoded into a Go number, which allocates nothing
// unless it does not fit (an error quoting it) or, with encoding/json, is
// longer than the stack buffer strconv is called with.
func (p *pricer) number(pl *plan) {
	start := p.i
	info := p.numberToken()
	n := int64(p.i - start)
	if p.model == stdModel && n > 32 {
		p.charge(roundAlloc(n))
	}
	if !info.fits(pl) {
		p.mismatch(n)
	}
}

// sliceCost bounds what a slice of n elements of elem allocates as it
// grows. encoding/json grows it one element at a time, as append does.
// goccy/go-json decodes the first 64 elements in place (growing as append
// does, from 4), the rest into a buffer from a pool that doubles
// (2*index+1) and becomes the slice: each of its growths at least doubles
// it, so together they are at most twice the last, which is for fewer than
// 2n+1 elements. (With a buffer left in the pool by an earlier decoding, the
// growths may come close to that: about four times the slice, against about
// three from an empty pool.)
func (p *pricer) sliceCost(n int, elem *plan) int64 {
	m, size := int64(n), elem.size
	if m == 0 || size == 0 {
		return 0
	}
	if p.model == stdModel {
		return appendCost(m, 1, size, elem.noscan)
	}
	if m <= 64 {
		return appendCost(m, 4, size, elem.noscan)
	}
	// The buffer holds 128 elements at least (cold, it is allocated so);
	// up to 128 elements it does not grow.
	cost := appendCost(64, 4, size, elem.noscan) + alloc(128*size, elem.noscan) + 32
	if m > 128 {
		cost += 2 * alloc((2*m+1)*size, elem.noscan)
	}
	return cost
}

// elements walks the elements of the array at p.i into values of elem, the
// first limit of them (all if limit < 0; an array's extra elements are
// skipped), and returns how many there were.
func (p *pricer) elements(elem *plan, dirty bool, limit int) int {
	if !p.enter() {
		return 0
	}
	n := 0
	for first := true; p.nextElement(&first); {
		if limit >= 0 && n >= limit {
			p.skip()
		} else {
			p.value(elem, dirty)
		}
		n++
	}
	p.leave()
	return n
}

// object walks the members of the object at p.i into the fields of the
// struct pl.
func (p *pricer) object(pl *plan, dirty bool) {
	if !p.enter() {
		return
	}
	var seen [4]uint64 // fields met, to tell a repeated member
	for first := true; p.nextMember(&first); {
		key := p.b[p.keyStart:p.keyEnd]
		p.pathBytes += int64(len(key))
		p.member(pl, key, dirty, &seen)
		p.pathBytes -= int64(len(key))
	}
	p.leave()
}

// member walks a member's value into the field the decoder sets for its key:
// an exact match first, else a match without regard to case (Unicode simple
// folding, after unescaping the key). When more than one field could take it,
// the value is priced once for each.
func (p *pricer) member(pl *plan, key []byte, dirty bool, seen *[4]uint64) {
	if !p.keyEscaped && len(pl.table) > 0 {
		// The name as written, as the API writes them all: a table indexed
		// by a hash of its length and three of its bytes.
		mask := uint32(len(pl.table) - 1)
		for h := nameHash(key) & mask; pl.table[h] != nil; h = (h + 1) & mask {
			if f := pl.table[h]; f.name == string(key) {
				if f.ambiguous {
					break
				}
				p.field(f, dirty, seen)
				return
			}
		}
	}
	p.memberFolded(pl, key, dirty, seen)
}

// nameHash hashes a member name for plan.table.
func nameHash(name []byte) uint32 {
	n := uint32(len(name))
	if n == 0 {
		return 0
	}
	return n*0x9e3779b1 ^ uint32(name[0])*0x85ebca6b ^ uint32(name[n-1])*0xc2b2ae35 ^ uint32(name[n/2])*0x27d4eb2f
}

// memberFolded is member for a key that is not a field's name as written.
func (p *pricer) memberFolded(pl *plan, key []byte, dirty bool, seen *[4]uint64) {
	var buf [256]byte
	name, ok := key, true
	if p.keyEscaped {
		name, ok = unescapeKey(buf[:0], key)
	}
	if !ok || len(name) > 3*pl.maxName { // no field's name folds to a name that long
		p.skip()
		return
	}
	if f, found := pl.exact[string(name)]; found && !f.ambiguous {
		p.field(f, dirty, seen)
		return
	}
	start, walked := p.i, false
	walk := func(f *field) {
		if walked {
			p.i = start
		}
		walked = true
		p.field(f, dirty, seen)
	}
	if len(name) <= 256 && (!p.keyHigh && !p.keyEscaped || isASCII(name)) {
		var lower [256]byte
		for _, f := range pl.folded[string(asciiLower(lower[:0], name))] {
			walk(f)
		}
	} else {
		for _, f := range pl.fields {
			if foldEqual(f.name, name) {
				walk(f)
			}
		}
	}
	if !walked {
		p.skip()
	}
}

func (p *pricer) field(f *field, dirty bool, seen *[4]uint64) {
	if f.index < 256 {
		w, bit := &seen[f.index/64], uint64(1)<<(f.index%64)
		if *w&bit != 0 {
			dirty = true
		}
		*w |= bit
	} else {
		dirty = true
	}
	p.charge(f.alloc)
	// The values most members hold, without value's dispatch: a string, a
	// boolean or null.
	p.space()
	if p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"' && f.plan.kind == pkString:
			p.visit()
			p.charge(p.str())
			return
		case c == 'n' && f.plan.nullFree || (f.plan.kind == pkBool && (c == 't' || c == 'f')):
			p.visit()
			p.literal()
			return
		}
	}
	p.value(f.plan, dirty)
}

// mapObject walks an object into a map of pl. Every member is an entry: its
// key is copied, its value decoded, and the map's table grows to hold it.
// goccy/go-json makes a new map[string]any of its object's size once all its
// entries are read (kept on the context's stack until then).
func (p *pricer) mapObject(pl *plan, dirty bool) {
	if !p.enter() {
		return
	}
	fresh := pl.anyMap && p.model == goccyModel && !dirty
	n := int64(0)
	for first := true; p.nextMember(&first); {
		n++
		key := p.b[p.keyStart:p.keyEnd]
		p.charge(p.keyCost(pl.key, key))
		if fresh {
			p.sc.entries++
			p.sc.maxEntries = max(p.sc.maxEntries, p.sc.entries)
		}
		p.pathBytes += int64(len(key))
		p.value(pl.elem, false) // into a zeroed temporary
		p.pathBytes -= int64(len(key))
	}
	p.leave()
	if fresh {
		p.sc.entries -= n
		p.charge(mapHintCost(n, 32))
		return
	}
	p.charge(p.mapGrowthCost(pl, n))
}

// keyCost prices a map key: a string copied (unescaped), or a number or a
// text read from it, which may not parse.
func (p *pricer) keyCost(key *plan, raw []byte) int64 {
	n := int64(len(raw))
	switch key.kind {
	case pkString:
		cost := p.strCost(n, p.keyEscaped, p.keyHigh && !utf8.Valid(raw))
		if p.model == stdModel {
			cost += 16 // reflect.New of the key
		}
		return cost
	case pkInt, pkUint:
		if !isPlainInt(raw) || (key.kind == pkUint && raw[0] == '-') {
			p.mismatch(n + 2) // a key that is not a number in range
		}
		return 16
	}
	p.mismatch(0)
	return 2*roundAlloc(n) + methodCost // a TextUnmarshaler key
}

// mapGrowthCost bounds a map grown entry by entry to n entries (Go's maps:
// groups of 8 slots, a table of up to 1,024 slots that doubles at 7/8 full
// and then splits; an element or key over 128 bytes is allocated on its
// own), with encoding/json's temporaries and goccy/go-json's pooled ones.
func (p *pricer) mapGrowthCost(pl *plan, n int64) int64 {
	ks, vs := pl.key.size, pl.elem.size
	cost := int64(mapHeaderCost) + roundAlloc(ks) + roundAlloc(vs) + 64 // the map, the decoder's temporaries
	if n == 0 {
		return cost
	}
	slot := min(ks, 128) + min(vs, 128) + 8
	if ks > 128 {
		slot += 8 - 128
		cost += n * roundAlloc(ks)
	}
	if vs > 128 {
		slot += 8 - 128
		cost += n * roundAlloc(vs)
	}
	cost += roundAlloc(8+8*slot) + n*(6*(slot+1)+1) + (n/448+1)*mapTableCost
	return cost
}

// mapHintCost is the size of a map made for n entries of slot bytes at once
// (make with a hint), as goccy/go-json makes a map[string]any.
func mapHintCost(n, slot int64) int64 {
	group := 8 + 8*slot
	switch {
	case n == 0:
		return mapHeaderCost
	case n <= 8:
		return mapHeaderCost + roundAlloc(group)
	}
	target := n * 8 / 7
	dir := int64(1)
	for dir*1024 < target {
		dir *= 2
	}
	capacity := int64(8)
	for capacity < (target+dir-1)/dir {
		capacity *= 2
	}
	return mapHeaderCost + roundAlloc(8*dir) + dir*(mapTableCost+roundAlloc(capacity/8*group))
}

// anyValue prices a value decoded into an empty interface: an object into a
// map[string]any, an array into a []any, a number into a boxed float64, a
// string into a boxed string; literals are static.
func (p *pricer) anyValue() {
	c := p.b[p.i]
	switch c {
	case '{':
		p.mapObject(anyMapPlan, false)
	case '[':
		if !p.enter() {
			return
		}
		n := int64(0)
		for first := true; p.nextElement(&first); {
			n++
			if p.model == goccyModel {
				p.sc.elems++
				p.sc.maxElems = max(p.sc.maxElems, p.sc.elems)
			}
			p.value(anyPlan, false)
		}
		p.leave()
		// made of its length (goccy/go-json; empty, a shared one) or grown,
		// then boxed into the interface
		if p.model == goccyModel {
			p.sc.elems -= n
			if n > 0 {
				p.charge(roundAlloc(16*n) + 32)
			}
		} else {
			p.charge(p.sliceCost(int(n), anyPlan) + 32)
		}
	case '"':
		p.charge(p.str() + 16)
	case 't', 'f', 'n':
		p.literal()
	default:
		start := p.i
		info := p.numberToken()
		n := int64(p.i - start)
		p.charge(16)
		if p.model == stdModel && n > 32 {
			p.charge(roundAlloc(n))
		}
		if !info.fits(float64Plan) {
			p.mismatch(n)
		}
	}
}

// timeValue prices a time.Time: a strict RFC 3339 string allocates nothing;
// any other string may fail to parse, and the error copies it; any other
// kind is a type error.
func (p *pricer) timeValue(c byte) {
	switch c {
	case 'n':
		p.literal()
	case '"':
		start := p.i
		p.str()
		if p.err != nil {
			return
		}
		n := int64(p.i - start)
		if !isRFC3339(p.b[start+1 : p.i-1]) {
			p.charge(3*roundAlloc(n) + methodCost)
			p.mismatch(0)
		}
	default:
		p.wrongKind()
	}
}

// shape prices package shape's types by what their UnmarshalJSON methods do
// (shape/relation.go and the others): the decoder copies the value for the
// method (goccy/go-json), and most methods decode it again with a decoding of
// their own (nested), some twice when the first way fails.
func (p *pricer) shape(pl *plan, c byte, dirty bool) {
	start := p.i
	switch pl.kind {
	case pkObject:
		// Kept as sent: a copy of the bytes, none for null, {} and [].
		p.skip()
		n := int64(p.i - start)
		p.methodCopy(n)
		if !isEmptyJSON(p.b[start:p.i]) {
			p.charge(roundAlloc(n))
		}
	case pkList:
		p.list(pl, c, start)
	case pkItem:
		p.item(pl, c, start)
	case pkProgress:
		p.progress(c, start)
	case pkUserRef:
		p.userRef(c, start)
	case pkLinks:
		switch c {
		case '{':
			saved := p.enterCall()
			p.value(linksObjPlan, false)
			n := int64(p.i - start)
			failed := p.leaveCall(saved)
			p.methodCopy(n)
			p.nested(n)
			p.charge(16) // the local object the decoding escapes to
			if failed {
				p.charge(valueErrCost)
				p.mismatch(0)
			}
		case 'n', '[':
			p.skip()
			p.methodCopy(int64(p.i - start))
			if c == '[' && !isEmptyJSON(p.b[start:p.i]) {
				p.methodFailed()
			}
		default:
			p.skip()
			p.methodCopy(int64(p.i - start))
			p.methodFailed()
		}
	}
}

// progress prices a shape.Progress: the object as the API writes it is read
// directly (its numbers converted by strconv, from the stack when they are
// short); any other object is decoded into a struct of three numbers; a
// number is converted by strconv.ParseFloat, whose error copies it.
func (p *pricer) progress(c byte, start int) {
	switch {
	case c == '{':
		saved := p.enterCall()
		p.value(progressPlan, false)
		n := int64(p.i - start)
		failed := p.leaveCall(saved)
		p.methodCopy(n)
		if !isCanonicalProgress(p.b[start:p.i]) {
			p.nested(n)
			if failed {
				p.charge(valueErrCost)
				p.mismatch(0)
			}
		}
	case c == '-' || ('0' <= c && c <= '9'):
		info := p.numberToken()
		n := int64(p.i - start)
		p.methodCopy(n)
		if n > 32 {
			p.charge(bytesAlloc(n)) // string(b) for ParseFloat, beyond its stack buffer
		}
		if !info.fits(float64Plan) {
			p.charge(bytesAlloc(n) + valueErrCost) // ParseFloat's error copies it
			p.methodFailed()
		}
	case c == 'n':
		p.literal()
		p.methodCopy(4)
	default:
		p.skip()
		p.methodCopy(int64(p.i - start))
		p.methodFailed()
	}
}

// isCanonicalProgress reports the object shape.Progress reads directly:
// "complete", "total" and "percent" in that order, two integers and a
// number, each short enough for strconv's stack buffer and in range.
func isCanonicalProgress(b []byte) bool {
	i := 0
	for k, name := range [...]string{"complete", "total", "percent"} {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != "{,,"[k] {
			return false
		}
		i = skipSpace(b, i+1)
		if !bytes.HasPrefix(b[i:], []byte(`"`+name+`"`)) {
			return false
		}
		i = skipSpace(b, i+len(name)+2)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipSpace(b, i+1)
		end := i
		for end < len(b) && strings.IndexByte("+-.eE0123456789", b[end]) >= 0 {
			end++
		}
		if tok := b[i:end]; len(tok) == 0 || len(tok) > 18 || (k < 2 && !isPlainInt(tok)) {
			return false
		}
		i = end
	}
	i = skipSpace(b, i)
	return i < len(b) && b[i] == '}' && skipSpace(b, i+1) == len(b)
}

// list prices a shape.List or shape.Array: a bare [...] decodes in place;
// {"data": [...]} as the API writes it decodes its list in place, and any
// other object (or the compact one failing) decodes through an envelope.
func (p *pricer) list(pl *plan, c byte, start int) {
	switch c {
	case '[':
		saved := p.enterCall()
		p.value(pl.elem, false)
		n := int64(p.i - start)
		failed := p.leaveCall(saved)
		p.methodCopy(n)
		p.nested(n)
		if failed {
			p.charge(valueErrCost)
			p.mismatch(0)
		}
	case '{':
		saved := p.enterCall()
		before := p.spent
		if p.enter() {
			for first := true; p.nextMember(&first); {
				if keyIs(p.b[p.keyStart:p.keyEnd], p.keyEscaped, "data") {
					p.value(pl.elem, false)
				} else {
					p.skip()
				}
			}
			p.leave()
		}
		walked := p.spent - before
		failed := p.leaveCall(saved)
		if p.stopped() {
			return
		}
		n := int64(p.i - start)
		p.methodCopy(n)
		if compactWrapped(p.b[start:p.i], '[') && !failed && onlyMember(p.b[start:p.i]) {
			p.nested(n)
			return
		}
		// The compact attempt, then the envelope (a pointer to the slice):
		// the list decoded twice.
		p.nested(n)
		p.nested(n)
		p.charge(walked + 64 + valueErrCost + errorCost)
		if failed {
			p.charge(valueErrCost)
			p.mismatch(0)
		}
	case 'n':
		p.literal()
		p.methodCopy(4)
	default:
		p.skip()
		p.methodCopy(int64(p.i - start))
		p.methodFailed()
	}
}

// item prices a shape.Item: {"data": {...}} as the API writes it decodes its
// object into Data; an object whose first member is not "data" decodes whole
// into Data; any other (or the compact one failing) is probed member by
// member (a map of raw copies) and decoded again. Both readings are priced:
// the "data" members' values as Data, and the whole object as Data.
func (p *pricer) item(pl *plan, c byte, start int) {
	switch c {
	case '{':
	case 'n':
		p.literal()
		p.methodCopy(4)
		return
	case '[':
		p.skip()
		p.methodCopy(int64(p.i - start))
		if !isEmptyJSON(p.b[start:p.i]) {
			p.methodFailed()
		}
		return
	default:
		p.skip()
		p.methodCopy(int64(p.i - start))
		p.methodFailed()
		return
	}
	saved := p.enterCall()
	before := p.spent
	// The bare reading: the whole object as Data.
	p.value(pl.elem, false)
	end := p.i
	// The wrapped reading: each "data" member's value as Data.
	p.i = start
	members := int64(0)
	if p.enter() {
		for first := true; p.nextMember(&first); {
			members++
			if keyIs(p.b[p.keyStart:p.keyEnd], p.keyEscaped, "data") {
				p.value(pl.elem, false)
			} else {
				p.skip()
			}
		}
		p.leave()
	}
	p.i = end
	walked := p.spent - before
	failed := p.leaveCall(saved)
	if p.stopped() {
		return
	}
	n := int64(end - start)
	p.methodCopy(n)
	if !failed && (compactWrapped(p.b[start:end], '{') && onlyMember(p.b[start:end]) || !startsWithDataKey(p.b[start:end])) {
		p.nested(n)
		return
	}
	// The first attempt, the probe (a map of every member's key and raw
	// value, copied), then the decoding again.
	p.nested(n)
	p.nested(n)
	p.nested(n)
	p.charge(walked + 16 + mapGrowthCostRaw(members) + 2*roundAlloc(n) + 2*valueErrCost + errorCost)
	if failed {
		p.charge(valueErrCost)
		p.mismatch(0)
	}
}

// mapGrowthCostRaw is the probe of shape.Item, a map[string]json.RawMessage.
func mapGrowthCostRaw(n int64) int64 {
	const slot = 16 + 24 + 8
	return mapHeaderCost + 64 + roundAlloc(8+8*slot) + n*(6*(slot+1)+1+16) + (n/448+1)*mapTableCost
}

// userRef prices a shape.UserRef: an object decoded into a local struct
// (escaping to the heap) with an id read by its own method, the name maybe
// joined from first and last; or an id alone, as a number or a string.
func (p *pricer) userRef(c byte, start int) {
	switch c {
	case '{':
		saved := p.enterCall()
		var joined int64 // the bytes of first_name and last_name
		if p.enter() {
			for first := true; p.nextMember(&first); {
				key, escaped := p.b[p.keyStart:p.keyEnd], p.keyEscaped
				switch {
				case keyIs(key, escaped, "id"):
					p.userIDValue()
				case keyIs(key, escaped, "first_name") || keyIs(key, escaped, "last_name"):
					from := p.i
					p.value(stringPlan, false)
					joined += int64(p.i - from)
				case keyIs(key, escaped, "full_name") || keyIs(key, escaped, "email"):
					p.value(stringPlan, false)
				default:
					p.skip()
				}
			}
			p.leave()
		}
		n := int64(p.i - start)
		failed := p.leaveCall(saved)
		p.methodCopy(n)
		p.nested(n)
		p.charge(96) // the method's local struct, which the decoding escapes to
		if joined > 0 {
			// first and last joined, then trimmed through a []byte and back
			p.charge(3 * bytesAlloc(joined+1))
		}
		if failed {
			p.charge(valueErrCost)
			p.mismatch(0)
		}
	case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		p.skip()
		n := int64(p.i - start)
		p.methodCopy(n)
		p.charge(roundAlloc(n)) // string(b) for ParseInt
		if !isPlainInt(bytes.Trim(p.b[start:p.i], `"`)) {
			p.charge(roundAlloc(n) + valueErrCost) // ParseInt's error copies it
			p.methodFailed()
		}
	default:
		p.skip()
		p.methodCopy(int64(p.i - start))
		p.methodFailed()
	}
}

// userIDValue prices shape's userID, the id of a UserRef object: its method
// is handed a copy and converts it to a string for ParseInt.
func (p *pricer) userIDValue() {
	p.space()
	start := p.i
	p.skip()
	n := int64(p.i - start)
	p.methodCopy(n)
	p.charge(roundAlloc(n))
	if !isPlainInt(bytes.Trim(p.b[start:p.i], `"`)) {
		p.charge(roundAlloc(n) + valueErrCost)
		p.methodFailed()
	}
}

// str reads the string at p.i and returns what decoding it into a Go string
// allocates.
func (p *pricer) str() int64 {
	start := p.i
	escaped, high := p.scanString()
	if p.err != nil {
		return 0
	}
	content := p.b[start+1 : p.i-1]
	return p.strCost(int64(len(content)), escaped, high && !utf8.Valid(content))
}

// strCost prices a string of n bytes between its quotes: a plain one is
// copied; an escaped one is unescaped into scratch bytes first; invalid UTF-8
// becomes up to three bytes per byte (U+FFFD), in bytes that grow.
func (p *pricer) strCost(n int64, escaped, invalidUTF8 bool) int64 {
	switch {
	case n == 0:
		return 0
	case invalidUTF8:
		return 3*bytesAlloc(n+64) + 3*bytesAlloc(3*n+16)
	case escaped:
		return 3*bytesAlloc(n+64) + bytesAlloc(n)
	}
	return bytesAlloc(n)
}

// --- JSON reading ---

func (p *pricer) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// enter steps into an object or an array, within the depth limit.
func (p *pricer) enter() bool {
	p.depth++
	p.depthHigh = max(p.depthHigh, p.depth)
	if p.depth > maxPricedDepth {
		if p.err == nil {
			p.err = fmt.Errorf("%w: the body is nested deeper than %d levels", ErrInvalidResponse, maxPricedDepth)
		}
		return false
	}
	p.i++
	return true
}

func (p *pricer) leave() { p.depth-- }

// nextMember reads up to the next member's value (its key in keyStart,
// keyEnd, keyEscaped, keyHigh), or past the closing brace, and reports
// whether there is a member.
func (p *pricer) nextMember(first *bool) bool {
	if p.stopped() {
		return false
	}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' && *first {
		p.i++
		return false
	}
	if !*first {
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return false
		}
		if p.i >= len(p.b) || p.b[p.i] != ',' {
			p.syntax("expected , or } after an object member")
			return false
		}
		p.i++
		p.space()
	}
	*first = false
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		p.syntax("expected a member name")
		return false
	}
	p.keyStart = p.i + 1
	p.keyEscaped, p.keyHigh = p.scanString()
	p.keyEnd = p.i - 1
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != ':' {
		p.syntax("expected : after a member name")
		return false
	}
	p.i++
	return !p.stopped()
}

// nextElement reads up to the next element of an array, or past its closing
// bracket, and reports whether there is an element.
func (p *pricer) nextElement(first *bool) bool {
	if p.stopped() {
		return false
	}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' && *first {
		p.i++
		return false
	}
	if !*first {
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return false
		}
		if p.i >= len(p.b) || p.b[p.i] != ',' {
			p.syntax("expected , or ] after an array element")
			return false
		}
		p.i++
	}
	*first = false
	return true
}

// skip validates the value at p.i and moves past it.
func (p *pricer) skip() {
	if p.stopped() {
		return
	}
	p.visit()
	p.space()
	if p.i >= len(p.b) {
		p.syntax("unexpected end")
		return
	}
	switch c := p.b[p.i]; {
	case c == '"':
		p.scanString()
	case c == '{':
		if p.enter() {
			for first := true; p.nextMember(&first); {
				p.skip()
			}
			p.leave()
		}
	case c == '[':
		if p.enter() {
			for first := true; p.nextElement(&first); {
				p.skip()
			}
			p.leave()
		}
	case c == 't' || c == 'f' || c == 'n':
		p.literal()
	case c == '-' || ('0' <= c && c <= '9'):
		p.numberToken()
	default:
		p.syntax(fmt.Sprintf("invalid character %q", c))
	}
}

// literal reads true, false or null.
func (p *pricer) literal() {
	for _, lit := range [...]string{"true", "false", "null"} {
		if string(p.b[p.i:min(p.i+len(lit), len(p.b))]) == lit {
			p.i += len(lit)
			return
		}
	}
	p.syntax("invalid literal")
}

// numberInfo describes a number as the decoders convert it.
type numberInfo struct {
	negative, fraction bool
	intDigits          int // digits before the point, leading zero included
	exponent           int // its value, capped; 0 without one
	hasExponent        bool
}

// fits reports whether a number certainly converts to pl's kind: an integer
// of fewer digits than the kind's largest value, any float in range. A
// number that may not is priced as a type error.
func (n numberInfo) fits(pl *plan) bool {
	switch pl.kind {
	case pkFloat:
		if pl.bits == 32 {
			return n.intDigits+n.exponent <= 37 && n.exponent >= -37
		}
		return n.intDigits+n.exponent <= 300 && n.exponent >= -300
	case pkInt, pkUint:
		if n.fraction || n.hasExponent || (n.negative && pl.kind == pkUint) {
			return false
		}
		safe := 18
		switch pl.bits {
		case 8:
			safe = 2
		case 16:
			safe = 4
		case 32:
			safe = 9
		}
		return n.intDigits <= safe
	}
	return true
}

// numberToken reads a number (RFC 8259's grammar).
func (p *pricer) numberToken() numberInfo {
	var info numberInfo
	digits := func() int {
		start := p.i
		for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
			p.i++
		}
		return p.i - start
	}
	if p.b[p.i] == '-' {
		info.negative = true
		p.i++
	}
	if p.i < len(p.b) && p.b[p.i] == '0' {
		p.i++
		info.intDigits = 1
	} else if info.intDigits = digits(); info.intDigits == 0 {
		p.syntax("invalid number")
		return info
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		info.fraction = true
		if digits() == 0 {
			p.syntax("invalid number")
			return info
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		info.hasExponent = true
		sign := 1
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			if p.b[p.i] == '-' {
				sign = -1
			}
			p.i++
		}
		start := p.i
		if digits() == 0 {
			p.syntax("invalid number")
			return info
		}
		for _, d := range p.b[start:p.i] {
			info.exponent = min(info.exponent*10+int(d-'0'), 100000)
		}
		info.exponent *= sign
	}
	return info
}

// scanString reads the string at p.i, validating its escapes and refusing
// control characters, and reports whether it has escapes and bytes over
// 0x7f. It reads 8 bytes at a time for the first quote, backslash or control
// character: most strings of a body are keys and short values.
func (p *pricer) scanString() (escaped, high bool) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	b := p.b
	j := p.i + 1
	var sawHigh uint64
	for {
		for j+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[j:])
			q, s := w^(ones*'"'), w^(ones*'\\')
			// The high bit of each byte of q or s that is zero, or of w that
			// is under 0x20, and maybe of bytes after it: the lowest is exact.
			m := ((q-ones)&^q | (s-ones)&^s | (w-ones*0x20)&^w) & highs
			if m != 0 {
				k := bits.TrailingZeros64(m) / 8
				sawHigh |= w & highs & (1<<(8*k) - 1)
				j += k
				break
			}
			sawHigh |= w & highs
			j += 8
		}
		for j < len(b) && b[j] != '"' && b[j] != '\\' && b[j] >= 0x20 {
			sawHigh |= uint64(b[j] & 0x80)
			j++
		}
		if j >= len(b) {
			p.i = len(b)
			p.syntax("unterminated string")
			return escaped, sawHigh != 0
		}
		switch b[j] {
		case '"':
			p.i = j + 1
			return escaped, sawHigh != 0
		case '\\':
			escaped = true
			if j+1 >= len(b) {
				p.i = j
				p.syntax("unterminated string")
				return escaped, sawHigh != 0
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(b) || !isHex4(b[j+2:j+6]) {
					p.i = j
					p.syntax("invalid \\u escape")
					return escaped, sawHigh != 0
				}
				j += 6
			default:
				p.i = j
				p.syntax("invalid escape")
				return escaped, sawHigh != 0
			}
		default:
			p.i = j
			p.syntax("control character in a string")
			return escaped, sawHigh != 0
		}
	}
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isEmptyJSON reports {} or [] with nothing but spaces inside, or null.
func isEmptyJSON(b []byte) bool {
	if string(b) == "null" {
		return true
	}
	return len(b) >= 2 && (b[0] == '{' || b[0] == '[') && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// compactWrapped reports {"data":<value> ... } written as the API writes it,
// with the value starting with open (shape's wrapped).
func compactWrapped(b []byte, open byte) bool {
	const prefix = `{"data":`
	return len(b) >= len(prefix)+2 && string(b[:len(prefix)]) == prefix && b[len(prefix)] == open && b[len(b)-1] == '}'
}

// onlyMember reports an object of one member: after that member's value, the
// object closes. b is valid JSON (the walk checked it).
func onlyMember(b []byte) bool {
	i := skipSpace(b, 1)
	if i >= len(b) || b[i] != '"' {
		return false
	}
	i = skipSpace(b, stringEnd(b, i)+1) + 1 // the key and its colon
	i = skipSpace(b, skipValid(b, skipSpace(b, i)))
	return i < len(b) && b[i] == '}'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValid returns the end of the value at b[i], which is valid JSON.
func skipValid(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = stringEnd(b, i) + 1
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return i + 1
			}
		case ' ', '\t', '\n', '\r', ',', ':':
		default:
			if depth == 0 { // a number or a literal
				for i < len(b) && !strings.ContainsRune(",]} \t\r\n", rune(b[i])) {
					i++
				}
				return i
			}
		}
		i++
	}
	return i
}

// stringEnd returns the index of the quote that closes the string opening
// at b[i], or len(b). It reads 8 bytes at a time for the first quote or
// backslash (a backslash escapes the byte after it).
func stringEnd(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	j := i + 1
	for {
		for j+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[j:])
			q, s := w^(ones*'"'), w^(ones*'\\')
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

// startsWithDataKey reports an object whose first member is "data" as
// written, whatever the spacing (shape's startsWithData).
func startsWithDataKey(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	rest := bytes.TrimLeft(b[1:], " \t\r\n")
	return len(rest) >= 6 && string(rest[:6]) == `"data"`
}

// keyIs reports whether a member key is name as the decoder matches it.
func keyIs(key []byte, escaped bool, name string) bool {
	if escaped {
		var buf [256]byte
		k, ok := unescapeKey(buf[:0], key)
		return ok && foldEqual(name, k)
	}
	return foldEqual(name, key)
}

// foldEqual is strings.EqualFold of s and b, which the decoders match member
// names by (Unicode simple folding), without converting b.
func foldEqual(s string, b []byte) bool {
	for s != "" && len(b) > 0 {
		var sr, br rune
		if s[0] < utf8.RuneSelf {
			sr, s = rune(s[0]), s[1:]
		} else {
			r, size := utf8.DecodeRuneInString(s)
			sr, s = r, s[size:]
		}
		if b[0] < utf8.RuneSelf {
			br, b = rune(b[0]), b[1:]
		} else {
			r, size := utf8.DecodeRune(b)
			br, b = r, b[size:]
		}
		if sr == br {
			continue
		}
		if br < sr {
			sr, br = br, sr
		}
		if br < utf8.RuneSelf {
			if 'A' <= sr && sr <= 'Z' && br == sr+'a'-'A' {
				continue
			}
			return false
		}
		r := unicode.SimpleFold(sr)
		for r != sr && r < br {
			r = unicode.SimpleFold(r)
		}
		if r != br {
			return false
		}
	}
	return s == "" && len(b) == 0
}

// unescapeKey appends a key's unescaped bytes to dst (a stack buffer), or
// reports false when they do not fit. The key's escapes are valid (scanned).
func unescapeKey(dst, key []byte) ([]byte, bool) {
	for i := 0; i < len(key); i++ {
		if len(dst)+utf8.UTFMax > cap(dst) {
			return nil, false
		}
		c := key[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		switch key[i] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := rune(hexValue(key[i+1 : i+5]))
			i += 4
			if 0xd800 <= r && r < 0xdc00 && i+6 < len(key) && key[i+1] == '\\' && key[i+2] == 'u' {
				if lo := rune(hexValue(key[i+3 : i+7])); 0xdc00 <= lo && lo < 0xe000 {
					r = (r-0xd800)<<10 | (lo - 0xdc00) + 0x10000
					i += 6
				}
			}
			dst = utf8.AppendRune(dst, r)
		default: // " \ /
			dst = append(dst, key[i])
		}
	}
	return dst, true
}

func hexValue(b []byte) int {
	v := 0
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			v = v*16 + int(c-'0')
		case 'a' <= c && c <= 'f':
			v = v*16 + int(c-'a'+10)
		default:
			v = v*16 + int(c-'A'+10)
		}
	}
	return v
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func asciiLower(dst, b []byte) []byte {
	if len(b) > cap(dst) {
		return nil
	}
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// isPlainInt reports a decimal integer strconv.ParseInt reads as an int.
func isPlainInt(b []byte) bool {
	digits := bytes.TrimPrefix(b, []byte("-"))
	if len(digits) == 0 || len(digits) > 18 {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isRFC3339 reports a time time.Time's UnmarshalJSON certainly reads:
// 2006-01-02T15:04:05, an optional fraction of up to 9 digits, then Z or an
// offset ±hh:mm, every field in range. Anything else may fail.
func isRFC3339(s []byte) bool {
	if len(s) < 20 {
		return false
	}
	num := func(b []byte) int {
		v := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(s[0:4]), num(s[5:7]), num(s[8:10])
	hour, minute, second := num(s[11:13]), num(s[14:16]), num(s[17:19])
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
		day > daysIn(month, year) {
		return false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return false
		}
		rest = rest[n:]
	}
	switch {
	case string(rest) == "Z":
		return true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		h, m := num(rest[1:3]), num(rest[4:6])
		return h >= 0 && h <= 23 && m >= 0 && m <= 59
	}
	return false
}

// daysIn is the number of days of a month (1 to 12) of a year.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// --- plans: the Go types, as the pricer walks them ---

type planKind uint8

const (
	pkBool planKind = iota
	pkInt
	pkUint
	pkFloat
	pkString
	pkBytes  // []byte: base64
	pkNumber // json.Number
	pkRaw    // json.RawMessage
	pkTime
	pkPtr
	pkStruct
	pkSlice
	pkArray
	pkMap
	pkAny  // an empty interface
	pkKept // an interface with methods: a type error unless null
	pkMethod
	pkUnsupported
	// package shape's types
	pkObject
	pkList // List and Array
	pkItem
	pkProgress
	pkUserRef
	pkLinks
)

// plan is a Go type as the pricer walks it, built once per type.
type plan struct {
	kind   planKind
	noscan bool  // the Go value holds no pointers
	bits   int   // a number's width
	size   int64 // the Go value's size
	elem   *plan // a pointer's, slice's, array's or map's element; a List's slice; an Item's Data
	key    *plan // a map's key
	n      int   // an array's length
	anyMap bool  // exactly map[string]any, which goccy/go-json makes at its size

	// A struct's members, by JSON name as written, and lower-cased for
	// ASCII names; every field, for keys outside ASCII.
	exact   map[string]*field
	folded  map[string][]*field
	fields  []*field
	table   []*field // fields by nameHash of their name, open addressing
	maxName int

	nullFree bool // null decodes into it without allocating, with either decoder
}

type field struct {
	name      string
	plan      *plan
	index     int
	alloc     int64 // the embedded structs allocated on the way to it (embedded pointers)
	ambiguous bool  // another field's name is the same without regard to case: priced as both
}

var (
	plans     sync.Map // reflect.Type → *plan
	plansMu   sync.Mutex
	uint8Plan = &plan{kind: pkUint, bits: 8, size: 1, noscan: true}
	anyPlan   = &plan{kind: pkAny, size: 16}
	// anyMapPlan is the map an object decoded into an interface becomes.
	anyMapPlan  = &plan{kind: pkMap, size: 8, anyMap: true, key: &plan{kind: pkString, size: 16}, elem: anyPlan}
	float64Plan = &plan{kind: pkFloat, bits: 64, size: 8, noscan: true}
	stringPlan  = &plan{kind: pkString, size: 16}
	// The struct shape.Progress decodes an object into.
	progressPlan = planOf(reflect.TypeFor[struct {
		Complete int     `json:"complete"`
		Total    int     `json:"total"`
		Percent  float64 `json:"percent"`
	}]())
	// The local struct of shape.Links' method.
	linksObjPlan = planOf(reflect.TypeFor[struct{ Previous, Next *string }]())
)

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler     = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType            = reflect.TypeFor[time.Time]()
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	numberType          = reflect.TypeFor[json.Number]()
	anyMapType          = reflect.TypeFor[map[string]any]()
)

const shapePkg = "github.com/tallyfy-go/sdk/v2/shape"

// hasPointers reports whether a value of t holds pointers, which decides
// whether the runtime gives it a malloc header (alloc).
func hasPointers(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.String, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return true
		}
		seen[t] = true
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// planOf returns t's plan, built once.
func planOf(t reflect.Type) *plan {
	if pl, ok := plans.Load(t); ok {
		return pl.(*plan)
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	return (&planBuilder{building: map[reflect.Type]*plan{}}).build(t)
}

type planBuilder struct {
	building map[reflect.Type]*plan // plans being built: a recursive type refers to its own
}

func (b *planBuilder) build(t reflect.Type) *plan {
	if pl, ok := plans.Load(t); ok {
		return pl.(*plan)
	}
	if pl, ok := b.building[t]; ok {
		return pl
	}
	pl := &plan{size: int64(t.Size()), noscan: !hasPointers(t, map[reflect.Type]bool{})}
	b.building[t] = pl
	b.fill(pl, t)
	switch pl.kind {
	case pkRaw, pkMethod, pkUnsupported, pkObject, pkList, pkItem, pkProgress, pkUserRef, pkLinks:
		// a method is handed null (and a copy of it)
	default:
		pl.nullFree = true
	}
	plans.Store(t, pl)
	return pl
}

func (b *planBuilder) fill(pl *plan, t reflect.Type) {
	if t.PkgPath() == shapePkg {
		switch name := t.Name(); {
		case strings.HasPrefix(name, "List[") || strings.HasPrefix(name, "Array["):
			pl.kind, pl.elem = pkList, b.build(reflect.SliceOf(t.Elem()))
			return
		case strings.HasPrefix(name, "Item["):
			pl.kind, pl.elem = pkItem, b.build(t.Field(0).Type)
			return
		case name == "Object":
			pl.kind = pkObject
			return
		case name == "Progress":
			pl.kind = pkProgress
			return
		case name == "UserRef":
			pl.kind = pkUserRef
			return
		case name == "Links":
			pl.kind = pkLinks
			return
		}
	}
	switch {
	case t == timeType:
		pl.kind = pkTime
		return
	case t == rawMessageType:
		pl.kind = pkRaw
		return
	case t == numberType:
		pl.kind = pkNumber
		return
	case t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshaler)):
		pl.kind = pkMethod
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		pl.kind = pkBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		pl.kind, pl.bits = pkInt, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		pl.kind, pl.bits = pkUint, t.Bits()
	case reflect.Float32, reflect.Float64:
		pl.kind, pl.bits = pkFloat, t.Bits()
	case reflect.String:
		pl.kind = pkString
	case reflect.Pointer:
		pl.kind, pl.elem = pkPtr, b.build(t.Elem())
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !reflect.PointerTo(t.Elem()).Implements(jsonUnmarshalerType) && !reflect.PointerTo(t.Elem()).Implements(textUnmarshaler) {
			pl.kind = pkBytes
			return
		}
		pl.kind, pl.elem = pkSlice, b.build(t.Elem())
	case reflect.Array:
		pl.kind, pl.elem, pl.n = pkArray, b.build(t.Elem()), t.Len()
	case reflect.Map:
		pl.kind, pl.key, pl.elem, pl.anyMap = pkMap, b.build(t.Key()), b.build(t.Elem()), t == anyMapType
		switch k := t.Key(); {
		case reflect.PointerTo(k).Implements(textUnmarshaler) && k.Kind() != reflect.String:
			pl.key = &plan{kind: pkMethod, size: int64(k.Size())}
		case k.Kind() == reflect.String:
			pl.key = &plan{kind: pkString, size: int64(k.Size())}
		case pl.key.kind == pkInt || pl.key.kind == pkUint:
		default:
			pl.kind = pkUnsupported
		}
	case reflect.Interface:
		pl.kind = pkKept
		if t.NumMethod() == 0 {
			pl.kind = pkAny
		}
	case reflect.Struct:
		pl.kind = pkStruct
		b.structFields(pl, t)
	default:
		pl.kind = pkUnsupported // channels, functions, complex numbers
	}
}

// structFields collects the fields the decoders set for a struct's members,
// as encoding/json does: exported fields by their tag's name or their own,
// the fields of embedded structs promoted unless a shallower one has the
// name. Fields of the same name at the same depth are all kept (the decoders
// may set either): the walk prices a member once for each.
func (b *planBuilder) structFields(pl *plan, t reflect.Type) {
	type found struct {
		f     *field
		depth int
	}
	byName := map[string][]found{}
	var order []string
	var walk func(t reflect.Type, depth int, alloc int64, visited map[reflect.Type]bool)
	walk = func(t reflect.Type, depth int, alloc int64, visited map[reflect.Type]bool) {
		if visited[t] {
			return
		}
		visited[t] = true
		defer delete(visited, t)
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if sf.Anonymous && name == "" {
				et, embAlloc := sf.Type, alloc
				if et.Kind() == reflect.Pointer {
					et, embAlloc = et.Elem(), alloc+roundAlloc(int64(et.Elem().Size()))
				}
				if et.Kind() == reflect.Struct {
					walk(et, depth+1, embAlloc, visited)
					continue
				}
				if !sf.IsExported() {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			fp := b.build(sf.Type)
			if strings.Contains(opts, "string") {
				// The ,string option reads the value from a string: priced as
				// a method (a copy and an allowance), which may fail.
				fp = &plan{kind: pkMethod, size: int64(sf.Type.Size())}
			}
			if _, ok := byName[name]; !ok {
				order = append(order, name)
			}
			byName[name] = append(byName[name], found{&field{name: name, plan: fp, alloc: alloc}, depth})
		}
	}
	walk(t, 0, 0, map[reflect.Type]bool{})
	pl.exact, pl.folded = map[string]*field{}, map[string][]*field{}
	for _, name := range order {
		candidates := byName[name]
		shallowest := candidates[0].depth
		for _, c := range candidates {
			shallowest = min(shallowest, c.depth)
		}
		for _, c := range candidates {
			if c.depth != shallowest {
				continue
			}
			c.f.index = len(pl.fields)
			pl.fields = append(pl.fields, c.f)
			pl.maxName = max(pl.maxName, len(name))
			if _, taken := pl.exact[name]; !taken {
				pl.exact[name] = c.f
			}
			if isASCII([]byte(name)) {
				lower := strings.ToLower(name)
				pl.folded[lower] = append(pl.folded[lower], c.f)
			}
		}
	}
	// A name outside ASCII is matched by the slow path of member, which
	// folds every field's name; an ASCII key may fold to such a name too.
	for _, f := range pl.fields {
		if !isASCII([]byte(f.name)) {
			for lower := range pl.folded {
				if strings.EqualFold(lower, f.name) {
					pl.folded[lower] = append(pl.folded[lower], f)
				}
			}
		}
	}
	for _, f := range pl.fields {
		for _, g := range pl.fields {
			if f != g && strings.EqualFold(f.name, g.name) {
				f.ambiguous = true
			}
		}
	}
	size := 8
	for size < 4*len(pl.fields) {
		size *= 2
	}
	pl.table = make([]*field, size)
	for _, f := range pl.fields {
		h := nameHash([]byte(f.name)) & uint32(size-1)
		for pl.table[h] != nil {
			h = (h + 1) & uint32(size-1)
		}
		pl.table[h] = f
	}
}
