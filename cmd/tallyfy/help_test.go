package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// connectionFlags are the global flags of the commands that call the API.
var connectionFlags = []string{"token", "org", "base-url", "timeout", "retries", "debug", "mock", "allow-insecure-http"}

// listsFlag reports whether text names the flag, as -name or --name.
func listsFlag(text, name string) bool {
	return regexp.MustCompile(`(?m)(^|[\s,\[])--?` + regexp.QuoteMeta(name) + `\b`).MatchString(text)
}

func TestHelp_CommandListsOnlyTheFlagsThatApplyToIt(t *testing.T) {
	cases := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"mock", "--help"}, []string{"addr", "fail"}, append([]string{"output", "with"}, connectionFlags...)},
		{[]string{"version", "--help"}, nil, append([]string{"output", "addr", "fail"}, connectionFlags...)},
		{[]string{"runs", "get", "--help"}, append([]string{"with", "form-fields-values", "output"}, connectionFlags...), []string{"status", "addr", "fail", "all"}},
		{[]string{"runs", "list", "--help"}, append([]string{"status", "q", "checklist", "tag", "owners", "sort", "with", "per-page", "limit", "all", "output"}, connectionFlags...), []string{"addr", "form-fields-values"}},
		{[]string{"runs", "tasks", "--help"}, []string{"status", "sort", "with", "per-page", "limit", "all", "output"}, []string{"q", "owners", "addr"}},
		{[]string{"tasks", "get", "--help"}, []string{"with", "output"}, []string{"form-fields-values", "status", "addr"}},
		{[]string{"templates", "get", "--help"}, []string{"with", "output"}, []string{"form-fields-values", "status", "addr"}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := cli(t, nil, tc.args...)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, f := range tc.want {
				if !listsFlag(out, f) {
					t.Errorf("help lacks --%s:\n%s", f, out)
				}
			}
			for _, f := range tc.not {
				if listsFlag(out, f) {
					t.Errorf("help lists --%s, which does not apply:\n%s", f, out)
				}
			}
		})
	}
}

func TestUsage_LineNamesEveryFlagOfTheCommand(t *testing.T) {
	// A wrong number of arguments prints the usage line; it names each flag
	// the command's own help lists.
	cases := []struct {
		args  []string // one argument too few or too many
		flags []string
	}{
		{[]string{"runs", "get"}, []string{"with", "form-fields-values", "o"}},
		{[]string{"runs", "list", "extra"}, []string{"status", "q", "checklist", "tag", "owners", "sort", "with", "per-page", "limit", "all", "o"}},
		{[]string{"runs", "tasks"}, []string{"status", "sort", "with", "per-page", "limit", "all", "o"}},
		{[]string{"tasks", "get"}, []string{"with", "o"}},
		{[]string{"templates", "get"}, []string{"with", "o"}},
		{[]string{"mock", "extra"}, []string{"addr", "fail"}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errOut, code := cli(t, nil, tc.args...)
			if code != exitUsage || !strings.Contains(errOut, "usage: tallyfy "+tc.args[0]) {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, f := range tc.flags {
				if !listsFlag(errOut, f) {
					t.Errorf("usage line lacks -%s: %q", f, errOut)
				}
			}
		})
	}
}

func TestMock_RefusesFlagsThatDoNotApplyToIt(t *testing.T) {
	// The context is already cancelled: a mock that accepted the flag would
	// start and stop at once, with exit 0.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, args := range [][]string{
		{"--token", "t", "mock", "--addr", "127.0.0.1:0"},
		{"mock", "--addr", "127.0.0.1:0", "--timeout", "1s"},
		{"--mock", "mock", "--addr", "127.0.0.1:0"},
		{"version", "--debug"},
	} {
		var out, errOut strings.Builder
		code := run(ctx, args, func(string) string { return "" }, &out, &errOut)
		if code != exitUsage || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

var update = flag.Bool("update", false, "rewrite README.md's CLI reference block from the command table")

// readmePath is the README whose "CLI reference" section holds the block.
const readmePath = "../../README.md"

func TestREADME_CLIReference(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	start, end, err := referenceBlock(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	got, want := string(readme[start:end]), reference()
	if got == want {
		return
	}
	if *update {
		out := string(readme[:start]) + want + string(readme[end:])
		if err := os.WriteFile(readmePath, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the CLI reference block of %s", readmePath)
		return
	}
	t.Errorf("README.md's CLI reference block is not what the command table generates (%s); "+
		"run: go test ./cmd/tallyfy -run TestREADME -update", firstDifference(got, want))
}

// referenceBlock finds the contents of the first fenced block between the
// "## CLI reference" heading and the next "## " heading.
func referenceBlock(readme string) (start, end int, err error) {
	const heading = "\n## CLI reference\n"
	h := strings.Index(readme, heading)
	if h < 0 {
		return 0, 0, errors.New(`README.md has no "## CLI reference" section`)
	}
	section := readme[h+len(heading):]
	if next := strings.Index(section, "\n## "); next >= 0 {
		section = section[:next+1]
	}
	open := strings.Index(section, "```")
	if open < 0 {
		return 0, 0, errors.New("README.md's CLI reference section has no fenced block")
	}
	body := strings.IndexByte(section[open:], '\n') + open + 1
	closing := strings.Index(section[body:], "\n```")
	if closing < 0 {
		return 0, 0, errors.New("README.md's CLI reference block is not closed")
	}
	offset := h + len(heading)
	return offset + body, offset + body + closing + 1, nil
}

// firstDifference names the first line where got and want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d of the block is %q, the table makes it %q", i+1, gl, wl)
		}
	}
	return "they differ"
}

func TestREADME_ReferenceHasEveryCommand(t *testing.T) {
	ref := reference()
	for _, c := range commands {
		for _, want := range []string{"$ tallyfy " + c.name + " --help", "Usage: tallyfy " + c.name, c.summary[1:]} {
			if !strings.Contains(ref, want) {
				t.Errorf("reference lacks %q", want)
			}
		}
	}
}

// TestUsage_EveryFlagShowsItsValue: a flag that takes a value shows its
// placeholder in the synopsis ("[-o FILE]" for a command writing a file,
// "[-o table|json|…]" for a list), never an empty one.
func TestUsage_EveryFlagShowsItsValue(t *testing.T) {
	for _, c := range commands {
		for _, p := range c.usageParts()[1:] {
			if strings.HasSuffix(p, " ]") || strings.HasSuffix(p, " |]") {
				t.Errorf("%s: usage shows %q", c.name, p)
			}
		}
	}
}
