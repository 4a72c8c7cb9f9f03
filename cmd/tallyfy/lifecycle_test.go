package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The lifecycle commands' dry runs join the table of writes_test.go. The
// permanent deletes' dry runs have no --yes: a dry run sends nothing, so it
// asks for no confirmation.
func init() {
	const run, task = tallyfytest.ArchivedRunID, tallyfytest.OneOffTaskID
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"runs", "delete", run}, "DELETE", "/runs/" + run + "/delete", []string{"(no body)"}},
		{[]string{"runs", "export", tallyfytest.SampleRunID}, "POST", "/runs/" + tallyfytest.SampleRunID + "/export", []string{"(no body)"}},
		{[]string{"tasks", "archive", task}, "DELETE", "/tasks/" + task, []string{"(no body)"}},
		{[]string{"tasks", "restore", task}, "PUT", "/tasks/" + task + "/restore", []string{"(no body)"}},
		{[]string{"tasks", "delete", task}, "DELETE", "/tasks/" + task + "/delete", []string{"(no body)"}},
		{[]string{"tasks", "clone", task}, "POST", "/tasks/" + task + "/clone", []string{"(no body)"}},
	}...)
}

// answerConfirmation makes the confirmation prompt see a person at a
// terminal who types typed, or (person false) no terminal at all.
func answerConfirmation(t *testing.T, person bool, typed string) {
	t.Helper()
	saved := confirmInput
	confirmInput = func() (io.Reader, bool) { return strings.NewReader(typed), person }
	t.Cleanup(func() { confirmInput = saved })
}

func TestTasksLifecycle_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	task := tallyfytest.OneOffTaskID
	listed := func(id string) bool {
		t.Helper()
		out, errOut, code := cli(t, srv, "tasks", "list", "--all", "-o", "jsonl")
		if code != exitOK {
			t.Fatalf("tasks list: exit %d %s", code, errOut)
		}
		return strings.Contains(out, id)
	}
	if out, errOut, code := cli(t, srv, "tasks", "archive", task); code != exitOK || out != "done\n" {
		t.Fatalf("tasks archive: exit %d %q %s", code, out, errOut)
	}
	if listed(task) {
		t.Error("an archived task is still listed")
	}
	if out, errOut, code := cli(t, srv, "tasks", "list", "--archived", "only", "-o", "jsonl"); code != exitOK || !strings.Contains(out, task) {
		t.Errorf("tasks list --archived only: exit %d %s, want the archived task\n%s", code, errOut, out)
	}
	if _, errOut, code := cli(t, srv, "tasks", "list", "--mine", "--archived", "only"); code != exitUsage || !strings.Contains(errOut, "--mine") {
		t.Errorf("--archived with --mine: exit %d %q, want a usage error", code, errOut)
	}
	if _, errOut, code := cli(t, srv, "tasks", "restore", task); code != exitOK {
		t.Fatalf("tasks restore: exit %d %s", code, errOut)
	}
	if !listed(task) {
		t.Error("a restored task is not listed")
	}

	out, errOut, code := cli(t, srv, "tasks", "clone", task, "-o", "json")
	if code != exitOK {
		t.Fatalf("tasks clone: exit %d %s", code, errOut)
	}
	var copied struct{ ID, Title string }
	if err := json.Unmarshal([]byte(out), &copied); err != nil || copied.ID == "" || copied.ID == task {
		t.Fatalf("tasks clone printed %s (%v), want a new task", out, err)
	}
	if !listed(copied.ID) {
		t.Error("the copy is not listed")
	}
}

func TestTasksDelete_AsksOrNeedsYes(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	task := tallyfytest.OneOffTaskID
	exists := func() bool {
		t.Helper()
		_, _, code := cli(t, srv, "tasks", "get", task)
		return code == exitOK
	}

	answerConfirmation(t, false, "")
	_, errOut, code := cli(t, srv, "tasks", "delete", task)
	if code != exitUsage || !strings.Contains(errOut, "--yes") || !strings.Contains(errOut, "tasks archive") {
		t.Errorf("no terminal, no --yes: exit %d %q; want a usage error naming --yes and tasks archive", code, errOut)
	}
	answerConfirmation(t, true, "no\n")
	if _, errOut, code = cli(t, srv, "tasks", "delete", task); code != exitUsage || !strings.Contains(errOut, "not confirmed") {
		t.Errorf("answered no: exit %d %q", code, errOut)
	}
	if !exists() {
		t.Fatal("the task was deleted without a confirmation")
	}
	if sent := writesTo(srv); len(sent) > 0 {
		t.Errorf("unconfirmed deletes sent %q", sent)
	}

	answerConfirmation(t, true, "yes\n")
	if out, errOut, code := cli(t, srv, "tasks", "delete", task); code != exitOK || out != "done\n" || !strings.Contains(errOut, "cannot be undone") {
		t.Fatalf("answered yes: exit %d %q, prompt %q", code, out, errOut)
	}
	if exists() {
		t.Error("the task is still there after tasks delete")
	}
	if _, _, code = cli(t, srv, "tasks", "delete", task, "--yes"); code != exitNotFound {
		t.Errorf("deleting it again: exit %d, want %d", code, exitNotFound)
	}
}

func TestRunsDelete_OnlyAnArchivedProcessAndOnlyWithYes(t *testing.T) {
	srv := tallyfytest.NewServer(tallyfytest.WithMe(tallyfytest.AdminUserID))
	t.Cleanup(srv.Close)
	run := tallyfytest.SampleRunID
	answerConfirmation(t, false, "")
	if _, errOut, code := cli(t, srv, "runs", "delete", run); code != exitUsage || !strings.Contains(errOut, "runs archive") {
		t.Errorf("without --yes: exit %d %q", code, errOut)
	}
	if _, errOut, code := cli(t, srv, "runs", "delete", run, "--yes"); code == exitOK || !strings.Contains(errOut, "archived") {
		t.Errorf("a process not archived: exit %d %q, want the API's refusal", code, errOut)
	}
	if _, _, code := cli(t, srv, "runs", "archive", run); code != exitOK {
		t.Fatalf("runs archive: exit %d", code)
	}
	if out, errOut, code := cli(t, srv, "runs", "delete", run, "--yes"); code != exitOK || out != "done\n" {
		t.Fatalf("runs delete --yes: exit %d %q %s", code, out, errOut)
	}
	if _, _, code := cli(t, srv, "runs", "get", run); code != exitNotFound {
		t.Errorf("runs get after the delete: exit %d, want %d", code, exitNotFound)
	}
}

func TestRunsExport_WritesTheAnswerToAPrivateFile(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "export.json")
	if out, errOut, code := cli(t, srv, "runs", "export", tallyfytest.SampleRunID, "-o", file); code != exitOK || out != "" {
		t.Fatalf("runs export -o: exit %d %q %s", code, out, errOut)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) || !strings.Contains(string(b), tallyfytest.SampleRunID) || !strings.Contains(string(b), "\n  \"data\"") {
		t.Errorf("the file is not the indented export:\n%.300s", b)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v (%v), want 0600: an export holds the process's form values", st.Mode().Perm(), err)
	}
	out, _, code := cli(t, srv, "runs", "export", tallyfytest.SampleRunID)
	if code != exitOK || !json.Valid([]byte(out)) {
		t.Errorf("runs export to stdout: exit %d\n%.300s", code, out)
	}
}
