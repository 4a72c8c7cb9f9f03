package main

import (
	"context"
	"flag"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// The organizing commands: tags and folders. Each is one SDK call; the table
// in commands.go describes them.

var tagColumns = []column[tallyfy.Tag]{
	{"ID", func(t *tallyfy.Tag) string { return t.ID }},
	{"TITLE", func(t *tallyfy.Tag) string { return truncate(t.Title, 30) }},
	{"COLOR", func(t *tallyfy.Tag) string { return deref(t.Color) }},
}

var folderColumns = []column[tallyfy.Folder]{
	{"ID", func(f *tallyfy.Folder) string { return f.ID }},
	{"NAME", func(f *tallyfy.Folder) string { return truncate(deref(f.Name), 32) }},
	{"TYPE", func(f *tallyfy.Folder) string { return deref(f.FolderType) }},
	{"PARENT", func(f *tallyfy.Folder) string { return deref(f.ParentID) }},
}

func printTag(w io.Writer, t *tallyfy.Tag) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", t.ID)
	field(tw, "Title", t.Title)
	field(tw, "Color", deref(t.Color))
	if t.Statistics != nil {
		s := t.Statistics.Data
		field(tw, "Processes", count(s.ActiveProcess)+" active, "+count(s.ArchivedProcess)+" archived")
		field(tw, "Templates", count(s.ActiveTemplate)+" active, "+count(s.ArchivedTemplate)+" archived")
	}
	return tw.Flush()
}

func printFolder(w io.Writer, f *tallyfy.Folder) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range folderColumns {
		field(tw, c.head[:1]+lower(c.head[1:]), c.cell(f))
	}
	return tw.Flush()
}

func printTagLink(w io.Writer, l *tallyfy.TagLink) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "Link ID", deref(l.ID))
	field(tw, "Tag", deref(l.TagID))
	field(tw, "On", deref(l.SubjectType)+" "+deref(l.SubjectID))
	return tw.Flush()
}

func printFolderObject(w io.Writer, o *tallyfy.FolderObject) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "Relation ID", strconv.Itoa(o.ID))
	field(tw, "Folder", deref(o.FolderID))
	field(tw, "Holds", deref(o.SubjectType)+" "+deref(o.SubjectID))
	return tw.Flush()
}

func count(n *int) string {
	if n == nil {
		return "?"
	}
	return strconv.Itoa(*n)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// objectFlags are --run and --template, one of which names what a tag or
// folder command acts on.
type objectFlags struct{ run, template string }

func (o *objectFlags) register(fs *flag.FlagSet, verb string) {
	fs.StringVar(&o.run, "run", "", verb+" this process, a run `id`")
	fs.StringVar(&o.template, "template", "", verb+" this template, a template `id`")
}

func (o *objectFlags) check() error {
	if (o.run == "") == (o.template == "") {
		return usageErr("give exactly one of --run and --template")
	}
	return nil
}

func (o *objectFlags) object() (tallyfy.ObjectType, string) {
	if o.run != "" {
		return tallyfy.ObjectTypeProcess, o.run
	}
	return tallyfy.ObjectTypeTemplate, o.template
}

// confirmFlag is --yes, which a command that cannot be undone needs.
type confirmFlag struct{ yes bool }

func (o *confirmFlag) register(fs *flag.FlagSet) {
	fs.BoolVar(&o.yes, "yes", false, "confirm: this cannot be undone")
}

func (o *confirmFlag) check() error {
	if !o.yes {
		return usageErr("this deletes for good and cannot be undone: add --yes to confirm")
	}
	return nil
}

type tagsListOptions struct {
	tallyfy.ListTagsOptions
	pagingOptions
}

func tagsListFlags(fs *flag.FlagSet, o *tagsListOptions) {
	queryFlag(fs, &o.Query, "keep tags whose title contains this `text`")
	withFlag(fs, &o.With, "statistics")
	fs.BoolVar(&o.ListTagsOptions.All, "auto-generated", false, "also list the tags Tallyfy generated for processes")
	fs.StringVar(&o.Sort, "sort", "", "sort `key`, e.g. title; -created_at sorts descending")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *tagsListOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func tagsListRun(ctx context.Context, a *app, in input, o *tagsListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Tag], error) { return c.ListTagsPage(ctx, &o.ListTagsOptions) })
	return printList(a, pages, o.pagingOptions, in.format, tagColumns, "tags")
}

func tagsGetRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return show(ctx, a, in, "tag", printTag, func(c *tallyfy.Client, id string) (*tallyfy.Tag, error) {
		return c.GetTag(ctx, id, &tallyfy.GetTagOptions{With: []tallyfy.TagInclude{tallyfy.TagIncludeStatistics}})
	})
}

type tagsCreateOptions struct{ color string }

func tagsCreateFlags(fs *flag.FlagSet, o *tagsCreateOptions) {
	fs.StringVar(&o.color, "color", "", "a hex `colour` such as #e74c3c")
}

func tagsCreateRun(ctx context.Context, a *app, in input, o *tagsCreateOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	t, err := c.CreateTag(ctx, tallyfy.CreateTagRequest{Title: in.args[0], Color: o.color})
	if err != nil {
		return withHint(err, "tallyfy tags list -q %s", shellQuote(in.args[0]))
	}
	return printObject(a, in, t, printTag)
}

type tagsUpdateOptions struct{ title, color *string }

func tagsUpdateFlags(fs *flag.FlagSet, o *tagsUpdateOptions) {
	fs.Var(&optionalString{&o.title}, "title", "rename the tag, a `title`")
	fs.Var(&optionalString{&o.color}, "color", "a new hex `colour`")
}

func (o *tagsUpdateOptions) check() error {
	if o.title == nil && o.color == nil {
		return usageErr("nothing to change: give --title or --color")
	}
	return nil
}

func tagsUpdateRun(ctx context.Context, a *app, in input, o *tagsUpdateOptions) error {
	return show(ctx, a, in, "tag", printTag, func(c *tallyfy.Client, id string) (*tallyfy.Tag, error) {
		return c.UpdateTag(ctx, id, tallyfy.UpdateTagRequest{Title: o.title, Color: o.color})
	})
}

func tagsDeleteFlags(fs *flag.FlagSet, o *confirmFlag) { o.register(fs) }

func tagsDeleteRun(ctx context.Context, a *app, in input, _ *confirmFlag) error {
	return done(ctx, a, in, "tag", func(c *tallyfy.Client, id string) error { return c.DeleteTagPermanently(ctx, id) })
}

func tagsApplyFlags(fs *flag.FlagSet, o *objectFlags) { o.register(fs, "tag") }

func tagsApplyRun(ctx context.Context, a *app, in input, o *objectFlags) error {
	return show(ctx, a, in, "tag", printTagLink, func(c *tallyfy.Client, id string) (*tallyfy.TagLink, error) {
		kind, object := o.object()
		return c.TagObject(ctx, tallyfy.TagObjectRequest{TagID: id, ObjectType: kind, ObjectID: object})
	})
}

func tagsRemoveRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "tag link", func(c *tallyfy.Client, id string) error { return c.UntagObject(ctx, id) })
}

type foldersListOptions struct {
	tallyfy.ListFoldersOptions
	pagingOptions
	processes bool
}

func foldersListFlags(fs *flag.FlagSet, o *foldersListOptions) {
	fs.BoolVar(&o.processes, "processes", false, "list process folders (default: template folders)")
	queryFlag(fs, &o.Query, "keep folders whose name contains this `text`")
	withFlag(fs, &o.With, "children")
	fs.StringVar(&o.Sort, "sort", "", "sort `key`, e.g. position")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *foldersListOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	if o.processes {
		o.Type = tallyfy.FolderTypeProcess
	}
	return err
}

func foldersListRun(ctx context.Context, a *app, in input, o *foldersListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Folder], error) { return c.ListFoldersPage(ctx, &o.ListFoldersOptions) })
	return printList(a, pages, o.pagingOptions, in.format, folderColumns, "folders")
}

type foldersCreateOptions struct {
	processes bool
	parent    string
}

func foldersCreateFlags(fs *flag.FlagSet, o *foldersCreateOptions) {
	fs.BoolVar(&o.processes, "processes", false, "make a folder of processes (default: of templates); this cannot change later")
	fs.StringVar(&o.parent, "parent", "", "create it inside this folder, a folder `id` of the same kind")
}

func foldersCreateRun(ctx context.Context, a *app, in input, o *foldersCreateOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	req := tallyfy.CreateFolderRequest{Name: in.args[0], Type: tallyfy.FolderTypeTemplate, ParentID: o.parent}
	if o.processes {
		req.Type = tallyfy.FolderTypeProcess
	}
	f, err := c.CreateFolder(ctx, req)
	if err != nil {
		return withHint(err, "tallyfy folders list -q %s", shellQuote(in.args[0]))
	}
	return printObject(a, in, f, printFolder)
}

type foldersUpdateOptions struct{ name, parent *string }

func foldersUpdateFlags(fs *flag.FlagSet, o *foldersUpdateOptions) {
	fs.Var(&optionalString{&o.name}, "name", "rename the folder, a `name`")
	fs.Var(&optionalString{&o.parent}, "parent", "move it into this folder, a folder `id` of the same kind")
}

func (o *foldersUpdateOptions) check() error {
	if o.name == nil && o.parent == nil {
		return usageErr("nothing to change: give --name or --parent")
	}
	return nil
}

func foldersUpdateRun(ctx context.Context, a *app, in input, o *foldersUpdateOptions) error {
	return show(ctx, a, in, "folder", printFolder, func(c *tallyfy.Client, id string) (*tallyfy.Folder, error) {
		return c.UpdateFolder(ctx, id, tallyfy.UpdateFolderRequest{Name: o.name, ParentID: o.parent})
	})
}

func foldersDeleteRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "folder", func(c *tallyfy.Client, id string) error { return c.DeleteFolder(ctx, id) })
}

func foldersAddFlags(fs *flag.FlagSet, o *objectFlags) { o.register(fs, "file") }

func foldersAddRun(ctx context.Context, a *app, in input, o *objectFlags) error {
	return show(ctx, a, in, "folder", printFolderObject, func(c *tallyfy.Client, id string) (*tallyfy.FolderObject, error) {
		kind, object := o.object()
		return c.AddToFolder(ctx, tallyfy.AddToFolderRequest{FolderID: id, ObjectType: kind, ObjectID: object})
	})
}

func foldersRemoveRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	id, err := strconv.Atoi(in.args[0])
	if err != nil || id <= 0 {
		return usageErr("%q is not a folder relation id (relation ids are positive numbers, as folders add prints them)", in.args[0])
	}
	return done(ctx, a, in, "folder relation", func(c *tallyfy.Client, _ string) error { return c.RemoveFromFolder(ctx, id) })
}
