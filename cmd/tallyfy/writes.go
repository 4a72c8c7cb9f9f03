package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// The write commands. Each one is a single SDK call, which reads what it
// needs first (a template's kick-off fields, a process's members, a task's
// type); --dry-run (dryRunTransport) lets those reads through and stops the
// write. When a write's outcome is unknown, the error carries the command
// that shows whether it was carried out (checkHint).

type runsLaunchOptions struct {
	name, summary string
	fields        fieldValues
	users         userIDList
	groups, tags  stringList
	bulkOptions
	fromCSV, results string
}

func runsLaunchFlags(fs *flag.FlagSet, o *runsLaunchOptions) {
	fs.StringVar(&o.name, "name", "", "the process's `name` (required: it is how to find the process should the "+
		"launch's outcome be unknown)")
	fs.StringVar(&o.summary, "summary", "", "the process's summary, a `text`")
	fieldFlags(fs, &o.fields, "the template's kick-off form")
	fs.Var(&o.users, "user", "make this user a member, a user `id`; repeatable")
	fs.Var(&o.groups, "group", "make this group a member, a group `id`; repeatable")
	fs.Var(&o.tags, "tag", "tag the process, a tag `id`; repeatable")
	fs.StringVar(&o.fromCSV, "from-csv", "", "launch one process a row of this CSV `file`: a header of name and kick-off keys "+
		"(a field's id, alias or label); every row is checked before any is sent")
	fs.StringVar(&o.results, "results", "", "with --from-csv: record each row's process id or error in this CSV `file`; "+
		"run again with it to launch only the rows not launched yet")
	bulkFlags(fs, &o.bulkOptions)
}

func (o *runsLaunchOptions) isBulk(int) bool { return o.fromCSV != "" }

func (o *runsLaunchOptions) check() error {
	if o.fromCSV != "" {
		if o.name != "" || o.summary != "" || len(o.fields) > 0 || len(o.users) > 0 || len(o.groups) > 0 || len(o.tags) > 0 {
			return usageErr("--from-csv takes each process's name and kick-off values from its rows: leave out --name, --summary, --field, --user, --group and --tag")
		}
		return nil
	}
	if o.results != "" {
		return usageErr("--results goes with --from-csv")
	}
	if strings.TrimSpace(o.name) == "" {
		return usageErr("--name is required")
	}
	return nil
}

func runsLaunchRun(ctx context.Context, a *app, in input, o *runsLaunchOptions) error {
	if o.fromCSV != "" {
		return runsLaunchCSV(ctx, a, in, o)
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	if err := uploadFieldFiles(ctx, c, o.fields, "", id); err != nil {
		return err
	}
	run, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
		TemplateID: id, Name: o.name, Summary: o.summary, Fields: o.fields,
		Users: o.users, Groups: o.groups, Tags: o.tags,
	})
	if err != nil {
		return withHint(resource("template", id, err), "tallyfy runs list --checklist %s -q %s", id, shellQuote(o.name))
	}
	return printObject(a, in, run, printRun)
}

type runsUpdateOptions struct {
	name, summary *string
	fields        fieldValues
	users         replaceList[userIDsValue, *userIDsValue]
	groups        replaceList[stringList, *stringList]
}

func runsUpdateFlags(fs *flag.FlagSet, o *runsUpdateOptions) {
	fs.Var(&optionalString{&o.name}, "name", "rename the process, a `name`")
	fs.Var(&optionalString{&o.summary}, "summary", "replace the summary, a `text`")
	fieldFlags(fs, &o.fields, "the process's kick-off form")
	fs.Var(&o.users, "users", "replace the member users with these, a comma-separated `list` of user ids ('' for none); "+
		"left out, the members are kept (the API would drop them: the CLI sends them back)")
	fs.Var(&o.groups, "groups", "replace the member groups with these, a comma-separated `list` of group ids ('' for none); "+
		"left out, they are kept")
}

func (o *runsUpdateOptions) check() error {
	if o.name == nil && o.summary == nil && len(o.fields) == 0 && !o.users.set && !o.groups.set {
		return usageErr("nothing to change: give --name, --summary, --field, --field-json, --users or --groups")
	}
	return nil
}

func runsUpdateRun(ctx context.Context, a *app, in input, o *runsUpdateOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	req := tallyfy.UpdateRunRequest{Name: o.name, Summary: o.summary, Fields: o.fields}
	if o.users.set || o.groups.set {
		// The SDK replaces both lists together; the one not given is kept
		// as it is now.
		m := &tallyfy.Members{Users: o.users.list, Groups: o.groups.list}
		if !o.users.set || !o.groups.set {
			run, err := c.GetRun(ctx, id, nil)
			if err != nil {
				return resource("run", id, err)
			}
			if !o.users.set {
				m.Users = run.Users
			}
			if !o.groups.set {
				m.Groups = run.Groups
			}
		}
		req.Members = m
	}
	run, err := c.UpdateRun(ctx, id, req)
	if err != nil {
		return withHint(resource("run", id, err), "tallyfy runs get %s", id)
	}
	return printObject(a, in, run, printRun)
}

func runsArchiveRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return runAction(ctx, a, in, (*tallyfy.Client).ArchiveRun)
}

func runsActivateRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return runAction(ctx, a, in, (*tallyfy.Client).ActivateRun)
}

func runAction(ctx context.Context, a *app, in input, action func(*tallyfy.Client, context.Context, string) (*tallyfy.Run, error)) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	run, err := action(c, ctx, id)
	if err != nil {
		return withHint(resource("run", id, err), "tallyfy runs get %s", id)
	}
	return printObject(a, in, run, printRun)
}

// taskRef is the --run flag of the task commands: the task's process, or
// none for a one-off task.
type taskRef struct{ run string }

func runFlag(fs *flag.FlagSet, r *taskRef) {
	fs.StringVar(&r.run, "run", "", "the `id` of the task's process; leave it out for a one-off task")
}

// flag returns " --run ID" for the hints, or "".
func (r taskRef) flag() string {
	if r.run == "" {
		return ""
	}
	return " --run " + r.run
}

type tasksCompleteOptions struct {
	taskRef
	approve, reject bool
	bulkOptions
}

func tasksCompleteFlags(fs *flag.FlagSet, o *tasksCompleteOptions) {
	runFlag(fs, &o.taskRef)
	bulkFlags(fs, &o.bulkOptions)
	fs.BoolVar(&o.approve, "approve", false, "approve an approval task (an approval task needs --approve or --reject)")
	fs.BoolVar(&o.reject, "reject", false, "reject an approval task")
}

func (o *tasksCompleteOptions) check() error {
	if o.approve && o.reject {
		return usageErr("--approve and --reject exclude each other")
	}
	return nil
}

func tasksCompleteRun(ctx context.Context, a *app, in input, o *tasksCompleteOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	opts := &tallyfy.CompleteTaskOptions{}
	switch {
	case o.approve:
		opts.Decision = tallyfy.Approve
	case o.reject:
		opts.Decision = tallyfy.Reject
	}
	if len(in.args) > 1 {
		return tasksCompleteBulk(ctx, a, in, o, opts)
	}
	task, err := c.CompleteTask(ctx, o.run, id, opts)
	if errors.Is(err, tallyfy.ErrAlreadyCompleted) {
		return withHint(resource("task", id, err), "tallyfy tasks reopen %s%s", id, o.flag())
	}
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s", id)
	}
	return printObject(a, in, task, printTask)
}

type tasksReopenOptions struct {
	taskRef
	bulkOptions
}

func tasksReopenFlags(fs *flag.FlagSet, o *tasksReopenOptions) {
	runFlag(fs, &o.taskRef)
	bulkFlags(fs, &o.bulkOptions)
}

func tasksReopenRun(ctx context.Context, a *app, in input, o *tasksReopenOptions) error {
	if len(in.args) > 1 {
		return tasksReopenBulk(ctx, a, in, o)
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	task, err := c.ReopenTask(ctx, o.run, id)
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s", id)
	}
	return printObject(a, in, task, printTask)
}

// visibilities maps --visibility to the API's comment states.
var visibilities = map[string]tallyfy.CommentVisibility{
	"all":       tallyfy.CommentVisibleToAll,
	"members":   tallyfy.CommentHiddenFromGuests,
	"collapsed": tallyfy.CommentCollapsed,
}

type tasksCommentOptions struct {
	text, visibility, label string
	bulkOptions
}

func tasksCommentFlags(fs *flag.FlagSet, o *tasksCommentOptions) {
	fs.StringVar(&o.text, "text", "", "the comment, a `text` (HTML allowed); @[USER_ID] in it notifies that user "+
		"and gives them access to the task (required)")
	fs.Var(&choiceFlag{&o.visibility, []string{"all", "members", "collapsed"}}, "visibility",
		"who sees the comment, a `choice` (required): all (guests on the task too), members (hidden from guests) "+
			"or collapsed. Required because the API, told nothing, hides a comment from guests")
	fs.Var(&choiceFlag{&o.label, []string{"comment", "problem", "resolve", "improvement", "advice"}}, "label",
		"the kind of comment, a `label`: comment (the default), problem, resolve, improvement or advice")
}

func (o *tasksCommentOptions) check() error {
	switch {
	case o.text == "":
		return usageErr("--text is required")
	case o.visibility == "":
		return usageErr("--visibility is required: all, members or collapsed (the API hides a comment from guests unless told)")
	}
	return nil
}

func tasksCommentRun(ctx context.Context, a *app, in input, o *tasksCommentOptions) error {
	if len(in.args) > 1 {
		return tasksCommentBulk(ctx, a, in, o)
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	comment, err := c.CommentOnTask(ctx, id, tallyfy.CommentRequest{
		Content: o.text, Visibility: visibilities[o.visibility], Label: tallyfy.CommentLabel(o.label),
	})
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s --with threads", id)
	}
	return printObject(a, in, comment, printComment)
}

type tasksUpdateOptions struct {
	taskRef
	title, summary *string
	deadline       time.Time
	fields         fieldValues
}

func tasksUpdateFlags(fs *flag.FlagSet, o *tasksUpdateOptions) {
	runFlag(fs, &o.taskRef)
	fs.Var(&optionalString{&o.title}, "title", "replace the title, a `text`")
	fs.Var(&optionalString{&o.summary}, "summary", "replace the description, a `text` (HTML allowed)")
	fs.Var(&timeFlag{&o.deadline}, "deadline", "move the deadline to this `time`, RFC 3339 (2025-07-01T17:00:00Z)")
	fieldFlags(fs, &o.fields, "the task's form")
}

func (o *tasksUpdateOptions) check() error {
	if o.title == nil && o.summary == nil && o.deadline.IsZero() && len(o.fields) == 0 {
		return usageErr("nothing to change: give --title, --summary, --deadline, --field or --field-json")
	}
	return nil
}

func tasksUpdateRun(ctx context.Context, a *app, in input, o *tasksUpdateOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	if err := uploadFieldFiles(ctx, c, o.fields, o.run, ""); err != nil {
		return err
	}
	task, err := c.UpdateTask(ctx, o.run, id, tallyfy.UpdateTaskRequest{
		Title: o.title, Summary: o.summary, Deadline: o.deadline, Fields: o.fields,
	})
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s --with form_fields", id)
	}
	return printObject(a, in, task, printTask)
}

type tasksCreateOptions struct {
	title, taskType, summary string
	deadline                 time.Time
	users                    userIDList
	guests, groups           stringList
}

func tasksCreateFlags(fs *flag.FlagSet, o *tasksCreateOptions) {
	fs.StringVar(&o.title, "title", "", "the task's title, a `text` (required)")
	fs.Var(&timeFlag{&o.deadline}, "deadline", "when the task is due, a `time`, RFC 3339 (2025-07-01T17:00:00Z; required)")
	fs.Var(&o.users, "assign", "assign this user, a user `id`; repeatable (a task needs one assignee: a user, guest or group)")
	fs.Var(&o.guests, "guest", "assign this guest, an `email`; repeatable")
	fs.Var(&o.groups, "group", "assign this group, a group `id`; repeatable")
	o.taskType = tallyfy.TaskTypeTask
	fs.Var(&choiceFlag{&o.taskType, []string{tallyfy.TaskTypeTask, tallyfy.TaskTypeApproval, tallyfy.TaskTypeExpiring,
		tallyfy.TaskTypeEmail, tallyfy.TaskTypeExpiringEmail}}, "type",
		"the kind of task, a `type`: task, approval, expiring, email or expiring_email")
	fs.StringVar(&o.summary, "summary", "", "the task's description, a `text` (HTML allowed)")
}

func (o *tasksCreateOptions) check() error {
	switch {
	case o.title == "":
		return usageErr("--title is required")
	case o.deadline.IsZero():
		return usageErr("--deadline is required")
	case len(o.users)+len(o.guests)+len(o.groups) == 0:
		return usageErr("a task needs an assignee: give --assign, --guest or --group")
	}
	return nil
}

func tasksCreateRun(ctx context.Context, a *app, in input, o *tasksCreateOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	task, err := c.CreateTask(ctx, tallyfy.CreateTaskRequest{
		Title: o.title, Type: o.taskType, Deadline: o.deadline, Summary: o.summary,
		Owners: tallyfy.Assignees{Users: o.users, Guests: o.guests, Groups: o.groups},
	})
	if err != nil {
		return withHint(err, "tallyfy tasks list -q %s", shellQuote(o.title))
	}
	return printObject(a, in, task, printTask)
}

// printObject prints one object the API returned: as JSON, or as the
// fields table prints.
func printObject[T any](a *app, in input, v *T, table func(io.Writer, *T) error) error {
	if in.format == "json" {
		return writeJSON(a.stdout, v)
	}
	return table(a.stdout, v)
}

// shellQuote quotes s for a POSIX shell, for the commands hints print.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || slices.Contains([]rune("-_./:@,+="), r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
