package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The hits of a search, one type per kind searched. Each carries the id the
// kind's Get method takes (TaskForHit, RunForHit, TemplateForHit fetch the
// whole object) and what the API is documented to send besides.
type (
	// TaskHit is a task found by SearchTasks. Its RunID is nil: the API
	// leaves the process out of every task hit (official MCP server, issue
	// #157); TaskForHit reads the whole task, run id included.
	TaskHit = gen.TaskHit
	// RunHit is a process found by SearchRuns; RunForHit reads all of it.
	RunHit = gen.RunHit
	// TemplateHit is a template found by SearchTemplates; TemplateForHit
	// reads all of it.
	TemplateHit = gen.TemplateHit
	// SnippetHit is a snippet (a stored piece of text) found by
	// SearchSnippets. No API call reads a snippet by id, so the hit is all
	// there is of it.
	SnippetHit = gen.SnippetHit
)

// SearchOptions pages a search. The text searched for is an argument of
// each Search method, not an option: the API needs one.
type SearchOptions struct {
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's).
	PerPage int
}

// SearchTasks iterates over the tasks whose text matches query, page by
// page to the last: the official MCP server returned one capped page (its
// issue #230). A hit lacks its process id; TaskForHit reads it.
//
// API: GET /organizations/{org}/search?on=task (search)
func (c *Client) SearchTasks(ctx context.Context, query string, opts *SearchOptions) iter.Seq2[*TaskHit, error] {
	return listItems(c, ctx, searching(query, opts), searchFetch[TaskHit](c, gen.SearchKindTask))
}

// SearchTasksPage returns one page of SearchTasks; Page.Next fetches the
// ones after it.
//
// API: GET /organizations/{org}/search?on=task (search)
func (c *Client) SearchTasksPage(ctx context.Context, query string, opts *SearchOptions) (*Page[TaskHit], error) {
	return listPage(c, ctx, searching(query, opts), searchFetch[TaskHit](c, gen.SearchKindTask))
}

// SearchRuns iterates over the processes whose text matches query, page by
// page to the last.
//
// API: GET /organizations/{org}/search?on=process (search)
func (c *Client) SearchRuns(ctx context.Context, query string, opts *SearchOptions) iter.Seq2[*RunHit, error] {
	return listItems(c, ctx, searching(query, opts), searchFetch[RunHit](c, gen.SearchKindProcess))
}

// SearchRunsPage returns one page of SearchRuns; Page.Next fetches the ones
// after it.
//
// API: GET /organizations/{org}/search?on=process (search)
func (c *Client) SearchRunsPage(ctx context.Context, query string, opts *SearchOptions) (*Page[RunHit], error) {
	return listPage(c, ctx, searching(query, opts), searchFetch[RunHit](c, gen.SearchKindProcess))
}

// SearchTemplates iterates over the templates whose text matches query,
// page by page to the last.
//
// API: GET /organizations/{org}/search?on=blueprint (search)
func (c *Client) SearchTemplates(ctx context.Context, query string, opts *SearchOptions) iter.Seq2[*TemplateHit, error] {
	return listItems(c, ctx, searching(query, opts), searchFetch[TemplateHit](c, gen.SearchKindBlueprint))
}

// SearchTemplatesPage returns one page of SearchTemplates; Page.Next
// fetches the ones after it.
//
// API: GET /organizations/{org}/search?on=blueprint (search)
func (c *Client) SearchTemplatesPage(ctx context.Context, query string, opts *SearchOptions) (*Page[TemplateHit], error) {
	return listPage(c, ctx, searching(query, opts), searchFetch[TemplateHit](c, gen.SearchKindBlueprint))
}

// SearchSnippets iterates over the snippets whose text matches query, page
// by page to the last.
//
// API: GET /organizations/{org}/search?on=snippet (search)
func (c *Client) SearchSnippets(ctx context.Context, query string, opts *SearchOptions) iter.Seq2[*SnippetHit, error] {
	return listItems(c, ctx, searching(query, opts), searchFetch[SnippetHit](c, gen.SearchKindSnippet))
}

// SearchSnippetsPage returns one page of SearchSnippets; Page.Next fetches
// the ones after it.
//
// API: GET /organizations/{org}/search?on=snippet (search)
func (c *Client) SearchSnippetsPage(ctx context.Context, query string, opts *SearchOptions) (*Page[SnippetHit], error) {
	return listPage(c, ctx, searching(query, opts), searchFetch[SnippetHit](c, gen.SearchKindSnippet))
}

// TaskForHit reads the whole task a search hit names, with its RunID (nil
// for a one-off task): the organization's task read returns the process a
// hit leaves out (official MCP server, issue #157, does the same).
//
// API: GET /organizations/{org}/tasks/{task_id} (getTask)
func (c *Client) TaskForHit(ctx context.Context, hit *TaskHit, opts *GetTaskOptions) (*Task, error) {
	if hit == nil {
		return nil, fmt.Errorf("%w: no task hit", ErrInvalidArgument)
	}
	return c.GetTask(ctx, hit.ID, opts)
}

// RunForHit reads the whole process a search hit names.
//
// API: GET /organizations/{org}/runs/{run_id} (getRun)
func (c *Client) RunForHit(ctx context.Context, hit *RunHit, opts *GetRunOptions) (*Run, error) {
	if hit == nil {
		return nil, fmt.Errorf("%w: no process hit", ErrInvalidArgument)
	}
	return c.GetRun(ctx, hit.ID, opts)
}

// TemplateForHit reads the whole template a search hit names.
//
// API: GET /organizations/{org}/checklists/{checklist_id} (getTemplate)
func (c *Client) TemplateForHit(ctx context.Context, hit *TemplateHit, opts *GetTemplateOptions) (*Template, error) {
	if hit == nil {
		return nil, fmt.Errorf("%w: no template hit", ErrInvalidArgument)
	}
	return c.GetTemplate(ctx, hit.ID, opts)
}

// searchQuery is a search's text and options, as the list helper takes
// them.
type searchQuery struct {
	SearchOptions
	query string
}

func searching(query string, opts *SearchOptions) *searchQuery {
	q := &searchQuery{query: query}
	if opts != nil {
		q.SearchOptions = *opts
	}
	return q
}

func (q *searchQuery) check() error {
	if strings.TrimSpace(q.query) == "" {
		// The MCP server refuses an empty query ("WILL FAIL", search.py).
		return fmt.Errorf("%w: the search text is empty", ErrInvalidArgument)
	}
	return firstError(checkUTF8("search text", q.query), validatePaging(q.Page, q.PerPage))
}

func (q *searchQuery) start() int { return max(q.Page, 1) }

func (q *searchQuery) clone() searchQuery { return *q }

// searchFetch fetches page n of a search over one kind.
func searchFetch[T any](c *Client, kind gen.SearchKind) fetchWith[*searchQuery, T] {
	return func(ctx context.Context, q *searchQuery, n int) (*Page[T], error) {
		params := &gen.SearchParams{Search: q.query, On: kind, Page: &n, PerPage: optInt(q.PerPage)}
		body, err := exchange(func() (*http.Response, error) { return c.api.Search(ctx, c.orgID, params) })
		if err != nil {
			return nil, err
		}
		defer releaseBody(body)
		return searchResult[T](body, kind)
	}
}

// searchBucket is one kind's hits in a body keyed by kind.
type searchBucket[T any] struct {
	Data *[]T         `json:"data"`
	Meta gen.ListMeta `json:"meta"`
}

// searchResult decodes a page of hits of one kind, from either shape the
// sources show: the Fractal list {"data": [...], "meta": ...} the Python
// SDK reads for one kind, or the same list under the kind's key, as its
// search_all reads several (official MCP server, search.py).
func searchResult[T any](body []byte, kind gen.SearchKind) (*Page[T], error) {
	var env struct {
		searchBucket[T]
		Task      *searchBucket[T] `json:"task"`
		Process   *searchBucket[T] `json:"process"`
		Blueprint *searchBucket[T] `json:"blueprint"`
		Snippet   *searchBucket[T] `json:"snippet"`
	}
	if err := decodeJSON(body, &env); err != nil {
		return nil, err
	}
	b := &env.searchBucket
	if b.Data == nil {
		b = map[gen.SearchKind]*searchBucket[T]{
			gen.SearchKindTask: env.Task, gen.SearchKindProcess: env.Process,
			gen.SearchKindBlueprint: env.Blueprint, gen.SearchKindSnippet: env.Snippet,
		}[kind]
	}
	if b == nil || b.Data == nil {
		return nil, fmt.Errorf("%w: the search answer has no \"data\" list, at the top or under %q", ErrInvalidResponse, kind)
	}
	if pp := b.Meta.Pagination.PerPage; pp > 0 && len(*b.Data) > pp {
		return nil, fmt.Errorf("%w: the page holds %d items, more than its per_page of %d", ErrInvalidResponse, len(*b.Data), pp)
	}
	return &Page[T]{Items: *b.Data, Pagination: b.Meta.Pagination}, nil
}
