package shape

// List is an included list relation (with=tasks, with=steps, ...). Fractal
// wraps relations as {"data": [...]}, which is what the API sends for a
// run's tasks and tags and a task's form_fields (documentation get-process
// and get-task examples; official MCP server, measured live 2026-09-08);
// documented examples also show them bare: a template's steps and tags
// (get-template), a step's captures (the official Python SDK and MCP server
// iterate a plain list). Both decode to the same slice; so do null and
// {"data": null}, as an empty one.
//
// A List is nil when the relation was not asked for (or came back null), and
// empty but not nil when it came back empty.
// It encodes as Fractal does, {"data": [...]}.
type List[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = trim(b)
	switch {
	case isNull(b):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		return unmarshal(b, (*[]T)(l))
	case len(b) > 0 && b[0] == '{':
		// The Fractal form as the API writes it, {"data":[...]}, decodes
		// its list in place; anything else goes through the envelope.
		if inner, ok := wrapped(b, '['); ok && unmarshal(inner, (*[]T)(l)) == nil {
			return nil
		}
		var env struct {
			Data *[]T `json:"data"`
		}
		if err := unmarshal(b, &env); err != nil {
			return err
		}
		*l = nil
		if env.Data != nil {
			*l = *env.Data
		}
		return nil
	}
	return typeError(b, l)
}

// MarshalJSON implements json.Marshaler: {"data": [...]}.
func (l List[T]) MarshalJSON() ([]byte, error) {
	items := []T(l)
	if items == nil {
		items = []T{}
	}
	return marshal(struct {
		Data []T `json:"data"`
	}{items})
}

// Item is an included single relation (a task's run or step, a run's
// checklist): Fractal-wrapped {"data": {...}} as documented for get-task's
// run and step, or bare {...} as the list-process-tasks example shows a
// task's step. Both decode to Data.
type Item[T any] struct {
	// Data is the related object.
	Data T
}

// UnmarshalJSON implements json.Unmarshaler.
func (it *Item[T]) UnmarshalJSON(b []byte) error {
	b = trim(b)
	if len(b) == 0 || b[0] != '{' {
		if isNull(b) || isEmptyArray(b) {
			*it = Item[T]{}
			return nil
		}
		return typeError(b, it)
	}
	// The two forms as the API writes them are told apart by their first
	// member: {"data":{...}} is wrapped, an object starting with any other
	// member is bare. Only other spellings need a look at every member.
	if inner, ok := wrapped(b, '{'); ok {
		*it = Item[T]{}
		if unmarshal(inner, &it.Data) == nil {
			return nil
		}
	} else if !startsWithData(b) {
		*it = Item[T]{}
		return unmarshal(b, &it.Data)
	}
	// A wrapped item is an object whose only member is "data" holding an
	// object.
	var probe map[string]rawValue
	if err := unmarshal(b, &probe); err != nil {
		return err
	}
	if d, ok := probe["data"]; ok && len(probe) == 1 && len(d) > 0 && d[0] == '{' {
		b = d
	}
	*it = Item[T]{}
	return unmarshal(b, &it.Data)
}

// MarshalJSON implements json.Marshaler: {"data": {...}}.
func (it Item[T]) MarshalJSON() ([]byte, error) {
	return marshal(struct {
		Data T `json:"data"`
	}{it.Data})
}

// Array is a list the API documents bare ([...]) but may also wrap as a
// relation ({"data": [...]}), such as a template's prerun (kick-off field
// definitions, bare in the get-template example) and automated_actions,
// which official clients also ask for with `with=prerun` and
// `with=automated_actions`. It decodes as List does and encodes bare.
type Array[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (a *Array[T]) UnmarshalJSON(b []byte) error { return (*List[T])(a).UnmarshalJSON(b) }

// MarshalJSON implements json.Marshaler: [...].
func (a Array[T]) MarshalJSON() ([]byte, error) {
	items := []T(a)
	if items == nil {
		items = []T{}
	}
	return marshal(items)
}

// wrapped returns the value of {"data":<value>} written compactly, as the
// API does, when that value starts with open; ok is false for any other
// spelling, which the caller decodes the long way. The value is not checked
// to end where the object does: the caller's decode of it fails if another
// member follows, and the long way then decides.
func wrapped(b []byte, open byte) (inner []byte, ok bool) {
	const prefix = `{"data":`
	if len(b) < len(prefix)+2 || string(b[:len(prefix)]) != prefix || b[len(prefix)] != open || b[len(b)-1] != '}' {
		return nil, false
	}
	return b[len(prefix) : len(b)-1], true
}

// startsWithData reports an object whose first member is "data", whatever
// the spacing.
func startsWithData(b []byte) bool {
	rest := trim(b[1:])
	return len(rest) >= 6 && string(rest[:6]) == `"data"`
}
