package main

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// parse parses a command line as the CLI does, running nothing.
func parse(args ...string) (*app, *invocation, error) {
	a := newApp(func(string) string { return "" }, io.Discard, io.Discard)
	inv, err := a.parse(args)
	return a, inv, err
}

func TestParse_FlagsFillTheCommandsOptions(t *testing.T) {
	id := tallyfytest.SampleRunID
	cases := []struct {
		args   []string
		opts   any
		in     input
		global func(a *app) bool // the global flags parsed, where the case sets some
	}{
		{[]string{"--timeout", "5s", "runs", "get", id, "--with", "tasks, tags", "--form-fields-values"},
			&runsGetOptions{with: []tallyfy.RunInclude{"tasks", "tags"}, formFieldsValues: true},
			input{args: []string{id}, format: "table"}, func(a *app) bool { return a.timeout == 5*time.Second }},
		{[]string{"runs", "list", "--status", "active", "-q", "globex", "--owners", "1, 2", "--limit", "5", "--mock", "-o", "jsonl"},
			&runsListOptions{ListRunsOptions: tallyfy.ListRunsOptions{Status: "active", Query: "globex", Owners: []int{1, 2}, PerPage: 5},
				pagingOptions: pagingOptions{perPage: 5, limit: 5}}, // --limit alone fetches no more than it needs
			input{format: "jsonl"}, func(a *app) bool { return a.mock }},
		{[]string{"runs", "tasks", id, "--all", "--per-page", "50", "--sort", "-deadline", "--output", "json"},
			&runsTasksOptions{ListRunTasksOptions: tallyfy.ListRunTasksOptions{Sort: "-deadline", PerPage: 50},
				pagingOptions: pagingOptions{perPage: 50, all: true}},
			input{args: []string{id}, format: "json"}, nil},
		{[]string{"tasks", "get", "--with", "step", "--", "-dash-id"},
			&tasksGetOptions{with: []tallyfy.TaskInclude{"step"}}, input{args: []string{"-dash-id"}, format: "table"}, nil},
		{[]string{"templates", "get", id},
			&templatesGetOptions{}, input{args: []string{id}, format: "table"}, nil},
		{[]string{"mock", "--addr", "127.0.0.1:0", "--fail", "get /organizations/*/runs/*=429:2", "--fail", "GET /organizations/*/checklists/*=503:1:0"},
			&mockOptions{addr: "127.0.0.1:0", fails: failRules{
				{method: "GET", path: "/organizations/*/runs/*", count: 2, failure: tallyfytest.Failure{Status: 429, RetryAfter: "1"}},
				{method: "GET", path: "/organizations/*/checklists/*", count: 1, failure: tallyfytest.Failure{Status: 503, RetryAfter: "0"}},
			}}, input{}, nil},
		{[]string{"version"}, &noOptions{}, input{}, nil},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			a, inv, err := parse(tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(inv.opts, tc.opts) {
				t.Errorf("options = %+v, want %+v", inv.opts, tc.opts)
			}
			if !reflect.DeepEqual(inv.in, tc.in) {
				t.Errorf("input = %+v, want %+v", inv.in, tc.in)
			}
			if tc.global != nil && !tc.global(a) {
				t.Errorf("global flags not parsed: %+v", a)
			}
		})
	}
}

func TestParse_RefusesBadCommandLines(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"runs", "get"}, "usage: tallyfy runs get RUN_ID [--form-fields-values] [--with LIST] [-o table|json]"},
		{[]string{"runs", "get", "a", "b"}, "usage: tallyfy runs get"},
		{[]string{"runs", "list", "-o", "yaml"}, "want one of table, json, jsonl"},
		{[]string{"runs", "get", "x", "-o", "jsonl"}, "want one of table, json"},
		{[]string{"version", "-o", "json"}, "not defined: -o"},
		{[]string{"runs", "list", "--all", "--limit", "2"}, "--all and --limit"},
		{[]string{"runs", "list", "--owners", "1,bob"}, `"bob" is not a user id`},
		{[]string{"--timeout", "-1s", "runs", "list"}, "negative"},
		{[]string{"--org", "o", "mock"}, "--org does not apply to tallyfy mock"},
		{[]string{"runs", "destroy"}, `unknown command "runs destroy"`},
	}
	for _, tc := range cases {
		if _, _, err := parse(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestParse_HelpNeedsNoArguments(t *testing.T) {
	for _, c := range commands {
		a, inv, err := parse(append(strings.Fields(c.name), "--help")...)
		if err != nil || inv == nil || inv.cmd != c || !a.help {
			t.Errorf("%s --help: %v, %+v", c.name, err, inv)
		}
	}
	if _, inv, err := parse("--help", "no", "such", "command"); err != nil || inv != nil {
		t.Errorf("--help before an unknown command: %v, %+v (want the overview)", err, inv)
	}
}

func TestCommands_EveryFlagNamesItsValue(t *testing.T) {
	// Help shows `--status STATUS`, not `--status string`: a flag's usage
	// names its value in backquotes, as flag.UnquoteUsage reads it.
	sets := []*flag.FlagSet{connectionFlagSet()}
	for _, c := range commands {
		sets = append(sets, ownFlagSet(c))
	}
	for _, fs := range sets {
		fs.VisitAll(func(f *flag.Flag) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				return
			}
			if strings.Count(f.Usage, "`") != 2 {
				t.Errorf("%s --%s: usage %q names no value in backquotes", fs.Name(), f.Name, f.Usage)
			}
		})
	}
}
