package tallyfy

import (
	"encoding"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	json "github.com/goccy/go-json"
)

// unmarshalWithin decodes every response body; see BENCHMARKS.md for why
// this decoder was chosen. goccy/go-json decodes as encoding/json does (same
// results and errors for the generated models, their UnmarshalJSON methods
// and time.Time included) at about three times the speed, and copies every
// string out of data, so decoded values never keep a response body alive.
//
// A relation (shape.List, shape.Array) reads two shapes, so it has an
// UnmarshalJSON method, and the decoder hands a method a copy of the value's
// bytes after scanning them, and the method decodes that copy again: a run's
// 1,000 tasks were scanned three times and copied twice (BENCHMARKS.md, P2).
// So v is first decoded as the API writes it, into a type of the same memory
// layout in which every shape.List is the struct {"data": [...]} and every
// shape.Array a bare slice, which the decoder reads in one pass (fastType).
// Any error, a relation in its other shape included, decodes v again the
// tolerant way, from its zero value: results and errors are the tolerant
// decoder's, only faster for the shapes the API sends.
//
// v is a non-nil pointer to a zero value. Each pass is priced first
// (priceDecode, budget.go) and runs only if its price fits what is left of
// budget: spent is the sum of the prices of the passes that ran. A body that
// does not fit fails with errOverBudget, one that is not valid JSON with
// ErrInvalidResponse, before anything is decoded.
func unmarshalWithin(data []byte, v any, budget int64) (spent int64, err error) {
	rv := reflect.ValueOf(v)
	if ft := fastType(rv.Type().Elem()); ft != nil {
		// A fast pass that may fail (a relation in its other shape) is not
		// run: its failure would cost a pass for nothing.
		price, mayFail, err := priceDecode(data, ft, goccyModel, budget)
		if err != nil && !errors.Is(err, errOverBudget) {
			return price, err
		}
		if err == nil && !mayFail {
			spent = price
			if json.Unmarshal(data, reflect.NewAt(ft, rv.UnsafePointer()).Interface()) == nil {
				return spent, nil
			}
			rv.Elem().SetZero()
		}
	}
	price, _, err := priceDecode(data, rv.Type().Elem(), goccyModel, budget-spent)
	if err != nil {
		return max(spent+price, price), err // price may be math.MaxInt64
	}
	return spent + price, json.Unmarshal(data, v)
}

// jsonUnmarshal decodes JSON the package holds other than a response body
// (a value it encoded again to read it as another type) the way bodies are
// decoded, within the same budget, so that no decoding in the package is
// unbounded: v (a non-nil pointer) is reset to its zero value first, and a
// decoding over decodeBudget fails with ErrResponseTooLarge.
func jsonUnmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("%w: decoding needs a non-nil pointer, got %T", ErrInvalidArgument, v)
	}
	rv.Elem().SetZero()
	_, err := unmarshalWithin(data, v, decodeBudget(len(data)))
	if errors.Is(err, errOverBudget) {
		return fmt.Errorf("%w: %d bytes would take more than %d times their size to decode", ErrResponseTooLarge, len(data), maxDecodeRatio)
	}
	return err
}

// describeError describes a decoding error in a message of bounded length,
// without formatting what the error quotes in full (a number of 1 MB): a
// type error by its path and kinds, a time by its value cut short, anything
// else (a caller's method) by its message cut short.
func describeError(err error) string {
	var goccyType *json.UnmarshalTypeError
	var stdType *stdjson.UnmarshalTypeError
	var parseErr *time.ParseError
	switch {
	case errors.As(err, &goccyType):
		return typeErrorText(goccyType.Field, goccyType.Value, goccyType.Type)
	case errors.As(err, &stdType):
		return typeErrorText(stdType.Field, stdType.Value, stdType.Type)
	case errors.As(err, &parseErr):
		return "cannot parse " + strconv.Quote(shortText(parseErr.Value)) + " as a time"
	}
	return shortText(err.Error())
}

func typeErrorText(field, value string, t reflect.Type) string {
	if field == "" {
		return fmt.Sprintf("got a JSON %s, want %s", shortText(value), goTypeName(t))
	}
	return fmt.Sprintf("at %s: got a JSON %s, want %s", shortText(field), shortText(value), goTypeName(t))
}

// shortText cuts s to 100 bytes (at a character's start) and an ellipsis.
func shortText(s string) string {
	const limit = 100
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// fastType returns the type fastDecode decodes t as: t with each shape.List
// (a []T with an UnmarshalJSON method) replaced by struct{ Data []T } and each
// shape.Array by []T, the same memory layout (a struct of one field is laid
// out as the field), with their element types replaced likewise; nil when t
// holds no relation. Types with their own decoding methods are kept (their
// methods decide), and so are structs the reflect package cannot rebuild
// (unexported or embedded fields). Computed once per type.
func fastType(t reflect.Type) reflect.Type {
	if ft, ok := fastTypes.Load(t); ok {
		return ft.(*fastEntry).t
	}
	ft := (&fastBuilder{building: map[reflect.Type]bool{}}).build(t)
	if ft == t {
		ft = nil
	}
	fastTypes.Store(t, &fastEntry{ft})
	return ft
}

type fastEntry struct{ t reflect.Type }

var fastTypes sync.Map // reflect.Type → *fastEntry

type fastBuilder struct {
	building map[reflect.Type]bool // types being built: a recursive type is kept as it is
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// build returns t itself when nothing in it changes.
func (b *fastBuilder) build(t reflect.Type) reflect.Type {
	if b.building[t] {
		return t
	}
	b.building[t] = true
	defer delete(b.building, t)
	if t.PkgPath() == shapePkg && t.Kind() == reflect.Slice {
		elem := b.build(t.Elem())
		switch {
		case strings.HasPrefix(t.Name(), "List["):
			return reflect.StructOf([]reflect.StructField{{Name: "Data", Type: reflect.SliceOf(elem), Tag: `json:"data"`}})
		case strings.HasPrefix(t.Name(), "Array["):
			return reflect.SliceOf(elem)
		}
	}
	if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) ||
		t.Implements(textUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return t
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := b.build(t.Elem()); e != t.Elem() {
			return reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := b.build(t.Elem()); e != t.Elem() {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := b.build(t.Elem()); e != t.Elem() {
			return reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := b.build(t.Elem()); e != t.Elem() {
			return reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		fields := make([]reflect.StructField, t.NumField())
		changed := false
		for i := range fields {
			f := t.Field(i)
			if !f.IsExported() || f.Anonymous {
				return t
			}
			if ft := b.build(f.Type); ft != f.Type {
				f.Type, changed = ft, true
			}
			f.Index, f.Offset = nil, 0
			fields[i] = f
		}
		if changed {
			return reflect.StructOf(fields)
		}
	}
	return t
}
