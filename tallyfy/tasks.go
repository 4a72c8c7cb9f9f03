package tallyfy

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"time"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/gen"
)

// ListRunTasksOptions filters, sorts and pages ListRunTasks.
type ListRunTasksOptions struct {
	// Status keeps tasks in this state: complete, active, active_visible,
	// incomplete, inprogress, not-started, hasproblem, overdue or due_soon.
	Status string
	// Owners, Guests and Groups keep tasks assigned to one of these user
	// ids, guest emails or group ids.
	Owners []int
	Guests []string
	Groups []string
	// Unassigned keeps tasks nobody is assigned to.
	Unassigned bool
	// DeadlineOn keeps tasks due that day and overrides the other deadline
	// filters; DeadlineBefore and DeadlineAfter are exclusive; DeadlineFrom
	// and DeadlineTo bound an inclusive range. Only the date counts.
	DeadlineOn, DeadlineBefore, DeadlineAfter, DeadlineFrom, DeadlineTo time.Time
	// With lists relations to include for every task, e.g. IncludeStep,
	// IncludeFormFields.
	With []Include
	// Sort is position, deadline, -position or -deadline.
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListRunTasksPage returns one page of a process's tasks with its pagination.
func (c *Client) ListRunTasksPage(ctx context.Context, runID string, opts *ListRunTasksOptions) (*Page[Task], error) {
	var o ListRunTasksOptions
	if opts != nil {
		o = *opts
	}
	if err := c.checkListRunTasks(ctx, runID, &o); err != nil {
		return nil, err
	}
	return c.listRunTasksPage(ctx, runID, &o, max(o.Page, 1))
}

// ListRunTasks iterates over every task of a process, page by page. Breaking
// out of the loop stops fetching; an error is yielded once, last.
func (c *Client) ListRunTasks(ctx context.Context, runID string, opts *ListRunTasksOptions) iter.Seq2[*Task, error] {
	return eachItem(c.ListRunTasksPages(ctx, runID, opts))
}

// ListRunTasksPages is ListRunTasks a page at a time.
func (c *Client) ListRunTasksPages(ctx context.Context, runID string, opts *ListRunTasksOptions) iter.Seq2[*Page[Task], error] {
	var o ListRunTasksOptions
	if opts != nil {
		o = *opts
		// Pages are fetched later: the caller's slices must not change
		// under the validated copy.
		o.Owners, o.Guests, o.Groups, o.With = slices.Clone(o.Owners), slices.Clone(o.Guests), slices.Clone(o.Groups), slices.Clone(o.With)
	}
	if err := c.checkListRunTasks(ctx, runID, &o); err != nil {
		return failed[*Page[Task]](err)
	}
	return paginate(ctx, max(o.Page, 1), c.cfg.paging, func(ctx context.Context, n int) (*Page[Task], error) {
		return c.listRunTasksPage(ctx, runID, &o, n)
	})
}

func (c *Client) checkListRunTasks(ctx context.Context, runID string, o *ListRunTasksOptions) error {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return err
	}
	if err := validateIDs("group", o.Groups); err != nil {
		return err
	}
	if err := validateGuests(o.Guests); err != nil {
		return err
	}
	if err := validateIncludes(o.With); err != nil {
		return err
	}
	return validatePaging(o.Page, o.PerPage)
}

func (c *Client) listRunTasksPage(ctx context.Context, runID string, o *ListRunTasksOptions, page int) (*Page[Task], error) {
	params := &gen.ListRunTasksParams{
		Status:             optEnum[gen.TaskStatusFilter](o.Status),
		Owners:             optSlice(o.Owners),
		Groups:             optSlice(o.Groups),
		Unassigned:         optTrue(o.Unassigned),
		DeadlineOn:         optDate(o.DeadlineOn),
		DeadlineBefore:     optDate(o.DeadlineBefore),
		DeadlineAfter:      optDate(o.DeadlineAfter),
		DeadlineStartRange: optDate(o.DeadlineFrom),
		DeadlineEndRange:   optDate(o.DeadlineTo),
		With:               includes[gen.RunTaskListInclude](o.With),
		Sort:               optEnum[gen.ListRunTasksParamsSort](o.Sort),
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
	return list[Task](body)
}

// GetTaskOptions chooses what GetTask returns besides the task itself.
type GetTaskOptions struct {
	// With lists relations to include, e.g. IncludeRun, IncludeFormFields.
	With []Include
}

// GetTask returns one task, of a process or a one-off task.
func (c *Client) GetTask(ctx context.Context, taskID string, opts *GetTaskOptions) (*Task, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	params := &gen.GetTaskParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = includes[gen.TaskInclude](opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetTask(ctx, c.orgID, taskID, params) })
	if err != nil {
		return nil, err
	}
	return item[Task](body)
}

func optDate(t time.Time) *openapitypes.Date {
	if t.IsZero() {
		return nil
	}
	return &openapitypes.Date{Time: t}
}
