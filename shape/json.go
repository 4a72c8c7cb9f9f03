package shape

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

	gojson "github.com/goccy/go-json"
)

// unmarshal decodes inner values with the decoder the SDK uses for whole
// bodies (see tallyfy/json.go): same results as encoding/json, faster.
//
// A type error comes back as encoding/json's own error type, with the path
// inside data in Field: when the SDK decodes a failed body again with
// encoding/json to report where it failed, encoding/json prefixes the path
// of the member holding this value.
func unmarshal(data []byte, v any) error {
	err := gojson.Unmarshal(data, v)
	if err == nil {
		return nil // before errors.As, whose target would escape on every call
	}
	var typeErr *gojson.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &json.UnmarshalTypeError{Value: typeErr.Value, Type: typeErr.Type, Offset: typeErr.Offset, Field: typeErr.Field}
	}
	return err
}

// trim drops the JSON whitespace around a value.
func trim(b []byte) []byte { return bytes.TrimSpace(b) }

// isNull reports a JSON null (after trim).
func isNull(b []byte) bool { return string(b) == "null" }

// isEmptyArray reports [] with any whitespace inside (after trim).
func isEmptyArray(b []byte) bool {
	return len(b) >= 2 && b[0] == '[' && b[len(b)-1] == ']' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// isEmptyObject reports {} with any whitespace inside (after trim).
func isEmptyObject(b []byte) bool {
	return len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// kind names a JSON value by its first byte, the way encoding/json's
// UnmarshalTypeError.Value does.
func kind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// typeError reports a shape no source documents. It is encoding/json's own
// error type on purpose: encoding/json adds the JSON path (Struct, Field) to
// it, which the SDK uses to name where a response went wrong.
func typeError(b []byte, v any) error {
	return &json.UnmarshalTypeError{Value: kind(b), Type: reflect.TypeOf(v)}
}

// marshal encodes with encoding/json: encoding is for tests, the fake
// server and the CLI, never on the SDK's hot path.
// HTML characters are not escaped, so URLs keep their "&"; an outer
// encoder that escapes HTML still escapes them, as it does any value.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// rawValue is a member's JSON, kept unparsed.
type rawValue = gojson.RawMessage
