package tallyfy

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/mail"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Form values (a launch's prerun, a task's taskdata) go through one
// validator on the server, FormValuesValidator.php, whose traps decide
// everything below: a key that is not a field's timeline id is dropped with
// a 2xx, and each field type takes one exact shape, some of which the server
// stores even when wrong (an email wrapped in {"value":...}, a multiselect
// without selected:true). So the encoder resolves keys itself and sends
// only the documented shapes; anything else is refused before sending.
// Sources: the documentation's launch-process and update-task pages, the
// official MCP server (field_value_encoding.py, which cites api-v2), the
// official CLI (kickoff.go) and the n8n node's live tests.

// File is the value of a file field: a link, or a file already uploaded to
// the organization (POST /organizations/{org}/file returns its id). Set
// exactly one of URL and ID.
//
// A file field's value is always a list, so File, []File and a plain URL
// string are all sent as a list. A link becomes
// {"filename":Filename,"source":"url","url":URL}; an uploaded file becomes
// {"id":ID,"filename":Filename}. An empty []File clears the field.
type File struct {
	// ID is the id of an uploaded file (an asset id).
	ID string
	// Filename is the name the file is shown under. For a link it defaults
	// to the URL's last path segment; for an uploaded file, when empty, it
	// is left out and the API shows what it has.
	Filename string
	// URL is an absolute http or https link to the file.
	URL string
}

// Assignees is the value of an assignees_form field:
// {"users":[1001],"guests":["ann@example.com"],"groups":["..."]}.
// All three lists are always sent, empty ones as [] (never null), because
// the API treats a missing bucket as an empty one.
//
// Users are user ids, Guests email addresses (a bare address, no display
// name), Groups group ids. Guests alone are sent as they are: the official
// migrator notes that guests cannot be a field's only assignees, but no
// other source says so, so the server judges that (a 422) rather than the
// client refusing what may be valid.
//
// People names anyone else by who they are, resolved by the client before
// sending and added to the three lists: a member by email, full name or
// user id, a group by name or id, a guest the organization has by email,
// and a new guest as "guest:" and the address. An ambiguous, unknown or
// disabled name is refused (ErrInvalidArgument) and nothing is sent; see
// Client.ResolvePeople. An assignees_form field also takes a person or a
// list of them as its value ("alice@acme.example", []string{...}), which is
// Assignees{People: ...}.
type Assignees struct {
	Users  []int    `json:"users"`
	Guests []string `json:"guests"`
	Groups []string `json:"groups"`
	People []string `json:"-"`
}

// errUnresolvedPeople refuses to encode names only a Client can resolve.
var errUnresolvedPeople = fmt.Errorf("%w: Assignees.People are names a Client resolves before sending; encoded as they are, they would be dropped", ErrInvalidArgument)

// MarshalJSON sends all three lists, empty ones as []. People must have
// been resolved (by the Client method that sends them): encoding them
// would drop them silently, so it fails instead.
func (a Assignees) MarshalJSON() ([]byte, error) {
	if len(a.People) > 0 {
		return nil, errUnresolvedPeople
	}
	type wire Assignees // without the method
	w := wire(a)
	if w.Users == nil {
		w.Users = []int{}
	}
	if w.Guests == nil {
		w.Guests = []string{}
	}
	if w.Groups == nil {
		w.Groups = []string{}
	}
	return json.Marshal(w)
}

// fieldDef is one form-field definition, from a template's prerun or a
// task's form_fields.
type fieldDef struct {
	ID, Alias, Label, Type string // Type = field_type
	Required               bool
	Options                []gen.FieldOption
	Columns                []gen.FieldColumn
}

// kickoffFieldDefs reads a template's kick-off fields (Template.Prerun).
func kickoffFieldDefs(fields []gen.KickoffField) []fieldDef {
	defs := make([]fieldDef, len(fields))
	for i, f := range fields {
		defs[i] = fieldDef{ID: f.ID, Alias: orZero(f.Alias), Label: f.Label, Type: f.FieldType,
			Required: orZero(f.Required), Options: orZero(f.Options), Columns: orZero(f.Columns)}
	}
	return defs
}

// formFieldDefs reads a task's form fields (Task.FormFields).
func formFieldDefs(fields []gen.FormField) []fieldDef {
	defs := make([]fieldDef, len(fields))
	for i, f := range fields {
		defs[i] = fieldDef{ID: f.ID, Alias: orZero(f.Alias), Label: f.Label, Type: f.FieldType,
			Required: orZero(f.Required), Options: orZero(f.Options), Columns: orZero(f.Columns)}
	}
	return defs
}

func orZero[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// Bounds on what an error shows: user values and server text are cut, and
// lists (options, known keys, refusals) are shortened.
const (
	maxShown  = 64 // bytes of one text quoted in an error
	maxListed = 10 // items of a list shown in an error
)

// encodeFieldValues resolves each key of values against defs and encodes
// each value into the shape its field type takes (see the encode* functions).
// A key is a field's id, else its alias, else its label, matched exactly;
// failing that, a label matched ignoring case and surrounding space. The id
// wins over everything; an alias and a label naming different fields, or
// two fields sharing a label, make the key ambiguous. what names the form
// in errors ("kick-off form of template X", "task Y"). With checkRequired
// (launch), a required field left out, nil or blank is refused, as the API
// would refuse it with "<label> is required".
//
// The result is keyed by field id, each value compact JSON. Every refusal
// wraps ErrInvalidArgument; all of them are reported in one error of one
// line, numbered ([1] ... [2] ...; the first 10 of them), keys in sorted
// order, then the required fields missing in form order. Texts in errors are
// quoted and cut at 64 bytes; email addresses are never shown.
func encodeFieldValues(what string, defs []fieldDef, values map[string]any, checkRequired bool) (map[string]json.RawMessage, error) {
	out := make(map[string]json.RawMessage, len(values))
	var refusals []string
	claimed := make(map[int]string, len(values)) // def index → the key that named it
	for _, key := range slices.Sorted(maps.Keys(values)) {
		i, problem := resolveField(defs, key)
		if problem != "" {
			refusals = append(refusals, problem)
			continue
		}
		d := &defs[i]
		if prev, dup := claimed[i]; dup {
			refusals = append(refusals, fmt.Sprintf("keys %s and %s both name field %s (id %s); give one",
				quoteShort(prev), quoteShort(key), quoteShort(d.Label), quoteShort(d.ID)))
			continue
		}
		claimed[i] = key
		if d.ID == "" {
			refusals = append(refusals, fmt.Sprintf("key %s (%s): the field has no id in its definition, and the API keys values by id",
				quoteShort(key), describeField(d)))
			continue
		}
		raw, problem := encodeValue(d, values[key])
		switch {
		case problem != "":
			refusals = append(refusals, fmt.Sprintf("key %s (%s): %s", quoteShort(key), describeField(d), problem))
		case checkRequired && d.Required && isBlankValue(raw):
			refusals = append(refusals, fmt.Sprintf("key %s (%s): the field is required and the value leaves it empty",
				quoteShort(key), describeField(d)))
		default:
			out[d.ID] = raw
		}
	}
	if checkRequired {
		for i := range defs {
			if _, given := claimed[i]; defs[i].Required && !given {
				refusals = append(refusals, fmt.Sprintf("required field %s (id %s, type %s) has no value",
					quoteShort(defs[i].Label), quoteShort(defs[i].ID), quoteShort(defs[i].Type)))
			}
		}
	}
	if len(refusals) == 0 {
		return out, nil
	}
	if len(refusals) == 1 {
		return nil, fmt.Errorf("%w: %s: %s", ErrInvalidArgument, what, refusals[0])
	}
	var b strings.Builder
	for i, r := range refusals[:min(len(refusals), maxListed)] {
		fmt.Fprintf(&b, " [%d] %s", i+1, r)
	}
	if n := len(refusals) - maxListed; n > 0 {
		fmt.Fprintf(&b, " [and %d more]", n)
	}
	return nil, fmt.Errorf("%w: %s: %d refusals:%s", ErrInvalidArgument, what, len(refusals), b.String())
}

// resolveField finds the field a key names, or says why none.
func resolveField(defs []fieldDef, key string) (int, string) {
	match := func(eq func(d *fieldDef) bool) []int {
		var found []int
		for i := range defs {
			if eq(&defs[i]) {
				found = append(found, i)
			}
		}
		return found
	}
	steps := []func(d *fieldDef) bool{
		func(d *fieldDef) bool { return d.ID != "" && d.ID == key },
		func(d *fieldDef) bool { return d.Alias != "" && d.Alias == key || d.Label != "" && d.Label == key },
		func(d *fieldDef) bool {
			k := strings.TrimSpace(key)
			return k != "" && strings.EqualFold(strings.TrimSpace(d.Label), k)
		},
	}
	for _, eq := range steps {
		switch found := match(eq); len(found) {
		case 0:
			continue
		case 1:
			return found[0], ""
		default:
			ids := make([]string, 0, len(found))
			for _, i := range found {
				ids = append(ids, quoteShort(defs[i].ID))
			}
			return -1, fmt.Sprintf("key %s is ambiguous: it names %d fields (ids %s); use the field's id",
				quoteShort(key), len(found), listBounded(ids))
		}
	}
	known := make([]string, 0, len(defs))
	for i := range defs {
		known = append(known, fmt.Sprintf("%s (%s)", quoteShort(defs[i].ID), quoteShort(defs[i].Label)))
	}
	if len(known) == 0 {
		return -1, fmt.Sprintf("key %s names no field: the form has none, and the API would drop the value silently", quoteShort(key))
	}
	return -1, fmt.Sprintf("key %s matches no field's id, alias or label, and the API would drop its value silently; the fields are %s",
		quoteShort(key), listBounded(known))
}

// The field types the API documents (BaseCapture::$field_types). The set is
// open: a type not listed takes a scalar, sent as it is.
const (
	fieldText          = "text"
	fieldTextarea      = "textarea"
	fieldEmail         = "email"
	fieldDate          = "date"
	fieldRadio         = "radio"
	fieldDropdown      = "dropdown"
	fieldMultiselect   = "multiselect"
	fieldTable         = "table"
	fieldFile          = "file"
	fieldAssigneesForm = "assignees_form"
)

// encodeValue encodes one value for its field, or says why not, ending with
// what the field accepts.
func encodeValue(d *fieldDef, v any) (json.RawMessage, string) {
	v = normalizeValue(v)
	if v == nil && d.Type != fieldTable { // null clears a field; a table refuses it
		return json.RawMessage("null"), ""
	}
	var raw json.RawMessage
	var problem string
	switch d.Type {
	case fieldText:
		raw, problem = encodeScalar(v)
	case fieldTextarea:
		raw, problem = encodeTextarea(v)
	case fieldEmail:
		raw, problem = encodeEmail(v)
	case fieldDate:
		raw, problem = encodeDate(v)
	case fieldRadio:
		raw, problem = encodeRadio(d, v)
	case fieldDropdown:
		raw, problem = encodeDropdown(d, v)
	case fieldMultiselect:
		raw, problem = encodeMultiselect(d, v)
	case fieldTable:
		raw, problem = encodeTable(d, v)
	case fieldFile:
		raw, problem = encodeFiles(v)
	case fieldAssigneesForm:
		raw, problem = encodeAssignees(v)
	default:
		raw, problem = encodeScalar(v)
	}
	if problem == "" && raw == nil {
		problem = describeValue(v) + " has no JSON form"
	}
	if problem != "" {
		return nil, problem + "; " + fieldAccepts(d)
	}
	return raw, ""
}

// fieldAccepts says what a field takes, for the end of a refusal.
func fieldAccepts(d *fieldDef) string {
	switch d.Type {
	case fieldText:
		return "a text field takes a string, number or boolean, or nil to clear it"
	case fieldTextarea:
		return "a textarea field takes a string, or nil to clear it"
	case fieldEmail:
		return `an email field takes one bare address as a string ("ann@example.com"), or nil to clear it`
	case fieldDate:
		return `a date field takes a time.Time or a string like "2025-12-31T23:59:59Z", "2025-12-31" or "2025-12-31 23:59:59", or nil to clear it`
	case fieldRadio:
		return "a radio field takes one option's exact text or its id, or nil to clear it, of " + optionList(d)
	case fieldDropdown:
		return "a dropdown field takes one option's exact text or its id, or nil to clear it, of " + optionList(d)
	case fieldMultiselect:
		return "a multiselect field takes a list of option texts or ids (or one), or nil to clear it, of " + optionList(d)
	case fieldTable:
		labels := make([]string, 0, len(d.Columns))
		for _, c := range d.Columns {
			labels = append(labels, quoteShort(c.Label))
		}
		if len(labels) == 0 {
			return "the table has no columns in its definition, so no value fits it"
		}
		return fmt.Sprintf("a table field takes a []string of exactly %d cells in column order, or a map[string]string keyed by column label, of %s",
			len(labels), listBounded(labels))
	case fieldFile:
		return "a file field takes a tallyfy.File, a []tallyfy.File or an http(s) URL string, or nil to clear it"
	case fieldAssigneesForm:
		return `an assignees_form field takes a tallyfy.Assignees, a person ("alice@acme.example", "Alice Admin", "Finance", "guest:ann@example.com") or a list of them, or nil to clear it`
	}
	return fmt.Sprintf("field type %s is not one the client knows, so it takes only a string, number or boolean, sent as it is, or nil", quoteShort(d.Type))
}

// normalizeValue maps the Go values a caller may use onto a few: nil, string,
// bool, int64, uint64, float64, json.Number, time.Time, File, Assignees,
// []any and map[string]any. Named types (type Colour string) become their
// kind, pointers are followed (nil is nil), a nil slice or map is empty.
// Anything else is returned as it is, to be refused by type.
func normalizeValue(v any) any {
	for range 8 { // a cyclic pointer type (type P *P) must end
		switch x := v.(type) {
		case nil, string, bool, int64, uint64, float64, json.Number, time.Time, File, Assignees, []any, map[string]any:
			return v
		case int:
			return int64(x)
		case float32:
			// The shortest decimal for the float32, not its float64 widening.
			f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
			return f
		case []byte:
			return v // bytes are not text: refused by type
		}
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Pointer:
			if rv.IsNil() {
				return nil
			}
			v = rv.Elem().Interface()
			continue
		case reflect.String:
			return rv.String()
		case reflect.Bool:
			return rv.Bool()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return rv.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return rv.Uint()
		case reflect.Float32:
			return normalizeValue(float32(rv.Float()))
		case reflect.Float64:
			return rv.Float()
		case reflect.Slice, reflect.Array:
			if rv.Type().Elem().Kind() == reflect.Uint8 {
				return v
			}
			list := make([]any, rv.Len())
			for i := range list {
				list[i] = rv.Index(i).Interface()
			}
			return list
		case reflect.Map:
			if rv.Type().Key().Kind() != reflect.String {
				return v
			}
			m := make(map[string]any, rv.Len())
			for it := rv.MapRange(); it.Next(); {
				m[it.Key().String()] = it.Value().Interface()
			}
			return m
		}
		return v
	}
	return v
}

// describeValue names a normalized value for an error, without printing more
// than maxShown bytes of it (and never a list's or map's contents).
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case string:
		return quoteShort(x)
	case json.Number:
		return "the number " + quoteShort(string(x))
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return "the number " + strconv.FormatInt(x, 10)
	case uint64:
		return "the number " + strconv.FormatUint(x, 10)
	case float64:
		return "the number " + strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return "a time.Time"
	case File:
		return "a tallyfy.File"
	case Assignees:
		return "a tallyfy.Assignees"
	case []any:
		return fmt.Sprintf("a list of %d items", len(x))
	case map[string]any:
		return fmt.Sprintf("a map of %d entries", len(x))
	}
	t := fmt.Sprintf("%T", v)
	if len(t) > maxShown {
		t = t[:maxShown] + ellipsis
	}
	return "a value of type " + t
}

// utf8Problem checks a string the client will send: json.Marshal would silently
// replace invalid UTF-8.
func utf8Problem(s string) string {
	if !utf8.ValidString(s) {
		return "the string is not valid UTF-8"
	}
	return ""
}

// toJSON encodes a value already checked; were it to fail anyway, the nil
// result is refused by encodeValue rather than sent.
func toJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// encodeScalar sends a string, number or boolean as it is (a text field:
// is_scalar on the server). NaN and infinities have no JSON form. Lengths
// are the server's to judge: the sources disagree on the limits (200 or
// 255 characters for text, 30,000 or 6,000 for a textarea).
func encodeScalar(v any) (json.RawMessage, string) {
	switch x := v.(type) {
	case string:
		if p := utf8Problem(x); p != "" {
			return nil, p
		}
		return toJSON(x), ""
	case bool, int64, uint64:
		return toJSON(x), ""
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, describeValue(x) + " has no JSON form"
		}
		return toJSON(x), ""
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil || !json.Valid([]byte(x)) {
			return nil, describeValue(x) + " is not a JSON number"
		}
		return json.RawMessage(string(x)), ""
	}
	return nil, describeValue(v) + " is not a string, number or boolean"
}

// encodeTextarea: the server checks is_string, so 12345 is a 422.
func encodeTextarea(v any) (json.RawMessage, string) {
	switch x := v.(type) {
	case string:
		if p := utf8Problem(x); p != "" {
			return nil, p
		}
		return toJSON(x), ""
	case bool, int64, uint64, float64, json.Number:
		return nil, describeValue(x) + " is not a string, and the API refuses anything else in a textarea (422); pass it as a string"
	}
	return nil, describeValue(v) + " is not a string"
}

// encodeEmail: the server has no check for email fields and stores
// anything, so a wrapper or a display name would be kept verbatim.
func encodeEmail(v any) (json.RawMessage, string) {
	s, ok := v.(string)
	if !ok {
		return nil, describeValue(v) + " is not a string"
	}
	if s == "" {
		return toJSON(s), "" // empty clears, as on any field
	}
	if p := emailProblem(s); p != "" {
		return nil, "the value " + p // not shown: addresses are personal data
	}
	return toJSON(s), ""
}

// emailProblem says why s is not one bare address, or "". Callers decide
// whether to show the address (guests are personal data).
func emailProblem(s string) string {
	if len(s) > maxEmailLen {
		return fmt.Sprintf("is %d bytes long; addresses have at most %d", len(s), maxEmailLen)
	}
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "is not one bare email address"
	}
	return ""
}

// dateLayouts are the forms the sources send: ISO 8601 (the documentation)
// and "YYYY-MM-DD HH:MM:SS" (the MCP server, the n8n node, the Power
// Platform connector), plus a plain date.
var dateLayouts = []string{time.RFC3339, "2006-01-02", "2006-01-02 15:04:05"}

// encodeDate sends a time.Time as RFC 3339 in UTC, whole seconds, and a
// string as given once it parses; an epoch number is a 422 on the server.
func encodeDate(v any) (json.RawMessage, string) {
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return nil, "the zero time.Time (pass nil to clear the field)"
		}
		u := x.UTC()
		if y := u.Year(); y < 1 || y > 9999 {
			return nil, fmt.Sprintf("the year %d has no RFC 3339 form", y)
		}
		return toJSON(u.Format(time.RFC3339)), ""
	case string:
		if x == "" {
			return toJSON(x), ""
		}
		for _, layout := range dateLayouts {
			if _, err := time.Parse(layout, x); err == nil {
				return toJSON(x), ""
			}
		}
		return nil, quoteShort(x) + " is not a date in a form the API documents"
	case int64, uint64, float64, json.Number:
		return nil, describeValue(x) + " is not a date: the API refuses epoch numbers (422)"
	}
	return nil, describeValue(v) + " is not a date"
}

// asOptionID reads an option id: an integer, or an integral float from
// decoded JSON.
func asOptionID(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		if x >= math.MinInt && x <= math.MaxInt {
			return int(x), true
		}
	case uint64:
		if x <= math.MaxInt {
			return int(x), true
		}
	case float64:
		if x == math.Trunc(x) && x >= -(1<<53) && x <= 1<<53 {
			return int(x), true
		}
	case json.Number:
		if n, err := x.Int64(); err == nil && n >= math.MinInt && n <= math.MaxInt {
			return int(n), true
		}
	}
	return 0, false
}

// findOption finds the option v names: its exact text, or its id. The
// server compares texts with ==, so a text differing in case or space is
// refused, naming the option it resembles. Several matches mean several
// options share that text (or id).
func findOption(d *fieldDef, v any) (matches []int, problem string) {
	if s, ok := v.(string); ok {
		var folded []int
		for i, o := range d.Options {
			if o.Text == s {
				matches = append(matches, i)
			} else if strings.EqualFold(strings.TrimSpace(o.Text), strings.TrimSpace(s)) {
				folded = append(folded, i)
			}
		}
		switch {
		case len(matches) > 0:
			return matches, ""
		case len(d.Options) == 0:
			return nil, quoteShort(s) + " is not an option: the field has no options in its definition"
		case len(folded) == 1:
			return nil, fmt.Sprintf("%s is not an option; the server compares texts exactly, did you mean %s?",
				quoteShort(s), quoteShort(d.Options[folded[0]].Text))
		}
		return nil, quoteShort(s) + " is not an option"
	}
	if id, ok := asOptionID(v); ok {
		for i, o := range d.Options {
			if o.ID != nil && *o.ID == id {
				matches = append(matches, i)
			}
		}
		if len(matches) == 0 {
			return nil, fmt.Sprintf("no option has the id %d", id)
		}
		return matches, ""
	}
	return nil, describeValue(v) + " is neither an option's text nor its id"
}

// oneOption narrows findOption's matches to one option with an id, as a
// dropdown or multiselect value needs ({"id","text"}).
func oneOption(d *fieldDef, v any) (gen.FieldOption, string) {
	matches, problem := findOption(d, v)
	if problem != "" {
		return gen.FieldOption{}, problem
	}
	if len(matches) > 1 {
		ids := make([]string, 0, len(matches))
		for _, i := range matches {
			if id := d.Options[i].ID; id != nil {
				ids = append(ids, strconv.Itoa(*id))
			}
		}
		return gen.FieldOption{}, fmt.Sprintf("%s names %d options (ids %s); pass the id", describeValue(v), len(matches), listBounded(ids))
	}
	o := d.Options[matches[0]]
	if o.ID == nil {
		return gen.FieldOption{}, fmt.Sprintf("option %s has no id in the field's definition, and the API needs one", quoteShort(o.Text))
	}
	return o, ""
}

// encodeRadio sends the option's text as a bare string: the server checks
// in_array against the texts. An empty string clears the field (PHP
// empty() skips the check).
func encodeRadio(d *fieldDef, v any) (json.RawMessage, string) {
	if v == "" {
		return toJSON(""), ""
	}
	matches, problem := findOption(d, v)
	if problem != "" {
		return nil, problem
	}
	if len(matches) > 1 {
		if _, byText := v.(string); !byText {
			return nil, fmt.Sprintf("%s names %d options; pass the text", describeValue(v), len(matches))
		}
	}
	return toJSON(d.Options[matches[0]].Text), ""
}

type optionValue struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

// encodeDropdown sends one {"id","text"} object; the server needs both and
// that they name the same option.
func encodeDropdown(d *fieldDef, v any) (json.RawMessage, string) {
	o, problem := oneOption(d, v)
	if problem != "" {
		return nil, problem
	}
	return toJSON(optionValue{ID: *o.ID, Text: o.Text}), ""
}

type selectedOption struct {
	ID       int    `json:"id"`
	Text     string `json:"text"`
	Selected bool   `json:"selected"`
}

// encodeMultiselect sends a list of {"id","text","selected":true}, in the
// caller's order: without selected:true a choice renders as empty text (or,
// per the n8n node, is not stored).
func encodeMultiselect(d *fieldDef, v any) (json.RawMessage, string) {
	items, ok := v.([]any)
	if !ok {
		items = []any{v} // one choice
	}
	out := make([]selectedOption, 0, len(items))
	seen := make(map[int]int, len(items)) // option id → item number
	for n, item := range items {
		o, problem := oneOption(d, normalizeValue(item))
		if problem != "" {
			if len(items) > 1 || ok {
				problem = fmt.Sprintf("item %d: %s", n+1, problem)
			}
			return nil, problem
		}
		if first, dup := seen[*o.ID]; dup {
			return nil, fmt.Sprintf("items %d and %d both choose option %s", first+1, n+1, quoteShort(o.Text))
		}
		seen[*o.ID] = n
		out = append(out, selectedOption{ID: *o.ID, Text: o.Text, Selected: true})
	}
	return toJSON(out), ""
}

// encodeTable sends one entry per column, in column order: any other count
// is a 422 ("Number of columns does not match required columns"), and so is
// an empty table. The reference has each entry as the column's text
// (["Widget","3"]); how the server reads a cell beyond that is not
// documented, so cells are strings and a map's missing columns are sent as
// "" (an empty cell, not an empty table).
func encodeTable(d *fieldDef, v any) (json.RawMessage, string) {
	switch {
	case v == nil:
		return nil, "nil would be an empty table, which the API refuses (422 \"Invalid table field\"); leave the key out to leave a table empty"
	case len(d.Columns) == 0:
		return nil, describeValue(v) + " cannot fill a table without columns"
	}
	cells := make([]string, len(d.Columns))
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return nil, "an empty table: the API refuses it (422 \"Invalid table field\"); leave the key out to leave a table empty"
		}
		if len(x) != len(cells) {
			return nil, fmt.Sprintf("%d cells for %d columns: the API needs exactly one per column", len(x), len(cells))
		}
		for i, c := range x {
			s, ok := normalizeValue(c).(string)
			if !ok {
				return nil, fmt.Sprintf("cell %d is %s; cells are strings", i+1, describeValue(normalizeValue(c)))
			}
			if p := utf8Problem(s); p != "" {
				return nil, fmt.Sprintf("cell %d: %s", i+1, p)
			}
			cells[i] = s
		}
	case map[string]any:
		if len(x) == 0 {
			return nil, "an empty table: the API refuses it (422 \"Invalid table field\"); leave the key out to leave a table empty"
		}
		filled := make(map[int]string, len(x)) // column → key
		for _, key := range slices.Sorted(maps.Keys(x)) {
			col, problem := resolveColumn(d.Columns, key)
			if problem != "" {
				return nil, problem
			}
			if prev, dup := filled[col]; dup {
				return nil, fmt.Sprintf("keys %s and %s both name column %s", quoteShort(prev), quoteShort(key), quoteShort(d.Columns[col].Label))
			}
			filled[col] = key
			s, ok := normalizeValue(x[key]).(string)
			if !ok {
				return nil, fmt.Sprintf("column %s is %s; cells are strings", quoteShort(key), describeValue(normalizeValue(x[key])))
			}
			if p := utf8Problem(s); p != "" {
				return nil, fmt.Sprintf("column %s: %s", quoteShort(key), p)
			}
			cells[col] = s
		}
	default:
		return nil, describeValue(v) + " is not a list of cells or a map of columns"
	}
	return toJSON(cells), ""
}

// resolveColumn finds the column a key names: its exact label, else its
// label ignoring case and surrounding space, if that is unambiguous.
func resolveColumn(cols []gen.FieldColumn, key string) (int, string) {
	for _, eq := range []func(label string) bool{
		func(label string) bool { return label == key },
		func(label string) bool {
			k := strings.TrimSpace(key)
			return k != "" && strings.EqualFold(strings.TrimSpace(label), k)
		},
	} {
		found := -1
		for i, c := range cols {
			if eq(c.Label) {
				if found >= 0 {
					return -1, fmt.Sprintf("column key %s names several columns; pass a []string in column order", quoteShort(key))
				}
				found = i
			}
		}
		if found >= 0 {
			return found, ""
		}
	}
	return -1, fmt.Sprintf("column key %s is no column's label", quoteShort(key))
}

type fileByURL struct {
	Filename string `json:"filename"`
	Source   string `json:"source"`
	URL      string `json:"url"`
}

type fileByID struct {
	ID       string `json:"id"`
	Filename string `json:"filename,omitempty"`
}

// encodeFiles sends a list of file objects: a bare string was a 500, and
// is now a 422. Each entry needs an id or a url; filename is the display
// key, and source must be "url" or "local" (the official CLI).
func encodeFiles(v any) (json.RawMessage, string) {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case File, string:
		items = []any{x}
	default:
		return nil, describeValue(v) + " is not a file"
	}
	out := make([]any, 0, len(items))
	for n, item := range items {
		var entry any
		var problem string
		switch x := normalizeValue(item).(type) {
		case File:
			entry, problem = encodeFile(x)
		case string:
			entry, problem = encodeFile(File{URL: x})
		default:
			problem = describeValue(x) + " is not a file"
		}
		if problem != "" {
			if len(items) > 1 {
				problem = fmt.Sprintf("file %d: %s", n+1, problem)
			}
			return nil, problem
		}
		out = append(out, entry)
	}
	return toJSON(out), ""
}

func encodeFile(f File) (any, string) {
	if p := utf8Problem(f.Filename); p != "" {
		return nil, "the filename: " + p
	}
	if strings.ContainsFunc(f.Filename, isUnsafeText) {
		return nil, "the filename contains a control or format character"
	}
	switch {
	case f.ID == "" && f.URL == "":
		return nil, "a File needs an ID (an uploaded file) or a URL (a link)"
	case f.ID != "" && f.URL != "":
		return nil, "a File has both an ID and a URL; set one (ID for an uploaded file, URL for a link)"
	case f.ID != "":
		if len(f.ID) > maxIDLen || strings.ContainsFunc(f.ID, func(r rune) bool { return !isIDChar(r) }) {
			return nil, fmt.Sprintf("file id %s is not an id (letters, digits, '-' and '_', at most %d)", quoteShort(f.ID), maxIDLen)
		}
		return fileByID{ID: f.ID, Filename: f.Filename}, ""
	}
	u, err := url.Parse(f.URL)
	if err != nil || !utf8.ValidString(f.URL) || strings.ContainsFunc(f.URL, func(r rune) bool { return unicode.IsSpace(r) || isUnsafeText(r) }) ||
		(u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Not shown: a file link may carry a signature or a token.
		return nil, "the URL is not an absolute http or https URL"
	}
	name := f.Filename
	if name == "" {
		name = path.Base(u.Path)
		if name == "." || name == "/" || name == "" {
			name = u.Hostname()
		}
		if !utf8.ValidString(name) || strings.ContainsFunc(name, isUnsafeText) {
			name = u.Hostname()
		}
	}
	return fileByURL{Filename: name, Source: "url", URL: f.URL}, ""
}

// encodeAssignees checks each id and address; the three lists are always
// sent (see Assignees).
func encodeAssignees(v any) (json.RawMessage, string) {
	a, ok := v.(Assignees)
	if !ok {
		return nil, describeValue(v) + " is not a tallyfy.Assignees"
	}
	if len(a.People) > 0 { // resolvePeopleFields resolves them; never dropped
		return nil, "its People are not resolved"
	}
	for i, u := range a.Users {
		if u <= 0 {
			return nil, fmt.Sprintf("user %d of %d has the id %d; user ids are positive", i+1, len(a.Users), u)
		}
	}
	for i, g := range a.Guests {
		// The position, not the address: guests are personal data.
		if p := emailProblem(g); p != "" {
			return nil, fmt.Sprintf("guest %d of %d %s", i+1, len(a.Guests), p)
		}
	}
	for i, g := range a.Groups {
		if g == "" || len(g) > maxIDLen || strings.ContainsFunc(g, func(r rune) bool { return !isIDChar(r) }) {
			return nil, fmt.Sprintf("group %d of %d, %s, is not a group id (letters, digits, '-' and '_', at most %d)", i+1, len(a.Groups), quoteShort(g), maxIDLen)
		}
	}
	return toJSON(a), ""
}

// isBlankValue reports a value that leaves a required field empty: null, a
// blank string, an empty list, or an assignees object with no one in it.
func isBlankValue(raw json.RawMessage) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, bucket := range x {
			if l, ok := bucket.([]any); !ok || len(l) > 0 {
				return false
			}
		}
		return true
	}
	return false
}

// describeField names a field in an error: its label and type.
func describeField(d *fieldDef) string {
	return fmt.Sprintf("field %s, type %s", quoteShort(d.Label), quoteShort(d.Type))
}

// optionList lists a field's option texts, bounded.
func optionList(d *fieldDef) string {
	if len(d.Options) == 0 {
		return "none (the field has no options in its definition)"
	}
	texts := make([]string, 0, len(d.Options))
	for _, o := range d.Options {
		s := quoteShort(o.Text)
		if o.ID != nil {
			s += fmt.Sprintf(" (id %d)", *o.ID)
		}
		texts = append(texts, s)
	}
	return listBounded(texts)
}

// listBounded joins the first maxListed items and counts the rest.
func listBounded(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}

// quoteShort quotes a caller's or the server's text for an error: at most
// maxShown bytes of it, cut on a rune boundary, escaped by %q so no control
// or format character reaches a terminal, and followed by "…" when cut.
func quoteShort(s string) string {
	if len(s) <= maxShown {
		return strconv.Quote(s)
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + ellipsis
}

// encodeFields is encodeFieldValues for a Client: the people named in
// assignees_form values are resolved first (resolvePeopleFields).
func encodeFields(ctx context.Context, r *peopleResolver, what string, defs []fieldDef, values map[string]any, checkRequired bool) (map[string]json.RawMessage, error) {
	values, err := r.resolvePeopleFields(ctx, what, defs, values)
	if err != nil {
		return nil, err
	}
	return encodeFieldValues(what, defs, values, checkRequired)
}

// resolvePeopleFields returns values with each assignees_form value that
// names people (a string, a list of strings, Assignees.People) replaced by
// the Assignees they resolve to. The documentation's assignee picker takes
// "a Tallyfy member, guest, or group" (what-are-form-fields-in-tallyfy), so
// guests are allowed. Keys that name no field are left for
// encodeFieldValues to refuse; values is not changed.
func (r *peopleResolver) resolvePeopleFields(ctx context.Context, what string, defs []fieldDef, values map[string]any) (map[string]any, error) {
	var out map[string]any
	for _, key := range slices.Sorted(maps.Keys(values)) {
		i, problem := resolveField(defs, key)
		if problem != "" || defs[i].Type != fieldAssigneesForm {
			continue
		}
		var a Assignees
		switch x := normalizeValue(values[key]).(type) {
		case Assignees:
			if len(x.People) == 0 {
				continue
			}
			a = x
		case string:
			if x == "" {
				continue // encodeAssignees says what the field takes
			}
			a.People = []string{x}
		case []any:
			a.People = make([]string, 0, len(x))
			for _, item := range x {
				s, ok := normalizeValue(item).(string)
				if !ok {
					a.People = nil // encodeAssignees refuses the list
					break
				}
				a.People = append(a.People, s)
			}
			if a.People == nil {
				continue
			}
		default:
			continue
		}
		place := peoplePlace{what: fmt.Sprintf("%s, field %s", what, quoteShort(defs[i].Label)), guests: guestsAllowed, groups: true}
		resolved, err := r.assignees(ctx, a, place)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = maps.Clone(values)
		}
		resolved.People = nil
		out[key] = resolved
	}
	if out == nil {
		return values, nil
	}
	return out, nil
}
