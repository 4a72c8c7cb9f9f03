package main

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestParse_WriteCommandFlags(t *testing.T) {
	tmpl, run, task := tallyfytest.SampleTemplateID, tallyfytest.SampleRunID, tallyfytest.SampleTaskID
	deadline := time.Date(2025, 7, 1, 17, 0, 0, 0, time.UTC)
	serial := bulkOptions{parallel: 1, registered: true} // the bulk flags' defaults
	cases := []struct {
		args []string
		opts any
		dry  bool
	}{
		{[]string{"runs", "launch", tmpl, "--name", "Onboarding - Acme", "--field", "Company name=Acme=Inc",
			"--field-json", `tier={"id":2,"text":"Gold"}`, "--user", "1001", "--user", "1002,1003", "--group", "g1",
			"--tag", "t1", "--tag", "t2", "--dry-run"},
			&runsLaunchOptions{name: "Onboarding - Acme", fields: fieldValues{"Company name": "Acme=Inc",
				"tier": map[string]any{"id": json.Number("2"), "text": "Gold"}},
				users: userIDList{1001, 1002, 1003}, groups: stringList{"g1"}, tags: stringList{"t1", "t2"}, bulkOptions: serial}, true},
		{[]string{"runs", "update", run, "--users", "", "--name", ""},
			&runsUpdateOptions{name: tallyfy.Ptr(""), users: replaceList[userIDsValue, *userIDsValue]{set: true}}, false},
		{[]string{"runs", "archive", run, "--dry-run"}, &noOptions{}, true},
		{[]string{"tasks", "complete", task, "--run", run, "--approve"},
			&tasksCompleteOptions{taskRef: taskRef{run: run}, approve: true, bulkOptions: serial}, false},
		{[]string{"tasks", "reopen", task}, &tasksReopenOptions{bulkOptions: serial}, false},
		{[]string{"tasks", "reopen", task, task, "--parallel", "3", "--rate", "2.5"}, &tasksReopenOptions{bulkOptions: bulkOptions{parallel: 3, rate: 2.5, registered: true}}, false},
		{[]string{"tasks", "comment", task, "--text", "Shipped @[1002]", "--visibility", "members", "--label", "advice"},
			&tasksCommentOptions{text: "Shipped @[1002]", visibility: "members", label: "advice", bulkOptions: serial}, false},
		{[]string{"tasks", "update", task, "--deadline", "2025-07-01T17:00:00Z", "--field-json", "Boxes=3"},
			&tasksUpdateOptions{deadline: deadline, fields: fieldValues{"Boxes": json.Number("3")}}, false},
		{[]string{"tasks", "create", "--title", "Call Acme", "--assign", "1002", "--guest", "ops@globex.example",
			"--deadline", "2025-07-01T17:00:00Z", "--type", "approval"},
			&tasksCreateOptions{title: "Call Acme", taskType: "approval", deadline: deadline, users: userIDList{1002},
				guests: stringList{"ops@globex.example"}}, false},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args[:2], " "), func(t *testing.T) {
			a, inv, err := parse(tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(inv.opts, tc.opts) {
				t.Errorf("options = %#v, want %#v", inv.opts, tc.opts)
			}
			if a.dryRun != tc.dry {
				t.Errorf("dry run = %v", a.dryRun)
			}
		})
	}
}

func TestParse_RefusesBadWriteCommandLines(t *testing.T) {
	tmpl, task := tallyfytest.SampleTemplateID, tallyfytest.SampleTaskID
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"runs", "launch", tmpl}, "--name is required"},
		{[]string{"runs", "launch", tmpl, "--name", "n", "--field", "Company name"}, "want KEY=VALUE"},
		{[]string{"runs", "launch", tmpl, "--name", "n", "--field", "=Acme"}, "want KEY=VALUE"},
		{[]string{"runs", "launch", tmpl, "--name", "n", "--field", "a=1", "--field-json", "a=2"}, `field "a" is given twice`},
		{[]string{"runs", "launch", tmpl, "--name", "n", "--field-json", "a=Acme"}, "not JSON"},
		{[]string{"runs", "launch", tmpl, "--name", "n", "--field-json", "a=1 2"}, "more than one JSON value"},
		{[]string{"runs", "launch", tmpl, "--name", "n", "--user", "bob"}, `"bob" is not a user id`},
		{[]string{"runs", "update", tallyfytest.SampleRunID}, "nothing to change"},
		{[]string{"tasks", "complete", task, "--approve", "--reject"}, "--approve and --reject exclude each other"},
		{[]string{"tasks", "comment", task, "--text", "hi"}, "--visibility is required"},
		{[]string{"tasks", "comment", task, "--text", "hi", "--visibility", "open"}, "want one of all, members, collapsed"},
		{[]string{"tasks", "comment", task, "--visibility", "all"}, "--text is required"},
		{[]string{"tasks", "update", task}, "nothing to change"},
		{[]string{"tasks", "update", task, "--deadline", "tomorrow"}, "not an RFC 3339 date"},
		{[]string{"tasks", "create", "--title", "t", "--deadline", "2025-07-01T17:00:00Z"}, "needs an assignee"},
		{[]string{"tasks", "create", "--title", "t", "--assign", "1", "--deadline", "2025-07-01T17:00:00Z", "--type", "chore"}, "want one of task, approval"},
		{[]string{"tasks", "wait", task, "--interval", "0s"}, "--interval 0s is too short: it must be at least 1s"},
		{[]string{"tasks", "wait", task, "--interval", "999ms"}, "--interval 999ms is too short"},
		{[]string{"tasks", "list", "--all", "--limit", "3"}, "--all and --limit"},
		{[]string{"runs", "get", tallyfytest.SampleRunID, "--dry-run"}, "not defined: -dry-run"},     // reads take no --dry-run
		{[]string{"--dry-run", "runs", "archive", tallyfytest.SampleRunID}, "not defined: -dry-run"}, // a command flag
	}
	for _, tc := range cases {
		if _, _, err := parse(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestFieldJSON_DecodesToPlainValues(t *testing.T) {
	cases := []struct {
		in   string
		want any
	}{
		{`"Acme"`, "Acme"},
		{`2`, json.Number("2")},
		{`12345678901234567890`, json.Number("12345678901234567890")}, // exact, as float64 would not be
		{`["Widget","3"]`, []any{"Widget", "3"}},
		{`{"id":2,"text":"Gold"}`, map[string]any{"id": json.Number("2"), "text": "Gold"}},
		{`{"users":[1001],"guests":[],"groups":["g"]}`, map[string]any{"users": []any{json.Number("1001")}, "guests": []any{}, "groups": []any{"g"}}},
		{`null`, nil},
		{` true `, true},
	}
	for _, tc := range cases {
		got, err := decodeJSONValue(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %#v, %v; want %#v", tc.in, got, err, tc.want)
		}
	}
}

func TestTimeout_WaitIsBoundedOnlyByAGivenTimeout(t *testing.T) {
	id := tallyfytest.SampleTaskID
	cases := []struct {
		args []string
		want time.Duration
	}{
		{[]string{"tasks", "wait", id}, 0},
		{[]string{"tasks", "wait", id, "--timeout", "10m"}, 10 * time.Minute},
		{[]string{"--timeout", "2m", "tasks", "wait", id}, 2 * time.Minute}, // given, even if it is the default
		{[]string{"tasks", "get", id}, 2 * time.Minute},
		{[]string{"runs", "launch", tallyfytest.SampleTemplateID, "--name", "n"}, 2 * time.Minute},
		{[]string{"version"}, 0},
	}
	for _, tc := range cases {
		a, inv, err := parse(tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.timeoutFor(inv.cmd); got != tc.want {
			t.Errorf("%q: timeout %s, want %s", tc.args, got, tc.want)
		}
	}
}

func TestHelp_EveryWriteCommandTakesDryRun(t *testing.T) {
	for _, c := range commands {
		out, _, code := cli(t, nil, append(strings.Fields(c.name), "--help")...)
		if code != exitOK {
			t.Fatalf("%s --help: exit %d", c.name, code)
		}
		if listsFlag(out, "dry-run") != c.write {
			t.Errorf("%s --help lists --dry-run: %v, but the command writes: %v", c.name, !c.write, c.write)
		}
	}
	out, _, _ := cli(t, nil, "tasks", "comment", "--help")
	if !strings.Contains(out, "hides a comment from the guests") {
		t.Errorf("tasks comment --help does not say why --visibility is required:\n%s", out)
	}
	out, _, _ = cli(t, nil, "--help")
	for _, w := range []string{"7  outcome unknown", "8  already completed", "9  tasks wait"} {
		if !strings.Contains(out, w) {
			t.Errorf("help lacks exit code %q", w)
		}
	}
}

// writesTo lists the requests that reached srv and were not reads.
func writesTo(srv *tallyfytest.Server) []string {
	var writes []string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			writes = append(writes, r.Method+" "+r.Path)
		}
	}
	return writes
}

// dryRuns is a dry run of every write command, against the sample data.
// Each one's reads (a template, a process, a task) are answered by the fake
// as it is today; the task commands use the one-off task, which GetTask reads.
// dryRun is a write command's dry run: the request it must print (method,
// the end of the path, pieces of the body).
type dryRun struct {
	args       []string
	method     string
	pathSuffix string
	body       []string // in the printed body
}

// dryRuns lists every write command's dry run; each area's test file adds
// its own in an init.
var dryRuns = []dryRun{
	{[]string{"runs", "launch", tallyfytest.SampleTemplateID, "--name", "Onboarding - Acme", "--user", "1002", "--tag", tallyfytest.SampleTagID},
		"POST", "/runs", []string{`"checklist_id": "` + tallyfytest.SampleTemplateID + `"`, `"name": "Onboarding - Acme"`, `"users": [`, tallyfytest.SampleTagID}},
	{[]string{"runs", "update", tallyfytest.SampleRunID, "--name", "Renamed"},
		"PUT", "/runs/" + tallyfytest.SampleRunID, []string{`"name": "Renamed"`, `"users": [`, "1002", `"groups": []`}},
	{[]string{"runs", "archive", tallyfytest.SampleRunID}, "DELETE", "/runs/" + tallyfytest.SampleRunID, []string{"(no body)"}},
	{[]string{"runs", "activate", tallyfytest.ArchivedRunID}, "PUT", "/runs/" + tallyfytest.ArchivedRunID + "/activate", []string{"(no body)"}},
	{[]string{"tasks", "complete", tallyfytest.OneOffTaskID}, "POST", "/completed-tasks", []string{`"task_id": "` + tallyfytest.OneOffTaskID + `"`}},
	{[]string{"tasks", "reopen", tallyfytest.SampleTaskID, "--run", tallyfytest.SampleRunID},
		"DELETE", "/runs/" + tallyfytest.SampleRunID + "/completed-tasks/" + tallyfytest.SampleTaskID, []string{"(no body)"}},
	{[]string{"tasks", "update", tallyfytest.OneOffTaskID, "--title", "Renamed task"},
		"PUT", "/tasks/" + tallyfytest.OneOffTaskID, []string{`"title": "Renamed task"`, `"deadline"`, `"owners"`}},
	{[]string{"tasks", "create", "--title", "Call Acme", "--assign", "1002", "--deadline", "2025-07-01T17:00:00Z"},
		"POST", "/tasks", []string{`"title": "Call Acme"`, `"task_type": "task"`, `"deadline": "2025-07-01T17:00:00Z"`, `"guests": []`}},
	{[]string{"tasks", "reassign", tallyfytest.OneOffTaskID, "--to", "alice@acme.example", "--to", "Finance team"},
		"PUT", "/tasks/" + tallyfytest.OneOffTaskID, []string{`"users": [`, "1001", tallyfytest.FinanceGroupID, `"guests": []`}},
	{[]string{"tasks", "comment", tallyfytest.SampleTaskID, "--text", "Shipped", "--visibility", "all"},
		"POST", "/tasks/" + tallyfytest.SampleTaskID + "/comment", []string{`"content": "Shipped"`, `"state": "open"`}},
}

func TestDryRun_EveryWriteCommandPrintsItsRequestAndSendsNothing(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	covered := map[string]bool{}
	for _, tc := range dryRuns {
		name := strings.Join(tc.args[:2], " ")
		if c, ok := findCommand(tc.args); ok { // a command of one word, as api, takes arguments next
			name = c.name
		}
		covered[name] = true
		t.Run(name, func(t *testing.T) {
			out, errOut, code := cli(t, srv, append(tc.args, "--dry-run")...)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			line := tc.method + " /organizations/" + srv.OrgID + tc.pathSuffix + "\n"
			if !strings.HasPrefix(out, "Dry run: nothing was sent") || !strings.Contains(out, "\n"+line) {
				t.Errorf("stdout lacks the request line %q:\n%s", line, out)
			}
			for _, w := range tc.body {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, srv.Token) || strings.Contains(strings.ToLower(out), "authorization") {
				t.Errorf("dry run prints the token or the Authorization header:\n%s", out)
			}
		})
	}
	if sent := writesTo(srv); len(sent) > 0 {
		t.Errorf("dry runs sent writes: %q", sent)
	}
	// templates apply plans instead of sending a request: its dry run prints
	// the plan (TestTemplatesApply_PlanDryRunApplyThenNothing).
	covered["templates apply"] = true
	for _, c := range commands {
		if c.write && !covered[c.name] {
			t.Errorf("write command %q has no dry-run case", c.name)
		}
	}
}

func TestDryRun_LaunchCreatesNoRun(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	count := func() int {
		out, _, code := cli(t, srv, "runs", "list", "--all", "--per-page", "100", "-o", "jsonl")
		if code != exitOK {
			t.Fatalf("runs list: exit %d", code)
		}
		return strings.Count(out, "\n")
	}
	before := count()
	out, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SampleTemplateID, "--name", "Onboarding - Acme",
		"--field", "Company name=Acme", "--field", "start_date=2024-06-03", "--dry-run", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var printed struct {
		DryRun bool           `json:"dry_run"`
		Method string         `json:"method"`
		Path   string         `json:"path"`
		Body   map[string]any `json:"body"`
	}
	if err := json.Unmarshal([]byte(out), &printed); err != nil {
		t.Fatalf("-o json: %v\n%s", err, out)
	}
	if !printed.DryRun || printed.Method != "POST" || printed.Path != "/organizations/"+srv.OrgID+"/runs" ||
		printed.Body["checklist_id"] != tallyfytest.SampleTemplateID {
		t.Errorf("printed %+v", printed)
	}
	if after := count(); after != before {
		t.Errorf("a dry run changed the number of runs from %d to %d", before, after)
	}
}

// TestDryRun_LaunchPrintsTheResolvedFieldValues needs the form-field
// encoder (tallyfy/fields.go, which replaces fields_stub.go): the body
// holds each value under the field's id, which the label or alias was
// resolved to.
func TestDryRun_LaunchPrintsTheResolvedFieldValues(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SampleTemplateID, "--name", "Onboarding - Acme",
		"--field", "Company name=Acme", "--field", "start_date=2024-06-03", "--dry-run")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if want := `"` + tallyfytest.SampleKickoffFieldID + `": "Acme"`; !strings.Contains(out, want) {
		t.Errorf("the body lacks %s, the label resolved to the field id:\n%s", want, out)
	}
	if strings.Contains(out, "start_date") || strings.Contains(out, "Company name") {
		t.Errorf("the body keys a field by its alias or label, which the API would drop:\n%s", out)
	}
}

func TestDryRun_UpdateKeepsTheMembersNotGiven(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "runs", "update", tallyfytest.SampleRunID, "--groups", tallyfytest.SampleGroupID, "--dry-run", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var printed struct {
		Body struct {
			Users  []int    `json:"users"`
			Groups []string `json:"groups"`
		} `json:"body"`
	}
	if err := json.Unmarshal([]byte(out), &printed); err != nil {
		t.Fatal(err)
	}
	// The sample run's one member, Bob, is kept; its groups are replaced.
	if !slices.Equal(printed.Body.Users, []int{tallyfytest.SampleUserID}) || !slices.Equal(printed.Body.Groups, []string{tallyfytest.SampleGroupID}) {
		t.Errorf("body = %+v", printed.Body)
	}
}

func TestCLI_WriteErrorsSayWhatToDo(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	cases := []struct {
		name  string
		setup func()
		args  []string
		code  int
		want  []string
		sent  int // writes that reached the server
	}{
		{"launch answered 503", func() { srv.FailOn("POST", "/organizations/*/runs", 1, tallyfytest.Failure{Status: 503}) },
			[]string{"runs", "launch", tallyfytest.SampleTemplateID, "--name", "Onboarding - Acme"}, exitOutcomeUnknown,
			[]string{"outcome unknown: POST /organizations/" + srv.OrgID + "/runs was sent, but the server answered 503",
				"was not repeated", "Check before running it again: tallyfy runs list --checklist " + tallyfytest.SampleTemplateID + " -q 'Onboarding - Acme'"}, 1},
		{"comment answered 502", func() {
			srv.FailOn("POST", "/organizations/*/tasks/*/comment", 1, tallyfytest.Failure{Status: 502})
		}, []string{"tasks", "comment", tallyfytest.SampleTaskID, "--text", "hi", "--visibility", "all"}, exitOutcomeUnknown,
			[]string{"the server answered 502", "tallyfy tasks get " + tallyfytest.SampleTaskID + " --with threads"}, 1},
		{"complete a completed task", nil, []string{"tasks", "complete", tallyfytest.SampleTaskID}, exitAlreadyDone,
			[]string{"already completed: task " + tallyfytest.SampleTaskID + "; nothing was sent",
				"reopen it first: tallyfy tasks reopen " + tallyfytest.SampleTaskID}, 0},
		{"approve a task that is no approval", nil, []string{"tasks", "complete", tallyfytest.OneOffTaskID, "--approve"}, exitUsage,
			[]string{"not an approval"}, 0},
		{"launch from a missing template", nil, []string{"runs", "launch", "0000000000000000000000000000dead", "--name", "n",
			"--field", "a=b"}, exitNotFound, []string{"not found: template 0000000000000000000000000000dead"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			before := len(writesTo(srv))
			_, errOut, code := cli(t, srv, append([]string{"--retries", "3"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
			if sent := len(writesTo(srv)) - before; sent != tc.sent {
				t.Errorf("%d writes reached the server, want %d (a write whose outcome is unknown is never repeated)", sent, tc.sent)
			}
		})
	}
}

// jsonOut runs a command with -o json against srv and decodes what it
// printed; the command must succeed.
func jsonOut[T any](t *testing.T, srv *tallyfytest.Server, args ...string) T {
	t.Helper()
	out, errOut, code := cli(t, srv, append(args, "-o", "json")...)
	if code != exitOK {
		t.Fatalf("%q: exit %d, stderr %q", args, code, errOut)
	}
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%q: %v\n%s", args, err, out)
	}
	return v
}

type runJSON struct {
	ID, Name, Status string
	ChecklistID      string `json:"checklist_id"`
	Users            []int
	ArchivedAt       *string `json:"archived_at"`
}

type taskJSON struct {
	ID, Title, Status string
	TaskType          string `json:"task_type"`
	RunID             string `json:"run_id"`
}

// TestCLI_LaunchAProcessAndCompleteItsTasks is the README's flow. It needs
// the stateful fake (tallyfytest's write handlers, which answer 501 until
// they land): a launch answers 201 with the run, the run has a task per
// step, completing and reopening move a task's status.
func TestCLI_LaunchAProcessAndCompleteItsTasks(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	tmpl := tallyfytest.SampleTemplateID
	run := jsonOut[runJSON](t, srv, "runs", "launch", tmpl, "--name", "Onboarding - Acme",
		"--field", "Company name=Acme", "--field", "start_date=2024-06-03", "--user", "1002")
	if run.ID == "" || run.Name != "Onboarding - Acme" || run.ChecklistID != tmpl {
		t.Fatalf("launched %+v", run)
	}
	if out, _, _ := cli(t, srv, "runs", "list", "--checklist", tmpl, "-q", "Acme"); !strings.Contains(out, run.ID) {
		t.Errorf("runs list does not show the launched run:\n%s", out)
	}
	out, errOut, code := cli(t, srv, "runs", "tasks", run.ID, "--all", "-o", "jsonl")
	if code != exitOK {
		t.Fatalf("runs tasks: exit %d, %q", code, errOut)
	}
	var task taskJSON
	for line := range strings.Lines(out) {
		var tk taskJSON
		if err := json.Unmarshal([]byte(line), &tk); err != nil {
			t.Fatal(err)
		}
		if tk.TaskType == "task" && task.ID == "" {
			task = tk
		}
	}
	if task.ID == "" {
		t.Fatalf("the launched run has no task of type task:\n%s", out)
	}

	// Its required form field first: the API refuses to complete the task
	// without it.
	updated := jsonOut[taskJSON](t, srv, "tasks", "update", task.ID, "--run", run.ID, "--field", "Courier tracking number=1Z999")
	if updated.ID != task.ID {
		t.Errorf("updated task: %+v", updated)
	}
	done := jsonOut[taskJSON](t, srv, "tasks", "complete", task.ID, "--run", run.ID)
	if done.ID != task.ID || done.Status != "completed" {
		t.Errorf("completed task: %+v", done)
	}
	if _, errOut, code := cli(t, srv, "tasks", "complete", task.ID, "--run", run.ID); code != exitAlreadyDone {
		t.Errorf("completing it again: exit %d, %q", code, errOut)
	}
	if again := jsonOut[taskJSON](t, srv, "tasks", "reopen", task.ID, "--run", run.ID); again.Status == "completed" {
		t.Errorf("reopened task: %+v", again)
	}
	comment := jsonOut[struct{ Content, State string }](t, srv, "tasks", "comment", task.ID, "--text", "Welcome pack shipped", "--visibility", "all")
	if comment.Content != "Welcome pack shipped" || comment.State != "open" {
		t.Errorf("comment: %+v", comment)
	}
	renamed := jsonOut[runJSON](t, srv, "runs", "update", run.ID, "--name", "Onboarding - Acme Inc")
	if renamed.Name != "Onboarding - Acme Inc" || len(renamed.Users) != 1 || renamed.Users[0] != 1002 {
		t.Errorf("updated run (members must be kept): %+v", renamed)
	}
	if archived := jsonOut[runJSON](t, srv, "runs", "archive", run.ID); archived.ArchivedAt == nil {
		t.Errorf("archived run: %+v", archived)
	}
	if active := jsonOut[runJSON](t, srv, "runs", "activate", run.ID); active.ArchivedAt != nil {
		t.Errorf("reactivated run: %+v", active)
	}
}

// TestCLI_ReadsOfTheFake needs the stateful fake too: its handlers for
// these reads answer 501 until it lands.
func TestCLI_ReadsOfTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"tasks", "list", "--all"}, []string{"TITLE", "RUN", "Kick-off call with Globex Corp", "- (one-off)"}},
		{[]string{"tasks", "list", "--mine"}, []string{"TITLE", "DEADLINE"}},
		{[]string{"templates", "list", "--all"}, []string{"Client Onboarding V3", "Employee Offboarding"}},
		{[]string{"tasks", "get", tallyfytest.NotStartedTaskID}, []string{"Approve the onboarding plan"}},
		{[]string{"me"}, []string{"ID:", "Email:"}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := cli(t, srv, tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
