package tallyfytest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestKickoff_ReopenAndCompleteShowOnTheProcess(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	run, err := c.ReopenKickoff(ctx, tallyfytest.SampleRunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.PrerunStatus != "pending" || run.PrerunCompletedAt != nil || run.PrerunCompletedBy != nil {
		t.Errorf("after reopen: status %q, completed %v by %v", run.PrerunStatus, run.PrerunCompletedAt, run.PrerunCompletedBy)
	}
	got, err := c.GetRun(ctx, tallyfytest.SampleRunID, nil)
	var values map[string]any
	if err == nil {
		err = got.Prerun.Decode(&values)
	}
	if err != nil || got.PrerunStatus != "pending" || len(values) == 0 {
		t.Fatalf("GetRun after reopen = status %q, prerun %v, %v; want pending with its values kept", got.PrerunStatus, got.Prerun, err)
	}
	run, err = c.CompleteKickoff(ctx, tallyfytest.SampleRunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.PrerunStatus != "complete" || run.PrerunCompletedAt == nil || run.PrerunCompletedBy == nil {
		t.Errorf("after complete: status %q, completed %v by %v", run.PrerunStatus, run.PrerunCompletedAt, run.PrerunCompletedBy)
	}
	got, err = c.GetRun(ctx, tallyfytest.SampleRunID, nil)
	if err != nil || got.PrerunStatus != "complete" {
		t.Errorf("GetRun after complete = %q, %v", got.PrerunStatus, err)
	}
	if _, err := c.CompleteKickoff(ctx, "ffffffffffffffffffffffffffffffff"); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("unknown process: err = %v, want ErrNotFound", err)
	}
}

func TestSaveTaskFields_ValuesShowOnTheTaskAndTheProcessFormFields(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	task := tallyfytest.InProgressTaskID
	before, err := c.GetTask(ctx, task, &tallyfy.GetTaskOptions{With: []tallyfy.TaskInclude{tallyfy.TaskIncludeFormFields}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, f := range before.FormFields {
		ids[*f.Alias] = f.ID
	}
	dateBefore := member(before.Taskdata, ids["call_date"])
	if err := c.SaveTaskFields(ctx, task, tallyfy.SaveTaskFieldsRequest{Fields: map[string]any{"Call notes": "Moved to Thursday."}}); err != nil {
		t.Fatal(err)
	}
	after, err := c.GetTask(ctx, task, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := member(after.Taskdata, ids["call_notes"]); got != "Moved to Thursday." {
		t.Errorf("call_notes = %v, want the value saved", got)
	}
	if got := member(after.Taskdata, ids["call_date"]); got != dateBefore {
		t.Errorf("call_date = %v, was %v: a value not named changed", got, dateBefore)
	}
	fields, err := c.GetRunFormFields(ctx, tallyfytest.SampleRunID)
	if err != nil {
		t.Fatal(err)
	}
	var seen bool
	for _, f := range fields.FormFields {
		if f.ID == ids["call_notes"] {
			seen = f.Value == "Moved to Thursday." && f.TaskID != nil && *f.TaskID == task
		}
	}
	if !seen {
		t.Errorf("the process's form fields lack the saved value with its task id: %+v", fields.FormFields)
	}
	if len(fields.KoFormFields) == 0 {
		t.Error("the process's kick-off fields are missing")
	}
	// A value the field's type does not take is refused by the fake too
	// (a raw request, past the SDK's own check).
	err = c.SaveTaskFields(ctx, task, tallyfy.SaveTaskFieldsRequest{Fields: map[string]any{"call_date": "not a date"}})
	if !errors.Is(err, tallyfy.ErrInvalidArgument) && !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("bad date: err = %v", err)
	}
}

func TestSaveTaskField_TheFakeRefusesAnUnknownFieldAndACompletedTask(t *testing.T) {
	f := newFixture(t)
	path := orgPath("/tasks/" + tallyfytest.InProgressTaskID + "/captures")
	status, body := f.send(t, "POST", path, map[string]any{"id": "ffffffffffffffffffffffffffffffff", "value": "x"})
	wantErrors(t, status, body, map[string]string{"id": "The selected id is invalid."})
	ids := fieldIDs(t, f, tallyfytest.InProgressTaskID)
	status, body = f.send(t, "POST", path, map[string]any{"id": ids["call_date"], "value": 1717232400})
	wantErrors(t, status, body, map[string]string{"value": "Date of the call is not a valid date."})
	status, body = f.send(t, "POST", orgPath("/tasks/"+tallyfytest.SampleTaskID+"/captures"), map[string]any{"id": ids["call_date"], "value": "2024-05-30 17:00:00"})
	wantStatus(t, status, body, 422)
}

func TestSetFormFieldValue_ReplacesAStoredValueAndRefusesAFieldsOwnID(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	task := tallyfytest.InProgressTaskID
	if err := c.SaveTaskFields(ctx, task, tallyfy.SaveTaskFieldsRequest{Fields: map[string]any{"call_notes": "First notes."}}); err != nil {
		t.Fatal(err)
	}
	before, err := c.GetTask(ctx, task, &tallyfy.GetTaskOptions{With: []tallyfy.TaskInclude{tallyfy.TaskIncludeFormFields}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, f := range before.FormFields {
		ids[*f.Alias] = f.ID
	}
	valueID := tallyfytest.StoredValueID(task, ids["call_notes"])
	err = c.SetFormFieldValue(ctx, tallyfytest.SampleRunID, tallyfy.SetFormFieldValueRequest{ValueID: valueID, Field: "Call notes", Value: "Second notes."})
	if err != nil {
		t.Fatal(err)
	}
	after, err := c.GetTask(ctx, task, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := member(after.Taskdata, ids["call_notes"]); got != "Second notes." {
		t.Errorf("call_notes = %v, want the value set", got)
	}
	if got, was := member(after.Taskdata, ids["call_date"]), member(before.Taskdata, ids["call_date"]); got != was {
		t.Errorf("call_date = %v, was %v: a value not named changed", got, was)
	}
	// A kick-off value, by its stored value's id.
	fields, err := c.GetRunFormFields(ctx, tallyfytest.SampleRunID)
	if err != nil || len(fields.KoFormFields) == 0 {
		t.Fatalf("GetRunFormFields = %+v, %v", fields, err)
	}
	ko := fields.KoFormFields[0]
	if ko.FieldType != "text" {
		t.Fatalf("the sample run's first kick-off field is a %s; this test needs a text field", ko.FieldType)
	}
	err = c.SetFormFieldValue(ctx, tallyfytest.SampleRunID, tallyfy.SetFormFieldValueRequest{
		ValueID: tallyfytest.StoredValueID(tallyfytest.SampleRunID, ko.ID), Field: ko.ID, Value: "Globex Holdings"})
	if err != nil {
		t.Fatal(err)
	}
	run, err := c.GetRun(ctx, tallyfytest.SampleRunID, nil)
	if err != nil || member(run.Prerun, ko.ID) != "Globex Holdings" {
		t.Errorf("kick-off value = %v, %v; want the value set", member(run.Prerun, ko.ID), err)
	}
	// The field's own id is no stored value's id: the live API's 500 (n8n issue #9).
	err = c.SetFormFieldValue(ctx, tallyfytest.SampleRunID, tallyfy.SetFormFieldValueRequest{ValueID: ids["call_notes"], Field: "Call notes", Value: "x"})
	var apiErr *tallyfy.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || !strings.Contains(apiErr.Message, "capture") {
		t.Errorf("a field's own id: err = %v, want the API's 500", err)
	}
}
