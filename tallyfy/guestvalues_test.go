package tallyfy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
)

// The guest's twin sends the member's body, encoded the same way from the
// same read, by POST to the guest's path.
func TestSetGuestFormFieldValue_SendsTheMembersBodyToTheGuestsPath(t *testing.T) {
	var sent []byte
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, fixture(t, "getRunFormFields.200.fields.json"))
			return
		}
		sent, _ = io.ReadAll(r.Body)
		writeJSON(w, 200, fixture(t, "setGuestFormFieldValue.200.set.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	err := c.SetGuestFormFieldValue(context.Background(), "ops@globex.example", kickoffRunID, SetFormFieldValueRequest{
		ValueID: "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", Field: "What went in the pack", Value: "Swag"})
	if err != nil {
		t.Fatal(err)
	}
	req := srv.last()
	if req.Method != http.MethodPost || req.URL.EscapedPath() != "/organizations/org1/guests/ops@globex.example/form-field/value" {
		t.Errorf("request = %s %s", req.Method, req.URL.EscapedPath())
	}
	if want := `{"form_value":[{"id":2,"text":"Swag","selected":true}],"id":"7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7"}`; string(sent) != want {
		t.Errorf("body = %s, want %s", sent, want)
	}
	if p := srv.requests[0].URL.Path; p != "/organizations/org1/runs/"+kickoffRunID+"/form-fields" {
		t.Errorf("read = %s", p)
	}
}

// A bad guest, a missing value id or a value the field cannot take is
// refused before the write is sent; a bad guest before anything is.
func TestSetGuestFormFieldValue_RefusesBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRunFormFields.200.fields.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	ok := SetFormFieldValueRequest{ValueID: "v1", Field: "tracking", Value: "x"}
	for name, tc := range map[string]struct {
		guest string
		req   SetFormFieldValueRequest
	}{
		"no guest":       {"", ok},
		"bad email":      {"ops@", ok},
		"path in guest":  {"a/b", ok},
		"no value id":    {"ops@globex.example", SetFormFieldValueRequest{Field: "tracking", Value: "x"}},
		"unknown field":  {"ops@globex.example", SetFormFieldValueRequest{ValueID: "v1", Field: "no such field", Value: "x"}},
		"unknown option": {"ops@globex.example", SetFormFieldValueRequest{ValueID: "v1", Field: "pack_contents", Value: "Gold bars"}},
	} {
		if err := c.SetGuestFormFieldValue(ctx, tc.guest, kickoffRunID, tc.req); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	for _, r := range srv.requests {
		if r.Method != http.MethodGet {
			t.Errorf("%s %s sent", r.Method, r.URL.Path)
		}
	}
}
