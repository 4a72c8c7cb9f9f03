package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

const kickoffRunID = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"

func TestCompleteKickoff_PostsAndReturnsTheRun(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "completeKickoff.200.completed.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	run, err := c.CompleteKickoff(context.Background(), kickoffRunID)
	if err != nil || run.PrerunStatus != "complete" || run.PrerunCompletedAt == nil {
		t.Fatalf("CompleteKickoff = %+v, %v", run, err)
	}
	req := srv.last()
	if req.Method != http.MethodPost || req.URL.Path != "/organizations/org1/runs/"+kickoffRunID+"/complete-prerun" {
		t.Errorf("request = %s %s", req.Method, req.URL.Path)
	}
}

func TestReopenKickoff_DeletesAndReturnsTheRun(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "reopenKickoff.200.reopened.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	run, err := c.ReopenKickoff(context.Background(), kickoffRunID)
	if err != nil || run.PrerunStatus != "pending" || run.PrerunCompletedAt != nil {
		t.Fatalf("ReopenKickoff = %+v, %v", run, err)
	}
	if req := srv.last(); req.Method != http.MethodDelete || req.URL.Path != "/organizations/org1/runs/"+kickoffRunID+"/complete-prerun" {
		t.Errorf("request = %s %s", req.Method, req.URL.Path)
	}
}

func TestCompleteKickoff_UnknownOutcomeIsNotRepeated(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{"message":"down"}`)
	})
	c, _ := newTestClient(t, srv.Server)
	_, err := c.CompleteKickoff(context.Background(), kickoffRunID)
	if !errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), "PrerunStatus") {
		t.Fatalf("err = %v, want ErrOutcomeUnknown saying how to check", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1: the write was repeated", n)
	}
}

func TestKickoff_RefusesABadRunIDBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":{}}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"complete": func() error { _, err := c.CompleteKickoff(ctx, "not/an id"); return err },
		"reopen":   func() error { _, err := c.ReopenKickoff(ctx, ""); return err },
		"fields":   func() error { _, err := c.GetRunFormFields(ctx, ""); return err },
		"save":     func() error { return c.SaveTaskFields(ctx, "", SaveTaskFieldsRequest{Fields: map[string]any{"a": 1}}) },
		"no fields": func() error {
			return c.SaveTaskFields(ctx, "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", SaveTaskFieldsRequest{})
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

func TestGetRunFormFields_DecodesBareAndWrappedLists(t *testing.T) {
	for _, file := range []string{"getRunFormFields.200.fields.json", "getRunFormFields.200.variant-wrapped.json"} {
		t.Run(file, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, fixture(t, file)) })
			c, _ := newTestClient(t, srv.Server)
			got, err := c.GetRunFormFields(context.Background(), kickoffRunID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.FormFields) != 2 || got.FormFields[0].Alias == nil || *got.FormFields[0].Alias != "tracking" ||
				got.FormFields[0].TaskID == nil || *got.FormFields[0].TaskID != "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e" {
				t.Errorf("form_fields = %+v", got.FormFields)
			}
			if len(got.KoFormFields) != 1 || got.KoFormFields[0].Label != "Client name" {
				t.Errorf("ko_form_fields = %+v", got.KoFormFields)
			}
			if p := srv.last().URL.Path; p != "/organizations/org1/runs/"+kickoffRunID+"/form-fields" {
				t.Errorf("path = %s", p)
			}
		})
	}
}

// saveServer answers the task read with the getTask example (a text field
// "tracking" and a multiselect "What went in the pack") and each save with
// fail(n) when it returns a status, else 200; it records the saves' bodies.
type saveServer struct {
	mu    sync.Mutex
	saves []map[string]json.RawMessage
}

func newSaveServer(t *testing.T, fail func(n int) int) (*recorder, *saveServer) {
	s := &saveServer{}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, fixture(t, "getTask.200.form-fields.json"))
			return
		}
		b, _ := io.ReadAll(r.Body)
		var body map[string]json.RawMessage
		_ = json.Unmarshal(b, &body)
		s.mu.Lock()
		s.saves = append(s.saves, body)
		n := len(s.saves)
		s.mu.Unlock()
		if status := fail(n); status != 0 {
			writeJSON(w, status, `{"message":"Server error"}`)
			return
		}
		writeJSON(w, 200, fixture(t, "saveTaskField.200.saved.json"))
	})
	return srv, s
}

func TestSaveTaskFields_OnePostPerFieldInFormOrderEncodedByType(t *testing.T) {
	srv, s := newSaveServer(t, func(int) int { return 0 })
	c, _ := newTestClient(t, srv.Server)
	err := c.SaveTaskFields(context.Background(), "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", SaveTaskFieldsRequest{Fields: map[string]any{
		"What went in the pack": []string{"Swag"}, // by label
		"tracking":              "UPS 1Z999",      // by alias
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.requests) != 3 {
		t.Fatalf("%d requests, want the read and two saves", len(srv.requests))
	}
	if got := srv.requests[0].URL.RawQuery; got != "with=form_fields" {
		t.Errorf("read query = %q", got)
	}
	if p := srv.last().URL.Path; p != "/organizations/org1/tasks/5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e/captures" {
		t.Errorf("save path = %s", p)
	}
	want := []string{
		`{"id":"3c4d5e6f708192a3b4c5d6e7f8091a2b","value":"UPS 1Z999"}`,
		`{"id":"4d5e6f708192a3b4c5d6e7f8091a2b3c","value":[{"id":2,"text":"Swag","selected":true}]}`,
	}
	for i, body := range s.saves {
		got, _ := json.Marshal(body)
		var w map[string]json.RawMessage
		_ = json.Unmarshal([]byte(want[i]), &w)
		wantJSON, _ := json.Marshal(w)
		if string(got) != string(wantJSON) {
			t.Errorf("save %d = %s, want %s", i, got, wantJSON)
		}
	}
}

func TestSaveTaskFields_UnknownKeyOrBadValueSendsNothing(t *testing.T) {
	srv, s := newSaveServer(t, func(int) int { return 0 })
	c, _ := newTestClient(t, srv.Server)
	err := c.SaveTaskFields(context.Background(), "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", SaveTaskFieldsRequest{Fields: map[string]any{
		"tracking":      "UPS 1Z999",
		"no such":       "x",
		"pack_contents": []string{"Gold bars"},
	}})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "no such") || !strings.Contains(err.Error(), "Gold bars") {
		t.Fatalf("err = %v, want both refusals", err)
	}
	if len(s.saves) != 0 {
		t.Errorf("%d saves sent; nothing may be sent while a value is refused", len(s.saves))
	}
}

func TestSaveTaskFields_FailurePartWayNamesWhatWasSavedAndIsNotRepeated(t *testing.T) {
	srv, s := newSaveServer(t, func(n int) int {
		if n == 2 {
			return 502
		}
		return 0
	})
	c, _ := newTestClient(t, srv.Server)
	err := c.SaveTaskFields(context.Background(), "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", SaveTaskFieldsRequest{Fields: map[string]any{
		"tracking": "UPS 1Z999", "pack_contents": []string{"Swag"},
	}})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "saving field 4d5e6f708192a3b4c5d6e7f8091a2b3c") ||
		!strings.Contains(msg, "saved before it: 3c4d5e6f708192a3b4c5d6e7f8091a2b") {
		t.Errorf("err = %v, want the failed field and the one saved before it", err)
	}
	if len(s.saves) != 2 {
		t.Errorf("%d saves, want 2: an unknown outcome is not repeated", len(s.saves))
	}
}

func TestSetFormFieldValue_ReadsTheFieldsEncodesAndSendsTheStoredValuesID(t *testing.T) {
	var sent []byte
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, fixture(t, "getRunFormFields.200.fields.json"))
			return
		}
		sent, _ = io.ReadAll(r.Body)
		writeJSON(w, 200, fixture(t, "setFormFieldValue.200.set.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	err := c.SetFormFieldValue(context.Background(), kickoffRunID, SetFormFieldValueRequest{
		ValueID: "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", Field: "What went in the pack", Value: "Swag"})
	if err != nil {
		t.Fatal(err)
	}
	req := srv.last()
	if req.Method != http.MethodPut || req.URL.Path != "/organizations/org1/form-field/value" {
		t.Errorf("request = %s %s", req.Method, req.URL.Path)
	}
	if want := `{"form_value":[{"id":2,"text":"Swag","selected":true}],"id":"7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7"}`; string(sent) != want {
		t.Errorf("body = %s, want %s", sent, want)
	}
	if p := srv.requests[0].URL.Path; p != "/organizations/org1/runs/"+kickoffRunID+"/form-fields" {
		t.Errorf("read = %s", p)
	}
}

func TestSetFormFieldValue_RefusesBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRunFormFields.200.fields.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	for name, req := range map[string]SetFormFieldValueRequest{
		"no value id":    {Field: "tracking", Value: "x"},
		"unknown field":  {ValueID: "v1", Field: "no such field", Value: "x"},
		"unknown option": {ValueID: "v1", Field: "pack_contents", Value: "Gold bars"},
	} {
		if err := c.SetFormFieldValue(ctx, kickoffRunID, req); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	for _, r := range srv.requests {
		if r.Method != http.MethodGet {
			t.Errorf("%s %s sent", r.Method, r.URL.Path)
		}
	}
}
