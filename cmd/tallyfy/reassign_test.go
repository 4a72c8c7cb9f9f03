package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestTasksReassign_SetsExactlyTheOwnersNamed(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	var open string
	for _, tk := range srv.Tasks(tallyfytest.SampleRunID) {
		if tk.Status != "completed" && open == "" {
			open = tk.ID
		}
	}
	// No --run: the task is read to find its process.
	out, errOut, code := cli(t, srv, "tasks", "reassign", open, "--to", "alice@acme.example", "--to", "Finance team", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var printed struct {
		Owners struct {
			Users  []json.RawMessage `json:"users"`
			Guests []string          `json:"guests"`
			Groups []string          `json:"groups"`
		} `json:"owners"`
	}
	if err := json.Unmarshal([]byte(out), &printed); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var task *struct{ users []int }
	for _, tk := range srv.Tasks(tallyfytest.SampleRunID) {
		if tk.ID == open {
			var users []int
			for _, u := range tk.Owners.Users {
				users = append(users, u.ID)
			}
			task = &struct{ users []int }{users}
			if !slices.Equal(users, []int{tallyfytest.AdminUserID}) || !slices.Equal(tk.Owners.Groups, []string{tallyfytest.FinanceGroupID}) || len(tk.Owners.Guests) != 0 {
				t.Errorf("stored owners: users %v, guests %v, groups %v", users, tk.Owners.Guests, tk.Owners.Groups)
			}
		}
	}
	if task == nil {
		t.Fatal("the sample run has no open task")
	}
	if len(printed.Owners.Users) != 1 || len(printed.Owners.Groups) != 1 {
		t.Errorf("printed owners %+v", printed.Owners)
	}
	if w := writesTo(srv); !slices.Equal(w, []string{"PUT /organizations/" + srv.OrgID + "/runs/" + tallyfytest.SampleRunID + "/tasks/" + open}) {
		t.Errorf("writes = %q", w)
	}
}

func TestTasksReassign_RefusesBadNamesAndSendsNothing(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	cases := []struct {
		to   []string
		want string
	}{
		{[]string{"Zed Nobody"}, `"Zed Nobody"`},
		{[]string{"stranger@initech.example"}, `write "guest:stranger@initech.example"`},
		{[]string{"bob@acme.example", "guest:not an address"}, "not one bare email address"},
	}
	for _, tc := range cases {
		args := []string{"tasks", "reassign", tallyfytest.SampleTaskID, "--run", tallyfytest.SampleRunID}
		for _, p := range tc.to {
			args = append(args, "--to", p)
		}
		_, errOut, code := cli(t, srv, args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d naming %q", tc.to, code, errOut, exitUsage, tc.want)
		}
	}
	if w := writesTo(srv); len(w) != 0 {
		t.Errorf("writes = %q", w)
	}
	if _, _, err := parse("tasks", "reassign", tallyfytest.SampleTaskID); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Errorf("no --to: %v", err)
	}
	if _, _, err := parse("tasks", "reassign", tallyfytest.SampleTaskID, "--to", " "); err == nil {
		t.Error("an empty --to was accepted")
	}
}

func TestRunsLaunch_AssigneesFieldByEmail(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	_, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--name", "Supplier - Initech",
		"--field", "Supplier name=Initech", "--field", "Contact email=ap@initech.example",
		"--field", "Contract start=2027-01-04", "--field", "Region=EMEA",
		"--field", "Account team=bob@acme.example")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var sent map[string]any
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/runs") {
			if err := json.Unmarshal(r.Body, &sent); err != nil {
				t.Fatal(err)
			}
		}
	}
	found := false
	for _, v := range sent["prerun"].(map[string]any) {
		if b, _ := json.Marshal(v); string(b) == `{"groups":[],"guests":[],"users":[1002]}` {
			found = true
		}
	}
	if !found {
		t.Errorf("no kick-off value assigns user 1002: %v", sent["prerun"])
	}
}
