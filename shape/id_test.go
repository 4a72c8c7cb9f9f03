package shape_test

import (
	"encoding/json"
	"testing"

	"github.com/tallyfy-go/sdk/v2/shape"
)

func TestID_StringOrInteger(t *testing.T) {
	tests := []struct{ in, want, out string }{
		{`"W1"`, "W1", `"W1"`},
		{`42`, "42", `42`},
		{`"42"`, "42", `42`},
		{`null`, "", `""`},
	}
	for _, tt := range tests {
		var id shape.ID
		if err := json.Unmarshal([]byte(tt.in), &id); err != nil || string(id) != tt.want {
			t.Errorf("%s: %q, %v", tt.in, id, err)
		}
		if b, _ := json.Marshal(id); string(b) != tt.out {
			t.Errorf("%s: MarshalJSON = %s, want %s", tt.in, b, tt.out)
		}
	}
	for _, in := range []string{`1.5`, `{}`, `[]`, `true`} {
		var id shape.ID
		if err := json.Unmarshal([]byte(in), &id); err == nil {
			t.Errorf("%s decoded as %q", in, id)
		}
	}
}
