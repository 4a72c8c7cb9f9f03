package tallyfytest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

const (
	testRunID      = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	testTaskID     = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	testTemplateID = "cccccccccccccccccccccccccccccccc"
	testFieldID    = "dddddddddddddddddddddddddddddddd"
	testTagID      = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
)

var launched = time.Date(2025, time.January, 6, 9, 0, 0, 0, time.UTC)

// testRun is a minimal run: required fields only, lists and maps left nil on purpose.
func testRun() gen.Run {
	return gen.Run{
		ID: testRunID, IncrementID: 1, ChecklistID: testTemplateID, ChecklistTitle: "Test template",
		Name: "Test run", Status: "active", Progress: gen.Progress{Total: 1}, WholeProgress: gen.Progress{Total: 1},
		StartedBy: 7, OwnerID: 7, PrerunStatus: "complete", CreatedAt: launched, LastUpdated: launched, Type: "procedure",
		Tags: []gen.Tag{{ID: testTagID, Title: "Test"}},
	}
}

func testTask() gen.Task {
	return gen.Task{
		ID: testTaskID, IncrementID: 2, Title: "Test task", RunID: ptr(testRunID), ChecklistID: ptr(testTemplateID),
		Status: "completed", TaskType: "task", Position: 1, CreatedAt: launched, LastUpdated: launched,
		Owners:     gen.TaskOwners{Users: []gen.UserRef{{ID: 7}}},
		FormFields: []gen.FormField{{ID: testFieldID, Label: "Answer", FieldType: "text"}},
		Taskdata:   mustObject(map[string]any{testFieldID: "forty-two"}),
	}
}

func testTemplate() gen.Template {
	return gen.Template{
		ID: testTemplateID, Title: "Test template", Status: "published", Type: "procedure", OwnerID: 7, CreatedBy: 7,
		CreatedAt: launched, LastUpdated: launched,
		Steps: []gen.Step{{ID: "ffffffffffffffffffffffffffffffff", ChecklistID: testTemplateID, Title: "Only step", Position: 1}},
	}
}

func TestWithoutSampleData_StartsEmpty(t *testing.T) {
	f := newFixture(t, tallyfytest.WithoutSampleData())
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, listParams())
	mustOK(t, resp.StatusCode(), resp.Body, err)
	if len(resp.JSON200.Data) != 0 || resp.JSON200.Meta.Pagination.Total != 0 {
		t.Errorf("an empty server lists %d runs", len(resp.JSON200.Data))
	}
	run, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, runParams())
	if err != nil || run.StatusCode() != http.StatusNotFound {
		t.Errorf("sample run on an empty server: %v %d", err, run.StatusCode())
	}
}

func TestAddRunTaskTemplate_ServesWhatWasAdded(t *testing.T) {
	f := newFixture(t, tallyfytest.WithoutSampleData())
	for _, err := range []error{f.srv.AddTemplate(testTemplate()), f.srv.AddRun(testRun()), f.srv.AddTask(testTask())} {
		if err != nil {
			t.Fatal(err)
		}
	}

	run, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, testRunID,
		runParams(gen.RunIncludeTags, gen.RunIncludeChecklist, gen.RunIncludeTasksFormFields))
	mustOK(t, run.StatusCode(), run.Body, err)
	r := run.JSON200.Data
	if r.Name != "Test run" || r.Tags == nil || len(r.Tags) != 1 || r.Checklist == nil || r.Checklist.Data.ID != testTemplateID {
		t.Errorf("run = %s", run.Body)
	}
	if r.Tasks == nil || len(r.Tasks) != 1 || r.Tasks[0].FormFields[0].Value != nil {
		t.Errorf("tasks = %s, want the added task, without values", run.Body)
	}
	if r.Users == nil || r.Groups == nil || r.Collaborators == nil {
		t.Error("nil lists were not served as empty ones")
	}

	task, err := f.client.GetTaskWithResponse(ctx(t), tallyfytest.SampleOrgID, testTaskID,
		&gen.GetTaskParams{With: &[]gen.TaskInclude{gen.TaskIncludeFormFields, gen.TaskIncludeStep}})
	mustOK(t, task.StatusCode(), task.Body, err)
	if v := task.JSON200.Data.FormFields[0].Value; v != "forty-two" {
		t.Errorf("field value = %v, want the taskdata value", v)
	}

	tpl, err := f.client.GetTemplateWithResponse(ctx(t), tallyfytest.SampleOrgID, testTemplateID,
		&gen.GetTemplateParams{With: &[]gen.TemplateInclude{gen.TemplateIncludeSteps}})
	mustOK(t, tpl.StatusCode(), tpl.Body, err)
	if tpl.JSON200.Data.Steps == nil || len(tpl.JSON200.Data.Steps) != 1 || tpl.JSON200.Data.Prerun == nil {
		t.Errorf("template = %s", tpl.Body)
	}
}

func TestAddRun_ReplacesTheRunWithTheSameID(t *testing.T) {
	f := newFixture(t)
	runs := f.srv.Runs()
	var sample gen.Run
	for _, r := range runs {
		if r.ID == tallyfytest.SampleRunID {
			sample = r
		}
	}
	archived := time.Date(2024, time.May, 22, 8, 0, 0, 0, time.UTC)
	sample.Status, sample.ArchivedAt = "archived", &archived
	if err := f.srv.AddRun(sample); err != nil {
		t.Fatal(err)
	}
	if n := len(f.srv.Runs()); n != len(runs) {
		t.Errorf("%d runs after replacing one, want %d", n, len(runs))
	}
	params := listParams()
	params.Q = ptr("Globex")
	list, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
	mustOK(t, list.StatusCode(), list.Body, err)
	if len(list.JSON200.Data) != 0 {
		t.Error("the archived run is still listed")
	}
}

func TestAddRun_RejectsWhatTheSpecForbids(t *testing.T) {
	tests := []struct {
		name string
		add  func(*tallyfytest.Server) error
		want string
	}{
		{"run id not hex", func(s *tallyfytest.Server) error { r := testRun(); r.ID = "RUN-1"; return s.AddRun(r) }, "Run"},
		{"run name too long", func(s *tallyfytest.Server) error {
			r := testRun()
			r.Name = strings.Repeat("x", 551)
			return s.AddRun(r)
		}, "Run"},
		{"bad tag id", func(s *tallyfytest.Server) error {
			r := testRun()
			r.Tags = []gen.Tag{{ID: "tag", Title: "x"}}
			return s.AddRun(r)
		}, "TagCollection"},
		{"task id not hex", func(s *tallyfytest.Server) error { tk := testTask(); tk.ID = "t1"; return s.AddTask(tk) }, "Task"},
		{"form field id not hex", func(s *tallyfytest.Server) error {
			tk := testTask()
			tk.FormFields[0].ID = "field"
			return s.AddTask(tk)
		}, "FormFieldCollection"},
		{"step id not hex", func(s *tallyfytest.Server) error {
			tpl := testTemplate()
			tpl.Steps[0].ID = "step"
			return s.AddTemplate(tpl)
		}, "StepCollection"},
		{"percent above 100", func(s *tallyfytest.Server) error {
			r := testRun()
			r.Progress.Percent = 150
			return s.AddRun(r)
		}, "Run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tallyfytest.WithoutSampleData())
			err := tt.add(srv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one naming %s", err, tt.want)
			}
			if len(srv.Runs())+len(srv.Tasks(testRunID)) != 0 {
				t.Error("the invalid object was stored")
			}
		})
	}
}

func TestAddRun_KeepsItsOwnCopy(t *testing.T) {
	srv := newServer(t, tallyfytest.WithoutSampleData())
	run := testRun()
	run.Users = []int{7}
	if err := srv.AddRun(run); err != nil {
		t.Fatal(err)
	}
	run.Users[0] = 8
	if got := srv.Runs()[0].Users[0]; got != 7 {
		t.Errorf("users = %v: the server shares the caller's slice", got)
	}
}

func TestReset_RestoresTheInitialState(t *testing.T) {
	f := newFixture(t)
	before := len(f.srv.Runs())
	if err := f.srv.AddRun(testRun()); err != nil {
		t.Fatal(err)
	}
	f.srv.FailNext(5, tallyfytest.Failure{Status: 500})
	f.get(t, orgPath("/runs"), nil)
	f.srv.Reset()
	if n := len(f.srv.Runs()); n != before {
		t.Errorf("%d runs after Reset, want %d", n, before)
	}
	if n := len(f.srv.Requests()); n != 0 {
		t.Errorf("%d requests after Reset", n)
	}
	if resp, _ := f.get(t, orgPath("/runs"), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("status after Reset = %d, want 200: pending failures were kept", resp.StatusCode)
	}
}

func TestWithTokenAndWithOrgID_ChangeWhatIsAccepted(t *testing.T) {
	const org = "acme-org_1"
	f := newFixture(t, tallyfytest.WithToken("other-token"), tallyfytest.WithOrgID(org))
	if f.srv.Token != "other-token" || f.srv.OrgID != org {
		t.Fatalf("Token %q, OrgID %q", f.srv.Token, f.srv.OrgID)
	}
	tests := []struct {
		name   string
		org    string
		token  string
		status int
	}{
		{"configured org and token", org, "other-token", 200},
		{"the sample token no longer works", org, tallyfytest.SampleToken, 401},
		{"the sample org is another org now", tallyfytest.SampleOrgID, "other-token", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.get(t, "/organizations/"+tt.org+"/runs/"+tallyfytest.SampleRunID, bearer(tt.token))
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d; %s", resp.StatusCode, tt.status, body)
			}
		})
	}
}

func TestEmptyOptions_AreIgnored(t *testing.T) {
	srv := newServer(t, tallyfytest.WithToken(""), tallyfytest.WithOrgID(""), nil)
	if srv.Token != tallyfytest.SampleToken || srv.OrgID != tallyfytest.SampleOrgID {
		t.Errorf("Token %q, OrgID %q: empty options were applied", srv.Token, srv.OrgID)
	}
}

func TestNewHandler_ServesOnAnAddressOfTheCallersChoosing(t *testing.T) {
	// What `tallyfy mock --addr` does, on a loopback port picked by httptest.
	ts := httptest.NewServer(tallyfytest.NewHandler())
	t.Cleanup(ts.Close)
	hc := &http.Client{Transport: newSpecChecker(t, ts.URL)}
	req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, ts.URL+orgPath("/runs?per_page=5"), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tallyfytest.SampleToken)
	req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Meta struct {
			Pagination struct {
				Links map[string]string `json:"links"`
			} `json:"pagination"`
		} `json:"meta"`
	}
	if err := decodeBody(resp, &list); err != nil {
		t.Fatal(err)
	}
	if next := list.Meta.Pagination.Links["next"]; !strings.HasPrefix(next, ts.URL+"/organizations/") {
		t.Errorf("next link %q does not point at %s", next, ts.URL)
	}
}

func TestHandler_SharesTheServersState(t *testing.T) {
	srv := newServer(t)
	mirror := httptest.NewServer(srv.Handler())
	t.Cleanup(mirror.Close)
	srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
	resp, err := http.Get(mirror.URL + "/anything")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || len(srv.Requests()) != 1 {
		t.Errorf("status %d, %d requests recorded; want the server's failure and record", resp.StatusCode, len(srv.Requests()))
	}
}

func TestClose_CanBeCalledTwice(t *testing.T) {
	srv := tallyfytest.NewServer()
	srv.Close()
	srv.Close()
	if _, err := http.Get(srv.URL + "/"); err == nil {
		t.Error("the server still answers after Close")
	}
}
