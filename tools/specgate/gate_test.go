package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The real files of the repository; every modified spec in these tests is built from them.
const (
	repoSpec      = "../../api/openapi.yaml"
	repoBaseline  = "../../api/baseline/openapi.yaml"
	repoChangelog = "../../CHANGELOG.md"
	repoVersionGo = "../../tallyfy/version.go"
)

// loadSpec parses the last released spec, api/baseline/openapi.yaml, into
// generic YAML values: the deliberate changes below are made to it, so that
// each test sees its own change and nothing else, whatever the next release
// already changed in api/openapi.yaml (TestRepository judges that).
func loadSpec(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(repoBaseline)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// writeSpec writes a (mutated) spec into the test's temporary directory.
func writeSpec(t *testing.T, doc map[string]any) string {
	t.Helper()
	data, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// mutated is the real spec with fn applied, written to a temporary file.
func mutated(t *testing.T, fn func(doc map[string]any)) string {
	t.Helper()
	doc := loadSpec(t)
	fn(doc)
	return writeSpec(t, doc)
}

// node walks nested maps by key and fails the test if a key is missing.
func node(t *testing.T, doc map[string]any, keys ...string) map[string]any {
	t.Helper()
	cur := doc
	for _, k := range keys {
		next, ok := cur[k].(map[string]any)
		if !ok {
			t.Fatalf("spec has no map at %s", strings.Join(keys, "."))
		}
		cur = next
	}
	return cur
}

// operation returns the GET operation with the given operationId.
func operation(t *testing.T, doc map[string]any, id string) map[string]any {
	t.Helper()
	for _, item := range node(t, doc, "paths") {
		if op, ok := item.(map[string]any)["get"].(map[string]any); ok && op["operationId"] == id {
			return op
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

// inlineParam returns the operation's inline (non-$ref) parameter with the given name.
func inlineParam(t *testing.T, doc map[string]any, opID, name string) map[string]any {
	t.Helper()
	for _, p := range operation(t, doc, opID)["parameters"].([]any) {
		if pm := p.(map[string]any); pm["name"] == name {
			return pm
		}
	}
	t.Fatalf("%s has no inline parameter %s", opID, name)
	return nil
}

func setVersion(doc map[string]any, v string) {
	doc["info"].(map[string]any)["version"] = v
}

// releasedText is CHANGELOG.md as it stood at the last release: the header
// and the sections from the baseline's version down, without [Unreleased] or
// any newer section, which belong to the spec being prepared.
func releasedText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(repoChangelog)
	if err != nil {
		t.Fatal(err)
	}
	base := loadSpec(t)["info"].(map[string]any)["version"].(string)
	text := string(data)
	head := strings.Index(text, "\n## [")
	released := strings.Index(text, "\n## ["+base+"]")
	if head < 0 || released < 0 {
		t.Fatalf("CHANGELOG.md has no %s section", base)
	}
	return text[:head+1] + "## [Unreleased]\n" + text[released:]
}

// changelogWith is the released CHANGELOG.md with section inserted above the
// newest one; changelogWith(t, "") is the released CHANGELOG.md itself.
func changelogWith(t *testing.T, section string) string {
	t.Helper()
	text := releasedText(t)
	i := strings.Index(text, "\n## [Unreleased]\n") + len("\n## [Unreleased]\n")
	if section != "" {
		text = text[:i] + "\n" + section + text[i:]
	}
	p := filepath.Join(t.TempDir(), "CHANGELOG.md")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gate(t *testing.T, spec, changelog string) *Result {
	t.Helper()
	r, err := Gate(repoBaseline, spec, changelog)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Changes {
		t.Log(c)
	}
	for _, p := range r.Problems {
		t.Log("problem: " + p)
	}
	return r
}

func TestIdenticalSpecPasses(t *testing.T) {
	for name, spec := range map[string]string{
		"the file itself":           repoBaseline,
		"the file after YAML round": mutated(t, func(map[string]any) {}),
	} {
		t.Run(name, func(t *testing.T) {
			r := gate(t, spec, changelogWith(t, ""))
			if !r.OK() || len(r.Changes) != 0 {
				t.Fatalf("identical spec: want OK with no changes, got %d changes, problems %q", len(r.Changes), r.Problems)
			}
		})
	}
}

func TestNonBreakingChangesPass(t *testing.T) {
	cases := map[string]func(t *testing.T, doc map[string]any){
		"new optional query parameter": func(t *testing.T, doc map[string]any) {
			op := operation(t, doc, "listRuns")
			op["parameters"] = append(op["parameters"].([]any), map[string]any{
				"name": "created_after", "in": "query", "required": false,
				"description": "Only processes created after this time.",
				"schema":      map[string]any{"type": "string", "format": "date-time"},
			})
		},
		"new optional response property": func(t *testing.T, doc map[string]any) {
			node(t, doc, "components", "schemas", "Run", "properties")["archived_by"] = map[string]any{
				"type": "integer", "nullable": true, "description": "The user id who archived the process.",
			}
		},
		"new optional query parameter and response property, minor bump": func(t *testing.T, doc map[string]any) {
			inlineParam(t, doc, "listRunTasks", "status") // exists
			op := operation(t, doc, "getTask")
			op["parameters"] = append(op["parameters"].([]any), map[string]any{
				"name": "form_fields_values", "in": "query", "required": false,
				"description": "Include form field values.", "schema": map[string]any{"type": "boolean"},
			})
			node(t, doc, "components", "schemas", "Task", "properties")["archived_by"] = map[string]any{
				"type": "integer", "nullable": true, "description": "The user id who archived the task.",
			}
			setVersion(doc, "1.1.0")
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			spec := mutated(t, func(doc map[string]any) { mutate(t, doc) })
			r := gate(t, spec, changelogWith(t, ""))
			if len(r.Changes) == 0 {
				t.Fatal("oasdiff saw no change at all: the test would prove nothing")
			}
			if !r.OK() || len(r.Breaking) != 0 {
				t.Fatalf("non-breaking change: want OK, got breaking %q, problems %q", r.Breaking, r.Problems)
			}
		})
	}
}

// breakingCases are deliberately breaking changes and the oasdiff check each must trip.
var breakingCases = []struct {
	name    string
	checkID string
	mutate  func(t *testing.T, doc map[string]any)
}{
	{"remove operation getTemplate", "api-path-removed-without-deprecation", func(t *testing.T, doc map[string]any) {
		delete(node(t, doc, "paths"), "/organizations/{org_id}/checklists/{checklist_id}")
	}},
	{"optional query parameter becomes required", "request-parameter-became-required", func(t *testing.T, doc map[string]any) {
		inlineParam(t, doc, "listRuns", "q")["required"] = true
	}},
	{"remove response property", "response-required-property-removed", func(t *testing.T, doc map[string]any) {
		run := node(t, doc, "components", "schemas", "Run")
		delete(run["properties"].(map[string]any), "checklist_title")
		run["required"] = slices.DeleteFunc(run["required"].([]any), func(v any) bool { return v == "checklist_title" })
	}},
	// Raised to ERR by contractLevels: generated clients have these as fields and arguments.
	{"remove optional response property", "response-optional-property-removed", func(t *testing.T, doc map[string]any) {
		delete(node(t, doc, "components", "schemas", "Run", "properties"), "can_add_oot")
	}},
	{"remove optional query parameter", "request-parameter-removed", func(t *testing.T, doc map[string]any) {
		op := operation(t, doc, "listRuns")
		op["parameters"] = slices.DeleteFunc(op["parameters"].([]any), func(p any) bool {
			return p.(map[string]any)["name"] == "untagged"
		})
	}},
	{"narrow a request enum", "request-parameter-enum-value-removed", func(t *testing.T, doc map[string]any) {
		p := inlineParam(t, doc, "listRuns", "status")
		schema := p["schema"].(map[string]any)
		schema["enum"] = slices.DeleteFunc(schema["enum"].([]any), func(v any) bool { return v == "starred" })
	}},
	{"change a response property's type", "response-property-type-changed", func(t *testing.T, doc map[string]any) {
		node(t, doc, "components", "schemas", "Run", "properties", "increment_id")["type"] = "string"
	}},
}

const breakingEntry = `## [2.0.0] - 2027-01-15

### Removed

- **BREAKING:** the contract changed incompatibly because the API did; clients must regenerate.
`

func TestBreakingChangesFail(t *testing.T) {
	for _, tc := range breakingCases {
		t.Run(tc.name, func(t *testing.T) {
			spec := mutated(t, func(doc map[string]any) { tc.mutate(t, doc) })
			r := gate(t, spec, changelogWith(t, ""))
			if !slices.Contains(r.Breaking, tc.checkID) {
				t.Errorf("want breaking check %s, got %q", tc.checkID, r.Breaking)
			}
			if r.OK() {
				t.Fatal("breaking change without a major bump: the gate passed, want FAIL")
			}
			if !strings.Contains(strings.Join(r.Problems, "\n"), "major version did not increase") {
				t.Errorf("problems do not name the missing major bump: %q", r.Problems)
			}
		})
	}
}

func TestBreakingChangesWithMajorBumpAndChangelogPass(t *testing.T) {
	changelog := changelogWith(t, breakingEntry)
	for _, tc := range breakingCases {
		t.Run(tc.name, func(t *testing.T) {
			spec := mutated(t, func(doc map[string]any) {
				tc.mutate(t, doc)
				setVersion(doc, "2.0.0")
			})
			r := gate(t, spec, changelog)
			if len(r.Breaking) == 0 {
				t.Fatal("oasdiff saw no breaking change: the test would prove nothing")
			}
			if !r.OK() {
				t.Fatalf("major bump with a BREAKING changelog entry: want OK, got problems %q", r.Problems)
			}
		})
	}
}

func TestBreakingChangeVersioningMistakesFail(t *testing.T) {
	removeOp := breakingCases[0].mutate
	cases := []struct {
		name      string
		version   string
		changelog string
		want      string
	}{
		{"minor bump with a changelog entry", "1.1.0",
			changelogWith(t, strings.ReplaceAll(breakingEntry, "2.0.0", "1.1.0")), "major version did not increase"},
		{"major bump without a changelog entry", "2.0.0", changelogWith(t, ""), "has no section for 2.0.0"},
		{"major bump, entry without a BREAKING bullet", "2.0.0",
			changelogWith(t, "## [2.0.0] - 2027-01-15\n\n### Changed\n\n- Tidied the spec.\n"), "no bullet marked BREAKING"},
		{"major bump, BREAKING bullet that does not say why", "2.0.0",
			changelogWith(t, "## [2.0.0] - 2027-01-15\n\n### Removed\n\n- **BREAKING**\n"), "no bullet marked BREAKING"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := mutated(t, func(doc map[string]any) {
				removeOp(t, doc)
				setVersion(doc, tc.version)
			})
			r := gate(t, spec, tc.changelog)
			if r.OK() {
				t.Fatal("gate passed, want FAIL")
			}
			if got := strings.Join(r.Problems, "\n"); !strings.Contains(got, tc.want) {
				t.Fatalf("problems %q do not mention %q", got, tc.want)
			}
		})
	}
}

func TestVersionGoingBackwardsFails(t *testing.T) {
	spec := mutated(t, func(doc map[string]any) { setVersion(doc, "0.9.0") })
	r := gate(t, spec, changelogWith(t, ""))
	if r.OK() || !strings.Contains(strings.Join(r.Problems, "\n"), "went backwards") {
		t.Fatalf("want FAIL for 1.0.0 -> 0.9.0, got problems %q", r.Problems)
	}
}

// TestRepository is the gate on the repository as it is: the spec against the baseline, and
// info.version, tallyfy.Version and CHANGELOG.md in agreement.
func TestRepository(t *testing.T) {
	r := gate(t, repoSpec, repoChangelog)
	if !r.OK() {
		t.Errorf("api/openapi.yaml against api/baseline/openapi.yaml: %q", r.Problems)
	}
	if err := VersionsAgree(repoSpec, repoVersionGo, repoChangelog); err != nil {
		t.Errorf("versions disagree: %v", err)
	}
}

func TestVersionsDisagree(t *testing.T) {
	dir := t.TempDir()
	goFile := filepath.Join(dir, "version.go")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(goFile, "package tallyfy\n\nconst Version = \"1.0.0\"\n")
	if err := VersionsAgree(repoBaseline, goFile, changelogWith(t, "")); err != nil {
		t.Fatalf("copy of the released versions: %v", err)
	}

	bumped := mutated(t, func(doc map[string]any) { setVersion(doc, "1.1.0") })
	err := VersionsAgree(bumped, goFile, changelogWith(t, ""))
	if err == nil || !strings.Contains(err.Error(), `Version is "1.0.0"`) || !strings.Contains(err.Error(), `CHANGELOG.md is "1.0.0"`) {
		t.Fatalf("spec 1.1.0, Go and changelog 1.0.0: want both named, got %v", err)
	}

	write(goFile, "package tallyfy\n\nconst Version = \"1.1.0\"\n")
	cl := changelogWith(t, "## [1.1.0] - 2027-01-15\n\n### Added\n\n- Something.\n")
	if err := VersionsAgree(bumped, goFile, cl); err != nil {
		t.Fatalf("all three 1.1.0: %v", err)
	}

	notSemver := mutated(t, func(doc map[string]any) { setVersion(doc, "v1") })
	write(goFile, "package tallyfy\n\nconst Version = \"v1\"\n")
	if err := VersionsAgree(notSemver, goFile, changelogWith(t, "## [v1]\n\n- x\n")); err == nil {
		t.Fatal("info.version v1: want a not-semver error")
	}
}

// TestCommandExitCode runs the command's entry point: 0 on the repository, 1 on a breaking
// change without a major bump.
func TestCommandExitCode(t *testing.T) {
	if code := run(repoBaseline, repoSpec, repoChangelog, repoVersionGo); code != 0 {
		t.Fatalf("repository: exit %d, want 0", code)
	}
	spec := mutated(t, func(doc map[string]any) { breakingCases[0].mutate(t, doc) })
	if code := run(repoBaseline, spec, changelogWith(t, ""), repoVersionGo); code != 1 {
		t.Fatalf("getTemplate removed: exit %d, want 1", code)
	}
}
