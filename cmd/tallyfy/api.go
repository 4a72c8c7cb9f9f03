package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
)

// tallyfy api: any request, through tallyfy.Client.Do, so it gets what every typed command gets:
// the token and mandatory headers, retries (a write only when provably not received), typed
// errors and their exit codes, the dry-run transport for --dry-run, and a write whose answer never
// came is exit 7, never repeated. Tallyfy's own CLI has an api command; MCP users asked for one
// (tallyfy/mcp-public#171, #651).

type apiOptions struct {
	input string
}

func apiFlags(fs *flag.FlagSet, o *apiOptions) {
	fs.StringVar(&o.input, "input", "", "send the JSON in this `file` as the body, - for standard input")
}

// apiStdin is standard input for --input -; tests replace it.
var apiStdin io.Reader = os.Stdin

func apiRun(ctx context.Context, a *app, in input, o *apiOptions) error {
	method := strings.ToUpper(in.args[0])
	rawPath, rawQuery, _ := strings.Cut(in.args[1], "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return usageErr("the query of %s: %v", in.args[1], err)
	}
	var body any
	if o.input != "" {
		data, err := readInput(o.input)
		if err != nil {
			return err
		}
		// Checked here, so that bad JSON is a usage error naming the file, not a 422.
		if !json.Valid(data) {
			return usageErr("--input %s is not JSON", o.input)
		}
		body = json.RawMessage(data)
	}
	// A path without a leading / is the organization's (runs/ID is /organizations/ORG/runs/ID);
	// /me and the other paths outside it are given whole, and need no organization.
	relative := !strings.HasPrefix(rawPath, "/")
	c, done, err := a.connect(ctx, relative)
	defer done()
	if err != nil {
		return err
	}
	path := rawPath
	if relative {
		path = c.OrganizationPath() + "/" + rawPath
	}
	var out json.RawMessage
	if err := c.Do(ctx, method, path, query, body, &out); err != nil {
		if method != "GET" && method != "HEAD" {
			return withHint(err, "tallyfy api GET %s", rawPath)
		}
		return err
	}
	if len(out) == 0 {
		return nil
	}
	var b bytes.Buffer
	if err := json.Indent(&b, out, "", "  "); err != nil {
		b.Reset()
		b.Write(out)
	}
	b.WriteByte('\n')
	_, err = a.stdout.Write(b.Bytes())
	return err
}

// readInput reads --input: a file, or standard input for -.
func readInput(name string) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(apiStdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, usageErr("--input: %v", err)
	}
	return data, nil
}
