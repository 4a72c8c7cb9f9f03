package tallyfytest

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Form-field values (a run's prerun, a task's taskdata) go through one validator on the server,
// FormValuesValidator (mcp:utils/field_value_encoding.py, cli:kickoff.go), so the fake checks
// both with the same code. What it does, per field type, with its sources:
//
//	text            a scalar (string, number, boolean), stored as sent          mcp:utils/field_value_encoding.py (is_scalar)
//	textarea        a string; 12345 is refused                                  mcp:utils/field_value_encoding.py (is_string)
//	email           anything, stored verbatim: no validator arm                 mcp:tools/task_management.py
//	date            a parseable date string; a number is refused                docs:tasks/update-task, mcp (epoch int → 422)
//	radio           the text of one of its options                             cli:kickoff.go, mcp (in_array on the texts)
//	dropdown        {id, text} naming the same option, else                     mcp:utils/field_value_encoding.py, the n8n live test
//	                "Invalid dropdown choice selected."
//	multiselect     a list of {id, text, selected} naming its options           mcp:utils/field_value_encoding.py (selected unchecked)
//	table           a list with one entry per column, else "Number of columns   cli:kickoff.go, docs:processes/launch-process
//	                does not match required columns"; "" or [] → "Invalid table field"
//	file            a list of objects with id, url or full_url; a bare string   cli:kickoff.go, mcp:tools/task_management.py
//	                is refused
//	assignees_form  an object {users, guests, groups}                          docs, cli:kickoff.go
//	any but table   null, "", "0", [], {}, false, 0 clear the value (PHP        mcp:utils/field_value_encoding.py, cli:kickoff.go
//	                empty() skips the shape check)
//
// Keys that are not a field's id are dropped without a word, and the request still succeeds
// (cli:kickoff.go, docs:templates/get-template, the n8n live test). The messages the sources do
// not quote are the fake's own wording (see "Not simulated").

// fieldSpec is what the validator needs to know of a kick-off field or a task's form field.
type fieldSpec struct {
	id, label, fieldType string
	required             bool
	options              []gen.FieldOption
	columns              int
}

func kickoffSpecs(fields []gen.KickoffField) []fieldSpec {
	out := make([]fieldSpec, 0, len(fields))
	for _, f := range fields {
		out = append(out, fieldSpec{
			id: f.ID, label: f.Label, fieldType: f.FieldType, required: isTrue(f.Required),
			options: deref(f.Options), columns: len(deref(f.Columns)),
		})
	}
	return out
}

func formFieldSpecs(fields []gen.FormField) []fieldSpec {
	out := make([]fieldSpec, 0, len(fields))
	for _, f := range fields {
		out = append(out, fieldSpec{
			id: f.ID, label: f.Label, fieldType: f.FieldType, required: isTrue(f.Required),
			options: deref(f.Options), columns: len(deref(f.Columns)),
		})
	}
	return out
}

func deref[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

// checkValues validates the values sent for fields, keyed by field id, and returns those to
// store (a cleared value is stored as null) with the validation messages keyed
// "<prefix>.<field id>", Laravel's key for a member of a keyed payload. Keys that name no field
// are dropped.
func checkValues(prefix string, fields []fieldSpec, sent map[string]json.RawMessage) (map[string]any, map[string][]string) {
	keep := map[string]any{}
	errs := map[string][]string{}
	for _, f := range fields {
		raw, ok := sent[f.id]
		if !ok {
			continue
		}
		v, err := decodeValue(raw)
		if err == nil {
			err = checkValue(f, v)
		}
		if err != nil {
			errs[prefix+"."+f.id] = []string{err.Error()}
			continue
		}
		if isEmpty(v) {
			v = nil
		}
		keep[f.id] = v
	}
	return keep, errs
}

// requireValues adds "<label> is required" for each required field whose value in values is
// missing or empty: the launch check on kick-off fields (cli:kickoff.go, docs) and the completion
// check on a task's fields (docs:tasks/complete-task).
func requireValues(prefix string, fields []fieldSpec, values map[string]any, errs map[string][]string) {
	for _, f := range fields {
		if f.required && isEmpty(values[f.id]) && len(errs[prefix+"."+f.id]) == 0 {
			errs[prefix+"."+f.id] = []string{f.label + " is required"}
		}
	}
}

// decodeValue decodes one value, keeping numbers as json.Number so they are stored as sent.
func decodeValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, valueError("The value is not valid JSON.")
	}
	return v, nil
}

type valueError string

func (e valueError) Error() string { return string(e) }

// isEmpty is PHP's empty() on the decoded value: null, "", "0", false, 0, and an empty list or
// object.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == "" || v == "0"
	case bool:
		return !v
	case json.Number:
		f, err := v.Float64()
		return err == nil && f == 0
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func checkValue(f fieldSpec, v any) error {
	if f.fieldType == "table" {
		// The exception to empty(): "" and [] are refused (cli:kickoff.go); leave the key out.
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return valueError("Invalid table field")
		}
		if len(list) != f.columns {
			return valueError("Number of columns does not match required columns")
		}
		return nil
	}
	if isEmpty(v) {
		return nil
	}
	switch f.fieldType {
	case "text":
		switch v.(type) {
		case string, json.Number, bool:
			return nil
		}
		return valueError(f.label + " must be text.")
	case "textarea":
		if _, ok := v.(string); !ok {
			return valueError(f.label + " must be a string.")
		}
	case "date":
		s, ok := v.(string)
		if _, err := parseWriteDate(s); !ok || err != nil {
			return valueError(f.label + " is not a valid date.")
		}
	case "radio":
		s, ok := v.(string)
		if !ok || !slices.ContainsFunc(f.options, func(o gen.FieldOption) bool { return o.Text == s }) {
			return valueError("Invalid radio choice selected.")
		}
	case "dropdown":
		if !namesOption(v, f.options) {
			return valueError("Invalid dropdown choice selected.")
		}
	case "multiselect":
		list, ok := v.([]any)
		if !ok || slices.ContainsFunc(list, func(item any) bool { return !namesOption(item, f.options) }) {
			return valueError("Invalid multiselect choice selected.")
		}
	case "file":
		list, ok := v.([]any)
		if !ok || slices.ContainsFunc(list, func(item any) bool { return !isFile(item) }) {
			return valueError(f.label + " must be a list of files, each with an id, url or full_url.")
		}
	case "assignees_form":
		if _, ok := v.(map[string]any); !ok {
			return valueError(f.label + " must be an object of users, guests and groups.")
		}
	}
	// email, and field types the fake does not know: stored as sent.
	return nil
}

// namesOption reports whether v is an {id, text} object naming one of options: the id an
// integer, the text equal to that option's text, compared exactly (mcp:utils/field_value_encoding.py).
func namesOption(v any, options []gen.FieldOption) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	n, ok := m["id"].(json.Number)
	text, isText := m["text"].(string)
	if !ok || !isText {
		return false
	}
	id, err := n.Int64()
	if err != nil {
		return false
	}
	return slices.ContainsFunc(options, func(o gen.FieldOption) bool {
		return o.ID != nil && int64(*o.ID) == id && o.Text == text
	})
}

func isFile(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, k := range []string{"id", "url", "full_url"} {
		if s, ok := m[k].(string); ok && s != "" {
			return true
		}
	}
	return false
}

// parseWriteDate reads a date as the API accepts it on writes: RFC 3339 (docs) or
// "YYYY-MM-DD HH:MM:SS" (msc, the MCP server and the n8n node), or a bare date.
func parseWriteDate(s string) (time.Time, error) {
	var err error
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}

// valuesMember takes the free-form values member (prerun, taskdata) out of a decoded body. The
// server reads it as an object keyed by field id; a list arrives with keys 0, 1, 2..., matches
// no field and is dropped whole (mcp:utils/kickoff_encoding.py), as is any other shape.
func valuesMember(body map[string]json.RawMessage, key string) (map[string]json.RawMessage, bool) {
	raw, ok := body[key]
	delete(body, key)
	if !ok {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return map[string]json.RawMessage{}, true
	}
	return m, true
}
