package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"go.yaml.in/yaml/v4"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// Template files are YAML for people and JSON for the SDK: tallyfy.TemplateFile
// has JSON tags only, and the CLI converts. That keeps package tallyfy free of
// a YAML library (users who import it do not get one in their build), and the
// JSON Schema (api/template-file.schema.json) describes both forms.

// templateFileHeader starts an exported YAML file.
const templateFileHeader = "# Tallyfy template file, format version 1: `tallyfy templates apply FILE` makes the template what it says.\n" +
	"# Schema: api/template-file.schema.json in github.com/tallyfy-go/sdk. Ids are matched first, then aliases (or titles).\n"

// encodeTemplateFile writes f as YAML, or as JSON when asJSON, keeping the
// order of TemplateFile's fields.
func encodeTemplateFile(f *tallyfy.TemplateFile, asJSON bool) ([]byte, error) {
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	if asJSON {
		return append(raw, '\n'), nil
	}
	// JSON is YAML: read it as a node tree, which keeps the key order, and
	// drop the flow and quoting styles it came with so the encoder writes
	// block YAML, quoting only what must be.
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	plainStyle(&doc)
	var b bytes.Buffer
	b.WriteString(templateFileHeader)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func plainStyle(n *yaml.Node) {
	n.Style = 0
	// YAML 1.1 readers (PyYAML, older editors) take yes, no, on and off for
	// booleans: a string such as a "No" option stays quoted for them.
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && yaml11Bools[strings.ToLower(n.Value)] {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		plainStyle(c)
	}
}

var yaml11Bools = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true}

// decodeTemplateFile reads a template file, YAML or JSON. A key the format
// does not have is refused, so a misspelt "requird: true" is not silently
// dropped.
func decodeTemplateFile(data []byte) (*tallyfy.TemplateFile, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("not YAML or JSON: %w", err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("not a template file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f tallyfy.TemplateFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a template file: %w", err)
	}
	return &f, nil
}

type templatesExportOptions struct {
	file string
}

func templatesExportFlags(fs *flag.FlagSet, o *templatesExportOptions) {
	fs.StringVar(&o.file, "o", "", "write to this `file` instead of standard output (JSON when it ends in .json, else YAML)")
	fs.StringVar(&o.file, "output", "", "the same as -o: the `file` to write")
}

func templatesExportRun(ctx context.Context, a *app, in input, o *templatesExportOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	f, err := c.ExportTemplate(ctx, in.args[0])
	if err != nil {
		return resource("template", in.args[0], err)
	}
	out, err := encodeTemplateFile(f, strings.HasSuffix(o.file, ".json"))
	if err != nil {
		return err
	}
	if o.file == "" {
		_, err = a.stdout.Write(out)
		return err
	}
	return os.WriteFile(o.file, out, 0o644)
}

type templatesApplyOptions struct {
	template string
}

func templatesApplyFlags(fs *flag.FlagSet, o *templatesApplyOptions) {
	fs.StringVar(&o.template, "template", "", "apply to this template `id` (default: the file's id, else the one with its title, else a new one)")
}

func templatesApplyRun(ctx context.Context, a *app, in input, o *templatesApplyOptions) error {
	data, err := os.ReadFile(in.args[0])
	if err != nil {
		return usageErr("%v", err)
	}
	f, err := decodeTemplateFile(data)
	if err != nil {
		return usageErr("%s: %v", in.args[0], err)
	}
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	plan, err := c.PlanTemplateFile(ctx, f, &tallyfy.ApplyTemplateOptions{TemplateID: o.template})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(a.stdout, clean2(plan.String())); err != nil {
		return err
	}
	if a.dryRun {
		_, err := io.WriteString(a.stdout, "Dry run: nothing was changed.\n")
		return err
	}
	if len(plan.Changes) == 0 {
		return nil
	}
	report, err := c.ApplyTemplatePlan(ctx, plan)
	if report != nil {
		fmt.Fprintf(a.stdout, "Applied %d of %d changes to template %s.\n", len(report.Done), len(plan.Changes), report.TemplateID)
		if len(report.NotDone) > 0 {
			fmt.Fprintln(a.stdout, "Not done (apply the file again to finish):")
			for _, ch := range report.NotDone {
				fmt.Fprintln(a.stdout, clean2(ch.String()))
			}
		}
	}
	return err
}

// clean2 is clean for text of several lines: each line cleaned, the line
// breaks kept.
func clean2(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}

// templateSettingsFlags are the settings flags templates create and update
// share.
type templateSettingsFlags struct {
	summary, guidance, webhook *string
}

func (o *templateSettingsFlags) register(fs *flag.FlagSet) {
	fs.Var(&optionalString{&o.summary}, "summary", "the template's description, a `text` ('' removes it)")
	fs.Var(&optionalString{&o.guidance}, "guidance", "guidance shown when launching, a `text` ('' removes it)")
	fs.Var(&optionalString{&o.webhook}, "webhook", "a `URL` called on launch, each step's completion and completion ('' removes it)")
}

func (o *templateSettingsFlags) settings() tallyfy.TemplateSettings {
	return tallyfy.TemplateSettings{Summary: o.summary, Guidance: o.guidance, Webhook: o.webhook}
}

type templatesCreateOptions struct {
	kind string
	templateSettingsFlags
}

func templatesCreateFlags(fs *flag.FlagSet, o *templatesCreateOptions) {
	o.kind = "procedure"
	fs.Var(&choiceFlag{&o.kind, []string{"procedure", "form", "document"}}, "type", "the template's `type`: procedure, form or document")
	o.register(fs)
}

func templatesCreateRun(ctx context.Context, a *app, in input, o *templatesCreateOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	t, err := c.CreateTemplate(ctx, tallyfy.CreateTemplateRequest{Title: in.args[0], Type: o.kind, Settings: o.settings()})
	if err != nil {
		return withHint(err, "tallyfy templates list -q %s", shellQuote(in.args[0]))
	}
	return printObject(a, in, t, printTemplate)
}

type templatesUpdateOptions struct {
	title *string
	templateSettingsFlags
}

func templatesUpdateFlags(fs *flag.FlagSet, o *templatesUpdateOptions) {
	fs.Var(&optionalString{&o.title}, "title", "rename the template, a `title`")
	o.register(fs)
}

func (o *templatesUpdateOptions) check() error {
	if o.title == nil && o.summary == nil && o.guidance == nil && o.webhook == nil {
		return usageErr("nothing to change: give --title, --summary, --guidance or --webhook")
	}
	return nil
}

func templatesUpdateRun(ctx context.Context, a *app, in input, o *templatesUpdateOptions) error {
	return show(ctx, a, in, "template", printTemplate, func(c *tallyfy.Client, id string) (*tallyfy.Template, error) {
		// Who may use it is sent back as it is: the API empties what an
		// update leaves out (mcp #624).
		return c.UpdateTemplate(ctx, id, tallyfy.UpdateTemplateRequest{Title: o.title, Settings: o.settings()})
	})
}

func templatesArchiveRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "template", func(c *tallyfy.Client, id string) error {
		_, err := c.ArchiveTemplate(ctx, id)
		return err
	})
}

func templatesRestoreRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return show(ctx, a, in, "template", printTemplate, func(c *tallyfy.Client, id string) (*tallyfy.Template, error) {
		return c.RestoreTemplate(ctx, id)
	})
}

func templatesPublishRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return show(ctx, a, in, "template", printTemplate, func(c *tallyfy.Client, id string) (*tallyfy.Template, error) {
		return c.PublishTemplate(ctx, id)
	})
}

type yesOptions struct{ yes bool }

func yesFlags(fs *flag.FlagSet, o *yesOptions) {
	fs.BoolVar(&o.yes, "yes", false, "confirm: the template and what refers to it are deleted for good")
}

func (o *yesOptions) check() error {
	if !o.yes {
		return usageErr("templates delete deletes for good and cannot be undone: add --yes (templates archive hides a template and can be undone)")
	}
	return nil
}

func templatesDeleteRun(ctx context.Context, a *app, in input, _ *yesOptions) error {
	return done(ctx, a, in, "template", func(c *tallyfy.Client, id string) error {
		_, err := c.DeleteTemplate(ctx, id)
		return err
	})
}

type templatesCloneOptions struct{ title string }

func templatesCloneFlags(fs *flag.FlagSet, o *templatesCloneOptions) {
	fs.StringVar(&o.title, "title", "", "the copy's `title` (default: the API's)")
}

func templatesCloneRun(ctx context.Context, a *app, in input, o *templatesCloneOptions) error {
	return show(ctx, a, in, "template", printTemplate, func(c *tallyfy.Client, id string) (*tallyfy.Template, error) {
		return c.CloneTemplate(ctx, id, tallyfy.CloneTemplateRequest{Title: o.title})
	})
}

var stepColumns = []column[tallyfy.Step]{
	{"#", func(s *tallyfy.Step) string { return strconv.Itoa(s.Position) }},
	{"ID", func(s *tallyfy.Step) string { return s.ID }},
	{"TITLE", func(s *tallyfy.Step) string { return truncate(s.Title, 48) }},
	{"TYPE", func(s *tallyfy.Step) string { return deref(s.StepType) }},
	{"ALIAS", func(s *tallyfy.Step) string { return deref(s.Alias) }},
	{"FIELDS", func(s *tallyfy.Step) string { return strconv.Itoa(len(s.Captures)) }},
}

func printStep(w io.Writer, s *tallyfy.Step) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", s.ID)
	field(tw, "Title", s.Title)
	field(tw, "Alias", deref(s.Alias))
	field(tw, "Type", deref(s.StepType))
	field(tw, "Position", strconv.Itoa(s.Position))
	if d := s.Deadline; d != nil {
		field(tw, "Deadline", fmt.Sprintf("%d %s %s", d.Value, d.Unit, deref(d.Option)))
	}
	var who []string
	for _, id := range deref2(s.Assignees) {
		who = append(who, strconv.Itoa(id))
	}
	who = append(who, deref2(s.Guests)...)
	for _, g := range deref2(s.Groups) {
		who = append(who, "group "+g)
	}
	field(tw, "Assignees", strings.Join(who, ", "))
	if len(s.Captures) > 0 {
		fmt.Fprintln(tw, "\nFORM FIELD\tTYPE\tREQUIRED\tID")
		for _, f := range s.Captures {
			fmt.Fprintf(tw, "%s\t%s\t%t\t%s\n", clean(truncate(f.Label, 40)), clean(f.FieldType), f.Required != nil && *f.Required, clean(f.ID))
		}
	}
	return tw.Flush()
}

type stepsListOptions struct {
	tallyfy.ListStepsOptions
	pagingOptions
}

func stepsListFlags(fs *flag.FlagSet, o *stepsListOptions) { pagingFlags(fs, &o.pagingOptions) }

func (o *stepsListOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func stepsListRun(ctx context.Context, a *app, in input, o *stepsListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Step], error) { return c.ListStepsPage(ctx, id, &o.ListStepsOptions) })
	return resource("template", id, printList(a, pages, o.pagingOptions, in.format, stepColumns, "steps"))
}

func stepsGetRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return show(ctx, a, in, "template", printStep, func(c *tallyfy.Client, id string) (*tallyfy.Step, error) {
		return c.GetStep(ctx, id, in.args[1])
	})
}

// stepFlags are the settings flags steps add and update share.
type stepFlags struct {
	summary, alias, kind *string
	position             int
	users                replaceList[userIDsValue, *userIDsValue]
	guests               replaceList[stringList, *stringList]
	groups               replaceList[stringList, *stringList]
}

func (o *stepFlags) register(fs *flag.FlagSet) {
	fs.Var(&optionalString{&o.summary}, "summary", "the step's description, a `text` ('' removes it)")
	fs.Var(&optionalString{&o.alias}, "alias", "a stable `name` for the step")
	fs.Var(&optionalString{&o.kind}, "type", "the step's `type`: task, approval, expiring, email or expiring_email")
	fs.IntVar(&o.position, "position", 0, "the step's place in the template, `n` from 1")
	fs.Var(&o.users, "users", "assign these members, a comma-separated `list` of user ids")
	fs.Var(&o.guests, "guests", "assign these guests, a comma-separated `list` of emails")
	fs.Var(&o.groups, "groups", "assign these groups, a comma-separated `list` of group ids")
}

func (o *stepFlags) settings() tallyfy.StepSettings {
	s := tallyfy.StepSettings{Summary: o.summary, Alias: o.alias, StepType: o.kind}
	if o.position != 0 {
		s.Position = &o.position
	}
	return s
}

type stepsAddOptions struct {
	title string
	stepFlags
}

func stepsAddFlags(fs *flag.FlagSet, o *stepsAddOptions) {
	fs.StringVar(&o.title, "title", "", "the step's `title` (required)")
	o.register(fs)
}

func (o *stepsAddOptions) check() error {
	if strings.TrimSpace(o.title) == "" {
		return usageErr("--title is required")
	}
	return nil
}

func stepsAddRun(ctx context.Context, a *app, in input, o *stepsAddOptions) error {
	return show(ctx, a, in, "template", printStep, func(c *tallyfy.Client, id string) (*tallyfy.Step, error) {
		return c.CreateStep(ctx, id, tallyfy.CreateStepRequest{Title: o.title, Settings: o.settings(),
			Assignees: tallyfy.StepAssignees{Users: o.users.list, Guests: o.guests.list, Groups: o.groups.list}})
	})
}

type stepsUpdateOptions struct {
	title *string
	stepFlags
}

func stepsUpdateFlags(fs *flag.FlagSet, o *stepsUpdateOptions) {
	fs.Var(&optionalString{&o.title}, "title", "rename the step, a `title`")
	o.register(fs)
}

func (o *stepsUpdateOptions) check() error {
	if o.title == nil && o.summary == nil && o.alias == nil && o.kind == nil && o.position == 0 && !o.users.set && !o.guests.set && !o.groups.set {
		return usageErr("nothing to change: give --title, --summary, --alias, --type, --position, --users, --guests or --groups")
	}
	return nil
}

func stepsUpdateRun(ctx context.Context, a *app, in input, o *stepsUpdateOptions) error {
	return show(ctx, a, in, "template", printStep, func(c *tallyfy.Client, id string) (*tallyfy.Step, error) {
		req := tallyfy.UpdateStepRequest{Title: o.title, Settings: o.settings()}
		if o.users.set || o.guests.set || o.groups.set {
			// The API replaces all three lists together: those not given are
			// kept as they are.
			s, err := c.GetStep(ctx, id, in.args[1])
			if err != nil {
				return nil, err
			}
			if s.Assignees == nil || s.Guests == nil || s.Groups == nil {
				return nil, fmt.Errorf("the read of step %s lacks the assignee lists to keep: give --users, --guests and --groups", in.args[1])
			}
			who := tallyfy.StepAssignees{Users: *s.Assignees, Guests: *s.Guests, Groups: *s.Groups}
			if o.users.set {
				who.Users = o.users.list
			}
			if o.guests.set {
				who.Guests = o.guests.list
			}
			if o.groups.set {
				who.Groups = o.groups.list
			}
			req.Assignees = &who
		}
		return c.UpdateStep(ctx, id, in.args[1], req)
	})
}

func stepsDeleteRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "template", func(c *tallyfy.Client, id string) error { return c.DeleteStep(ctx, id, in.args[1]) })
}
