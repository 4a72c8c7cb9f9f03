package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

type tasksListOptions struct {
	mine                bool
	status, query, sort string
	archived            string
	pagingOptions
}

func tasksListFlags(fs *flag.FlagSet, o *tasksListOptions) {
	fs.BoolVar(&o.mine, "mine", false, "list the tasks assigned to you (the token's user), not the whole organization's")
	fs.StringVar(&o.status, "status", "", "keep tasks whose `status` is complete, active, incomplete, inprogress, "+
		"overdue, due_soon or hasproblem; with --mine: active, completed, overdue, due_soon or hasproblem")
	queryFlag(fs, &o.query, "keep tasks whose title contains this `text`")
	fs.StringVar(&o.sort, "sort", "", "sort `key`: deadline, newest, problems (or completed_newest without --mine); "+
		"-deadline sorts descending")
	fs.StringVar(&o.archived, "archived", "", "list archived tasks alone (`mode` only) or with the others (true); not with --mine")
	pagingFlags(fs, &o.pagingOptions)
}

// queryFlag registers -q and --query, one flag under two names.
func queryFlag(fs *flag.FlagSet, p *string, help string) {
	v := &stringValue[string]{p}
	fs.Var(v, "q", help)
	fs.Var(v, "query", help)
}

func tasksListRun(ctx context.Context, a *app, in input, o *tasksListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	first := func() (*tallyfy.Page[tallyfy.Task], error) {
		return c.ListOrgTasksPage(ctx, &tallyfy.ListOrgTasksOptions{
			Query: o.query, Status: tallyfy.TaskStatusFilter(o.status), Sort: o.sort, PerPage: o.perPage,
			Archived: o.archived,
		})
	}
	if o.mine && o.archived != "" {
		return usageErr("--archived does not apply with --mine: the API lists only your open and completed tasks")
	}
	if o.mine {
		first = func() (*tallyfy.Page[tallyfy.Task], error) {
			return c.ListMyTasksPage(ctx, &tallyfy.ListMyTasksOptions{
				Query: o.query, Status: tallyfy.MyTaskStatusFilter(o.status), Sort: o.sort, PerPage: o.perPage,
			})
		}
	}
	return printList(a, pagesFrom(ctx, first), o.pagingOptions, in.format, orgTaskColumns, "tasks")
}

type tasksWaitOptions struct {
	taskRef
	interval time.Duration
}

func tasksWaitFlags(fs *flag.FlagSet, o *tasksWaitOptions) {
	runFlag(fs, &o.taskRef)
	fs.DurationVar(&o.interval, "interval", 5*time.Second, "first wait between reads, a `duration` of at least "+
		tallyfy.MinWaitInterval.String()+"; each wait is 1.5 times the last, up to a minute")
}

func (o *tasksWaitOptions) check() error {
	if o.interval < tallyfy.MinWaitInterval {
		return usageErr("--interval %s is too short: it must be at least %s", o.interval, tallyfy.MinWaitInterval)
	}
	return nil
}

func tasksWaitRun(ctx context.Context, a *app, in input, o *tasksWaitOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	task, err := c.WaitForTask(ctx, o.run, id, &tallyfy.WaitOptions{Interval: o.interval})
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return &notCompletedError{id: id, timeout: a.timeout}
	}
	if task != nil {
		// Completed, whatever the outcome: a rejected task is printed too,
		// and the exit code tells it from an approval.
		if perr := printObject(a, in, task, printTask); err == nil {
			err = perr
		}
	}
	return resource("task", id, err)
}

// notCompletedError is tasks wait running out of time: the answer "not
// yet", which scripts tell from a failure by its exit code.
type notCompletedError struct {
	id      string
	timeout time.Duration
}

func (e *notCompletedError) Error() string {
	return fmt.Sprintf("task %s was not completed within --timeout %s", e.id, e.timeout)
}

type templatesListOptions struct {
	query, sort string
	pagingOptions
}

func templatesListFlags(fs *flag.FlagSet, o *templatesListOptions) {
	queryFlag(fs, &o.query, "keep templates whose title contains this `text` (any case)")
	fs.StringVar(&o.sort, "sort", "", "sort `key`: title, updated or created, -updated sorts descending "+
		"(default: updated; pinned templates come first)")
	pagingFlags(fs, &o.pagingOptions)
}

func templatesListRun(ctx context.Context, a *app, in input, o *templatesListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Template], error) {
		return c.ListTemplatesPage(ctx, &tallyfy.ListTemplatesOptions{Query: o.query, Sort: o.sort, PerPage: o.perPage})
	})
	return printList(a, pages, o.pagingOptions, in.format, templateColumns, "templates")
}

func meRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	c, done, err := a.connect(ctx, false)
	defer done()
	if err != nil {
		return err
	}
	me, err := c.Me(ctx)
	if err != nil {
		return err
	}
	return printObject(a, in, me, printMe)
}
