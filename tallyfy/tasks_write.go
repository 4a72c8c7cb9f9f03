package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// maxTaskTitle is the API's limit on a task title (documentation
// create-task, update-task: max 600).
const maxTaskTitle = 600

// ErrAlreadyCompleted matches CompleteTask on a task that is already
// completed. CompleteTask reads the task first and refuses, because the
// sources disagree on what completing it again does and neither outcome is
// wanted: the documentation says the API answers an error, and Tallyfy's MCP
// server, reading the API's source, says it answers 2xx and fires the
// task.completed events (webhooks, emails) again.
var ErrAlreadyCompleted = errors.New("tallyfy: task already completed")

// Task types the API knows (Task.TaskType). The set is open.
const (
	TaskTypeTask          = "task"
	TaskTypeApproval      = "approval"
	TaskTypeExpiring      = "expiring"
	TaskTypeEmail         = "email"
	TaskTypeExpiringEmail = "expiring_email"
)

// GetRunTask returns one task of a process. Unlike GetTask it fails (404)
// for a task of another process.
//
// API: GET /organizations/{org}/runs/{run_id}/tasks/{task_id} (getRunTask)
func (c *Client) GetRunTask(ctx context.Context, runID, taskID string, opts *GetTaskOptions) (*Task, error) {
	if err := c.prepare(ctx, "run", runID, "task", taskID); err != nil {
		return nil, err
	}
	params := &gen.GetRunTaskParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetRunTask(ctx, c.orgID, runID, taskID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Task](body)
}

// getAnyTask reads a task of a process, or a one-off task when runID is "".
func (c *Client) getAnyTask(ctx context.Context, runID, taskID string, opts *GetTaskOptions) (*Task, error) {
	if runID == "" {
		return c.GetTask(ctx, taskID, opts)
	}
	return c.GetRunTask(ctx, runID, taskID, opts)
}

// prepareTask checks a (runID, taskID) pair where an empty runID means a
// one-off task.
func (c *Client) prepareTask(ctx context.Context, runID, taskID string) error {
	if runID == "" {
		return c.prepare(ctx, "task", taskID)
	}
	return c.prepare(ctx, "run", runID, "task", taskID)
}

// Decision is the outcome of an approval task.
type Decision string

// The decisions of an approval task.
const (
	Approve Decision = "approve"
	Reject  Decision = "reject"
)

// CompleteTaskOptions are the choices of CompleteTask.
type CompleteTaskOptions struct {
	// Decision approves or rejects an approval task; it is required for
	// approval tasks and refused for every other type (for an expiring task
	// the API records a rejection as "expired").
	Decision Decision
	// CompleteAs records this user as the one who completed the task.
	CompleteAs int
}

// CompleteTask completes a task of a process, or a one-off task when runID
// is "", and returns it.
//
// It reads the task first: a completed task is refused with
// ErrAlreadyCompleted, an approval task needs a Decision and any other task
// must have none. Form values cannot be sent with the completion: set
// required ones first with UpdateTask. Completing is not idempotent (the
// task's completion events fire each time): a completion whose outcome is
// unknown is never repeated, and the error matches ErrOutcomeUnknown.
//
// API: GET the task, then POST /organizations/{org}/runs/{run_id}/completed-tasks
// (completeRunTask) or POST /organizations/{org}/completed-tasks (completeTask).
func (c *Client) CompleteTask(ctx context.Context, runID, taskID string, opts *CompleteTaskOptions) (*Task, error) {
	if err := c.prepareTask(ctx, runID, taskID); err != nil {
		return nil, err
	}
	o, err := completeOptions(opts)
	if err != nil {
		return nil, err
	}
	task, err := c.getAnyTask(ctx, runID, taskID, nil)
	if err != nil {
		return nil, fmt.Errorf("reading task %s before completing it: %w", taskID, err)
	}
	return c.completeAsRead(ctx, runID, taskID, task, o)
}

// completeOptions checks CompleteTask's options on their own.
func completeOptions(opts *CompleteTaskOptions) (CompleteTaskOptions, error) {
	var o CompleteTaskOptions
	if opts != nil {
		o = *opts
	}
	if o.Decision != "" && o.Decision != Approve && o.Decision != Reject {
		return o, fmt.Errorf("%w: decision %q: want tallyfy.Approve or tallyfy.Reject", ErrInvalidArgument, displayText(string(o.Decision), 40))
	}
	if o.CompleteAs < 0 {
		return o, fmt.Errorf("%w: CompleteAs user id %d: user ids are positive integers", ErrInvalidArgument, o.CompleteAs)
	}
	return o, nil
}

// completeAsRead checks a completion against the task's state as read (by
// CompleteTask just now, or by the caller of CompleteTaskAsRead) and sends
// it.
func (c *Client) completeAsRead(ctx context.Context, runID, taskID string, task *Task, o CompleteTaskOptions) (*Task, error) {
	switch {
	case task.Status == TaskStatusCompleted:
		at := ""
		if task.CompletedAt != nil {
			at = " at " + task.CompletedAt.UTC().Format(time.RFC3339)
		}
		return nil, fmt.Errorf("%w: task %s was completed%s; reopen it (ReopenTask) to complete it again", ErrAlreadyCompleted, taskID, at)
	case task.TaskType == TaskTypeApproval && o.Decision == "":
		return nil, fmt.Errorf("%w: task %s is an approval task: set CompleteTaskOptions.Decision to tallyfy.Approve or tallyfy.Reject", ErrInvalidArgument, taskID)
	case task.TaskType != TaskTypeApproval && o.Decision != "":
		return nil, fmt.Errorf("%w: task %s is a %q task, not an approval: a decision is only for approval tasks (the API would record a rejected expiring task as expired)", ErrInvalidArgument, taskID, displayText(task.TaskType, 40))
	}
	body := gen.CompleteTaskRequest{TaskID: taskID, OverrideUser: optInt(o.CompleteAs)}
	if o.Decision != "" {
		approved := o.Decision == Approve
		body.IsApproved = &approved
	}
	check := fmt.Sprintf("read task %s (GetTask; Status, CompletedAt) to see whether it was completed", taskID)
	var path string
	var call func() (*http.Response, error)
	if runID == "" {
		path = c.OrganizationPath("completed-tasks")
		call = func() (*http.Response, error) { return c.api.CompleteTask(ctx, c.orgID, body) }
	} else {
		path = c.OrganizationPath("runs", runID, "completed-tasks")
		call = func() (*http.Response, error) { return c.api.CompleteRunTask(ctx, c.orgID, runID, body) }
	}
	resp, err := c.write(http.MethodPost, path, check, call)
	if err != nil {
		return nil, err
	}
	return written[Task](resp, http.MethodPost, path)
}

// ReopenTask reopens a completed task of a process, or a one-off task when
// runID is "", and returns it (status in-progress, completion cleared). A
// task that is not completed is an error from the API.
//
// API: DELETE /organizations/{org}/runs/{run_id}/completed-tasks/{task_id}
// (reopenRunTask) or DELETE /organizations/{org}/completed-tasks/{task_id}
// (reopenTask).
func (c *Client) ReopenTask(ctx context.Context, runID, taskID string) (*Task, error) {
	if err := c.prepareTask(ctx, runID, taskID); err != nil {
		return nil, err
	}
	var path string
	var call func() (*http.Response, error)
	if runID == "" {
		path = c.OrganizationPath("completed-tasks", taskID)
		call = func() (*http.Response, error) { return c.api.ReopenTask(ctx, c.orgID, taskID) }
	} else {
		path = c.OrganizationPath("runs", runID, "completed-tasks", taskID)
		call = func() (*http.Response, error) { return c.api.ReopenRunTask(ctx, c.orgID, runID, taskID) }
	}
	check := fmt.Sprintf("read task %s (GetTask; Status) to see whether it was reopened", taskID)
	resp, err := c.write(http.MethodDelete, path, check, call)
	if err != nil {
		return nil, err
	}
	return written[Task](resp, http.MethodDelete, path)
}

// UpdateTaskRequest is what UpdateTask changes; nil, zero and empty fields
// are left as they are. Every text must be valid UTF-8 (see
// LaunchRunRequest).
type UpdateTaskRequest struct {
	// Title replaces the title (at most 600 characters).
	Title *string
	// Summary replaces the description (HTML).
	Summary *string
	// Deadline and StartedAt move the deadline and the start.
	Deadline, StartedAt time.Time
	// Owners, when set, replaces every assignee: users, guests and groups
	// together (empty lists unassign). The API empties any list an update
	// leaves out, so all three are always sent. Owners.People names them by
	// email, full name or group name (see Assignees), resolved before
	// anything is sent: the task ends with exactly the owners given.
	Owners *Assignees
	// Fields sets form-field values, keyed by the field's id, alias or label
	// (the task's FormFields). UpdateTask reads the task's fields, refuses a
	// key that names none (the API would drop it and answer 200) and encodes
	// each value for its field type (see LaunchRunRequest.Fields).
	Fields map[string]any
	// MaxAssignable caps how many people may be assigned (0: unchanged).
	MaxAssignable int
	// PreventGuestComment and TopSecret set those flags.
	PreventGuestComment, TopSecret *bool
	// Webhook replaces the URL called when the task is completed.
	Webhook *string
}

// UpdateTask changes a task of a process, or a one-off task when runID is
// "", and returns it. A completed task cannot be updated (the API answers
// 422). The API wants a one-off task's title, deadline and assignees on
// every update: those left unset are read from the task and sent back. A
// read that lacks them (absent or null) is refused with ErrInvalidResponse
// and nothing is sent: empty assignee lists would unassign everyone.
//
// API: PUT /organizations/{org}/runs/{run_id}/tasks/{task_id}
// (updateRunTask) or PUT /organizations/{org}/tasks/{task_id} (updateTask);
// with Fields or for a one-off task, GET the task first.
func (c *Client) UpdateTask(ctx context.Context, runID, taskID string, req UpdateTaskRequest) (*Task, error) {
	if err := c.prepareTask(ctx, runID, taskID); err != nil {
		return nil, err
	}
	var checks []error
	if req.Title != nil {
		checks = append(checks, checkLength("task title", *req.Title, maxTaskTitle))
	}
	if req.Summary != nil {
		checks = append(checks, checkText("task summary", *req.Summary))
	}
	if req.Webhook != nil {
		checks = append(checks, checkText("task webhook", *req.Webhook))
	}
	if req.Owners != nil {
		checks = append(checks, checkAssignees(*req.Owners, false))
	}
	if req.MaxAssignable < 0 {
		checks = append(checks, fmt.Errorf("%w: MaxAssignable %d must be 1 or more", ErrInvalidArgument, req.MaxAssignable))
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	people := c.people()
	if req.Owners != nil {
		owners, err := people.assignees(ctx, *req.Owners, taskOwnersPlace)
		if err != nil {
			return nil, err
		}
		req.Owners = &owners
	}
	body := gen.UpdateTaskRequest{
		Title:               req.Title,
		Summary:             req.Summary,
		Deadline:            writeDate(req.Deadline),
		StartedAt:           writeDate(req.StartedAt),
		MaxAssignable:       optInt(req.MaxAssignable),
		PreventGuestComment: req.PreventGuestComment,
		TopSecret:           req.TopSecret,
		Webhook:             req.Webhook,
	}
	if req.Owners != nil {
		owners := wireAssignees(*req.Owners)
		body.Owners = &owners
	}
	oneOff := runID == ""
	needsRead := len(req.Fields) > 0 || (oneOff && (body.Title == nil || body.Deadline == nil || body.Owners == nil))
	if needsRead {
		var opts *GetTaskOptions
		if len(req.Fields) > 0 {
			opts = &GetTaskOptions{With: []TaskInclude{TaskIncludeFormFields}}
		}
		task, err := c.getAnyTask(ctx, runID, taskID, opts)
		if err != nil {
			return nil, fmt.Errorf("reading task %s before updating it: %w", taskID, err)
		}
		if len(req.Fields) > 0 {
			values, err := encodeFields(ctx, people, "task "+taskID, formFieldDefs(task.FormFields), req.Fields, false)
			if err != nil {
				return nil, err
			}
			data := gen.FieldValues(values)
			body.Taskdata = &data
		}
		if oneOff {
			if err := fillOneOff(&body, taskID, task); err != nil {
				return nil, err
			}
		}
	}
	path := c.OrganizationPath("tasks", taskID)
	check := fmt.Sprintf("read task %s (GetTask) to see whether it changed", taskID)
	var call func() (*http.Response, error)
	if oneOff {
		if body.Deadline == nil {
			return nil, fmt.Errorf("%w: one-off task %s has no deadline, and the API requires one on every update: set UpdateTaskRequest.Deadline", ErrInvalidArgument, taskID)
		}
		full := gen.UpdateOneOffTaskRequest{
			Title: *body.Title, Deadline: *body.Deadline, Owners: *body.Owners,
			Summary: body.Summary, StartedAt: body.StartedAt, Taskdata: body.Taskdata,
			MaxAssignable: body.MaxAssignable, PreventGuestComment: body.PreventGuestComment,
			TopSecret: body.TopSecret, Webhook: body.Webhook,
		}
		call = func() (*http.Response, error) { return c.api.UpdateTask(ctx, c.orgID, taskID, full) }
	} else {
		path = c.OrganizationPath("runs", runID, "tasks", taskID)
		call = func() (*http.Response, error) { return c.api.UpdateRunTask(ctx, c.orgID, runID, taskID, body) }
	}
	resp, err := c.write(http.MethodPut, path, check, call)
	if err != nil {
		return nil, err
	}
	return written[Task](resp, http.MethodPut, path)
}

// fillOneOff completes a one-off task update with the task's current title,
// deadline and assignees where the caller left them out. What the read does
// not carry is refused, not made up: an empty title, or empty assignee lists
// the API would take as "unassign everyone". A list the API sent, even an
// empty one, decodes to a non-nil slice; only an absent or null one is nil.
func fillOneOff(body *gen.UpdateTaskRequest, taskID string, task *Task) error {
	var missing []string
	if body.Title == nil && task.Title == "" {
		missing = append(missing, "title (set UpdateTaskRequest.Title)")
	}
	if body.Owners == nil && (task.Owners.Users == nil || task.Owners.Guests == nil || task.Owners.Groups == nil) {
		missing = append(missing, "owners.users, guests and groups (set UpdateTaskRequest.Owners)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: the read of one-off task %s lacks its %s (absent or null), which the API needs on every update "+
			"and would otherwise clear; nothing was sent", ErrInvalidResponse, taskID, strings.Join(missing, " and its "))
	}
	if body.Title == nil {
		body.Title = Ptr(task.Title)
	}
	if body.Deadline == nil && task.Deadline != nil {
		body.Deadline = writeDate(*task.Deadline)
	}
	if body.Owners == nil {
		owners := gen.Assignees{
			Users:  make([]int, 0, len(task.Owners.Users)),
			Guests: make([]openapitypes.Email, 0, len(task.Owners.Guests)),
			Groups: slices.Clone(task.Owners.Groups),
		}
		for _, u := range task.Owners.Users {
			owners.Users = append(owners.Users, u.ID)
		}
		for _, g := range task.Owners.Guests {
			owners.Guests = append(owners.Guests, openapitypes.Email(g))
		}
		body.Owners = &owners
	}
	return nil
}

// CreateTaskRequest is what CreateTask sends. Title, Owners (at least one
// assignee) and Deadline are required. Every text must be valid UTF-8 (see
// LaunchRunRequest).
type CreateTaskRequest struct {
	// Title is the task's title (at most 600 characters).
	Title string
	// Type is the kind of task: TaskTypeTask (the default when empty),
	// TaskTypeApproval, TaskTypeExpiring, TaskTypeEmail or
	// TaskTypeExpiringEmail.
	Type string
	// Owners are the assignees; at least one is required. Owners.People
	// names them by email, full name or group name (see Assignees).
	Owners Assignees
	// Deadline is when the task is due; StartedAt when it starts (zero:
	// now).
	Deadline, StartedAt time.Time
	// Summary describes the task (HTML). The sources disagree on the key
	// the API reads, so it is sent as both summary and description.
	Summary string
	// MaxAssignable caps how many people may be assigned (0: no cap).
	MaxAssignable int
	// EveryoneMustComplete, CanCompleteOnlyAssignees, PreventGuestComment
	// and TopSecret set those flags.
	EveryoneMustComplete, CanCompleteOnlyAssignees, PreventGuestComment, TopSecret bool
	// SeparateTaskForEachAssignee creates one task per assignee; the API
	// returns only one of them (list the organization's tasks for the rest).
	SeparateTaskForEachAssignee bool
	// Tags are tag ids.
	Tags []string
	// Webhook is a URL the API calls when the task is completed.
	Webhook string
}

// CreateTask creates a one-off task (a task outside any process) and
// returns it. Creating is not idempotent: a creation whose outcome is
// unknown is never repeated, and the error matches ErrOutcomeUnknown.
//
// API: POST /organizations/{org}/tasks (createTask)
func (c *Client) CreateTask(ctx context.Context, req CreateTaskRequest) (*Task, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	taskType := req.Type
	if taskType == "" {
		taskType = TaskTypeTask
	}
	var checks []error
	if req.Title == "" {
		checks = append(checks, fmt.Errorf("%w: a task needs a Title", ErrInvalidArgument))
	}
	if req.Deadline.IsZero() {
		checks = append(checks, fmt.Errorf("%w: a task needs a Deadline", ErrInvalidArgument))
	}
	if !gen.CreateTaskRequestTaskType(taskType).Valid() {
		checks = append(checks, fmt.Errorf("%w: task type %q: want one of task, approval, expiring, email, expiring_email", ErrInvalidArgument, displayText(taskType, 40)))
	}
	if req.MaxAssignable < 0 {
		checks = append(checks, fmt.Errorf("%w: MaxAssignable %d must be 1 or more", ErrInvalidArgument, req.MaxAssignable))
	}
	checks = append(checks,
		checkLength("task title", req.Title, maxTaskTitle),
		checkText("task summary", req.Summary),
		checkText("task webhook", req.Webhook),
		checkAssignees(req.Owners, true),
		validateIDs("tag", req.Tags))
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	owners, err := c.people().assignees(ctx, req.Owners, taskOwnersPlace)
	if err != nil {
		return nil, err
	}
	body := gen.CreateTaskRequest{
		Title:                       req.Title,
		TaskType:                    gen.CreateTaskRequestTaskType(taskType),
		Owners:                      wireAssignees(owners),
		Deadline:                    *writeDate(req.Deadline),
		StartedAt:                   writeDate(req.StartedAt),
		Summary:                     optString(req.Summary),
		Description:                 optString(req.Summary),
		MaxAssignable:               optInt(req.MaxAssignable),
		EveryoneMustComplete:        optTrue(req.EveryoneMustComplete),
		CanCompleteOnlyAssignees:    optTrue(req.CanCompleteOnlyAssignees),
		PreventGuestComment:         optTrue(req.PreventGuestComment),
		TopSecret:                   optTrue(req.TopSecret),
		SeparateTaskForEachAssignee: optTrue(req.SeparateTaskForEachAssignee),
		Tags:                        optSlice(req.Tags),
		Webhook:                     optString(req.Webhook),
	}
	path := c.OrganizationPath("tasks")
	check := fmt.Sprintf("list the organization's tasks (ListOrgTasks with Query %q) to see whether it was created", displayText(req.Title, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateTask(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Task](resp, http.MethodPost, path)
}

// Comment is a comment on a task.
type Comment = gen.Comment

// CommentVisibility says who sees a comment.
type CommentVisibility string

// Comment visibilities. The API's default, when none is sent, hides the
// comment from guests; CommentOnTask makes the choice explicit.
const (
	// CommentVisibleToAll shows the comment to everyone on the task,
	// guests included (state "open").
	CommentVisibleToAll CommentVisibility = "open"
	// CommentHiddenFromGuests shows it to members only ("hide-for-guests").
	CommentHiddenFromGuests CommentVisibility = "hide-for-guests"
	// CommentCollapsed posts it collapsed ("collapsed").
	CommentCollapsed CommentVisibility = "collapsed"
)

// CommentLabel is the kind of a comment.
type CommentLabel = gen.CommentRequestLabel

// Comment labels (the default is CommentLabelComment).
const (
	CommentLabelComment     = gen.CommentRequestLabelComment
	CommentLabelProblem     = gen.CommentRequestLabelProblem
	CommentLabelResolve     = gen.CommentRequestLabelResolve
	CommentLabelImprovement = gen.CommentRequestLabelImprovement
	CommentLabelAdvice      = gen.CommentRequestLabelAdvice
)

// CommentRequest is what CommentOnTask, CommentOnRun, CommentOnTemplate and
// UpdateTaskComment send. Content must be valid UTF-8
// (see LaunchRunRequest).
type CommentRequest struct {
	// Content is the text (HTML allowed). Only "@[<user id>]" in it
	// notifies someone (and gives them access to the task).
	Content string
	// Visibility is required: who sees the comment. Left to the API, a
	// comment is hidden from the guests on the task.
	Visibility CommentVisibility
	// Label is the kind of comment (empty: a plain comment).
	Label CommentLabel
}

// CommentOnTask posts a comment on a task and returns it. Posting is not
// idempotent: a comment whose outcome is unknown is never repeated, and the
// error matches ErrOutcomeUnknown. The API allows 120 comments an hour per
// organization, which the client paces itself under (WithCommentPacing).
//
// API: POST /organizations/{org}/tasks/{task_id}/comment (commentOnTask)
func (c *Client) CommentOnTask(ctx context.Context, taskID string, req CommentRequest) (*Comment, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	return c.postThread(ctx, taskCheck(taskID, "comment"), func() (*http.Response, error) {
		return c.api.CommentOnTask(ctx, c.orgID, taskID, body)
	}, "tasks", taskID, "comment")
}

// writeDate formats a time for a write as RFC 3339 in UTC, the form the
// documentation uses; nil for the zero time.
func writeDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// wireAssignees is the Assignees of a write: all three lists, never null.
func wireAssignees(a Assignees) gen.Assignees {
	out := gen.Assignees{Users: slices.Clone(a.Users), Guests: make([]openapitypes.Email, len(a.Guests)), Groups: slices.Clone(a.Groups)}
	for i, g := range a.Guests {
		out.Guests[i] = openapitypes.Email(g)
	}
	if out.Users == nil {
		out.Users = []int{}
	}
	if out.Groups == nil {
		out.Groups = []string{}
	}
	return out
}

// taskOwnersPlace is what task owners take: members, groups and guests
// (documentation create-task, update-task: owners.guests). A step that
// takes no guests (Task.AllowGuestOwners false) is the server's to judge.
var taskOwnersPlace = peoplePlace{what: "task owners", guests: guestsAllowed, groups: true}

// checkAssignees checks user ids, guest emails and group ids; with
// needOne, at least one assignee (People count: each resolves to one or is
// refused).
func checkAssignees(a Assignees, needOne bool) error {
	if needOne && len(a.Users)+len(a.Guests)+len(a.Groups)+len(a.People) == 0 {
		return fmt.Errorf("%w: a task needs at least one assignee (Owners)", ErrInvalidArgument)
	}
	return firstError(checkUserIDs("assignee", a.Users), validateGuests(a.Guests), validateIDs("group", a.Groups))
}
