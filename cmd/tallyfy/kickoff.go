package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"iter"
	"strconv"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// The kick-off form and form values: runs kickoff-complete, runs
// kickoff-reopen, runs fields and tasks save.

func runsKickoffCompleteRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return runAction(ctx, a, in, (*tallyfy.Client).CompleteKickoff)
}

func runsKickoffReopenRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return runAction(ctx, a, in, (*tallyfy.Client).ReopenKickoff)
}

// formFieldRow is one row of runs fields: a field of a task or of the
// kick-off form.
type formFieldRow struct {
	Kind string `json:"kind"` // "task" or "kickoff"
	tallyfy.FormField
}

// MarshalJSON puts kind beside the field's own members (the embedded
// FormField's keys would otherwise be all there is).
func (r formFieldRow) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(r.FormField)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["kind"], _ = json.Marshal(r.Kind)
	return json.Marshal(m)
}

var formFieldColumns = []column[formFieldRow]{
	{"KIND", func(r *formFieldRow) string { return r.Kind }},
	{"ID", func(r *formFieldRow) string { return r.ID }},
	{"TASK", func(r *formFieldRow) string { return deref(r.TaskID) }},
	{"ALIAS", func(r *formFieldRow) string { return deref(r.Alias) }},
	{"LABEL", func(r *formFieldRow) string { return truncate(r.Label, 40) }},
	{"TYPE", func(r *formFieldRow) string { return r.FieldType }},
	{"REQUIRED", func(r *formFieldRow) string { return strconv.FormatBool(r.Required != nil && *r.Required) }},
	{"VALUE", func(r *formFieldRow) string { return truncate(fieldValue(r.Value), 40) }},
}

// runsFieldsOptions are runs fields' flags: the answer is one list, not paged, so of the list
// flags it takes only --limit and --all (which every list takes, and which change nothing here).
type runsFieldsOptions struct{ pagingOptions }

func runsFieldsFlags(fs *flag.FlagSet, o *runsFieldsOptions) {
	fs.IntVar(&o.limit, "limit", 0, "print at most `n` fields")
	fs.BoolVar(&o.all, "all", false, "print every field (the API sends them all in one answer, so this is the default)")
}

func (o *runsFieldsOptions) check() error {
	if o.limit < 0 {
		return usageErr("--limit must be 1 or more")
	}
	return nil
}

func runsFieldsRun(ctx context.Context, a *app, in input, o *runsFieldsOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	fields, err := c.GetRunFormFields(ctx, id)
	if err != nil {
		return resource("run", id, err)
	}
	page := &tallyfy.Page[formFieldRow]{Items: formFieldRows(fields)}
	var one iter.Seq2[*tallyfy.Page[formFieldRow], error] = func(yield func(*tallyfy.Page[formFieldRow], error) bool) {
		yield(page, nil)
	}
	return printList(a, one, pagingOptions{limit: o.limit}, in.format, formFieldColumns, "form fields")
}

// formFieldRows are a process's kick-off fields, then its tasks' fields.
func formFieldRows(fields *tallyfy.RunFormFields) []formFieldRow {
	var rows []formFieldRow
	for _, f := range fields.KoFormFields {
		rows = append(rows, formFieldRow{Kind: "kickoff", FormField: f})
	}
	for _, f := range fields.FormFields {
		rows = append(rows, formFieldRow{Kind: "task", FormField: f})
	}
	return rows
}

type tasksSaveOptions struct {
	taskRef
	fields fieldValues
}

func tasksSaveFlags(fs *flag.FlagSet, o *tasksSaveOptions) {
	fs.StringVar(&o.run, "run", "", "the `id` of the task's process, needed only to upload a file with --field KEY=@PATH")
	fieldFlags(fs, &o.fields, "the task's form")
}

func (o *tasksSaveOptions) check() error {
	if len(o.fields) == 0 {
		return usageErr("nothing to save: give --field or --field-json")
	}
	return nil
}

func tasksSaveRun(ctx context.Context, a *app, in input, o *tasksSaveOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	if err := uploadFieldFiles(ctx, c, o.fields, o.run, ""); err != nil {
		return err
	}
	if err := c.SaveTaskFields(ctx, id, tallyfy.SaveTaskFieldsRequest{Fields: o.fields}); err != nil {
		return withHint(resource("task", id, err), "tallyfy tasks get %s --with form_fields", id)
	}
	task, err := c.GetTask(ctx, id, &tallyfy.GetTaskOptions{With: []tallyfy.TaskInclude{tallyfy.TaskIncludeFormFields}})
	if err != nil {
		return resource("task", id, err)
	}
	return printObject(a, in, task, printTask)
}

type runsSetValueOptions struct {
	valueID string
	fields  fieldValues
}

func runsSetValueFlags(fs *flag.FlagSet, o *runsSetValueOptions) {
	fs.StringVar(&o.valueID, "value-id", "", "the stored value's `id` (not the field's), required")
	fieldFlags(fs, &o.fields, "the process (one of its tasks' fields or a kick-off field); exactly one")
}

func (o *runsSetValueOptions) check() error {
	if o.valueID == "" {
		return usageErr("--value-id is required: the id of the value already stored")
	}
	if len(o.fields) != 1 {
		return usageErr("give exactly one --field or --field-json (got %d)", len(o.fields))
	}
	return nil
}

func runsSetValueRun(ctx context.Context, a *app, in input, o *runsSetValueOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	if err := uploadFieldFiles(ctx, c, o.fields, id, ""); err != nil {
		return err
	}
	for key, value := range o.fields {
		err = c.SetFormFieldValue(ctx, id, tallyfy.SetFormFieldValueRequest{ValueID: o.valueID, Field: key, Value: value})
	}
	if err != nil {
		return withHint(resource("run", id, err), "tallyfy runs fields %s", id)
	}
	fields, err := c.GetRunFormFields(ctx, id)
	if err != nil {
		return resource("run", id, err)
	}
	return printObject(a, in, fields, printRunFormFields)
}

// printRunFormFields prints a process's fields as runs fields does.
func printRunFormFields(w io.Writer, f *tallyfy.RunFormFields) error {
	lw := newListWriter(w, "table", formFieldColumns)
	for _, row := range formFieldRows(f) {
		if err := lw.item(&row); err != nil {
			return err
		}
	}
	if err := lw.endPage(); err != nil {
		return err
	}
	return lw.close("form fields")
}
