package conformance_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// An operation of the spec, as the suite derives everything from it: nothing
// in this package lists operations by hand.
type operation struct {
	ID, Method, Path string
	Op               *openapi3.Operation
}

// operations are every operation of api/openapi.yaml, sorted by id.
func operations(t testing.TB) []operation {
	t.Helper()
	var out []operation
	for path, item := range loadSpec(t).Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, operation{ID: op.OperationID, Method: method, Path: path, Op: op})
		}
	}
	slices.SortFunc(out, func(a, b operation) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// isList reports an operation whose success body is a list ({"data": [...]}).
func (o operation) isList() bool {
	for code, r := range o.Op.Responses.Map() {
		if !strings.HasPrefix(code, "2") || r.Value == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			if data := mt.Schema.Value.Properties["data"]; data != nil && data.Value != nil && data.Value.Type.Is("array") {
				return true
			}
		}
	}
	return false
}

// wrapper is the wrapper method a caller uses for one call of the operation:
// the operationId capitalized (getRun → GetRun), and for a list its page
// method (listRuns → ListRunsPage).
func (o operation) wrapper() string {
	name := strings.ToUpper(o.ID[:1]) + o.ID[1:]
	if o.isList() {
		name += "Page"
	}
	return name
}

// call calls the operation through the SDK with id for every path id and no
// options, by reflection on the method's signature: (ctx, ids..., *Options).
func (o operation) call(ctx context.Context, c *tallyfy.Client, id string) error {
	m := reflect.ValueOf(c).MethodByName(o.wrapper())
	if !m.IsValid() {
		return fmt.Errorf("no method Client.%s", o.wrapper())
	}
	args := []reflect.Value{reflect.ValueOf(ctx)}
	for i := 1; i < m.Type().NumIn(); i++ {
		in := m.Type().In(i)
		switch in.Kind() {
		case reflect.String:
			args = append(args, reflect.ValueOf(id))
		case reflect.Pointer:
			args = append(args, reflect.Zero(in))
		default:
			return fmt.Errorf("Client.%s: argument %d is a %s, not an id or options", o.wrapper(), i, in)
		}
	}
	out := m.Call(args)
	if err, _ := out[len(out)-1].Interface().(error); err != nil {
		return err
	}
	return nil
}

// TestEveryOperationIsCovered is the recipe's check (CONTRIBUTING.md): each
// operation of the spec has a wrapper method (and, for a list, its iterator),
// an example in api/examples for each documented status, and a handler in the
// generated server interface the fake implements. Adding an operation to the
// spec fails here, naming it, until all three exist.
func TestEveryOperationIsCovered(t *testing.T) {
	client := reflect.TypeFor[*tallyfy.Client]()
	server := reflect.TypeFor[gen.ServerInterface]()
	files, err := filepath.Glob("../api/examples/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range operations(t) {
		name := strings.ToUpper(o.ID[:1]) + o.ID[1:]
		if _, ok := client.MethodByName(o.wrapper()); !ok {
			t.Errorf("%s: no wrapper method Client.%s", o.ID, o.wrapper())
		}
		if _, ok := client.MethodByName(name); o.isList() && !ok {
			t.Errorf("%s: no iterator Client.%s", o.ID, name)
		}
		if _, ok := server.MethodByName(name); !ok {
			t.Errorf("%s: no %s in gen.ServerInterface, which tallyfytest implements", o.ID, name)
		}
		for code := range o.Op.Responses.Map() {
			prefix := o.ID + "." + code + "."
			if !slices.ContainsFunc(files, func(f string) bool {
				base := filepath.Base(f)
				return strings.HasPrefix(base, prefix) || base == o.ID+"."+code+".json"
			}) {
				t.Errorf("%s: no example for %s in api/examples (%s*.json)", o.ID, code, prefix)
			}
		}
	}
}

// TestExamplesNameAnOperation: every file in api/examples belongs to an
// operation and status of the spec, so none is left behind by a rename.
func TestExamplesNameAnOperation(t *testing.T) {
	byID := map[string]operation{}
	for _, o := range operations(t) {
		byID[o.ID] = o
	}
	files, _ := filepath.Glob("../api/examples/*.json")
	for _, f := range files {
		parts := strings.SplitN(strings.TrimSuffix(filepath.Base(f), ".json"), ".", 3)
		o, ok := byID[parts[0]]
		if !ok || len(parts) < 2 || o.Op.Responses.Value(parts[1]) == nil {
			t.Errorf("%s: names no operation and documented status of the spec", filepath.Base(f))
		}
	}
	if _, err := os.Stat("../api/examples"); err != nil {
		t.Fatal(err)
	}
}
