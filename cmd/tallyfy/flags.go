package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// fieldValues are form-field values from --field and --field-json, keyed
// as given: a field's id, alias or label, which the SDK resolves against
// the template's kick-off form or the task's fields.
type fieldValues map[string]any

// fieldFlag is --field KEY=VALUE (the value a string) or, with asJSON,
// --field-json KEY=JSON (the value decoded); both fill one fieldValues.
type fieldFlag struct {
	values *fieldValues
	asJSON bool
}

// String and Set make *fieldFlag a flag.Value.
func (f *fieldFlag) String() string { return "" }

func (f *fieldFlag) Set(s string) error {
	key, raw, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(key) == "" {
		return errors.New("want KEY=VALUE, KEY a field's id, alias or label")
	}
	var v any = raw
	if !f.asJSON && strings.HasPrefix(raw, "@") {
		// curl's convention: @PATH is the file at PATH, uploaded first
		// (uploadFieldFiles). A text that starts with @: --field-json.
		if raw == "@" {
			return fmt.Errorf("field %q: @ needs a file's path, as in @./contract.pdf", key)
		}
		v = fileAt{path: raw[1:]}
	}
	if f.asJSON {
		var err error
		if v, err = decodeJSONValue(raw); err != nil {
			return fmt.Errorf("field %q: %v", key, err)
		}
	}
	if *f.values == nil {
		*f.values = fieldValues{}
	}
	if _, dup := (*f.values)[key]; dup {
		return fmt.Errorf("field %q is given twice", key)
	}
	(*f.values)[key] = v
	return nil
}

// decodeJSONValue decodes one JSON value into the SDK's plain values:
// []any, map[string]any, string, bool, nil, and numbers as json.Number,
// which keeps an option or user id exact where float64 might not.
func decodeJSONValue(raw string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON (%v); quote a string value as JSON too, or use --field", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// fieldFlags registers --field and --field-json, whose keys are looked up
// in where ("the template's kick-off form", "the task's form fields").
func fieldFlags(fs *flag.FlagSet, values *fieldValues, where string) {
	fs.Var(&fieldFlag{values: values}, "field", "set a field of "+where+", `KEY=VALUE`: KEY is the field's id, alias "+
		"or label, VALUE a text: for text, textarea, email and date fields, a radio or dropdown option's text, one "+
		"multiselect option, a file's URL, or @PATH to upload a local file into a file field (curl's convention); repeatable")
	fs.Var(&fieldFlag{values: values, asJSON: true}, "field-json", "set a field to a JSON value, `KEY=JSON`: an option "+
		`id 2, multiselect options '["Red","Blue"]', a table row '["Widget","3"]' (one cell per column), files `+
		`'["https://..."]', assignees '{"users":[1001],"guests":[],"groups":[]}', null to clear; repeatable`)
}

// userIDList is a repeatable flag of user ids; each value may also be a
// comma-separated list.
type userIDList []int

// String and Set make *userIDList a flag.Value.
func (v *userIDList) String() string {
	if v == nil {
		return ""
	}
	return (*userIDsValue)(v).String()
}

func (v *userIDList) Set(s string) error {
	var ids userIDsValue
	if err := ids.Set(s); err != nil {
		return err
	}
	*v = append(*v, ids...)
	return nil
}

// stringList is a repeatable flag of ids; each value may also be a
// comma-separated list.
type stringList []string

// String and Set make *stringList a flag.Value.
func (v *stringList) String() string {
	if v == nil {
		return ""
	}
	return strings.Join(*v, ",")
}

func (v *stringList) Set(s string) error {
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*v = append(*v, part)
		}
	}
	return nil
}

// replaceList is a flag whose presence matters: --users ” replaces the
// members with none, while leaving --users out keeps them.
type replaceList[T any, V interface {
	*T
	flag.Value
}] struct {
	set  bool
	list T
}

// String and Set make *replaceList a flag.Value.
func (v *replaceList[T, V]) String() string {
	if v == nil {
		return ""
	}
	return V(&v.list).String()
}

func (v *replaceList[T, V]) Set(s string) error {
	v.set = true
	return V(&v.list).Set(s)
}

// timeFlag is a date and time flag, RFC 3339.
type timeFlag struct{ t *time.Time }

// String and Set make *timeFlag a flag.Value.
func (v *timeFlag) String() string {
	if v == nil || v.t == nil || v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.RFC3339)
}

func (v *timeFlag) Set(s string) error {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("%q is not an RFC 3339 date and time, such as 2025-07-01T17:00:00Z", s)
	}
	*v.t = t
	return nil
}

// optionalString is a string flag whose presence matters: --summary ”
// empties the summary, while leaving it out keeps it.
type optionalString struct{ p **string }

// String and Set make *optionalString a flag.Value.
func (v *optionalString) String() string {
	if v == nil || v.p == nil || *v.p == nil {
		return ""
	}
	return **v.p
}

func (v *optionalString) Set(s string) error {
	*v.p = &s
	return nil
}

// choiceFlag is a flag that takes one of a few words.
type choiceFlag struct {
	p       *string
	choices []string
}

// String and Set make *choiceFlag a flag.Value.
func (v *choiceFlag) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return *v.p
}

func (v *choiceFlag) Set(s string) error {
	if !slices.Contains(v.choices, s) {
		return fmt.Errorf("want one of %s", strings.Join(v.choices, ", "))
	}
	*v.p = s
	return nil
}
