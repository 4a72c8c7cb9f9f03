package tallyfy

// TEMPORARY: replaced by fields.go from the fields branch.

import (
	"encoding/json"

	"github.com/tallyfy-go/sdk/v2/gen"
)

type fieldDef struct {
	ID, Alias, Label, Type string
	Required               bool
	Options                []gen.FieldOption
	Columns                []gen.FieldColumn
}

func kickoffFieldDefs(fields []gen.KickoffField) []fieldDef { return nil }
func formFieldDefs(fields []gen.FormField) []fieldDef       { return nil }
func encodeFieldValues(what string, defs []fieldDef, values map[string]any, checkRequired bool) (map[string]json.RawMessage, error) {
	return nil, nil
}

// Assignees stub.
type Assignees struct {
	Users  []int
	Guests []string
	Groups []string
}
