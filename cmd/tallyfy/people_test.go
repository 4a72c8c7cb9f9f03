package main

import (
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The people commands' dry runs join the table of writes_test.go, whose test
// runs them and names any write command without one.
func init() {
	const group = tallyfytest.SampleGroupID
	guest := tallyfytest.SampleGuestEmail
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"users", "invite", "frank@acme.example", "--first-name", "Frank", "--last-name", "New"}, "POST", "/users/invite",
			[]string{`"email": "frank@acme.example"`, `"role": "light"`}},
		// Only the job title given: the names and time zone are read and sent back.
		{[]string{"users", "update", "1003", "--job-title", "Lead"}, "PUT", "/users/1003",
			[]string{`"first_name": "Carol"`, `"timezone": "Europe/London"`, `"job_title": "Lead"`}},
		{[]string{"users", "update-me", "--team", "Ops"}, "PUT", "/me", []string{`"first_name": "Bob"`, `"team": "Ops"`}},
		{[]string{"users", "role", "1003", "light"}, "PUT", "/users/1003/role", []string{`"role": "light"`}},
		{[]string{"users", "disable", "1004"}, "DELETE", "/users/1004/disable", []string{"(no body)"}},
		{[]string{"users", "enable", "1004"}, "PUT", "/users/1004/enable", []string{"(no body)"}},
		{[]string{"users", "remove", "1004", "--reassign-to", "1002"}, "DELETE", "/users/1004?with_reassignment=true&to=1002", []string{"(no body)"}},
		{[]string{"users", "delete", "1004"}, "DELETE", "/users/1004/delete", []string{"(no body)"}},
		{[]string{"users", "to-guest", "1004"}, "PUT", "/users/1004/to/guest", []string{"(no body)"}},
		{[]string{"guests", "create", "partner@initech.example", "--company", "Initech"}, "POST", "/guests", []string{`"company_name": "Initech"`}},
		{[]string{"guests", "update", guest, "--associated-members", ""}, "PUT", "/guests/" + guest, []string{`"associated_members": []`}},
		{[]string{"guests", "delete", guest}, "DELETE", "/guests/" + guest, []string{"(no body)"}},
		{[]string{"guests", "disable", guest}, "DELETE", "/guests/" + guest + "/disable", []string{"(no body)"}},
		{[]string{"guests", "enable", guest}, "PUT", "/guests/" + guest + "/enable", []string{"(no body)"}},
		{[]string{"guests", "to-member", guest}, "POST", "/guests/" + guest + "/to/member", []string{"(no body)"}},
		{[]string{"groups", "create", "Legal", "--description", "Contracts."}, "POST", "/groups", []string{`"name": "Legal"`}},
		// Only a rename: the description and both lists are read and sent back whole.
		{[]string{"groups", "update", group, "--name", "Onboarding"}, "PUT", "/groups/" + group,
			[]string{`"name": "Onboarding"`, `"description": "Everyone who signs off client onboarding."`, `"members": [`, "1003", `"guests": []`}},
		{[]string{"groups", "delete", group}, "DELETE", "/groups/" + group, []string{"(no body)"}},
	}...)
}

func TestPeopleCommands_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "users", "list")
	if code != exitOK || !strings.Contains(out, "alice@acme.example") || !strings.Contains(out, "admin") {
		t.Fatalf("users list: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = cli(t, srv, "users", "invite", "frank@acme.example", "--first-name", "Frank", "--last-name", "New", "-o", "json")
	if code != exitOK || !strings.Contains(out, `"status": "invited"`) {
		t.Errorf("invite: exit %d\n%s", code, out)
	}
	if _, errOut, code = cli(t, srv, "users", "get", "carol"); code != exitUsage || !strings.Contains(errOut, "user id") {
		t.Errorf("users get carol: exit %d %s", code, errOut)
	}
	if _, _, code = cli(t, srv, "users", "delete", "1004"); code == exitOK {
		t.Error("deleting an enabled member succeeded")
	}
	out, _, code = cli(t, srv, "guests", "tasks", tallyfytest.SampleGuestEmail)
	if code != exitOK || !strings.Contains(out, "Kick-off call") {
		t.Errorf("guests tasks: exit %d\n%s", code, out)
	}
	if _, errOut, code = cli(t, srv, "groups", "create", "Legal"); code != exitUsage || !strings.Contains(errOut, "--description") {
		t.Errorf("groups create without a description: exit %d %s", code, errOut)
	}
	if out, _, code = cli(t, srv, "groups", "delete", tallyfytest.SampleGroupID); code != exitOK || out != "done\n" {
		t.Errorf("groups delete: exit %d %q", code, out)
	}
	out, _, code = cli(t, srv, "tasks", "get", tallyfytest.NotStartedTaskID, "-o", "json")
	if code != exitOK || strings.Contains(out, tallyfytest.SampleGroupID) || !strings.Contains(out, "1003") {
		t.Errorf("the deleted group's task: exit %d\n%s", code, out)
	}
	if out, _, code = cli(t, srv, "org"); code != exitOK || !strings.Contains(out, "Active members:  5") {
		t.Errorf("org: exit %d\n%s", code, out)
	}
}
