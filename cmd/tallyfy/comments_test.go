package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The comment commands' dry runs join the table of writes_test.go.
func init() {
	const run, task = tallyfytest.SampleRunID, tallyfytest.InProgressTaskID
	dryRuns = append(dryRuns, []dryRun{
		{[]string{"runs", "comment", run, "--text", "Booked", "--visibility", "members"}, "POST", "/runs/" + run + "/comment",
			[]string{`"content": "Booked"`, `"state": "hide-for-guests"`}},
		{[]string{"tasks", "issue", task, "--text", "Page 2 is missing"}, "POST", "/tasks/" + task + "/problem",
			[]string{`"content": "Page 2 is missing"`}},
		{[]string{"tasks", "resolve", task, "--thread", "77101", "--text", "Arrived"}, "POST", "/tasks/" + task + "/resolved-threads",
			[]string{`"thread_id": 77101`, `"content": "Arrived"`}},
	}...)
}

func TestCommentCommands_IssueAndResolveAgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	task := tallyfytest.InProgressTaskID
	out, errOut, code := cli(t, srv, "tasks", "issue", task, "--text", "Page 2 is missing.", "-o", "json")
	if code != exitOK {
		t.Fatalf("tasks issue: exit %d %s", code, errOut)
	}
	var issue struct {
		ID    int    `json:"id"`
		Label string `json:"label"`
	}
	if err := json.Unmarshal([]byte(out), &issue); err != nil || issue.Label != "problem" {
		t.Fatalf("tasks issue printed %s (%v)", out, err)
	}
	if out, _, _ = cli(t, srv, "tasks", "get", task, "-o", "json"); !strings.Contains(out, `"problem": true`) {
		t.Fatalf("the task is not flagged after tasks issue:\n%s", out)
	}
	if _, errOut, code = cli(t, srv, "tasks", "resolve", task, "--text", "Arrived."); code == exitOK || !strings.Contains(errOut, "--thread") {
		t.Fatalf("tasks resolve without --thread: exit %d %s", code, errOut)
	}
	if _, errOut, code = cli(t, srv, "tasks", "resolve", task, "--thread", strconv.Itoa(issue.ID), "--text", "Arrived."); code != exitOK {
		t.Fatalf("tasks resolve: exit %d %s", code, errOut)
	}
	if out, _, _ = cli(t, srv, "tasks", "get", task, "-o", "json"); !strings.Contains(out, `"problem": false`) {
		t.Fatalf("the task is still flagged after tasks resolve:\n%s", out)
	}
	if _, errOut, code = cli(t, srv, "runs", "comment", tallyfytest.SampleRunID, "--text", "Booked."); code == exitOK || !strings.Contains(errOut, "--visibility") {
		t.Fatalf("runs comment without --visibility: exit %d %s", code, errOut)
	}
	if _, errOut, code = cli(t, srv, "runs", "comment", tallyfytest.SampleRunID, "--text", "Booked.", "--visibility", "all"); code != exitOK {
		t.Fatalf("runs comment: exit %d %s", code, errOut)
	}
	if got := srv.Threads("runs", tallyfytest.SampleRunID); len(got) != 1 || *got[0].State != "open" {
		t.Fatalf("process threads = %+v", got)
	}
}
