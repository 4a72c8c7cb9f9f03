package main

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// supplierCSV writes n rows for the Supplier Onboarding template, keyed by
// label, alias and label; bad lists the 0-based rows to spoil (an unknown
// region, which fits none of the dropdown's options).
func supplierCSV(t *testing.T, n int, bad ...int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,Supplier name,contact_email,Contract start,Region\n")
	for i := range n {
		region := "EMEA"
		for _, j := range bad {
			if i == j {
				region = "Atlantis"
			}
		}
		fmt.Fprintf(&b, "Supplier %02d,Supplier %02d,ap%02d@example.com,2027-01-04,%s\n", i, i, i, region)
	}
	path := filepath.Join(t.TempDir(), "suppliers.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func methods(reqs []tallyfytest.Request) map[string]int {
	n := map[string]int{}
	for _, r := range reqs {
		n[r.Method]++
	}
	return n
}

func readResults(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// 20 rows: the template is read once, then one POST a row: 21 requests.
// Run again with the same --results, nothing is launched twice.
func TestRunsLaunchCSV_TwentyRowsTwentyOneRequests(t *testing.T) {
	for _, parallel := range []string{"1", "4"} {
		t.Run("parallel "+parallel, func(t *testing.T) {
			srv := tallyfytest.NewServer()
			t.Cleanup(srv.Close)
			file := supplierCSV(t, 20)
			results := filepath.Join(t.TempDir(), "results.csv")
			out, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--results", results, "--parallel", parallel)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if errOut != "" {
				t.Fatalf("stderr not quiet when piped: %q", errOut)
			}
			reqs := srv.Requests()
			by := methods(reqs)
			t.Logf("20 rows, --parallel %s: %d requests (%d GET, %d POST)", parallel, len(reqs), by["GET"], by["POST"])
			if len(reqs) > 21 || by["GET"] != 1 || by["POST"] != 20 {
				t.Fatalf("%d requests %v, want at most 21: 1 GET (the template), 20 POST", len(reqs), by)
			}
			recs := readResults(t, results)
			if len(recs) != 21 || strings.Join(recs[0], ",") != "line,name,process_id,error" {
				t.Fatalf("results: %v", recs)
			}
			ids := map[string]bool{}
			for _, r := range recs[1:] {
				if r[2] == "" || r[3] != "" || !strings.Contains(out, r[2]) {
					t.Fatalf("result %v not launched or not printed", r)
				}
				ids[r[2]] = true
			}
			if len(ids) != 20 {
				t.Fatalf("%d distinct processes", len(ids))
			}
			srv.ClearRequests()
			out, errOut, code = cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--results", results)
			if code != exitOK || len(srv.Requests()) != 0 || strings.Count(out, "skipped: launched before") != 20 {
				t.Fatalf("re-run: exit %d, %d requests; %s%s", code, len(srv.Requests()), out, errOut)
			}
		})
	}
}

// One bad row or several: nothing is sent, and every bad row is named by
// its line.
func TestRunsLaunchCSV_BadRowsSendNothing(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	file := supplierCSV(t, 6, 1, 4)
	data, _ := os.ReadFile(file)
	// Row 5 (line 6) without a name as well as a bad region; row 3 (line 4) without a name only.
	data = []byte(strings.Replace(strings.Replace(string(data), "Supplier 04,Supplier 04", ",Supplier 04", 1), "Supplier 02,Supplier 02", ",Supplier 02", 1))
	os.WriteFile(file, data, 0o600)
	results := filepath.Join(t.TempDir(), "results.csv")
	_, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--results", results)
	if code != exitUsage {
		t.Fatalf("exit %d, want %d: %s", code, exitUsage, errOut)
	}
	for _, want := range []string{"line 3:", "line 4: the name is empty", "line 6: the name is empty", "Atlantis", "3 of 6 rows", "nothing was sent"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
	if strings.Contains(errOut, "line 2:") || strings.Contains(errOut, "line 5:") {
		t.Errorf("a good row named bad: %s", errOut)
	}
	if by := methods(srv.Requests()); by["POST"] != 0 || by["GET"] != 1 {
		t.Fatalf("requests %v, want the template read only", by)
	}
	if _, err := os.Stat(results); err == nil {
		if recs := readResults(t, results); len(recs) > 1 {
			t.Fatalf("results written for a run that sent nothing: %v", recs)
		}
	}
}

// A row refused by the server fails alone (exit 11) and is launched by the
// re-run; a row whose outcome is unknown is recorded so and never retried.
func TestRunsLaunchCSV_PartialFailureAndUnknownOutcome(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	file := supplierCSV(t, 5)
	results := filepath.Join(t.TempDir(), "results.csv")
	srv.FailOn(http.MethodPost, "/organizations/*/runs", 1, tallyfytest.Failure{Status: http.StatusForbidden})
	_, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--results", results)
	if code != exitPartial || !strings.Contains(errOut, "line 2 (Supplier 00)") || !strings.Contains(errOut, "1 of 5 rows failed") {
		t.Fatalf("exit %d, want %d: %s", code, exitPartial, errOut)
	}
	// The re-run launches the failed row only; its second row's launch
	// is carried out but answered 502: outcome unknown.
	srv.ClearRequests()
	srv.FailOn(http.MethodPost, "/organizations/*/runs", 1, tallyfytest.Failure{Status: http.StatusBadGateway, AfterHandling: true})
	_, errOut, code = cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--results", results)
	if code != exitOutcomeUnknown || methods(srv.Requests())["POST"] != 1 {
		t.Fatalf("re-run: exit %d, %v: %s", code, methods(srv.Requests()), errOut)
	}
	recs := readResults(t, results)
	last := recs[len(recs)-1]
	if last[0] != "2" || !strings.HasPrefix(last[3], unknownMark) {
		t.Fatalf("last result %v, want line 2 unknown", last)
	}
	// Never retried: the third run sends nothing and says why.
	srv.ClearRequests()
	out, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--results", results)
	if code != exitOutcomeUnknown || len(srv.Requests()) != 0 || !strings.Contains(errOut, "not launched again") || !strings.Contains(out, "skipped: "+unknownMark) {
		t.Fatalf("third run: exit %d, %d requests: %s%s", code, len(srv.Requests()), out, errOut)
	}
}

func TestRunsLaunchCSV_FlagsAndFiles(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	file := supplierCSV(t, 2)
	dir := t.TempDir()
	noName := filepath.Join(dir, "noname.csv")
	os.WriteFile(noName, []byte("Supplier name\nAcme\n"), 0o600)
	for _, args := range [][]string{
		{"--from-csv", file, "--name", "x"},
		{"--from-csv", file, "--field", "Region=EMEA"},
		{"--name", "x", "--results", filepath.Join(dir, "r.csv")},
		{"--from-csv", file, "--parallel", "0"},
		{"--from-csv", file, "--parallel", "17"},
		{"--from-csv", file, "--rate", "-1"},
		{"--from-csv", filepath.Join(dir, "missing.csv")},
		{"--from-csv", noName},
	} {
		_, errOut, code := cli(t, srv, append([]string{"runs", "launch", tallyfytest.SupplierTemplateID}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitUsage, errOut)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("usage errors sent %d requests", n)
	}
	// --dry-run checks every row and shows the first row's request.
	out, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--from-csv", file, "--dry-run", "--rate", "50")
	if code != exitOK || !strings.Contains(out, "POST") || !strings.Contains(out, "Supplier 00") || methods(srv.Requests())["POST"] != 0 {
		t.Fatalf("dry run: exit %d: %s%s", code, out, errOut)
	}
}

// plainTasks adds n open tasks without form fields to one process (a
// copy of one of its tasks, ids of their own) and returns that process and
// their ids: the sample processes' open tasks have required fields.
func plainTasks(t *testing.T, srv *tallyfytest.Server, n int) (string, []string) {
	t.Helper()
	const runID = "cdffd986b607208f8ac62fa418e6f440" // Onboarding - Acme Corp, 0/3 done
	var model *gen.Task
	for _, task := range srv.Tasks(runID) {
		if task.Status != tallyfy.TaskStatusCompleted && task.TaskType == tallyfy.TaskTypeTask {
			model = &task
			break
		}
	}
	if model == nil {
		t.Fatal("no open task to copy")
	}
	var ids []string
	for i := range n {
		task := *model
		task.ID = fmt.Sprintf("b01c%028x", i+1)
		task.Title = fmt.Sprintf("Bulk task %d", i+1)
		task.FormFields, task.Taskdata = nil, gen.FreeFormObject{}
		task.Position = 100 + i
		if err := srv.AddTask(task); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, task.ID)
	}
	return runID, ids
}

// N tasks of one process: one list read (plus one task read without
// --run) and one write a task.
func TestTasksComplete_ManyIdsOfOneProcess(t *testing.T) {
	for _, withRun := range []bool{false, true} {
		t.Run(fmt.Sprintf("--run %v", withRun), func(t *testing.T) {
			srv := tallyfytest.NewServer()
			t.Cleanup(srv.Close)
			runID, ids := plainTasks(t, srv, 5)
			args := append([]string{"tasks", "complete"}, ids...)
			budget := len(ids) + 2
			if withRun {
				args = append(args, "--run", runID)
				budget = len(ids) + 1
			}
			srv.ClearRequests()
			out, errOut, code := cli(t, srv, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			reqs := srv.Requests()
			t.Logf("%d tasks of one process (--run %v): %d requests %v", len(ids), withRun, len(reqs), methods(reqs))
			if len(reqs) > budget || methods(reqs)["POST"] != len(ids) {
				t.Fatalf("%d requests %v for %d tasks, want at most %d", len(reqs), methods(reqs), len(ids), budget)
			}
			if strings.Count(out, "completed") != len(ids) {
				t.Fatalf("output: %s", out)
			}
			// Again: each is refused as completed, nothing sent, and
			// every id is named; none done → the failures' own code.
			srv.ClearRequests()
			_, errOut, code = cli(t, srv, args...)
			if code != exitAlreadyDone || methods(srv.Requests())["POST"] != 0 || strings.Count(errOut, "already completed") != len(ids) {
				t.Fatalf("again: exit %d, %v: %s", code, methods(srv.Requests()), errOut)
			}
		})
	}
}

func TestTasksBulk_PartialFailureGoesOn(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	runID, ids := plainTasks(t, srv, 4)
	// A completed task of another process and an id nobody has, first.
	args := append([]string{"tasks", "complete", tallyfytest.SampleTaskID, "0123456789abcdef0123456789abcdef"}, ids...)
	out, errOut, code := cli(t, srv, args...)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d: %s", code, exitPartial, errOut)
	}
	for _, want := range []string{"task " + tallyfytest.SampleTaskID + ": already completed", "task 0123456789abcdef0123456789abcdef: not found", fmt.Sprintf("2 of %d tasks failed", len(ids)+2)} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
	if strings.Count(out, "completed") != len(ids) {
		t.Fatalf("output: %s", out)
	}
	// Reopen them all: the list is read once, one DELETE each.
	srv.ClearRequests()
	_, errOut, code = cli(t, srv, append(append([]string{"tasks", "reopen"}, ids...), "--run", runID)...)
	if reqs := srv.Requests(); code != exitOK || len(reqs) != len(ids)+1 || methods(reqs)["DELETE"] != len(ids) {
		t.Fatalf("reopen: exit %d, %v: %s", code, methods(reqs), errOut)
	}
}

func TestTasksBulk_ReassignAndComment(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	runID, ids := plainTasks(t, srv, 4)
	srv.ClearRequests()
	args := append(append([]string{"tasks", "reassign"}, ids...), "--run", runID, "--to", "1003", "--parallel", "3")
	out, errOut, code := cli(t, srv, args...)
	reqs := srv.Requests()
	t.Logf("reassign %d tasks: %d requests %v", len(ids), len(reqs), methods(reqs))
	if code != exitOK || len(reqs) > len(ids)+2 || methods(reqs)["PUT"] != len(ids) || strings.Count(out, "\n") != len(ids) {
		t.Fatalf("reassign: exit %d, %v: %s%s", code, methods(reqs), out, errOut)
	}
	srv.ClearRequests()
	args = append(append([]string{"tasks", "comment"}, ids...), "--text", "Handed over", "--visibility", "members", "-o", "json")
	out, errOut, code = cli(t, srv, args...)
	if reqs := srv.Requests(); code != exitOK || len(reqs) != len(ids) || !strings.HasPrefix(strings.TrimSpace(out), "[") {
		t.Fatalf("comment: exit %d, %d requests: %s%s", code, len(reqs), out, errOut)
	}
	// One id is still the one-task command, unchanged.
	if _, errOut, code := cli(t, srv, "tasks", "comment", ids[0], "--text", "one", "--visibility", "all"); code != exitOK {
		t.Fatalf("one id: exit %d: %s", code, errOut)
	}
	if _, errOut, code := cli(t, srv, "tasks", "comment", "--text", "none", "--visibility", "all"); code != exitUsage {
		t.Fatalf("no id: exit %d: %s", code, errOut)
	}
	// An id given twice would be written twice from one read: refused.
	srv.ClearRequests()
	for _, cmd := range [][]string{{"complete"}, {"reopen"}, {"reassign", "--to", "1003"}, {"comment", "--text", "x", "--visibility", "all"}} {
		args := append([]string{"tasks", cmd[0], ids[0], ids[1], ids[0]}, cmd[1:]...)
		if _, errOut, code := cli(t, srv, args...); code != exitUsage || !strings.Contains(errOut, "given twice") {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("refused duplicates sent %d requests", n)
	}
}

// TestREADMEBulkWalkthrough runs the README's bulk walkthrough as written and
// checks that it ends where it says: every supplier approved and welcomed.
func TestREADMEBulkWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	for _, tool := range []string{"bash", "jq", "sed", "cut", "tail"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the walkthrough needs %s: %v", tool, err)
		}
	}
	out, errb := runREADMEBlock(t, "Bulk work: many processes, many tasks", t.TempDir(), "")
	for _, want := range []string{"exit 2: nothing was sent", "skipped: launched before"} {
		if !strings.Contains(out, want) {
			t.Errorf("the walkthrough's output lacks %q:\n%s\nstderr:\n%s", want, out, errb)
		}
	}
	var done []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "Approve ") || strings.HasPrefix(line, "Welcome ") {
			done = append(done, line)
		}
	}
	slices.Sort(done)
	want := []string{"Approve Globex", "Approve Initech", "Approve Umbrella", "Welcome Globex", "Welcome Initech", "Welcome Umbrella"}
	if !slices.Equal(done, want) {
		t.Fatalf("completed %v, want %v\n%s\nstderr:\n%s", done, want, out, errb)
	}
}

// The bar is drawn only on a terminal (a buffer is not one), one carriage
// return a step and a newline at the end.
func TestBulkProgress_DrawsOnATerminalOnly(t *testing.T) {
	var quiet strings.Builder
	p := newBulkProgress(&quiet, 3, "launched")
	p.step()
	if quiet.Len() != 0 {
		t.Fatalf("drew on a non-terminal: %q", quiet.String())
	}
	var tty strings.Builder
	p = &bulkProgress{w: &tty, enabled: true, of: 3, verb: "launched"}
	for range 3 {
		p.step()
	}
	got := tty.String()
	if strings.Count(got, "\r") != 3 || !strings.HasSuffix(got, "] 3/3 launched\n") || !strings.Contains(got, "1/3 launched") {
		t.Fatalf("bar: %q", got)
	}
}
