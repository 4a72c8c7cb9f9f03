package main

import (
	"context"
	"flag"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// guests set-value: runs set-value on the guest's path (official n8n node
// updateValue "As Guest").

type guestsSetValueOptions struct {
	run string
	runsSetValueOptions
}

func guestsSetValueFlags(fs *flag.FlagSet, o *guestsSetValueOptions) {
	fs.StringVar(&o.run, "run", "", "the process `ID` whose field is set, required")
	runsSetValueFlags(fs, &o.runsSetValueOptions)
}

func (o *guestsSetValueOptions) check() error {
	if o.run == "" {
		return usageErr("--run is required: the process whose field is set")
	}
	return o.runsSetValueOptions.check()
}

func guestsSetValueRun(ctx context.Context, a *app, in input, o *guestsSetValueOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	guest := in.args[0]
	if err := uploadFieldFiles(ctx, c, o.fields, o.run, ""); err != nil {
		return err
	}
	for key, value := range o.fields {
		err = c.SetGuestFormFieldValue(ctx, guest, o.run, tallyfy.SetFormFieldValueRequest{ValueID: o.valueID, Field: key, Value: value})
	}
	if err != nil {
		return withHint(resource("guest", guest, err), "tallyfy runs fields %s", o.run)
	}
	fields, err := c.GetRunFormFields(ctx, o.run)
	if err != nil {
		return resource("run", o.run, err)
	}
	return printObject(a, in, fields, printRunFormFields)
}
