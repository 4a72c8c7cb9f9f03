package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// Result is what the breaking-change gate found.
type Result struct {
	BaseVersion, SpecVersion string
	// Changes are every change oasdiff reports (INFO, WARN and ERR), one line each.
	Changes []string
	// Breaking are the ERR-level changes' check ids, in report order.
	Breaking []string
	// Problems are the reasons the gate fails; empty when it passes.
	Problems []string
}

// OK reports whether the gate passes.
func (r *Result) OK() bool { return len(r.Problems) == 0 }

// Gate compares the spec at specPath with the last released spec at basePath.
//
// It fails when oasdiff finds a breaking change (an ERR-level change) unless
// the spec's info.version has a greater major version than the baseline's AND
// changelogPath has a section for that version with a bullet marked BREAKING
// that says why. It also fails when info.version went backwards.
func Gate(basePath, specPath, changelogPath string) (*Result, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true // source lines in the report
	loader.IsExternalRefsAllowed = false

	// The spec wraps nearly every $ref in a one-branch allOf to give it a description;
	// flattening compares the merged schemas, so changes under them are judged at full level
	// instead of being capped at WARN as "maybe explained by another branch".
	flatten := load.WithFlattenAllOf()
	base, err := load.NewSpecInfo(loader, load.NewSource(basePath), flatten)
	if err != nil {
		return nil, fmt.Errorf("load baseline %s: %w", basePath, err)
	}
	spec, err := load.NewSpecInfo(loader, load.NewSource(specPath), flatten)
	if err != nil {
		return nil, fmt.Errorf("load spec %s: %w", specPath, err)
	}

	report, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), base, spec)
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	cfg := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(contractLevels))
	changes := checker.CheckBackwardCompatibilityUntilLevel(cfg, report, sources, checker.INFO)

	r := &Result{BaseVersion: base.Version, SpecVersion: spec.Version}
	l := checker.NewDefaultLocalizer()
	for _, c := range changes {
		r.Changes = append(r.Changes, c.SingleLineError(l, checker.ColorNever))
		if c.GetLevel() >= checker.ERR {
			r.Breaking = append(r.Breaking, c.GetId())
		}
	}

	bv, err := parseSemver(base.Version)
	if err != nil {
		return nil, fmt.Errorf("baseline info.version: %w", err)
	}
	sv, err := parseSemver(spec.Version)
	if err != nil {
		return nil, fmt.Errorf("spec info.version: %w", err)
	}
	if sv.less(bv) {
		r.Problems = append(r.Problems, fmt.Sprintf("info.version went backwards: %s -> %s", base.Version, spec.Version))
	}
	if len(r.Breaking) == 0 {
		return r, nil
	}

	if sv.major <= bv.major {
		r.Problems = append(r.Problems, fmt.Sprintf(
			"%d breaking change(s) (%s) but the major version did not increase: %s -> %s; "+
				"bump info.version to %d.0.0 and explain the break in CHANGELOG.md, or make the change compatible",
			len(r.Breaking), strings.Join(uniq(r.Breaking), ", "), base.Version, spec.Version, bv.major+1))
		return r, nil
	}
	if err := changelogExplainsBreak(changelogPath, spec.Version); err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf(
			"%d breaking change(s) with a major bump to %s, but %v", len(r.Breaking), spec.Version, err))
	}
	return r, nil
}

// contractLevels raises oasdiff's default level of changes that are harmless on the wire but
// break clients generated from the contract: a generated client exposes every optional response
// property as a field and every parameter as an argument, so code that other teams compiled
// against the previous contract stops compiling when one disappears.
var contractLevels = map[string]checker.Level{
	"response-optional-property-removed": checker.ERR, // default INFO
	"request-parameter-removed":          checker.ERR, // default WARN
}

// changelogExplainsBreak checks that the changelog has a section for version
// with at least one bullet containing "BREAKING" followed by an explanation.
func changelogExplainsBreak(changelogPath, version string) error {
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
			if _, why, ok := strings.Cut(t, "BREAKING"); ok && len(strings.Trim(why, " :*_-")) >= 10 {
				return nil
			}
		}
		return fmt.Errorf("the %s section of %s has no bullet marked BREAKING saying why (e.g. \"- **BREAKING:** removed X because Y\")", version, changelogPath)
	}
	return fmt.Errorf("%s has no section for %s (\"## [%s] - YYYY-MM-DD\")", changelogPath, version, version)
}

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

// newestChangelogVersion is the version of the first released section.
func newestChangelogVersion(path string) (string, error) {
	sections, err := readChangelog(path)
	if err != nil {
		return "", err
	}
	if len(sections) == 0 {
		return "", fmt.Errorf("%s has no \"## [x.y.z]\" section", path)
	}
	return sections[0].version, nil
}

var goVersionConst = regexp.MustCompile(`(?m)^\s*const\s+Version\s*=\s*"([^"]*)"`)

// goVersion reads `const Version = "x.y.z"` from a Go source file's text
// (the file is read, not imported, so this module does not depend on the SDK).
func goVersion(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	m := goVersionConst.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("%s: no `const Version = \"...\"`", path)
	}
	return string(m[1]), nil
}

// specVersion reads info.version from an OpenAPI document.
func specVersion(path string) (string, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return "", err
	}
	if doc.Info == nil || doc.Info.Version == "" {
		return "", fmt.Errorf("%s: no info.version", path)
	}
	return doc.Info.Version, nil
}

// VersionsAgree checks that info.version of the spec, the Go constant
// tallyfy.Version and the newest CHANGELOG.md section name the same version,
// and that it is a semantic version.
func VersionsAgree(specPath, versionGoPath, changelogPath string) error {
	sv, err := specVersion(specPath)
	if err != nil {
		return err
	}
	gv, err := goVersion(versionGoPath)
	if err != nil {
		return err
	}
	cv, err := newestChangelogVersion(changelogPath)
	if err != nil {
		return err
	}
	var errs []error
	if _, err := parseSemver(sv); err != nil {
		errs = append(errs, fmt.Errorf("%s info.version: %w", specPath, err))
	}
	if gv != sv {
		errs = append(errs, fmt.Errorf("%s Version is %q but %s info.version is %q", versionGoPath, gv, specPath, sv))
	}
	if cv != sv {
		errs = append(errs, fmt.Errorf("the newest section of %s is %q but %s info.version is %q", changelogPath, cv, specPath, sv))
	}
	return errors.Join(errs...)
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

func uniq(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
