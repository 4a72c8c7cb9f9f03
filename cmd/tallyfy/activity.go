package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

var activityColumns = []column[tallyfy.Activity]{
	{"ID", func(a *tallyfy.Activity) string { return strconv.Itoa(a.ID) }},
	{"WHEN", func(a *tallyfy.Activity) string { return when(a.CreatedAt) }},
	{"VERB", func(a *tallyfy.Activity) string { return strings.Join(a.Verb, ",") }},
	{"TYPE", func(a *tallyfy.Activity) string { return strings.Join(a.Type, ",") }},
	{"OBJECT", func(a *tallyfy.Activity) string { return deref(a.AuditableID) }},
	{"ACTOR", func(a *tallyfy.Activity) string { return activityActor(a) }},
	{"DESCRIPTION", func(a *tallyfy.Activity) string { return truncate(strings.Join(a.Description, "; "), 60) }},
}

func activityActor(a *tallyfy.Activity) string {
	if len(a.Actor) > 0 {
		if name := deref(a.Actor[0].FullName); name != "" {
			return name
		}
		if email := deref(a.Actor[0].Email); email != "" {
			return email
		}
	}
	if len(a.ActorID) > 0 {
		return userID(a.ActorID[0])
	}
	return "-"
}

type activityOptions struct {
	tallyfy.ListActivitiesOptions
	run, task, template string
	pagingOptions
}

func activityFlags(fs *flag.FlagSet, o *activityOptions) {
	fs.StringVar(&o.run, "run", "", "only the activity of this process `id` and its tasks")
	fs.StringVar(&o.task, "task", "", "only the activity of this task `id`")
	fs.StringVar(&o.template, "template", "", "only the activity of this template `id`")
	fs.Var(&stringValue[tallyfy.ActivityTypeFilter]{&o.Type}, "type", "only this `category`: Task, Process, Comment, Blueprint, Step, User, Tag, Group, Organization")
	fs.Var(&stringValue[tallyfy.ActivityVerbFilter]{&o.Verb}, "verb", "only this `action`: created, updated, completed, commented, archived, ...")
	fs.IntVar(&o.ActorID, "actor", 0, "only what this member `id` did")
	fs.StringVar(&o.ActorEmail, "actor-email", "", "only what the member or guest of this `email` did")
	fs.Var(&stringValue[tallyfy.ActivitySource]{&o.Source}, "source", "only what was set off by `who`: Member, Guest or Webhook")
	fs.Var(&dateFlag{&o.CreatedAfter}, "since", "only activity on or after this `day` (YYYY-MM-DD)")
	fs.Var(&dateFlag{&o.CreatedBefore}, "until", "only activity on or before this `day` (YYYY-MM-DD)")
	fs.StringVar(&o.Search, "search", "", "only activity whose description contains this `text` (2 to 100 characters)")
	fs.StringVar(&o.Field, "field", "", "only updates of this `field`, e.g. status")
	fs.StringVar(&o.Sort, "sort", "", "sort `key`; -created_at lists the newest first")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *activityOptions) check() error {
	n := 0
	for id, t := range map[string]tallyfy.ActivityEntityType{o.run: tallyfy.ActivityOfProcess, o.task: tallyfy.ActivityOfTask, o.template: tallyfy.ActivityOfTemplate} {
		if id != "" {
			n++
			o.EntityType, o.EntityID = t, id
		}
	}
	if n > 1 {
		return usageErr("--run, --task and --template exclude each other")
	}
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func activityRun(ctx context.Context, a *app, in input, o *activityOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Activity], error) {
		return c.ListActivitiesPage(ctx, &o.ListActivitiesOptions)
	})
	return printList(a, pages, o.pagingOptions, in.format, activityColumns, "activities")
}

// dateFlag is a day flag, YYYY-MM-DD.
type dateFlag struct{ t *time.Time }

// String and Set make *dateFlag a flag.Value.
func (v *dateFlag) String() string {
	if v == nil || v.t == nil || v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.DateOnly)
}

func (v *dateFlag) Set(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("%q is not a day such as 2025-07-01", s)
	}
	*v.t = t
	return nil
}
