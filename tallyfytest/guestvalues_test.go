package tallyfytest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// A guest's value lands in the store the member's path writes: the
// process's kick-off value changes. An unknown guest answers 404, and an id
// that is no stored value's 422 (the guest path does not answer the member
// path's 500).
func TestSetGuestFormFieldValue_ReplacesTheStoredValue(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	fields, err := c.GetRunFormFields(ctx, tallyfytest.SampleRunID)
	if err != nil || len(fields.KoFormFields) == 0 {
		t.Fatalf("GetRunFormFields = %+v, %v", fields, err)
	}
	ko := fields.KoFormFields[0]
	req := tallyfy.SetFormFieldValueRequest{ValueID: tallyfytest.StoredValueID(tallyfytest.SampleRunID, ko.ID), Field: ko.ID, Value: "Initech Ltd"}
	if err := c.SetGuestFormFieldValue(ctx, tallyfytest.SampleGuestEmail, tallyfytest.SampleRunID, req); err != nil {
		t.Fatal(err)
	}
	run, err := c.GetRun(ctx, tallyfytest.SampleRunID, nil)
	if err != nil || member(run.Prerun, ko.ID) != "Initech Ltd" {
		t.Errorf("kick-off value = %v, %v; want the guest's", member(run.Prerun, ko.ID), err)
	}
	if err := c.SetGuestFormFieldValue(ctx, "nobody@nowhere.example", tallyfytest.SampleRunID, req); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("unknown guest: err = %v, want ErrNotFound", err)
	}
	req.ValueID = ko.ID
	var apiErr *tallyfy.APIError
	if err := c.SetGuestFormFieldValue(ctx, tallyfytest.SampleGuestEmail, tallyfytest.SampleRunID, req); !errors.As(err, &apiErr) || apiErr.StatusCode != 422 {
		t.Errorf("a field's own id: err = %v, want 422", err)
	}
}
