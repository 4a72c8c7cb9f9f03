package tallyfytest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// A template built through the API launches into a process with its steps as tasks and its
// form fields on them.
func TestTemplates_BuiltThroughTheAPILaunches(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	tpl, err := c.CreateTemplate(ctx, tallyfy.CreateTemplateRequest{Title: "Vendor Onboarding", Type: "procedure",
		Prerun: []tallyfy.KickoffFieldInput{{Label: "Vendor", FieldType: "text", Required: true, Alias: tallyfy.Ptr("vendor")}}})
	if err != nil {
		t.Fatal(err)
	}
	sign, err := c.CreateStep(ctx, tpl.ID, tallyfy.CreateStepRequest{Title: "Sign with {{vendor}}", Assignees: tallyfy.StepAssignees{Users: []int{tallyfytest.SampleUserID}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateStep(ctx, tpl.ID, tallyfy.CreateStepRequest{Title: "File it"}); err != nil {
		t.Fatal(err)
	}
	field, err := c.CreateStepField(ctx, tpl.ID, sign.ID, tallyfy.StepFieldRequest{Label: "Signed by", FieldType: "dropdown", Required: true,
		Guidance: tallyfy.Ptr("Who signed."), Options: &[]tallyfy.FieldOption{{Text: "CEO"}, {Text: "CFO"}}})
	if err != nil {
		t.Fatal(err)
	}
	if o := *field.Options; o[1].ID == nil || *o[1].ID != 2 || *field.Guidance != "Who signed." {
		t.Errorf("field = %+v", field)
	}
	got, err := c.GetTemplate(ctx, tpl.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	run, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{TemplateID: tpl.ID, Name: "Vendors - Globex",
		Fields: map[string]any{got.Prerun[0].ID: "Globex"}})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for task, err := range c.ListRunTasks(ctx, run.ID, &tallyfy.ListRunTasksOptions{With: []tallyfy.RunTaskListInclude{"form_fields"}}) {
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, task.Title)
		if task.Title == "Sign with Globex" && (len(task.FormFields) != 1 || task.FormFields[0].Label != "Signed by") {
			t.Errorf("task fields = %+v", task.FormFields)
		}
	}
	if len(titles) != 2 || titles[0] != "Sign with Globex" || titles[1] != "File it" {
		t.Errorf("tasks = %q", titles)
	}
}

// The trap is simulated: a raw update without the lists empties them; the SDK's update keeps them.
func TestTemplates_UpdateKeepsAccessAndStepDeleteHonoursRules(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	tpl, err := c.CreateTemplate(ctx, tallyfy.CreateTemplateRequest{Title: "T", Type: "procedure", Access: tallyfy.TemplateAccess{Users: []int{tallyfytest.SampleUserID}}})
	if err != nil {
		t.Fatal(err)
	}
	up, err := c.UpdateTemplate(ctx, tpl.ID, tallyfy.UpdateTemplateRequest{Settings: tallyfy.TemplateSettings{Webhook: tallyfy.Ptr("https://hooks.acme.example/t")}})
	if err != nil {
		t.Fatal(err)
	}
	if up.Users == nil || len(*up.Users) != 1 || up.Webhook == nil {
		t.Errorf("after update: users %v, webhook %v", up.Users, up.Webhook)
	}
	a, _ := c.CreateStep(ctx, tpl.ID, tallyfy.CreateStepRequest{Title: "A"})
	b, _ := c.CreateStep(ctx, tpl.ID, tallyfy.CreateStepRequest{Title: "B"})
	rule, err := c.CreateAutomation(ctx, tpl.ID, tallyfy.AutomationRequest{AutomatedAlias: "Show B",
		Conditions:  []tallyfy.AutomationCondition{{ConditionableID: a.ID, ConditionableType: "Step", Operation: "completed", Statement: tallyfy.Ptr(tallyfy.AnyTime)}},
		ThenActions: []tallyfy.AutomationAction{{ActionType: "visibility", ActionVerb: "show", TargetStepID: b.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	var apiErr *tallyfy.APIError
	if err := c.DeleteStep(ctx, tpl.ID, a.ID); !errors.As(err, &apiErr) || apiErr.StatusCode != 422 {
		t.Fatalf("deleting a step a rule needs: %v", err)
	}
	if err := c.DeleteAutomation(ctx, tpl.ID, rule.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteStep(ctx, tpl.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteTemplate(ctx, tpl.ID); err == nil {
		t.Error("a template not archived was deleted for good")
	}
	if _, err := c.ArchiveTemplate(ctx, tpl.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteTemplate(ctx, tpl.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetTemplate(ctx, tpl.ID, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}
