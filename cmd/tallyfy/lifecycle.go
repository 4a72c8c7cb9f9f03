package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// The end of a process's or a one-off task's life: runs delete and export,
// tasks archive, restore, delete and clone.

// permanentOptions is --yes on a command that deletes for good. Without it
// the command asks on a terminal and refuses anywhere else, so a script never
// deletes by accident and a person is asked once.
type permanentOptions struct{ yes bool }

func permanentFlags(fs *flag.FlagSet, o *permanentOptions) {
	fs.BoolVar(&o.yes, "yes", false, "confirm: this deletes for good and cannot be undone (without it the CLI asks on a terminal)")
}

// confirmInput is where the confirmation of a permanent delete is read, and
// whether a person is there to type it: standard input when it is a
// terminal. Tests replace it.
var confirmInput = func() (io.Reader, bool) { return os.Stdin, isTerminal(os.Stdin) }

// confirmPermanent lets a permanent delete of what go ahead: with --yes, on
// a dry run (which sends nothing), or when a person at the terminal types
// "yes". Anything else is a usage error that names undo, the alternative
// that can be undone.
func confirmPermanent(a *app, o *permanentOptions, what, undo string) error {
	if o.yes || a.dryRun {
		return nil
	}
	in, person := confirmInput()
	if !person {
		return usageErr("this deletes %s for good and cannot be undone: add --yes to confirm (%s)", what, undo)
	}
	fmt.Fprintf(a.stderr, "Delete %s for good? This cannot be undone. Type yes to confirm: ", what)
	line, err := bufio.NewReader(in).ReadString('\n')
	fmt.Fprintln(a.stderr)
	if !strings.EqualFold(strings.TrimSpace(line), "yes") {
		if err != nil && line == "" { // nobody answered (end of input)
			return usageErr("not confirmed, nothing was deleted: add --yes to confirm")
		}
		return usageErr("not confirmed: nothing was deleted")
	}
	return nil
}

func runsDeleteRun(ctx context.Context, a *app, in input, o *permanentOptions) error {
	if err := confirmPermanent(a, o, "process "+in.args[0]+" with its tasks, comments and files",
		"runs archive hides a process and can be undone"); err != nil {
		return err
	}
	return done(ctx, a, in, "run", func(c *tallyfy.Client, id string) error { return c.DeleteRunPermanently(ctx, id) })
}

type runsExportOptions struct{ file string }

func runsExportFlags(fs *flag.FlagSet, o *runsExportOptions) {
	fs.StringVar(&o.file, "o", "", "write to this `file` instead of standard output")
	fs.StringVar(&o.file, "output", "", "the same as -o: the `file` to write")
}

// runsExportRun writes the export as the API sent it, indented: no source
// documents its shape, so nothing is taken out or added. The file is the
// caller's only (0600): an export holds the process's form values.
func runsExportRun(ctx context.Context, a *app, in input, o *runsExportOptions) error {
	c, finish, err := a.client(ctx)
	defer finish()
	if err != nil {
		return err
	}
	raw, err := c.ExportRun(ctx, in.args[0])
	if err != nil {
		return resource("run", in.args[0], err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return err // ExportRun returns JSON only
	}
	b.WriteByte('\n')
	if o.file == "" || o.file == "-" {
		_, err = a.stdout.Write(b.Bytes())
		return err
	}
	return os.WriteFile(o.file, b.Bytes(), 0o600)
}

func tasksArchiveRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "task", func(c *tallyfy.Client, id string) error { return c.ArchiveTask(ctx, id) })
}

func tasksRestoreRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "task", func(c *tallyfy.Client, id string) error { return c.RestoreTask(ctx, id) })
}

func tasksDeleteRun(ctx context.Context, a *app, in input, o *permanentOptions) error {
	if err := confirmPermanent(a, o, "task "+in.args[0]+" with its form fields and values",
		"tasks archive hides a one-off task and can be undone"); err != nil {
		return err
	}
	return done(ctx, a, in, "task", func(c *tallyfy.Client, id string) error { return c.DeleteTaskPermanently(ctx, id) })
}

func tasksCloneRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return show(ctx, a, in, "task", printTask, func(c *tallyfy.Client, id string) (*tallyfy.Task, error) {
		return c.CloneTask(ctx, id)
	})
}
