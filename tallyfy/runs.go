package tallyfy

import (
	"context"
	"iter"
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// GetRunOptions chooses what GetRun returns besides the run itself.
type GetRunOptions struct {
	// With lists relations to include, e.g. RunIncludeTasks, RunIncludeTags.
	With []RunInclude
	// FormFieldsValues adds the values entered in form fields.
	FormFieldsValues bool
}

// GetRun returns one process (run). A nil opts means no includes.
//
// API: GET /organizations/{org}/runs/{run_id} (getRun)
func (c *Client) GetRun(ctx context.Context, runID string, opts *GetRunOptions) (*Run, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	params := &gen.GetRunParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
		params.FormFieldsValues = optTrue(opts.FormFieldsValues)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetRun(ctx, c.orgID, runID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Run](body)
}

// ListRunsOptions filters, sorts and pages ListRuns. The zero value lists the
// organization's non-archived processes, 10 per page (the server's default).
type ListRunsOptions struct {
	// Status keeps processes in this state, e.g. RunStatusFilterActive.
	Status RunStatusFilter
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
	// TaskStatus chooses which tasks RunListIncludeTasks returns, e.g.
	// TaskStatusIncludeInProgress.
	TaskStatus TaskStatusInclude
	// With lists relations to include for every process.
	With []RunListInclude
	// FormFieldsValues adds the values entered in form fields.
	FormFieldsValues bool
	// Sort is a field name, descending with a leading "-": "-created_at".
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListRuns iterates over every process matching opts, page by page, holding
// one page in memory (or a few, with WithPrefetch). Breaking out of the loop
// stops fetching. An error is yielded once, as the last element.
//
// API: GET /organizations/{org}/runs (listRuns)
func (c *Client) ListRuns(ctx context.Context, opts *ListRunsOptions) iter.Seq2[*Run, error] {
	return listItems(c, ctx, opts, c.listRunsPage)
}

// ListRunsPage returns one page of processes with its pagination; Page.Next
// fetches the ones after it.
//
// API: GET /organizations/{org}/runs (listRuns)
func (c *Client) ListRunsPage(ctx context.Context, opts *ListRunsOptions) (*Page[Run], error) {
	return listPage(c, ctx, opts, c.listRunsPage)
}

func (o *ListRunsOptions) check() error {
	return firstError(
		validateOptionalID("template", o.ChecklistID),
		validateOptionalID("tag", o.Tag),
		validateIDs("tag", o.TagIDs),
		validateIDs("group", o.Groups),
		validateOptionalID("folder", o.Folder),
		validateFilter("status", o.Status),
		validateFilter("task_status", o.TaskStatus),
		validateIncludes(o.With),
		validatePaging(o.Page, o.PerPage),
	)
}

func (o *ListRunsOptions) start() int { return max(o.Page, 1) }

func (o *ListRunsOptions) clone() ListRunsOptions {
	c := *o
	c.TagIDs, c.Owners, c.Groups, c.With = slices.Clone(o.TagIDs), slices.Clone(o.Owners), slices.Clone(o.Groups), slices.Clone(o.With)
	return c
}

func (c *Client) listRunsPage(ctx context.Context, o *ListRunsOptions, page int) (*Page[Run], error) {
	params := &gen.ListRunsParams{
		Q:                optString(o.Query),
		Status:           optEnum(o.Status),
		ChecklistID:      optString(o.ChecklistID),
		Folder:           optString(o.Folder),
		Tag:              optString(o.Tag),
		TagIDs:           optSlice(o.TagIDs),
		Owners:           optSlice(o.Owners),
		Groups:           optSlice(o.Groups),
		Type:             optEnum(gen.ListRunsParamsType(o.Type)),
		Starred:          optTrue(o.Starred),
		Untagged:         optTrue(o.Untagged),
		Archived:         optEnum(gen.ListRunsParamsArchived(o.Archived)),
		TaskStatus:       optEnum(o.TaskStatus),
		With:             optSlice(o.With),
		FormFieldsValues: optTrue(o.FormFieldsValues),
		Sort:             optString(o.Sort),
		Page:             &page,
		PerPage:          optInt(o.PerPage),
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListRuns(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Run](body)
}
