package shape_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tallyfy-go/sdk/v2/shape"
)

type step struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func TestObject_DecodesEveryDocumentedShape(t *testing.T) {
	tests := []struct {
		name, in            string
		zero, empty, object bool
		member              string // the value of "k", when there is one
		out                 string // MarshalJSON
	}{
		{"object", `{"k":"v"}`, false, false, true, `"v"`, `{"k":"v"}`},
		{"empty object", `{}`, false, true, true, "", `{}`},
		{"PHP empty array", `[ ]`, false, true, true, "", `{}`},
		{"null", `null`, true, true, true, "", `{}`},
		{"list of field objects", `[{"id":"a","value":1}]`, false, false, false, "", `[{"id":"a","value":1}]`},
		{"scalar", `"text"`, false, false, false, "", `"text"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o shape.Object
			if err := json.Unmarshal([]byte(tt.in), &o); err != nil {
				t.Fatalf("a free-form value must never fail: %v", err)
			}
			if o.IsZero() != tt.zero || o.IsEmpty() != tt.empty || o.IsObject() != tt.object {
				t.Errorf("zero/empty/object = %v/%v/%v, want %v/%v/%v", o.IsZero(), o.IsEmpty(), o.IsObject(), tt.zero, tt.empty, tt.object)
			}
			if v, ok := o.Get("k"); string(v) != tt.member || ok != (tt.member != "") {
				t.Errorf("Get(k) = %s, %v", v, ok)
			}
			if _, err := o.Map(); tt.object == (err != nil) || (!tt.object && !errors.Is(err, shape.ErrNotObject)) {
				t.Errorf("Map error = %v", err)
			}
			if b, _ := json.Marshal(o); string(b) != tt.out {
				t.Errorf("MarshalJSON = %s, want %s", b, tt.out)
			}
		})
	}
}

func TestObject_KeepsNoReferenceToTheDecoderBuffer(t *testing.T) {
	buf := []byte(`{"k":"v"}`)
	var o shape.Object
	if err := o.UnmarshalJSON(buf); err != nil {
		t.Fatal(err)
	}
	copy(buf, `{"k":"X"}`)
	if v, _ := o.Get("k"); string(v) != `"v"` {
		t.Errorf("the object changed with the decoder's buffer: %s", v)
	}
}

func TestList_WrappedOrBare(t *testing.T) {
	tests := []struct{ name, in, first string }{
		{"Fractal-wrapped", `{"data":[{"id":"a","title":"A"}]}`, "A"},
		{"bare", `[{"id":"a","title":"A"}]`, "A"},
		{"wrapped empty", `{"data":[]}`, ""},
		{"bare empty", `[]`, ""},
		{"data null", `{"data":null}`, ""},
		{"null", `null`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l shape.List[step]
			if err := json.Unmarshal([]byte(tt.in), &l); err != nil {
				t.Fatal(err)
			}
			if tt.first != "" && (len(l) != 1 || l[0].Title != tt.first) {
				t.Errorf("list = %+v", l)
			}
			if b, _ := json.Marshal(l); tt.first != "" && string(b) != `{"data":[{"id":"a","title":"A"}]}` {
				t.Errorf("MarshalJSON = %s, want the Fractal form", b)
			}
			var a shape.Array[step]
			if err := json.Unmarshal([]byte(tt.in), &a); err != nil || len(a) != len(l) {
				t.Fatalf("Array = %+v, %v; want what List decodes", a, err)
			}
			if b, _ := json.Marshal(a); tt.first != "" && string(b) != `[{"id":"a","title":"A"}]` {
				t.Errorf("Array MarshalJSON = %s, want the bare form", b)
			}
		})
	}
	for _, bad := range []string{`"none"`, `5`, `true`} {
		var l shape.List[step]
		var typeErr *json.UnmarshalTypeError
		if err := json.Unmarshal([]byte(bad), &l); !errors.As(err, &typeErr) {
			t.Errorf("%s: err = %v, want a type error", bad, err)
		}
	}
}

func TestItem_WrappedOrBare(t *testing.T) {
	for _, in := range []string{`{"data":{"id":"a","title":"A"}}`, `{"id":"a","title":"A"}`} {
		var it shape.Item[step]
		if err := json.Unmarshal([]byte(in), &it); err != nil || it.Data.Title != "A" {
			t.Errorf("%s: %+v, %v", in, it, err)
		}
	}
	var it shape.Item[step]
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal([]byte(`["a"]`), &it); !errors.As(err, &typeErr) {
		t.Errorf("a list is not an item: err = %v", err)
	}
}

func TestUserRef_IDOrObject(t *testing.T) {
	tests := []struct {
		in          string
		id          int
		name, email string
		out         string
	}{
		{`1002`, 1002, "", "", `1002`},
		{`"1002"`, 1002, "", "", `1002`},
		{`{"id":1002,"full_name":"Alice Example","email":"a@example.com"}`, 1002, "Alice Example", "a@example.com", `{"id":1002,"full_name":"Alice Example","email":"a@example.com"}`},
		{`{"id":"1003","first_name":"Bob","last_name":"Example"}`, 1003, "Bob Example", "", `{"id":1003,"full_name":"Bob Example"}`},
	}
	for _, tt := range tests {
		var u shape.UserRef
		if err := json.Unmarshal([]byte(tt.in), &u); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if u.ID != tt.id || u.FullName != tt.name || u.Email != tt.email {
			t.Errorf("%s: %+v", tt.in, u)
		}
		if b, _ := json.Marshal(u); string(b) != tt.out {
			t.Errorf("%s: MarshalJSON = %s, want %s", tt.in, b, tt.out)
		}
	}
	for _, bad := range []string{`"bob"`, `true`, `[1]`, `{"id":"x"}`} {
		var u shape.UserRef
		if err := json.Unmarshal([]byte(bad), &u); err == nil {
			t.Errorf("%s decoded as %+v", bad, u)
		}
	}
}

func TestProgress_ObjectOrPercentage(t *testing.T) {
	var p shape.Progress
	if err := json.Unmarshal([]byte(`{"complete":1,"total":3,"percent":33.33}`), &p); err != nil || p != (shape.Progress{Complete: 1, Total: 3, Percent: 33.33, HasCounts: true}) {
		t.Errorf("object: %+v, %v", p, err)
	}
	if b, _ := json.Marshal(p); string(b) != `{"complete":1,"total":3,"percent":33.33}` {
		t.Errorf("object MarshalJSON = %s", b)
	}
	if err := json.Unmarshal([]byte(`75`), &p); err != nil || p != (shape.Progress{Percent: 75}) {
		t.Errorf("percentage: %+v, %v", p, err)
	}
	if b, _ := json.Marshal(p); string(b) != `75` {
		t.Errorf("percentage MarshalJSON = %s", b)
	}
	if err := json.Unmarshal([]byte(`"75%"`), &p); err == nil {
		t.Error(`"75%" decoded`)
	}
}

func TestLinks_ObjectNullMembersOrEmptyArray(t *testing.T) {
	tests := []struct{ in, prev, next, out string }{
		{`{"previous":"https://x/p1","next":"https://x/p3?a=1&b=2"}`, "https://x/p1", "https://x/p3?a=1&b=2", `{"previous":"https://x/p1","next":"https://x/p3?a=1&b=2"}`},
		{`{"previous":null,"next":null}`, "", "", `[]`},
		{`{}`, "", "", `[]`},
		{`[]`, "", "", `[]`},
		{`null`, "", "", `[]`},
	}
	for _, tt := range tests {
		var l shape.Links
		if err := json.Unmarshal([]byte(tt.in), &l); err != nil || l.Previous != tt.prev || l.Next != tt.next {
			t.Errorf("%s: %+v, %v", tt.in, l, err)
		}
		b, _ := l.MarshalJSON()
		if string(b) != tt.out {
			t.Errorf("%s: MarshalJSON = %s, want %s", tt.in, b, tt.out)
		}
	}
	var l shape.Links
	if err := json.Unmarshal([]byte(`"none"`), &l); err == nil {
		t.Error(`"none" decoded`)
	}
}

func TestRelations_SpellingsOtherThanTheAPIsTakeTheLongWay(t *testing.T) {
	var l shape.List[step]
	if err := json.Unmarshal([]byte(`{"data":[{"id":"a","title":"A"}],"meta":{"x":1}}`), &l); err != nil || len(l) != 1 || l[0].Title != "A" {
		t.Errorf("wrapped list with another member: %+v, %v", l, err)
	}
	if err := json.Unmarshal([]byte(`{ "data" : [ {"id":"b","title":"B"} ] }`), &l); err != nil || len(l) != 1 || l[0].Title != "B" {
		t.Errorf("wrapped list with spaces: %+v, %v", l, err)
	}
	var it shape.Item[step]
	if err := json.Unmarshal([]byte(`{"data":{"id":"a","title":"A"},"title":"bare"}`), &it); err != nil || it.Data.Title != "bare" {
		t.Errorf("an object with data and more is bare: %+v, %v", it, err)
	}
	if err := json.Unmarshal([]byte(`{ "data" : {"id":"c","title":"C"} }`), &it); err != nil || it.Data.Title != "C" {
		t.Errorf("wrapped item with spaces: %+v, %v", it, err)
	}
}
