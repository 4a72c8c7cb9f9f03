package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// maxStepTitle is a generous bound on a step's title; the API's own limit is
// not documented (task titles take 600, documentation create-task).
const maxStepTitle = 600

// StepSettings are a step's settings as CreateStep and UpdateStep send them;
// nil fields are not sent (left as they are on an update).
type StepSettings struct {
	// Summary is the description (HTML allowed).
	Summary *string
	// Alias is a stable name for the step.
	Alias *string
	// StepType is task, approval, expiring, email or expiring_email.
	StepType *string
	// Position is the step's place in the template, from 1.
	Position *int
	// Deadline is when the task is due, relative to the process start.
	Deadline *StepDeadline
	// StartDate is when the task starts, relative to the process start.
	StartDate *Duration
	// Webhook is a URL called when the task completes; "" removes it.
	Webhook *string
	// MaxAssignable caps the number of assignees.
	MaxAssignable *int
	// The switches, as the API names them.
	AllowGuestOwners, EveryoneMustComplete, CanCompleteOnlyAssignees, SkipStartProcess, AssignRunStarter, PreventGuestComment *bool
}

// StepDeadline is a step's deadline rule.
type StepDeadline = gen.StepDeadline

// Duration is an offset such as "2 days".
type Duration = gen.Duration

func (s StepSettings) check() error {
	var errs []error
	if s.Position != nil && *s.Position < 1 {
		errs = append(errs, fmt.Errorf("%w: step position %d: positions start at 1", ErrInvalidArgument, *s.Position))
	}
	if s.Webhook != nil && *s.Webhook != "" && !isHTTPURL(*s.Webhook) {
		errs = append(errs, fmt.Errorf("%w: step webhook %q is not an http(s) URL", ErrInvalidArgument, displayText(*s.Webhook, 80)))
	}
	if s.Summary != nil {
		errs = append(errs, checkUTF8("step summary", *s.Summary))
	}
	if s.Deadline != nil && s.Deadline.Value < 0 {
		errs = append(errs, fmt.Errorf("%w: step deadline %d %s is negative", ErrInvalidArgument, s.Deadline.Value, s.Deadline.Unit))
	}
	return firstError(errs...)
}

// StepAssignees are who a step's task goes to by default: members by user
// id, guests by email and groups by id. The API replaces all three with what
// an update sends, and empties one that is left out.
type StepAssignees struct {
	// Users are member user ids.
	Users []int
	// Guests are guest emails.
	Guests []string
	// Groups are group ids.
	Groups []string
}

func (a StepAssignees) check() error {
	return firstError(checkUserIDs("step assignee", a.Users), validateGuests(a.Guests), validateIDs("group", a.Groups))
}

// lists returns the three lists, never nil: a null list would be read as
// "empty".
func (a StepAssignees) lists() ([]int, []string, []string) {
	return nonNilSlice(slices.Clone(a.Users)), nonNilSlice(slices.Clone(a.Guests)), nonNilSlice(slices.Clone(a.Groups))
}

// CreateStepRequest is what CreateStep sends. Title is required.
type CreateStepRequest struct {
	// Title is the step's title; {{alias}} placeholders are filled from the
	// kick-off values at launch.
	Title string
	// Settings are the step's other settings.
	Settings StepSettings
	// Assignees are who the task goes to by default.
	Assignees StepAssignees
}

// CreateStep adds a step to a template and returns it. Not idempotent: an
// unknown outcome says how to check before trying again.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/steps (createStep)
func (c *Client) CreateStep(ctx context.Context, templateID string, req CreateStepRequest) (*Step, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	if err := firstError(checkStepTitle(req.Title), req.Settings.check(), req.Assignees.check()); err != nil {
		return nil, err
	}
	body := stepBody(req.Title, req.Settings)
	if a := req.Assignees; len(a.Users)+len(a.Guests)+len(a.Groups) > 0 {
		users, guests, groups := a.lists()
		body.Assignees, body.Guests, body.Groups = &users, &guests, &groups
	}
	path := c.OrganizationPath("checklists", templateID, "steps")
	check := fmt.Sprintf("list the steps of template %s (ListSteps) to see whether %q was added", templateID, displayText(req.Title, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateStep(ctx, c.orgID, templateID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Step](resp, http.MethodPost, path)
}

// stepBody is the body of a step write without its assignees (both request
// types have the same fields).
func stepBody(title string, s StepSettings) gen.StepRequest {
	return gen.StepRequest{
		Title: title, Summary: s.Summary, Alias: s.Alias, StepType: s.StepType, Position: s.Position, Deadline: s.Deadline,
		StartDate: s.StartDate, Webhook: s.Webhook, MaxAssignable: s.MaxAssignable, AllowGuestOwners: s.AllowGuestOwners,
		EveryoneMustComplete: s.EveryoneMustComplete, CanCompleteOnlyAssignees: s.CanCompleteOnlyAssignees,
		SkipStartProcess: s.SkipStartProcess, AssignRunStarter: s.AssignRunStarter, PreventGuestComment: s.PreventGuestComment,
	}
}

// UpdateStepRequest is what UpdateStep changes; nil fields are left as they
// are.
type UpdateStepRequest struct {
	// Title renames the step. The API needs a title in every update: when
	// nil, the current one is read and sent back.
	Title *string
	// Settings are the settings to change (nil fields are not sent).
	Settings StepSettings
	// Assignees, when set, replaces who the task goes to (empty lists
	// remove everyone). When nil they are kept: UpdateStep reads the step
	// and sends its current lists back, since the API empties any list an
	// update leaves out (official MCP server, add_assignees_to_step).
	Assignees *StepAssignees
}

// UpdateStep changes a step and returns it. It always sends the title and
// the three assignee lists, reading the step first when Title or Assignees
// is nil; a read that lacks a list it must send back is refused rather than
// sent as empty.
//
// API: PUT /organizations/{org}/checklists/{checklist_id}/steps/{step_id}
// (updateStep); GET the step first when needed.
func (c *Client) UpdateStep(ctx context.Context, templateID, stepID string, req UpdateStepRequest) (*Step, error) {
	if err := c.prepare(ctx, "template", templateID, "step", stepID); err != nil {
		return nil, err
	}
	checks := []error{req.Settings.check()}
	if req.Title != nil {
		checks = append(checks, checkStepTitle(*req.Title))
	}
	if req.Assignees != nil {
		checks = append(checks, req.Assignees.check())
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	title, who := req.Title, req.Assignees
	if title == nil || who == nil {
		s, err := c.GetStep(ctx, templateID, stepID)
		if err != nil {
			return nil, fmt.Errorf("reading step %s before updating it: %w", stepID, err)
		}
		if title == nil {
			if s.Title == "" {
				return nil, fmt.Errorf("%w: the read of step %s has no title to send back and the API needs one in every update: set Title", ErrInvalidArgument, stepID)
			}
			title = &s.Title
		}
		if who == nil {
			if s.Assignees == nil || s.Guests == nil || s.Groups == nil {
				return nil, fmt.Errorf("%w: the read of step %s lacks its assignees, guests or groups, and an update without them would empty them: set Assignees to the complete lists", ErrInvalidArgument, stepID)
			}
			who = &StepAssignees{Users: *s.Assignees, Guests: *s.Guests, Groups: *s.Groups}
		}
	}
	b := stepBody(*title, req.Settings)
	users, guests, groups := who.lists()
	body := gen.UpdateStepRequest{
		Title: b.Title, Summary: b.Summary, Alias: b.Alias, StepType: b.StepType, Position: b.Position, Deadline: b.Deadline,
		StartDate: b.StartDate, Webhook: b.Webhook, MaxAssignable: b.MaxAssignable, AllowGuestOwners: b.AllowGuestOwners,
		EveryoneMustComplete: b.EveryoneMustComplete, CanCompleteOnlyAssignees: b.CanCompleteOnlyAssignees,
		SkipStartProcess: b.SkipStartProcess, AssignRunStarter: b.AssignRunStarter, PreventGuestComment: b.PreventGuestComment,
		Assignees: users, Guests: guests, Groups: groups,
	}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID)
	check := fmt.Sprintf("read step %s (GetStep) to see whether it changed", stepID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateStep(ctx, c.orgID, templateID, stepID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Step](resp, http.MethodPut, path)
}

// GetStep returns one step of a template, with its form fields.
//
// API: GET /organizations/{org}/checklists/{checklist_id}/steps/{step_id} (getStep)
func (c *Client) GetStep(ctx context.Context, templateID, stepID string) (*Step, error) {
	if err := c.prepare(ctx, "template", templateID, "step", stepID); err != nil {
		return nil, err
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetStep(ctx, c.orgID, templateID, stepID) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Step](body)
}

// ListStepsOptions pages ListSteps.
type ListStepsOptions struct {
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's).
	PerPage int
}

// ListSteps iterates over a template's steps, in order, each with its form
// fields.
//
// API: GET /organizations/{org}/checklists/{checklist_id}/steps (listSteps)
func (c *Client) ListSteps(ctx context.Context, templateID string, opts *ListStepsOptions) iter.Seq2[*Step, error] {
	return listItems(c, ctx, opts, c.stepsPage(templateID), "template", templateID)
}

// ListStepsPage returns one page of a template's steps.
//
// API: GET /organizations/{org}/checklists/{checklist_id}/steps (listSteps)
func (c *Client) ListStepsPage(ctx context.Context, templateID string, opts *ListStepsOptions) (*Page[Step], error) {
	return listPage(c, ctx, opts, c.stepsPage(templateID), "template", templateID)
}

func (o *ListStepsOptions) check() error            { return validatePaging(o.Page, o.PerPage) }
func (o *ListStepsOptions) start() int              { return max(o.Page, 1) }
func (o *ListStepsOptions) clone() ListStepsOptions { return *o }

func (c *Client) stepsPage(templateID string) fetchWith[*ListStepsOptions, Step] {
	return func(ctx context.Context, o *ListStepsOptions, page int) (*Page[Step], error) {
		params := &gen.ListStepsParams{Page: &page, PerPage: optInt(o.PerPage)}
		body, err := exchange(func() (*http.Response, error) { return c.api.ListSteps(ctx, c.orgID, templateID, params) })
		if err != nil {
			return nil, err
		}
		defer releaseBody(body)
		return list[Step](body)
	}
}

// DeleteStep deletes a step for good. The API refuses while an automation
// refers to the step or another step's deadline is anchored to it: delete
// or change those first.
//
// API: DELETE /organizations/{org}/checklists/{checklist_id}/steps/{step_id} (deleteStep)
func (c *Client) DeleteStep(ctx context.Context, templateID, stepID string) error {
	if err := c.prepare(ctx, "template", templateID, "step", stepID); err != nil {
		return err
	}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID)
	check := fmt.Sprintf("read step %s (GetStep: ErrNotFound once deleted)", stepID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteStep(ctx, c.orgID, templateID, stepID)
	})
	releaseBody(resp)
	return err
}

// CloneStep copies a step, with its form fields and assignees, within its
// template and returns the copy. Not idempotent.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/steps/{step_id}/clone (cloneStep)
func (c *Client) CloneStep(ctx context.Context, templateID, stepID string) (*Step, error) {
	if err := c.prepare(ctx, "template", templateID, "step", stepID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID, "clone")
	check := fmt.Sprintf("list the steps of template %s (ListSteps) to see whether the copy was made", templateID)
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CloneStep(ctx, c.orgID, templateID, stepID)
	})
	if err != nil {
		return nil, err
	}
	return written[Step](resp, http.MethodPost, path)
}

// StepFieldRequest is a step's form field as CreateStepField and
// UpdateStepField send it: FieldType, Label and Required always (the API
// needs them in every write), Guidance for help text (never a description,
// which the API drops: mcp #623), Options as {ID, Text} (mcp #627).
type StepFieldRequest = gen.StepFieldRequest

func checkStepField(f StepFieldRequest) error {
	if f.Position != nil && *f.Position < 1 {
		return fmt.Errorf("%w: field position %d: positions start at 1", ErrInvalidArgument, *f.Position)
	}
	return checkFieldShape("form field", f.Label, f.FieldType, sliceOf(f.Options), sliceOf(f.Columns))
}

// CreateStepField adds a form field to a step and returns it. Not
// idempotent.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/steps/{step_id}/captures (createStepField)
func (c *Client) CreateStepField(ctx context.Context, templateID, stepID string, req StepFieldRequest) (*FormField, error) {
	if err := c.prepare(ctx, "template", templateID, "step", stepID); err != nil {
		return nil, err
	}
	if err := checkStepField(req); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID, "captures")
	check := fmt.Sprintf("read step %s (GetStep) to see whether the field %q was added", stepID, displayText(req.Label, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateStepField(ctx, c.orgID, templateID, stepID, req)
	})
	if err != nil {
		return nil, err
	}
	return written[FormField](resp, http.MethodPost, path)
}

// UpdateStepField changes a step's form field and returns it. Send the
// whole field: the API needs its type, label and required flag in every
// update, and a choice field's options.
//
// API: PUT /organizations/{org}/checklists/{checklist_id}/steps/{step_id}/captures/{capture_id} (updateStepField)
func (c *Client) UpdateStepField(ctx context.Context, templateID, stepID, fieldID string, req StepFieldRequest) (*FormField, error) {
	if err := c.prepare(ctx, "template", templateID, "step", stepID, "field", fieldID); err != nil {
		return nil, err
	}
	if err := checkStepField(req); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID, "captures", fieldID)
	check := fmt.Sprintf("read step %s (GetStep) to see whether field %s changed", stepID, fieldID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateStepField(ctx, c.orgID, templateID, stepID, fieldID, req)
	})
	if err != nil {
		return nil, err
	}
	return written[FormField](resp, http.MethodPut, path)
}

// DeleteStepField deletes a form field from a step. The API refuses (403)
// while an automation refers to it.
//
// API: DELETE /organizations/{org}/checklists/{checklist_id}/steps/{step_id}/captures/{capture_id} (deleteStepField)
func (c *Client) DeleteStepField(ctx context.Context, templateID, stepID, fieldID string) error {
	if err := c.prepare(ctx, "template", templateID, "step", stepID, "field", fieldID); err != nil {
		return err
	}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID, "captures", fieldID)
	check := fmt.Sprintf("read step %s (GetStep) to see whether field %s is gone", stepID, fieldID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteStepField(ctx, c.orgID, templateID, stepID, fieldID)
	})
	releaseBody(resp)
	return err
}

// MoveStepFieldRequest says where MoveStepField moves a field.
type MoveStepFieldRequest struct {
	// ToStepID is the step of the same template the field moves to.
	ToStepID string
	// Position is its place there, from 1 (0 means 1).
	Position int
}

// MoveStepField moves a form field out of its step into another step of the
// same template and returns it.
//
// API: PUT /organizations/{org}/checklists/{checklist_id}/steps/{step_id}/captures/{capture_id}/move-out (moveStepField)
func (c *Client) MoveStepField(ctx context.Context, templateID, stepID, fieldID string, req MoveStepFieldRequest) (*FormField, error) {
	if err := c.prepare(ctx, "template", templateID, "step", stepID, "field", fieldID, "step", req.ToStepID); err != nil {
		return nil, err
	}
	pos := max(req.Position, 1)
	if req.Position < 0 || pos > 9999 {
		return nil, fmt.Errorf("%w: field position %d: want 1 to 9999", ErrInvalidArgument, req.Position)
	}
	body := gen.MoveStepFieldRequest{ToStep: req.ToStepID, Position: pos}
	path := c.OrganizationPath("checklists", templateID, "steps", stepID, "captures", fieldID, "move-out")
	check := fmt.Sprintf("read step %s (GetStep) to see whether field %s moved", req.ToStepID, fieldID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.MoveStepField(ctx, c.orgID, templateID, stepID, fieldID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[FormField](resp, http.MethodPut, path)
}

func checkStepTitle(title string) error {
	if title == "" {
		return fmt.Errorf("%w: step title is empty", ErrInvalidArgument)
	}
	return checkLength("step title", title, maxStepTitle)
}
