package tallyfy_test

import (
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

func TestFieldRequired(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		p    *bool
		want bool
	}{{nil, false}, {&no, false}, {&yes, true}} {
		if got := tallyfy.FormFieldRequired(tallyfy.FormField{Required: tc.p}); got != tc.want {
			t.Errorf("FormFieldRequired(%v) = %v", tc.p, got)
		}
		if got := tallyfy.KickoffFieldRequired(tallyfy.KickoffField{Required: tc.p}); got != tc.want {
			t.Errorf("KickoffFieldRequired(%v) = %v", tc.p, got)
		}
	}
}
