package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The kick-off and form-value commands' dry runs join the table of
// writes_test.go.
func init() {
	const run, task = tallyfytest.SampleRunID, tallyfytest.InProgressTaskID
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"runs", "kickoff-complete", run}, "POST", "/runs/" + run + "/complete-prerun", []string{"(no body)"}},
		{[]string{"runs", "kickoff-reopen", run}, "DELETE", "/runs/" + run + "/complete-prerun", []string{"(no body)"}},
		{[]string{"runs", "set-value", run, "--value-id", "v1", "--field", "Company name=Globex Holdings"}, "PUT", "/form-field/value",
			[]string{`"id": "v1"`, `"form_value": "Globex Holdings"`}},
		// The field is named by its label and sent by its id, one per request.
		{[]string{"tasks", "save", task, "--field", "Call notes=Moved."}, "POST", "/tasks/" + task + "/captures", []string{`"value": "Moved."`, `"id": "`}},
	}...)
}

func TestKickoffCommands_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	run, task := tallyfytest.SampleRunID, tallyfytest.InProgressTaskID
	out, errOut, code := cli(t, srv, "runs", "kickoff-reopen", run, "-o", "json")
	if code != exitOK || !strings.Contains(out, `"prerun_status": "pending"`) {
		t.Fatalf("kickoff-reopen: exit %d %s\n%s", code, errOut, out)
	}
	out, errOut, code = cli(t, srv, "runs", "kickoff-complete", run, "-o", "json")
	if code != exitOK || !strings.Contains(out, `"prerun_status": "complete"`) {
		t.Fatalf("kickoff-complete: exit %d %s\n%s", code, errOut, out)
	}
	out, errOut, code = cli(t, srv, "tasks", "save", task, "--field", "Call notes=Moved to Thursday.")
	if code != exitOK || !strings.Contains(out, "Moved to Thursday.") {
		t.Fatalf("tasks save: exit %d %s\n%s", code, errOut, out)
	}
	// The value saved shows in the process's form fields, with its task.
	out, errOut, code = cli(t, srv, "runs", "fields", run, "-o", "jsonl")
	if code != exitOK {
		t.Fatalf("runs fields: exit %d %s", code, errOut)
	}
	var saved, kickoff bool
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var row map[string]any
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("runs fields -o jsonl: %v\n%s", err, line)
		}
		saved = saved || (row["kind"] == "task" && row["value"] == "Moved to Thursday." && row["task_id"] == task)
		kickoff = kickoff || row["kind"] == "kickoff"
	}
	if !saved || !kickoff {
		t.Errorf("runs fields: saved value shown %v, kick-off fields shown %v\n%s", saved, kickoff, out)
	}
	// A key naming no field: refused before anything is sent (exit 2).
	_, errOut, code = cli(t, srv, "tasks", "save", task, "--field", "no such field=x")
	if code != exitUsage || !strings.Contains(errOut, "no such field") {
		t.Errorf("unknown field: exit %d %s", code, errOut)
	}
	_, _, code = cli(t, srv, "tasks", "save", task)
	if code != exitUsage {
		t.Errorf("tasks save without --field: exit %d, want %d", code, exitUsage)
	}
	// A kick-off value replaced by its stored value's id.
	valueID := tallyfytest.StoredValueID(run, "1a2b3c4d5e6f708192a3b4c5d6e7f809")
	out, errOut, code = cli(t, srv, "runs", "set-value", run, "--value-id", valueID, "--field", "Company name=Globex Holdings")
	if code != exitOK || !strings.Contains(out, "Globex Holdings") {
		t.Fatalf("runs set-value: exit %d %s\n%s", code, errOut, out)
	}
	_, _, code = cli(t, srv, "runs", "set-value", run, "--field", "Company name=x")
	if code != exitUsage {
		t.Errorf("runs set-value without --value-id: exit %d, want %d", code, exitUsage)
	}
}
