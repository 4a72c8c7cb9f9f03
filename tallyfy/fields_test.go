package tallyfy

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tallyfy-go/sdk/v2/gen"
)

const formName = "task 5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"

func ptr[T any](v T) *T { return &v }

func opts(texts ...string) []gen.FieldOption {
	out := make([]gen.FieldOption, len(texts))
	for i, t := range texts {
		out[i] = gen.FieldOption{ID: ptr(i + 1), Text: t}
	}
	return out
}

func cols(labels ...string) []gen.FieldColumn {
	out := make([]gen.FieldColumn, len(labels))
	for i, l := range labels {
		out[i] = gen.FieldColumn{ID: ptr(i + 1), Label: l}
	}
	return out
}

// One field of each type, ids 32-hex as the API sends them.
var (
	textDef      = fieldDef{ID: "a0000000000000000000000000000001", Label: "Customer", Type: "text"}
	textareaDef  = fieldDef{ID: "a0000000000000000000000000000002", Label: "Notes", Type: "textarea"}
	emailDef     = fieldDef{ID: "a0000000000000000000000000000003", Label: "Contact", Type: "email"}
	dateDef      = fieldDef{ID: "a0000000000000000000000000000004", Label: "Due", Type: "date"}
	radioDef     = fieldDef{ID: "a0000000000000000000000000000005", Label: "Paid?", Type: "radio", Options: opts("Paid", "Unpaid", "0")}
	dropdownDef  = fieldDef{ID: "a0000000000000000000000000000006", Label: "Tier", Type: "dropdown", Options: opts("Bronze", "Silver", "Gold")}
	multiDef     = fieldDef{ID: "a0000000000000000000000000000007", Label: "Colours", Type: "multiselect", Options: opts("Red", "Green", "Blue")}
	tableDef     = fieldDef{ID: "a0000000000000000000000000000008", Label: "Line item", Type: "table", Columns: cols("Item", "Qty")}
	fileDef      = fieldDef{ID: "a0000000000000000000000000000009", Label: "Contract", Type: "file"}
	assigneesDef = fieldDef{ID: "a000000000000000000000000000000a", Label: "Reviewers", Type: "assignees_form"}
	otherDef     = fieldDef{ID: "a000000000000000000000000000000b", Label: "Signature", Type: "signature"}
)

type valueCase struct {
	name  string
	value any
	want  string // the JSON sent; "" when refused
	err   string // a part of the refusal's message
}

// runValueCases encodes each value for def alone, without the required
// check, and compares the JSON sent or the refusal.
func runValueCases(t *testing.T, def fieldDef, cases []valueCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := encodeFieldValues(formName, []fieldDef{def}, map[string]any{def.Label: tc.value}, false)
			if tc.want == "" {
				if !errors.Is(err, ErrInvalidArgument) {
					t.Fatalf("err = %v, out = %s; want ErrInvalidArgument", err, out[def.ID])
				}
				msg := err.Error()
				for _, part := range []string{formName, `key "` + def.Label + `"`, `type "` + def.Type + `"`, tc.err} {
					if !strings.Contains(msg, part) {
						t.Errorf("error %q\nlacks %q", msg, part)
					}
				}
				if out != nil {
					t.Errorf("out = %v alongside an error", out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := json.Compact(&want, []byte(tc.want)); err != nil {
				t.Fatalf("bad want %s: %v", tc.want, err)
			}
			if got := out[def.ID]; !bytes.Equal(got, want.Bytes()) || len(out) != 1 {
				t.Errorf("sent %s (%d keys), want %s", got, len(out), want.Bytes())
			}
		})
	}
}

type colour string

func TestEncodeFieldValues_Text(t *testing.T) {
	runValueCases(t, textDef, []valueCase{
		{name: "string", value: "Acme", want: `"Acme"`},
		{name: "named string type", value: colour("Red"), want: `"Red"`},
		{name: "pointer to string", value: ptr("Acme"), want: `"Acme"`},
		{name: "int", value: 42, want: `42`},
		{name: "int8", value: int8(-3), want: `-3`},
		{name: "uint64", value: uint64(math.MaxUint64), want: `18446744073709551615`},
		{name: "float from JSON", value: 3.5, want: `3.5`},
		{name: "float32 shortest form", value: float32(0.1), want: `0.1`},
		{name: "json.Number", value: json.Number("12.50"), want: `12.50`},
		{name: "bool", value: true, want: `true`},
		{name: "empty string clears", value: "", want: `""`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "nil pointer clears", value: (*string)(nil), want: `null`},
		{name: "HTML kept as text", value: "<b>&</b>", want: `"\u003cb\u003e\u0026\u003c/b\u003e"`},
		{name: "list", value: []string{"a"}, err: "a list of 1 items is not a string, number or boolean"},
		{name: "map", value: map[string]string{"value": "x"}, err: "a map of 1 entries is not a string, number or boolean"},
		{name: "struct", value: struct{ X int }{1}, err: "a value of type struct { X int }"},
		{name: "bytes", value: []byte("x"), err: "a value of type []uint8"},
		{name: "NaN", value: math.NaN(), err: "has no JSON form"},
		{name: "infinity", value: math.Inf(1), err: "has no JSON form"},
		{name: "bad json.Number", value: json.Number("12abc"), err: "is not a JSON number"},
		{name: "invalid UTF-8", value: "a\xffb", err: "not valid UTF-8"},
		{name: "time", value: time.Now(), err: "a time.Time is not a string, number or boolean"},
	})
}

func TestEncodeFieldValues_Textarea(t *testing.T) {
	runValueCases(t, textareaDef, []valueCase{
		{name: "string", value: "line 1\nline 2", want: `"line 1\nline 2"`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "number refused as the server does", value: 12345, err: "the number 12345 is not a string, and the API refuses anything else in a textarea (422)"},
		{name: "bool", value: false, err: "false is not a string"},
		{name: "list", value: []any{"a"}, err: "a list of 1 items is not a string; a textarea field takes a string"},
	})
}

func TestEncodeFieldValues_Email(t *testing.T) {
	runValueCases(t, emailDef, []valueCase{
		{name: "bare address", value: "ann@example.com", want: `"ann@example.com"`},
		{name: "empty clears", value: "", want: `""`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "value wrapper stored verbatim by the server", value: map[string]any{"value": "ann@example.com"}, err: "a map of 1 entries is not a string"},
		{name: "display name", value: "Ann <ann@example.com>", err: "the value is not one bare email address"},
		{name: "no at sign", value: "ann.example.com", err: "is not one bare email address"},
		{name: "two addresses", value: "a@x.com, b@x.com", err: "is not one bare email address"},
		{name: "number", value: 7, err: "the number 7 is not a string"},
		{name: "too long", value: strings.Repeat("a", 250) + "@x.com", err: "the value is 256 bytes long"},
	})
}

func TestEncodeFieldValues_Date(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	runValueCases(t, dateDef, []valueCase{
		{name: "time in UTC", value: time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC), want: `"2025-12-31T23:59:59Z"`},
		{name: "time in a zone becomes UTC", value: time.Date(2026, 1, 1, 0, 59, 59, 999, berlin), want: `"2025-12-31T23:59:59Z"`},
		{name: "pointer to time", value: ptr(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)), want: `"2025-01-02T03:04:05Z"`},
		{name: "RFC 3339 string as given", value: "2025-12-31T23:59:59+01:00", want: `"2025-12-31T23:59:59+01:00"`},
		{name: "date string", value: "2025-12-31", want: `"2025-12-31"`},
		{name: "MCP form", value: "2027-01-01 00:00:00", want: `"2027-01-01 00:00:00"`},
		{name: "empty clears", value: "", want: `""`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "epoch int", value: 1767225599, err: "the API refuses epoch numbers (422)"},
		{name: "epoch float from JSON", value: 1767225599.0, err: "the API refuses epoch numbers"},
		{name: "US date", value: "12/31/2025", err: `"12/31/2025" is not a date in a form the API documents`},
		{name: "impossible date", value: "2025-02-30", err: "is not a date"},
		{name: "zero time", value: time.Time{}, err: "the zero time.Time (pass nil to clear the field)"},
		{name: "year beyond RFC 3339", value: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), err: "the year 10000 has no RFC 3339 form"},
		{name: "bool", value: true, err: "true is not a date"},
	})
}

func TestEncodeFieldValues_Radio(t *testing.T) {
	runValueCases(t, radioDef, []valueCase{
		{name: "text", value: "Paid", want: `"Paid"`},
		{name: "text 0 is an option", value: "0", want: `"0"`},
		{name: "id maps to text", value: 2, want: `"Unpaid"`},
		{name: "id from JSON", value: 1.0, want: `"Paid"`},
		{name: "empty clears", value: "", want: `""`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "case differs: the server compares with ==", value: "paid", err: `"paid" is not an option; the server compares texts exactly, did you mean "Paid"?`},
		{name: "space differs", value: " Paid", err: `did you mean "Paid"?`},
		{name: "unknown lists the options", value: "Refunded", err: `"Refunded" is not an option; a radio field takes one option's exact text or its id, or nil to clear it, of "Paid" (id 1), "Unpaid" (id 2), "0" (id 3)`},
		{name: "unknown id", value: 9, err: "no option has the id 9"},
		{name: "fractional id", value: 1.5, err: "the number 1.5 is neither an option's text nor its id"},
		{name: "object form is dropdown's", value: map[string]any{"id": 1, "text": "Paid"}, err: "a map of 2 entries is neither"},
		{name: "list", value: []string{"Paid"}, err: "a list of 1 items is neither"},
	})
}

func TestEncodeFieldValues_Dropdown(t *testing.T) {
	runValueCases(t, dropdownDef, []valueCase{
		{name: "text", value: "Gold", want: `{"id":3,"text":"Gold"}`},
		{name: "id", value: 2, want: `{"id":2,"text":"Silver"}`},
		{name: "json.Number id", value: json.Number("1"), want: `{"id":1,"text":"Bronze"}`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "case differs", value: "gold", err: `did you mean "Gold"?`},
		{name: "unknown", value: "Platinum", err: `"Platinum" is not an option; a dropdown field takes one option's exact text or its id, or nil to clear it, of "Bronze" (id 1), "Silver" (id 2), "Gold" (id 3)`},
		{name: "empty string is no option", value: "", err: `"" is not an option`},
		{name: "unknown id", value: 4, err: "no option has the id 4"},
		{name: "list", value: []any{"Gold"}, err: "a list of 1 items is neither"},
	})
	t.Run("shared text needs the id", func(t *testing.T) {
		d := fieldDef{ID: dropdownDef.ID, Label: "Tier", Type: "dropdown", Options: opts("Gold", "Gold")}
		runValueCases(t, d, []valueCase{
			{name: "text", value: "Gold", err: `"Gold" names 2 options (ids 1, 2); pass the id`},
			{name: "id", value: 2, want: `{"id":2,"text":"Gold"}`},
		})
	})
	t.Run("option without id", func(t *testing.T) {
		d := fieldDef{ID: dropdownDef.ID, Label: "Tier", Type: "dropdown", Options: []gen.FieldOption{{Text: "Gold"}}}
		runValueCases(t, d, []valueCase{{name: "text", value: "Gold", err: `option "Gold" has no id in the field's definition`}})
	})
	t.Run("no options", func(t *testing.T) {
		d := fieldDef{ID: dropdownDef.ID, Label: "Tier", Type: "dropdown"}
		runValueCases(t, d, []valueCase{{name: "text", value: "Gold", err: "the field has no options in its definition"}})
	})
}

func TestEncodeFieldValues_Multiselect(t *testing.T) {
	runValueCases(t, multiDef, []valueCase{
		{name: "texts in the caller's order", value: []string{"Blue", "Red"},
			want: `[{"id":3,"text":"Blue","selected":true},{"id":1,"text":"Red","selected":true}]`},
		{name: "decoded JSON mixes texts and ids", value: []any{"Green", 3.0},
			want: `[{"id":2,"text":"Green","selected":true},{"id":3,"text":"Blue","selected":true}]`},
		{name: "ints", value: []int{2}, want: `[{"id":2,"text":"Green","selected":true}]`},
		{name: "one string is one choice", value: "Red", want: `[{"id":1,"text":"Red","selected":true}]`},
		{name: "one id is one choice", value: 1, want: `[{"id":1,"text":"Red","selected":true}]`},
		{name: "empty list clears", value: []string{}, want: `[]`},
		{name: "nil slice clears", value: []string(nil), want: `[]`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "unknown item", value: []string{"Red", "Mauve"}, err: `item 2: "Mauve" is not an option; a multiselect field takes a list of option texts or ids (or one), or nil to clear it, of "Red" (id 1), "Green" (id 2), "Blue" (id 3)`},
		{name: "unknown single", value: "Mauve", err: `"Mauve" is not an option`},
		{name: "duplicate by text and id", value: []any{"Red", 1}, err: `items 1 and 2 both choose option "Red"`},
		{name: "nested list", value: []any{[]any{"Red"}}, err: "item 1: a list of 1 items is neither"},
		{name: "map", value: map[string]bool{"Red": true}, err: "a map of 1 entries is neither"},
	})
}

func TestEncodeFieldValues_Table(t *testing.T) {
	runValueCases(t, tableDef, []valueCase{
		{name: "one cell per column", value: []string{"Widget", "3"}, want: `["Widget","3"]`},
		{name: "decoded JSON", value: []any{"Widget", "3"}, want: `["Widget","3"]`},
		{name: "map in column order", value: map[string]string{"Qty": "3", "Item": "Widget"}, want: `["Widget","3"]`},
		{name: "map keys ignore case", value: map[string]any{" qty ": "3", "ITEM": "Widget"}, want: `["Widget","3"]`},
		{name: "missing column is an empty cell", value: map[string]string{"Item": "Widget"}, want: `["Widget",""]`},
		{name: "nil is refused", value: nil, err: "leave the key out to leave a table empty; a table field takes"},
		{name: "empty list", value: []string{}, err: `an empty table: the API refuses it (422 "Invalid table field"); leave the key out`},
		{name: "nil slice", value: []string(nil), err: "an empty table"},
		{name: "empty map", value: map[string]string{}, err: "an empty table"},
		{name: "too few cells", value: []string{"Widget"}, err: `1 cells for 2 columns: the API needs exactly one per column; a table field takes a []string of exactly 2 cells in column order, or a map[string]string keyed by column label, of "Item", "Qty"`},
		{name: "too many cells", value: []string{"a", "b", "c"}, err: "3 cells for 2 columns"},
		{name: "number cell", value: []any{"Widget", 3.0}, err: "cell 2 is the number 3; cells are strings"},
		{name: "unknown column", value: map[string]string{"Price": "9"}, err: `column key "Price" is no column's label`},
		{name: "two keys one column", value: map[string]string{"Item": "a", "item": "b"}, err: `keys "Item" and "item" both name column "Item"`},
		{name: "a string", value: "Widget, 3", err: `"Widget, 3" is not a list of cells or a map of columns`},
	})
	t.Run("no columns", func(t *testing.T) {
		d := fieldDef{ID: tableDef.ID, Label: "Line item", Type: "table"}
		runValueCases(t, d, []valueCase{{name: "cells", value: []string{"a"}, err: "cannot fill a table without columns"}})
	})
	t.Run("shared column label", func(t *testing.T) {
		d := fieldDef{ID: tableDef.ID, Label: "Line item", Type: "table", Columns: cols("Item", "Item")}
		runValueCases(t, d, []valueCase{
			{name: "map", value: map[string]string{"Item": "a"}, err: `column key "Item" names several columns; pass a []string`},
			{name: "list", value: []string{"a", "b"}, want: `["a","b"]`},
		})
	})
}

func TestEncodeFieldValues_File(t *testing.T) {
	runValueCases(t, fileDef, []valueCase{
		{name: "URL string is a list of one link", value: "https://example.com/docs/contract%20v2.pdf?dl=1",
			want: `[{"filename":"contract v2.pdf","source":"url","url":"https://example.com/docs/contract%20v2.pdf?dl=1"}]`},
		{name: "URL without a path is named by its host", value: "http://example.com", want: `[{"filename":"example.com","source":"url","url":"http://example.com"}]`},
		{name: "File link with a name", value: File{URL: "https://x.org/a", Filename: "A.pdf"}, want: `[{"filename":"A.pdf","source":"url","url":"https://x.org/a"}]`},
		{name: "uploaded file", value: File{ID: "f00d", Filename: "scan.png"}, want: `[{"id":"f00d","filename":"scan.png"}]`},
		{name: "uploaded file without a name", value: &File{ID: "f00d"}, want: `[{"id":"f00d"}]`},
		{name: "several", value: []File{{ID: "f1"}, {URL: "https://x.org/b.txt"}}, want: `[{"id":"f1"},{"filename":"b.txt","source":"url","url":"https://x.org/b.txt"}]`},
		{name: "empty list clears", value: []File{}, want: `[]`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "neither id nor URL", value: File{Filename: "x"}, err: "a File needs an ID (an uploaded file) or a URL (a link); a file field takes a tallyfy.File"},
		{name: "both", value: File{ID: "f1", URL: "https://x.org/a"}, err: "a File has both an ID and a URL"},
		{name: "relative URL", value: "/docs/a.pdf", err: "the URL is not an absolute http or https URL"},
		{name: "other scheme", value: "ftp://x.org/a", err: "is not an absolute http or https URL"},
		{name: "javascript URL", value: File{URL: "javascript:alert(1)"}, err: "is not an absolute http or https URL"},
		{name: "space in URL", value: "https://x.org/a b", err: "is not an absolute http or https URL"},
		{name: "bad id", value: File{ID: "../x"}, err: `file id "../x" is not an id`},
		{name: "second of several", value: []File{{ID: "f1"}, {}}, err: "file 2: a File needs an ID"},
		{name: "number", value: 3, err: "the number 3 is not a file"},
		{name: "control character in name", value: File{ID: "f1", Filename: "a\u202eb"}, err: "the filename contains a control or format character"},
	})
}

func TestEncodeFieldValues_Assignees(t *testing.T) {
	runValueCases(t, assigneesDef, []valueCase{
		{name: "all three buckets, empty ones as []", value: Assignees{Users: []int{1001}},
			want: `{"users":[1001],"guests":[],"groups":[]}`},
		{name: "every bucket", value: &Assignees{Users: []int{1, 2}, Guests: []string{"ann@example.com"}, Groups: []string{"g1"}},
			want: `{"users":[1,2],"guests":["ann@example.com"],"groups":["g1"]}`},
		{name: "guests alone are the server's to judge", value: Assignees{Guests: []string{"ann@example.com"}},
			want: `{"users":[],"guests":["ann@example.com"],"groups":[]}`},
		{name: "no one", value: Assignees{}, want: `{"users":[],"guests":[],"groups":[]}`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "bad user id", value: Assignees{Users: []int{0}}, err: "user 1 of 1 has the id 0; user ids are positive"},
		{name: "guest not an address, not shown", value: Assignees{Guests: []string{"ok@x.org", "Bob <bob@x.org>"}}, err: "guest 2 of 2 is not one bare email address"},
		{name: "bad group", value: Assignees{Groups: []string{"a,b"}}, err: `group 1 of 1, "a,b", is not a group id`},
		{name: "a map", value: map[string]any{"users": []any{1.0}}, err: "a map of 1 entries is not a tallyfy.Assignees"},
	})
}

func TestEncodeFieldValues_UnknownTypeTakesScalars(t *testing.T) {
	runValueCases(t, otherDef, []valueCase{
		{name: "string", value: "Ann", want: `"Ann"`},
		{name: "number", value: 2, want: `2`},
		{name: "bool", value: false, want: `false`},
		{name: "nil clears", value: nil, want: `null`},
		{name: "list", value: []string{"a"}, err: `field type "signature" is not one the client knows, so it takes only a string, number or boolean`},
		{name: "File", value: File{ID: "f1"}, err: "a tallyfy.File is not a string, number or boolean"},
	})
}

func TestAssignees_MarshalJSONSendsAllThreeBuckets(t *testing.T) {
	for _, tc := range []struct {
		a    Assignees
		want string
	}{
		{Assignees{}, `{"users":[],"guests":[],"groups":[]}`},
		{Assignees{Groups: []string{"g"}}, `{"users":[],"guests":[],"groups":["g"]}`},
	} {
		got, err := json.Marshal(tc.a)
		if err != nil || string(got) != tc.want {
			t.Errorf("json.Marshal(%+v) = %s, %v; want %s", tc.a, got, err, tc.want)
		}
		got, _ = json.Marshal(&tc.a)
		if string(got) != tc.want {
			t.Errorf("json.Marshal(&%+v) = %s; want %s", tc.a, got, tc.want)
		}
	}
}

// keyDefs share labels and aliases on purpose.
var keyDefs = []fieldDef{
	{ID: "b0000000000000000000000000000001", Alias: "customer_name", Label: "Customer", Type: "text"},
	{ID: "b0000000000000000000000000000002", Alias: "notes", Label: "Notes", Type: "text"},
	{ID: "b0000000000000000000000000000003", Label: "Region", Type: "text"},
	{ID: "b0000000000000000000000000000004", Label: "Region", Type: "text"},
	{ID: "b0000000000000000000000000000005", Alias: "owner", Label: "Account owner", Type: "text"},
	{ID: "b0000000000000000000000000000006", Label: "owner", Type: "text"},
	{ID: "b0000000000000000000000000000007", Label: "Priority", Type: "text"},
	{ID: "b0000000000000000000000000000008", Label: "priority ", Type: "text"},
	{ID: "b0000000000000000000000000000009", Label: "Due date", Type: "text"},
}

func TestEncodeFieldValues_KeyResolution(t *testing.T) {
	cases := []struct {
		name, key string
		id        string // the field the value goes under; "" when refused
		err       string
	}{
		{"id", "b0000000000000000000000000000003", "b0000000000000000000000000000003", ""},
		{"alias", "customer_name", "b0000000000000000000000000000001", ""},
		{"label", "Customer", "b0000000000000000000000000000001", ""},
		{"exact label beats a case-insensitive one", "Priority", "b0000000000000000000000000000007", ""},
		{"label ignoring case and space", "  DUE DATE ", "b0000000000000000000000000000009", ""},
		{"case-insensitive alias is no match", "CUSTOMER_NAME", "", `key "CUSTOMER_NAME" matches no field's id, alias or label, and the API would drop its value silently; the fields are "b0000000000000000000000000000001" ("Customer"), `},
		{"shared label", "Region", "", `key "Region" is ambiguous: it names 2 fields (ids "b0000000000000000000000000000003", "b0000000000000000000000000000004"); use the field's id`},
		{"alias of one, label of another", "owner", "", `key "owner" is ambiguous: it names 2 fields (ids "b0000000000000000000000000000005", "b0000000000000000000000000000006")`},
		{"case-insensitive label shared", "PRIORITY", "", `key "PRIORITY" is ambiguous: it names 2 fields (ids "b0000000000000000000000000000007", "b0000000000000000000000000000008")`},
		{"unknown", "Budget", "", `key "Budget" matches no field's id`},
		{"empty key", "", "", `key "" matches no field's id`},
		{"blank key", "  ", "", `key "  " matches no field's id`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := encodeFieldValues(formName, keyDefs, map[string]any{tc.key: "v"}, false)
			if tc.id != "" {
				if err != nil || len(out) != 1 || string(out[tc.id]) != `"v"` {
					t.Fatalf("out = %v, err = %v; want the value under %s", out, err, tc.id)
				}
				return
			}
			if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v\nwant ErrInvalidArgument containing %q", err, tc.err)
			}
		})
	}
}

func TestEncodeFieldValues_UnknownKeyListsBoundedKnownKeys(t *testing.T) {
	defs := make([]fieldDef, 25)
	for i := range defs {
		defs[i] = fieldDef{ID: strings.Repeat("c", 31) + string(rune('a'+i%6)), Label: strings.Repeat("L", 200), Type: "text"}
	}
	_, err := encodeFieldValues(formName, defs, map[string]any{"nope": 1}, false)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "and 15 more") || strings.Contains(msg, strings.Repeat("L", 65)) {
		t.Errorf("error not bounded: %s", msg)
	}
}

func TestEncodeFieldValues_TwoKeysForOneField(t *testing.T) {
	_, err := encodeFieldValues(formName, keyDefs, map[string]any{"Customer": "a", "customer_name": "b"}, false)
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(),
		`keys "Customer" and "customer_name" both name field "Customer" (id "b0000000000000000000000000000001"); give one`) {
		t.Fatalf("err = %v", err)
	}
}

func TestEncodeFieldValues_FieldWithoutIDIsRefused(t *testing.T) {
	_, err := encodeFieldValues(formName, []fieldDef{{Label: "X", Type: "text"}}, map[string]any{"X": "v"}, false)
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "the field has no id in its definition") {
		t.Fatalf("err = %v", err)
	}
}

func TestEncodeFieldValues_Required(t *testing.T) {
	defs := []fieldDef{
		{ID: "d0000000000000000000000000000001", Label: "Name", Type: "text", Required: true},
		{ID: "d0000000000000000000000000000002", Label: "Tags", Type: "multiselect", Required: true, Options: opts("A")},
		{ID: "d0000000000000000000000000000003", Label: "Note", Type: "text"},
		{ID: "d0000000000000000000000000000004", Label: "Who", Type: "assignees_form", Required: true},
	}
	full := map[string]any{"Name": "x", "Tags": "A", "Who": Assignees{Users: []int{1}}}
	cases := []struct {
		name          string
		values        map[string]any
		checkRequired bool
		err           string // "" when accepted
	}{
		{"all required given", full, true, ""},
		{"optional left out", full, true, ""},
		{"missing at launch", map[string]any{"Tags": "A", "Who": Assignees{Users: []int{1}}}, true,
			`required field "Name" (id "d0000000000000000000000000000001", type "text") has no value`},
		{"nil at launch", map[string]any{"Name": nil, "Tags": "A", "Who": Assignees{Users: []int{1}}}, true,
			`key "Name" (field "Name", type "text"): the field is required and the value leaves it empty`},
		{"blank at launch", map[string]any{"Name": "  ", "Tags": "A", "Who": Assignees{Users: []int{1}}}, true, "the field is required and the value leaves it empty"},
		{"empty list at launch", map[string]any{"Name": "x", "Tags": []string{}, "Who": Assignees{Users: []int{1}}}, true, `key "Tags"`},
		{"no assignee at launch", map[string]any{"Name": "x", "Tags": "A", "Who": Assignees{}}, true, `key "Who"`},
		{"missing on a task update", map[string]any{"Note": "n"}, false, ""},
		{"nil on a task update clears", map[string]any{"Name": nil}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := encodeFieldValues(formName, defs, tc.values, tc.checkRequired)
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v\nwant %q", err, tc.err)
			}
		})
	}
}

func TestEncodeFieldValues_ReportsEveryRefusalInKeyOrder(t *testing.T) {
	defs := []fieldDef{textareaDef, dateDef, {ID: "e0000000000000000000000000000001", Label: "Must", Type: "text", Required: true}}
	values := map[string]any{"Notes": 1, "Due": 2, "zzz": 3, "Also unknown": 4}
	_, err := encodeFieldValues(formName, defs, values, true)
	if !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	order := []string{"5 refusals: [1]", `key "Also unknown"`, `key "Due"`, `key "Notes"`, `key "zzz"`, `required field "Must"`}
	at := 0
	for _, part := range order {
		i := strings.Index(msg[at:], part)
		if i < 0 {
			t.Fatalf("%q missing or out of order in\n%s", part, msg)
		}
		at += i
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error spans lines: %q", msg)
	}
	_, again := encodeFieldValues(formName, defs, values, true)
	if again.Error() != msg {
		t.Errorf("message differs between calls:\n%s\n%s", msg, again)
	}
}

func TestEncodeFieldValues_RefusalsAreBounded(t *testing.T) {
	values := map[string]any{}
	for i := range 30 {
		values[strings.Repeat("k", 1000)+string(rune('A'+i))] = strings.Repeat("v", 10000)
	}
	values["Customer"] = strings.Repeat("\u202e", 1000) // a long value no field takes
	_, err := encodeFieldValues(formName, []fieldDef{{ID: "f0000000000000000000000000000001", Label: "Customer", Type: "email"}}, values, false)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if len(msg) > 16<<10 || !strings.Contains(msg, "31 refusals") || !strings.Contains(msg, "[and 21 more]") ||
		strings.ContainsRune(msg, '\u202e') || strings.Contains(msg, strings.Repeat("v", 65)) {
		t.Errorf("unbounded or unsafe error (%d bytes): %.600s", len(msg), msg)
	}
}

func TestEncodeFieldValues_NothingToSend(t *testing.T) {
	out, err := encodeFieldValues(formName, nil, nil, true)
	if err != nil || out == nil || len(out) != 0 {
		t.Fatalf("out = %v, err = %v; want an empty map", out, err)
	}
}

func TestEncodeFieldValues_MarshalsIntoTheRequestBody(t *testing.T) {
	defs := []fieldDef{textDef, dropdownDef, multiDef, tableDef}
	out, err := encodeFieldValues(formName, defs, map[string]any{
		"Customer": "Acme", "Tier": "Gold", "Colours": []string{"Red"}, "Line item": []string{"W", "1"},
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"prerun": out})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"prerun":{"a0000000000000000000000000000001":"Acme","a0000000000000000000000000000006":{"id":3,"text":"Gold"},` +
		`"a0000000000000000000000000000007":[{"id":1,"text":"Red","selected":true}],"a0000000000000000000000000000008":["W","1"]}}`
	if string(body) != want {
		t.Errorf("body = %s\nwant   %s", body, want)
	}
}

func TestFieldDefs_FromGeneratedTypes(t *testing.T) {
	o := opts("A")
	c := cols("C")
	ko := kickoffFieldDefs([]gen.KickoffField{
		{ID: "k1", Alias: ptr("al"), Label: "L", FieldType: "radio", Required: ptr(true), Options: &o, Columns: &c},
		{ID: "k2", Label: "M", FieldType: "text"},
	})
	ff := formFieldDefs([]gen.FormField{
		{ID: "k1", Alias: ptr("al"), Label: "L", FieldType: "radio", Required: ptr(true), Options: &o, Columns: &c},
		{ID: "k2", Label: "M", FieldType: "text"},
	})
	want := []fieldDef{
		{ID: "k1", Alias: "al", Label: "L", Type: "radio", Required: true, Options: o, Columns: c},
		{ID: "k2", Label: "M", Type: "text"},
	}
	for name, got := range map[string][]fieldDef{"kickoff": ko, "form": ff} {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if !bytes.Equal(g, w) {
			t.Errorf("%s: %s\nwant %s", name, g, w)
		}
	}
}

// FuzzEncodeFieldValues: no definitions and values (as decoded JSON, with
// and without UseNumber) make the encoder panic; it either refuses with
// ErrInvalidArgument in one line, or sends valid JSON under the ids of the
// fields.
func FuzzEncodeFieldValues(f *testing.F) {
	defs, _ := json.Marshal([]gen.KickoffField{
		{ID: radioDef.ID, Label: "Paid?", FieldType: "radio", Options: ptr(opts("Paid", "0")), Required: ptr(true)},
		{ID: dropdownDef.ID, Alias: ptr("tier"), Label: "Tier", FieldType: "dropdown", Options: ptr(opts("Gold", "Gold"))},
		{ID: multiDef.ID, Label: "Colours", FieldType: "multiselect", Options: ptr(opts("Red", "Blue"))},
		{ID: tableDef.ID, Label: "Line", FieldType: "table", Columns: ptr(cols("Item", "Qty"))},
		{ID: textDef.ID, Label: "Tier", FieldType: "text"},
		{ID: "", Label: "", FieldType: "date"},
	})
	for _, v := range []string{`{}`, `{"Paid?":"Paid"}`, `{"tier":1,"Colours":["Red",2,"Red"]}`, `{"Line":{"item":"a","QTY":"1"}}`,
		`{"Line":["a"]}`, `{"Tier":null,"":"2025-01-01"}`, `{"x":1e400}`, `{"Colours":[[[]]],"Paid?":0}`, `{"line ":[]}`} {
		f.Add(defs, []byte(v))
	}
	f.Add([]byte(`[{"id":"a","label":"A","field_type":"file"},{"id":"b","label":"B","field_type":"assignees_form"}]`), []byte(`{"A":"https://x/y","B":{}}`))
	f.Fuzz(func(t *testing.T, defsJSON, valuesJSON []byte) {
		var fields []gen.KickoffField
		if json.Unmarshal(defsJSON, &fields) != nil {
			return
		}
		defs := kickoffFieldDefs(fields)
		for _, useNumber := range []bool{false, true} {
			dec := json.NewDecoder(bytes.NewReader(valuesJSON))
			if useNumber {
				dec.UseNumber()
			}
			var values map[string]any
			if dec.Decode(&values) != nil {
				return
			}
			for _, check := range []bool{false, true} {
				out, err := encodeFieldValues("form", defs, values, check)
				if err != nil {
					if !errors.Is(err, ErrInvalidArgument) || strings.ContainsAny(err.Error(), "\n\r") || !utf8.ValidString(err.Error()) {
						t.Fatalf("bad refusal: %q", err)
					}
					continue
				}
				if len(out) > len(values) {
					t.Fatalf("%d values sent for %d given", len(out), len(values))
				}
				for id, raw := range out {
					known := false
					for _, d := range defs {
						known = known || d.ID == id && id != ""
					}
					if !known || !json.Valid(raw) {
						t.Fatalf("sent %s under %q", raw, id)
					}
				}
			}
		}
	})
}

// Addresses are personal data, and a file link may carry a token.
func TestEncodeFieldValues_AddressesAndLinksAreNotShown(t *testing.T) {
	for def, v := range map[*fieldDef]any{
		&emailDef:     "Ann Secret <ann@secret.org>",
		&assigneesDef: Assignees{Guests: []string{"ann at secret.org"}},
		&fileDef:      "ftp://x.org/a?token=secret",
	} {
		_, err := encodeFieldValues(formName, []fieldDef{*def}, map[string]any{def.Label: v}, false)
		if !errors.Is(err, ErrInvalidArgument) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: err = %v", def.Type, err)
		}
	}
}

// Invalid UTF-8 in any text a value carries is refused, naming the field:
// json.Marshal would send it with U+FFFD in place of each bad byte. Texts
// that must match one the API sent (an option, a column, a date form) are
// refused as matching nothing.
func TestEncodeFieldValues_InvalidUTF8IsRefusedForEveryType(t *testing.T) {
	const bad = "a\xffb"
	cases := []struct {
		def   fieldDef
		value any
	}{
		{textDef, bad},
		{textareaDef, bad},
		{emailDef, bad + "@example.com"},
		{dateDef, "2025-12-31" + bad},
		{radioDef, bad},
		{dropdownDef, bad},
		{multiDef, []string{"Red", bad}},
		{tableDef, []string{bad, "3"}},
		{tableDef, map[string]string{"Item": bad, "Qty": "3"}},
		{tableDef, map[string]string{bad: "Widget", "Qty": "3"}},
		{fileDef, File{ID: "f1", Filename: bad}},
		{fileDef, File{URL: "https://files.example/" + bad}},
		{fileDef, "https://files.example/" + bad},
		{assigneesDef, Assignees{Guests: []string{bad + "@example.com"}}},
		{otherDef, bad},
	}
	for _, tc := range cases {
		out, err := encodeFieldValues(formName, []fieldDef{tc.def}, map[string]any{tc.def.Label: tc.value}, false)
		if !errors.Is(err, ErrInvalidArgument) || out != nil || !strings.Contains(err.Error(), `key "`+tc.def.Label+`"`) {
			t.Errorf("%s %#v: err = %v, out = %v; want ErrInvalidArgument naming the key", tc.def.Type, tc.value, err, out)
		}
	}
	// A key that is not valid UTF-8 names no field.
	if _, err := encodeFieldValues(formName, []fieldDef{textDef}, map[string]any{bad: "x"}, false); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("invalid key: err = %v", err)
	}
}
