package tallyfy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestEveryGeneratedEnumValueIsExported keeps enums.go in step with the
// spec: every constant the generator made for an include or filter type (a
// generated type named …Include or …Filter, so a new operation's own type
// is covered without listing it) has a constant of the same name here, so a
// value added to the spec is usable as tallyfy.X without importing gen.
func TestEveryGeneratedEnumValueIsExported(t *testing.T) {
	types := enumTypes(t, "../gen/tallyfy.gen.go")
	if len(types) == 0 {
		t.Fatal("no include or filter types in gen")
	}
	generated := constNames(t, "../gen/tallyfy.gen.go")
	exported := constNames(t, "enums.go")
	for name := range generated {
		for _, typ := range types {
			if strings.HasPrefix(name, typ) && !exported[name] {
				t.Errorf("gen.%s has no tallyfy.%s in enums.go", name, name)
			}
		}
	}
	for name := range exported {
		if !generated[name] {
			t.Errorf("tallyfy.%s has no gen.%s: the spec no longer lists it", name, name)
		}
	}
}

// enumTypes are the generated string types named …Include or …Filter
// (aliases such as OtherInclude = string are the open part of a set, with
// no constants).
func enumTypes(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, decl := range f.Decls {
		if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, spec := range g.Specs {
				ts := spec.(*ast.TypeSpec)
				name := ts.Name.Name
				if ts.Assign == 0 && (strings.HasSuffix(name, "Include") || strings.HasSuffix(name, "Filter")) {
					out = append(out, name)
				}
			}
		}
	}
	return out
}

func constNames(t *testing.T, file string) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, decl := range f.Decls {
		if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					names[n.Name] = true
				}
			}
		}
	}
	return names
}
