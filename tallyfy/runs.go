package tallyfy

import (
	"context"
	"iter"
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/gen"
)

// GetRunOptions chooses what GetRun returns besides the run itself.
type GetRunOptions struct {
	// With lists relations to include, e.g. IncludeTasks, IncludeTags.
	With []Include
	// FormFieldsValues adds the values entered in form fields.
	FormFieldsValues bool
}

// GetRun returns one process (run). A nil opts means no includes.
func (c *Client) GetRun(ctx context.Context, runID string, opts *GetRunOptions) (*Run, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	params := &gen.GetRunParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = includes[gen.RunInclude](opts.With)
		params.FormFieldsValues = optTrue(opts.FormFieldsValues)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetRun(ctx, c.orgID, runID, params) })
	if err != nil {
		return nil, err
	}
	return item[Run](body)
}

// ListRunsOptions filters, sorts and pages ListRuns. The zero value lists the
// organization's non-archived processes, 10 per page (the server's default).
type ListRunsOptions struct {
	// Status keeps processes in this state: active, complete, problem,
	// issue, improvement, archived, delayed or starred.
	Status string
	// Query keeps processes whose name contains this text (q).
	Query string
	// ChecklistID keeps processes launched from this template.
	ChecklistID string
	// Tag keeps processes carrying this tag id; TagIDs any of these.
	Tag    string
	TagIDs []string
	// Owners keeps processes owned by, or with a task assigned to, one of
	// these user ids.
	Owners []int
	// Groups keeps processes assigned to one of these group ids.
	Groups []string
	// Folder keeps processes in this folder id.
	Folder string
	// Type keeps processes of this type: procedure, form or document.
	Type string
	// Starred and Untagged keep only starred, or only untagged, processes.
	Starred, Untagged bool
	// Archived is "only" for archived processes only, "true" to include them.
	Archived string
	// TaskStatus chooses which tasks IncludeTasks returns: all,
	// in-progress or completed.
	TaskStatus string
	// With lists relations to include for every process.
	With []Include
	// FormFieldsValues adds the values entered in form fields.
	FormFieldsValues bool
	// Sort is a field name, descending with a leading "-": "-created_at".
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListRunsPage returns one page of processes with its pagination.
func (c *Client) ListRunsPage(ctx context.Context, opts *ListRunsOptions) (*Page[Run], error) {
	var o ListRunsOptions
	if opts != nil {
		o = *opts
	}
	if err := c.checkListRuns(ctx, &o); err != nil {
		return nil, err
	}
	return c.listRunsPage(ctx, &o, max(o.Page, 1))
}

// ListRuns iterates over every process matching opts, page by page, holding
// one page in memory (or a few, with WithPrefetch). Breaking out of the loop
// stops fetching. An error is yielded once, as the last element.
func (c *Client) ListRuns(ctx context.Context, opts *ListRunsOptions) iter.Seq2[*Run, error] {
	return eachItem(c.ListRunsPages(ctx, opts))
}

// ListRunsPages is ListRuns a page at a time, for callers that work in
// batches or report progress (Pagination tells how many pages there are).
func (c *Client) ListRunsPages(ctx context.Context, opts *ListRunsOptions) iter.Seq2[*Page[Run], error] {
	var o ListRunsOptions
	if opts != nil {
		o = *opts
		// Pages are fetched later: the caller's slices must not change
		// under the validated copy.
		o.TagIDs, o.Owners, o.Groups, o.With = slices.Clone(o.TagIDs), slices.Clone(o.Owners), slices.Clone(o.Groups), slices.Clone(o.With)
	}
	if err := c.checkListRuns(ctx, &o); err != nil {
		return failed[*Page[Run]](err)
	}
	return paginate(ctx, max(o.Page, 1), c.cfg.paging, func(ctx context.Context, n int) (*Page[Run], error) {
		return c.listRunsPage(ctx, &o, n)
	})
}

func (c *Client) checkListRuns(ctx context.Context, o *ListRunsOptions) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	if o.ChecklistID != "" {
		if err := validateID("template", o.ChecklistID); err != nil {
			return err
		}
	}
	if o.Tag != "" {
		if err := validateID("tag", o.Tag); err != nil {
			return err
		}
	}
	if err := validateIDs("tag", o.TagIDs); err != nil {
		return err
	}
	if err := validateIDs("group", o.Groups); err != nil {
		return err
	}
	if err := validateOptionalID("folder", o.Folder); err != nil {
		return err
	}
	if err := validateIncludes(o.With); err != nil {
		return err
	}
	return validatePaging(o.Page, o.PerPage)
}

func (c *Client) listRunsPage(ctx context.Context, o *ListRunsOptions, page int) (*Page[Run], error) {
	params := &gen.ListRunsParams{
		Q:                optString(o.Query),
		Status:           optEnum[gen.RunStatusFilter](o.Status),
		ChecklistID:      optString(o.ChecklistID),
		Folder:           optString(o.Folder),
		Tag:              optString(o.Tag),
		TagIDs:           optSlice(o.TagIDs),
		Owners:           optSlice(o.Owners),
		Groups:           optSlice(o.Groups),
		Type:             optEnum[gen.ListRunsParamsType](o.Type),
		Starred:          optTrue(o.Starred),
		Untagged:         optTrue(o.Untagged),
		Archived:         optEnum[gen.ListRunsParamsArchived](o.Archived),
		TaskStatus:       optEnum[gen.TaskStatusInclude](o.TaskStatus),
		With:             includes[gen.RunListInclude](o.With),
		FormFieldsValues: optTrue(o.FormFieldsValues),
		Sort:             optString(o.Sort),
		Page:             &page,
		PerPage:          optInt(o.PerPage),
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListRuns(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	return list[Run](body)
}
