package shape

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Object is a free-form JSON object: a run's kick-off values (prerun), a
// task's form values (taskdata), bp_to_launch, or a relation whose shape the
// API does not document. It keeps the bytes the API sent and decodes them
// when read, so a value of any shape is never lost and never fails a call.
//
// Shapes accepted (api/openapi.yaml, FreeFormObject):
//   - an object, kept as sent;
//   - [] or null, read as the empty object: Laravel encodes an empty keyed
//     array as [] (a real launch response has "prerun": [], support.tallyfy.com
//     article 156; the same mechanism makes pagination links [], official CLI
//     pkg/tallyfy/links.go);
//   - anything else (the Power Automate connector models prerun as an array of
//     field objects), kept as sent: IsObject reports false and Map fails, but
//     Raw still returns it.
//
// The zero Object is empty. An Object is immutable and safe to share.
type Object struct {
	// raw is nil when the value was null or absent, emptyObject when it
	// was {} or [], and otherwise the value as sent (an object or, rarely,
	// another shape).
	raw []byte
}

// emptyObject is shared: an Object never modifies its bytes.
var emptyObject = []byte("{}")

// ErrNotObject is returned by Object's readers when the API sent a value that
// is not a JSON object (see Object).
var ErrNotObject = errors.New("shape: the value is not a JSON object")

// NewObject returns v (a map or struct) encoded as an Object.
func NewObject(v any) (Object, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Object{}, err
	}
	var o Object
	return o, o.set(b)
}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (o *Object) UnmarshalJSON(b []byte) error { return o.set(b) }

func (o *Object) set(b []byte) error {
	b = trim(b)
	switch {
	case len(b) == 0 || isNull(b):
		o.raw = nil
		return nil
	case isEmptyArray(b) || isEmptyObject(b):
		// Present but empty: encoded again as {}, so the fake server and
		// the CLI keep the member that was sent.
		o.raw = emptyObject
		return nil
	}
	// A copy: the decoder's buffer is the whole response body, which must
	// not stay alive for one field.
	o.raw = bytes.Clone(b)
	return nil
}

// MarshalJSON implements json.Marshaler: the value as sent, with [] and null
// normalized to {}. A field holding the zero Object (null or absent) is left
// out by the models' omitzero tags.
func (o Object) MarshalJSON() ([]byte, error) {
	if o.raw == nil {
		return []byte("{}"), nil
	}
	return o.raw, nil
}

// IsZero reports a value that was null or absent (omitzero leaves it out
// when encoding); {} and [] are present, and empty.
func (o Object) IsZero() bool { return o.raw == nil }

// IsEmpty reports an empty object, or one sent as [] or null, or none.
func (o Object) IsEmpty() bool { return o.raw == nil || isEmptyObject(o.raw) }

// IsObject reports whether the value is a JSON object (the empty one included).
func (o Object) IsObject() bool { return o.raw == nil || o.raw[0] == '{' }

// Raw returns the JSON as sent ({} when empty). It must not be modified.
func (o Object) Raw() json.RawMessage {
	b, _ := o.MarshalJSON()
	return b
}

// Map decodes the object into its members, each as raw JSON.
func (o Object) Map() (map[string]json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if o.IsEmpty() {
		return m, nil
	}
	if !o.IsObject() {
		return nil, ErrNotObject
	}
	if err := unmarshal(o.raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// Get returns the member named key, as raw JSON. It decodes the object on
// each call; use Map to read many members.
func (o Object) Get(key string) (json.RawMessage, bool) {
	m, err := o.Map()
	if err != nil {
		return nil, false
	}
	v, ok := m[key]
	return v, ok
}

// Len returns the number of members (0 when the value is not an object).
func (o Object) Len() int {
	m, _ := o.Map()
	return len(m)
}

// Decode decodes the object into v, e.g. a map[string]any or a struct of
// the fields a caller expects.
func (o Object) Decode(v any) error {
	if !o.IsObject() {
		return ErrNotObject
	}
	return unmarshal(o.Raw(), v)
}
