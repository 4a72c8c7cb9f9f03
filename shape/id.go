package shape

import (
	"strconv"
)

// ID is an id the sources show both as a JSON string and as an integer: an
// organization webhook subscription's id is a string in the official n8n
// node's tests ("W1") and an auto-increment integer where the API numbers
// its records. A caller reads a string either way; it encodes as an integer
// when it is one, else as a string.
type ID string

// UnmarshalJSON implements json.Unmarshaler.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = trim(b)
	switch {
	case len(b) == 0:
		return typeError(b, id)
	case isNull(b):
		*id = ""
		return nil
	case b[0] == '"':
		var s string
		if err := unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
		return nil
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		if _, err := strconv.ParseInt(string(b), 10, 64); err != nil {
			return typeError(b, id)
		}
		*id = ID(b)
		return nil
	}
	return typeError(b, id)
}

// MarshalJSON implements json.Marshaler.
func (id ID) MarshalJSON() ([]byte, error) {
	if n, err := strconv.ParseInt(string(id), 10, 64); err == nil && strconv.FormatInt(n, 10) == string(id) {
		return []byte(string(id)), nil
	}
	return marshal(string(id))
}
