package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/tallyfy"
)

// A command is one leaf of the command tree. setup registers its flags and
// returns the function that runs it with the parsed values.
type command struct {
	name  string // the words that select it, e.g. "runs get"
	words int
	args  int // positional arguments after the words
	usage string
	setup func(fs *flag.FlagSet) runner
}

type runner func(ctx context.Context, a *app, args []string) error

var commands = []command{
	{"runs get", 2, 1, "runs get RUN_ID [--with checklist,tasks,tags] [--form-fields-values] [-o table|json]", runsGet},
	{"runs list", 2, 0, "runs list [--status S] [--q TEXT] [--checklist ID] [--tag ID] [--owners IDS] [--per-page N] [--all | --limit N] [-o table|json|jsonl]", runsList},
	{"runs tasks", 2, 1, "runs tasks RUN_ID [--status S] [--per-page N] [--all | --limit N] [-o table|json|jsonl]", runsTasks},
	{"tasks get", 2, 1, "tasks get TASK_ID [--with run,step,form_fields] [-o table|json]", tasksGet},
	{"templates get", 2, 1, "templates get TEMPLATE_ID [--with steps,tags,folder] [-o table|json]", templatesGet},
	{"mock", 1, 0, "mock [--addr 127.0.0.1:4010]", mockServe},
	{"version", 1, 0, "version", version},
}

func findCommand(words []string) (command, bool) {
	for _, c := range commands {
		name := strings.Fields(c.name)
		if len(words) >= len(name) && strings.Join(words[:len(name)], " ") == c.name {
			return c, true
		}
	}
	return command{}, false
}

// outputFlag registers -o/--output with the formats a command supports.
func outputFlag(fs *flag.FlagSet, formats ...string) *string {
	o := new(string)
	*o = "table"
	help := "output format: " + strings.Join(formats, ", ")
	fs.StringVar(o, "o", *o, help)
	fs.StringVar(o, "output", *o, help)
	return o
}

func checkFormat(format string, allowed ...string) error {
	for _, f := range allowed {
		if format == f {
			return nil
		}
	}
	return usageErr("-o %q: want one of %s", format, strings.Join(allowed, ", "))
}

// listFlags are the paging flags shared by the list commands.
type listFlags struct {
	perPage, limit int
	all            bool
}

func (l *listFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&l.perPage, "per-page", 0, "items per request, 1 to 100 (default 10)")
	fs.IntVar(&l.limit, "limit", 0, "stop after N items (fetching more pages as needed)")
	fs.BoolVar(&l.all, "all", false, "fetch every page")
}

func (l *listFlags) check() error {
	if l.all && l.limit > 0 {
		return usageErr("--all and --limit exclude each other")
	}
	if l.limit < 0 {
		return usageErr("--limit %d must be positive", l.limit)
	}
	if l.perPage == 0 && l.limit > 0 {
		l.perPage = min(l.limit, 100)
	}
	return nil
}

// multiPage reports whether more than the first page may be fetched.
func (l *listFlags) multiPage() bool { return l.all || l.limit > 0 }

func runsGet(fs *flag.FlagSet) runner {
	values := fs.Bool("form-fields-values", false, "include the values entered in form fields")
	return getCommand(fs, "run", "checklist,tasks,tags,...", printRun,
		func(ctx context.Context, c *tallyfy.Client, id string, with string) (*tallyfy.Run, error) {
			return c.GetRun(ctx, id, &tallyfy.GetRunOptions{With: parseIncludes[tallyfy.RunInclude](with), FormFieldsValues: *values})
		})
}

func tasksGet(fs *flag.FlagSet) runner {
	return getCommand(fs, "task", "run,step,form_fields,...", printTask,
		func(ctx context.Context, c *tallyfy.Client, id string, with string) (*tallyfy.Task, error) {
			return c.GetTask(ctx, id, &tallyfy.GetTaskOptions{With: parseIncludes[tallyfy.TaskInclude](with)})
		})
}

func templatesGet(fs *flag.FlagSet) runner {
	return getCommand(fs, "template", "steps,tags,folder", printTemplate,
		func(ctx context.Context, c *tallyfy.Client, id string, with string) (*tallyfy.Template, error) {
			return c.GetTemplate(ctx, id, &tallyfy.GetTemplateOptions{With: parseIncludes[tallyfy.TemplateInclude](with)})
		})
}

// getCommand is the shape of every "<noun> get ID" command: --with and -o,
// fetch one object, print it as a table or as JSON.
func getCommand[T any](fs *flag.FlagSet, kind, includes string, table func(io.Writer, *T) error,
	fetch func(ctx context.Context, c *tallyfy.Client, id string, with string) (*T, error)) runner {
	with := fs.String("with", "", "relations to include, comma-separated: "+includes)
	out := outputFlag(fs, "table", "json")
	return func(ctx context.Context, a *app, args []string) error {
		if err := checkFormat(*out, "table", "json"); err != nil {
			return err
		}
		c, done, err := a.client(ctx)
		defer done()
		if err != nil {
			return err
		}
		v, err := fetch(ctx, c, args[0], *with)
		if err != nil {
			return resource(kind, args[0], err)
		}
		if *out == "json" {
			return writeJSON(a.stdout, v)
		}
		return table(a.stdout, v)
	}
}

func runsList(fs *flag.FlagSet) runner {
	var o tallyfy.ListRunsOptions
	var owners string
	var paging listFlags
	fs.Func("status", "active, complete, problem, issue, improvement, archived, delayed or starred", func(v string) error {
		o.Status = tallyfy.RunStatusFilter(v)
		return nil
	})
	fs.StringVar(&o.Query, "q", "", "text in the process name")
	fs.StringVar(&o.ChecklistID, "checklist", "", "template id")
	fs.StringVar(&o.Tag, "tag", "", "tag id")
	fs.StringVar(&owners, "owners", "", "user ids, comma-separated")
	fs.StringVar(&o.Sort, "sort", "", "sort key, e.g. -created_at")
	with := fs.String("with", "", "relations to include for each process, comma-separated")
	paging.register(fs)
	out := outputFlag(fs, "table", "json", "jsonl")
	return func(ctx context.Context, a *app, _ []string) error {
		if err := checkFormat(*out, "table", "json", "jsonl"); err != nil {
			return err
		}
		if err := paging.check(); err != nil {
			return err
		}
		ids, err := parseInts("--owners", owners)
		if err != nil {
			return err
		}
		o.Owners, o.PerPage, o.With = ids, paging.perPage, parseIncludes[tallyfy.RunListInclude](*with)
		c, done, err := a.client(ctx)
		defer done()
		if err != nil {
			return err
		}
		pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Run], error) { return c.ListRunsPage(ctx, &o) })
		return printList(a, pages, paging, *out, runColumns, "processes")
	}
}

func runsTasks(fs *flag.FlagSet) runner {
	var o tallyfy.ListRunTasksOptions
	var paging listFlags
	fs.Func("status", "complete, active, incomplete, not-started, inprogress, hasproblem, overdue, due_soon", func(v string) error {
		o.Status = tallyfy.TaskStatusFilter(v)
		return nil
	})
	fs.StringVar(&o.Sort, "sort", "", "position, deadline, -position or -deadline")
	with := fs.String("with", "", "relations to include for each task, comma-separated")
	paging.register(fs)
	out := outputFlag(fs, "table", "json", "jsonl")
	return func(ctx context.Context, a *app, args []string) error {
		if err := checkFormat(*out, "table", "json", "jsonl"); err != nil {
			return err
		}
		if err := paging.check(); err != nil {
			return err
		}
		o.PerPage, o.With = paging.perPage, parseIncludes[tallyfy.RunTaskListInclude](*with)
		c, done, err := a.client(ctx)
		defer done()
		if err != nil {
			return err
		}
		pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Task], error) { return c.ListRunTasksPage(ctx, args[0], &o) })
		return resource("run", args[0], printList(a, pages, paging, *out, taskColumns, "tasks"))
	}
}

func version(fs *flag.FlagSet) runner {
	return func(ctx context.Context, a *app, _ []string) error {
		_, err := fmt.Fprintf(a.stdout, "tallyfy %s (tallyfy-go SDK %s, API spec %s)\n", tallyfy.Version, tallyfy.Version, specVersion())
		return err
	}
}

// printList writes a list in the chosen format: one page by default, or as
// many as --all/--limit ask for. jsonl and json stream item by item, a table
// page by page.
func printList[T any](a *app, pages iter.Seq2[*tallyfy.Page[T], error], paging listFlags, format string, cols []column[T], noun string) error {
	w := newListWriter(a.stdout, format, cols)
	progress := newProgress(a.stderr, paging.all)
	printed := 0
	for page, err := range pages {
		if err != nil {
			progress.done()
			return errors.Join(w.abort(), err)
		}
		progress.page(page.Pagination)
		for i := range page.Items {
			if paging.limit > 0 && printed == paging.limit {
				break
			}
			if err := w.item(&page.Items[i]); err != nil {
				return err
			}
			printed++
		}
		if err := w.endPage(); err != nil {
			return err
		}
		if !paging.multiPage() || (paging.limit > 0 && printed >= paging.limit) {
			break
		}
	}
	progress.done()
	return w.close(noun)
}

func parseIncludes[T ~string](s string) []T {
	var out []T
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, T(part))
		}
	}
	return out
}

// pagesFrom yields the first page and every page after it (Page.Next).
func pagesFrom[T any](ctx context.Context, first func() (*tallyfy.Page[T], error)) iter.Seq2[*tallyfy.Page[T], error] {
	return func(yield func(*tallyfy.Page[T], error) bool) {
		page, err := first()
		for ; page != nil || err != nil; page, err = page.Next(ctx) {
			if !yield(page, err) || err != nil {
				return
			}
		}
	}
}

func parseInts(flagName, s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, usageErr("%s: %q is not a user id (user ids are numbers)", flagName, part)
		}
		out = append(out, n)
	}
	return out, nil
}
