package shape

// Links are a page's neighbours in meta.pagination.links: an object whose
// previous and next members are absolute URLs, or null, or absent; or an
// empty array [] when there is no neighbour, because PHP encodes an empty
// keyed array as [] (the official CLI's pkg/tallyfy/links.go; Fractal's
// paginator). null decodes as no links.
type Links struct {
	// Previous is the previous page's URL, or "".
	Previous string `json:"previous,omitempty"`
	// Next is the next page's URL, or "".
	Next string `json:"next,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (l *Links) UnmarshalJSON(b []byte) error {
	b = trim(b)
	switch {
	case isNull(b), isEmptyArray(b):
		*l = Links{}
		return nil
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			Previous *string `json:"previous"`
			Next     *string `json:"next"`
		}
		if err := unmarshal(b, &obj); err != nil {
			return err
		}
		*l = Links{}
		if obj.Previous != nil {
			l.Previous = *obj.Previous
		}
		if obj.Next != nil {
			l.Next = *obj.Next
		}
		return nil
	}
	return typeError(b, l)
}

// MarshalJSON implements json.Marshaler as the API does: [] when there is
// no neighbour.
func (l Links) MarshalJSON() ([]byte, error) {
	if l == (Links{}) {
		return []byte("[]"), nil
	}
	type plain Links
	return marshal(plain(l))
}
