package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func sampleAutomation() AutomationRequest {
	return AutomationRequest{
		AutomatedAlias: "Reopen on reject",
		Conditions:     []AutomationCondition{{ConditionableID: taskID, ConditionableType: "Step", Operation: "rejected", Statement: Ptr(AnyTime)}},
		ThenActions:    []AutomationAction{{ActionType: "status", ActionVerb: "reopen", TargetStepID: taskID}},
	}
}

// bodyOf decodes the JSON body of a recorded request.
func bodyOf(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %s: %v", b, err)
	}
	return m
}

func TestTemplates_UpdateSendsBackUsersAndGroupsItWasNotGiven(t *testing.T) {
	var sent map[string]any
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, `{"data":{"id":"`+tplID+`","title":"Vendors","users":[1002,1003],"groups":["g1"]}}`)
			return
		}
		sent = bodyOf(t, r)
		writeJSON(w, 200, `{"data":{"id":"`+tplID+`","title":"Vendors"}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.UpdateTemplate(context.Background(), tplID, UpdateTemplateRequest{Settings: TemplateSettings{Webhook: Ptr("https://hooks.acme.example/t")}}); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal([]any{sent["title"], sent["users"], sent["groups"], sent["webhook"]})
	if want := `["Vendors",[1002,1003],["g1"],"https://hooks.acme.example/t"]`; string(got) != want {
		t.Errorf("sent %s, want %s", got, want)
	}
	if _, ok := sent["summary"]; ok {
		t.Errorf("summary was sent though not given: %v", sent)
	}
}

func TestTemplates_UpdateRefusesAReadWithoutItsLists(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":{"id":"`+tplID+`","title":"Vendors"}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	_, err := c.UpdateTemplate(context.Background(), tplID, UpdateTemplateRequest{Title: Ptr("New")})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "Access") {
		t.Fatalf("err = %v", err)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("%d requests, want the read only", srv.hits.Load())
	}
}

func TestSteps_UpdateKeepsAssigneesItWasNotGiven(t *testing.T) {
	var sent map[string]any
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, `{"data":{"id":"`+taskID+`","title":"Sign","assignees":[1002],"guests":["pat@globex.example"],"groups":["g1"]}}`)
			return
		}
		sent = bodyOf(t, r)
		writeJSON(w, 200, `{"data":{"id":"`+taskID+`"}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.UpdateStep(context.Background(), tplID, taskID, UpdateStepRequest{Settings: StepSettings{Summary: Ptr("Same day.")}}); err != nil {
		t.Fatal(err)
	}
	if r := srv.last(); r.URL.Path != "/organizations/org1/checklists/"+tplID+"/steps/"+taskID {
		t.Errorf("path = %s", r.URL.Path)
	}
	got, _ := json.Marshal([]any{sent["title"], sent["assignees"], sent["guests"], sent["groups"], sent["summary"]})
	if want := `["Sign",[1002],["pat@globex.example"],["g1"],"Same day."]`; string(got) != want {
		t.Errorf("sent %s, want %s", got, want)
	}
}

func TestSteps_UpdateRefusesAReadWithoutAList(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":{"id":"`+taskID+`","title":"Sign","assignees":[1002],"guests":[]}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.UpdateStep(context.Background(), tplID, taskID, UpdateStepRequest{Title: Ptr("x")}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("err = %v", err)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("%d requests, want the read only", srv.hits.Load())
	}
}

func TestAutomations_RefusesARuleThatCanNeverFire(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 201, `{"data":{"id":"a1"}}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	cases := map[string]func(*AutomationRequest){
		"null statement":   func(r *AutomationRequest) { r.Conditions[0].Statement = nil },
		"operation echoed": func(r *AutomationRequest) { r.Conditions[0].Statement = Ptr("completed") },
		"no alias":         func(r *AutomationRequest) { r.AutomatedAlias = "" },
		"verb of another":  func(r *AutomationRequest) { r.ThenActions[0].ActionVerb = "show" },
		"deadline no rule": func(r *AutomationRequest) {
			r.ThenActions[0].ActionType, r.ThenActions[0].ActionVerb = "deadline", "deadline"
		},
		"no actions": func(r *AutomationRequest) { r.ThenActions = nil },
	}
	for name, change := range cases {
		req := sampleAutomation()
		change(&req)
		if _, err := c.CreateAutomation(ctx, tplID, req); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := c.CreateAutomation(ctx, tplID, AutomationRequest{AutomatedAlias: "x", Conditions: []AutomationCondition{{ConditionableID: taskID, ConditionableType: "Step", Operation: "completed"}}, ThenActions: sampleAutomation().ThenActions}); err == nil || !strings.Contains(err.Error(), "any_time") {
		t.Errorf("the refusal does not name any_time: %v", err)
	}
	if srv.hits.Load() != 0 {
		t.Errorf("%d requests sent for refused rules", srv.hits.Load())
	}
	// A field condition compares a value; it has no time clause.
	req := sampleAutomation()
	req.Conditions[0] = AutomationCondition{ConditionableID: taskID, ConditionableType: "Capture", Operation: "equals", Statement: Ptr("Yes")}
	if _, err := c.CreateAutomation(ctx, tplID, req); err != nil {
		t.Fatal(err)
	}
}

func TestTemplates_RefusesBadFieldsBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 201, `{"data":{"id":"`+tplID+`"}}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	calls := map[string]func() error{
		"no type": func() error { _, err := c.CreateTemplate(ctx, CreateTemplateRequest{Title: "T"}); return err },
		"dropdown without options": func() error {
			_, err := c.CreateTemplate(ctx, CreateTemplateRequest{Title: "T", Type: "form", Prerun: []KickoffFieldInput{{Label: "Pick", FieldType: "dropdown", Required: true}}})
			return err
		},
		"option without text": func() error {
			_, err := c.CreateStepField(ctx, tplID, taskID, StepFieldRequest{Label: "Pick", FieldType: "radio", Options: &[]FieldOption{{ID: Ptr(1)}}})
			return err
		},
		"webhook not a URL": func() error {
			_, err := c.UpdateTemplate(ctx, tplID, UpdateTemplateRequest{Title: Ptr("T"), Access: &TemplateAccess{}, Settings: TemplateSettings{Webhook: Ptr("hooks")}})
			return err
		},
		"step without title": func() error { _, err := c.CreateStep(ctx, tplID, CreateStepRequest{}); return err },
		"move to bad step": func() error {
			_, err := c.MoveStepField(ctx, tplID, taskID, runID, MoveStepFieldRequest{ToStepID: "x/y"})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if srv.hits.Load() != 0 {
		t.Errorf("%d requests sent", srv.hits.Load())
	}
}

func TestTemplates_ArchiveDecodesTheBareAnswer(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "archiveTemplate.200.archived.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	d, err := c.ArchiveTemplate(context.Background(), tplID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Message == nil || !strings.HasPrefix(*d.Message, "The Template was deleted") {
		t.Errorf("message = %v", d.Message)
	}
	if r := srv.last(); r.Method != http.MethodDelete || r.URL.Path != "/organizations/org1/checklists/"+tplID {
		t.Errorf("%s %s", r.Method, r.URL.Path)
	}
	if _, err := c.DeleteTemplate(context.Background(), tplID); err != nil {
		t.Fatal(err)
	}
	if r := srv.last(); r.URL.Path != "/organizations/org1/checklists/"+tplID+"/delete" {
		t.Errorf("permanent delete path = %s", r.URL.Path)
	}
}
