package main

import (
	"context"
	"flag"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

var taskHitColumns = []column[tallyfy.TaskHit]{
	{"ID", func(h *tallyfy.TaskHit) string { return h.ID }},
	{"TITLE", func(h *tallyfy.TaskHit) string { return truncate(deref(h.Title), 48) }},
	{"STATUS", func(h *tallyfy.TaskHit) string { return deref(h.Status) }},
}

var runHitColumns = []column[tallyfy.RunHit]{
	{"ID", func(h *tallyfy.RunHit) string { return h.ID }},
	{"NAME", func(h *tallyfy.RunHit) string { return truncate(deref(h.Name), 48) }},
	{"STATUS", func(h *tallyfy.RunHit) string { return deref(h.Status) }},
	{"TEMPLATE", func(h *tallyfy.RunHit) string { return deref(h.ChecklistID) }},
}

var templateHitColumns = []column[tallyfy.TemplateHit]{
	{"ID", func(h *tallyfy.TemplateHit) string { return h.ID }},
	{"TITLE", func(h *tallyfy.TemplateHit) string { return truncate(deref(h.Title), 48) }},
}

var snippetHitColumns = []column[tallyfy.SnippetHit]{
	{"ID", func(h *tallyfy.SnippetHit) string { return h.ID }},
	{"TITLE", func(h *tallyfy.SnippetHit) string { return truncate(deref(h.Title), 48) }},
}

type searchOptions struct {
	kind string
	pagingOptions
}

func searchFlags(fs *flag.FlagSet, o *searchOptions) {
	fs.StringVar(&o.kind, "kind", "task", "the `kind` to search: task, process, template or snippet")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *searchOptions) check() error {
	switch o.kind {
	case "task", "process", "template", "snippet":
	default:
		return usageErr("--kind %q: use task, process, template or snippet", o.kind)
	}
	return o.pagingOptions.check()
}

func searchRun(ctx context.Context, a *app, in input, o *searchOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	query, opts := in.args[0], &tallyfy.SearchOptions{PerPage: o.perPage}
	switch o.kind {
	case "process":
		pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.RunHit], error) { return c.SearchRunsPage(ctx, query, opts) })
		return printList(a, pages, o.pagingOptions, in.format, runHitColumns, "processes")
	case "template":
		pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.TemplateHit], error) { return c.SearchTemplatesPage(ctx, query, opts) })
		return printList(a, pages, o.pagingOptions, in.format, templateHitColumns, "templates")
	case "snippet":
		pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.SnippetHit], error) { return c.SearchSnippetsPage(ctx, query, opts) })
		return printList(a, pages, o.pagingOptions, in.format, snippetHitColumns, "snippets")
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.TaskHit], error) { return c.SearchTasksPage(ctx, query, opts) })
	return printList(a, pages, o.pagingOptions, in.format, taskHitColumns, "tasks")
}
