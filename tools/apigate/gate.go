package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// API is the exported Go API of the SDK: the packages of its module a user can import, and
// the version it says it is (the constant tallyfy.Version).
type API struct {
	Module  *apidiff.Module
	Version string
}

// versionPackage is the package, relative to the module path, that declares `const Version`.
const versionPackage = "tallyfy"

// Load type-checks the importable packages among patterns (relative to dir, the module's
// root): every package but commands (package main), internal packages and directories that
// hold only tests.
func Load(dir string, patterns ...string) (*API, error) {
	cfg := &packages.Config{
		Dir:  dir,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedModule,
	}
	listed, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	var public []string
	var modPath string
	for _, p := range listed {
		if p.Module == nil || p.Name == "main" || len(p.GoFiles) == 0 || isInternal(p.PkgPath) {
			continue
		}
		public = append(public, p.PkgPath)
		modPath = p.Module.Path
	}
	if len(public) == 0 {
		return nil, fmt.Errorf("no importable packages in %s matching %q", dir, patterns)
	}

	cfg.Mode = packages.NeedName | packages.NeedTypes
	loaded, err := packages.Load(cfg, public...)
	if err != nil {
		return nil, err
	}
	var errs []error
	m := &apidiff.Module{Path: modPath}
	for _, p := range loaded {
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
		m.Packages = append(m.Packages, p.Types)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return newAPI(m)
}

func newAPI(m *apidiff.Module) (*API, error) {
	slices.SortFunc(m.Packages, func(a, b *types.Package) int { return strings.Compare(a.Path(), b.Path()) })
	a := &API{Module: m}
	for _, p := range m.Packages {
		if p.Path() != m.Path+"/"+versionPackage {
			continue
		}
		c, ok := p.Scope().Lookup("Version").(*types.Const)
		if !ok || c.Val().Kind() != constant.String {
			return nil, fmt.Errorf("package %s declares no string constant Version", p.Path())
		}
		a.Version = constant.StringVal(c.Val())
	}
	return a, nil
}

func isInternal(pkgPath string) bool {
	for _, elem := range strings.Split(pkgPath, "/") {
		if elem == "internal" {
			return true
		}
	}
	return false
}

// WriteBaseline writes the API in the form apidiff's own command reads and writes with -m
// (`apidiff -m -w`): a zip archive whose entry "module" holds the module path and whose entry
// "<package path>.x" holds each package's export data. Unlike apidiff, it stores entries
// uncompressed and without source positions, so the file records only the API: it does not
// change with the checkout's directory, the Go toolchain's compressor or line numbers.
// Reading it needs only golang.org/x/tools (pinned in go.mod), not a particular toolchain.
func WriteBaseline(w io.Writer, a *API) error {
	z := zip.NewWriter(w)
	add := func(name string, write func(io.Writer) error) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			return err
		}
		return write(f)
	}
	if err := add("module", func(w io.Writer) error {
		_, err := io.WriteString(w, a.Module.Path)
		return err
	}); err != nil {
		return err
	}
	for _, p := range a.Module.Packages {
		if err := add(p.Path()+".x", func(w io.Writer) error {
			return gcexportdata.Write(w, nil, p) // nil: no positions
		}); err != nil {
			return fmt.Errorf("export data of %s: %w", p.Path(), err)
		}
	}
	return z.Close()
}

// ReadBaseline reads a file written by WriteBaseline (or by `apidiff -m -w`).
func ReadBaseline(file string) (*API, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	fset := token.NewFileSet()
	m := &apidiff.Module{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, f.Name, err)
		}
		if f.Name == "module" {
			m.Path = string(data)
			continue
		}
		pkgPath, ok := strings.CutSuffix(f.Name, ".x")
		if !ok {
			return nil, fmt.Errorf("%s: unexpected entry %q", file, f.Name)
		}
		// Export data is self-contained: each package is read with its own imports, as
		// apidiff does; types of other packages are matched by path and name.
		p, err := gcexportdata.Read(bytes.NewReader(data), fset, map[string]*types.Package{}, pkgPath)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, pkgPath, err)
		}
		m.Packages = append(m.Packages, p)
	}
	if m.Path == "" {
		return nil, fmt.Errorf("%s: no module entry", file)
	}
	return newAPI(m)
}

// Result is what the Go API gate found.
type Result struct {
	BaseModule, Module   string
	BaseVersion, Version string
	// Incompatible are the changes that can break a user's build, one line each (apidiff's
	// wording, with package paths relative to the module).
	Incompatible []string
	// Grown are additions apidiff calls incompatible that this project releases as compatible
	// (growingInterfaces says why).
	Grown []string
	// Compatible are the other additions.
	Compatible []string
	// Problems are the reasons the gate fails; empty when it passes.
	Problems []string
}

// OK reports whether the gate passes.
func (r *Result) OK() bool { return len(r.Problems) == 0 }

// growingInterfaces are the generated interfaces that list the contract's operations: each new
// operation adds a method to them. apidiff calls that incompatible (a type implementing the
// interface outside the module stops implementing it), but adding an operation is a minor
// release of the contract, so it is one for the Go API too; README.md ("Supported Go versions
// and stability") tells implementers to embed the interface. Only added methods are let
// through: a removed or changed method is incompatible as usual.
var growingInterfaces = regexp.MustCompile(`^\./gen\.(ClientInterface|ClientWithResponsesInterface|ServerInterface)\.[A-Za-z0-9_]+: added$`)

// versionValueChanged is apidiff's report of a new tallyfy.Version, which every release has.
var versionValueChanged = regexp.MustCompile(`^\./` + versionPackage + `\.Version: value changed from "[^"]*" to "[^"]*"$`)

// Gate compares the API with the last released one, base.
//
// It fails on an incompatible change unless the version's major is above the baseline's AND
// changelogPath has a section for the version with a bullet marked BREAKING (Go) that says
// why. A new module path (the /vN suffix of a new major version) counts as an incompatible
// change: every import path changes. It also fails when the version went backwards.
func Gate(base, cur *API, changelogPath string) (*Result, error) {
	r := &Result{BaseModule: base.Module.Path, Module: cur.Module.Path, BaseVersion: base.Version, Version: cur.Version}
	bv, err := parseSemver(base.Version)
	if err != nil {
		return nil, fmt.Errorf("baseline tallyfy.Version: %w", err)
	}
	cv, err := parseSemver(cur.Version)
	if err != nil {
		return nil, fmt.Errorf("tallyfy.Version: %w", err)
	}

	if base.Module.Path != cur.Module.Path {
		r.Incompatible = append(r.Incompatible, fmt.Sprintf("module path changed: %s -> %s", base.Module.Path, cur.Module.Path))
	}
	for _, c := range apidiff.ModuleChanges(base.Module, cur.Module).Changes {
		switch {
		case versionValueChanged.MatchString(c.Message):
			// apidiff reports any constant's new value; this one is the release number.
		case c.Compatible:
			r.Compatible = append(r.Compatible, c.Message)
		case growingInterfaces.MatchString(c.Message):
			r.Grown = append(r.Grown, c.Message)
		default:
			r.Incompatible = append(r.Incompatible, c.Message)
		}
	}

	if cv.less(bv) {
		r.Problems = append(r.Problems, fmt.Sprintf("tallyfy.Version went backwards: %s -> %s", base.Version, cur.Version))
	}
	if len(r.Incompatible) == 0 {
		return r, nil
	}
	if cv.major <= bv.major {
		r.Problems = append(r.Problems, fmt.Sprintf(
			"%d incompatible change(s) to the Go API but the major version did not increase: %s -> %s; "+
				"make the change compatible, or bump tallyfy.Version (and info.version) to %d.0.0, the module path to /v%d, "+
				"and explain the break in CHANGELOG.md with a bullet marked **BREAKING** (Go)",
			len(r.Incompatible), base.Version, cur.Version, bv.major+1, bv.major+1))
		return r, nil
	}
	if err := changelogExplainsGoBreak(changelogPath, cur.Version); err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf(
			"%d incompatible change(s) to the Go API with a major bump to %s, but %v", len(r.Incompatible), cur.Version, err))
	}
	return r, nil
}

// ModulePathAgrees checks the rule of Go modules that makes a major version importable: from
// v2 on, the module path ends in /vN, N the major version (https://go.dev/ref/mod#major-version-suffixes);
// before, it has no such suffix.
func ModulePathAgrees(modulePath, version string) error {
	v, err := parseSemver(version)
	if err != nil {
		return err
	}
	base, suffix := path.Split(modulePath)
	n, err := strconv.Atoi(strings.TrimPrefix(suffix, "v"))
	hasSuffix := strings.HasPrefix(suffix, "v") && err == nil && base != ""
	switch {
	case v.major >= 2 && (!hasSuffix || n != v.major):
		return fmt.Errorf("tallyfy.Version is %s but the module path %s does not end in /v%d", version, modulePath, v.major)
	case v.major < 2 && hasSuffix:
		return fmt.Errorf("tallyfy.Version is %s but the module path %s has a major version suffix", version, modulePath)
	}
	return nil
}

// changelogExplainsGoBreak checks that the changelog has a section for version with at least
// one bullet marked "BREAKING" and "(Go)" followed by an explanation, as in
// "- **BREAKING** (Go): removed X because Y". A bullet marked (contract) explains a break of
// api/openapi.yaml, which tools/specgate judges.
func changelogExplainsGoBreak(changelogPath, version string) error {
	sections, err := readChangelog(changelogPath)
	if err != nil {
		return err
	}
	for _, s := range sections {
		if s.version != version {
			continue
		}
		for _, line := range s.body {
			t := strings.TrimSpace(line)
			if !strings.HasPrefix(t, "- ") && !strings.HasPrefix(t, "* ") {
				continue
			}
			_, rest, ok := strings.Cut(t, "BREAKING")
			if !ok {
				continue
			}
			why, ok := strings.CutPrefix(strings.TrimLeft(rest, " *_"), "(Go)")
			if ok && len(strings.Trim(why, " :*_-")) >= 10 {
				return nil
			}
		}
		return fmt.Errorf("the %s section of %s has no bullet marked BREAKING (Go) saying why (e.g. \"- **BREAKING** (Go): removed X because Y\")", version, changelogPath)
	}
	return fmt.Errorf("%s has no section for %s (\"## [%s] - YYYY-MM-DD\")", changelogPath, version, version)
}

// The changelog and semver helpers below are tools/specgate's (a module of its own, so they
// are copied, not imported).

type changelogSection struct {
	version string
	body    []string
}

var changelogHeading = regexp.MustCompile(`^## \[([^\]]+)\]`)

// readChangelog returns the Keep a Changelog "## [version]" sections in file
// order, newest first by convention; "Unreleased" is skipped.
func readChangelog(path string) ([]changelogSection, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []changelogSection
	var cur *changelogSection
	for _, line := range strings.Split(string(data), "\n") {
		if m := changelogHeading.FindStringSubmatch(line); m != nil {
			if strings.EqualFold(m[1], "Unreleased") {
				cur = nil
				continue
			}
			out = append(out, changelogSection{version: m[1]})
			cur = &out[len(out)-1]
			continue
		}
		if strings.HasPrefix(line, "## ") {
			cur = nil
			continue
		}
		if cur != nil {
			cur.body = append(cur.body, line)
		}
	}
	return out, nil
}

type semver struct{ major, minor, patch int }

var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$`)

func parseSemver(s string) (semver, error) {
	m := semverRE.FindStringSubmatch(s)
	if m == nil {
		return semver{}, fmt.Errorf("%q is not a semantic version (MAJOR.MINOR.PATCH)", s)
	}
	var v semver
	v.major, _ = strconv.Atoi(m[1])
	v.minor, _ = strconv.Atoi(m[2])
	v.patch, _ = strconv.Atoi(m[3])
	return v, nil
}

func (a semver) less(b semver) bool {
	if a.major != b.major {
		return a.major < b.major
	}
	if a.minor != b.minor {
		return a.minor < b.minor
	}
	return a.patch < b.patch
}
