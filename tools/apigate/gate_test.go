package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"
)

// The repository's files. The deliberate changes below are made to its packages in memory:
// nothing on disk changes.
const (
	repoRoot      = "../.."
	repoBaseline  = "../../api/baseline/go-api.zip"
	repoChangelog = "../../CHANGELOG.md"
)

// TestRepository is `make api-gate`: the tree against the last release's API.
func TestRepository(t *testing.T) {
	base, err := ReadBaseline(repoBaseline)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := Load(repoRoot, "./...")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Gate(base, cur, repoChangelog)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Errorf("the repository fails the gate: %v", r.Problems)
	}
	if err := ModulePathAgrees(cur.Module.Path, cur.Version); err != nil {
		t.Error(err)
	}
	// Every package a user can import is judged, and only those.
	var got []string
	for _, p := range cur.Module.Packages {
		got = append(got, strings.TrimPrefix(p.Path(), cur.Module.Path))
	}
	for _, want := range []string{"/tallyfy", "/tallyfytest", "/shape", "/gen"} {
		if !slices.Contains(got, want) {
			t.Errorf("package %s is not judged (judged: %q)", want, got)
		}
	}
	for _, p := range got {
		if strings.Contains(p, "internal") || strings.Contains(p, "cmd") || strings.Contains(p, "conformance") {
			t.Errorf("package %s is judged but users cannot import it", p)
		}
	}
}

// variant type-checks the repository's package dir from its own files, with the file named
// replace swapped for (or, if the package has none of that name, added as) src. Its imports
// are the ones go/packages loads, as the gate's Load gets them; the package itself is checked
// from source here, so that each deliberate change costs milliseconds, not a build.
func variant(t *testing.T, dir, replace, src string) *API {
	t.Helper()
	p, err := sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	add := func(name string, src any) {
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, name := range p.files {
		if filepath.Base(name) != replace {
			add(name, nil)
		}
	}
	add(filepath.Join(repoRoot, dir, replace), src)

	conf := types.Config{Importer: importerFunc(func(path string) (*types.Package, error) {
		if imp, ok := p.imports[path]; ok {
			return imp, nil
		}
		return nil, fmt.Errorf("%s does not import %s", p.path, path)
	})}
	tp, err := conf.Check(p.path, fset, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := newAPI(&apidiff.Module{Path: p.module, Packages: []*types.Package{tp}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// pkgSources is what variant needs of a package: its files and the types of what it imports.
type pkgSources struct {
	module, path string
	files        []string
	imports      map[string]*types.Package
}

var loaded sync.Map // dir -> func() (*pkgSources, error)

// sources loads dir's files and imports once for all the tests.
func sources(dir string) (*pkgSources, error) {
	f, _ := loaded.LoadOrStore(dir, sync.OnceValues(func() (*pkgSources, error) {
		cfg := &packages.Config{Dir: repoRoot, Mode: packages.NeedName | packages.NeedFiles | packages.NeedModule | packages.NeedImports}
		pkgs, err := packages.Load(cfg, "./"+dir)
		if err != nil {
			return nil, err
		}
		if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			return nil, fmt.Errorf("loading ./%s: %v", dir, pkgs)
		}
		p := pkgs[0]
		s := &pkgSources{module: p.Module.Path, path: p.PkgPath, files: p.GoFiles, imports: map[string]*types.Package{}}
		paths := []string{"context"} // the declarations of the tests import it
		for path := range p.Imports {
			paths = append(paths, path)
		}
		cfg.Mode = packages.NeedName | packages.NeedTypes // from export data
		imps, err := packages.Load(cfg, paths...)
		if err != nil {
			return nil, err
		}
		for _, imp := range imps {
			if len(imp.Errors) > 0 {
				return nil, fmt.Errorf("loading %s: %v", imp.PkgPath, imp.Errors)
			}
			s.imports[imp.PkgPath] = imp.Types
		}
		return s, nil
	}))
	return f.(func() (*pkgSources, error))()
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// released is what the deliberate changes start from: declarations added to package shape, a
// package users import, next to its real ones (Object is real).
const released = `package shape

import "context"

func GateFunc() {}

func GateSignature(ctx context.Context, id string) error { return nil }

type GateModel struct {
	ID    string
	Count int
}

type GateIface interface {
	Get() error
}
`

// loadShape is package shape with src as one more file.
func loadShape(t *testing.T, src string) *API {
	t.Helper()
	return variant(t, "shape", "apigate_released.go", src)
}

// roundTrip writes a as a baseline file and reads it back, as `make api-baseline` and
// `make api-gate` do.
func roundTrip(t *testing.T, a *API) *API {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, a); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "go-api.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// changelog writes a changelog whose newest section is version with the given bullets.
func changelog(t *testing.T, version string, bullets ...string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "# Changelog\n\n## [Unreleased]\n\n## [%s] - 2099-01-01\n\n### Changed\n\n", version)
	for _, l := range bullets {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n## [1.0.0] - 2026-11-28\n\n- The first release.\n")
	p := filepath.Join(t.TempDir(), "CHANGELOG.md")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	goBullet       = "- **BREAKING** (Go): GateFunc is gone because nothing needs it any more."
	contractBullet = "- **BREAKING** (contract): an operation is gone because the API dropped it."
)

// TestDeliberateChanges makes one change at a time to the released declarations and judges it
// with each way the next release can be numbered (API.Version, as a release sets
// tallyfy.Version; package shape declares none).
func TestDeliberateChanges(t *testing.T) {
	base := roundTrip(t, loadShape(t, released))
	const v, minor, major = "2.0.0", "2.1.0", "3.0.0"
	base.Version = v

	type release struct {
		version string
		bullets []string
		pass    bool
	}
	// An incompatible change passes only as a new major version with a BREAKING (Go) bullet.
	breaking := []release{
		{v, nil, false},
		{minor, nil, false},
		{major, nil, false},
		{major, []string{contractBullet}, false}, // a contract bullet does not explain a Go break
		{major, []string{"- **BREAKING** (Go): gone."}, false}, // no reason given
		{major, []string{contractBullet, goBullet}, true},
		{major, []string{"- BREAKING (Go) - GateFunc is gone because nothing needs it."}, true},
		{minor, []string{goBullet}, false}, // the bullet does not replace the major bump
	}
	compatible := []release{{v, nil, true}, {minor, nil, true}, {major, nil, true}}

	tests := []struct {
		name     string
		old, new string // replaced in released
		want     string // the change apidiff reports
		releases []release
	}{
		{"exported func removed", "func GateFunc() {}\n", "",
			"./shape.GateFunc: removed", breaking},
		{"signature changed", "id string) error", "id string, page int) error",
			"./shape.GateSignature: changed from func(context.Context, string) error to func(context.Context, string, int) error", breaking},
		{"field type changed", "Count int\n", "Count int64\n",
			"./shape.GateModel.Count: changed from int to int64", breaking},
		{"field removed", "\tCount int\n", "",
			"./shape.GateModel.Count: removed", breaking},
		{"method added to an interface", "Get() error\n", "Get() error\n\tPut() error\n",
			"./shape.GateIface.Put: added", breaking},
		{"method added to a type", "func GateFunc() {}\n", "func GateFunc() {}\n\nfunc (o Object) GateAdded() {}\n",
			"./shape.Object.GateAdded: added", compatible},
		{"field added", "Count int\n", "Count int\n\tTotal int\n",
			"./shape.GateModel.Total: added", compatible},
		{"func added", "func GateFunc() {}\n", "func GateFunc() {}\n\nfunc GateNew() {}\n",
			"./shape.GateNew: added", compatible},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(released, tc.old) {
				t.Fatalf("released has no %q", tc.old)
			}
			t.Parallel()
			cur := loadShape(t, strings.Replace(released, tc.old, tc.new, 1))
			for _, rel := range tc.releases {
				cur.Version = rel.version
				r, err := Gate(base, cur, changelog(t, rel.version, rel.bullets...))
				if err != nil {
					t.Fatal(err)
				}
				if got := append(r.Incompatible, r.Compatible...); !slices.Equal(got, []string{tc.want}) {
					t.Fatalf("changes = %q, want only %q", got, tc.want)
				}
				if r.OK() != rel.pass {
					t.Errorf("%s -> %s with bullets %q: OK() = %v, want %v; problems: %v",
						base.Version, rel.version, rel.bullets, r.OK(), rel.pass, r.Problems)
				}
			}
		})
	}
}

// TestNewOperationIsCompatible: a new operation adds a method to the generated interfaces that
// list the operations; the gate releases that as compatible (growingInterfaces), while the same
// change to any other interface is incompatible (TestDeliberateChanges).
func TestNewOperationIsCompatible(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "gen", "tallyfy.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	const decl = "type ServerInterface interface {\n"
	if !bytes.Contains(src, []byte(decl)) {
		t.Fatalf("gen/tallyfy.gen.go declares no %q", decl)
	}
	added := bytes.Replace(src, []byte(decl), []byte(decl+"\tGateOperation(w http.ResponseWriter, r *http.Request)\n"), 1)

	base := variant(t, "gen", "tallyfy.gen.go", string(src))
	cur := variant(t, "gen", "tallyfy.gen.go", string(added))
	base.Version, cur.Version = "2.0.0", "2.0.0" // gen declares no Version
	r, err := Gate(base, cur, changelog(t, cur.Version))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"./gen.ServerInterface.GateOperation: added"}; !slices.Equal(r.Grown, want) || len(r.Incompatible) > 0 || !r.OK() {
		t.Errorf("grown %q, incompatible %q, problems %q; want grown %q and nothing else", r.Grown, r.Incompatible, r.Problems, want)
	}
}

// versioned is an API of one package, tallyfy, that declares only `const Version = v`.
func versioned(t *testing.T, v string) *API {
	t.Helper()
	const mod = "github.com/tallyfy-go/sdk/v2"
	p := types.NewPackage(mod+"/"+versionPackage, versionPackage)
	p.Scope().Insert(types.NewConst(token.NoPos, p, "Version", types.Typ[types.UntypedString], constant.MakeString(v)))
	p.MarkComplete()
	a, err := newAPI(&apidiff.Module{Path: mod, Packages: []*types.Package{p}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestVersionValueIsNotAChange: apidiff reports a constant's new value as incompatible, but a
// new tallyfy.Version is what every release has.
func TestVersionValueIsNotAChange(t *testing.T) {
	r, err := Gate(versioned(t, "2.0.0"), versioned(t, "2.0.1"), changelog(t, "2.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if r.BaseVersion != "2.0.0" || r.Version != "2.0.1" {
		t.Errorf("versions %s -> %s, want 2.0.0 -> 2.0.1 (read from tallyfy.Version)", r.BaseVersion, r.Version)
	}
	if len(r.Incompatible)+len(r.Compatible) > 0 || !r.OK() {
		t.Errorf("changes %q %q, problems %q; want none", r.Incompatible, r.Compatible, r.Problems)
	}
}

// TestVersionWentBackwards fails even without a change to the API.
func TestVersionWentBackwards(t *testing.T) {
	r, err := Gate(versioned(t, "2.1.0"), versioned(t, "2.0.9"), changelog(t, "2.0.9"))
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || !strings.Contains(strings.Join(r.Problems, "\n"), "went backwards") {
		t.Errorf("problems = %q, want the version going backwards", r.Problems)
	}
}

// TestBaselineRecordsOnlyTheAPI: writing the same API twice gives the same bytes (no
// timestamps, paths or positions), and what is read back judges as no change at all.
func TestBaselineRecordsOnlyTheAPI(t *testing.T) {
	a, err := Load(repoRoot, "./tallyfy", "./shape")
	if err != nil {
		t.Fatal(err)
	}
	var one, two bytes.Buffer
	if err := WriteBaseline(&one, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteBaseline(&two, a); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Error("two writes of one API differ")
	}
	for _, abs := range []string{"/work", "/home", "/tmp", "tallyfy/client.go"} {
		if bytes.Contains(one.Bytes(), []byte(abs)) {
			t.Errorf("the baseline contains %q: it records source positions", abs)
		}
	}
	b := roundTrip(t, a)
	if b.Module.Path != a.Module.Path || b.Version != a.Version || len(b.Module.Packages) != len(a.Module.Packages) {
		t.Errorf("read back %s %s with %d packages, wrote %s %s with %d",
			b.Module.Path, b.Version, len(b.Module.Packages), a.Module.Path, a.Version, len(a.Module.Packages))
	}
	r, err := Gate(b, a, changelog(t, a.Version))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Incompatible)+len(r.Compatible)+len(r.Grown) > 0 {
		t.Errorf("the API against its own baseline: %q %q %q", r.Incompatible, r.Compatible, r.Grown)
	}
}

func TestModulePathAgrees(t *testing.T) {
	tests := []struct {
		path, version string
		ok            bool
	}{
		{"github.com/tallyfy-go/sdk", "1.4.0", true},
		{"github.com/tallyfy-go/sdk", "0.9.0", true},
		{"github.com/tallyfy-go/sdk/v2", "2.0.0", true},
		{"github.com/tallyfy-go/sdk/v2", "2.3.1", true},
		{"github.com/tallyfy-go/sdk/v12", "12.0.0", true},
		{"github.com/tallyfy-go/sdk", "2.0.0", false},    // v2 needs /v2
		{"github.com/tallyfy-go/sdk/v2", "3.0.0", false}, // a new major needs a new path
		{"github.com/tallyfy-go/sdk/v2", "1.0.0", false}, // v1 has no suffix
		{"github.com/tallyfy-go/sdk/vx", "2.0.0", false}, // not a version suffix
		{"github.com/tallyfy-go/sdk/v2", "two", false},   // not a version
	}
	for _, tc := range tests {
		err := ModulePathAgrees(tc.path, tc.version)
		if (err == nil) != tc.ok {
			t.Errorf("ModulePathAgrees(%q, %q) = %v, want ok %v", tc.path, tc.version, err, tc.ok)
		}
	}
}
