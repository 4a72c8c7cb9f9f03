package tallyfy

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"time"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// ListRunTasksOptions filters, sorts and pages ListRunTasks.
type ListRunTasksOptions struct {
	// Status keeps tasks in a state named in the filter's own vocabulary,
	// which is not the one of Task.Status (complete, not completed;
	// inprogress, not in-progress). The open tasks of a process are
	// TaskStatusFilterIncomplete (not started or in progress, documentation
	// list-process-tasks); hidden tasks come back as Task.Status
	// TaskStatusAutoSkipped and can be filtered with
	// TaskStatusFilterAutoSkipped (the documentation's Postman task guide).
	Status TaskStatusFilter
	// Owners, Guests and Groups keep tasks assigned to one of these user
	// ids, guest emails or group ids.
	Owners []int
	Guests []string
	Groups []string
	// People names more owners to filter by: members by email, full name
	// or user id, groups by name or id, guests the organization has by
	// email (see Assignees.People). They are resolved when the list is
	// first fetched and added to Owners, Guests and Groups.
	People []string
	// Unassigned keeps tasks nobody is assigned to.
	Unassigned bool
	// DeadlineOn keeps tasks due that day and overrides the other deadline
	// filters; DeadlineBefore and DeadlineAfter are exclusive; DeadlineFrom
	// and DeadlineTo bound an inclusive range. Only the date counts.
	DeadlineOn, DeadlineBefore, DeadlineAfter, DeadlineFrom, DeadlineTo time.Time
	// With lists relations to include for every task, e.g.
	// RunTaskListIncludeStep, RunTaskListIncludeFormFields.
	With []RunTaskListInclude
	// Sort is position, deadline, -position or -deadline.
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListRunTasks iterates over every task of a process, page by page. Breaking
// out of the loop stops fetching; an error is yielded once, last.
//
// API: GET /organizations/{org}/runs/{run_id}/tasks (listRunTasks)
func (c *Client) ListRunTasks(ctx context.Context, runID string, opts *ListRunTasksOptions) iter.Seq2[*Task, error] {
	if opts == nil || len(opts.People) == 0 {
		return listItems(c, ctx, opts, c.runTasksPage(runID), "run", runID)
	}
	return resolvedList(func() (*ListRunTasksOptions, error) { return c.runTaskOwners(ctx, runID, opts) },
		func(o *ListRunTasksOptions) iter.Seq2[*Task, error] {
			return listItems(c, ctx, o, c.runTasksPage(runID), "run", runID)
		})
}

// ListRunTasksPage returns one page of a process's tasks with its pagination;
// Page.Next fetches the ones after it.
//
// API: GET /organizations/{org}/runs/{run_id}/tasks (listRunTasks)
func (c *Client) ListRunTasksPage(ctx context.Context, runID string, opts *ListRunTasksOptions) (*Page[Task], error) {
	if opts != nil && len(opts.People) > 0 {
		o, err := c.runTaskOwners(ctx, runID, opts)
		if err != nil {
			return nil, err
		}
		opts = o
	}
	return listPage(c, ctx, opts, c.runTasksPage(runID), "run", runID)
}

// runTaskOwners resolves opts.People into a copy of opts. The filter takes
// guests, but only known ones: a new guest has no tasks.
func (c *Client) runTaskOwners(ctx context.Context, runID string, opts *ListRunTasksOptions) (*ListRunTasksOptions, error) {
	if err := firstError(c.prepare(ctx, "run", runID), opts.check()); err != nil {
		return nil, err
	}
	a, err := c.people().assignees(ctx, Assignees{Users: opts.Owners, Guests: opts.Guests, Groups: opts.Groups, People: opts.People},
		peoplePlace{what: "the owner filter", guests: guestsExisting, groups: true})
	if err != nil {
		return nil, err
	}
	o := opts.clone()
	o.Owners, o.Guests, o.Groups, o.People = a.Users, a.Guests, a.Groups, nil
	return &o, nil
}

// resolvedList is a list whose options name people: they are resolved
// when the iteration starts (nothing is read before), then listed.
func resolvedList[O any](resolve func() (O, error), list func(O) iter.Seq2[*Task, error]) iter.Seq2[*Task, error] {
	return func(yield func(*Task, error) bool) {
		o, err := resolve()
		if err != nil {
			yield(nil, err)
			return
		}
		for t, err := range list(o) {
			if !yield(t, err) {
				return
			}
		}
	}
}

func (o *ListRunTasksOptions) check() error {
	return firstError(
		validateIDs("group", o.Groups),
		validateGuests(o.Guests),
		validateFilter("status", o.Status),
		validateIncludes(o.With),
		validatePaging(o.Page, o.PerPage),
	)
}

func (o *ListRunTasksOptions) start() int { return max(o.Page, 1) }

func (o *ListRunTasksOptions) clone() ListRunTasksOptions {
	c := *o
	c.Owners, c.Guests, c.Groups, c.With = slices.Clone(o.Owners), slices.Clone(o.Guests), slices.Clone(o.Groups), slices.Clone(o.With)
	c.People = slices.Clone(o.People)
	return c
}

func (c *Client) runTasksPage(runID string) fetchWith[*ListRunTasksOptions, Task] {
	return func(ctx context.Context, o *ListRunTasksOptions, page int) (*Page[Task], error) {
		params := &gen.ListRunTasksParams{
			Status:             optEnum(o.Status),
			Owners:             optSlice(o.Owners),
			Groups:             optSlice(o.Groups),
			Unassigned:         optTrue(o.Unassigned),
			DeadlineOn:         optDate(o.DeadlineOn),
			DeadlineBefore:     optDate(o.DeadlineBefore),
			DeadlineAfter:      optDate(o.DeadlineAfter),
			DeadlineStartRange: optDate(o.DeadlineFrom),
			DeadlineEndRange:   optDate(o.DeadlineTo),
			With:               optSlice(o.With),
			Sort:               optEnum(gen.ListRunTasksParamsSort(o.Sort)),
			Page:               &page,
			PerPage:            optInt(o.PerPage),
		}
		if len(o.Guests) > 0 {
			guests := make([]openapitypes.Email, len(o.Guests))
			for i, g := range o.Guests {
				guests[i] = openapitypes.Email(g)
			}
			params.Guests = &guests
		}
		body, err := exchange(func() (*http.Response, error) { return c.api.ListRunTasks(ctx, c.orgID, runID, params) })
		if err != nil {
			return nil, err
		}
		defer releaseBody(body)
		return list[Task](body)
	}
}

// GetTaskOptions chooses what GetTask returns besides the task itself.
type GetTaskOptions struct {
	// With lists relations to include, e.g. TaskIncludeRun,
	// TaskIncludeFormFields.
	With []TaskInclude
}

// GetTask returns one task, of a process or a one-off task.
//
// API: GET /organizations/{org}/tasks/{task_id} (getTask)
func (c *Client) GetTask(ctx context.Context, taskID string, opts *GetTaskOptions) (*Task, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	params := &gen.GetTaskParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetTask(ctx, c.orgID, taskID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Task](body)
}

func optDate(t time.Time) *openapitypes.Date {
	if t.IsZero() {
		return nil
	}
	return &openapitypes.Date{Time: t}
}

// ListOrgTasksOptions filters, sorts and pages ListOrgTasks.
type ListOrgTasksOptions struct {
	// Query keeps tasks whose title contains this text.
	Query string
	// Status keeps tasks in a state named in the filter's vocabulary (see
	// ListRunTasksOptions.Status).
	Status TaskStatusFilter
	// Owners and Groups keep tasks assigned to one of these user or group
	// ids.
	Owners []int
	Groups []string
	// People names more owners to filter by: members by email, full name
	// or user id, groups by name or id (see Assignees.People), resolved when
	// the list is first fetched and added to Owners and Groups. This list
	// has no guest filter, so a guest's address is refused (ListGuestTasks
	// lists a guest's tasks).
	People []string
	// Unassigned keeps tasks nobody is assigned to.
	Unassigned bool
	// OneOff, when set, keeps one-off tasks (true) or tasks of processes
	// (false).
	OneOff *bool
	// Tag keeps tasks with the tag of this name.
	Tag string
	// Archived is "true" to include archived tasks (ArchiveTask, and the
	// tasks of archived processes), which are left out by default, or
	// "only" to list them alone.
	Archived string
	// DeadlineBefore and DeadlineAfter keep tasks due before or after these
	// dates (exclusive; only the date counts).
	DeadlineBefore, DeadlineAfter time.Time
	// With lists relations to include for every task, e.g.
	// TaskListIncludeRun, TaskListIncludeStep.
	With []TaskListInclude
	// Sort is deadline, newest, problems or completed_newest, descending
	// with a leading "-".
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListOrgTasks iterates over the organization's tasks (of processes and
// one-off tasks), page by page.
//
// API: GET /organizations/{org}/tasks (listOrgTasks)
func (c *Client) ListOrgTasks(ctx context.Context, opts *ListOrgTasksOptions) iter.Seq2[*Task, error] {
	if opts == nil || len(opts.People) == 0 {
		return listItems(c, ctx, opts, c.orgTasksPage)
	}
	return resolvedList(func() (*ListOrgTasksOptions, error) { return c.orgTaskOwners(ctx, opts) },
		func(o *ListOrgTasksOptions) iter.Seq2[*Task, error] { return listItems(c, ctx, o, c.orgTasksPage) })
}

// ListOrgTasksPage returns one page of the organization's tasks; Page.Next
// fetches the ones after it.
//
// API: GET /organizations/{org}/tasks (listOrgTasks)
func (c *Client) ListOrgTasksPage(ctx context.Context, opts *ListOrgTasksOptions) (*Page[Task], error) {
	if opts != nil && len(opts.People) > 0 {
		o, err := c.orgTaskOwners(ctx, opts)
		if err != nil {
			return nil, err
		}
		opts = o
	}
	return listPage(c, ctx, opts, c.orgTasksPage)
}

// orgTaskOwners resolves opts.People into a copy of opts.
func (c *Client) orgTaskOwners(ctx context.Context, opts *ListOrgTasksOptions) (*ListOrgTasksOptions, error) {
	if err := firstError(c.prepare(ctx), opts.check()); err != nil {
		return nil, err
	}
	a, err := c.people().assignees(ctx, Assignees{Users: opts.Owners, Groups: opts.Groups, People: opts.People},
		peoplePlace{what: "the owner filter of the organization's tasks", guests: guestsRefused, groups: true})
	if err != nil {
		return nil, err
	}
	o := opts.clone()
	o.Owners, o.Groups, o.People = a.Users, a.Groups, nil
	return &o, nil
}

func (o *ListOrgTasksOptions) check() error {
	return firstError(
		validateIDs("group", o.Groups),
		checkUserIDs("owner", o.Owners),
		validateFilter("status", o.Status),
		validateIncludes(o.With),
		validatePaging(o.Page, o.PerPage),
		checkTaskArchived(o.Archived),
	)
}

func (o *ListOrgTasksOptions) start() int { return max(o.Page, 1) }

func (o *ListOrgTasksOptions) clone() ListOrgTasksOptions {
	c := *o
	c.Owners, c.Groups, c.With, c.People = slices.Clone(o.Owners), slices.Clone(o.Groups), slices.Clone(o.With), slices.Clone(o.People)
	if o.OneOff != nil {
		c.OneOff = Ptr(*o.OneOff)
	}
	return c
}

func (c *Client) orgTasksPage(ctx context.Context, o *ListOrgTasksOptions, page int) (*Page[Task], error) {
	params := &gen.ListOrgTasksParams{
		Q:              optString(o.Query),
		Status:         optEnum(o.Status),
		Owners:         optSlice(o.Owners),
		Groups:         optSlice(o.Groups),
		Unassigned:     optTrue(o.Unassigned),
		IsOneoff:       o.OneOff,
		Archived:       optEnum(gen.ListOrgTasksParamsArchived(o.Archived)),
		Tag:            optString(o.Tag),
		DeadlineBefore: optDate(o.DeadlineBefore),
		DeadlineAfter:  optDate(o.DeadlineAfter),
		With:           optSlice(o.With),
		Sort:           optEnum(gen.ListOrgTasksParamsSort(o.Sort)),
		Page:           &page,
		PerPage:        optInt(o.PerPage),
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListOrgTasks(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Task](body)
}

// ListMyTasksOptions filters, sorts and pages ListMyTasks.
type ListMyTasksOptions struct {
	// Query keeps tasks whose title contains this text.
	Query string
	// Status keeps tasks in this state, e.g. MyTaskStatusFilterActive,
	// MyTaskStatusFilterOverdue.
	Status MyTaskStatusFilter
	// Sort is deadline, newest, problems or -deadline.
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListMyTasks iterates over the tasks assigned to the token's user in the
// organization, page by page.
//
// API: GET /organizations/{org}/me/tasks (listMyTasks)
func (c *Client) ListMyTasks(ctx context.Context, opts *ListMyTasksOptions) iter.Seq2[*Task, error] {
	return listItems(c, ctx, opts, c.myTasksPage)
}

// ListMyTasksPage returns one page of the token user's tasks; Page.Next
// fetches the ones after it.
//
// API: GET /organizations/{org}/me/tasks (listMyTasks)
func (c *Client) ListMyTasksPage(ctx context.Context, opts *ListMyTasksOptions) (*Page[Task], error) {
	return listPage(c, ctx, opts, c.myTasksPage)
}

func (o *ListMyTasksOptions) check() error {
	return firstError(validateFilter("status", o.Status), validatePaging(o.Page, o.PerPage))
}

func (o *ListMyTasksOptions) start() int { return max(o.Page, 1) }

func (o *ListMyTasksOptions) clone() ListMyTasksOptions { return *o }

func (c *Client) myTasksPage(ctx context.Context, o *ListMyTasksOptions, page int) (*Page[Task], error) {
	params := &gen.ListMyTasksParams{
		Q:       optString(o.Query),
		Status:  optEnum(o.Status),
		Sort:    optEnum(gen.ListMyTasksParamsSort(o.Sort)),
		Page:    &page,
		PerPage: optInt(o.PerPage),
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListMyTasks(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Task](body)
}
