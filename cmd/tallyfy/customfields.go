package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

var customFieldKeyColumns = []column[tallyfy.CustomFieldKey]{
	{"KEY", func(k *tallyfy.CustomFieldKey) string { return k.Key }},
	{"APPLIES_TO", func(k *tallyfy.CustomFieldKey) string { return deref(k.AppliesTo) }},
	{"TYPE", func(k *tallyfy.CustomFieldKey) string { return deref(k.FieldType) }},
	{"KEY_TYPE", func(k *tallyfy.CustomFieldKey) string { return deref(k.KeyType) }},
	{"REQUIRED", func(k *tallyfy.CustomFieldKey) string { return yesNo(k.IsRequired) }},
	{"ACTIVE", func(k *tallyfy.CustomFieldKey) string { return yesNo(k.IsActive) }},
}

func yesNo(b *bool) string {
	if b != nil && *b {
		return "yes"
	}
	return "no"
}

// recordFlags name the one record a custom-fields command reads or writes.
type recordFlags struct {
	run, task, guest, folder, tag, template, step, field, kickoff string
	member                                                        int
}

func (o *recordFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.run, "run", "", "a process `id` (with --task: the task's process)")
	fs.StringVar(&o.task, "task", "", "a task `id` of the --run process")
	fs.IntVar(&o.member, "member", 0, "a member's user `id`")
	fs.StringVar(&o.guest, "guest", "", "a guest, by `email` or id")
	fs.StringVar(&o.folder, "folder", "", "a folder `id`")
	fs.StringVar(&o.tag, "tag", "", "a tag `id`")
	fs.StringVar(&o.template, "template", "", "a template `id` (with --step, --field, --kickoff-field: theirs)")
	fs.StringVar(&o.step, "step", "", "a step `id` of the --template")
	fs.StringVar(&o.field, "field", "", "a form field `id` of the --template's --step")
	fs.StringVar(&o.kickoff, "kickoff-field", "", "a kick-off field `id` of the --template")
}

// record is the record the flags name, or a usage error.
func (o *recordFlags) record() (tallyfy.Record, error) {
	var recs []tallyfy.Record
	switch {
	case o.field != "":
		recs = append(recs, tallyfy.FormFieldRecord(o.template, o.step, o.field))
	case o.step != "":
		recs = append(recs, tallyfy.StepRecord(o.template, o.step))
	case o.kickoff != "":
		recs = append(recs, tallyfy.KickoffFieldRecord(o.template, o.kickoff))
	case o.template != "":
		recs = append(recs, tallyfy.TemplateRecord(o.template))
	}
	switch {
	case o.task != "":
		recs = append(recs, tallyfy.TaskRecord(o.run, o.task))
	case o.run != "":
		recs = append(recs, tallyfy.ProcessRecord(o.run))
	}
	if o.member != 0 {
		recs = append(recs, tallyfy.MemberRecord(o.member))
	}
	for id, rec := range map[string]func(string) tallyfy.Record{o.guest: tallyfy.GuestRecord, o.folder: tallyfy.FolderRecord, o.tag: tallyfy.TagRecord} {
		if id != "" {
			recs = append(recs, rec(id))
		}
	}
	switch {
	case len(recs) != 1:
		return tallyfy.Record{}, usageErr("name one record: --run, --task with --run, --member, --guest, --folder, --tag, --template, or --step, --field, --kickoff-field with --template")
	case (o.step != "" || o.field != "" || o.kickoff != "") && o.template == "":
		return tallyfy.Record{}, usageErr("--step, --field and --kickoff-field need --template")
	case o.field != "" && o.step == "":
		return tallyfy.Record{}, usageErr("--field needs --step")
	case o.task != "" && o.run == "":
		return tallyfy.Record{}, usageErr("--task needs --run, its process")
	}
	return recs[0], nil
}

func (o *recordFlags) check() error {
	_, err := o.record()
	return err
}

func customFieldsGetFlags(fs *flag.FlagSet, o *recordFlags) { o.register(fs) }

func customFieldsGetRun(ctx context.Context, a *app, in input, o *recordFlags) error {
	rec, _ := o.record()
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	v, err := c.GetCustomFields(ctx, rec)
	if err != nil {
		return err
	}
	return printObject(a, in, &v, printCustomFields)
}

func printCustomFields(w io.Writer, v *tallyfy.CustomFieldValues) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	keys := make([]string, 0, len(*v))
	for k := range *v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b, _ := json.Marshal((*v)[k]) // decoded JSON always encodes
		fmt.Fprintf(tw, "%s\t%s\n", k, b)
	}
	return tw.Flush()
}

// customFieldsSetOptions are the record and the value of custom-fields set.
type customFieldsSetOptions struct {
	recordFlags
	value    string
	valueSet bool
}

func customFieldsSetFlags(fs *flag.FlagSet, o *customFieldsSetOptions) {
	o.recordFlags.register(fs)
	fs.Func("value", "the `value`: JSON (42, true, [\"a\"]) or else text (required)", func(v string) error {
		o.value, o.valueSet = v, true
		return nil
	})
}

func (o *customFieldsSetOptions) check() error {
	if !o.valueSet {
		return usageErr("--value is required (custom-fields unset removes a value)")
	}
	return o.recordFlags.check()
}

func customFieldsSetRun(ctx context.Context, a *app, in input, o *customFieldsSetOptions) error {
	rec, _ := o.record()
	var value any = o.value
	if err := json.Unmarshal([]byte(o.value), &value); err != nil {
		value = o.value // not JSON: the text itself
	}
	return done(ctx, a, in, "custom field", func(c *tallyfy.Client, key string) error {
		return c.SetCustomField(ctx, rec, key, tallyfy.SetCustomFieldRequest{Value: value})
	})
}

func customFieldsUnsetFlags(fs *flag.FlagSet, o *recordFlags) { o.register(fs) }

func customFieldsUnsetRun(ctx context.Context, a *app, in input, o *recordFlags) error {
	rec, _ := o.record()
	return done(ctx, a, in, "custom field", func(c *tallyfy.Client, key string) error { return c.DeleteCustomField(ctx, rec, key) })
}

type customFieldKeysOptions struct {
	tallyfy.ListCustomFieldKeysOptions
	pagingOptions
}

func customFieldKeysFlags(fs *flag.FlagSet, o *customFieldKeysOptions) {
	fs.StringVar(&o.AppliesTo, "applies-to", "", "only keys of this record `type`, e.g. process")
	fs.StringVar(&o.KeyType, "key-type", "", "only keys of this `type`: org or system")
	queryFlag(fs, &o.Query, "only keys matching this `text`")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *customFieldKeysOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func customFieldKeysRun(ctx context.Context, a *app, in input, o *customFieldKeysOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.CustomFieldKey], error) {
		return c.ListCustomFieldKeysPage(ctx, &o.ListCustomFieldKeysOptions)
	})
	return printList(a, pages, o.pagingOptions, in.format, customFieldKeyColumns, "keys")
}

type customFieldDefineOptions struct {
	appliesTo, fieldType string
	required             bool
}

func customFieldDefineFlags(fs *flag.FlagSet, o *customFieldDefineOptions) {
	fs.StringVar(&o.appliesTo, "applies-to", "", "the record `type` it belongs to, e.g. process (required)")
	fs.StringVar(&o.fieldType, "type", "text", "the field `type`: text, textarea, number, boolean, date, email, url, radio, dropdown, multiselect, table")
	fs.BoolVar(&o.required, "required", false, "every record of the type needs a value")
}

func (o *customFieldDefineOptions) check() error {
	if strings.TrimSpace(o.appliesTo) == "" {
		return usageErr("--applies-to is required, e.g. --applies-to process")
	}
	return nil
}

func customFieldDefineRun(ctx context.Context, a *app, in input, o *customFieldDefineOptions) error {
	return show(ctx, a, in, "custom field key", printCustomFieldKey, func(c *tallyfy.Client, key string) (*tallyfy.CustomFieldKey, error) {
		return c.CreateCustomFieldKey(ctx, tallyfy.CreateCustomFieldKeyRequest{Key: key, AppliesTo: o.appliesTo, FieldType: tallyfy.CustomFieldType(o.fieldType), Required: o.required})
	})
}

func printCustomFieldKey(w io.Writer, k *tallyfy.CustomFieldKey) error {
	_, err := fmt.Fprintf(w, "%s (%s, %s) applies to %s\n", k.Key, deref(k.FieldType), deref(k.KeyType), deref(k.AppliesTo))
	return err
}

// customFieldsReplaceOptions are the record and every value custom-fields replace leaves on it.
type customFieldsReplaceOptions struct {
	recordFlags
	values   tallyfy.CustomFieldValues
	clearAll bool
}

func customFieldsReplaceFlags(fs *flag.FlagSet, o *customFieldsReplaceOptions) {
	o.recordFlags.register(fs)
	fs.Func("set", "a `KEY=VALUE` the record keeps (repeatable; VALUE is JSON or else text); every key not given is cleared", func(kv string) error {
		key, raw, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return fmt.Errorf("%q is not KEY=VALUE", kv)
		}
		var value any = raw
		if err := json.Unmarshal([]byte(raw), &value); err != nil {
			value = raw // not JSON: the text itself
		}
		if o.values == nil {
			o.values = tallyfy.CustomFieldValues{}
		}
		o.values[key] = value
		return nil
	})
	fs.BoolVar(&o.clearAll, "clear-all", false, "send no values, clearing every optional value of the record")
}

func (o *customFieldsReplaceOptions) check() error {
	if len(o.values) == 0 && !o.clearAll {
		return usageErr("give every value the record keeps with --set KEY=VALUE, or --clear-all to clear them all")
	}
	if len(o.values) > 0 && o.clearAll {
		return usageErr("--set and --clear-all exclude each other")
	}
	return o.recordFlags.check()
}

func customFieldsReplaceRun(ctx context.Context, a *app, _ input, o *customFieldsReplaceOptions) error {
	rec, _ := o.record()
	c, finish, err := a.client(ctx)
	defer finish()
	if err != nil {
		return err
	}
	if err := c.ReplaceCustomFields(ctx, rec, tallyfy.ReplaceCustomFieldsRequest{Values: o.values, ClearAll: o.clearAll}); err != nil {
		return err
	}
	_, err = io.WriteString(a.stdout, "done\n")
	return err
}
