package main

import (
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The organizing commands' dry runs join the table of writes_test.go, whose
// test runs them and names any write command without one.
func init() {
	const tag, run, tmpl = tallyfytest.SampleTagID, tallyfytest.SampleRunID, tallyfytest.SampleTemplateID
	const folder = "7c9e6679742540de944be07fc1f90ae7"
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"tags", "create", "Q3", "--color", "#112233"}, "POST", "/tags", []string{`"title": "Q3"`, `"color": "#112233"`}},
		// Only the colour given: the title is read and sent back.
		{[]string{"tags", "update", tag, "--color", "#000000"}, "PUT", "/tags/" + tag, []string{`"title": "Enterprise"`, `"color": "#000000"`}},
		{[]string{"tags", "delete", tag, "--yes"}, "DELETE", "/tags/" + tag, []string{"(no body)"}},
		{[]string{"tags", "apply", tag, "--template", tmpl}, "POST", "/checklists/tags",
			[]string{`"subject_type": "Checklist"`, `"subject_id": "` + tmpl + `"`, `"tag_type": "private"`}},
		{[]string{"tags", "remove", "l1"}, "DELETE", "/checklists/tags/l1", []string{"(no body)"}},
		{[]string{"folders", "create", "Q1", "--processes"}, "POST", "/folders", []string{`"folder_type": "run"`}},
		{[]string{"folders", "update", folder, "--name", "Q2"}, "PUT", "/folders/" + folder, []string{`"name": "Q2"`}},
		{[]string{"folders", "delete", folder}, "DELETE", "/folders/" + folder, []string{"(no body)"}},
		{[]string{"folders", "add", folder, "--run", run}, "POST", "/folders/add-object", []string{`"subject_type": "Run"`}},
		{[]string{"folders", "remove", "12345"}, "DELETE", "/folders-objects/12345", []string{"(no body)"}},
	}...)
}

func TestOrganizeCommands_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "tags", "list", "--all")
	if code != exitOK || !strings.Contains(out, "Enterprise") || !strings.Contains(out, "Compliance") {
		t.Fatalf("tags list: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = cli(t, srv, "tags", "delete", tallyfytest.UrgentTagID)
	if code == exitOK {
		t.Fatalf("tags delete without --yes: exit 0\n%s", out)
	}
	if _, _, code = cli(t, srv, "tags", "get", tallyfytest.UrgentTagID); code != exitOK {
		t.Fatal("the tag was deleted without --yes")
	}
	if out, errOut, code = cli(t, srv, "tags", "delete", tallyfytest.UrgentTagID, "--yes"); code != exitOK {
		t.Fatalf("tags delete --yes: exit %d %s %s", code, out, errOut)
	}
	if _, _, code = cli(t, srv, "tags", "get", tallyfytest.UrgentTagID); code == exitOK {
		t.Fatal("tags get after delete --yes: exit 0")
	}
	out, errOut, code = cli(t, srv, "folders", "create", "Q1 2026", "--processes", "-o", "json")
	if code != exitOK || !strings.Contains(out, `"folder_type": "run"`) {
		t.Fatalf("folders create: exit %d %s\n%s", code, errOut, out)
	}
	if _, errOut, code = cli(t, srv, "tags", "apply", tallyfytest.SampleTagID); code == exitOK {
		t.Fatalf("tags apply without --run or --template: exit 0 %s", errOut)
	}
}
