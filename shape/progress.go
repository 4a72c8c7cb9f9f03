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
		if fast, ok := readProgress(b); ok {
			*p = fast
			return nil
		}
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

// readProgress reads the object form as the API writes it, the members
// complete, total and percent in that order with any JSON spacing, without a
// decoder: decoding every run's progress with one was a sixth of decoding a
// page of runs (BENCHMARKS.md, P5). ok is false for anything else (other
// members, another order, a number that is not an integer where one is due,
// escapes), which the decoder reads, so the results are the decoder's.
func readProgress(b []byte) (p Progress, ok bool) {
	r := progressReader{b: b}
	if !r.punct('{') || !r.key("complete") {
		return p, false
	}
	if p.Complete, ok = r.integer(); !ok || !r.punct(',') || !r.key("total") {
		return p, false
	}
	if p.Total, ok = r.integer(); !ok || !r.punct(',') || !r.key("percent") {
		return p, false
	}
	if p.Percent, ok = r.number(); !ok || !r.punct('}') {
		return p, false
	}
	r.space()
	p.HasCounts = true
	return p, r.i == len(b)
}

type progressReader struct {
	b []byte
	i int
}

func (r *progressReader) space() {
	for r.i < len(r.b) && (r.b[r.i] == ' ' || r.b[r.i] == '\t' || r.b[r.i] == '\n' || r.b[r.i] == '\r') {
		r.i++
	}
}

// punct reads c after any spacing.
func (r *progressReader) punct(c byte) bool {
	r.space()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// key reads "name" and its colon.
func (r *progressReader) key(name string) bool {
	r.space()
	if len(r.b)-r.i < len(name)+2 || r.b[r.i] != '"' || string(r.b[r.i+1:r.i+1+len(name)]) != name || r.b[r.i+1+len(name)] != '"' {
		return false
	}
	r.i += len(name) + 2
	return r.punct(':')
}

// token returns the JSON number at r.i, and whether it is one and an integer.
func (r *progressReader) token() (tok []byte, isNumber, isInteger bool) {
	r.space()
	start, i := r.i, r.i
	digits := func() int {
		n := 0
		for i < len(r.b) && '0' <= r.b[i] && r.b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(r.b) && r.b[i] == '-' {
		i++
	}
	if i < len(r.b) && r.b[i] == '0' {
		i++
	} else if digits() == 0 {
		return nil, false, false
	}
	isInteger = true
	if i < len(r.b) && r.b[i] == '.' {
		i++
		if digits() == 0 {
			return nil, false, false
		}
		isInteger = false
	}
	if i < len(r.b) && (r.b[i] == 'e' || r.b[i] == 'E') {
		i++
		if i < len(r.b) && (r.b[i] == '+' || r.b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, false, false
		}
		isInteger = false
	}
	r.i = i
	return r.b[start:i], true, isInteger
}

func (r *progressReader) integer() (int, bool) {
	tok, isNumber, isInteger := r.token()
	if !isNumber || !isInteger {
		return 0, false
	}
	n, err := strconv.Atoi(string(tok))
	return n, err == nil
}

func (r *progressReader) number() (float64, bool) {
	tok, isNumber, _ := r.token()
	if !isNumber {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	return f, err == nil
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
