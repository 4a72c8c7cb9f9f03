package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// files upload/get/download/view/delete: the documentation's files/ pages. An
// upload is the first of two steps; the second is a file field's value in
// runs launch or tasks update, which take --field KEY=@PATH to do both.

type filesUploadOptions struct {
	run, template, field, step string
}

func filesUploadFlags(fs *flag.FlagSet, o *filesUploadOptions) {
	fs.StringVar(&o.run, "run", "", "upload for a task's form field of this process `ID` (with --field-id)")
	fs.StringVar(&o.template, "template", "", "upload for a kick-off form field of this template `ID`")
	fs.StringVar(&o.field, "field-id", "", "the task's form field `ID` (its capture id) the file is for (with --run)")
	fs.StringVar(&o.step, "step", "", "the `ID` of the step the task's field belongs to (optional, with --run)")
}

func (o *filesUploadOptions) check() error {
	switch {
	case (o.run == "") == (o.template == ""):
		return errors.New("give exactly one of --run (a task's field, with --field-id) and --template (a kick-off field)")
	case o.run != "" && o.field == "":
		return errors.New("--run needs --field-id, the task's form field the file is for")
	case o.template != "" && (o.field != "" || o.step != ""):
		return errors.New("--field-id and --step are for --run; a kick-off upload needs only --template")
	}
	return nil
}

// uploadRequest is the upload of the file at path for a task's field of a
// process (run, field) or for a kick-off field of a template.
func uploadRequest(path string, f *os.File, run, field, template string) tallyfy.UploadFileRequest {
	req := tallyfy.UploadFileRequest{Filename: filepath.Base(path), Content: f}
	if st, err := f.Stat(); err == nil {
		req.Size = st.Size()
	}
	if template != "" {
		req.Subject, req.SubjectID, req.UploadedFrom = tallyfy.FileForTemplate, template, tallyfy.UploadedFromKickoff
	} else {
		req.Subject, req.SubjectID, req.UploadedFrom = tallyfy.FileForRun, run, field
	}
	return req
}

func filesUploadRun(ctx context.Context, a *app, in input, o *filesUploadOptions) error {
	f, err := os.Open(in.args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	req := uploadRequest(in.args[0], f, o.run, o.field, o.template)
	req.StepID = o.step
	asset, err := c.UploadFile(ctx, req)
	if err != nil {
		return err
	}
	return printObject(a, in, asset, printAsset)
}

func filesGetRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	asset, err := c.GetAsset(ctx, in.args[0])
	if err != nil {
		return resource("file", in.args[0], err)
	}
	return printObject(a, in, asset, printAsset)
}

type filesDownloadOptions struct {
	out      string
	maxBytes int64
}

func filesDownloadFlags(fs *flag.FlagSet, o *filesDownloadOptions) {
	fs.StringVar(&o.out, "out", "", "write the file to this `PATH` (- for standard output); required")
	fs.Int64Var(&o.maxBytes, "max-bytes", 0, "fail past this many `bytes` (0: just over the API's 100 MB upload limit)")
}

func (o *filesDownloadOptions) check() error {
	if o.out == "" {
		return errors.New("--out PATH is required (- for standard output)")
	}
	if o.maxBytes < 0 {
		return errors.New("--max-bytes must not be negative")
	}
	return nil
}

// filesDownloadRun writes to a temporary file beside --out and renames it
// once the whole file has arrived: a download that fails part way leaves
// no partial file behind.
func filesDownloadRun(ctx context.Context, a *app, in input, o *filesDownloadOptions) error {
	return copyFileTo(ctx, a, in, o, func(c *tallyfy.Client, w io.Writer, opts *tallyfy.DownloadFileOptions) (int64, string, error) {
		n, err := c.DownloadFile(ctx, in.args[0], w, opts)
		return n, "", err
	})
}

// filesViewRun is files download over the inline path (GetFile), which
// answers the file's own media type: it is named with the count.
func filesViewRun(ctx context.Context, a *app, in input, o *filesDownloadOptions) error {
	return copyFileTo(ctx, a, in, o, func(c *tallyfy.Client, w io.Writer, opts *tallyfy.DownloadFileOptions) (int64, string, error) {
		f, err := c.GetFile(ctx, in.args[0], w, opts)
		if err != nil {
			return 0, "", err
		}
		return f.Bytes, f.ContentType, nil
	})
}

// copyFileTo runs get, which copies the file to a writer and returns the
// count and the media type ("" when not known), into --out: standard
// output, or a temporary file beside --out renamed once the whole file has
// arrived, so a copy that fails part way leaves no partial file behind.
func copyFileTo(ctx context.Context, a *app, in input, o *filesDownloadOptions,
	get func(*tallyfy.Client, io.Writer, *tallyfy.DownloadFileOptions) (int64, string, error)) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	opts := &tallyfy.DownloadFileOptions{MaxBytes: o.maxBytes}
	if o.out == "-" {
		_, _, err := get(c, a.stdout, opts)
		return resource("file", in.args[0], err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.out), "."+filepath.Base(o.out)+".part-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	n, typ, err := get(c, tmp, opts)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return resource("file", in.args[0], err)
	}
	if err := os.Rename(tmp.Name(), o.out); err != nil {
		return err
	}
	if typ != "" {
		_, err = fmt.Fprintf(a.stderr, "%d bytes (%s) written to %s\n", n, typ, o.out)
		return err
	}
	_, err = fmt.Fprintf(a.stderr, "%d bytes written to %s\n", n, o.out)
	return err
}

func filesDeleteRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "file", func(c *tallyfy.Client, id string) error { return c.DeleteFile(ctx, id) })
}

func printAsset(w io.Writer, f *tallyfy.Asset) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", f.ID)
	str := func(label string, p *string) {
		if p != nil && *p != "" {
			field(tw, label, *p)
		}
	}
	str("Filename", f.Filename)
	str("Uploaded from", f.UploadedFrom)
	str("Uploaded at", f.UploadedAt)
	if f.Subject != nil && f.Subject.ID != nil {
		kind := ""
		if f.Subject.Type != nil {
			kind = *f.Subject.Type + " "
		}
		field(tw, "Subject", kind+*f.Subject.ID)
	}
	return tw.Flush()
}

// fileAt is a --field value @PATH: a local file to upload into a file field.
type fileAt struct{ path string }

// uploadFieldFiles uploads every @PATH value of fields, in key order, and
// replaces it with the uploaded file (tallyfy.FileOf), the second of the
// documentation's two steps then being the write itself. A kick-off field
// (template != "") is uploaded for the template; a task's for the process
// run, from the field KEY names (its id: the upload's uploaded_from is the
// field's capture id). An upload that fails stops before the write.
func uploadFieldFiles(ctx context.Context, c *tallyfy.Client, fields fieldValues, run, template string) error {
	keys := make([]string, 0, len(fields))
	for k, v := range fields {
		if _, ok := v.(fileAt); ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		path := fields[k].(fileAt).path
		if template == "" && run == "" {
			return usageErr("--field %s=@%s: uploading into a task's field needs --run, the task's process", k, path)
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("--field %s: %w", k, err)
		}
		asset, err := c.UploadFile(ctx, uploadRequest(path, f, run, k, template))
		f.Close()
		if err != nil {
			return fmt.Errorf("--field %s: uploading %s: %w", k, path, err)
		}
		fields[k] = tallyfy.FileOf(asset)
	}
	return nil
}
