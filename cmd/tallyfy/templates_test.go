package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The template commands' dry runs join the table of writes_test.go.
// templates apply prints its plan instead (TestTemplatesApply_PlanDryRunApplyThenNothing).
func init() {
	tpl, step := tallyfytest.SampleTemplateID, tallyfytest.SampleStepID
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"templates", "create", "Vendor review", "--type", "procedure", "--summary", "Yearly."}, "POST", "/checklists",
			[]string{`"title": "Vendor review"`, `"type": "procedure"`, `"summary": "Yearly."`}},
		// Only the summary: the title and who may use it are read and sent back (mcp #624).
		{[]string{"templates", "update", tpl, "--summary", "New."}, "PUT", "/checklists/" + tpl,
			[]string{`"title": "Client Onboarding V3"`, `"users": [`, "1002", `"groups": []`, `"summary": "New."`}},
		{[]string{"templates", "archive", tpl}, "DELETE", "/checklists/" + tpl, []string{"(no body)"}},
		{[]string{"templates", "restore", tpl}, "PUT", "/checklists/" + tpl + "/restore", []string{"(no body)"}},
		{[]string{"templates", "delete", tpl, "--yes"}, "DELETE", "/checklists/" + tpl + "/delete", []string{"(no body)"}},
		{[]string{"templates", "clone", tpl, "--title", "Copy"}, "POST", "/checklists/" + tpl + "/clone", []string{`"title": "Copy"`}},
		{[]string{"templates", "publish", tpl}, "PUT", "/checklists/" + tpl + "/publish", []string{"(no body)"}},
		{[]string{"steps", "add", tpl, "--title", "Send the invoice", "--type", "task", "--position", "2"}, "POST", "/checklists/" + tpl + "/steps",
			[]string{`"title": "Send the invoice"`, `"position": 2`}},
		// Only the guests: the members and groups are read and sent back.
		{[]string{"steps", "update", tpl, step, "--guests", "pat@globex.example"}, "PUT", "/checklists/" + tpl + "/steps/" + step,
			[]string{`"title": "Send welcome pack to {{company_name}}"`, `"assignees": [`, "1002", `"guests": [`, "pat@globex.example", `"groups": []`}},
		{[]string{"steps", "delete", tpl, step}, "DELETE", "/checklists/" + tpl + "/steps/" + step, []string{"(no body)"}},
	}...)
}

// withAutomations is a template file as a person writes it: YAML, people by
// email and group name, an automation on a step's field and on a step.
const withAutomations = `version: 1
title: Equipment request
type: procedure
settings:
  summary: Ask for a laptop or a phone.
  owner: alice@acme.example
access:
  members: [alice@acme.example, bob@acme.example]
  groups: [IT]
kickoff:
  - alias: who
    label: Who is it for?
    type: text
    required: true
steps:
  - alias: choose
    title: Choose the device for {{who}}
    assignees:
      members: [bob@acme.example]
      groups: [IT]
    fields:
      - alias: device
        label: Device
        type: dropdown
        required: true
        guidance: Phones need a manager's approval.
        options: [{text: Laptop}, {text: Phone}, {text: "No"}]
  - alias: approve
    title: Approve the phone
    step_type: approval
  - alias: order
    title: Order it
    deadline: {value: 3, unit: days, option: from}
automations:
  - name: Phones need approval
    conditions:
      - {step: choose, field: device, operation: equals, statement: Phone}
    actions:
      - {type: visibility, verb: show, step: approve}
  - name: Order when chosen
    conditions:
      - {step: choose, operation: completed, statement: any_time}
    actions:
      - {type: deadline, verb: deadline, step: order, deadline: {value: 2, unit: days, option: from}}
`

func templateSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile("../../api/template-file.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("template-file.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("template-file.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlAsJSON is a YAML document as the JSON value the schema validates.
func yamlAsJSON(t *testing.T, doc string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTemplatesExport_ValidatesAgainstTheSchema: every exported file, of
// every sample template and of one with automations, validates against the
// committed JSON Schema, and the schema refuses what the SDK refuses.
func TestTemplatesExport_ValidatesAgainstTheSchema(t *testing.T) {
	schema := templateSchema(t)
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "equipment.yaml")
	if err := os.WriteFile(file, []byte(withAutomations), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := cli(t, srv, "templates", "apply", file)
	if code != exitOK {
		t.Fatalf("apply: exit %d %s\n%s", code, errOut, out)
	}
	var ids []string
	list, _, _ := cli(t, srv, "templates", "list", "--per-page", "100", "-o", "jsonl")
	for line := range strings.SplitSeq(strings.TrimSpace(list), "\n") {
		var tpl struct{ ID string }
		if err := json.Unmarshal([]byte(line), &tpl); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tpl.ID)
	}
	if len(ids) != 6 {
		t.Fatalf("templates: %d, want the 5 samples and the one applied", len(ids))
	}
	for _, id := range ids {
		out, errOut, code := cli(t, srv, "templates", "export", id)
		if code != exitOK {
			t.Fatalf("export %s: exit %d %s", id, code, errOut)
		}
		if err := schema.Validate(yamlAsJSON(t, out)); err != nil {
			t.Errorf("export of %s does not validate: %v\n%s", id, err, out)
		}
		if id != tallyfytest.SampleTemplateID && strings.Contains(out, "Phones need approval") {
			if !strings.Contains(out, "statement: any_time") || !strings.Contains(out, "field: device") || !strings.Contains(out, `text: "No"`) {
				t.Errorf("automations exported by key:\n%s", out)
			}
		}
	}
	refused := map[string]string{
		"a misspelt key":                       strings.Replace(withAutomations, "required: true", "requird: true", 1),
		"a step condition with no time clause": strings.Replace(withAutomations, ", statement: any_time", "", 1),
		"a choice field without options":       strings.Replace(withAutomations, `options: [{text: Laptop}, {text: Phone}, {text: "No"}]`, "options: []", 1),
		"another version of the format":        strings.Replace(withAutomations, "version: 1", "version: 2", 1),
		"an unknown template type":             strings.Replace(withAutomations, "type: procedure", "type: workflow", 1),
		"a condition on a step and a kick-off": strings.Replace(withAutomations, "{step: choose, field: device,", "{kickoff: who, step: choose, field: device,", 1),
	}
	for name, doc := range refused {
		if schema.Validate(yamlAsJSON(t, doc)) == nil {
			t.Errorf("the schema accepts %s", name)
		}
		if _, err := decodeTemplateFile([]byte(doc)); err == nil {
			f, _ := decodeTemplateFile([]byte(doc))
			if f.Validate() == nil {
				t.Errorf("the SDK accepts %s", name)
			}
		}
	}
}

// TestTemplatesApply_PlanDryRunApplyThenNothing is the README's walk-through:
// export, edit, apply --dry-run (the plan, nothing written), apply (the
// plan, then the writes), apply again (no changes, no writes).
func TestTemplatesApply_PlanDryRunApplyThenNothing(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "onboarding.yaml")
	if _, errOut, code := cli(t, srv, "templates", "export", tallyfytest.SampleTemplateID, "-o", file); code != exitOK {
		t.Fatalf("export: exit %d %s", code, errOut)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(raw), "label: Call notes", "label: Call notes\n        guidance: Who came, and what was agreed.", 1)
	edited = strings.Replace(edited, "  - id: 9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f\n", "  - title: Book the first review\n    step_type: task\n  - id: 9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f\n", 1)
	if edited == string(raw) || !strings.Contains(edited, "Book the first review") {
		t.Fatalf("the edit did not apply to:\n%s", raw)
	}
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	out, errOut, code := cli(t, srv, "templates", "apply", file, "--dry-run")
	if code != exitOK || !strings.Contains(out, "1 to create, 1 to change, 0 to remove") ||
		!strings.Contains(out, `+ step "Book the first review"`) || !strings.Contains(out, `guidance: "" → "Who came, and what was agreed."`) ||
		!strings.HasSuffix(out, "Dry run: nothing was changed.\n") {
		t.Fatalf("dry run: exit %d %s\n%s", code, errOut, out)
	}
	if w := writesTo(srv); len(w) != 0 {
		t.Fatalf("the dry run wrote %q", w)
	}
	out, errOut, code = cli(t, srv, "templates", "apply", file)
	if code != exitOK || !strings.Contains(out, "Applied 2 of 2 changes to template "+tallyfytest.SampleTemplateID) {
		t.Fatalf("apply: exit %d %s\n%s", code, errOut, out)
	}
	if w := writesTo(srv); len(w) != 2 {
		t.Errorf("apply wrote %q, want the field update and the step", w)
	}
	srv.ClearRequests()
	out, _, code = cli(t, srv, "templates", "apply", file)
	if code != exitOK || !strings.Contains(out, "No changes") || len(writesTo(srv)) != 0 {
		t.Errorf("second apply: exit %d, writes %q\n%s", code, writesTo(srv), out)
	}
	out, _, _ = cli(t, srv, "steps", "list", tallyfytest.SampleTemplateID)
	if !strings.Contains(out, "Book the first review") {
		t.Errorf("steps list after apply:\n%s", out)
	}
}

func TestTemplatesApply_NamesTheFileProblem(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	for name, doc := range map[string]string{
		"misspelt.yaml": strings.Replace(withAutomations, "required: true", "requird: true", 1),
		"never.yaml":    strings.Replace(withAutomations, ", statement: any_time", "", 1),
		"nobody.yaml":   strings.Replace(withAutomations, "owner: alice@acme.example", "owner: zed@acme.example", 1),
	} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		_, errOut, code := cli(t, srv, "templates", "apply", file)
		if code == exitOK || errOut == "" {
			t.Errorf("%s: exit %d, stderr %q", name, code, errOut)
		}
	}
	if w := writesTo(srv); len(w) != 0 {
		t.Errorf("refused files wrote %q", w)
	}
}

func TestTemplatesDelete_NeedsYes(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	_, errOut, code := cli(t, srv, "templates", "delete", tallyfytest.SampleTemplateID)
	if code != exitUsage || !strings.Contains(errOut, "--yes") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if w := writesTo(srv); len(w) != 0 {
		t.Errorf("wrote %q", w)
	}
}
