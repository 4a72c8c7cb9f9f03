package main

import (
	"context"
	"flag"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// The comment and issue commands beside tasks comment: a comment on a
// process, and reporting and resolving an issue on a task. Each is one SDK
// call, paced under the API's 120 comments an hour per organization.

// runsCommentRun posts a comment on a process; its flags are tasks
// comment's.
func runsCommentRun(ctx context.Context, a *app, in input, o *tasksCommentOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	comment, err := c.CommentOnRun(ctx, id, tallyfy.CommentRequest{
		Content: o.text, Visibility: visibilities[o.visibility], Label: tallyfy.CommentLabel(o.label),
	})
	if err != nil {
		return resource("process", id, err)
	}
	return printObject(a, in, comment, printComment)
}

type tasksIssueOptions struct {
	text string
}

func tasksIssueFlags(fs *flag.FlagSet, o *tasksIssueOptions) {
	fs.StringVar(&o.text, "text", "", "what is wrong, a `text` (HTML allowed; required)")
}

func (o *tasksIssueOptions) check() error {
	if o.text == "" {
		return usageErr("--text is required: say what is wrong")
	}
	return nil
}

func tasksIssueRun(ctx context.Context, a *app, in input, o *tasksIssueOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	issue, err := c.ReportTaskIssue(ctx, id, tallyfy.IssueRequest{Content: o.text})
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s --with threads", id)
	}
	return printObject(a, in, issue, printComment)
}

type tasksResolveOptions struct {
	thread int
	text   string
}

func tasksResolveFlags(fs *flag.FlagSet, o *tasksResolveOptions) {
	fs.IntVar(&o.thread, "thread", 0, "the issue to resolve, the `id` tasks issue printed (required)")
	fs.StringVar(&o.text, "text", "", "the resolving comment, a `text` (HTML allowed; required: the API posts it)")
}

func (o *tasksResolveOptions) check() error {
	switch {
	case o.thread < 1:
		return usageErr("--thread is required: the id of the issue, as tasks issue printed it")
	case o.text == "":
		return usageErr("--text is required: the API posts it as the resolving comment")
	}
	return nil
}

func tasksResolveRun(ctx context.Context, a *app, in input, o *tasksResolveOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	resolved, err := c.ResolveTaskIssue(ctx, id, tallyfy.ResolveIssueRequest{ThreadID: o.thread, Content: o.text})
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s --with threads", id)
	}
	return printObject(a, in, resolved, printComment)
}
