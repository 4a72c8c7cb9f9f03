package main

import (
	"context"
	"flag"
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// tasks reassign: replace a task's owners with the people named, by who
// they are. The SDK resolves every name against the organization's
// directory before anything is sent (tallyfy.Assignees.People), and sends
// all three owner lists, so the task ends with exactly the owners named:
// nobody else is kept, and no list is emptied that was not meant to be.

type tasksReassignOptions struct {
	taskRef
	to peopleList
	bulkOptions
}

// peopleList is a repeatable flag of people, one a flag: a full name may
// hold a comma ("Lee, Sam"), so values are not split.
type peopleList []string

// String and Set make *peopleList a flag.Value.
func (v *peopleList) String() string {
	if v == nil {
		return ""
	}
	return strings.Join(*v, "; ")
}

func (v *peopleList) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return usageErr("an empty person: give an email, a full name, a user id or a group's name")
	}
	*v = append(*v, s)
	return nil
}

func tasksReassignFlags(fs *flag.FlagSet, o *tasksReassignOptions) {
	fs.StringVar(&o.run, "run", "", "the `id` of the task's process; left out, the task is read to find it (none for a one-off task)")
	fs.Var(&o.to, "to", "an owner, a `person`: a member's email, full name or user id, a group's name or id, a guest's email, "+
		"or guest:EMAIL to invite a new guest; repeatable (at least one). The task ends with exactly these owners")
	bulkFlags(fs, &o.bulkOptions)
}

func (o *tasksReassignOptions) check() error {
	if len(o.to) == 0 {
		return usageErr("give the new owners with --to (at least one); the task ends with exactly the owners named")
	}
	return nil
}

func tasksReassignRun(ctx context.Context, a *app, in input, o *tasksReassignOptions) error {
	if len(in.args) > 1 {
		return tasksReassignBulk(ctx, a, in, o)
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	runID := o.run
	if runID == "" {
		// A task of a process is updated through its process's path; the
		// organization's path is for one-off tasks.
		task, err := c.GetTask(ctx, id, nil)
		if err != nil {
			return resource("task", id, err)
		}
		if task.RunID != nil {
			runID = *task.RunID
		}
	}
	task, err := c.UpdateTask(ctx, runID, id, tallyfy.UpdateTaskRequest{
		Owners: &tallyfy.Assignees{People: o.to},
	})
	if err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s", id)
	}
	return printObject(a, in, task, printTask)
}
