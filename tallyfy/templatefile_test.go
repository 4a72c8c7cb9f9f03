package tallyfy_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// emptyOrgLike is a fake organization with no sample data (no templates,
// no members, no groups: WithoutSampleData empties them all) and the same
// people as src by email and group name, as a second organization of the
// same company would have.
func emptyOrgLike(t *testing.T, src *tallyfy.Client) (*tallyfytest.Server, *tallyfy.Client) {
	t.Helper()
	ctx := context.Background()
	srv := tallyfytest.NewServer(tallyfytest.WithoutSampleData())
	t.Cleanup(srv.Close)
	c := srv.Client()
	for u, err := range src.ListMembers(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		first, last, _ := strings.Cut(*u.FullName, " ")
		if _, err := c.InviteMember(ctx, tallyfy.InviteMemberRequest{Email: *u.Email, FirstName: first, LastName: last, Role: tallyfy.MemberRoleStandard}); err != nil {
			t.Fatal(err)
		}
	}
	for g, err := range src.ListGroups(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateGroup(ctx, tallyfy.CreateGroupRequest{Name: *g.Name, Description: "copy"}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ClearRequests()
	return srv, c
}

// withoutIDs is the file as JSON with every object id removed: what must
// be identical after a round trip to another organization.
func withoutIDs(t *testing.T, f *tallyfy.TemplateFile) string {
	t.Helper()
	cp := *f
	cp.ID = ""
	cp.Kickoff = clearFieldIDs(cp.Kickoff)
	cp.Steps = append([]tallyfy.TemplateFileStep(nil), f.Steps...)
	for i := range cp.Steps {
		cp.Steps[i].ID = ""
		cp.Steps[i].Fields = clearFieldIDs(cp.Steps[i].Fields)
	}
	cp.Automations = append([]tallyfy.TemplateFileAutomation(nil), f.Automations...)
	for i := range cp.Automations {
		cp.Automations[i].ID = ""
	}
	b, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func clearFieldIDs(in []tallyfy.TemplateFileField) []tallyfy.TemplateFileField {
	out := append([]tallyfy.TemplateFileField(nil), in...)
	for i := range out {
		out[i].ID = ""
	}
	return out
}

func writes(srv *tallyfytest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func opts(texts ...string) []tallyfy.TemplateFileOption {
	out := make([]tallyfy.TemplateFileOption, len(texts))
	for i, t := range texts {
		out[i] = tallyfy.TemplateFileOption{Text: t}
	}
	return out
}

// everyFieldType is a template with a field of every type on its kick-off
// form and on a step, assignees of every kind, a deadline relative to a
// later step, and automations on a step, a step's field and a kick-off
// field.
func everyFieldType() *tallyfy.TemplateFile {
	fields := func(prefix string) []tallyfy.TemplateFileField {
		return []tallyfy.TemplateFileField{
			{Alias: prefix + "name", Label: "Name", Type: "text", Required: true, Guidance: tallyfy.Ptr("As on the passport."), Validation: []string{"required"}},
			{Alias: prefix + "notes", Label: "Notes", Type: "textarea", UseWysiwygEditor: tallyfy.Ptr(true)},
			{Alias: prefix + "size", Label: "Size", Type: "radio", Required: true, Options: opts("S", "M", "L"), Validation: []string{"required"}},
			{Alias: prefix + "colour", Label: "Colour", Type: "dropdown", Options: opts("Red", "Blue")},
			{Alias: prefix + "extras", Label: "Extras", Type: "multiselect", Options: opts("Gift wrap", "Insurance")},
			{Alias: prefix + "due", Label: "Due", Type: "date", CollectTime: tallyfy.Ptr(true)},
			{Alias: prefix + "contact", Label: "Contact", Type: "email", Validation: []string{"email"}},
			{Alias: prefix + "scan", Label: "Scan", Type: "file"},
			{Alias: prefix + "items", Label: "Items", Type: "table", Columns: []string{"Item", "Quantity"}},
			{Alias: prefix + "team", Label: "Team", Type: "assignees_form"},
		}
	}
	return &tallyfy.TemplateFile{
		Version: tallyfy.TemplateFileVersion, Title: "Every field type", Type: "procedure",
		Settings: tallyfy.TemplateFileSettings{
			Summary: tallyfy.Ptr("One of everything."), Guidance: tallyfy.Ptr("Fill in what you know."),
			Webhook: tallyfy.Ptr("https://hooks.example/orders"), Owner: tallyfy.Ptr("dan@acme.example"),
			KickoffTitle: tallyfy.Ptr("Order details"), DefaultProcessNameFormat: tallyfy.Ptr("Order - {{ko_name}}"),
			AutoNaming: tallyfy.Ptr(true), AllowLauncherChangeName: tallyfy.Ptr(false), TagProcess: tallyfy.Ptr(true),
		},
		Access:  &tallyfy.TemplateFileAccess{Members: []string{"bob@acme.example", "dan@acme.example"}, Groups: []string{"Finance team"}},
		Kickoff: fields("ko_"),
		Steps: []tallyfy.TemplateFileStep{
			{Alias: "intake", Title: "Intake for {{ko_name}}", Summary: tallyfy.Ptr("Check the order."), StepType: tallyfy.Ptr("task"),
				Deadline:  &tallyfy.TemplateFileDeadline{Value: 2, Unit: "days", Option: tallyfy.Ptr("from")},
				Assignees: &tallyfy.TemplateFileAssignees{Members: []string{"bob@acme.example"}, Guests: []string{"pat@globex.example"}, Groups: []string{"Finance team"}},
				Fields:    fields("")},
			{Alias: "approve", Title: "Approve the order", StepType: tallyfy.Ptr("approval"), EveryoneMustComplete: tallyfy.Ptr(true),
				Deadline:  &tallyfy.TemplateFileDeadline{Value: 1, Unit: "days", Option: tallyfy.Ptr("prior_to"), Step: "ship"},
				Assignees: &tallyfy.TemplateFileAssignees{Groups: []string{"IT"}}},
			{Alias: "ship", Title: "Ship it", StartDate: &tallyfy.Duration{Value: 1, Unit: "days"}, Webhook: tallyfy.Ptr("https://hooks.example/ship"),
				MaxAssignable: tallyfy.Ptr(2), AssignRunStarter: tallyfy.Ptr(true)},
		},
		Automations: []tallyfy.TemplateFileAutomation{
			{Name: "Rush large orders",
				Conditions: []tallyfy.TemplateFileCondition{
					{Step: "intake", Field: "size", Operation: "equals", Statement: tallyfy.Ptr("L")},
					{Step: "intake", Operation: "completed", Statement: tallyfy.Ptr(tallyfy.AnyTime), Logic: "and"},
				},
				Actions: []tallyfy.TemplateFileAction{
					{Type: "visibility", Verb: "show", Step: "ship"},
					{Type: "deadline", Verb: "deadline", Step: "ship", Deadline: &tallyfy.AutomationDeadline{Value: 1, Unit: "days", Option: "from"}},
					{Type: "assignment", Verb: "assign", Step: "approve", Assignees: &tallyfy.TemplateFileAssignees{Members: []string{"alice@acme.example"}}},
				}},
			{Name: "No approval for small orders",
				Conditions: []tallyfy.TemplateFileCondition{{Kickoff: "ko_size", Operation: "equals", Statement: tallyfy.Ptr("S")}},
				Actions:    []tallyfy.TemplateFileAction{{Type: "visibility", Verb: "hide", Step: "approve"}}},
		},
	}
}

// TestTemplateFile_RoundTrip: export → apply to an empty organization →
// export again is identical apart from ids, for every sample template and
// one with every field type and automations; applying the same file again
// writes nothing.
func TestTemplateFile_RoundTrip(t *testing.T) {
	ctx := context.Background()
	src := tallyfytest.NewServer()
	t.Cleanup(src.Close)
	sc := src.Client()
	made, err := sc.ApplyTemplateFile(ctx, everyFieldType(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for tpl, err := range sc.ListTemplates(ctx, &tallyfy.ListTemplatesOptions{PerPage: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tpl.ID)
	}
	if len(ids) != 6 { // the five sample templates and the one just made
		t.Fatalf("templates: %d, want 6", len(ids))
	}
	dst, dc := emptyOrgLike(t, sc)
	for _, id := range ids {
		exported, err := sc.ExportTemplate(ctx, id)
		if err != nil {
			t.Fatalf("export %s: %v", id, err)
		}
		report, err := dc.ApplyTemplateFile(ctx, exported, nil)
		if err != nil {
			t.Fatalf("apply %q: %v", exported.Title, err)
		}
		if report.TemplateID == "" || report.TemplateID == id || len(report.NotDone) != 0 {
			t.Fatalf("apply %q: report %+v", exported.Title, report)
		}
		again, err := dc.ExportTemplate(ctx, report.TemplateID)
		if err != nil {
			t.Fatal(err)
		}
		if want, got := withoutIDs(t, exported), withoutIDs(t, again); want != got {
			t.Errorf("%q: the round trip changed the file:\nexported:\n%s\nafter apply and export:\n%s", exported.Title, want, got)
		}
		dst.ClearRequests()
		plan, err := dc.PlanTemplateFile(ctx, exported, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Changes) != 0 || plan.TemplateID != report.TemplateID {
			t.Errorf("%q: second plan: %s", exported.Title, plan)
		}
		if _, err := dc.ApplyTemplateFile(ctx, exported, nil); err != nil {
			t.Fatal(err)
		}
		if w := writes(dst); len(w) != 0 {
			t.Errorf("%q: applying the same file again wrote %q", exported.Title, w)
		}
		// Applied back where it came from, the export changes nothing either.
		src.ClearRequests()
		if _, err := sc.ApplyTemplateFile(ctx, exported, nil); err != nil {
			t.Fatal(err)
		}
		if w := writes(src); len(w) != 0 {
			t.Errorf("%q: applying its own export wrote %q", exported.Title, w)
		}
	}
	// A template built from a file launches into a process with its tasks.
	run, err := sc.LaunchRun(ctx, tallyfy.LaunchRunRequest{TemplateID: made.TemplateID, Name: "Order - Ada", Fields: map[string]any{"ko_name": "Ada", "ko_size": "L"}})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for task, err := range sc.ListRunTasks(ctx, run.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, task.Title)
	}
	if len(titles) != 3 {
		t.Errorf("tasks of the launched process: %q, want the 3 steps", titles)
	}
}

// TestTemplateFile_PlanShowsEditsAndApplyConverges: an edited export plans
// exactly its edits, applies them, and plans nothing after.
func TestTemplateFile_PlanShowsEditsAndApplyConverges(t *testing.T) {
	ctx := context.Background()
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	c := srv.Client()
	f, err := c.ExportTemplate(ctx, tallyfytest.SupplierTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	users := f.Access
	f.Settings.Summary = tallyfy.Ptr("Vet and set up a supplier.")
	f.Steps[0].Fields[0].Guidance = tallyfy.Ptr("From the company register.")
	f.Steps[0].Fields = f.Steps[0].Fields[:2]       // the rating field goes
	f.Steps[1], f.Steps[2] = f.Steps[2], f.Steps[1] // two steps swap
	f.Steps = append(f.Steps, tallyfy.TemplateFileStep{Title: "Archive the paperwork"})
	f.Kickoff = append(f.Kickoff, tallyfy.TemplateFileField{Label: "Website", Type: "text"})
	f.Access = nil // who may use it is left as it is
	plan, err := c.PlanTemplateFile(ctx, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range plan.Changes {
		got = append(got, string(ch.Action)+" "+ch.Kind+" "+ch.Name)
	}
	want := []string{
		"update template Supplier Onboarding",
		"create kick-off field Website",
		"delete form field check_documents / rating",
		"update form field check_documents / registration",
		"update step erp_setup",
		"create step Archive the paperwork",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("plan:\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), plan)
	}
	if !strings.Contains(plan.String(), `summary: "Vet, approve and set up a new supplier." → "Vet and set up a supplier."`) {
		t.Errorf("plan text lacks the summary change:\n%s", plan)
	}
	srv.ClearRequests()
	report, err := c.ApplyTemplatePlan(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	// One write per change, but the template's and its kick-off fields' share one.
	if len(report.Done) != len(want) || len(writes(srv)) != len(want)-1 {
		t.Errorf("done %d changes with writes %q, want %d changes in %d writes", len(report.Done), writes(srv), len(want), len(want)-1)
	}
	after, err := c.ExportTemplate(ctx, tallyfytest.SupplierTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	if !equalJSON(after.Access, users) {
		t.Errorf("access after an apply without it: %+v, want %+v", after.Access, users)
	}
	if after.Steps[1].Alias != "erp_setup" || len(after.Steps[0].Fields) != 2 || *after.Steps[0].Fields[0].Guidance != "From the company register." {
		t.Errorf("after apply: %+v", after.Steps)
	}
	again, err := c.PlanTemplateFile(ctx, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changes) != 0 {
		t.Errorf("plan after apply:\n%s", again)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestTemplateFile_FailurePartWayThenRerunFinishes: a write that fails
// after the server made it (a 502 from a gateway) stops the apply with a
// report of what was done; applying again finishes without making anything
// twice.
func TestTemplateFile_FailurePartWayThenRerunFinishes(t *testing.T) {
	ctx := context.Background()
	src := tallyfytest.NewServer()
	t.Cleanup(src.Close)
	f, err := src.Client().ExportTemplate(ctx, tallyfytest.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	dst, dc := emptyOrgLike(t, src.Client())
	dst.FailOn(http.MethodPost, "/organizations/*/checklists/*/steps/*/captures", 1, tallyfytest.Failure{Status: http.StatusBadGateway, AfterHandling: true})
	report, err := dc.ApplyTemplateFile(ctx, f, nil)
	if err == nil || !strings.Contains(err.Error(), "apply the file again to finish") {
		t.Fatalf("err = %v, want a partial apply", err)
	}
	// Done: the template, its two kick-off fields (one write) and the first step.
	if report == nil || report.TemplateID == "" || len(report.Done) != 4 || len(report.NotDone) == 0 || report.NotDone[0].Kind != "form field" {
		t.Fatalf("report = %+v", report)
	}
	again, err := dc.ApplyTemplateFile(ctx, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.TemplateID != report.TemplateID || len(again.Done) != len(report.NotDone)-1 {
		t.Errorf("second apply: %+v, want the %d changes left but the one the server made", again, len(report.NotDone)-1)
	}
	out, err := dc.ExportTemplate(ctx, report.TemplateID)
	if err != nil {
		t.Fatal(err)
	}
	if withoutIDs(t, out) != withoutIDs(t, f) {
		t.Errorf("after the second apply:\n%s\nwant:\n%s", withoutIDs(t, out), withoutIDs(t, f))
	}
}

func TestTemplateFile_RefusedBeforeAnyWrite(t *testing.T) {
	ctx := context.Background()
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	c := srv.Client()
	cases := []struct {
		name, want string
		edit       func(f *tallyfy.TemplateFile)
	}{
		{"a step condition without a time clause never fires (mcp #571)", "never fire", func(f *tallyfy.TemplateFile) {
			f.Automations[0].Conditions[1].Statement = nil
		}},
		{"two steps with one key", "give one of them an alias", func(f *tallyfy.TemplateFile) {
			f.Steps[1].Alias = "intake"
		}},
		{"a reference to a step not in the file", "not in the file", func(f *tallyfy.TemplateFile) {
			f.Automations[0].Actions[0].Step = "pack"
		}},
		{"a choice field without options (mcp #627)", "without options", func(f *tallyfy.TemplateFile) {
			f.Steps[0].Fields[2].Options = nil
		}},
		{"an option without text (mcp #627)", "option without text", func(f *tallyfy.TemplateFile) {
			f.Kickoff[3].Options[0].Text = ""
		}},
		{"a member nobody is", "no member has the email", func(f *tallyfy.TemplateFile) {
			f.Steps[0].Assignees.Members = []string{"zed@acme.example"}
		}},
		{"a group nobody is", "no group is named", func(f *tallyfy.TemplateFile) {
			f.Access.Groups = []string{"Fiance"}
		}},
		{"another version of the format", "version 2", func(f *tallyfy.TemplateFile) {
			f.Version = 2
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := everyFieldType()
			tc.edit(f)
			srv.ClearRequests()
			_, err := c.ApplyTemplateFile(ctx, f, nil)
			if !errors.Is(err, tallyfy.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrInvalidArgument saying %q", err, tc.want)
			}
			if w := writes(srv); len(w) != 0 {
				t.Errorf("wrote %q", w)
			}
		})
	}
}

// TestTemplateFile_ChangedTypeRefused: the API cannot change a template's
// type, so a file that does is refused rather than half-applied.
func TestTemplateFile_ChangedTypeRefused(t *testing.T) {
	ctx := context.Background()
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	c := srv.Client()
	f, err := c.ExportTemplate(ctx, tallyfytest.PurchaseTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	f.Type = "procedure"
	if _, err := c.PlanTemplateFile(ctx, f, nil); !errors.Is(err, tallyfy.ErrInvalidArgument) || !strings.Contains(err.Error(), "cannot change a template's type") {
		t.Fatalf("err = %v", err)
	}
}
