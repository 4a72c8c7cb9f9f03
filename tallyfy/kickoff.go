package tallyfy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// RunFormFields is a process's form fields: those of its tasks (each with
// its TaskID) and its kick-off fields.
type RunFormFields = gen.RunFormFields

// CompleteKickoff marks a process's kick-off form as submitted and returns
// the process (PrerunStatus complete, PrerunCompletedAt set). The values of
// the form are set at launch (LaunchRunRequest.Fields) or with UpdateRun;
// this call sends none. A call whose outcome is unknown is not repeated: the
// error matches ErrOutcomeUnknown and says how to check.
//
// API: POST /organizations/{org}/runs/{run_id}/complete-prerun (completeKickoff)
func (c *Client) CompleteKickoff(ctx context.Context, runID string) (*Run, error) {
	return c.runAction(ctx, runID, http.MethodPost, "complete-prerun", "PrerunStatus", "its kick-off form was completed", func() (*http.Response, error) {
		return c.api.CompleteKickoff(ctx, c.orgID, runID)
	})
}

// ReopenKickoff reopens a process's completed kick-off form so its values can
// be edited, and returns the process. The values already given stay.
//
// API: DELETE /organizations/{org}/runs/{run_id}/complete-prerun (reopenKickoff)
func (c *Client) ReopenKickoff(ctx context.Context, runID string) (*Run, error) {
	return c.runAction(ctx, runID, http.MethodDelete, "complete-prerun", "PrerunStatus", "its kick-off form was reopened", func() (*http.Response, error) {
		return c.api.ReopenKickoff(ctx, c.orgID, runID)
	})
}

// GetRunFormFields returns a process's form fields: FormFields, those of its
// tasks (each naming its task in TaskID), and KoFormFields, its kick-off
// fields. Their ids are the keys of a task's and a process's values.
//
// API: GET /organizations/{org}/runs/{run_id}/form-fields (getRunFormFields)
func (c *Client) GetRunFormFields(ctx context.Context, runID string) (*RunFormFields, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetRunFormFields(ctx, c.orgID, runID) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[RunFormFields](body)
}

// SaveTaskFieldsRequest is what SaveTaskFields saves.
type SaveTaskFieldsRequest struct {
	// Fields are the values to save, keyed by the field's id, alias or label
	// (the task's FormFields), each encoded for its field type as
	// LaunchRunRequest.Fields are. Fields not named keep their values.
	Fields map[string]any
}

// SaveTaskFields saves form-field values of a task (a process's task or a
// one-off task) without completing it. It reads the task's form fields
// first, refuses a key that names none (the API would drop it) or a value
// its field type does not take, and sends nothing until every value is
// encoded. The API saves one field per request, so each value is one POST,
// in form order; nothing else is sent, so the values of fields not named
// stay as they are.
//
// Saving is not repeated when its outcome is unknown. When a save fails, the
// error says which fields were saved before it and which were not sent, and
// matches what the failure matches (ErrOutcomeUnknown, an *APIError, …).
//
// API: GET /organizations/{org}/tasks/{task_id}?with=form_fields (getTask),
// then POST /organizations/{org}/tasks/{task_id}/captures (saveTaskField)
// per field.
func (c *Client) SaveTaskFields(ctx context.Context, taskID string, req SaveTaskFieldsRequest) error {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return err
	}
	if len(req.Fields) == 0 {
		return fmt.Errorf("%w: SaveTaskFieldsRequest.Fields is empty: name at least one field", ErrInvalidArgument)
	}
	task, err := c.getAnyTask(ctx, "", taskID, &GetTaskOptions{With: []TaskInclude{TaskIncludeFormFields}})
	if err != nil {
		return fmt.Errorf("reading task %s before saving its fields: %w", taskID, err)
	}
	defs := formFieldDefs(task.FormFields)
	values, err := encodeFields(ctx, c.people(), "task "+taskID, defs, req.Fields, false)
	if err != nil {
		return err
	}
	order := make([]string, 0, len(values))
	for _, d := range defs {
		if _, ok := values[d.ID]; ok {
			order = append(order, d.ID)
		}
	}
	path := c.OrganizationPath("tasks", taskID, "captures")
	for i, id := range order {
		body := gen.SaveTaskFieldRequest{ID: id, Value: values[id]}
		check := fmt.Sprintf("read task %s with its form fields (GetTask, With form_fields) to see whether field %s holds the value", taskID, id)
		resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
			return c.api.SaveTaskField(ctx, c.orgID, taskID, body)
		})
		releaseBody(resp)
		if err != nil {
			return &partialSaveError{err: err, saved: order[:i], failed: id, unsent: order[i+1:]}
		}
	}
	return nil
}

// partialSaveError is a SaveTaskFields failure part-way: which field ids
// were saved, which failed, which were not sent.
type partialSaveError struct {
	err           error
	saved, unsent []string
	failed        string
}

func (e *partialSaveError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "saving field %s: %v", e.failed, e.err)
	if len(e.saved) > 0 {
		fmt.Fprintf(&b, "; saved before it: %s", strings.Join(e.saved, ", "))
	}
	if len(e.unsent) > 0 {
		fmt.Fprintf(&b, "; not sent: %s", strings.Join(e.unsent, ", "))
	}
	return b.String()
}

func (e *partialSaveError) Unwrap() error { return e.err }

// SetFormFieldValueRequest is what SetFormFieldValue sends.
type SetFormFieldValueRequest struct {
	// ValueID is the id of the value already stored (the API's
	// CaptureValue id), not the field's id. No documented read returns it;
	// a field never given a value has none, and the API answers 500 for it.
	ValueID string
	// Field names the field the value belongs to by id, alias or label, as
	// GetRunFormFields lists them (a task's field or a kick-off field): the
	// value is encoded for its type.
	Field string
	// Value is the new value, as LaunchRunRequest.Fields takes one.
	Value any
}

// SetFormFieldValue replaces one stored form-field value of a process (of
// one of its tasks or of its kick-off form); no other value changes. It
// reads the process's form fields first, to refuse a Field that names none
// and encode Value for the field's type before anything is sent. Prefer
// SaveTaskFields for a task's values: it needs no stored value's id. A call
// whose outcome is unknown is not repeated.
//
// API: GET /organizations/{org}/runs/{run_id}/form-fields (getRunFormFields),
// then PUT /organizations/{org}/form-field/value (setFormFieldValue)
func (c *Client) SetFormFieldValue(ctx context.Context, runID string, req SetFormFieldValueRequest) error {
	body, err := c.formFieldValueBody(ctx, runID, req)
	if err != nil {
		return err
	}
	path := c.OrganizationPath("form-field", "value")
	resp, err := c.write(http.MethodPut, path, formFieldValueCheck(runID, req), func() (*http.Response, error) {
		return c.api.SetFormFieldValue(ctx, c.orgID, body)
	})
	releaseBody(resp)
	return err
}

// formFieldValueBody checks req and reads the process's form fields to
// encode req.Value for the type of the field req.Field names: the body of
// SetFormFieldValue and SetGuestFormFieldValue, which the API validates
// alike (n8n node updateValue sends both the same body).
func (c *Client) formFieldValueBody(ctx context.Context, runID string, req SetFormFieldValueRequest) (gen.SetFormFieldValueRequest, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return gen.SetFormFieldValueRequest{}, err
	}
	if strings.TrimSpace(req.ValueID) == "" {
		return gen.SetFormFieldValueRequest{}, fmt.Errorf("%w: SetFormFieldValueRequest.ValueID is empty: it is the stored value's id, not the field's", ErrInvalidArgument)
	}
	if !utf8.ValidString(req.ValueID) || strings.ContainsAny(req.ValueID, "\x00\r\n") {
		return gen.SetFormFieldValueRequest{}, fmt.Errorf("%w: SetFormFieldValueRequest.ValueID is not a valid id", ErrInvalidArgument)
	}
	fields, err := c.GetRunFormFields(ctx, runID)
	if err != nil {
		return gen.SetFormFieldValueRequest{}, fmt.Errorf("reading the form fields of process %s before setting a value: %w", runID, err)
	}
	defs := formFieldDefs(append(slices.Clone(fields.FormFields), fields.KoFormFields...))
	values, err := encodeFields(ctx, c.people(), "process "+runID, defs, map[string]any{req.Field: req.Value}, false)
	if err != nil {
		return gen.SetFormFieldValueRequest{}, err
	}
	var value json.RawMessage
	for _, v := range values {
		value = v
	}
	return gen.SetFormFieldValueRequest{ID: req.ValueID, FormValue: value}, nil
}

// formFieldValueCheck is how to find out whether a value was set.
func formFieldValueCheck(runID string, req SetFormFieldValueRequest) string {
	return fmt.Sprintf("read process %s's form fields (GetRunFormFields) to see whether %s holds the value", runID, req.Field)
}
