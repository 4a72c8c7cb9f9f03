package main

import (
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The custom-fields writes' dry runs join the table of writes_test.go.
func init() {
	const run, task = tallyfytest.SampleRunID, tallyfytest.SampleTaskID
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"custom-fields", "set", "priority", "--task", task, "--run", run, "--value", "42"}, "PATCH",
			"/runs/" + run + "/tasks/" + task + "/custom-fields/priority", []string{`"value": 42`}},
		{[]string{"custom-fields", "unset", "priority", "--member", "1002"}, "DELETE", "/users/1002/custom-fields/priority", []string{"(no body)"}},
		{[]string{"custom-fields", "define", "region", "--applies-to", "guest", "--type", "dropdown", "--required"}, "POST", "/custom-field-keys",
			[]string{`"key": "region"`, `"applies_to": "guest"`, `"field_type": "dropdown"`, `"is_required": true`}},
		{[]string{"custom-fields", "replace", "--template", tallyfytest.SampleTemplateID, "--set", "risk=3", "--set", "owner=Finance"}, "PUT",
			"/checklists/" + tallyfytest.SampleTemplateID + "/custom-fields", []string{`"risk": 3`, `"owner": "Finance"`}},
	}...)
}

func TestCustomFields_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	run := tallyfytest.SampleRunID
	out, errOut, code := cli(t, srv, "custom-fields", "set", "cost_center", "--run", run, "--value", "CC-7")
	if code != exitOK {
		t.Fatalf("set: exit %d %s\n%s", code, errOut, out)
	}
	out, errOut, code = cli(t, srv, "custom-fields", "get", "--run", run)
	if code != exitOK || !strings.Contains(out, `cost_center    "CC-7"`) || !strings.Contains(out, "source_system") {
		t.Fatalf("get: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = cli(t, srv, "custom-fields", "keys", "--applies-to", "process", "-o", "csv")
	if code != exitOK || !strings.HasPrefix(out, "KEY,APPLIES_TO,TYPE,KEY_TYPE,REQUIRED,ACTIVE\n") || !strings.Contains(out, "cost_center,process,text,org,no,yes") {
		t.Fatalf("keys: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"custom-fields", "get"},
		{"custom-fields", "get", "--run", run, "--tag", tallyfytest.SampleTagID},
		{"custom-fields", "get", "--task", tallyfytest.SampleTaskID},
		{"custom-fields", "get", "--step", "s1"},
		{"custom-fields", "set", "cost_center", "--run", run},
		{"custom-fields", "define", "region"},
		{"custom-fields", "replace", "--run", run},
		{"custom-fields", "replace", "--run", run, "--set", "a=1", "--clear-all"},
	} {
		if _, errOut, code = cli(t, srv, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want usage %s", args, code, errOut)
		}
	}
	// The template side has no single-value write: refused before sending.
	before := len(srv.Requests())
	if _, _, code = cli(t, srv, "custom-fields", "set", "cost_center", "--template", tallyfytest.SampleTemplateID, "--value", "x"); code == exitOK {
		t.Error("set on a template: exit 0")
	}
	if n := len(srv.Requests()) - before; n != 0 {
		t.Errorf("set on a template sent %d requests", n)
	}
}
