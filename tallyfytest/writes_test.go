package tallyfytest_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// send sends body (a string as is, anything else encoded as JSON) with the standard headers and
// returns the status and the body of the answer. The fixture's checker validates the answer.
func (f *fixture) send(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	}
	var edit func(*http.Request)
	if body != nil {
		edit = withBody(raw)
	}
	resp, b := f.do(t, method, path, edit)
	return resp.StatusCode, b
}

// data decodes the "data" member of an answer.
func data[T any](t *testing.T, body []byte) T {
	t.Helper()
	var env struct{ Data T }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("decode %T: %v\n%s", env.Data, err, body)
	}
	return env.Data
}

// wantStatus fails the test unless status is want.
func wantStatus(t *testing.T, status int, body []byte, want int) {
	t.Helper()
	if status != want {
		t.Fatalf("status = %d, want %d; body %s", status, want, body)
	}
}

// wantErrors fails the test unless body is a 422 whose errors map has exactly the messages of want.
func wantErrors(t *testing.T, status int, body []byte, want map[string]string) {
	t.Helper()
	wantStatus(t, status, body, http.StatusUnprocessableEntity)
	var e struct {
		Message string
		Errors  map[string][]string
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	if e.Message != "The given data was invalid." || len(e.Errors) != len(want) {
		t.Fatalf("body = %s, want the errors %v", body, want)
	}
	for k, msg := range want {
		if len(e.Errors[k]) != 1 || e.Errors[k][0] != msg {
			t.Errorf("errors[%s] = %v, want [%q]; body %s", k, e.Errors[k], msg, body)
		}
	}
}

// kickoffIDs maps a template's kick-off field aliases to their ids, read from getTemplate.
func kickoffIDs(t *testing.T, f *fixture, templateID string) map[string]string {
	t.Helper()
	status, body := f.send(t, "GET", orgPath("/checklists/"+templateID), nil)
	wantStatus(t, status, body, 200)
	ids := map[string]string{}
	for _, k := range data[gen.Template](t, body).Prerun {
		ids[*k.Alias] = k.ID
	}
	return ids
}

// fieldIDs maps the form field aliases of a task to their ids, read from getTask.
func fieldIDs(t *testing.T, f *fixture, taskID string) map[string]string {
	t.Helper()
	status, body := f.send(t, "GET", orgPath("/tasks/"+taskID+"?with=form_fields"), nil)
	wantStatus(t, status, body, 200)
	ids := map[string]string{}
	for _, ff := range data[gen.Task](t, body).FormFields {
		ids[*ff.Alias] = ff.ID
	}
	return ids
}

// supplierPrerun is a valid kick-off form of the supplier template, a value for every field,
// keyed by alias; byID keys it by field id.
func supplierPrerun() map[string]any {
	return map[string]any{
		"supplier_name":  "Initrode",
		"notes":          "Found at the trade fair.",
		"contact_email":  "sales@initrode.example",
		"contract_start": "2024-06-01 09:00:00",
		"tier":           "Gold",
		"region":         map[string]any{"id": 1, "text": "EMEA"},
		"services":       []any{map[string]any{"id": 2, "text": "Software", "selected": true}},
		"bank_details":   []any{"Bank of Initrode", "DE89370400440532013000"},
		"contract":       []any{map[string]any{"filename": "contract.pdf", "source": "url", "url": "https://files.example/contract.pdf"}},
		"account_team":   map[string]any{"users": []int{1002}, "guests": []string{}, "groups": []string{}},
	}
}

func byID(ids map[string]string, values map[string]any) map[string]any {
	out := map[string]any{}
	for alias, v := range values {
		id, ok := ids[alias]
		if !ok {
			id = alias // not a field: sent under the name given, to be dropped
		}
		out[id] = v
	}
	return out
}

// launchSupplier launches the supplier template with a valid kick-off form and returns the run.
func launchSupplier(t *testing.T, f *fixture) gen.Run {
	t.Helper()
	ids := kickoffIDs(t, f, tallyfytest.SupplierTemplateID)
	status, body := f.send(t, "POST", orgPath("/runs"), map[string]any{
		"checklist_id": tallyfytest.SupplierTemplateID, "prerun": byID(ids, supplierPrerun()),
	})
	wantStatus(t, status, body, http.StatusCreated)
	return data[gen.Run](t, body)
}

func TestLaunchRun_CreatesARunWithOneTaskPerStep(t *testing.T) {
	f := newFixture(t)
	before := len(f.srv.Runs())
	run := launchSupplier(t, f)
	if len(f.srv.Runs()) != before+1 {
		t.Fatalf("%d runs after the launch, want %d", len(f.srv.Runs()), before+1)
	}
	if run.Name != "Supplier Onboarding - 2024-05-22" || run.Status != "active" || run.ChecklistID != tallyfytest.SupplierTemplateID {
		t.Errorf("run = %q %s of %s, want the default name, active, of the supplier template", run.Name, run.Status, run.ChecklistID)
	}
	if run.Progress.Complete != 0 || run.Progress.Total != 4 || run.StartedBy != tallyfytest.MeUserID || run.ArchivedAt != nil {
		t.Errorf("progress %+v, started_by %d, archived_at %v; want 0/4 by the token's user, not archived", run.Progress, run.StartedBy, run.ArchivedAt)
	}
	tasks := f.srv.Tasks(run.ID)
	want := []struct {
		title, typ string
		users      []int
		groups     []string
	}{
		{"Check the documents of Initrode", "task", []int{tallyfytest.SampleUserID}, nil},
		{"Approve Initrode", "approval", []int{tallyfytest.FinanceUserID, tallyfytest.SampleUserID}, nil},
		{"Set up Initrode in the ERP", "task", nil, []string{tallyfytest.FinanceGroupID}},
		{"Welcome Initrode", "task", []int{tallyfytest.MeUserID}, nil}, // nobody assigned: the launcher (assign_run_starter)
	}
	if len(tasks) != len(want) {
		t.Fatalf("%d tasks, want %d", len(tasks), len(want))
	}
	for i, w := range want {
		task := tasks[i]
		users := make([]int, 0)
		for _, u := range task.Owners.Users {
			users = append(users, u.ID)
		}
		if task.Title != w.title || task.TaskType != w.typ || task.Position != i+1 || !slices.Equal(users, nonNilInts(w.users)) ||
			!slices.Equal(task.Owners.Groups, nonNilStrings(w.groups)) || *task.RunID != run.ID {
			t.Errorf("task %d = %q %s position %d users %v groups %v, want %q %s position %d users %v groups %v",
				i, task.Title, task.TaskType, task.Position, users, task.Owners.Groups, w.title, w.typ, i+1, w.users, w.groups)
		}
	}
	// The kick-off values are stored by field id, as sent.
	ids := kickoffIDs(t, f, tallyfytest.SupplierTemplateID)
	if got := member(run.Prerun, ids["supplier_name"]); got != "Initrode" {
		t.Errorf("prerun supplier_name = %v", got)
	}
	if got, _ := json.Marshal(member(run.Prerun, ids["region"])); string(got) != `{"id":1,"text":"EMEA"}` {
		t.Errorf("prerun region = %s", got)
	}
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestLaunchRun_TheGeneratedClientLaunches(t *testing.T) {
	f := newFixture(t)
	ids := kickoffIDs(t, f, tallyfytest.SecurityReviewTemplateID)
	prerun := gen.FieldValues{ids["scope"]: json.RawMessage(`"Payments"`)}
	resp, err := f.client.LaunchRunWithResponse(ctx(t), tallyfytest.SampleOrgID, gen.LaunchRunRequest{
		ChecklistID: tallyfytest.SecurityReviewTemplateID, Name: ptr("Security review - Payments 2"), Prerun: &prerun,
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != http.StatusCreated || resp.JSON201.Data.Name != "Security review - Payments 2" {
		t.Fatalf("status %d, body %s", resp.StatusCode(), resp.Body)
	}
}

func TestLaunchRun_DropsUnknownPrerunKeysWith201(t *testing.T) {
	f := newFixture(t)
	ids := kickoffIDs(t, f, tallyfytest.SupplierTemplateID)
	values := supplierPrerun()
	values["Supplier name"] = "by label"   // a label, not a field id
	values["account_manager"] = "by alias" // an alias of nothing
	status, body := f.send(t, "POST", orgPath("/runs"), map[string]any{"checklist_id": tallyfytest.SupplierTemplateID, "prerun": byID(ids, values)})
	wantStatus(t, status, body, http.StatusCreated)
	run := data[gen.Run](t, body)
	var prerun map[string]any
	if err := run.Prerun.Decode(&prerun); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"Supplier name", "account_manager"} {
		if _, ok := prerun[k]; ok {
			t.Errorf("prerun keeps the unknown key %q", k)
		}
	}
	if len(prerun) != len(ids) {
		t.Errorf("prerun has %d keys, want the %d fields", len(prerun), len(ids))
	}
}

func TestLaunchRun_RequiredKickoffFieldsMissingAre422(t *testing.T) {
	f := newFixture(t)
	ids := kickoffIDs(t, f, tallyfytest.SupplierTemplateID)
	values := supplierPrerun()
	delete(values, "region")
	values["contract_start"] = "" // an empty value is missing too
	before := len(f.srv.Runs())
	status, body := f.send(t, "POST", orgPath("/runs"), map[string]any{"checklist_id": tallyfytest.SupplierTemplateID, "prerun": byID(ids, values)})
	wantErrors(t, status, body, map[string]string{
		"prerun." + ids["region"]:         "Region is required",
		"prerun." + ids["contract_start"]: "Contract start is required",
	})
	if len(f.srv.Runs()) != before {
		t.Error("a refused launch stored a run")
	}
}

// TestLaunchRun_PrerunAsAListDropsEverything: a list arrives as keys 0, 1, 2..., which match no
// field, so every value is lost and the launch still succeeds.
func TestLaunchRun_PrerunAsAListDropsEverything(t *testing.T) {
	f := newFixture(t)
	tpl := gen.Template{ID: "0123456789abcdef0123456789abcdef", Title: "Optional form", Type: "procedure", Status: "published",
		Prerun: []gen.KickoffField{{ID: "fedcba9876543210fedcba9876543210", Label: "Note", FieldType: "text", Required: ptr(false)}},
		Steps:  []gen.Step{{ID: "00112233445566778899aabbccddeeff", ChecklistID: "0123456789abcdef0123456789abcdef", Title: "Do it", Position: 1}},
	}
	if err := f.srv.AddTemplate(tpl); err != nil {
		t.Fatal(err)
	}
	status, body := f.send(t, "POST", orgPath("/runs"), `{"checklist_id":"0123456789abcdef0123456789abcdef","prerun":[{"fedcba9876543210fedcba9876543210":"lost"}]}`)
	wantStatus(t, status, body, http.StatusCreated)
	if got := decodeJSON(t, body)["data"].(map[string]any)["prerun"]; got == nil || len(got.(map[string]any)) != 0 {
		t.Errorf("prerun = %v, want {}", got)
	}
}

// TestFieldValues_AreCheckedPerFieldType launches the supplier template with one value replaced
// at a time, as FormValuesValidator checks prerun and taskdata.
func TestFieldValues_AreCheckedPerFieldType(t *testing.T) {
	tests := []struct {
		name  string
		alias string
		value any
		err   string // "" for a launch that succeeds
	}{
		{"text takes a number", "supplier_name", 42, ""},
		{"text takes no object", "supplier_name", map[string]any{"first": "x"}, "Supplier name must be text."},
		{"textarea takes a string only", "notes", 12345, "Notes must be a string."},
		{"email is stored verbatim, a wrapper too", "contact_email", map[string]any{"value": "x@y.example"}, ""},
		{"date as YYYY-MM-DD HH:MM:SS", "contract_start", "2024-06-01 09:00:00", ""},
		{"date as RFC 3339", "contract_start", "2024-06-01T09:00:00Z", ""},
		{"date as an epoch number", "contract_start", 1717232400, "Contract start is not a valid date."},
		{"date that is no date", "contract_start", "next Tuesday", "Contract start is not a valid date."},
		{"radio takes the option text", "tier", "Silver", ""},
		{"radio takes no {id, text}", "tier", map[string]any{"id": 1, "text": "Gold"}, "Invalid radio choice selected."},
		{"radio text of no option", "tier", "Platinum", "Invalid radio choice selected."},
		{"radio \"0\" is empty, so it passes", "tier", "0", ""},
		{"dropdown id and text of two options", "region", map[string]any{"id": 2, "text": "EMEA"}, "Invalid dropdown choice selected."},
		{"dropdown as bare text", "region", "EMEA", "Invalid dropdown choice selected."},
		{"dropdown text compared exactly", "region", map[string]any{"id": 1, "text": "emea"}, "Invalid dropdown choice selected."},
		{"multiselect list of choices", "services", []any{map[string]any{"id": 1, "text": "Hardware", "selected": true}, map[string]any{"id": 3, "text": "Consulting", "selected": true}}, ""},
		{"multiselect as one object", "services", map[string]any{"id": 1, "text": "Hardware", "selected": true}, "Invalid multiselect choice selected."},
		{"table with too few columns", "bank_details", []any{"Bank of Initrode"}, "Number of columns does not match required columns"},
		{"table as an empty string", "bank_details", "", "Invalid table field"},
		{"table as an empty list", "bank_details", []any{}, "Invalid table field"},
		{"file as a bare URL", "contract", "https://files.example/contract.pdf", "Signed contract must be a list of files, each with an id, url or full_url."},
		{"file without id or url", "contract", []any{map[string]any{"filename": "contract.pdf"}}, "Signed contract must be a list of files, each with an id, url or full_url."},
		{"file by asset id", "contract", []any{map[string]any{"id": "a1b2"}}, ""},
		{"assignees_form as a name", "account_team", "bob", "Account team must be an object of users, guests and groups."},
		{"null clears an optional field", "notes", nil, ""},
		{"false clears an optional field", "services", false, ""},
	}
	f := newFixture(t)
	ids := kickoffIDs(t, f, tallyfytest.SupplierTemplateID)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := supplierPrerun()
			values[tt.alias] = tt.value
			status, body := f.send(t, "POST", orgPath("/runs"), map[string]any{"checklist_id": tallyfytest.SupplierTemplateID, "prerun": byID(ids, values)})
			if tt.err != "" {
				wantErrors(t, status, body, map[string]string{"prerun." + ids[tt.alias]: tt.err})
				return
			}
			wantStatus(t, status, body, http.StatusCreated)
			got, _ := json.Marshal(member(data[gen.Run](t, body).Prerun, ids[tt.alias]))
			want, _ := json.Marshal(tt.value)
			if isEmptyValue(tt.value) {
				want = []byte("null") // a cleared value is stored as null
			}
			if string(got) != string(want) {
				t.Errorf("stored %s, want %s", got, want)
			}
		})
	}
}

func isEmptyValue(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case string:
		return v == "" || v == "0"
	}
	return false
}

// TestUpdateRun_WithoutUsersAndGroupsEmptiesThem is the trap of updateRun: the spec requires both
// sets, the server does not, and empties a missing one.
func TestUpdateRun_WithoutUsersAndGroupsEmptiesThem(t *testing.T) {
	f := newFixture(t)
	run := "/runs/" + tallyfytest.SampleRunID
	status, body := f.send(t, "PUT", orgPath(run), `{"name":"Onboarding - Globex (renamed)"}`)
	wantStatus(t, status, body, 200)
	got := data[gen.Run](t, body)
	if got.Name != "Onboarding - Globex (renamed)" || len(got.Users) != 0 || len(got.Groups) != 0 {
		t.Errorf("name %q users %v groups %v, want renamed with no users and no groups", got.Name, got.Users, got.Groups)
	}
	// Sending the sets keeps them: they replace what was there.
	status, body = f.send(t, "PUT", orgPath(run), map[string]any{"users": []int{1002, 1003}, "groups": []string{tallyfytest.SampleGroupID}})
	wantStatus(t, status, body, 200)
	got = data[gen.Run](t, body)
	if !slices.Equal(got.Users, []int{1002, 1003}) || !slices.Equal(got.Groups, []string{tallyfytest.SampleGroupID}) || got.Name != "Onboarding - Globex (renamed)" {
		t.Errorf("users %v groups %v name %q, want the sets sent and the name kept", got.Users, got.Groups, got.Name)
	}
}

func TestUpdateRun_ChangesOnlyThePrerunKeysSent(t *testing.T) {
	f := newFixture(t)
	run := "/runs/" + tallyfytest.SampleRunID
	status, body := f.send(t, "PUT", orgPath(run), map[string]any{
		"users": []int{1002}, "groups": []string{},
		"prerun": map[string]any{tallyfytest.SampleKickoffFieldID: "Globex Inc.", "company_name": "dropped"},
	})
	wantStatus(t, status, body, 200)
	got := data[gen.Run](t, body)
	if member(got.Prerun, tallyfytest.SampleKickoffFieldID) != "Globex Inc." || member(got.Prerun, "company_name") != nil {
		t.Errorf("prerun = %v", got.Prerun)
	}
	if member(got.Prerun, "2b3c4d5e6f708192a3b4c5d6e7f8091a") != "2024-06-01T00:00:00Z" {
		t.Errorf("the start date, not sent, changed: %v", got.Prerun)
	}
	// Clearing a required kick-off field is refused, as at launch.
	status, body = f.send(t, "PUT", orgPath(run), map[string]any{"users": []int{}, "groups": []string{}, "prerun": map[string]any{tallyfytest.SampleKickoffFieldID: ""}})
	wantErrors(t, status, body, map[string]string{"prerun." + tallyfytest.SampleKickoffFieldID: "Company name is required"})
}

func TestArchiveRun_HidesItFromTheDefaultListUntilActivated(t *testing.T) {
	f := newFixture(t)
	listed := func(query string) bool {
		t.Helper()
		status, body := f.send(t, "GET", orgPath("/runs?without_pagination=true"+query), nil)
		wantStatus(t, status, body, 200)
		return slices.ContainsFunc(data[[]gen.Run](t, body), func(r gen.Run) bool { return r.ID == tallyfytest.SampleRunID })
	}
	status, body := f.send(t, "DELETE", orgPath("/runs/"+tallyfytest.SampleRunID), nil)
	wantStatus(t, status, body, 200)
	run := data[gen.Run](t, body)
	if run.ArchivedAt == nil || run.Status != "active" {
		t.Errorf("archived_at %v status %s, want set and active (kept)", run.ArchivedAt, run.Status)
	}
	if listed("") || !listed("&archived=only") || !listed("&archived=true") || !listed("&status=archived") {
		t.Errorf("an archived run: default %v, only %v, true %v, status=archived %v; want false, true, true, true",
			listed(""), listed("&archived=only"), listed("&archived=true"), listed("&status=archived"))
	}
	status, body = f.send(t, "PUT", orgPath("/runs/"+tallyfytest.SampleRunID+"/activate"), nil)
	wantStatus(t, status, body, 200)
	run = data[gen.Run](t, body)
	if run.ArchivedAt != nil || run.Status != "active" || !listed("") || listed("&archived=only") {
		t.Errorf("after activate: archived_at %v status %s; want null, active, listed by default again", run.ArchivedAt, run.Status)
	}
	status, body = f.send(t, "DELETE", orgPath("/runs/ffffffffffffffffffffffffffffffff"), nil)
	wantStatus(t, status, body, 404)
}

func TestActivateRun_BringsBackASampleArchivedRun(t *testing.T) {
	f := newFixture(t)
	status, body := f.send(t, "PUT", orgPath("/runs/"+tallyfytest.ArchivedRunID+"/activate"), nil)
	wantStatus(t, status, body, 200)
	if run := data[gen.Run](t, body); run.ArchivedAt != nil || run.Status != "complete" {
		t.Errorf("archived_at %v status %s, want null and complete (every task is done)", run.ArchivedAt, run.Status)
	}
}

func TestWrites_ChangeWhatReadsReturn(t *testing.T) {
	f := newFixture(t)
	run := launchSupplier(t, f)
	status, body := f.send(t, "GET", orgPath("/runs/"+run.ID+"?with=tasks"), nil)
	wantStatus(t, status, body, 200)
	if got := data[gen.Run](t, body); len(got.Tasks) != 4 || got.Name != run.Name {
		t.Errorf("getRun after launch: %d tasks, name %q", len(got.Tasks), got.Name)
	}
	status, body = f.send(t, "GET", orgPath("/runs?q=supplier+onboarding"), nil)
	wantStatus(t, status, body, 200)
	if got := data[[]gen.Run](t, body); len(got) != 1 || got[0].ID != run.ID {
		t.Errorf("listRuns finds %d runs named like the launched one", len(got))
	}
	if !strings.HasPrefix(run.Name, "Supplier Onboarding") {
		t.Errorf("name %q", run.Name)
	}
}
