package shape

import "strconv"

// Progress is a run's task completion: an object {complete, total, percent}
// in get-process and list-processes responses (documentation examples, the
// Power Automate connector, the official Python SDK's RunProgress, a real
// 2018 launch response), or a bare integer percentage in the archive-process
// and update-process examples and webhook payloads. A caller reads Percent
// either way; Complete and Total are known only when HasCounts is true.
type Progress struct {
	// Complete is the number of tasks completed.
	Complete int `json:"complete"`
	// Total is the number of tasks counted.
	Total int `json:"total"`
	// Percent is Complete/Total as a percentage, 0 to 100.
	Percent float64 `json:"percent"`
	// HasCounts is false when the API sent only a percentage (or nothing).
	HasCounts bool `json:"-"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (p *Progress) UnmarshalJSON(b []byte) error {
	b = trim(b)
	switch {
	case isNull(b):
		*p = Progress{}
		return nil
	case len(b) > 0 && b[0] == '{':
		// Decoded in place through a type without this method: no copy
		// on the heap for every run.
		*p = Progress{}
		if err := unmarshal(b, (*plainProgress)(p)); err != nil {
			return err
		}
		p.HasCounts = true
		return nil
	case kind(b) == "number":
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return typeError(b, p)
		}
		*p = Progress{Percent: f}
		return nil
	}
	return typeError(b, p)
}

// plainProgress is Progress without its methods, for decoding the object form.
type plainProgress Progress

// MarshalJSON implements json.Marshaler, in the shape that was received.
func (p Progress) MarshalJSON() ([]byte, error) {
	if !p.HasCounts {
		return strconv.AppendFloat(nil, p.Percent, 'f', -1, 64), nil
	}
	type plain Progress
	return marshal(plain(p))
}
