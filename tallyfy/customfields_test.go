package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
)

const cfRun = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"

func TestCustomFields_EveryRecordKindHasItsPath(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":{"custom_fields":{"a":1}}}`) })
	c, _ := newTestClient(t, srv.Server)
	id := cfRun
	for rec, want := range map[Record]string{
		ProcessRecord(id):              "runs/" + id,
		TaskRecord(id, id):             "runs/" + id + "/tasks/" + id,
		MemberRecord(1002):             "users/1002",
		GuestRecord("g@acme.example"):  "guests/g@acme.example",
		FolderRecord(id):               "folders/" + id,
		TagRecord(id):                  "tags/" + id,
		TemplateRecord(id):             "checklists/" + id,
		StepRecord(id, id):             "checklists/" + id + "/steps/" + id,
		FormFieldRecord(id, id, id):    "checklists/" + id + "/steps/" + id + "/captures/" + id,
		KickoffFieldRecord(id, "ko-1"): "checklists/" + id + "/preruns/ko-1",
	} {
		v, err := c.GetCustomFields(context.Background(), rec)
		if err != nil || v["a"] != float64(1) {
			t.Errorf("%s: %v, %v", rec.Kind, v, err)
			continue
		}
		if got := srv.last().URL.Path; got != "/organizations/org1/"+want+"/custom-fields" {
			t.Errorf("%s: path %s, want %s", rec.Kind, got, want)
		}
	}
}

func TestCustomFields_ReadsEveryAnswerShape(t *testing.T) {
	for name, body := range map[string]string{
		"data.custom_fields": `{"data":{"custom_fields":{"cost_center":"CC-1"}}}`,
		"custom_fields":      `{"custom_fields":{"cost_center":"CC-1"}}`,
		"data":               `{"data":{"cost_center":"CC-1"}}`,
		"bare":               `{"cost_center":"CC-1"}`,
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		c, _ := newTestClient(t, srv.Server)
		v, err := c.GetCustomFields(context.Background(), ProcessRecord(cfRun))
		if err != nil || v["cost_center"] != "CC-1" || len(v) != 1 {
			t.Errorf("%s: %v, %v", name, v, err)
		}
	}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":{"custom_fields":[]}}`) })
	c, _ := newTestClient(t, srv.Server)
	if v, err := c.GetCustomFields(context.Background(), ProcessRecord(cfRun)); err != nil || len(v) != 0 {
		t.Errorf("PHP's empty array: %v, %v", v, err)
	}
}

func TestCustomFields_WritesSendTheDocumentedBodies(t *testing.T) {
	var bodies []string
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Method+" "+r.URL.Path+" "+string(b))
		if r.Method == http.MethodDelete {
			w.WriteHeader(204)
			return
		}
		writeJSON(w, 200, `{"data":{"custom_fields":{}}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	rec := TaskRecord(cfRun, cfRun)
	if err := c.SetCustomField(ctx, rec, "priority", SetCustomFieldRequest{Value: "Low"}); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceCustomFields(ctx, rec, ReplaceCustomFieldsRequest{Values: CustomFieldValues{"priority": "High"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceCustomFields(ctx, rec, ReplaceCustomFieldsRequest{ClearAll: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteCustomField(ctx, rec, "priority"); err != nil {
		t.Fatal(err)
	}
	p := "/organizations/org1/runs/" + cfRun + "/tasks/" + cfRun + "/custom-fields"
	want := []string{
		"PATCH " + p + `/priority {"value":"Low"}`,
		"PUT " + p + ` {"custom_fields":{"priority":"High"}}`,
		"PUT " + p + ` {"custom_fields":{}}`,
		"DELETE " + p + "/priority ",
	}
	for i := range want {
		if i >= len(bodies) || bodies[i] != want[i] {
			t.Fatalf("requests = %q\nwant %q", bodies, want)
		}
	}
}

// Nothing the caller did not ask to lose is wiped: an empty replace needs
// ClearAll, and the template side's single-value writes are refused rather
// than emulated with a read and a full replace.
func TestCustomFields_RefusesWhatWouldWipeOrCannotBeSent(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"empty replace": func() error { return c.ReplaceCustomFields(ctx, ProcessRecord(cfRun), ReplaceCustomFieldsRequest{}) },
		"clear all with values": func() error {
			return c.ReplaceCustomFields(ctx, ProcessRecord(cfRun), ReplaceCustomFieldsRequest{Values: CustomFieldValues{"a": 1}, ClearAll: true})
		},
		"set on a template": func() error {
			return c.SetCustomField(ctx, TemplateRecord(cfRun), "a", SetCustomFieldRequest{Value: 1})
		},
		"delete on a step": func() error { return c.DeleteCustomField(ctx, StepRecord(cfRun, cfRun), "a") },
		"key with a slash": func() error {
			return c.SetCustomField(ctx, ProcessRecord(cfRun), "a/b", SetCustomFieldRequest{Value: 1})
		},
		"unknown kind":   func() error { _, err := c.GetCustomFields(ctx, Record{Kind: "board", ID: cfRun}); return err },
		"run id not hex": func() error { _, err := c.GetCustomFields(ctx, ProcessRecord("Onboarding")); return err },
		"member id":      func() error { _, err := c.GetCustomFields(ctx, MemberRecord(0)); return err },
		"key field type": func() error {
			_, err := c.CreateCustomFieldKey(ctx, CreateCustomFieldKeyRequest{Key: "k", AppliesTo: "process", FieldType: "color"})
			return err
		},
	} {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestCustomFields_KeysListAndCreate(t *testing.T) {
	var posted []byte
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posted, _ = io.ReadAll(r.Body)
			writeJSON(w, 201, fixture(t, "createCustomFieldKey.201.created.json"))
			return
		}
		writeJSON(w, 200, fixture(t, "listCustomFieldKeys.200.page.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	page, err := c.ListCustomFieldKeysPage(ctx, &ListCustomFieldKeysOptions{AppliesTo: "process", Active: Ptr(true), Descending: true, PerPage: 50})
	if err != nil || len(page.Items) != 1 || page.Items[0].Key != "cost_center" {
		t.Fatalf("keys = %+v, %v", page, err)
	}
	if want := "applies_to=process&is_active=true&sort_direction=desc&page=1&per_page=50"; srv.last().URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", srv.last().URL.RawQuery, want)
	}
	k, err := c.CreateCustomFieldKey(ctx, CreateCustomFieldKeyRequest{Key: "cost_center", AppliesTo: "process", FieldType: CustomFieldText})
	if err != nil || k.Key != "cost_center" {
		t.Fatalf("created %+v, %v", k, err)
	}
	var sent map[string]any
	_ = json.Unmarshal(posted, &sent)
	if sent["key"] != "cost_center" || sent["applies_to"] != "process" || sent["field_type"] != "text" || sent["is_required"] != false || sent["is_active"] != true {
		t.Errorf("sent %v", sent)
	}
}
